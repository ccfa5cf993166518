import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import { formatSeconds, type ProgressReporter } from './progress-bar.js';

/**
 * The chat's terminal: a readline prompt at the bottom, everything else printed above it.
 *
 * Printing clears the prompt line, writes the text and redraws the prompt with whatever the user
 * has typed so far (readline keeps the line buffer and cursor), so trial results can stream in
 * while the user types and the input line is never garbled. The search's progress (done/total,
 * elapsed, ETA, best so far) lives in the prompt itself instead of a separate bar, which would
 * fight the prompt for the last line.
 *
 * Without a terminal (piped stdin or stdout) it degrades to plain lines: no prompt, no redraws.
 * It implements ProgressReporter so the tuning progress can drive it directly.
 */
export class ChatTerminal implements ProgressReporter {
  readonly interactive: boolean;
  readonly #output: NodeJS.WriteStream;
  #rl: Interface | null = null;
  #status = '';
  #total = 0;
  #done = 0;
  #started = 0;
  #firstDoneAt = 0;
  #firstDone = 0;

  constructor(options: { input: NodeJS.ReadStream; output: NodeJS.WriteStream; onLine(line: string): void; onClose(): void; onInterrupt(): void }) {
    this.#output = options.output;
    this.interactive = Boolean(options.input.isTTY && options.output.isTTY);
    this.#rl = createInterface({ input: options.input, output: this.interactive ? options.output : undefined, terminal: this.interactive, historySize: 100 });
    this.#rl.on('line', (line) => options.onLine(line));
    this.#rl.on('close', () => options.onClose());
    // readline takes Ctrl-C away from the process in raw mode; hand it to the chat.
    this.#rl.on('SIGINT', () => options.onInterrupt());
    this.#refreshPrompt();
  }

  /** Prints text above the prompt. */
  print(text: string): void {
    if (!this.interactive || !this.#rl) {
      this.#output.write(text + '\n');
      return;
    }
    cursorTo(this.#output, 0);
    clearLine(this.#output, 0);
    this.#output.write(text + '\n');
    this.#rl.prompt(true);
  }

  close(): void {
    const rl = this.#rl;
    this.#rl = null;
    if (rl) {
      if (this.interactive) {
        cursorTo(this.#output, 0);
        clearLine(this.#output, 0);
      }
      rl.close();
    }
  }

  // ProgressReporter: the prompt shows the progress.
  start(total: number): void {
    this.#total = total;
    this.#started = Date.now();
    this.#firstDoneAt = 0;
    this.#refreshPrompt();
  }

  update(done: number, status?: string): void {
    if (done > this.#done && this.#firstDoneAt === 0) {
      this.#firstDoneAt = Date.now();
      this.#firstDone = done;
    }
    this.#done = done;
    if (status !== undefined) this.#status = status;
    this.#refreshPrompt();
  }

  setTotal(total: number): void {
    this.#total = total;
    this.#refreshPrompt();
  }

  log(line: string): void {
    this.print(line);
  }

  stop(): void {
    this.#refreshPrompt();
  }

  #refreshPrompt(): void {
    if (!this.interactive || !this.#rl) return;
    const parts = [`${this.#done}/${this.#total}`];
    if (this.#started) parts.push(formatSeconds((Date.now() - this.#started) / 1000));
    const rate = this.#done - this.#firstDone;
    if (rate > 0 && this.#done < this.#total) parts.push(`ETA ${formatSeconds(((Date.now() - this.#firstDoneAt) / rate) * (this.#total - this.#done) / 1000)}`);
    if (this.#status) parts.push(this.#status);
    this.#rl.setPrompt(`[${parts.join(' · ')}] › `);
    this.#rl.prompt(true);
  }
}
