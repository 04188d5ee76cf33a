/** Strings of the progress screens (French, the source of the keys). */
export const progress = {} as const;
