import { z } from 'zod';
import { Id } from '../../core/scenario/common.schema.ts';

/**
 * The scenario pack file, version 1: format constants, the zod schema (single source of truth) and
 * its inferred type, together. A senior exports published scenarios as a pack; juniors import it.
 * Reading and writing packs is `packs.ts`'s job. A version 2 would add its schema beside this one
 * and a migration from 1, so packs already shared stay readable.
 */

export const PACK_FORMAT = 'palier-pack';
export const PACK_VERSION = 1;
/** At most this many scenarios in one pack (each is checked completely on import). */
export const PACK_MAX_SCENARIOS = 200;

const Name = z.string().trim().min(1).max(200);

export const PackScenario = z.strictObject({
  id: Id,
  version: z.int().min(1),
  /** The YAML source, comments included, as published. */
  source: z.string().min(1),
});
export type PackScenario = z.infer<typeof PackScenario>;

export const Pack = z.strictObject({
  format: z.literal(PACK_FORMAT),
  packVersion: z.literal(PACK_VERSION),
  author: z.strictObject({ name: Name, role: z.string().max(200) }),
  /** ISO 8601, e.g. `2026-11-29T10:00:00.000Z`. */
  createdAt: z.iso.datetime({ offset: true }),
  scenarios: z.array(PackScenario).max(PACK_MAX_SCENARIOS),
  /** `sha256:` + the hex SHA-256 of the canonical JSON of every other field. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
});
export type Pack = z.infer<typeof Pack>;
