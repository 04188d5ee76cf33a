/** French dictionary: the source of every UI string key. */
export const fr = {
  'app.name': 'Palier',
  'app.tagline': 'S’entraîner aux conversations avec les locataires',
  'app.intro':
    'Choisissez une situation, répondez au locataire, puis lisez le bilan : vos réponses sont évaluées par les grilles des seniors. Tout reste sur cet appareil.',
  'catalogue.title': 'Situations disponibles',
  'catalogue.count': '{n} scénario(s)',
  'catalogue.level': 'Niveau {n}',
  'catalogue.minutes': '{n} min',
  'catalogue.empty': 'Aucun scénario n’est installé.',
  'catalogue.author': 'Écrit par {name}, {role}',
  'channel.telephone': 'Téléphone',
  'channel.loge': 'Loge',
  'channel.visite-a-domicile': 'Visite à domicile',
  'channel.accueil-agence': 'Accueil agence',
  'lang.switch': 'English',
  'lang.label': 'Langue',
} as const;

export type MessageKey = keyof typeof fr;
