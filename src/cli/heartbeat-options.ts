import { type Command, InvalidArgumentError } from 'commander';

/** `--heartbeat-*` values: seconds, > 0 (fractions allowed, e.g. 0.5 in tests). */
export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`expected a number of seconds > 0 (e.g. 30 or 2.5), got "${value}".`);
  return n;
}

/** The flags of several workers on one study, shared by `tune`, `chat` and `worker`. */
export interface HeartbeatFlags {
  storage?: string;
  heartbeatInterval?: number;
  heartbeatGrace?: number;
}

/** Adds --storage, --heartbeat-interval and --heartbeat-grace. */
export function addHeartbeatOptions(command: Command): Command {
  return command
    .option(
      '--storage <path>',
      'the study database shared by every worker (default: TUNE_RAG_STORAGE, else .tune-rag/tune-rag.db)',
    )
    .option(
      '--heartbeat-interval <seconds>',
      "seconds between a running trial's heartbeats (default 5)",
      positiveSeconds,
    )
    .option(
      '--heartbeat-grace <seconds>',
      'a running trial whose heartbeat is older than this is recovered: failed as interrupted and re-queued (default 30)',
      positiveSeconds,
    );
}
