import { TuneRagError } from '../errors.js';

/** How many problems are collected before loading stops: enough to fix a batch at once. */
export const MAX_DATASET_ISSUES = 20;

/**
 * Collects fatal dataset problems (each already prefixed with its `file:line`) so that one
 * TuneRagError can list them all: users fix a whole batch instead of one error per run.
 *
 * Invariant: holds at most `limit` messages; once `full`, callers should stop scanning.
 */
export class DatasetIssues {
  private readonly messages: string[] = [];
  private truncated = false;

  constructor(private readonly limit: number = MAX_DATASET_ISSUES) {}

  /** Records one problem; beyond the limit only remembers that more were found. */
  add(message: string): void {
    if (this.messages.length >= this.limit) this.truncated = true;
    else this.messages.push(message);
  }

  /**
   * True once a problem beyond the limit was seen: further scanning would only be thrown away.
   * (Not at the limit itself, so the report can say truthfully whether more problems exist.)
   */
  get full(): boolean {
    return this.truncated;
  }

  get count(): number {
    return this.messages.length;
  }

  /** The collected messages, in the order found. */
  list(): readonly string[] {
    return this.messages;
  }

  /** Throws one TuneRagError (code 'dataset') listing every collected problem, if any. */
  throwIfAny(options: { dataset: string }): void {
    if (this.messages.length === 0) return;
    const n = this.messages.length;
    const head =
      n === 1
        ? `dataset ${options.dataset} has a problem:`
        : `dataset ${options.dataset} has ${n}${this.truncated ? '+' : ''} problems:`;
    const lines = this.messages.map((m) => `  ${m}`);
    if (this.truncated) lines.push(`  (stopped after ${this.limit} problems; fix these and run again to see the rest)`);
    throw new TuneRagError('dataset', [head, ...lines].join('\n'), {
      hint: 'Fix every listed line (or remove it), then run again.',
    });
  }
}
