import type { QaItem } from '../../src/data/dataset-schema.js';
import { QUESTION_SCORE_KEYS, type QuestionScores } from '../../src/metrics/score-question.js';
import { RunAbortedError, type PipelineRun, type PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import type { QuestionOutcome } from '../../src/metrics/question-outcome.js';
import { ZERO_USAGE } from '../../src/accounting/usage.js';
import type { Config } from '../../src/space/parameter-schema.js';

/** One `run` call the test has not yet released. */
export interface PendingRun {
  config: Config;
  questions: number;
  /** Finishes the run with every question scoring `f1` (or failing with `error`). */
  release(outcome?: { f1?: number; error?: string; failedQuestions?: number }): void;
  /** Makes the run throw (a crash inside the trial, not a failed question). */
  crash(error: Error): void;
}

/**
 * A pipeline runner whose runs finish only when the test says so, in any order: each `run`
 * call waits as a {@link PendingRun}. It counts the runs in flight (and the most at once) and
 * honours the abort signal the way the real runner does (RunAbortedError). Metrics are f1 only:
 * every question scores the released value, so an f1 objective equals it exactly.
 */
export class FakeRunner {
  readonly calls: { config: Config; questions: number }[] = [];
  readonly pending: PendingRun[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private waiters: (() => void)[] = [];

  /**
   * With `respond`, each run is settled as soon as it starts, by what `respond` says for its
   * configuration and question count (an Error crashes it); without, the test releases runs.
   */
  constructor(
    private readonly respond?: (config: Config, questions: number) => Parameters<PendingRun['release']>[0] | Error,
  ) {}

  /** The runner as evaluateTrial sees it (it only calls `run`). */
  get asRunner(): PipelineRunner {
    return this as unknown as PipelineRunner;
  }

  run(options: { config: Config; questions?: QaItem[]; signal?: AbortSignal }): Promise<PipelineRun> {
    const questions = options.questions ?? [];
    this.calls.push({ config: options.config, questions: questions.length });
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<PipelineRun>((resolve, reject) => {
      let done = false;
      const settle = (fn: () => void) => {
        if (done) return;
        done = true;
        this.inFlight--;
        const at = this.pending.indexOf(entry);
        if (at >= 0) this.pending.splice(at, 1);
        options.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = () => settle(() => reject(new RunAbortedError()));
      const entry: PendingRun = {
        config: options.config,
        questions: questions.length,
        release: (outcome = {}) => settle(() => resolve(fakeRun({ config: options.config, questions, ...outcome }))),
        crash: (error) => settle(() => reject(error)),
      };
      if (options.signal?.aborted) return onAbort();
      options.signal?.addEventListener('abort', onAbort);
      this.pending.push(entry);
      if (this.respond) {
        const response = this.respond(options.config, questions.length);
        return response instanceof Error ? entry.crash(response) : entry.release(response);
      }
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  /**
   * Resolves once `count` runs are pending; rejects if `loop` ends first (so a test that expects
   * a run that never comes fails at once instead of timing out).
   */
  async untilPending(count: number, loop: Promise<unknown>): Promise<PendingRun[]> {
    const ended = loop.then(() => {
      throw new Error(`the loop ended with ${this.pending.length} runs pending, expected ${count}`);
    });
    while (this.pending.length < count) {
      await Promise.race([new Promise<void>((wake) => this.waiters.push(wake)), ended]);
    }
    ended.catch(() => undefined);
    return [...this.pending];
  }

  /** Pending run of the configuration whose `k` is `k`. */
  pendingOf(k: number): PendingRun {
    const run = this.pending.find((p) => p.config.k === k);
    if (!run) throw new Error(`no pending run of k=${k} (pending: ${this.pending.map((p) => p.config.k).join(', ')})`);
    return run;
  }
}

function fakeRun(options: {
  config: Config;
  questions: readonly QaItem[];
  f1?: number;
  error?: string;
  failedQuestions?: number;
}): PipelineRun {
  const f1 = options.f1 ?? 0.5;
  const failing = options.failedQuestions ?? 0;
  const outcomes: QuestionOutcome[] = options.questions.map((q, i) => ({
    questionId: q.id,
    retrieved: [],
    contextChunks: [],
    context: '',
    answer: i < failing ? null : 'answer',
    latencyMs: 0,
    stageLatencyMs: { retrieve: 0, rerank: 0, generate: 0 },
    retryWaitMs: 0,
    usage: ZERO_USAGE,
    ...(i < failing ? { error: options.error ?? 'upstream timeout' } : {}),
  }));
  const scores = outcomes.map((o) => scoresWith(o.error ? 0 : f1));
  const mean = scores.reduce((sum, s) => sum + (s.f1 ?? 0), 0) / Math.max(1, scores.length);
  return {
    config: options.config,
    keys: {} as PipelineRun['keys'],
    chunks: [],
    outcomes,
    scores,
    metrics: { f1: mean, failed_questions: failing },
    failures: failing,
    wallMs: 0,
  };
}

function scoresWith(f1: number): QuestionScores {
  return { ...Object.fromEntries(QUESTION_SCORE_KEYS.map((k) => [k, null])), f1 } as QuestionScores;
}
