import { z } from 'zod';

/**
 * The AI provider a user configured in Réglages. Optional: without it every scenario plays with
 * the embedded engines. This module imports zod only (no LangChain), so the settings screen can
 * validate the form without loading any provider.
 */
export const PROVIDERS = ['ollama', 'openai', 'mistral'] as const;
export type Provider = (typeof PROVIDERS)[number];

export interface AiConfig {
  provider: Provider;
  /** Ollama: the server root; OpenAI-compatible: the `/v1` root; Mistral: the server root. */
  baseUrl: string;
  model: string;
  /** Secret: never exported with the profile (DESIGN, storage). */
  apiKey?: string;
  /** Budget of one call, retries included (milliseconds). */
  timeoutMs: number;
}

/** Bounds of `timeoutMs`: under a second nothing answers; over two minutes the junior has left. */
export const TIMEOUT_MIN_MS = 1_000;
export const TIMEOUT_MAX_MS = 120_000;

/**
 * Form defaults per provider. Ollama is the private default for an organisation (DESIGN, AI
 * providers); a local model needs a longer budget because the first call loads it into memory.
 * An OpenAI-compatible server (vLLM, LM Studio, llama.cpp) serves whatever model it was started
 * with, so there is no sensible model name to propose: the user types it.
 */
export const DEFAULTS: Record<Provider, AiConfig> = {
  ollama: { provider: 'ollama', baseUrl: 'http://127.0.0.1:11434', model: 'mistral-nemo', timeoutMs: 60_000 },
  openai: { provider: 'openai', baseUrl: 'http://127.0.0.1:8000/v1', model: '', timeoutMs: 30_000 },
  mistral: { provider: 'mistral', baseUrl: 'https://api.mistral.ai', model: 'mistral-small-latest', timeoutMs: 30_000 },
};

/**
 * The default configuration of a provider (a copy: the form may edit it).
 *
 * @example
 * defaultConfig('ollama').baseUrl; // 'http://127.0.0.1:11434'
 */
export function defaultConfig(provider: Provider): AiConfig {
  return { ...DEFAULTS[provider] };
}

/**
 * The engine name recorded in traces: `llm:<provider>/<model>` (TenantLine.engine, TurnEntry.engine).
 *
 * @example
 * engineName({ provider: 'ollama', model: 'mistral-nemo', baseUrl: '', timeoutMs: 1 }); // 'llm:ollama/mistral-nemo'
 */
export function engineName(config: Pick<AiConfig, 'provider' | 'model'>): string {
  return `llm:${config.provider}/${config.model}`;
}

// ── Validation ────────────────────────────────────────────────────────────────────────────────

export type AiConfigIssueCode =
  | 'provider_unknown'
  | 'base_url_required'
  | 'base_url_invalid'
  | 'base_url_protocol'
  | 'model_required'
  | 'api_key_required'
  | 'api_key_cleartext'
  | 'timeout_invalid';

/** One problem of the settings form, located on its field, in French and English. */
export interface AiConfigIssue {
  code: AiConfigIssueCode;
  field: keyof AiConfig;
  severity: 'error' | 'warning';
  message: string;
  messageEn: string;
}

const MESSAGES: Record<AiConfigIssueCode, { fr: string; en: string }> = {
  provider_unknown: { fr: 'Choisissez un fournisseur : Ollama, compatible OpenAI ou Mistral.', en: 'Choose a provider: Ollama, OpenAI-compatible or Mistral.' },
  base_url_required: { fr: 'Indiquez l’adresse du serveur.', en: 'Enter the server address.' },
  base_url_invalid: {
    fr: 'Adresse invalide : écrivez une URL complète, par exemple http://127.0.0.1:11434.',
    en: 'Invalid address: write a full URL, for example http://127.0.0.1:11434.',
  },
  base_url_protocol: { fr: 'L’adresse doit commencer par http:// ou https://.', en: 'The address must start with http:// or https://.' },
  model_required: { fr: 'Indiquez le nom du modèle (par exemple mistral-nemo).', en: 'Enter the model name (for example mistral-nemo).' },
  api_key_required: { fr: 'Mistral demande une clé d’API.', en: 'Mistral needs an API key.' },
  api_key_cleartext: {
    fr: 'La clé d’API partirait en clair (http) vers un serveur distant : préférez https.',
    en: 'The API key would travel unencrypted (http) to a remote server: prefer https.',
  },
  timeout_invalid: {
    fr: `Le délai doit être un nombre entier de millisecondes entre ${TIMEOUT_MIN_MS} et ${TIMEOUT_MAX_MS}.`,
    en: `The timeout must be a whole number of milliseconds between ${TIMEOUT_MIN_MS} and ${TIMEOUT_MAX_MS}.`,
  },
};

