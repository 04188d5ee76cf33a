import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportProfile, serializeExport } from '../../../src/app/data-transfer.ts';
import { isSecretSetting } from '../../../src/app/profiles.ts';
import {
  basicAuth,
  checkLrsConfig,
  clearLrsConfig,
  isLoopbackHost,
  lrsConfig,
  lrsMessage,
  saveLrsConfig,
  testLrs,
  watchLrsConfig,
  type LrsConfig,
} from '../../../src/app/revue/lrs.ts';
import { closedPortUrl } from '../../ai/helpers/loopback.ts';
import { startLoopbackLrs, type LoopbackLrs } from '../../helpers/lrs-server.ts';
import { freshDatabase, seedProfile } from '../profile-fixture.ts';

const PASSWORD = 'mot-de-passe-très-secret';

describe('checkLrsConfig', () => {
  const ok = (endpoint: string) => checkLrsConfig({ endpoint, username: 'clé', password: 'p' });
  const problems = (input: { endpoint: string; username?: string; password?: string }) => {
    const r = checkLrsConfig({ username: 'clé', password: 'p', ...input });
    return r.ok ? [] : r.problems;
  };

  it('accepts https, normalises the trailing slash and keeps the path', () => {
    expect(ok(' https://lrs.example.org/data/xAPI/ ')).toEqual({
      ok: true,
      config: { endpoint: 'https://lrs.example.org/data/xAPI', username: 'clé', password: 'p' },
    });
    expect(ok('https://lrs.example.org')).toMatchObject({ config: { endpoint: 'https://lrs.example.org' } });
    expect(ok('https://LRS.Example.org:8443/xapi//')).toMatchObject({ config: { endpoint: 'https://lrs.example.org:8443/xapi' } });
  });

  it('allows plain http only to this machine (loopback)', () => {
    for (const host of ['localhost', '127.0.0.1', '[::1]']) expect(ok(`http://${host}:8080/xapi`).ok, host).toBe(true);
    expect(problems({ endpoint: 'http://lrs.example.org/xapi' })).toEqual([{ field: 'endpoint', code: 'https-required' }]);
    expect(problems({ endpoint: 'http://192.168.1.10/xapi' })).toEqual([{ field: 'endpoint', code: 'https-required' }]);
    expect(isLoopbackHost('127.0.0.1.example.org')).toBe(false);
  });

  it('locates each problem on its field, with a code', () => {
    expect(problems({ endpoint: '' })).toEqual([{ field: 'endpoint', code: 'required' }]);
    expect(problems({ endpoint: 'lrs.example.org' })).toEqual([{ field: 'endpoint', code: 'invalid-url' }]);
    expect(problems({ endpoint: 'ftp://lrs.example.org' })).toEqual([{ field: 'endpoint', code: 'not-http' }]);
    expect(problems({ endpoint: 'https://key:secret@lrs.example.org/xapi' })).toEqual([{ field: 'endpoint', code: 'credentials-in-url' }]);
    expect(problems({ endpoint: 'https://lrs.example.org/xapi?x=1' })).toEqual([{ field: 'endpoint', code: 'query-in-url' }]);
    expect(problems({ endpoint: 'https://lrs.example.org/xapi#a' })).toEqual([{ field: 'endpoint', code: 'query-in-url' }]);
    expect(problems({ endpoint: 'https://lrs.example.org', username: ' ', password: '' })).toEqual([
      { field: 'username', code: 'required' },
      { field: 'password', code: 'required' },
    ]);
    expect(problems({ endpoint: 'https://lrs.example.org', username: 'a:b' })).toEqual([{ field: 'username', code: 'colon' }]);
  });
});

describe('stored settings', () => {
  it('saves, reads back and forgets; the password lives under a secret key', async () => {
    const db = freshDatabase();
    expect(await lrsConfig(db)).toBeUndefined();
    expect(await saveLrsConfig(db, { endpoint: 'https://lrs.example.org/xapi/', username: ' formation ', password: PASSWORD })).toEqual({ ok: true });
    expect(await lrsConfig(db)).toEqual({ endpoint: 'https://lrs.example.org/xapi', username: 'formation', password: PASSWORD });
    const rows = await db.settings.toArray();
    const holding = rows.filter((r) => JSON.stringify(r.value).includes(PASSWORD));
    expect(holding.map((r) => r.key)).toEqual(['lrs:password']);
    expect(holding.every((r) => isSecretSetting(r.key))).toBe(true);
    await clearLrsConfig(db);
    expect(await lrsConfig(db)).toBeUndefined();
    expect(await db.settings.count()).toBe(0);
  });

  it('an empty password keeps the stored one (the form never shows it back); without one it is required', async () => {
    const db = freshDatabase();
    expect(await saveLrsConfig(db, { endpoint: 'https://lrs.example.org', username: 'k' })).toEqual({
      ok: false,
      problems: [{ field: 'password', code: 'required' }],
    });
    await saveLrsConfig(db, { endpoint: 'https://lrs.example.org', username: 'k', password: PASSWORD });
    expect(await saveLrsConfig(db, { endpoint: 'https://lrs2.example.org', username: 'k2', password: '' })).toEqual({ ok: true });
    expect(await lrsConfig(db)).toEqual({ endpoint: 'https://lrs2.example.org', username: 'k2', password: PASSWORD });
  });

  it('refuses an invalid configuration without touching the stored one', async () => {
    const db = freshDatabase();
    await saveLrsConfig(db, { endpoint: 'https://lrs.example.org', username: 'k', password: PASSWORD });
    const r = await saveLrsConfig(db, { endpoint: 'http://lrs.example.org', username: 'k', password: 'autre' });
    expect(r).toEqual({ ok: false, problems: [{ field: 'endpoint', code: 'https-required' }] });
    expect(await lrsConfig(db)).toEqual({ endpoint: 'https://lrs.example.org', username: 'k', password: PASSWORD });
  });

  it('never leaves the device with a profile export (device settings, and the password is a secret)', async () => {
    const db = freshDatabase();
    const { profile } = await seedProfile(db);
    await db.profiles.update(profile.id, { role: 'formateur' });
    await saveLrsConfig(db, { endpoint: 'https://lrs.example.org/xapi', username: 'formation-bailleur', password: PASSWORD });
    const data = await exportProfile(db, profile.id);
    if (!data) throw new Error('fixture');
    const text = serializeExport(data);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('lrs.example.org');
    expect(text).not.toContain('formation-bailleur');
    expect(data.settings.every((s) => !s.key.startsWith('lrs:'))).toBe(true);
  });

  it('tells watchers when the configuration changes in this tab', async () => {
    const db = freshDatabase();
    let calls = 0;
    const unwatch = watchLrsConfig(() => calls++);
    await saveLrsConfig(db, { endpoint: 'https://lrs.example.org', username: 'k', password: PASSWORD });
    await saveLrsConfig(db, { endpoint: 'nope', username: 'k', password: PASSWORD });
    await clearLrsConfig(db);
    unwatch();
    await clearLrsConfig(db);
    expect(calls).toBe(2);
  });
});

