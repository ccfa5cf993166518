import cliProgress from 'cli-progress';
import { writeUnlessClosed } from './closed-output.js';

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
  /** Prints a line above the bar (the bar is redrawn below it), or just prints it when silent. */
  log(line: string): void;
  stop(): void;
  /** Whether a bar is drawn: callers skip computing a status nobody sees. */
  readonly visible: boolean;
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
  // The rate is measured from the first finished item: the wait before it is one-off set-up
  // (chunking, embedding, indexing) that would otherwise inflate the ETA of every later item.
  let firstDoneAt = 0;
  let firstDone = 0;
  const payload = (done: number, label: string, status: string) => {
    const now = Date.now();
    if (done > 0 && firstDoneAt === 0) {
      firstDoneAt = now;
      firstDone = done;
    }
    const rateItems = done - firstDone;
    const eta = rateItems > 0 ? (((now - firstDoneAt) / rateItems) * (total - done)) / 1000 : NaN;
    const etaText = done >= total ? '0s' : Number.isNaN(eta) ? '…' : formatSeconds(eta);
    const shownStatus = done === 0 && !status ? 'preparing (chunk, embed, index)…' : status;
    return { label, status: shownStatus, elapsed: formatSeconds((now - started) / 1000), eta_text: etaText };
  };
  let currentLabel = '';
  let currentStatus = '';
  return {
    visible: true,
    start(t, label) {
      started = Date.now();
      firstDoneAt = 0;
      firstDone = 0;
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
    log(line) {
      writeUnlessClosed(stream, '\r\x1b[2K');
      writeUnlessClosed(process.stdout, line + '\n');
      // Redraw at once instead of waiting for the next tick, so the bar never vanishes.
      (bar as unknown as { render?: () => void }).render?.();
    },
    stop() {
      bar.stop();
    },
  };
}

const SILENT: ProgressReporter = {
  visible: false,
  start() {},
  update() {},
  setTotal() {},
  log: (line) => writeUnlessClosed(process.stdout, line + '\n'),
  stop() {},
};

export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '…';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
