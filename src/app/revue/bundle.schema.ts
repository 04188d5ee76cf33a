import { z } from 'zod';
import { Id } from '../../core/scenario/common.schema.ts';
import type { BundleScenarioRecord } from '../../db/db.ts';
import { ExportedAttempt, ExportedEntry } from '../profile-export.schema.ts';

/**
 * The attempt bundle file, version 1 (junior → trainer): format constants, the zod schema (single
 * source of truth) and its inferred type, together. Attempts and their trace entries have exactly
 * the shape of a profile export's (the same schemas); each scenario version they were played on
 * travels as its YAML source, so the trainer can replay them. Reading and writing bundles is
 * `bundle.ts`'s job. A version 2 would add its schema beside this one and a migration from 1.
 */

export const BUNDLE_FORMAT = 'palier-bundle';
export const BUNDLE_VERSION = 1;
/** At most this many attempts in one bundle (a junior's whole year fits many times over). */
export const BUNDLE_MAX_ATTEMPTS = 2_000;
/** At most this many scenario versions in one bundle (each is compiled on import). */
export const BUNDLE_MAX_SCENARIOS = 200;

const NonEmpty = z.string().min(1);
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** The YAML source of one scenario version, as it was played. */
export const BundleScenario = z.strictObject({
  id: Id,
  version: z.int().min(1),
  /** The compiled scenario's hash: what the attempts claim to have been played against. */
  hash: Hash,
  /** The YAML source, comments included. */
  source: z.string().min(1),
});
export type BundleScenario = z.infer<typeof BundleScenario>;

export const Bundle = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  bundleVersion: z.literal(BUNDLE_VERSION),
  /** ISO 8601, e.g. `2026-11-29T10:00:00.000Z`. */
  createdAt: z.iso.datetime({ offset: true }),
  /** The junior's database version when the bundle was made. */
  dbVersion: z.int().min(1),
  junior: z.strictObject({ id: NonEmpty, name: z.string().trim().min(1).max(200) }),
  attempts: z.array(ExportedAttempt).max(BUNDLE_MAX_ATTEMPTS),
  entries: z.array(ExportedEntry),
  scenarios: z.array(BundleScenario).max(BUNDLE_MAX_SCENARIOS),
  /** `sha256:` + the hex SHA-256 of the canonical JSON of every other field (`checksum.ts`). */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Bundle = z.infer<typeof Bundle>;

// A bundle scenario is stored as it travels: the schema and the table's record cannot drift apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _scenarioMatches: Same<BundleScenario, BundleScenarioRecord> = true;
