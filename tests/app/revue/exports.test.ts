import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { attemptsCsv, ATTEMPTS_HEADER, CRITERIA_HEADER, reviewsCsv, reviewsXapi } from '../../../src/app/revue/exports.ts';
import { decide } from '../../../src/app/revue/review.ts';
import { statementId, validateStatement, XAPI_EXT, type Statement } from '../../../src/app/revue/xapi.ts';
import { DAY, playedReview, scenario, seedReviews, T0, testDb, TRAINER, variant } from '../../helpers/revue.ts';

const LEA = { id: 'p-lea', name: 'Léa Martin' };
const KARIM = { id: 'p-karim', name: 'Karim Benali' };
const COMMENT = 'Référence donnée trop vite ; elle ne l’a pas notée.\nÀ revoir.';

/** Reads a file back as French Excel would (see csv.test.ts), as objects keyed by header. */
function readBack(csv: string): { header: string[]; rows: Array<Record<string, string>> } {
  expect(csv.startsWith('\uFEFF')).toBe(true);
  const result = Papa.parse<string[]>(csv.slice(1, -2), { delimiter: ';', newline: '\r\n', quoteChar: '"', escapeChar: '"', header: false, dynamicTyping: false, skipEmptyLines: false });
  expect(result.errors).toEqual([]);
  const [header = [], ...rows] = result.data;
  return { header, rows: rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? '']))) };
}

/** A number as French Excel reads it back. */
const num = (cell: string | undefined): number => Number((cell ?? '').replace(',', '.'));
const localMinute = (ms: number): string => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
};

async function reviewed() {
  const db = testDb();
  await seedReviews(db, [
    playedReview({ id: 'a-lea', junior: LEA, path: 'senior', startedAt: T0, proposals: { ton: 'correct' } }),
    playedReview({ id: 'a-karim', junior: KARIM, path: 'average', startedAt: T0 + DAY, mode: 'free', voice: 'ai' }),
  ]);
  await decide(db, 'a-lea', 'ton', { levelId: 'correct' }, 'Poli et clair.', TRAINER, T0 + 2 * DAY);
  await decide(db, 'a-lea', 'reference', { status: 'missed' }, COMMENT, TRAINER, T0 + 2 * DAY + 1);
  return db;
}

describe('the criteria CSV', () => {
  it('has one row per attempt and criterion, which a spreadsheet reads back with the same values', async () => {
    const db = await reviewed();
    const { filename, text } = await reviewsCsv(db, {}, 'fr', { now: T0 + 3 * DAY });
    expect(filename).toBe(`palier-revue-criteres-${localMinute(T0 + 3 * DAY).slice(0, 10)}.csv`);
    const { header, rows } = readBack(text);
    expect(header).toEqual(CRITERIA_HEADER.fr);
    const criteria = scenario('degat-des-eaux-nuit').rubric.criteria.length;
    expect(rows).toHaveLength(2 * criteria);

    const row = (attempt: string, criterion: string) => rows.find((r) => r['Tentative'] === attempt && r['Critère'] === criterion);
    // Newest first: Karim's attempt, then Léa's.
    expect(rows[0]?.['Tentative']).toBe('a-karim');
    const ref = row('a-lea', 'reference');
    expect(ref).toMatchObject({
      Junior: 'Léa Martin',
      Scénario: 'Fuite au plafond, un soir',
      Version: '1',
      Date: localMinute(T0),
      Mode: 'guidé',
      Libellé: 'Laisser une référence de suivi',
      Compétence: 'Engagement et suivi',
      Type: 'règle',
      'Statut retenu': 'manqué',
      Points: '0',
      Poids: '3',
      Source: 'formateur',
      'Statut joué': 'atteint',
      'Dernier commentaire formateur': COMMENT,
    });
    // Senior path 76/76, ton correct 2/4, reference overridden 0/3: 75/80.
    expect(num(ref?.['Score retenu (%)'])).toBe(93.8);
    expect(row('a-lea', 'ton')).toMatchObject({ Type: 'jugé', 'Statut retenu': 'atteint', Points: '2', Source: 'formateur', 'Statut joué': 'en attente', 'Dernier commentaire formateur': 'Poli et clair.' });
    expect(row('a-karim', 'ton')).toMatchObject({ 'Statut retenu': 'en attente', Source: 'règle', Mode: 'libre', 'Dernier commentaire formateur': '' });
    expect(num(row('a-karim', 'presentation')?.['Score retenu (%)'])).toBe(39.5);
  });

  it('speaks English on request, and follows the inbox filters', async () => {
    const db = await reviewed();
    const { filename, text } = await reviewsCsv(db, { juniorId: KARIM.id }, 'en');
    expect(filename).toMatch(/^palier-review-criteria-\d{4}-\d{2}-\d{2}\.csv$/);
    const { header, rows } = readBack(text);
    expect(header).toEqual(CRITERIA_HEADER.en);
    expect(new Set(rows.map((r) => r['Attempt']))).toEqual(new Set(['a-karim']));
    expect(rows.find((r) => r['Criterion'] === 'ton')).toMatchObject({ Kind: 'judged', 'Status of record': 'pending', Mode: 'free', Competency: 'Empathie' });
    const done = readBack((await reviewsCsv(db, { status: 'reviewed' })).text).rows;
    expect(new Set(done.map((r) => r['Tentative']))).toEqual(new Set(['a-lea']));
  });

  it('neutralises a junior name that a spreadsheet would run as a formula', async () => {
    const db = testDb();
    await seedReviews(db, [playedReview({ id: 'x', junior: { id: 'p-x', name: '=HYPERLINK("http://evil")' } })]);
    const { rows } = readBack((await reviewsCsv(db)).text);
    expect(rows[0]?.['Junior']).toBe('\'=HYPERLINK("http://evil")');
  });
});

