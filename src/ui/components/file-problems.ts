import type { FilePlace, FileProblem } from '../../app/revue/file-check.ts';
import { formatBytes } from '../../app/storage.ts';
import { i18n, type MessageKey } from '../i18n/i18n.svelte.ts';

/**
 * One problem of a refused Revue file (a junior's bundle, a « retour formateur ») as a sentence a
 * person can act on: where it is (line, session, turn, scenario) then what is wrong.
 *
 * @example
 * fileProblemText({ code: 'checksum-mismatch', at: { file: true, path: '' }, params: {} });
 * // 'Fichier entier : la somme de contrôle ne correspond pas…'
 */
export function fileProblemText(problem: FileProblem<string>): string {
  const { params } = problem;
  let message: string;
  switch (problem.code) {
    case 'too-large':
      message = i18n.t('file.problem.too-large', { size: formatBytes(Number(params.size), i18n.locale), max: formatBytes(Number(params.max), i18n.locale) });
      break;
    case 'invalid-value':
      message = i18n.t(params.allowed ? 'file.problem.invalid-value-allowed' : 'file.problem.invalid-value', params);
      break;
    case 'invalid-scenario':
      message = i18n.t('file.problem.invalid-scenario', { ...params, message: i18n.locale === 'en' && params.messageEn ? params.messageEn : (params.message ?? '') });
      break;
    default:
      message = i18n.t(`file.problem.${problem.code}` as MessageKey, params);
  }
  return i18n.t('file.problem', { where: where(problem.at), message });
}

function where(at: FilePlace): string {
  const parts: string[] = [];
  if (at.line !== undefined) parts.push(i18n.t('file.at.line', { line: at.line, column: at.column ?? 1 }));
  if (at.attempt !== undefined) parts.push(i18n.t('file.at.attempt', { n: at.attempt }));
  if (at.entry !== undefined) parts.push(i18n.t('file.at.entry', { n: at.entry }));
  if (at.scenario !== undefined) parts.push(i18n.t('file.at.scenario', { n: at.scenario }));
  if (parts.length === 0) parts.push(i18n.t('file.at.file'));
  const text = parts.join(', ');
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}
