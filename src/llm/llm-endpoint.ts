import { inspect } from 'node:util';
import { TuneRagError, optionRef } from '../errors.js';

/** The kinds of server tune-rag talks to; all speak the OpenAI chat/embeddings API. */
/** `langchain` is no `--llm` provider: it names the endpoint of a LangChain.js component (see ComponentCalls). */
export type LlmProvider = 'openai' | 'azure' | 'ollama' | 'vllm' | 'llamacpp' | 'compatible' | 'langchain';

const PROVIDERS: readonly LlmProvider[] = ['openai', 'azure', 'ollama', 'vllm', 'llamacpp', 'compatible'];

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OLLAMA_DEFAULT_BASE_URL = 'http://127.0.0.1:11434/v1';
/** Used when AZURE_OPENAI_API_VERSION is not set: a GA version that supports json_schema output. */
export const AZURE_DEFAULT_API_VERSION = '2024-10-21';
/** Local servers ignore the key, but the SDK refuses to start without one. */
const DUMMY_KEY = 'not-needed';

/** Replaces every occurrence of `secret` in `text` by `***`; a no-op for empty secrets. */
export function redactSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < 4) return text;
  return text.split(secret).join('***');
}

/**
 * Where and how to reach one model. The API key lives in a private field: it is not enumerable,
 * `JSON.stringify` and `util.inspect` omit it, and only `apiKeyForTransport()` (used by the client
 * when building its SDK instance) returns it, so no log line, cache row or report can carry it.
 */
export class LlmEndpoint {
  readonly provider: LlmProvider;
  /** The model name (for Azure: the deployment name). */
  readonly model: string;
  readonly baseURL: string;
  /** Azure only. */
  readonly apiVersion?: string;
  /** Whether the server accepts `response_format: {type: 'json_schema'}`; else JSON mode is used. */
  readonly supportsJsonSchema: boolean;
  readonly #apiKey: string;

  constructor(options: {
    provider: LlmProvider;
    model: string;
    baseURL: string;
    apiKey: string;
    apiVersion?: string;
    supportsJsonSchema?: boolean;
  }) {
    this.provider = options.provider;
    this.model = options.model;
    this.baseURL = options.baseURL;
    this.apiVersion = options.apiVersion;
    // OpenAI and Azure implement structured outputs; local servers vary by version, so JSON mode
    // plus validation is the safe default there.
    this.supportsJsonSchema =
      options.supportsJsonSchema ?? (options.provider === 'openai' || options.provider === 'azure');
    this.#apiKey = options.apiKey;
  }

  /** The key itself, for the SDK constructor only. Never log or store the return value. */
  apiKeyForTransport(): string {
    return this.#apiKey;
  }

