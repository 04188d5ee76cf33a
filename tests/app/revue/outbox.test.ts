import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearLrsConfig, saveLrsConfig, type LrsConfig } from '../../../src/app/revue/lrs.ts';
import {
  BACKOFF,
  backoffDelay,
  enqueue,
  flushOutbox,
  outboxCounts,
  parseOutboxNote,
  retryFailed,
  startOutbox,
  type FlushOptions,
  type FlushResult,
} from '../../../src/app/revue/outbox.ts';
import type { Statement } from '../../../src/app/revue/xapi.ts';
import { PalierDatabase } from '../../../src/db/db.ts';
import { sampleStatement as statement, sampleStatements as many, startLoopbackLrs, type LoopbackLrs } from '../../helpers/lrs-server.ts';

/**
 * The outbox against a loopback LRS over real HTTP (Node's fetch) and a fake-indexeddb database:
 * every fault ends with each statement held once by the LRS, and stored by it once.
 */

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
let t = T0;
const now = (): number => t;
let lrs: LoopbackLrs;
let db: PalierDatabase;
let name: string;
let config: LrsConfig;
const opened: PalierDatabase[] = [];

/** A database that the test closes at the end (a « tab »). */
function open(): PalierDatabase {
  const d = new PalierDatabase(name);
  opened.push(d);
  return d;
}

beforeEach(async () => {
  t = T0;
  lrs = await startLoopbackLrs();
  name = `outbox-${crypto.randomUUID()}`;
  db = open();
  config = { endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password };
});
afterEach(async () => {
  await lrs.close();
  for (const d of opened.splice(0)) d.close();
});

const flush = (over: FlushOptions = {}, on: PalierDatabase = db, cfg: LrsConfig = config): Promise<FlushResult> =>
  flushOutbox(on, cfg, { now, random: () => 0, timeoutMs: 2_000, ...over });

/** Every statement is at the LRS, as sent, stored exactly once; nothing else is there. */
function expectExactlyOnce(list: Statement[], preloaded = 0): void {
  expect(lrs.stored.size).toBe(list.length);
  for (const s of list) {
    const held = lrs.stored.get(s.id);
    expect(held, s.id).toBeDefined();
    expect(held?.verb).toEqual(s.verb);
  }
  const acceptedTwice = [...lrs.accepted].filter(([, n]) => n !== 1);
  expect(acceptedTwice).toEqual([]);
  expect(lrs.accepted.size).toBe(list.length - preloaded);
}

describe('enqueue', () => {
  it('queues valid statements once, by id, whatever state the first copy is in', async () => {
    const list = many(3);
    expect(await enqueue(db, list, t)).toEqual({ added: 3, already: 0, refused: [] });
    expect(await enqueue(db, [...list, list[0] as Statement], t)).toEqual({ added: 0, already: 4, refused: [] });
    await flush();
    // Sent already: queuing the same statements again sends nothing.
    expect(await enqueue(db, list, t)).toMatchObject({ added: 0, already: 3 });
    expect(await flush()).toEqual({ sent: 0, waiting: 0, failed: 0 });
    expect(lrs.writes()).toHaveLength(1);
  });

  it('refuses invalid statements with their reasons and queues the others', async () => {
    const good = statement(1);
    const badId = { ...statement(2), id: 'not-a-uuid' };
    const badScore = { ...statement(3), result: { score: { scaled: 1.5, raw: 150, min: 0, max: 100 } } } as unknown as Statement;
    const r = await enqueue(db, [good, badId, badScore], t);
    expect(r.added).toBe(1);
    expect(r.refused).toEqual([
      { index: 1, id: 'not-a-uuid', problems: [expect.stringMatching(/^id: /)] },
      { index: 2, id: badScore.id, problems: expect.arrayContaining([expect.stringMatching(/^result\.score\.scaled: 1\.5 is outside/)]) },
    ]);
    expect(await db.outbox.count()).toBe(1);
  });
});

