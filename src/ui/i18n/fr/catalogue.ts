/** Strings of the catalogue screen (S'entraîner), French, the source of the keys. */
export const catalogue = {
  'catalogue.title': 'Situations disponibles',
  'catalogue.count': '{n} scénario(s)',
  'catalogue.empty': 'Aucun scénario n’est installé.',
  'catalogue.author': 'Écrit par {name}, {role}',
} as const;
