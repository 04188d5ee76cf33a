import { z } from 'zod';

/**
 * Building blocks shared by the scenario, act-library and competency schemas.
 * Descriptions are French: they show up in the senior's editor (hover help).
 */

/** A kebab-case identifier: `accueil`, `demande-origine-fuite`. */
export const Id = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case')
  .meta({ description: 'Identifiant en minuscules, chiffres et tirets (ex. « demande-origine »).' });

/** Non-empty text (leading/trailing blanks are not meaningful). */
export const Text = z.string().trim().min(1);

/** A calendar date written `AAAA-MM-JJ`. */
export const IsoDate = z.iso.date().meta({ description: 'Date au format AAAA-MM-JJ.' });

/** One id or a list of ids; the list means « any of these ». */
export const IdOrIds = z.union([Id, z.array(Id).min(1)]);

export const Polarity = z
  .enum(['good', 'neutral', 'bad'])
  .meta({ description: 'good : geste attendu ; neutral : sans effet ; bad : erreur de junior.' });

export const Outcome = z
  .enum(['success', 'partial', 'failure', 'escalation'])
  .meta({ description: 'Issue de la conversation : réussite, partielle, échec, escalade (le locataire raccroche ou part).' });

export const Channel = z
  .enum(['telephone', 'loge', 'visite-a-domicile', 'accueil-agence'])
  .meta({ description: 'Canal : téléphone, loge du gardien, visite à domicile, accueil en agence.' });

export const Level = z.int().min(1).max(3).meta({ description: 'Niveau 1 (débutant) à 3 (confirmé).' });

export { ids } from './guards.ts';

export type Polarity = z.infer<typeof Polarity>;
export type Outcome = z.infer<typeof Outcome>;
export type Channel = z.infer<typeof Channel>;