describe('flush', () => {
  it('POSTs due statements to the statements resource with the xAPI headers, then marks them sent', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    t += 5;
    expect(await flush()).toEqual({ sent: 3, waiting: 0, failed: 0 });
    const [post] = lrs.writes();
    expect(post?.method).toBe('POST');
    expect(post?.headers['x-experience-api-version']).toBe('1.0.3');
    expect(post?.headers['content-type']).toBe('application/json');
    expect(post?.headers.authorization).toBe(`Basic ${Buffer.from('palier-key:sécret-1').toString('base64')}`);
    expect(post?.body).toEqual(list);
    const records = await db.outbox.toArray();
    expect(records.every((r) => r.state === 'sent' && r.sentAt === T0 + 5 && r.lastError === undefined)).toBe(true);
    expectExactlyOnce(list);
  });

  it('sends in batches of batchSize, oldest first', async () => {
    const first = many(4, 'a-1');
    const second = many(3, 'a-2');
    await enqueue(db, second, t + 1);
    await enqueue(db, first, t);
    t += 10;
    expect(await flush({ batchSize: 3 })).toEqual({ sent: 7, waiting: 0, failed: 0 });
    const posts = lrs.writes('POST');
    expect(posts.map((p) => (p.body as unknown[]).length)).toEqual([3, 3, 1]);
    expect((posts[0]?.body as Statement[]).map((s) => s.id)).toEqual(first.slice(0, 3).map((s) => s.id));
    expectExactlyOnce([...first, ...second]);
  });
});

