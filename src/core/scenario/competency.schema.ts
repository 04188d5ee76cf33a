import { z } from 'zod';
import { Id, Text } from './common.schema.ts';

/** `scenarios/competencies.yaml`: the competencies rubrics refer to. */
export const Competency = z
  .object({
    id: Id,
    label: Text,
    description: Text,
  })
  .strict();

export const CompetencyFile = z
  .object({
    schemaVersion: z.literal(1),
    competencies: z.array(Competency).min(1),
  })
  .strict();

export type Competency = z.infer<typeof Competency>;
export type CompetencyFile = z.infer<typeof CompetencyFile>;
