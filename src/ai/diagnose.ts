import { isLocalHost, type AiConfig, type Provider } from './config.ts';
import { deadline, raceSignal } from './deadline.ts';

/**
 * « Tester la connexion » in Réglages: names the real cause of a failure, in French and English,
 * with what to do about it. Plain fetch, no LangChain (the settings screen stays light).
 *
 * Causes:
 * - `unreachable`: no server answers at that address;
 * - `cors`: a server answers but the browser hides its answer (Cross-Origin Resource Sharing);
 * - `unauthorized`: HTTP 401 or 403, the API key is missing or refused;
 * - `unknown-model`: the server does not have the model (Ollama 404 « model not found », OpenAI
 *   404 `model_not_found`, vLLM « does not exist », or a model list without it);
 * - `timeout`: no answer within the configured time;
 * - `http`: another HTTP error;
 * - `bad-response`: an answer that is not what this provider sends (often a wrong path).
 *
 * In a browser, a cross-origin request the server does not allow fails exactly like a request to
 * a server that is down (`TypeError: Failed to fetch`, nothing else is exposed). After such a
 * failure we send one more request with `mode: 'no-cors'`: its response is opaque, but that it
 * arrives at all proves a server is listening — so the cause is CORS, not the network.
 */
export type DiagnosisCause = 'unreachable' | 'cors' | 'unauthorized' | 'unknown-model' | 'timeout' | 'http' | 'bad-response';

export type Diagnosis =
  | { ok: true; model: string; latencyMs: number; message: string; messageEn: string }
  | { ok: false; cause: DiagnosisCause; status?: number; detail: string; message: string; messageEn: string };

export interface DiagnoseOptions {
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** Overrides `config.timeoutMs`. */
  timeoutMs?: number;
  now?: () => number;
  /** Send the `no-cors` probe after a network failure (default: when running in a browser). */
  corsProbe?: boolean;
  /** The page's origin, for the CORS advice (default: `location.origin` in a browser). */
  origin?: string;
}

interface Params {
  url: string;
  model: string;
  provider: Provider;
  status?: number;
  available?: string[];
  seconds?: number;
  origin?: string;
  latencyMs?: number;
  detail?: string;
  /** The page is https and the server plain http on another host: browsers block that. */
  mixedContent?: boolean;
}

const PROVIDER_LABEL: Record<Provider, { fr: string; en: string }> = {
  ollama: { fr: 'Ollama', en: 'Ollama' },
  openai: { fr: 'compatible OpenAI', en: 'OpenAI-compatible' },
  mistral: { fr: 'Mistral', en: 'Mistral' },
};

function availableList(p: Params, lang: 'fr' | 'en'): string {
  if (!p.available || p.available.length === 0) return lang === 'fr' ? ' Le serveur n’en liste aucun.' : ' The server lists none.';
  const shown = p.available.slice(0, 8).join(', ') + (p.available.length > 8 ? '…' : '');
  return lang === 'fr' ? ` Modèles disponibles : ${shown}.` : ` Available models: ${shown}.`;
}