describe('faults: every statement arrives exactly once', () => {
  it('500: kept queued with a try counted and a backoff, then delivered', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'status', status: 500 });
    expect(await flush()).toEqual({ sent: 0, waiting: 3, failed: 0, stopped: 'server' });
    const r = await db.outbox.get(list[0]?.id as string);
    expect(r).toMatchObject({ state: 'queued', tries: 1, nextAt: T0 + 30_000 });
    expect(parseOutboxNote(r?.lastError)).toEqual({ code: 'server', status: 500, detail: 'fault 500' });
    expect(await outboxCounts(db)).toEqual({ queued: 3, sent: 0, failed: 0, nextAt: T0 + 30_000, lastError: 'server 500: fault 500' });
    // Not due yet: nothing is sent.
    t += 29_999;
    expect(await flush()).toEqual({ sent: 0, waiting: 3, failed: 0 });
    expect(lrs.writes()).toHaveLength(1);
    t += 1;
    expect(await flush()).toEqual({ sent: 3, waiting: 0, failed: 0 });
    expectExactlyOnce(list);
  });

  it('backoff: 30 s × 2^(tries − 1), capped at one hour, jitter up to 10 % on top', async () => {
    const list = many(2);
    await enqueue(db, list, t);
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) {
      lrs.fault({ kind: 'status', status: 503 });
      expect((await flush()).stopped).toBe('server');
      const r = await db.outbox.get(list[0]?.id as string);
      waits.push((r?.nextAt ?? 0) - t);
      expect(r?.tries).toBe(i + 1);
      t = r?.nextAt ?? t;
    }
    expect(waits.map((w) => w / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
    expect(backoffDelay(1, () => 0.5)).toBe(30_000 + 1_500);
    expect(backoffDelay(30, () => 0.999)).toBeLessThan(BACKOFF.capMs * 1.1);
    expect(await flush()).toMatchObject({ sent: 2, waiting: 0 });
    expectExactlyOnce(list);
  });

  it('a failed batch holds back the other due statements until its retry (no hammering)', async () => {
    const list = many(5);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'status', status: 502 });
    expect(await flush({ batchSize: 2 })).toMatchObject({ sent: 0, waiting: 5, stopped: 'server' });
    expect(lrs.writes()).toHaveLength(1);
    const records = await db.outbox.toArray();
    expect(records.map((r) => r.nextAt)).toEqual(records.map(() => T0 + 30_000));
    expect(records.filter((r) => r.tries === 1)).toHaveLength(2);
    t += 30_000;
    expect(await flush({ batchSize: 2 })).toMatchObject({ sent: 5, waiting: 0 });
    expectExactlyOnce(list);
  });

  it('timeout: the request is abandoned after timeoutMs and retried later', async () => {
    const list = many(2);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'hang' });
    const started = Date.now();
    expect(await flush({ timeoutMs: 200 })).toEqual({ sent: 0, waiting: 2, failed: 0, stopped: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await db.outbox.get(list[0]?.id as string))?.lastError).toBe('timeout');
    t += 30_000;
    expect(await flush({ timeoutMs: 200 })).toMatchObject({ sent: 2, waiting: 0 });
    expectExactlyOnce(list);
  });

  it('timeout after the LRS stored the batch: the retry meets 409, PUTs each, no duplicate', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'store-then-hang' });
    expect((await flush({ timeoutMs: 200 })).stopped).toBe('timeout');
    expect(lrs.stored.size).toBe(3);
    t += 30_000;
    expect(await flush({ timeoutMs: 200 })).toEqual({ sent: 3, waiting: 0, failed: 0 });
    expect(lrs.writes().map((w) => `${w.method} ${w.status ?? '-'}`)).toEqual(['POST -', 'POST 409', 'PUT 204', 'PUT 204', 'PUT 204']);
    expectExactlyOnce(list);
  });

  it('connection dropped after the LRS stored the batch: the client cannot know, the retry creates no duplicate', async () => {
    const list = many(4);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'store-then-drop' });
    const first = await flush();
    expect(first).toMatchObject({ sent: 0, waiting: 4, stopped: 'network' });
    expect(parseOutboxNote((await db.outbox.get(list[0]?.id as string))?.lastError)?.code).toBe('network');
    t += 30_000;
    expect(await flush()).toMatchObject({ sent: 4, waiting: 0 });
    expectExactlyOnce(list);
    // The LRS received each statement in three bodies (POST, POST refused, PUT) and stored it once.
    expect([...lrs.received.values()]).toEqual([3, 3, 3, 3]);
  });

  it('an LRS that accepts an identical POST silently (200) also ends with one copy', async () => {
    lrs.options.identicalPost = 'accept';
    const list = many(3);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'store-then-drop' });
    await flush();
    t += 30_000;
    expect(await flush()).toMatchObject({ sent: 3 });
    expect(lrs.writes('PUT')).toHaveLength(0);
    expectExactlyOnce(list);
  });

  it('409 / duplicate id: ids the LRS already holds are delivered, not resent, and noted', async () => {
    lrs.options.identicalPut = 'conflict';
    const list = many(5);
    // Two statements reached the LRS some other way (an earlier device, an export imported there);
    // one of them differs (the LRS keeps its own version: xAPI statements are immutable).
    lrs.preload([{ ...(list[1] as Statement) }, { ...(list[3] as Statement), result: { response: 'autre' } }]);
    await enqueue(db, list, t);
    expect(await flush()).toEqual({ sent: 5, waiting: 0, failed: 0 });
    expect(lrs.writes().map((w) => `${w.method} ${w.status}`)).toEqual(['POST 409', 'PUT 204', 'PUT 409', 'PUT 204', 'PUT 409', 'PUT 204']);
    const noted = await db.outbox.where('state').equals('sent').filter((r) => r.lastError !== undefined).toArray();
    expect(noted.map((r) => r.id).sort()).toEqual([list[1]?.id, list[3]?.id].sort());
    expect(parseOutboxNote(noted[0]?.lastError)).toMatchObject({ code: 'already', status: 409 });
    expectExactlyOnce(list, 2);
    expect(lrs.stored.get(list[3]?.id as string)?.result).toEqual({ response: 'autre' });
  });

  it('400: the statement the LRS refuses is marked failed with its message; the others go through', async () => {
    const list = many(4);
    const bad = list[2]?.id as string;
    lrs.options.reject = (s) => (s.id === bad ? 'object.definition.type is not allowed here' : undefined);
    await enqueue(db, list, t);
    expect(await flush()).toEqual({ sent: 3, waiting: 0, failed: 1 });
    const r = await db.outbox.get(bad);
    expect(r?.state).toBe('failed');
    expect(parseOutboxNote(r?.lastError)).toEqual({ code: 'invalid', status: 400, detail: `statement ${bad}: object.definition.type is not allowed here` });
    expect(await outboxCounts(db)).toMatchObject({ queued: 0, sent: 3, failed: 1, lastError: r?.lastError });
    // Fixed on the LRS side: « Réessayer les envois en échec ».
    delete lrs.options.reject;
    expect(await retryFailed(db, t)).toBe(1);
    expect(await flush()).toEqual({ sent: 1, waiting: 0, failed: 0 });
    expectExactlyOnce(list);
  });

  it('auth failure: the flush stops, the queue stays as it was (no try counted), and resumes once the credentials are fixed', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    const wrong = { ...config, password: 'ancien' };
    expect(await flush({}, db, wrong)).toEqual({ sent: 0, waiting: 3, failed: 0, stopped: 'auth' });
    const r = await db.outbox.get(list[0]?.id as string);
    expect(r).toMatchObject({ state: 'queued', tries: 0, nextAt: T0 });
    expect(parseOutboxNote(r?.lastError)).toMatchObject({ code: 'auth', status: 401 });
    lrs.fault({ kind: 'status', status: 403 });
    expect((await flush()).stopped).toBe('auth');
    expect(await flush()).toEqual({ sent: 3, waiting: 0, failed: 0 });
    expect((await db.outbox.get(list[0]?.id as string))?.lastError).toBeUndefined();
    expectExactlyOnce(list);
  });

  it('another 4xx (a wrong endpoint): kept queued with backoff, reported as rejected', async () => {
    await enqueue(db, many(2), t);
    expect(await flush({}, db, { ...config, endpoint: `${lrs.root}/mauvais` })).toMatchObject({ sent: 0, waiting: 2, stopped: 'rejected' });
    expect(parseOutboxNote((await outboxCounts(db)).lastError)).toMatchObject({ code: 'rejected', status: 404 });
  });
});

