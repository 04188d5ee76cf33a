import type { debrief as fr } from '../fr/debrief.ts';

export const debrief = {} satisfies Record<keyof typeof fr, string>;
