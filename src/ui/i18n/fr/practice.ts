/** Strings of the practice screens (French, the source of the keys). */
export const practice = {} as const;
