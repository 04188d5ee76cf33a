import { closest, distance } from 'fastest-levenshtein';
import { diagnostic, type Diagnostic, type PathSegment } from '../diagnostics/diagnostic.ts';
import { isActExtension } from './act.schema.ts';
import { ids } from './common.schema.ts';
import type { Library } from './library.ts';
import { isRuleCriterion, type Predicate } from './rubric.schema.ts';
import type { Condition, Scenario, Transition } from './scenario.schema.ts';

const fold = (t: string): string => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

function suggest(id: string, candidates: Iterable<string>): string {
  const list = [...candidates];
  if (list.length === 0) return '';
  const guess = closest(id, list);
  return distance(id, guess) <= Math.max(2, Math.floor(id.length / 3)) ? guess : '';
}

/** Normalised transitions of one act in one state. */
export function transitionList(t: Transition | Transition[]): Transition[] {
  return Array.isArray(t) ? t : [t];
}

/** Every act id the scenario can use: the shared library plus its own definitions. */
export function knownActIds(scenario: Scenario, library: Library): Set<string> {
  const set = new Set(library.acts.keys());
  for (const a of scenario.acts) if (!isActExtension(a)) set.add(a.id);
  return set;
}

/**
 * Cross-reference checks the schema cannot express: every act, state, fact, flag and competency
 * named somewhere exists; final and non-final states are well-formed; the global rules point at
 * suitable states. Returns diagnostics with paths (positions are added by the caller).
 */
