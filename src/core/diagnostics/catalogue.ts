import type { Params, Severity } from './diagnostic.ts';

/**
 * Every diagnostic Palier can report, written once: code, severity, French and English message.
 * Codes are stable (tests and tools match on them); wording may improve freely.
 */
interface Entry {
  severity: Severity;
  fr: (p: Params) => string;
  en: (p: Params) => string;
}

const hintFr = (p: Params): string => (p.suggestion ? ` Vouliez-vous dire « ${p.suggestion} » ?` : '');
const hintEn = (p: Params): string => (p.suggestion ? ` Did you mean "${p.suggestion}"?` : '');

export const CATALOGUE = {
  // Reading the file
  file_unreadable: {
    severity: 'error',
    fr: (p) => `Fichier illisible : ${p.reason}.`,
    en: (p) => `Cannot read the file: ${p.reason}.`,
  },
  yaml_syntax: {
    severity: 'error',
    fr: (p) => `YAML invalide : ${p.detail}. Vérifiez l’indentation, les deux-points et les guillemets.`,
    en: (p) => `Invalid YAML: ${p.detailEn ?? p.detail}. Check indentation, colons and quotes.`,
  },
  yaml_duplicate_key: {
    severity: 'error',
    fr: (p) => `La clé « ${p.key} » apparaît deux fois au même niveau ; gardez-en une seule.`,
    en: (p) => `The key "${p.key}" appears twice at the same level; keep only one.`,
  },
  // Schema (shape and types)
  schema_version_unsupported: {
    severity: 'error',
    fr: (p) => `schemaVersion ${p.found} n’est pas pris en charge ; cette version de Palier lit la version ${p.supported}.`,
    en: (p) => `schemaVersion ${p.found} is not supported; this version of Palier reads version ${p.supported}.`,
  },
  schema_missing: {
    severity: 'error',
    fr: (p) => `Le champ obligatoire « ${p.key} » manque.`,
    en: (p) => `The required field "${p.key}" is missing.`,
  },
  schema_type: {
    severity: 'error',
    fr: (p) => `Type incorrect : attendu ${p.expected}, trouvé ${p.received}.`,
    en: (p) => `Wrong type: expected ${p.expectedEn}, found ${p.receivedEn}.`,
  },
  schema_unknown_key: {
    severity: 'error',
    fr: (p) => `Champ inconnu « ${p.key} ».${hintFr(p)}`,
    en: (p) => `Unknown field "${p.key}".${hintEn(p)}`,
  },
  text_split_by_comma: {
    severity: 'error',
    fr: (p) => `« ${p.key} » ressemble à un morceau de texte coupé par une virgule : entre accolades { }, mettez le texte entre guillemets.`,
    en: (p) => `"${p.key}" looks like a piece of text cut by a comma: inside braces { }, put the text in quotes.`,
  },
  schema_enum: {
    severity: 'error',
    fr: (p) => `Valeur « ${p.value} » non autorisée ; valeurs possibles : ${p.allowed}.`,
    en: (p) => `Value "${p.value}" is not allowed; possible values: ${p.allowed}.`,
  },
  schema_format: {
    severity: 'error',
    fr: (p) => `« ${p.value} » n’a pas le bon format (${p.format}).`,
    en: (p) => `"${p.value}" has the wrong format (${p.formatEn}).`,
  },
  schema_key_format: {
    severity: 'error',
    fr: (p) => `« ${p.key} » n’est pas un identifiant valide : minuscules sans accent, chiffres et tirets, ex. « fin-reussie ».`,
    en: (p) => `"${p.key}" is not a valid id: lowercase letters without accents, digits and hyphens, e.g. "good-ending".`,
  },
  schema_range: {
    severity: 'error',
    fr: (p) => `Valeur hors limites : ${p.detail}.`,
    en: (p) => `Value out of range: ${p.detailEn}.`,
  },
  schema_invalid: {
    severity: 'error',
    fr: (p) => `Forme non reconnue ici. ${p.detail}`,
    en: (p) => `Shape not recognised here. ${p.detailEn}`,
  },
  // References and structure
  duplicate_id: {
    severity: 'error',
    fr: (p) => `L’identifiant « ${p.id} » est utilisé deux fois (${p.kind}).`,
    en: (p) => `The id "${p.id}" is used twice (${p.kind}).`,
  },
  unknown_act: {
    severity: 'error',
    fr: (p) => `Acte inconnu « ${p.act} » : ni dans scenarios/acts.yaml ni dans les actes du scénario.${hintFr(p)}`,
    en: (p) => `Unknown act "${p.act}": not in scenarios/acts.yaml nor in the scenario's acts.${hintEn(p)}`,
  },
  unknown_state: {
    severity: 'error',
    fr: (p) => `État inconnu « ${p.state} ».${hintFr(p)}`,
    en: (p) => `Unknown state "${p.state}".${hintEn(p)}`,
  },
  unknown_fact: {
    severity: 'error',
    fr: (p) => `Fait caché inconnu « ${p.fact} » (voir persona.hiddenFacts).${hintFr(p)}`,
    en: (p) => `Unknown hidden fact "${p.fact}" (see persona.hiddenFacts).${hintEn(p)}`,
  },
  unknown_competency: {
    severity: 'error',
    fr: (p) => `Compétence inconnue « ${p.competency} » (voir scenarios/competencies.yaml).${hintFr(p)}`,
    en: (p) => `Unknown competency "${p.competency}" (see scenarios/competencies.yaml).${hintEn(p)}`,
  },
  act_redefined: {
    severity: 'error',
    fr: (p) => `L’acte « ${p.act} » existe déjà dans la bibliothèque partagée : utilisez « extends: ${p.act} » pour ajouter des exemples.`,
    en: (p) => `The act "${p.act}" already exists in the shared library: use "extends: ${p.act}" to add examples.`,
  },
  final_without_outcome: {
    severity: 'error',
    fr: (p) => `L’état final « ${p.state} » n’a pas d’issue (outcome : success, partial, failure ou escalation).`,
    en: (p) => `The final state "${p.state}" has no outcome (success, partial, failure or escalation).`,
  },
  final_with_moves: {
    severity: 'error',
    fr: (p) => `L’état final « ${p.state} » ne peut pas avoir de choix, de transitions ni de réaction « otherwise ».`,
    en: (p) => `The final state "${p.state}" cannot have choices, transitions or an "otherwise" reaction.`,
  },
  outcome_on_non_final: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » a une issue mais n’est pas final : ajoutez « final: true » ou retirez « outcome ».`,
    en: (p) => `The state "${p.state}" has an outcome but is not final: add "final: true" or remove "outcome".`,
  },
  state_without_choices: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » n’offre aucun choix guidé : le junior serait bloqué en mode guidé.`,
    en: (p) => `The state "${p.state}" offers no guided choice: the junior would be stuck in guided mode.`,
  },
  state_without_otherwise: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » n’a pas de réaction « otherwise » pour les réponses qui ne correspondent à aucune transition.`,
    en: (p) => `The state "${p.state}" has no "otherwise" reaction for replies that match no transition.`,
  },
  state_without_beat: {
    severity: 'warning',
    fr: (p) => `L’état « ${p.state} » n’a pas de « beat » : la voix IA ne saura pas ce que le locataire doit faire passer.`,
    en: (p) => `The state "${p.state}" has no "beat": the AI voice will not know what the tenant must convey.`,
  },
  mood_range: {
    severity: 'error',
    fr: (p) => `Échelle d’humeur incohérente : ${p.detail}.`,
    en: (p) => `Inconsistent mood scale: ${p.detailEn}.`,
  },
  escalation_missing: {
    severity: 'error',
    fr: () => `Aucun état final d’issue « escalation » : indiquez où mène l’humeur au maximum (rules.escalation.state).`,
    en: () => `No final state with outcome "escalation": say where maximum mood leads (rules.escalation.state).`,
  },
  escalation_state_invalid: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » doit être final avec l’issue « escalation » pour servir d’escalade.`,
    en: (p) => `The state "${p.state}" must be final with outcome "escalation" to serve as the escalation.`,
  },
  turn_limit_state_invalid: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » de rules.turnLimit doit être un état final.`,
    en: (p) => `The state "${p.state}" in rules.turnLimit must be a final state.`,
  },
  no_success_outcome: {
    severity: 'error',
    fr: () => `Aucun état final d’issue « success » : le junior ne peut pas réussir.`,
    en: () => `No final state with outcome "success": the junior cannot succeed.`,
  },
  judged_without_full_level: {
    severity: 'warning',
    fr: (p) => `Le critère « ${p.criterion} » n’a aucun niveau à 1 (100 %) : il ne peut jamais rapporter tous ses points.`,
    en: (p) => `The criterion "${p.criterion}" has no level at 1 (100%): it can never earn all its points.`,
  },
  competency_not_declared: {
    severity: 'warning',
    fr: (p) => `Le critère « ${p.criterion} » évalue « ${p.competency} », absente de la liste « competencies » du scénario.`,
    en: (p) => `The criterion "${p.criterion}" assesses "${p.competency}", missing from the scenario's "competencies".`,
  },
  flag_never_set: {
    severity: 'warning',
    fr: (p) => `Le drapeau « ${p.flag} » est testé mais jamais posé : la garde ne sera jamais vraie.`,
    en: (p) => `The flag "${p.flag}" is tested but never set: the guard can never be true.`,
  },
  fact_never_released: {
    severity: 'warning',
    fr: (p) => `Le fait caché « ${p.fact} » n’est révélé par aucun acte ni aucune transition.`,
    en: (p) => `The hidden fact "${p.fact}" is released by no act and no transition.`,
  },
  hidden_keyword_public: {
    severity: 'warning',
    fr: (p) => `Le mot « ${p.keyword} », qui trahirait le fait caché « ${p.fact} », figure déjà dans le portrait public du locataire : choisissez un mot propre au secret.`,
    en: (p) => `The word "${p.keyword}", which would give away the hidden fact "${p.fact}", already appears in the tenant's public persona: pick a word specific to the secret.`,
  },
  silent_turn: {
    severity: 'warning',
    fr: (p) => `La transition « ${p.act} » de l’état « ${p.state} » reste sur place sans rien faire dire au locataire (ajoutez « say »).`,
    en: (p) => `The "${p.act}" transition of state "${p.state}" stays put without the tenant saying anything (add "say").`,
  },
  // Lint (graph exploration)
  unreachable_state: {
    severity: 'error',
    fr: (p) => `L’état « ${p.state} » n’est atteignable par aucun parcours.`,
    en: (p) => `The state "${p.state}" cannot be reached by any path.`,
  },
  unreachable_outcome: {
    severity: 'error',
    fr: (p) => `L’état final « ${p.state} » (issue ${p.outcome}) n’est atteignable par aucun parcours.`,
    en: (p) => `The final state "${p.state}" (outcome ${p.outcome}) cannot be reached by any path.`,
  },
  dead_end: {
    severity: 'error',
    fr: (p) => `Impasse : depuis l’état « ${p.state} », aucune transition ne mène à un état final (seules la limite de tours ou l’escalade y mettraient fin).`,
    en: (p) => `Dead end: from the state "${p.state}", no transition leads to a final state (only the turn limit or escalation would end it).`,
  },
  unsatisfiable_criterion: {
    severity: 'error',
    fr: (p) => `Le critère « ${p.criterion} » ne peut être rempli sur aucun parcours.`,
    en: (p) => `The criterion "${p.criterion}" cannot be met on any path.`,
  },
  best_score_below_max: {
    severity: 'warning',
    fr: (p) => `Le meilleur parcours possible n’atteint que ${p.best} % : aucun parcours ne remplit tous les critères à la fois.`,
    en: (p) => `The best possible path only reaches ${p.best}%: no path meets every criterion at once.`,
  },
  guided_best_below_max: {
    severity: 'warning',
    fr: (p) => `En mode guidé, le meilleur parcours n’atteint que ${p.best} % : il manque un choix pour un geste que la grille attend.`,
    en: (p) => `In guided mode the best path only reaches ${p.best}%: a choice is missing for a move the rubric expects.`,
  },
  trap_without_cost: {
    severity: 'warning',
    fr: (p) => `Le choix « ${p.acts} » de l’état « ${p.state} » est une erreur de junior qui ne coûte rien sur au moins un parcours (${p.path}) : ni humeur, ni points. Ajoutez une hausse d’humeur ou un critère « never ».`,
    en: (p) => `The "${p.acts}" choice of state "${p.state}" is a junior mistake that costs nothing on at least one path (${p.path}): no mood, no points. Add a mood increase or a "never" criterion.`,
  },
  exploration_truncated: {
    severity: 'warning',
    fr: (p) => `Exploration arrêtée après ${p.nodes} situations : les vérifications de parcours sont partielles.`,
    en: (p) => `Exploration stopped after ${p.nodes} situations: path checks are partial.`,
  },
  tests_unordered: {
    severity: 'error',
    fr: (p) => `Les parcours de test ne sont pas dans l’ordre poor < average < senior (obtenu : ${p.poor} %, ${p.average} %, ${p.senior} %).`,
    en: (p) => `Test playthroughs are not ordered poor < average < senior (got ${p.poor}%, ${p.average}%, ${p.senior}%).`,
  },
  test_not_finished: {
    severity: 'warning',
    fr: (p) => `Le parcours de test « ${p.kind} » s’arrête avant la fin de la conversation (état « ${p.state} »).`,
    en: (p) => `The "${p.kind}" test playthrough stops before the conversation ends (state "${p.state}").`,
  },
  test_step_after_end: {
    severity: 'warning',
    fr: (p) => `Le parcours de test « ${p.kind} » continue après la fin de la conversation (étape ${p.step}).`,
    en: (p) => `The "${p.kind}" test playthrough goes on after the conversation ended (step ${p.step}).`,
  },
  test_step_not_understood: {
    severity: 'warning',
    fr: (p) => `Étape de test « ${p.text} » : la compréhension intégrée ne reconnaît aucun acte.`,
    en: (p) => `Test step "${p.text}": the embedded understanding recognises no act.`,
  },
  test_step_misread: {
    severity: 'warning',
    fr: (p) => `Étape de test en texte libre comprise comme « ${p.got} » au lieu de « ${p.expected} » : ajoutez des exemples à ces actes (acts, extends).`,
    en: (p) => `Free-text test step understood as "${p.got}" instead of "${p.expected}": add examples to these acts (acts, extends).`,
  },
  senior_test_not_success: {
    severity: 'warning',
    fr: (p) => `Le parcours « senior » finit sur l’issue « ${p.outcome} » et non « success ».`,
    en: (p) => `The "senior" playthrough ends with outcome "${p.outcome}", not "success".`,
  },
  few_examples: {
    severity: 'warning',
    fr: (p) => `L’acte « ${p.act} » n’a que ${p.count} exemples (minimum ${p.min}) : il sera mal reconnu en texte libre.`,
    en: (p) => `The act "${p.act}" has only ${p.count} examples (minimum ${p.min}): it will be poorly recognised in free text.`,
  },
  review_overdue: {
    severity: 'warning',
    fr: (p) => `Date de relecture dépassée (${p.date}) : faites relire le scénario par un senior.`,
    en: (p) => `Review date passed (${p.date}): have a senior review the scenario.`,
  },
} satisfies Record<string, Entry>;

export type DiagnosticCode = keyof typeof CATALOGUE;
