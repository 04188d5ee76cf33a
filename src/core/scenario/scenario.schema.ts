import { z } from 'zod';
import { ScenarioAct } from './act.schema.ts';
import { Channel, Id, IdOrIds, IsoDate, Level, Outcome, Text } from './common.schema.ts';
import { Rubric } from './rubric.schema.ts';

/**
 * The scenario language, version 1. This zod schema is the single source of truth: TypeScript
 * types are inferred from it and `npm run schema` writes `scenarios/scenario.schema.json` from it.
 * Cross-references (acts, states, facts, competencies) are checked by `validate.ts`.
 */

export const SCHEMA_VERSION = 1;

const Lines = z.array(Text).min(1).meta({ description: 'Variantes de la réplique ; une est tirée au sort.' });

const Person = z
  .object({
    name: Text,
    role: Text,
    yearsOfExperience: z.int().min(0).max(60).optional(),
  })
  .strict();

/** Guards on transitions: a tree of conditions over flags, released facts, mood and turn. */
export type Condition =
  | { flag: string }
  | { fact: string }
  | { said: string }
  | { mood: { atLeast?: number | undefined; atMost?: number | undefined } }
  | { turn: { atLeast?: number | undefined; atMost?: number | undefined } }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

const Bounds = z
  .object({ atLeast: z.int().optional(), atMost: z.int().optional() })
  .strict()
  .refine((b) => b.atLeast !== undefined || b.atMost !== undefined, { message: 'atLeast ou atMost' });

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.object({ flag: Id }).strict().meta({ description: 'Ce drapeau est posé.' }),
    z.object({ fact: Id }).strict().meta({ description: 'Ce fait caché a été révélé.' }),
    z
      .object({ said: Id })
      .strict()
      .meta({ description: 'La réponse en cours porte aussi cet acte (ex. la présentation dite avec la question).' }),
    z.object({ mood: Bounds }).strict().meta({ description: 'Humeur actuelle entre ces bornes (incluses).' }),
    z.object({ turn: Bounds }).strict().meta({ description: 'Numéro du tour en cours (1 = premier tour).' }),
    z.object({ all: z.array(Condition).min(1) }).strict(),
    z.object({ any: z.array(Condition).min(1) }).strict(),
    z.object({ not: Condition }).strict(),
  ]),
);

export const Transition = z
  .object({
    target: Id.optional().meta({ description: 'État suivant ; absent : on reste dans l’état.' }),
    mood: z.int().min(-10).max(10).default(0).meta({ description: 'Variation d’humeur (+ = monte).' }),
    say: Lines.optional().meta({ description: 'Réaction du locataire à cet acte, avant la réplique de l’état suivant.' }),
    release: z.array(Id).default([]).meta({ description: 'Faits cachés révélés par cette transition.' }),
    set: z.array(Id).default([]).meta({ description: 'Drapeaux posés.' }),
    unset: z.array(Id).default([]).meta({ description: 'Drapeaux retirés.' }),
    when: Condition.optional().meta({ description: 'Garde : la transition ne s’applique que si la condition est vraie.' }),
  })
  .strict();

export const Otherwise = z
  .object({
    say: Lines,
    mood: z.int().min(-10).max(10).default(0),
    target: Id.optional(),
  })
  .strict()
  .meta({ description: 'Réaction quand la réponse du junior ne correspond à aucune transition.' });

export const Choice = z
  .object({
    text: Text.meta({ description: 'Réplique proposée au junior en mode guidé.' }),
    act: IdOrIds.meta({ description: 'Acte (ou actes) que cette réplique constitue.' }),
    when: Condition.optional().meta({ description: 'Proposée seulement si la condition est vraie (ex. un fait déjà révélé).' }),
  })
  .strict();

export const State = z
  .object({
    label: Text.optional().meta({ description: 'Nom court de l’étape (graphe, éditeur).' }),
    beat: Text.optional().meta({ description: 'Ce que le locataire doit faire passer à cette étape.' }),
    narration: Text.optional().meta({ description: 'Indication de mise en scène montrée en entrant dans l’état (non dite par le locataire).' }),
    lines: Lines,
    choices: z.array(Choice).optional(),
    on: z
      .record(Id, z.union([Transition, z.array(Transition).min(1)]))
      .optional()
      .meta({
        description:
          'Transitions par acte ; une liste = essayées dans l’ordre (gardes). Quand une réponse porte plusieurs actes, les actes « bad » passent d’abord, puis l’ordre des clés ici : la première transition applicable l’emporte.',
      }),
    otherwise: Otherwise.optional(),
    hint: Text.optional().meta({ description: 'L’indice du senior pour cette étape.' }),
    final: z.literal(true).optional(),
    outcome: Outcome.optional(),
  })
  .strict();