export function validateReferences(s: Scenario, library: Library): Diagnostic[] {
  const out: Diagnostic[] = [];
  const acts = knownActIds(s, library);
  const states = new Set(Object.keys(s.states));
  const facts = new Set(s.persona.hiddenFacts.map((f) => f.id));
  const setFlags = new Set<string>();
  const testedFlags: Array<{ flag: string; path: PathSegment[] }> = [];
  const releasedFacts = new Set<string>();

  const act = (id: string, path: PathSegment[]): void => {
    if (!acts.has(id)) out.push(diagnostic('unknown_act', path, { act: id, suggestion: suggest(id, acts) }));
  };
  const state = (id: string, path: PathSegment[]): void => {
    if (!states.has(id)) out.push(diagnostic('unknown_state', path, { state: id, suggestion: suggest(id, states) }));
  };
  const fact = (id: string, path: PathSegment[]): void => {
    if (!facts.has(id)) out.push(diagnostic('unknown_fact', path, { fact: id, suggestion: suggest(id, facts) }));
  };
  const competency = (id: string, path: PathSegment[]): void => {
    if (!library.competencies.has(id)) {
      out.push(
        diagnostic('unknown_competency', path, { competency: id, suggestion: suggest(id, library.competencies.keys()) }),
      );
    }
  };
  const duplicates = (list: readonly string[], kind: string, pathOf: (i: number) => PathSegment[]): void => {
    const seen = new Set<string>();
    list.forEach((id, i) => {
      if (seen.has(id)) out.push(diagnostic('duplicate_id', pathOf(i), { id, kind }));
      seen.add(id);
    });
  };
  const condition = (c: Condition, path: PathSegment[]): void => {
    if ('flag' in c) testedFlags.push({ flag: c.flag, path: [...path, 'flag'] });
    else if ('said' in c) act(c.said, [...path, 'said']);
    else if ('fact' in c) fact(c.fact, [...path, 'fact']);
    else if ('all' in c) c.all.forEach((x, i) => condition(x, [...path, 'all', i]));
    else if ('any' in c) c.any.forEach((x, i) => condition(x, [...path, 'any', i]));
    else if ('not' in c) condition(c.not, [...path, 'not']);
  };

  // Metadata and acts
  s.competencies.forEach((c, i) => competency(c, ['competencies', i]));
  const ownActs = s.acts.map((a) => (isActExtension(a) ? `extends:${a.extends}` : a.id));
  duplicates(ownActs, 'acts', (i) => ['acts', i, 'id']);
  s.acts.forEach((a, i) => {
    if (isActExtension(a)) {
      if (!library.acts.has(a.extends)) {
        out.push(diagnostic('unknown_act', ['acts', i, 'extends'], { act: a.extends, suggestion: suggest(a.extends, library.acts.keys()) }));
      }
    } else if (library.acts.has(a.id)) {
      out.push(diagnostic('act_redefined', ['acts', i, 'id'], { act: a.id }));
    }
  });

  // Mood
  const { min, max, start } = s.mood;
  if (min >= max) {
    out.push(diagnostic('mood_range', ['mood', 'max'], { detail: `max (${max}) doit dépasser min (${min})`, detailEn: `max (${max}) must exceed min (${min})` }));
  } else if (start < min || start >= max) {
    out.push(
      diagnostic('mood_range', ['mood', 'start'], {
        detail: `start (${start}) doit être entre ${min} et ${max - 1} (au maximum, le locataire part aussitôt)`,
        detailEn: `start (${start}) must be between ${min} and ${max - 1} (at the maximum the tenant leaves at once)`,
      }),
    );
  }
  s.mood.labels.forEach((l, i) => {
    if (l.from < min || l.from > max) {
      out.push(diagnostic('mood_range', ['mood', 'labels', i, 'from'], { detail: `${l.from} hors de ${min}–${max}`, detailEn: `${l.from} outside ${min}–${max}` }));
    }
  });

  // Persona facts
  duplicates(s.persona.hiddenFacts.map((f) => f.id), 'persona.hiddenFacts', (i) => ['persona', 'hiddenFacts', i, 'id']);
  s.persona.hiddenFacts.forEach((f, i) => {
    f.releasedBy.forEach((r, j) => {
      const base: PathSegment[] = ['persona', 'hiddenFacts', i, 'releasedBy', j];
      ids(r.act).forEach((a, k) => act(a, typeof r.act === 'string' ? [...base, 'act'] : [...base, 'act', k]));
      r.in.forEach((st, k) => state(st, [...base, 'in', k]));
      if (r.in.length > 0) releasedFacts.add(f.id);
    });
  });

  // States
  state(s.initial, ['initial']);
  for (const [id, st] of Object.entries(s.states)) {
    const base: PathSegment[] = ['states', id];
    if (st.final) {
      if (!st.outcome) out.push(diagnostic('final_without_outcome', base, { state: id }));
      if (st.choices || st.on || st.otherwise) out.push(diagnostic('final_with_moves', base, { state: id }));
      continue;
    }
    if (st.outcome) out.push(diagnostic('outcome_on_non_final', [...base, 'outcome'], { state: id }));
    if (!st.beat) out.push(diagnostic('state_without_beat', base, { state: id }));
    if (!st.choices || st.choices.length === 0) out.push(diagnostic('state_without_choices', base, { state: id }));
    if (!st.otherwise) out.push(diagnostic('state_without_otherwise', base, { state: id }));
    st.choices?.forEach((c, i) => {
      ids(c.act).forEach((a, k) => act(a, typeof c.act === 'string' ? [...base, 'choices', i, 'act'] : [...base, 'choices', i, 'act', k]));
      if (c.when) condition(c.when, [...base, 'choices', i, 'when']);
    });
    for (const [actId, tr] of Object.entries(st.on ?? {})) {
      const onPath: PathSegment[] = [...base, 'on', actId];
      if (!acts.has(actId)) {
        out.push(diagnostic('unknown_act', onPath, { act: actId, suggestion: suggest(actId, acts) }));
      }
      const list = transitionList(tr);
      list.forEach((t, k) => {
        const tPath = Array.isArray(tr) ? [...onPath, k] : onPath;
        if (t.target !== undefined) state(t.target, [...tPath, 'target']);
        t.release.forEach((f, n) => {
          fact(f, [...tPath, 'release', n]);
          releasedFacts.add(f);
        });
        t.set.forEach((f) => setFlags.add(f));
        if (t.when) condition(t.when, [...tPath, 'when']);
      });
    }
    if (st.otherwise?.target !== undefined) state(st.otherwise.target, [...base, 'otherwise', 'target']);
  }

  // Global rules and outcomes
  const finals = Object.entries(s.states).filter(([, st]) => st.final);
  const tl = s.rules.turnLimit.state;
  if (!states.has(tl)) state(tl, ['rules', 'turnLimit', 'state']);
  else if (!s.states[tl]?.final) out.push(diagnostic('turn_limit_state_invalid', ['rules', 'turnLimit', 'state'], { state: tl }));
  if (s.rules.escalation) {
    const esc = s.rules.escalation.state;
    const st = s.states[esc];
    if (!st) state(esc, ['rules', 'escalation', 'state']);
    else if (!st.final || st.outcome !== 'escalation') {
      out.push(diagnostic('escalation_state_invalid', ['rules', 'escalation', 'state'], { state: esc }));
    }
  } else if (!finals.some(([, st]) => st.outcome === 'escalation')) {
    out.push(diagnostic('escalation_missing', ['rules']));
  }
  if (!finals.some(([, st]) => st.outcome === 'success')) out.push(diagnostic('no_success_outcome', ['states']));

  // Rubric
  const criterionIds = s.rubric.criteria.map((c) => c.id);
  duplicates(criterionIds, 'rubric.criteria', (i) => ['rubric', 'criteria', i, 'id']);
  s.rubric.criteria.forEach((c, i) => {
    const base: PathSegment[] = ['rubric', 'criteria', i];
    competency(c.competency, [...base, 'competency']);
    if (library.competencies.has(c.competency) && !s.competencies.includes(c.competency)) {
      out.push(diagnostic('competency_not_declared', [...base, 'competency'], { criterion: c.id, competency: c.competency }));
    }
    if (isRuleCriterion(c)) {
      predicate(c.rule, [...base, 'rule'], { act, state, fact });
    } else {
      duplicates(c.judged.levels.map((l) => l.id), `${c.id}.levels`, (k) => [...base, 'judged', 'levels', k, 'id']);
      if (!c.judged.levels.some((l) => l.fraction === 1)) {
        out.push(diagnostic('judged_without_full_level', [...base, 'judged', 'levels'], { criterion: c.id }));
      }
    }
  });

  // Test replies
  for (const kind of ['poor', 'average', 'senior'] as const) {
    s.tests[kind].forEach((step, i) => {
      const p: PathSegment[] = ['tests', kind, i];
      if (typeof step === 'string') act(step, p);
      else if (Array.isArray(step)) step.forEach((a, k) => act(a, [...p, k]));
      else if ('text' in step && step.expect !== undefined) refs(step.expect, [...p, 'expect'], act);
    });
  }

  s.reference?.turns.forEach((t, i) => t.acts.forEach((a, k) => act(a, ['reference', 'turns', i, 'acts', k])));

  // Flags and facts that can never play a part
  for (const { flag, path } of testedFlags) {
    if (!setFlags.has(flag)) out.push(diagnostic('flag_never_set', path, { flag }));
  }
  s.persona.hiddenFacts.forEach((f, i) => {
    if (!releasedFacts.has(f.id)) out.push(diagnostic('fact_never_released', ['persona', 'hiddenFacts', i], { fact: f.id }));
  });

  // A hidden fact's giveaway word already in what a model is told of the persona: the voice
  // guard would refuse every line using it, and the secret is half out.
  const p = s.persona;
  const publicText = fold([p.name, p.household, p.situation, p.temperament, p.speech, ...p.goals].join(' '));
  s.persona.hiddenFacts.forEach((f, i) => {
    f.keywords.forEach((k, j) => {
      const word = fold(k).trim();
      if (word && new RegExp(`(^|[^a-z0-9])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^a-z0-9])`).test(publicText)) {
        out.push(diagnostic('hidden_keyword_public', ['persona', 'hiddenFacts', i, 'keywords', j], { fact: f.id, keyword: k }));
      }
    });
  });
  return out;
}