/** Messages, written once per cause (French first). */
export const DIAGNOSIS_MESSAGES: Record<DiagnosisCause | 'ok', { fr: (p: Params) => string; en: (p: Params) => string }> = {
  ok: {
    fr: (p) => `Connexion réussie : le modèle « ${p.model} » est disponible (${p.latencyMs} ms).`,
    en: (p) => `Connected: the model "${p.model}" is available (${p.latencyMs} ms).`,
  },
  unreachable: {
    fr: (p) =>
      `Aucun serveur ne répond à l’adresse ${p.url}. Vérifiez qu’il est démarré${p.provider === 'ollama' ? ' (ollama serve)' : ''} et que l’adresse et le port sont les bons.` +
      (p.mixedContent ? ' Palier est servi en https : le navigateur bloque un serveur en http sur une autre machine ; utilisez https.' : ''),
    en: (p) =>
      `No server answers at ${p.url}. Check that it is running${p.provider === 'ollama' ? ' (ollama serve)' : ''} and that the address and port are right.` +
      (p.mixedContent ? ' Palier is served over https: the browser blocks a plain-http server on another machine; use https.' : ''),
  },
  cors: {
    fr: (p) =>
      `Le serveur ${p.url} répond, mais le navigateur bloque la réponse (CORS) : le serveur doit autoriser l’origine ${p.origin ?? 'de Palier'}. ` +
      (p.provider === 'ollama'
        ? `Pour Ollama, redémarrez-le avec la variable OLLAMA_ORIGINS=${p.origin ?? '<origine de Palier>'}.`
        : 'Autorisez cette origine dans la configuration du serveur (par exemple --allowed-origins pour vLLM, l’option CORS de LM Studio).'),
    en: (p) =>
      `The server at ${p.url} answers, but the browser blocks its response (CORS): the server must allow the origin ${p.origin ?? 'of Palier'}. ` +
      (p.provider === 'ollama'
        ? `For Ollama, restart it with the variable OLLAMA_ORIGINS=${p.origin ?? '<Palier origin>'}.`
        : 'Allow this origin in the server configuration (for example --allowed-origins for vLLM, the CORS option of LM Studio).'),
  },
  unauthorized: {
    fr: (p) => `Accès refusé (HTTP ${p.status}) : la clé d’API manque ou n’est pas acceptée. Vérifiez-la dans les réglages.`,
    en: (p) => `Access denied (HTTP ${p.status}): the API key is missing or not accepted. Check it in the settings.`,
  },
  'unknown-model': {
    fr: (p) => `Le serveur ne connaît pas le modèle « ${p.model} ».${availableList(p, 'fr')}${p.provider === 'ollama' ? ` Pour l’installer : ollama pull ${p.model}` : ''}`,
    en: (p) => `The server does not have the model "${p.model}".${availableList(p, 'en')}${p.provider === 'ollama' ? ` To install it: ollama pull ${p.model}` : ''}`,
  },
  timeout: {
    fr: (p) => `Pas de réponse en ${p.seconds} s. Le serveur est peut-être occupé ou en train de charger le modèle : réessayez, ou allongez le délai.`,
    en: (p) => `No answer within ${p.seconds} s. The server may be busy or loading the model: try again, or raise the timeout.`,
  },
  http: {
    fr: (p) => `Le serveur a répondu par une erreur HTTP ${p.status}${p.detail ? ` : ${p.detail}` : ''}.`,
    en: (p) => `The server answered with HTTP error ${p.status}${p.detail ? `: ${p.detail}` : ''}.`,
  },
  'bad-response': {
    fr: (p) =>
      `Le serveur ${p.url} répond, mais pas comme un serveur ${PROVIDER_LABEL[p.provider].fr}. Vérifiez l’adresse${p.provider === 'openai' ? ' (elle se termine souvent par /v1)' : ''} et le fournisseur choisi.`,
    en: (p) =>
      `The server at ${p.url} answers, but not like an ${PROVIDER_LABEL[p.provider].en} server. Check the address${p.provider === 'openai' ? ' (it often ends with /v1)' : ''} and the chosen provider.`,
  },
};

function failure(cause: DiagnosisCause, p: Params, detail: string): Diagnosis {
  return {
    ok: false,
    cause,
    ...(p.status !== undefined ? { status: p.status } : {}),
    detail,
    message: DIAGNOSIS_MESSAGES[cause].fr(p),
    messageEn: DIAGNOSIS_MESSAGES[cause].en(p),
  };
}

/**
 * What a network failure means, given the `no-cors` probe: an opaque answer proves a server is
 * there, so the first request was blocked by CORS; a failed (or skipped) probe means unreachable.
 *
 * @example
 * classifyNetworkFailure('opaque'); // 'cors'
 * classifyNetworkFailure('failed'); // 'unreachable'
 */
export function classifyNetworkFailure(probe: 'opaque' | 'failed' | 'skipped'): 'cors' | 'unreachable' {
  return probe === 'opaque' ? 'cors' : 'unreachable';
}

/**
 * What an HTTP error means (401/403 → unauthorized; a « model not found » answer → unknown-model;
 * otherwise http).
 *
 * @example
 * classifyHttpFailure(404, '{"error":"model \'x\' not found"}'); // 'unknown-model'
 */
export function classifyHttpFailure(status: number, body: string): 'unauthorized' | 'unknown-model' | 'http' {
  if (status === 401 || status === 403) return 'unauthorized';
  let code: unknown;
  let message = body;
  try {
    const json = JSON.parse(body) as { error?: unknown; code?: unknown; message?: unknown };
    const err = json.error;
    if (typeof err === 'object' && err !== null) {
      code = (err as { code?: unknown }).code;
      message = String((err as { message?: unknown }).message ?? body);
    } else {
      code = json.code;
      message = String(err ?? json.message ?? body);
    }
  } catch {
    // Not JSON: read the text as it is.
  }
  if (code === 'model_not_found') return 'unknown-model';
  if ((status === 404 || status === 400) && /model\b[^\n]{0,120}\b(not found|does not exist|not exist|introuvable|unknown)/i.test(message)) return 'unknown-model';
  return 'http';
}

type Outcome = { kind: 'response'; status: number; body: string } | { kind: 'network'; error: unknown };

function shorten(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}

/**
 * Tests a configuration: can Palier reach the server, is the key accepted, is the model there?
 *
 * @example
 * const d = await testConnection(config);
 * d.ok ? d.latencyMs : d.cause; // 'cors', 'unknown-model', …
 */