  /** `text` with the API key masked; apply to anything derived from server or SDK messages. */
  redact(text: string): string {
    return redactSecret(text, this.#apiKey);
  }

  /**
   * The origin of `baseURL` (scheme, host, port), without path, user info or query, so neither a
   * key embedded in the URL nor anything else secret can reach a cache key or report. An
   * unparsable URL (the SDK rejects it on the first call anyway) is used as given minus user info.
   */
  get origin(): string {
    try {
      return new URL(this.baseURL).origin;
    } catch {
      return this.baseURL.replace(/\/\/[^/@]*@/, '//');
    }
  }

  /**
   * What a reply depends on besides the request: provider, base URL origin and model, e.g.
   * `openai@https://api.openai.com:gpt-4o-mini`. Every LLM-dependent cache key (request cache and
   * the stage keys of LLM components) includes it, so another server serving the same model name
   * never answers from this one's cache. Never contains the API key.
   */
  get cacheIdentity(): string {
    return `${this.provider}@${this.origin}:${this.model}`;
  }

  /** e.g. `openai:gpt-4o-mini`, the form `--llm` accepts. */
  get spec(): string {
    return `${this.provider}:${this.model}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      provider: this.provider,
      model: this.model,
      baseURL: this.baseURL,
      apiVersion: this.apiVersion,
      supportsJsonSchema: this.supportsJsonSchema,
    };
  }

  [inspect.custom](): string {
    return `LlmEndpoint ${inspect(this.toJSON())}`;
  }
}

/**
 * Resolves `--llm provider:model` plus environment variables into an endpoint. Everything after
 * the first colon is the model, so `ollama:qwen2.5:7b` names model `qwen2.5:7b`.
 *
 * Throws a `TuneRagError` ('config') naming the `llm` option (see `optionRef`) or the missing environment variable.
 */
export function resolveLlmEndpoint(options: {
  spec: string;
  env?: NodeJS.ProcessEnv;
  /** Overrides the provider default for structured outputs. */
  supportsJsonSchema?: boolean;
}): LlmEndpoint {
  const env = options.env ?? process.env;
  const colon = options.spec.indexOf(':');
  const provider = (colon < 0 ? options.spec : options.spec.slice(0, colon)).trim().toLowerCase();
  const model = colon < 0 ? '' : options.spec.slice(colon + 1).trim();
  if (!PROVIDERS.includes(provider as LlmProvider)) {
    throw new TuneRagError('config', `${optionRef('llm')} "${options.spec}": unknown provider "${provider}"`, {
      hint: `use one of ${PROVIDERS.map((p) => `${p}:<model>`).join(', ')}, e.g. ${optionRef('llm')} openai:gpt-4o-mini`,
    });
  }
  if (!model) {
    throw new TuneRagError('config', `${optionRef('llm')} "${options.spec}": no model given`, {
      hint: `write it as ${provider}:<model>, e.g. ${optionRef('llm')} ${provider === 'ollama' ? 'ollama:qwen2.5:7b' : 'openai:gpt-4o-mini'}`,
    });
  }
  const base = { model, supportsJsonSchema: options.supportsJsonSchema };
  const get = (name: string) => nonEmpty(env[name]);
  switch (provider as LlmProvider) {
    case 'openai':
      return new LlmEndpoint({
        ...base,
        provider: 'openai',
        baseURL: get('OPENAI_BASE_URL') ?? OPENAI_DEFAULT_BASE_URL,
        apiKey: required(get('OPENAI_API_KEY'), 'OPENAI_API_KEY', 'openai'),
      });
    case 'azure':
      return new LlmEndpoint({
        ...base,
        provider: 'azure',
        baseURL: required(get('AZURE_OPENAI_ENDPOINT'), 'AZURE_OPENAI_ENDPOINT', 'azure'),
        apiKey: required(get('AZURE_OPENAI_API_KEY'), 'AZURE_OPENAI_API_KEY', 'azure'),
        apiVersion: get('AZURE_OPENAI_API_VERSION') ?? AZURE_DEFAULT_API_VERSION,
      });
    case 'ollama':
      return new LlmEndpoint({ ...base, provider: 'ollama', baseURL: OLLAMA_DEFAULT_BASE_URL, apiKey: DUMMY_KEY });
    default:
      return new LlmEndpoint({
        ...base,
        provider: provider as LlmProvider,
        baseURL: required(get('OPENAI_BASE_URL'), 'OPENAI_BASE_URL', provider),
        // Self-hosted servers usually run without auth; send a key only when one is configured.
        apiKey: get('OPENAI_API_KEY') ?? DUMMY_KEY,
      });
  }
}

/**
 * The environment variable a provider's API key is read from (for messages about a rejected key);
 * null for Ollama, which is sent a dummy key.
 */
export function keyVariableOf(provider: LlmProvider): string | null {
  if (provider === 'azure') return 'AZURE_OPENAI_API_KEY';
  return provider === 'ollama' || provider === 'langchain' ? null : 'OPENAI_API_KEY';
}

/** The scheme, host and port of a base URL (never a path, query or user info), for messages. */
export function originOf(baseURL: string): string {
  try {
    return new URL(baseURL).origin;
  } catch {
    return '(invalid base URL)';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value?.trim() ? value.trim() : undefined;
}

function required(value: string | undefined, name: string, provider: string): string {
  if (value) return value;
  throw new TuneRagError(
    'config',
    `${optionRef('llm')} ${provider}:… needs the environment variable ${name}, which is not set`,
    {
      hint: `export ${name}=… before running tune-rag`,
    },
  );
}