describe('the attempts CSV', () => {
  it('has one row per attempt with the played score beside the score of record', async () => {
    const db = await reviewed();
    const { header, rows } = readBack((await attemptsCsv(db)).text);
    expect(header).toEqual(ATTEMPTS_HEADER.fr);
    expect(rows.map((r) => r['Tentative'])).toEqual(['a-karim', 'a-lea']);
    expect(rows[1]).toMatchObject({
      Junior: 'Léa Martin',
      Scénario: 'Fuite au plafond, un soir',
      Mode: 'guidé',
      Voix: 'scriptée',
      Issue: 'réussite',
      Tours: '9',
      Indices: '0',
      'Score joué (%)': '100',
      'Score retenu (%)': '93,8',
      'Critères en attente': '0',
      Décisions: '2',
      Annotations: '0',
      'Dernière revue': localMinute(T0 + 2 * DAY + 1),
    });
    expect(rows[0]).toMatchObject({ Voix: 'IA', Mode: 'libre', Issue: 'partielle', 'Score joué (%)': '39,5', 'Score retenu (%)': '39,5', 'Critères en attente': '1', Décisions: '0', 'Dernière revue': '' });
  });
});

describe('the xAPI export', () => {
  const scored = (list: Statement[], attemptId: string) => list.find((s) => s.verb.id.endsWith('/scored') && s.context.extensions[XAPI_EXT.attemptId] === attemptId);

  it('gives valid statements carrying the score of record, and new ids once a trainer decides again', async () => {
    const db = await reviewed();
    const first = await reviewsXapi(db, {}, { homePage: 'https://formation.example.org/', now: T0 + 3 * DAY });
    expect(first.skipped).toEqual([]);
    expect(first.filename).toBe(`palier-xapi-${localMinute(T0 + 3 * DAY).slice(0, 10)}.json`);
    expect(first.statements.flatMap(validateStatement)).toEqual([]);
    expect(JSON.parse(first.text)).toEqual(first.statements);
    // Oldest attempt first.
    expect(first.statements[0]?.context.extensions[XAPI_EXT.attemptId]).toBe('a-lea');
    expect(first.statements[0]?.actor).toEqual({ objectType: 'Agent', name: 'Léa Martin', account: { homePage: 'https://formation.example.org', name: 'p-lea' } });

    const lea = scored(first.statements, 'a-lea');
    expect(lea?.result?.score?.raw).toBe(93.8);
    expect(lea?.result?.extensions?.[XAPI_EXT.provisional]).toBe(false);
    expect(lea?.id).toBe(statementId('a-lea', 'scored', 0, 2));
    const karim = scored(first.statements, 'a-karim');
    expect(karim?.id).toBe(statementId('a-karim', 'scored'));
    expect(karim?.result?.extensions?.[XAPI_EXT.provisional]).toBe(true);

    await decide(db, 'a-lea', 'ton', { levelId: 'senior' }, 'À la réflexion, comme un senior.', TRAINER);
    const second = await reviewsXapi(db, {}, { homePage: 'https://formation.example.org/' });
    const again = scored(second.statements, 'a-lea');
    expect(again?.id).not.toBe(lea?.id);
    expect(again?.result?.score?.raw).toBe(96.3);
    // Nothing changed for Karim: same ids, so an LRS sees the same statements.
    expect(scored(second.statements, 'a-karim')?.id).toBe(karim?.id);
    expect(second.statements.flatMap(validateStatement)).toEqual([]);
  });

  it('skips, and names, attempts whose scenario version is unknown here', async () => {
    const db = await reviewed();
    const lost = variant('degat-des-eaux-nuit', (s) => s.replace(/^version: 1$/m, 'version: 7'));
    await seedReviews(db, [playedReview({ id: 'a-lost', junior: LEA, scenario: lost, startedAt: T0 + 5 * DAY })], { sources: false });
    const { statements, skipped } = await reviewsXapi(db);
    expect(skipped).toEqual([{ attemptId: 'a-lost', scenarioId: 'degat-des-eaux-nuit', reason: 'scenario-missing' }]);
    expect(new Set(statements.map((s) => s.context.extensions[XAPI_EXT.attemptId]))).toEqual(new Set(['a-lea', 'a-karim']));
  });
});
