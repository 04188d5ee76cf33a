import type { MessageKey } from './fr.ts';

/** English dictionary: same keys as French (the type checker enforces it). */
export const en = {
  'app.name': 'Palier',
  'app.tagline': 'Practise conversations with tenants',
  'app.intro':
    'Pick a situation, answer the tenant, then read the debrief: your replies are scored against the seniors’ rubrics. Everything stays on this device.',
  'catalogue.title': 'Available situations',
  'catalogue.count': '{n} scenario(s)',
  'catalogue.level': 'Level {n}',
  'catalogue.minutes': '{n} min',
  'catalogue.empty': 'No scenario is installed.',
  'catalogue.author': 'Written by {name}, {role}',
  'channel.telephone': 'Phone',
  'channel.loge': 'Caretaker’s lodge',
  'channel.visite-a-domicile': 'Home visit',
  'channel.accueil-agence': 'Agency front desk',
  'lang.switch': 'Français',
  'lang.label': 'Language',
} satisfies Record<MessageKey, string>;
