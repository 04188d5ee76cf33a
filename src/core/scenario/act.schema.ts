import { z } from 'zod';
import { Id, Polarity, Text } from './common.schema.ts';

/**
 * An act is a junior move that matters (greeting, reformulating, blaming…).
 * The shared library lives in `scenarios/acts.yaml`; a scenario may add its own acts or extra
 * example phrasings for shared ones.
 */
export const ActDefinition = z
  .object({
    id: Id,
    label: Text.meta({ description: 'Libellé court montré au junior et au formateur.' }),
    description: Text.meta({ description: 'Ce que recouvre cet acte, pour le senior et le formateur.' }),
    polarity: Polarity,
    examples: z
      .array(Text)
      .default([])
      .meta({ description: 'Formulations orales naturelles ; elles entraînent la compréhension en texte libre.' }),
  })
  .strict();

/** Extra example phrasings for a shared act, added by one scenario. */
export const ActExtension = z
  .object({
    extends: Id.meta({ description: 'Identifiant d’un acte de la bibliothèque partagée.' }),
    examples: z.array(Text).min(1),
  })
  .strict();

export const ScenarioAct = z.union([ActDefinition, ActExtension]);

export const ActLibraryFile = z
  .object({
    schemaVersion: z.literal(1),
    acts: z.array(ActDefinition).min(1),
  })
  .strict();

export type ActDefinition = z.infer<typeof ActDefinition>;
export type ActExtension = z.infer<typeof ActExtension>;
export type ScenarioAct = z.infer<typeof ScenarioAct>;
export type ActLibraryFile = z.infer<typeof ActLibraryFile>;

export { isActExtension } from './guards.ts';
