import { catalogue } from './en/catalogue.ts';
import { common } from './en/common.ts';
import { debrief } from './en/debrief.ts';
import { exchange } from './en/exchange.ts';
import { practice } from './en/practice.ts';
import { profiles } from './en/profiles.ts';
import { progress } from './en/progress.ts';
import { settings } from './en/settings.ts';
import type { CoreMessageKey } from './fr.ts';

/** The English dictionary: same keys as French (the type checker enforces it, area by area). */
export const en = { ...common, ...profiles, ...catalogue, ...practice, ...debrief, ...progress, ...exchange, ...settings } satisfies Record<CoreMessageKey, string>;
