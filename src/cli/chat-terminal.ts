import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline';
import { formatSeconds, type ProgressReporter } from './progress-bar.js';
import { writeUnlessClosed } from './closed-output.js';

/**
 * The chat's terminal: a readline prompt at the bottom, everything else printed above it.
 *
 * Printing clears the prompt line, writes the text and redraws the prompt with whatever the user
 * has typed so far (readline keeps the line buffer and cursor), so trial results can stream in
 * while the user types and the input line is never garbled. The search's progress (done/total,
 * elapsed, ETA, best so far) lives in the prompt itself instead of a separate bar, which would
 * fight the prompt for the last line.
 *
 * The prompt and the typed line may wrap over several rows (status and input at 80 columns or
 * less). Readline redraws by moving up `prevRows` rows (its record of the cursor's row in the
 * prompt) and clearing down, but it skips that record for pasted input (keys arriving together,
 * e.g. tmux send-keys), so a wrapped line left stale rows behind and a later redraw moved up too
 * far and ate trial lines. So every redraw here first sets that record from the cursor's real
 * row (`getCursorPos`, computed from the line itself), and printing clears all the prompt's rows.
 *
 * Without a terminal (piped stdin or stdout) it degrades to plain lines: no prompt, no redraws.
 * It implements ProgressReporter so the tuning progress can drive it directly.
 */
export class ChatTerminal implements ProgressReporter {
  readonly interactive: boolean;
  /** The status shows in the prompt, which exists only on a terminal. */
  get visible(): boolean {
    return this.interactive;
  }
  readonly #output: NodeJS.WriteStream;
  #rl: Interface | null = null;
  #status = '';
  #total = 0;
  #done = 0;
  #started = 0;
  #firstDoneAt = 0;
  #firstDone = 0;

  constructor(options: {
    input: NodeJS.ReadStream;
    output: NodeJS.WriteStream;
    onLine(line: string): void;
    onClose(): void;
    onInterrupt(): void;
  }) {
    this.#output = options.output;
    this.interactive = Boolean(options.input.isTTY && options.output.isTTY);
    this.#rl = createInterface({
      input: options.input,
      output: this.interactive ? options.output : undefined,
      terminal: this.interactive,
      historySize: 100,
    });
    this.#rl.on('line', (line) => options.onLine(line));
    this.#rl.on('close', () => options.onClose());
    // readline takes Ctrl-C away from the process in raw mode; hand it to the chat.
    this.#rl.on('SIGINT', () => options.onInterrupt());
    this.#refreshPrompt();
  }

  /** Prints text above the prompt. */
  print(text: string): void {
    if (!this.interactive || !this.#rl) {
      writeUnlessClosed(this.#output, text + '\n');
      return;
    }
    this.#clearPrompt(this.#rl);
    this.#output.write(text + '\n');
    // The cursor is now where the prompt starts: readline must not move up from here.
    setPromptRow(this.#rl, 0);
    this.#rl.prompt(true);
  }

  close(): void {
    const rl = this.#rl;
    this.#rl = null;
    if (rl) {
      if (this.interactive) this.#clearPrompt(rl);
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

  /** Clears every row of the (possibly wrapped) prompt, leaving the cursor where the prompt started. */
  #clearPrompt(rl: Interface): void {
    const rows = rl.getCursorPos().rows;
    if (rows > 0) moveCursor(this.#output, 0, -rows);
    cursorTo(this.#output, 0);
    clearScreenDown(this.#output);
  }

  #refreshPrompt(): void {
    if (!this.interactive || !this.#rl) return;
    const parts = [`${this.#done}/${this.#total}`];
    if (this.#started) parts.push(formatSeconds((Date.now() - this.#started) / 1000));
    const rate = this.#done - this.#firstDone;
    if (rate > 0 && this.#done < this.#total)
      parts.push(
        `ETA ${formatSeconds((((Date.now() - this.#firstDoneAt) / rate) * (this.#total - this.#done)) / 1000)}`,
      );
    if (this.#status) parts.push(this.#status);
    // The row the cursor is on now, measured with the prompt still on screen (before setPrompt).
    setPromptRow(this.#rl, this.#rl.getCursorPos().rows);
    this.#rl.setPrompt(`[${parts.join(' · ')}] › `);
    this.#rl.prompt(true);
  }
}

/**
 * Sets readline's record of the cursor's row within the prompt (`prevRows`, an undocumented but
 * long-standing field of readline.Interface), which its redraw moves up by. Left alone when a
 * future Node no longer has it: the redraw then falls back to readline's own bookkeeping.
 */
function setPromptRow(rl: Interface, row: number): void {
  const state = rl as unknown as { prevRows?: number };
  if (typeof state.prevRows === 'number' || state.prevRows === undefined) state.prevRows = row;
}
