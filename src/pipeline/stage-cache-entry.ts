import type { Usage } from '../accounting/usage.js';

/** What a stage output cost when it was first computed; replayed on every cache hit. */
export interface CostRecord {
  /** For stages that call an LLM: the successful attempts' time plus local work, not retry waits. */
  latencyMs: number;
  usage: Usage;
  /** Failed attempts and back-off sleeps of the LLM calls made (0 for local work); kept apart from latency. */
  retryWaitMs?: number;
}

export interface CacheEntry extends CostRecord {
  value: Buffer;
}

/** One stored entry as `tune-rag cache` sees it (sizes and use, not the value). */
export interface StageEntryInfo {
  stage: string;
  key: string;
  /** Payload bytes: the value, in the database or in its file. */
  bytes: number;
  file: string | null;
  /** Last time a run wrote or read it (ms since epoch): the LRU order of `cache --prune`. */
  usedAt: number;
}
