import { TuneRagError } from '../errors.js';
import type { TextSpan } from './text-span.js';

function nextNonWhitespace(text: string, from: number): number {
  let i = from;
  while (i < text.length && /\s/.test(text[i] as string)) i++;
  return i;
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The exact occurrence of `piece` that continues after `previous`: it must end after it (else
 * it adds nothing) and start no later than the first non-whitespace character after it (else
 * text would be skipped). Usually there is one; in repetitive text ("ha ha ha ...") there can
 * be several with the same content, and taking the last keeps every later chunk findable
 * (each chosen chunk ends no earlier than the splitter's real one). Returns 'contained' when
 * the piece only occurs inside text already covered.
 */
function exactMatch(text: string, piece: string, previous: TextSpan | null): TextSpan | 'contained' | null {
  const covered = previous?.end ?? 0;
  const to = nextNonWhitespace(text, covered);
  let found = -1;
  for (
    let at = text.indexOf(piece, Math.max(0, covered - piece.length + 1));
    at !== -1 && at <= to;
    at = text.indexOf(piece, at + 1)
  ) {
    found = at;
  }
  if (found !== -1) return { start: found, end: found + piece.length };
  if (previous !== null && covered - piece.length >= 0 && text.lastIndexOf(piece, covered - piece.length) !== -1)
    return 'contained';
  return null;
}

/** The same words with any whitespace between them, for splitters that rewrite whitespace. */
function normalisedMatch(text: string, piece: string, previous: TextSpan | null): TextSpan | null {
  const words = piece.split(/\s+/).filter((w) => w !== '');
  if (words.length === 0) return null;
  const pattern = new RegExp(words.map(escapeRegExp).join('\\s+'), 'g');
  const covered = previous?.end ?? 0;
  const to = nextNonWhitespace(text, covered);
  pattern.lastIndex = previous === null ? 0 : previous.start + 1;
  for (let m = pattern.exec(text); m !== null && m.index <= to; m = pattern.exec(text)) {
    const end = m.index + m[0].length;
    if (end > covered) return { start: m.index, end };
    pattern.lastIndex = m.index + 1;
  }
  return null;
}

/**
 * Recovers the [start, end) offsets of chunk strings returned, in order, by a splitter that
 * gives no offsets (langchain). Pieces must come from `text` in order, possibly overlapping.
 *
 * Each piece is searched from a moving cursor: it may start before the end of the previous
 * chunk (overlap reaches backwards) but no later than the first non-whitespace character after
 * it, so a phrase repeated elsewhere in the document is never picked and no text is skipped.
 * A piece that adds nothing beyond the previous chunk is dropped, as is a previous chunk that
 * the new one contains. If the exact string is not there, a whitespace-insensitive search is
 * tried; if that fails too this throws rather than guess. Offsets are exact by construction:
 * callers take chunk text as `text.slice(start, end)`.
 */
export function locateChunks({ text, pieces }: { text: string; pieces: readonly string[] }): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const piece of pieces) {
    if (piece.trim() === '') continue;
    const previous = spans[spans.length - 1] ?? null;
    const exact = exactMatch(text, piece, previous);
    if (exact === 'contained') continue;
    const span: TextSpan | null = exact ?? normalisedMatch(text, piece, previous);
    if (span === null) {
      throw new TuneRagError(
        'pipeline',
        `Could not find a chunk in its document (chunk starts "${piece.slice(0, 40)}").`,
        {
          hint: 'This is a bug in the chunker; please report it with the document.',
        },
      );
    }
    while (spans.length > 0 && (spans[spans.length - 1] as TextSpan).start >= span.start) spans.pop();
    spans.push(span);
  }
  return spans;
}
