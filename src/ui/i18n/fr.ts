import { catalogue } from './fr/catalogue.ts';
import { common } from './fr/common.ts';
import { debrief } from './fr/debrief.ts';
import { exchange } from './fr/exchange.ts';
import { practice } from './fr/practice.ts';
import { profiles } from './fr/profiles.ts';
import { progress } from './fr/progress.ts';
import { settings } from './fr/settings.ts';
import type { atelier } from './fr/atelier.ts';
import type { atelierForms } from './fr/atelier-forms.ts';
import type { atelierPanels } from './fr/atelier-panels.ts';
import type { lrs } from './fr/lrs.ts';
import type { revue } from './fr/revue.ts';

/**
 * The French dictionary of the areas every visitor may need (loaded with the first screen): the
 * source of their string keys, one file per area. The Atelier's areas are dictionaries of their
 * own, added when the Atelier loads (see `atelier-messages.ts`), so juniors on a phone never
 * download them.
 */
export const fr = { ...common, ...profiles, ...catalogue, ...practice, ...debrief, ...progress, ...exchange, ...settings };

/** Keys of the dictionaries loaded with the first screen. */
export type CoreMessageKey = keyof typeof fr;
/** Keys of the Atelier's dictionaries (loaded with its screens). */
export type AtelierMessageKey = keyof typeof atelier | keyof typeof atelierPanels | keyof typeof atelierForms;
/** Keys of the Revue's dictionaries (loaded with its screens and the trainer's LRS settings). */
export type RevueMessageKey = keyof typeof revue | keyof typeof lrs;
export type MessageKey = CoreMessageKey | AtelierMessageKey | RevueMessageKey;