describe('concurrency and reloads', () => {
  it('two flushes at once (timer and button) never send a statement twice', async () => {
    const list = many(9);
    await enqueue(db, list, t);
    const [a, b] = await Promise.all([flush({ batchSize: 2 }), flush({ batchSize: 2 })]);
    expect((a?.sent ?? 0) + (b?.sent ?? 0)).toBe(9);
    // They really ran side by side: each sent part of the queue.
    expect(a?.sent).toBeGreaterThan(0);
    expect(b?.sent).toBeGreaterThan(0);
    expectExactlyOnce(list);
    expect([...lrs.received.values()].every((n) => n === 1)).toBe(true);
  });

  it('two tabs (two connections to the same database) flushing at once never send a statement twice', async () => {
    const list = many(12);
    await enqueue(db, list, t);
    const other = open();
    const results = await Promise.all([flush({ batchSize: 3 }), flush({ batchSize: 3 }, other), flush({ batchSize: 3 })]);
    expect(results.reduce((n, r) => n + r.sent, 0)).toBe(12);
    expect(results.every((r) => r.sent > 0)).toBe(true);
    expectExactlyOnce(list);
    expect([...lrs.received.values()].every((n) => n === 1)).toBe(true);
  });

  it('a reload mid-flush: the claimed batch waits for its lease, then goes once', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'hang' });
    const lost = flush({ timeoutMs: 10_000 }).catch((e: unknown) => e);
    await expect.poll(() => lrs.writes().length).toBe(1);
    // The tab goes away mid-request: its database connection closes, its flush never ends well.
    db.close();
    const reloaded = open();
    // Leased: not due for another flush before the lease ends (timeout + 30 s).
    expect(await flush({ timeoutMs: 10_000 }, reloaded)).toEqual({ sent: 0, waiting: 3, failed: 0 });
    t += 10_000 + 30_000 + 1;
    expect(await flush({}, reloaded)).toEqual({ sent: 3, waiting: 0, failed: 0 });
    expectExactlyOnce(list);
    await lrs.close();
    expect(await lost).toBeDefined();
  });

  it('a reload after the LRS stored the batch but before the answer: no duplicate', async () => {
    const list = many(3);
    await enqueue(db, list, t);
    lrs.fault({ kind: 'store-then-hang' });
    const lost = flush({ timeoutMs: 10_000 }).catch((e: unknown) => e);
    await expect.poll(() => lrs.stored.size).toBe(3);
    db.close();
    const reloaded = open();
    t += 40_001;
    expect(await flush({}, reloaded)).toEqual({ sent: 3, waiting: 0, failed: 0 });
    expectExactlyOnce(list);
    await lrs.close();
    await lost;
  });
});

