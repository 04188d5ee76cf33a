/** Strings of the settings screens (French, the source of the keys). */
export const settings = {} as const;
