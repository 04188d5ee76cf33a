/** Strings of the profiles screens (French, the source of the keys). */
export const profiles = {} as const;
