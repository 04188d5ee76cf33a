import type { revue as fr } from '../fr/revue.ts';

export const revue = {
  'revue.title': 'Review',
} satisfies Record<keyof typeof fr, string>;
