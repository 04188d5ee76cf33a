/** Strings of the profiles screens (French, the source of the keys). */
export const profiles = {
  'profiles.title': 'Bienvenue sur Palier',
  'profiles.welcome':
    'Palier sert à s’entraîner aux conversations avec les locataires. La machine joue le locataire, jamais l’agent : c’est vous qui répondez, puis un bilan vous montre ce qui a marché, d’après les grilles écrites par les seniors.',
  'profiles.privacy':
    'Pas de compte, pas de serveur : vos profils et vos entraînements restent sur cet appareil. Plusieurs personnes peuvent le partager, chacune avec son profil.',
  'profiles.choose.title': 'Choisir votre profil',
  'profiles.choose.help': 'Touchez votre nom pour reprendre là où vous en étiez.',
  'profiles.choose.current': 'profil actuel',
  'profiles.create.title': 'Créer un profil',
  'profiles.create.titleOther': 'Nouveau profil',
  'profiles.create.name': 'Votre nom ou prénom',
  'profiles.create.nameHelp': 'Tel qu’il s’affichera sur cet appareil, {max} caractères au plus.',
  'profiles.create.role': 'Votre rôle',
  'profiles.create.roleHelp.junior': 'je m’entraîne aux conversations',
  'profiles.create.roleHelp.senior': 'j’écris et je vérifie des scénarios',
  'profiles.create.roleHelp.formateur': 'je relis et j’évalue des entraînements',
  'profiles.create.submit': 'Créer le profil et commencer',
  'profiles.create.saving': 'Enregistrement…',
  'profiles.import.title': 'Vous avez déjà utilisé Palier sur un autre appareil ?',
  'profiles.import.help':
    'Importez votre fichier, exporté depuis les Réglages de l’autre appareil : vous retrouverez votre profil et vos entraînements, sans en créer un nouveau.',
  'profiles.error.label': 'Erreur :',
  'profiles.error.name-empty': 'indiquez un nom, le champ est vide.',
  'profiles.error.name-too-long': 'ce nom est trop long : {max} caractères au plus, il en compte {length}.',
  'profiles.error.name-taken': 'le profil « {name} » existe déjà sur cet appareil. Choisissez-le dans la liste, ou prenez un autre nom.',
  'profiles.error.save': 'le profil n’a pas pu être enregistré sur cet appareil ({message}).',
  'profiles.error.list': 'Les profils de cet appareil n’ont pas pu être lus ({message}).',
} as const;