interface Checkers {
  act(id: string, path: PathSegment[]): void;
  state(id: string, path: PathSegment[]): void;
  fact(id: string, path: PathSegment[]): void;
}

function refs(value: string | string[], path: PathSegment[], check: (id: string, p: PathSegment[]) => void): void {
  if (typeof value === 'string') check(value, path);
  else value.forEach((v, i) => check(v, [...path, i]));
}

function predicate(p: Predicate, path: PathSegment[], c: Checkers): void {
  if ('happened' in p || 'never' in p) {
    const key = 'happened' in p ? 'happened' : 'never';
    const v = 'happened' in p ? p.happened : p.never;
    if (typeof v === 'string' || Array.isArray(v)) refs(v, [...path, key], c.act);
    else {
      refs(v.act, [...path, key, 'act'], c.act);
      v.in?.forEach((st, i) => c.state(st, [...path, key, 'in', i]));
    }
  } else if ('before' in p) {
    refs(p.before.first, [...path, 'before', 'first'], c.act);
    refs(p.before.then, [...path, 'before', 'then'], c.act);
  } else if ('within' in p) refs(p.within.act, [...path, 'within', 'act'], c.act);
  else if ('countAtLeast' in p) refs(p.countAtLeast.act, [...path, 'countAtLeast', 'act'], c.act);
  else if ('reached' in p) refs(p.reached, [...path, 'reached'], c.state);
  else if ('released' in p) refs(p.released, [...path, 'released'], c.fact);
  else if ('all' in p) p.all.forEach((x, i) => predicate(x, [...path, 'all', i], c));
  else if ('any' in p) p.any.forEach((x, i) => predicate(x, [...path, 'any', i], c));
  else if ('not' in p) predicate(p.not, [...path, 'not'], c);
}
