import type { profiles as fr } from '../fr/profiles.ts';

export const profiles = {} satisfies Record<keyof typeof fr, string>;
