import type { practice as fr } from '../fr/practice.ts';

export const practice = {} satisfies Record<keyof typeof fr, string>;