describe('HTTP helpers', () => {
  it('Basic credentials are UTF-8, base64 (RFC 7617)', () => {
    expect(basicAuth({ username: 'clé', password: 'é:1' })).toBe(`Basic ${Buffer.from('clé:é:1', 'utf8').toString('base64')}`);
  });

  it('reads an LRS error body', () => {
    expect(lrsMessage('{"message":"Invalid statement"}')).toBe('Invalid statement');
    expect(lrsMessage('{"error":{"message":"bad verb"}}')).toBe('bad verb');
    expect(lrsMessage('  Bad\n request ')).toBe('Bad request');
  });
});

describe('testLrs against a loopback LRS', () => {
  let lrs: LoopbackLrs;
  let config: LrsConfig;
  beforeAll(async () => {
    lrs = await startLoopbackLrs();
    config = { endpoint: lrs.endpoint, username: lrs.credentials.username, password: lrs.credentials.password };
  });
  afterAll(async () => {
    await lrs.close();
  });

  it('ok: About lists xAPI 1.0.3 and the credentials open the statements', async () => {
    const r = await testLrs(config);
    expect(r).toMatchObject({ ok: true, code: 'ok', versions: ['1.0.3', '1.0.2'] });
    const [about, statements] = lrs.requests.slice(-2);
    expect(about?.path).toBe('/xapi/about');
    expect(about?.headers.authorization).toBeUndefined();
    expect(statements?.path).toBe('/xapi/statements');
    expect(statements?.query.get('limit')).toBe('1');
    expect(statements?.headers['x-experience-api-version']).toBe('1.0.3');
    expect(statements?.status).toBe(200);
  });

  it('unauthorized: a wrong password is named as such', async () => {
    expect(await testLrs({ ...config, password: 'faux' })).toMatchObject({ ok: false, code: 'unauthorized', status: 401 });
  });

  it('not-lrs: an address that is not the xAPI endpoint (About missing)', async () => {
    expect(await testLrs({ ...config, endpoint: lrs.root })).toMatchObject({ ok: false, code: 'not-lrs', status: 404 });
  });

  it('version: an LRS that speaks no 1.0.x', async () => {
    lrs.options.versions = ['0.95'];
    try {
      expect(await testLrs(config)).toMatchObject({ ok: false, code: 'version' });
    } finally {
      lrs.options.versions = ['1.0.3', '1.0.2'];
    }
  });

  it('http: a server error', async () => {
    lrs.fault({ kind: 'status', status: 502 });
    expect(await testLrs(config)).toMatchObject({ ok: false, code: 'http', status: 502 });
  });

  it('timeout: no answer within the budget', async () => {
    lrs.fault({ kind: 'hang' });
    const started = Date.now();
    expect(await testLrs(config, { timeoutMs: 200 })).toMatchObject({ ok: false, code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('unreachable: nothing listens there', async () => {
    const url = await closedPortUrl();
    expect(await testLrs({ ...config, endpoint: `${url}/xapi` }, { corsProbe: false })).toMatchObject({ ok: false, code: 'unreachable' });
  });

  it('cors: the request fails but a no-cors probe gets an opaque answer', async () => {
    const seen: Array<RequestMode | undefined> = [];
    const browserLike: typeof fetch = (input, init) => {
      seen.push(init?.mode);
      return init?.mode === 'no-cors' ? globalThis.fetch(input, { ...init, mode: undefined }) : Promise.reject(new TypeError('Failed to fetch'));
    };
    expect(await testLrs(config, { fetch: browserLike, corsProbe: true })).toMatchObject({ ok: false, code: 'cors' });
    expect(seen).toEqual([undefined, 'no-cors']);
  });
});