export const HiddenFact = z
  .object({
    id: Id,
    text: Text.meta({ description: 'Le fait, tel que le senior le décrit.' }),
    say: Lines.meta({ description: 'Comment le locataire le dit quand il est révélé.' }),
    keywords: z
      .array(Text)
      .default([])
      .meta({ description: 'Mots qui trahiraient ce fait s’il était dit trop tôt (contrôle de la voix IA).' }),
    releasedBy: z
      .array(z.object({ act: IdOrIds, in: z.array(Id).min(1) }).strict())
      .default([])
      .meta({ description: 'Les actes qui le révèlent, dans les états nommés.' }),
  })
  .strict();

export const Persona = z
  .object({
    name: Text,
    age: z.int().min(16).max(110),
    household: Text,
    situation: Text,
    temperament: Text,
    speech: Text.meta({ description: 'Façon de parler (registre, tics, rythme).' }),
    goals: z.array(Text).min(1),
    hiddenFacts: z.array(HiddenFact).default([]),
  })
  .strict();

export const MoodScale = z
  .object({
    name: Text.meta({ description: 'Nom de l’échelle (ex. « agacement », « inquiétude »).' }),
    min: z.int().default(0),
    max: z.int().max(100),
    start: z.int(),
    labels: z
      .array(z.object({ from: z.int(), label: Text }).strict())
      .default([])
      .meta({ description: 'Libellés par palier d’humeur (à partir de la valeur « from »).' }),
  })
  .strict();

export const Rules = z
  .object({
    turnLimit: z
      .object({
        turns: z.int().min(1).max(200),
        state: Id.meta({ description: 'État final atteint quand la limite est dépassée.' }),
      })
      .strict(),
    escalation: z
      .object({ state: Id.meta({ description: 'État final (issue escalation) atteint quand l’humeur est au maximum.' }) })
      .strict()
      .optional(),
    rephrase: Lines.optional().meta({ description: 'Ce que dit le locataire quand la réponse n’est pas comprise.' }),
  })
  .strict();

/** A step of a test playthrough: an act id, several act ids, a free-text reply or a hint. */
export const TestStep = z.union([
  Id,
  z.array(Id).min(1),
  z
    .object({
      text: Text,
      expect: IdOrIds.optional().meta({ description: 'Actes que la compréhension intégrée doit y reconnaître (sinon avertissement).' }),
    })
    .strict(),
  z.object({ hint: z.literal(true) }).strict(),
]);

export const TestReplies = z
  .object({
    poor: z.array(TestStep).min(1),
    average: z.array(TestStep).min(1),
    senior: z.array(TestStep).min(1),
  })
  .strict()
  .meta({ description: 'Parcours de test : leurs notes doivent respecter poor < average < senior.' });

/** A senior's own playthrough, recorded in the Atelier and shown to juniors in the debrief. */
export const ReferencePath = z
  .object({
    by: z.object({ name: Text, role: Text }).strict(),
    recordedOn: IsoDate,
    turns: z
      .array(
        z
          .object({
            text: Text.meta({ description: 'Ce que le senior a dit (ou choisi).' }),
            acts: z.array(Id).min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .meta({ description: 'Le parcours de référence d’un senior, montré aux juniors dans le bilan.' });

export const Briefing = z
  .object({
    context: Text.meta({ description: 'La situation, telle que l’agent la connaît.' }),
    objective: Text,
    agentKnows: z.array(Text).default([]),
  })
  .strict();

export const Scenario = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    id: Id,
    version: z.int().min(1),
    title: Text,
    summary: Text,
    channel: Channel,
    level: Level,
    estimatedMinutes: z.int().min(1).max(120),
    competencies: z.array(Id).min(1),
    author: Person,
    validatedBy: Person.optional(),
    validatedOn: IsoDate.optional(),
    reviewBy: IsoDate.meta({ description: 'Date de relecture : passée, le scénario est signalé.' }),
    briefing: Briefing,
    persona: Persona,
    mood: MoodScale,
    acts: z.array(ScenarioAct).default([]),
    initial: Id.meta({ description: 'Premier état de la conversation.' }),
    states: z.record(Id, State),
    rules: Rules,
    rubric: Rubric,
    tests: TestReplies,
    reference: ReferencePath.optional(),
  })
  .strict();

export type Transition = z.infer<typeof Transition>;
export type Otherwise = z.infer<typeof Otherwise>;
export type Choice = z.infer<typeof Choice>;
export type State = z.infer<typeof State>;
export type HiddenFact = z.infer<typeof HiddenFact>;
export type Persona = z.infer<typeof Persona>;
export type MoodScale = z.infer<typeof MoodScale>;
export type Rules = z.infer<typeof Rules>;
export type TestStep = z.infer<typeof TestStep>;
export type TestReplies = z.infer<typeof TestReplies>;
export type Briefing = z.infer<typeof Briefing>;
export type ReferencePath = z.infer<typeof ReferencePath>;
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;
export type { Criterion, Predicate, Rubric } from './rubric.schema.ts';