/** Loopback and private hosts: plain http is normal there (a local Ollama, a server on the LAN). */
export function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === '::1' ||
    /^127\./.test(h) ||
    /^10\./.test(h) ||
    /^192\.168\./.test(h) ||
    /^172\.(1[6-9]|2\d|3[01])\./.test(h) ||
    h.endsWith('.local') ||
    h.endsWith('.lan')
  );
}

/**
 * The schema of the settings form. Issues carry a code as their message; `validateAiConfig`
 * turns codes into located French and English messages.
 */
export const AiConfigSchema = z
  .object({
    provider: z.enum(PROVIDERS, { error: 'provider_unknown' }),
    baseUrl: z
      .string({ error: 'base_url_required' })
      .trim()
      .min(1, { error: 'base_url_required' })
      .refine((s) => parseUrl(s) !== undefined, { error: 'base_url_invalid', abort: true })
      .refine((s) => /^https?:$/.test(parseUrl(s)?.protocol ?? ''), { error: 'base_url_protocol' })
      .transform((s) => s.replace(/\/+$/, '')),
    model: z.string({ error: 'model_required' }).trim().min(1, { error: 'model_required' }),
    apiKey: z
      .string()
      .trim()
      .optional()
      .transform((s) => (s ? s : undefined)),
    timeoutMs: z
      .number({ error: 'timeout_invalid' })
      .int({ error: 'timeout_invalid' })
      .min(TIMEOUT_MIN_MS, { error: 'timeout_invalid' })
      .max(TIMEOUT_MAX_MS, { error: 'timeout_invalid' }),
  })
  .superRefine((c, ctx) => {
    if (c.provider === 'mistral' && !c.apiKey) ctx.addIssue({ code: 'custom', path: ['apiKey'], message: 'api_key_required' });
  });

function parseUrl(s: string): URL | undefined {
  try {
    return new URL(s);
  } catch {
    return undefined;
  }
}

const FIELDS = new Set<keyof AiConfig>(['provider', 'baseUrl', 'model', 'apiKey', 'timeoutMs']);

function issue(code: AiConfigIssueCode, field: keyof AiConfig, severity: 'error' | 'warning' = 'error'): AiConfigIssue {
  return { code, field, severity, message: MESSAGES[code].fr, messageEn: MESSAGES[code].en };
}

export type AiConfigValidation =
  | { ok: true; config: AiConfig; warnings: AiConfigIssue[] }
  | { ok: false; issues: AiConfigIssue[] };

/**
 * Validates the settings form. Errors block saving; warnings (an API key over plain http to a
 * remote host) are shown but do not.
 *
 * @example
 * const r = validateAiConfig({ provider: 'ollama', baseUrl: 'localhost', model: '', timeoutMs: 500 });
 * r.ok; // false — issues on baseUrl, model and timeoutMs, each with a French and English message
 */
export function validateAiConfig(input: unknown): AiConfigValidation {
  const parsed = AiConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues: AiConfigIssue[] = [];
    for (const i of parsed.error.issues) {
      const field = (FIELDS.has(i.path[0] as keyof AiConfig) ? i.path[0] : 'provider') as keyof AiConfig;
      const code = (i.message in MESSAGES ? i.message : fallbackCode(field)) as AiConfigIssueCode;
      if (!issues.some((x) => x.field === field)) issues.push(issue(code, field));
    }
    return { ok: false, issues };
  }
  const c = parsed.data;
  const config: AiConfig = { provider: c.provider, baseUrl: c.baseUrl, model: c.model, timeoutMs: c.timeoutMs, ...(c.apiKey ? { apiKey: c.apiKey } : {}) };
  const url = new URL(config.baseUrl);
  const warnings = config.apiKey && url.protocol === 'http:' && !isLocalHost(url.hostname) ? [issue('api_key_cleartext', 'apiKey', 'warning')] : [];
  return { ok: true, config, warnings };
}

function fallbackCode(field: keyof AiConfig): AiConfigIssueCode {
  switch (field) {
    case 'baseUrl':
      return 'base_url_invalid';
    case 'model':
      return 'model_required';
    case 'timeoutMs':
      return 'timeout_invalid';
    case 'apiKey':
      return 'api_key_required';
    default:
      return 'provider_unknown';
  }
}
