import type { catalogue as fr } from '../fr/catalogue.ts';

export const catalogue = {
  'catalogue.title': 'Available situations',
  'catalogue.count': '{n} scenario(s)',
  'catalogue.empty': 'No scenario is installed.',
  'catalogue.author': 'Written by {name}, {role}',
} satisfies Record<keyof typeof fr, string>;
