/** Strings of the settings screens (French, the source of the keys). */
export const settings = {
  'settings.title': 'Réglages',

  'settings.language.title': 'Langue',
  'settings.language.help': 'Retenue sur cet appareil.',
  'settings.language.fr': 'Français',
  'settings.language.en': 'English',
  'settings.language.error': 'La langue a changé mais n’a pas pu être retenue sur cet appareil ({message}).',

  'settings.data.title': 'Vos données',
  'settings.data.intro':
    'Vos données restent sur cet appareil. Pour les emporter sur un autre appareil ou les confier à un formateur, exportez-les dans un fichier.',

  'settings.export.title': 'Exporter',
  'settings.export.help':
    'Le profil « {name} », ses tentatives et leur déroulé, dans un fichier JSON. Les secrets (clés d’API) ne sont jamais exportés.',
  'settings.export.action': 'Exporter mes données',
  'settings.export.done': 'Fichier « {file} » prêt : {attempts} tentative(s). Retrouvez-le dans vos téléchargements.',
  'settings.export.error': 'L’export a échoué ({message}).',

  'settings.import.title': 'Importer',
  'settings.import.help':
    'Un fichier exporté par Palier, de {max} au plus. Rien n’est enregistré tant que tout le fichier n’a pas été vérifié.',
  'settings.import.file': 'Fichier à importer',
  'settings.import.checking': 'Vérification du fichier…',
  'settings.import.refused': 'Le fichier « {file} » n’a pas été importé ; rien n’a été modifié sur cet appareil. Problème(s) trouvé(s) :',
  'settings.import.more': '… et {n} autre(s) problème(s).',
  'settings.import.ready': 'Fichier valide : profil « {name} » ({role}), {attempts} tentative(s), exporté le {date}.',
  'settings.import.replaces': 'Ce profil existe déjà sur cet appareil : il sera mis à jour, et ses tentatives fusionnées.',
  'settings.import.action': 'Importer ces données',
  'settings.import.cancel': 'Ne pas importer',
  'settings.import.done':
    'Import terminé : profil « {name} » {status}. Tentatives : {added} ajoutée(s), {updated} mise(s) à jour, {kept} gardée(s) telles quelles (plus récentes sur cet appareil).',
  'settings.import.status.added': 'ajouté',
  'settings.import.status.updated': 'mis à jour',
  'settings.import.renamed': 'Un autre profil de cet appareil s’appelait déjà « {from} » : le profil importé s’appelle « {name} ».',
  'settings.import.error': 'L’import a échoué et rien n’a été modifié ({message}).',
  'settings.import.problem': '{where} : {message}',
  'settings.import.at.file': 'fichier',
  'settings.import.at.line': 'ligne {line}, colonne {column}',
  'settings.import.at.profile': 'profil',
  'settings.import.at.attempt': 'tentative {n}',
  'settings.import.at.entry': 'entrée {n}',
  'settings.import.at.setting': 'réglage {n}',
  'settings.import.type.string': 'du texte',
  'settings.import.type.number': 'un nombre',
  'settings.import.type.int': 'un nombre entier',
  'settings.import.type.boolean': 'vrai ou faux',
  'settings.import.type.array': 'une liste',
  'settings.import.type.object': 'un objet',
  'settings.import.type.other': 'une valeur de type {type}',
  'settings.import.code.too-large': 'fichier trop volumineux ({size}) : {max} au plus',
  'settings.import.code.empty-file': 'le fichier est vide',
  'settings.import.code.not-json': 'ce n’est pas un fichier JSON lisible (fichier abîmé, incomplet ou d’un autre type)',
  'settings.import.code.wrong-format': 'ce n’est pas un export de profil Palier',
  'settings.import.code.unsupported-version': 'version de format « {found} » inconnue : cette version de Palier lit la version {supported}',
  'settings.import.code.newer-database':
    'fichier créé par une version plus récente de Palier (données en version {found}, celle-ci lit jusqu’à la version {supported}) : mettez Palier à jour',
  'settings.import.code.checksum-mismatch':
    'la somme de contrôle ne correspond pas : le fichier a été modifié ou abîmé depuis l’export',
  'settings.import.code.missing-field': 'champ “{field}” manquant',
  'settings.import.code.unknown-field': 'champ “{field}” inconnu',
  'settings.import.code.wrong-type': 'champ “{field}” : {expected} attendu',
  'settings.import.code.invalid-value': 'champ “{field}” : valeur non valide',
  'settings.import.code.invalid-value-allowed': 'champ “{field}” : valeur non valide (valeurs possibles : {allowed})',
  'settings.import.code.duplicate-attempt': 'la tentative « {id} » apparaît deux fois',
  'settings.import.code.foreign-attempt': 'cette tentative appartient à un autre profil ({id})',
  'settings.import.code.duplicate-entry': 'l’entrée d’index {index} apparaît deux fois',
  'settings.import.code.unknown-attempt': 'elle renvoie à une tentative absente du fichier ({id})',
  'settings.import.code.entry-count-mismatch': '{expected} entrée(s) annoncée(s), {found} trouvée(s)',
  'settings.import.code.foreign-setting': 'le réglage « {key} » n’appartient pas à ce profil',
  'settings.import.code.secret-setting': 'le réglage « {key} » est un secret : un export n’en contient jamais',
  'settings.import.code.attempt-of-other-profile': 'la tentative « {id} » appartient à un autre profil de cet appareil',

  'settings.erase.title': 'Effacer',
  'settings.erase.profile.help':
    'Efface de cet appareil le profil « {name} », ses tentatives et ses réglages. Exportez-les d’abord si vous voulez les garder.',
  'settings.erase.profile.action': 'Effacer les données de ce profil',
  'settings.erase.profile.confirmTitle': 'Effacer le profil « {name} » ?',
  'settings.erase.profile.confirmMessage':
    'Le profil, ses {attempts} tentative(s) et ses réglages seront effacés de cet appareil. C’est définitif.',
  'settings.erase.profile.confirm': 'Effacer ce profil',
  'settings.erase.all.help': 'Efface de cet appareil tous les profils et toutes les données de Palier, pour tout le monde.',
  'settings.erase.all.action': 'Tout effacer sur cet appareil',
  'settings.erase.all.confirmTitle': 'Tout effacer sur cet appareil ?',
  'settings.erase.all.confirmMessage':
    'Tous les profils, toutes les tentatives et tous les réglages de Palier seront effacés de cet appareil, pour tout le monde. C’est définitif.',
  'settings.erase.all.word': 'EFFACER',
  'settings.erase.all.typeLabel': 'Pour confirmer, tapez {word}',
  'settings.erase.all.confirm': 'Tout effacer',
  'settings.erase.error': 'L’effacement a échoué, rien n’a été effacé ({message}).',

  'settings.storage.title': 'Stockage sur cet appareil',
  'settings.storage.help':
    'Quand la place manque, le navigateur peut effacer les données d’un site. Un stockage persistant l’en empêche.',
  'settings.storage.persist': 'Demander un stockage persistant',
  'settings.storage.status.granted': 'Stockage persistant : accordé. Le navigateur n’effacera pas ces données de lui-même.',
  'settings.storage.status.denied':
    'Stockage persistant : non accordé. Le navigateur en décide seul ; il l’accorde plus volontiers à une application installée ou souvent utilisée.',
  'settings.storage.status.unsupported': 'Stockage persistant : non pris en charge par ce navigateur.',
  'settings.storage.usage': '{used} utilisés sur {quota} disponibles pour Palier.',
  'settings.storage.usageUnknown': 'Ce navigateur n’indique pas l’espace utilisé.',
} as const;
