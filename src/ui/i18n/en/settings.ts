import type { settings as fr } from '../fr/settings.ts';

export const settings = {} satisfies Record<keyof typeof fr, string>;
