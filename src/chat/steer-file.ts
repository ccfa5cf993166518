import { TuneRagError, optionRef } from '../errors.js';
import { readTextFile } from '../data/read-text-file.js';
import { describeCharacter, INVISIBLE_BREAK } from '../names/describe-character.js';

/** One scripted message: applied once `afterTrials` trials are done (0 = before the first). */
export interface SteerMessage {
  afterTrials: number;
  text: string;
  /** file:line, for messages about it. */
  source: string;
}

/**
 * Reads a steer file: one message per line, as typed in the chat (slash commands or free text),
 * with an optional `@N` prefix meaning "after N trials". Blank lines and lines starting with `#`
 * are skipped. Messages keep file order among equal N, and a later line may not have a smaller N
 * than an earlier one (that would be applied out of order, so it is an error, not a guess).
 * Lines end at "\n" (optionally "\r\n") only, as in editors and `grep -n`, so `file:line` in
 * messages is the line an editor shows; a U+2028, NEL, lone "\r" or other invisible break or
 * control character inside a line is an error at `file:line:column` (some tools show a line
 * break there, none is read). A file with no message at all is an error too.
 */
/** `display` is how messages name the file (as the user gave it); default `path`. */
export async function readSteerFile(path: string, display = path): Promise<SteerMessage[]> {
  const text = await readTextFile({
    path,
    label: `steer file ${display}`,
    what: 'chat messages, one per line (optional @N prefix)',
  });
  const messages: SteerMessage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    const source = `${display}:${i + 1}`;
    const invisible = INVISIBLE_BREAK.exec(raw);
    if (invisible) {
      const column = [...raw.slice(0, invisible.index)].length + 1;
      throw new TuneRagError(
        'cli',
        `${source}:${column}: the line holds ${describeCharacter(invisible[0])}, which some programs show as a line break and most show as nothing`,
        {
          hint: 'Delete the character; put each message on its own line with a plain newline.',
        },
      );
    }
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^@(\S*)\s*(.*)$/.exec(line);
    let afterTrials = 0;
    let message = line;
    if (match) {
      if (!/^\d+$/.test(match[1]))
        throw new TuneRagError('cli', `${source}: "@${match[1]}" is not a trial count`, {
          hint: 'Write @N with a whole number N, e.g. "@5 /pin reranker=none" (applied after 5 trials).',
        });
      afterTrials = Number(match[1]);
      message = match[2].trim();
      if (!message)
        throw new TuneRagError('cli', `${source}: @${match[1]} has no message after it`, {
          hint: 'Write the message on the same line, e.g. "@5 /status".',
        });
    }
    const previous = messages[messages.length - 1];
    if (previous && afterTrials < previous.afterTrials) {
      throw new TuneRagError(
        'cli',
        `${source}: @${afterTrials} comes after @${previous.afterTrials} (${previous.source})`,
        { hint: 'Order the lines by trial count.' },
      );
    }
    messages.push({ afterTrials, text: message, source });
  }
  if (messages.length === 0) {
    throw new TuneRagError('cli', `steer file ${display} has no message: every line is blank or a # comment`, {
      hint: `Write one chat message a line, e.g. "@2 /pin reranker=none", or leave out ${optionRef('steerFile')}.`,
    });
  }
  return messages;
}

/** What became of one scripted message: applied (`ok`), or refused with the reason shown. */
export interface SteerOutcome {
  message: SteerMessage;
  ok: boolean;
  reason: string;
}

/**
 * The error for a steer file none of whose messages could be applied (every one refused: an
 * unknown parameter, a bad command, free text without --llm), or null when at least one was
 * applied or none was reached. Such a run was not steered as the file says, so it must not end
 * like one that was (exit 0): the chat raises this after saving its outputs.
 */
export function steerFileRefusal(options: { display: string; outcomes: readonly SteerOutcome[] }): TuneRagError | null {
  const { display, outcomes } = options;
  if (outcomes.length === 0 || outcomes.some((o) => o.ok)) return null;
  const shorten = (text: string) => (text.length > 160 ? `${text.slice(0, 159)}…` : text);
  const lines = outcomes.map((o) => `${o.message.source} "${shorten(o.message.text)}": ${shorten(o.reason)}`);
  return new TuneRagError(
    'cli',
    `steer file ${display}: none of its ${outcomes.length === 1 ? 'message' : `${outcomes.length} messages`} could be applied, so the search ran unsteered:\n  - ${lines.join('\n  - ')}`,
    {
      hint: `Fix those lines (/help in a chat lists the commands; free text needs ${optionRef('llm')}). The trials that ran are saved.`,
    },
  );
}
