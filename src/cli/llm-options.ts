import { InvalidArgumentError } from 'commander';
import { join, resolve } from 'node:path';
import type { CacheHealth } from '../cache/cache-health.js';
import { TuneRagError } from '../errors.js';
import { configureLlm, type LlmSetup } from '../providers/configure-llm.js';
import { isAccessDenied, isSpendCapReached, LlmError, type LlmErrorCode } from '../llm/llm-error.js';
import { loadPriceTable } from '../llm/price-table.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import { resolveWorkspacePaths } from '../workspace/workspace.js';
import type { CliIo } from './cli-io.js';

/** The LLM flags shared by `run` and `tune`. */
export interface LlmFlags {
  llm?: string;
  llmEmbed?: string;
  maxCost?: number;
  /** `--prices FILE`: price table entries over the built-in ones. */
  prices?: string;
  /** `--llm-timeout SECONDS`: per-attempt timeout of every LLM call (default 60). */
  llmTimeout?: number;
  judge?: boolean;
  cacheDir?: string;
}

/** The LLM setup of a run plus the registry its components were added to. */
export type LlmRun = LlmSetup & { registry: ComponentRegistry };

/** `--max-cost` value: a positive amount of USD. */
export function positiveUsd(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a positive amount in USD (e.g. 1.5), got "${value}".`);
  return n;
}

/** The `--llm-timeout` help text, shared by run, tune and chat. */
export const LLM_TIMEOUT_HELP =
  'seconds one LLM request may take before it is abandoned and retried (default 60; lower it for a fast local server that sometimes hangs)';

/** `--llm-timeout` value: seconds, more than 0 and at most an hour. */
export function timeoutSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > 3600)
    throw new InvalidArgumentError(`expected seconds between 0 and 3600 (e.g. 20 or 2.5), got "${value}".`);
  return n;
}

/**
 * Registers the LLM components before the workspace (and so the catalogue) is built, which is
 * what makes `--set generator=llm:<model>` valid. The request cache lives in the workspace folder
 * so a rerun pays nothing twice.
 */
export function setUpLlm(
  flags: LlmFlags,
  io: CliIo,
  cacheHealth?: CacheHealth,
  /** A project file registered LangChain.js components: the cost and timeout flags apply to them. */
  context: { componentsRegistered?: boolean } = {},
): LlmRun | null {
  if (!flags.llm) {
    const needsLlm = flags.llmEmbed
      ? '--llm-embed'
      : flags.judge
        ? '--judge'
        : context.componentsRegistered
          ? null
          : flags.maxCost !== undefined
            ? '--max-cost'
            : flags.prices !== undefined
              ? '--prices'
              : flags.llmTimeout !== undefined
                ? '--llm-timeout'
                : null;
    if (needsLlm)
      throw new TuneRagError('cli', `${needsLlm} needs --llm`, { hint: 'add e.g. --llm openai:gpt-4o-mini' });
    return null;
  }
  const registry = new ComponentRegistry();
  const { dir } = resolveWorkspacePaths({ cwd: io.cwd, cacheDir: flags.cacheDir });
  const prices =
    flags.prices === undefined
      ? undefined
      : loadPriceTable({ file: resolve(io.cwd, flags.prices), label: flags.prices });
  const setup = configureLlm({
    registry,
    spec: flags.llm,
    embedSpec: flags.llmEmbed,
    maxCostUsd: flags.maxCost,
    judge: flags.judge,
    env: process.env,
    cacheFile: join(dir, 'llm-cache.db'),
    cacheHealth,
    client: {
      ...(prices ? { prices } : {}),
      ...(flags.llmTimeout === undefined ? {} : { timeoutMs: Math.round(flags.llmTimeout * 1000) }),
    },
  });
  return { ...setup, registry };
}

/**
 * An LLM error that stopped the run (see `stopsTheRun`) as a clean CLI error (exit 2): the spend
 * cap saying what was spent, a rejected key saying which variable to fix, and any other failed
 * call that reached here (`generate --llm` stops at a request that failed after its retries
 * rather than write a set without that document) saying what to check. Other errors unchanged.
 */
/** What to check when a call failed this way, for {@link llmStop}'s hint. */
const CALL_FAILURE_FIXES: Partial<Record<LlmErrorCode, string>> = {
  timeout: 'the endpoint did not answer in time: check that it is up, or give it longer with --llm-timeout SECONDS',
  server: 'the endpoint kept answering with server errors: check its logs or status page',
  network: 'the endpoint could not be reached: check OPENAI_BASE_URL (or the provider) and that the server is running',
  rate_limited: 'the endpoint kept refusing with 429 (rate limit): wait a while (tune and run: lower --concurrency)',
  unavailable:
    'calls to the endpoint failed repeatedly, so the circuit breaker stopped sending them: check the endpoint',
  config:
    'the endpoint rejected the request: check the model name (--llm provider:model) and that the endpoint serves it',
};

export function llmStop(error: unknown, llm: LlmSetup | null): unknown {
  if (error instanceof LlmError && !isAccessDenied(error) && !isSpendCapReached(error)) {
    const attempts = error.attempts > 1 ? ` (${error.attempts} attempts)` : '';
    return new TuneRagError('pipeline', `run stopped: ${error.message}${attempts}`, {
      hint: `${CALL_FAILURE_FIXES[error.code] ?? 'check the endpoint'}, then run the same command again: finished work is kept (tune: add --resume)`,
    });
  }
  if (isAccessDenied(error)) {
    const fix = error.keyVariable
      ? `set ${error.keyVariable} to a key that has access`
      : 'configure the server to accept requests without a key';
    return new TuneRagError('config', `run stopped: ${error.message}`, {
      hint: `${fix} (the key is never printed), then run the same command again: finished work is kept (tune: add --resume)`,
    });
  }
  if (!isSpendCapReached(error) || !llm) return error;
  const stats = llm.client.stats();
  return new TuneRagError('pipeline', `run stopped: ${error.message} (${stats.calls} LLM calls made)`, {
    hint: "raise --max-cost to continue (for tune and chat it is the study's total over all runs: add --resume); replies already paid for are cached in .tune-rag/llm-cache.db and are not paid again",
  });
}

/** The `llm` member of the JSON report (snake_case like the rest; cost null when a price is unknown). */
export function llmStats(llm: LlmSetup): Record<string, number | string | null> {
  const s = llm.client.stats();
  return {
    endpoint: llm.client.endpoint.spec,
    calls: s.calls,
    retries: s.retries,
    cache_hits: s.cacheHits,
    failures: s.failures,
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    cost_usd: s.costUnknown ? null : s.costUsd,
  };
}

export function formatLlmLine(llm: LlmSetup, metrics: Record<string, number | null>): string {
  const s = llm.client.stats();
  const cost = s.costUnknown ? 'cost unknown' : `$${s.costUsd.toFixed(6)}`;
  const judge = llm.judge
    ? `; judge correctness ${metrics.judge_correctness?.toFixed(3) ?? 'n/a'}, faithfulness ${metrics.judge_faithfulness?.toFixed(3) ?? 'n/a'}`
    : '';
  return `llm ${llm.client.endpoint.spec}: ${s.calls} calls, ${s.retries} retries, ${s.cacheHits} cache hits, ${s.promptTokens}+${s.completionTokens} tokens, ${cost}${judge}`;
}
