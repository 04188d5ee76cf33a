import { catalogue, competencies } from '../../app/scenarios.ts';
import type { PalierId } from '../../core/progress/paliers.ts';
import type { Channel, Outcome } from '../../core/scenario/common.schema.ts';
import type { MessageKey } from '../i18n/fr.ts';
import { formatDate } from '../i18n/date-format.ts';
import { i18n } from '../i18n/i18n.svelte.ts';

/** Formatting shared by the catalogue and the progression screen. */

const CHANNELS = {
  telephone: 'channel.telephone',
  loge: 'channel.loge',
  'visite-a-domicile': 'channel.visite-a-domicile',
  'accueil-agence': 'channel.accueil-agence',
} as const satisfies Record<Channel, MessageKey>;

const OUTCOMES = {
  success: 'outcome.success',
  partial: 'outcome.partial',
  failure: 'outcome.failure',
  escalation: 'outcome.escalation',
} as const satisfies Record<Outcome, MessageKey>;

const PALIER_NAMES = {
  decouverte: 'progress.palier.decouverte',
  junior: 'progress.palier.junior',
  confirme: 'progress.palier.confirme',
  senior: 'progress.palier.senior',
} as const satisfies Record<PalierId, MessageKey>;

const labels = new Map(competencies.map((c) => [c.id, c.label]));
const titles = new Map(catalogue.map((s) => [s.id, s.title]));

/** Competency ids in the library's order (competencies.yaml). */
export const competencyOrder: readonly string[] = competencies.map((c) => c.id);

export function channelLabel(channel: Channel): string {
  return i18n.t(CHANNELS[channel]);
}

export function outcomeLabel(outcome: Outcome | undefined): string {
  return i18n.t(outcome ? OUTCOMES[outcome] : 'outcome.none');
}

export function palierName(id: PalierId): string {
  return i18n.t(PALIER_NAMES[id]);
}

/** A competency's label (authored in French), or its id if the library no longer has it. */
export function competencyLabel(id: string): string {
  return i18n.text(labels.get(id) ?? id);
}

/** The label inside a French sentence: « Votre point faible : sécurité ». */
export function competencyInSentence(id: string): string {
  const label = competencyLabel(id);
  return i18n.locale === 'fr' ? label.charAt(0).toLocaleLowerCase('fr') + label.slice(1) : label;
}

/** A scenario's title, or undefined when it is no longer installed. */
export function scenarioTitle(id: string): string | undefined {
  const title = titles.get(id);
  return title === undefined ? undefined : i18n.text(title);
}

/** A score out of 100 (« 72,5 % »). */
export function percent(n: number, digits = 1): string {
  return i18n.t('common.percent', { n: i18n.number(n, digits) });
}

/** A mastery in [0, 1] as a whole percentage (« 72 % »). */
export function mastery(value: number): string {
  return percent(Math.round(value * 100), 0);
}

const SHORT: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
const SHORT_WITH_YEAR: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' };

/** A compact date for tables: « 30 oct. », with the year only when it is not this year's. */
export function shortDate(ms: number, now = Date.now()): string {
  const thisYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return formatDate(ms, i18n.locale, thisYear ? SHORT : SHORT_WITH_YEAR);
}

/** `lang="fr"` for authored text when the interface is in another language. */
export function authoredLang(): 'fr' | undefined {
  return i18n.locale === 'fr' ? undefined : 'fr';
}
