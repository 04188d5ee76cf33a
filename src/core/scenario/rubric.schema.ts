import { z } from 'zod';
import { Id, IdOrIds, Outcome, Text } from './common.schema.ts';

/**
 * Rule predicates over an attempt's trace. Each is an object with a single key; `all`, `any` and
 * `not` combine them. `act` accepts one act id or a list meaning « any of these acts ».
 */
const ActWhere = z
  .object({
    act: IdOrIds,
    in: z.array(Id).min(1).optional().meta({ description: 'Seulement dans ces états.' }),
  })
  .strict();
const ActRef = z.union([IdOrIds, ActWhere]);

export type Predicate =
  | { happened: z.infer<typeof ActRef> }
  | { never: z.infer<typeof ActRef> }
  | { before: { first: string | string[]; then: string | string[] } }
  | { within: { act: string | string[]; turns: number } }
  | { countAtLeast: { act: string | string[]; count: number } }
  | { reached: string | string[] }
  | { released: string | string[] }
  | { outcomeIn: Array<z.infer<typeof Outcome>> }
  | { moodAtMost: { value: number; at: 'any' | 'end' } }
  | { hintsAtMost: number }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

export const Predicate: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    z
      .object({ happened: ActRef })
      .strict()
      .meta({ description: 'L’acte a eu lieu au moins une fois (éventuellement dans certains états).' }),
    z.object({ never: ActRef }).strict().meta({ description: 'L’acte n’a jamais eu lieu.' }),
    z
      .object({ before: z.object({ first: IdOrIds, then: IdOrIds }).strict() })
      .strict()
      .meta({ description: '« first » a eu lieu, et aucun « then » ne l’a précédé.' }),
    z
      .object({ within: z.object({ act: IdOrIds, turns: z.int().min(1) }).strict() })
      .strict()
      .meta({ description: 'L’acte a eu lieu au plus tard au tour N.' }),
    z
      .object({ countAtLeast: z.object({ act: IdOrIds, count: z.int().min(1) }).strict() })
      .strict()
      .meta({ description: 'L’acte a eu lieu au moins N fois.' }),
    z.object({ reached: IdOrIds }).strict().meta({ description: 'La conversation est passée par cet état.' }),
    z.object({ released: IdOrIds }).strict().meta({ description: 'Ce fait caché a été révélé.' }),
    z
      .object({ outcomeIn: z.array(Outcome).min(1) })
      .strict()
      .meta({ description: 'L’issue finale est l’une de celles-ci.' }),
    z
      .object({
        moodAtMost: z
          .object({ value: z.int(), at: z.enum(['any', 'end']).default('any') })
          .strict(),
      })
      .strict()
      .meta({ description: 'L’humeur n’a jamais dépassé (any) ou ne dépasse pas à la fin (end) cette valeur.' }),
    z.object({ hintsAtMost: z.int().min(0) }).strict().meta({ description: 'Au plus N indices utilisés.' }),
    z.object({ all: z.array(Predicate).min(1) }).strict().meta({ description: 'Toutes ces conditions.' }),
    z.object({ any: z.array(Predicate).min(1) }).strict().meta({ description: 'Au moins une de ces conditions.' }),
    z.object({ not: Predicate }).strict().meta({ description: 'Le contraire de cette condition.' }),
  ]),
);

export const JudgedLevel = z
  .object({
    id: Id,
    label: Text,
    descriptor: Text.meta({ description: 'Ce qu’on observe à ce niveau.' }),
    fraction: z.number().min(0).max(1).meta({ description: 'Part des points accordée (0 à 1).' }),
  })
  .strict();

const CriterionBase = {
  id: Id,
  label: Text,
  competency: Id,
  weight: z.number().positive().meta({ description: 'Poids du critère (points).' }),
  critical: z
    .boolean()
    .default(false)
    .meta({ description: 'Critère éliminatoire : manqué, il plafonne la note (voir rubric.criticalCap).' }),
  note: Text.meta({ description: 'Le commentaire du senior, montré au bilan.' }),
  seniorWould: Text.optional().meta({ description: 'Ce que le senior aurait fait, montré quand le critère est manqué.' }),
};

export const RuleCriterion = z.object({ ...CriterionBase, rule: Predicate }).strict();
export const JudgedCriterion = z
  .object({
    ...CriterionBase,
    judged: z.object({ levels: z.array(JudgedLevel).min(2) }).strict(),
  })
  .strict();
export const Criterion = z.union([RuleCriterion, JudgedCriterion]);

export const Rubric = z
  .object({
    criticalCap: z
      .number()
      .min(0)
      .max(100)
      .meta({ description: 'Note maximale (en %) quand un critère éliminatoire est manqué.' }),
    criteria: z.array(Criterion).min(1),
  })
  .strict();

export type JudgedLevel = z.infer<typeof JudgedLevel>;
export type RuleCriterion = z.infer<typeof RuleCriterion>;
export type JudgedCriterion = z.infer<typeof JudgedCriterion>;
export type Criterion = z.infer<typeof Criterion>;
export type Rubric = z.infer<typeof Rubric>;

export { isRuleCriterion } from './guards.ts';