export async function testConnection(config: AiConfig, options: DiagnoseOptions = {}): Promise<Diagnosis> {
  const fetchFn = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  const now = options.now ?? (() => (typeof performance !== 'undefined' ? performance.now() : Date.now()));
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const inBrowser = typeof document !== 'undefined' && typeof location !== 'undefined';
  const origin = options.origin ?? (inBrowser ? location.origin : undefined);
  const base = config.baseUrl.replace(/\/+$/, '');
  const mixedContent = origin?.startsWith('https:') === true && base.startsWith('http:') && !isLocalHost(hostOf(base));
  const p: Params = {
    url: base,
    model: config.model,
    provider: config.provider,
    seconds: Math.round(timeoutMs / 100) / 10,
    ...(origin ? { origin } : {}),
    ...(mixedContent ? { mixedContent } : {}),
  };
  const d = deadline(timeoutMs, options.signal);
  const started = now();
  const auth: Record<string, string> = config.apiKey ? { Authorization: `Bearer ${config.apiKey}` } : {};

  const call = async (url: string, init: RequestInit = {}): Promise<Outcome> => {
    try {
      const res = await raceSignal(fetchFn(url, { ...init, signal: d.signal }), d.signal);
      const body = await raceSignal(res.text(), d.signal);
      return { kind: 'response', status: res.status, body };
    } catch (error) {
      return { kind: 'network', error };
    }
  };

  const network = async (url: string, error: unknown): Promise<Diagnosis> => {
    if (d.timedOut()) return failure('timeout', p, `no answer within ${timeoutMs} ms`);
    if (d.cancelled()) return failure('unreachable', p, 'cancelled');
    let probe: 'opaque' | 'failed' | 'skipped' = 'skipped';
    if (options.corsProbe ?? inBrowser) {
      try {
        await raceSignal(fetchFn(url, { mode: 'no-cors', signal: d.signal }), d.signal);
        probe = 'opaque';
      } catch {
        probe = d.timedOut() ? 'skipped' : 'failed';
      }
    }
    if (d.timedOut()) return failure('timeout', p, `no answer within ${timeoutMs} ms`);
    const cause = classifyNetworkFailure(probe);
    return failure(cause, p, `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} (no-cors probe: ${probe})`);
  };

  const http = (status: number, body: string): Diagnosis => {
    const q = { ...p, status, detail: shorten(body) };
    return failure(classifyHttpFailure(status, body), q, `HTTP ${status} ${shorten(body)}`);
  };

  const ok = (): Diagnosis => {
    const latencyMs = Math.round(now() - started);
    const q = { ...p, latencyMs };
    return { ok: true, model: config.model, latencyMs, message: DIAGNOSIS_MESSAGES.ok.fr(q), messageEn: DIAGNOSIS_MESSAGES.ok.en(q) };
  };

  try {
    if (config.provider === 'ollama') {
      const url = `${base}/api/tags`;
      const r = await call(url, { headers: auth });
      if (r.kind === 'network') return await network(url, r.error);
      if (r.status >= 400) return http(r.status, r.body);
      const names = modelNames(r.body, 'ollama');
      if (!names) return failure('bad-response', p, `unexpected answer from ${url}: ${shorten(r.body)}`);
      const wanted = config.model.includes(':') ? config.model : `${config.model}:latest`;
      if (!names.some((n) => n === config.model || n === wanted)) return failure('unknown-model', { ...p, available: names }, `${config.model} not in /api/tags`);
      return ok();
    }
    const root = config.provider === 'mistral' ? `${base}/v1` : base;
    const modelsUrl = `${root}/models`;
    const r = await call(modelsUrl, { headers: auth });
    if (r.kind === 'network') return await network(modelsUrl, r.error);
    if (r.status < 400) {
      const ids = modelNames(r.body, 'openai');
      if (!ids) return failure('bad-response', p, `unexpected answer from ${modelsUrl}: ${shorten(r.body)}`);
      if (!ids.includes(config.model)) return failure('unknown-model', { ...p, available: ids }, `${config.model} not in /models`);
      return ok();
    }
    // Some servers do not list models: ask for one token instead.
    if (![404, 405, 501].includes(r.status)) return http(r.status, r.body);
    const chatUrl = `${root}/chat/completions`;
    const c = await call(chatUrl, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: config.model, messages: [{ role: 'user', content: 'Bonjour' }], max_tokens: 1, stream: false }),
    });
    if (c.kind === 'network') return await network(chatUrl, c.error);
    if (c.status >= 400) return http(c.status, c.body);
    if (!isCompletion(c.body)) return failure('bad-response', p, `unexpected answer from ${chatUrl}: ${shorten(c.body)}`);
    return ok();
  } finally {
    d.dispose();
  }
}

/** Model names from Ollama's `/api/tags` or an OpenAI-style `/models`; undefined if it is neither. */
function modelNames(body: string, shape: 'ollama' | 'openai'): string[] | undefined {
  try {
    const json = JSON.parse(body) as { models?: unknown; data?: unknown };
    const list = shape === 'ollama' ? json.models : json.data;
    if (!Array.isArray(list)) return undefined;
    return list
      .map((m: unknown) => {
        const o = m as { name?: unknown; model?: unknown; id?: unknown };
        return shape === 'ollama' ? (o.name ?? o.model) : o.id;
      })
      .filter((n): n is string => typeof n === 'string');
  } catch {
    return undefined;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

function isCompletion(body: string): boolean {
  try {
    const json = JSON.parse(body) as { choices?: unknown };
    return Array.isArray(json.choices);
  } catch {
    return false;
  }
}
