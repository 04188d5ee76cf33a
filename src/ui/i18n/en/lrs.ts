import type { lrs as fr } from '../fr/lrs.ts';

export const lrs = {
  'lrs.title': 'Learning Record Store (LRS)',
} satisfies Record<keyof typeof fr, string>;
