import cliProgress from 'cli-progress';

/**
 * A terminal progress bar on stderr: done/total, elapsed, ETA and a free-form status (e.g. the
 * best score so far). Silent when stderr is not a terminal or when the caller asks for quiet
 * (--json), so logs and pipes stay clean.
 */
export interface ProgressReporter {
  start(total: number, label: string): void;
  update(done: number, status?: string): void;
  /** Changes the total (e.g. when a rung adds work) without restarting the clock. */
  setTotal(total: number): void;
  stop(): void;
}

export function createProgressReporter(options: { enabled: boolean; stream?: NodeJS.WriteStream }): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  if (!options.enabled || !stream.isTTY) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: '{label} |{bar}| {value}/{total} | {elapsed} elapsed | ETA {eta_text} | {status}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = 0;
  let total = 0;
  const payload = (done: number, label: string, status: string) => {
    const elapsedMs = Date.now() - started;
    const eta = done > 0 && total > done ? ((elapsedMs / done) * (total - done)) / 1000 : 0;
    return { label, status, elapsed: formatSeconds(elapsedMs / 1000), eta_text: done >= total ? '0s' : done === 0 ? '…' : formatSeconds(eta) };
  };
  let currentLabel = '';
  let currentStatus = '';
  return {
    start(t, label) {
      started = Date.now();
      total = t;
      currentLabel = label;
      bar.start(t, 0, payload(0, label, ''));
    },
    update(done, status) {
      if (status !== undefined) currentStatus = status;
      bar.update(done, payload(done, currentLabel, currentStatus));
    },
    setTotal(t) {
      total = t;
      bar.setTotal(t);
    },
    stop() {
      bar.stop();
    },
  };
}

const SILENT: ProgressReporter = { start() {}, update() {}, setTotal() {}, stop() {} };

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
