import { TuneRagError } from '../errors.js';
import { readTextFile } from '../data/read-text-file.js';

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
 */
/** `display` is how messages name the file (as the user gave it); default `path`. */
export async function readSteerFile(path: string, display = path): Promise<SteerMessage[]> {
  const text = await readTextFile({ path, label: `steer file ${display}`, what: 'chat messages, one per line (optional @N prefix)' });
  const messages: SteerMessage[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const source = `${display}:${i + 1}`;
    const match = /^@(\S*)\s*(.*)$/.exec(line);
    let afterTrials = 0;
    let message = line;
    if (match) {
      if (!/^\d+$/.test(match[1])) throw new TuneRagError('cli', `${source}: "@${match[1]}" is not a trial count`, { hint: 'Write @N with a whole number N, e.g. "@5 /pin reranker=none" (applied after 5 trials).' });
      afterTrials = Number(match[1]);
      message = match[2].trim();
      if (!message) throw new TuneRagError('cli', `${source}: @${match[1]} has no message after it`, { hint: 'Write the message on the same line, e.g. "@5 /status".' });
    }
    const previous = messages[messages.length - 1];
    if (previous && afterTrials < previous.afterTrials) {
      throw new TuneRagError('cli', `${source}: @${afterTrials} comes after @${previous.afterTrials} (${previous.source})`, { hint: 'Order the lines by trial count.' });
    }
    messages.push({ afterTrials, text: message, source });
  }
  return messages;
}