describe('startOutbox', () => {
  /** Timers the test fires by hand; `delays` are what the runner asked for. */
  function manualTimers() {
    const pending = new Map<number, () => void>();
    const delays: number[] = [];
    let n = 0;
    return {
      delays,
      pending,
      set: (fn: () => void, ms: number) => {
        delays.push(ms);
        pending.set(++n, fn);
        return n;
      },
      clear: (h: unknown) => {
        pending.delete(h as number);
      },
      fire: () => {
        const [[h, fn]] = [...pending] as [[number, () => void]];
        pending.delete(h);
        fn();
      },
    };
  }

  afterEach(async () => {
    for (const d of opened) await clearLrsConfig(d).catch(() => undefined);
  });

  it('drains after a reload without anyone pressing a button; waits for the next due time on a timer', async () => {
    const list = many(4);
    await saveLrsConfig(db, config);
    lrs.fault({ kind: 'status', status: 500 });
    const timers = manualTimers();
    const flushed: FlushResult[] = [];
    const runner = startOutbox(db, { now, random: () => 0, timers, onFlush: (r) => flushed.push(r) });
    await enqueue(db, list, t);
    await expect.poll(() => flushed.some((r) => r.stopped === 'server')).toBe(true);
    // The timer is set for the retry: 30 s from now.
    expect(timers.delays.at(-1)).toBe(30_000);
    runner.stop();
    expect(timers.pending.size).toBe(0);
    db.close();

    // Reload: a new connection, a new runner, the clock past the retry time.
    t += 30_000;
    const reloaded = open();
    const again: FlushResult[] = [];
    const next = startOutbox(reloaded, { now, random: () => 0, timers: manualTimers(), onFlush: (r) => again.push(r) });
    await expect.poll(() => again.at(-1)?.sent).toBe(4);
    next.stop();
    expectExactlyOnce(list);
  });

  it('flushes when the browser comes back online', async () => {
    await saveLrsConfig(db, config);
    const events = new EventTarget();
    const flushed: FlushResult[] = [];
    lrs.fault({ kind: 'status', status: 503 });
    await enqueue(db, many(2), t);
    const runner = startOutbox(db, { now, random: () => 0, timers: manualTimers(), events, onFlush: (r) => flushed.push(r) });
    await expect.poll(() => flushed.length).toBe(1);
    t += 30_000;
    events.dispatchEvent(new Event('online'));
    await expect.poll(() => flushed.at(-1)?.sent).toBe(2);
    runner.stop();
  });

  it('without an LRS it sends nothing; once the settings are saved it drains at once', async () => {
    const flushed: FlushResult[] = [];
    const runner = startOutbox(db, { now, timers: manualTimers(), onFlush: (r) => flushed.push(r) });
    await enqueue(db, many(3), t);
    expect(await runner.flushNow()).toEqual({ sent: 0, waiting: 3, failed: 0 });
    expect(lrs.requests).toHaveLength(0);
    await saveLrsConfig(db, config);
    await expect.poll(() => flushed.at(-1)?.sent).toBe(3);
    runner.stop();
  });

  it('after refused credentials it waits; fixing them in the settings resumes the queue', async () => {
    await saveLrsConfig(db, { ...config, password: 'ancien' });
    const timers = manualTimers();
    const flushed: FlushResult[] = [];
    const runner = startOutbox(db, { now, timers, authRetryMs: 120_000, onFlush: (r) => flushed.push(r) });
    await enqueue(db, many(2), t);
    await expect.poll(() => flushed.at(-1)?.stopped).toBe('auth');
    expect(timers.delays.at(-1)).toBe(120_000);
    await saveLrsConfig(db, config);
    await expect.poll(() => flushed.at(-1)?.sent).toBe(2);
    runner.stop();
  });

  it('flushNow during a flush waits for it, then flushes once more (calls made meanwhile share it)', async () => {
    await saveLrsConfig(db, config);
    const list = many(2);
    await enqueue(db, list, t);
    const flushed: FlushResult[] = [];
    // Starting flushes at once: the two calls made meanwhile share the next flush.
    const runner = startOutbox(db, { now, timers: manualTimers(), onFlush: (r) => flushed.push(r) });
    const b = runner.flushNow();
    const c = runner.flushNow();
    expect(b).toBe(c);
    expect(await b).toEqual({ sent: 0, waiting: 0, failed: 0 });
    expect(flushed).toEqual([{ sent: 2, waiting: 0, failed: 0 }, { sent: 0, waiting: 0, failed: 0 }]);
    expect(lrs.writes()).toHaveLength(1);
    expectExactlyOnce(list);
    runner.stop();
  });
});
