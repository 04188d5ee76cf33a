import { catalogue } from './fr/catalogue.ts';
import { common } from './fr/common.ts';
import { debrief } from './fr/debrief.ts';
import { practice } from './fr/practice.ts';
import { profiles } from './fr/profiles.ts';
import { progress } from './fr/progress.ts';
import { settings } from './fr/settings.ts';

/** The French dictionary: the source of every UI string key, one file per area. */
export const fr = { ...common, ...profiles, ...catalogue, ...practice, ...debrief, ...progress, ...settings };

export type MessageKey = keyof typeof fr;
