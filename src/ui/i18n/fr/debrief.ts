/** Strings of the debrief screens (French, the source of the keys). */
export const debrief = {} as const;
