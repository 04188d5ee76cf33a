import type { progress as fr } from '../fr/progress.ts';

export const progress = {} satisfies Record<keyof typeof fr, string>;
