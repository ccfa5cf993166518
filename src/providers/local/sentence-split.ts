/**
 * Splits a context into answer candidates ("sentences") for the extractive answerer.
 *
 * Prose is split with Intl.Segmenter; on top of that every line break is a boundary, so list
 * items, table rows and code lines become separate candidates instead of one run-on "sentence".
 * Markdown structure is kept as metadata: headings and table header rows are marked as headers
 * (they name a topic but rarely state an answer) and become the `context` of what follows them.
 */

/** What kind of line a sentence came from. */
export type SentenceKind = 'prose' | 'bullet' | 'table-row' | 'heading' | 'code';

export interface TextSentence {
  /** Character offsets into the source text; `text === source.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  kind: SentenceKind;
  /** Only a heading or label (markdown heading, table header row, short title line). */
  isHeader: boolean;
  /** Framing text: the nearest preceding heading and, for a table row, the table's header row. */
  context: string;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

const FENCE = /^\s*(```|~~~)/;
const HEADING = /^\s{0,3}#{1,6}\s+/;
const TABLE_SEPARATOR = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
const BULLET = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const HAS_WORD = /[\p{L}\p{N}]/u;

/** Splits `text` into sentences with offsets; empty and punctuation-only pieces are dropped. */
export function splitSentences(text: string): TextSentence[] {
  const out: TextSentence[] = [];
  let heading = '';
  let tableHeader = '';
  // A line ending in ":" introduces the list or code block right below it, and only that.
  let intro = '';
  let inFence = false;
  let previousWasTableRow = false;
  // One segmentation of the whole text is ~2x faster than one per line; line feeds are hard
  // sentence breaks in Unicode segmentation (UAX #29), so no boundary straddles a line.
  const boundaries = sentenceStarts(text);
  let nextBoundary = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 ? text.length : newline;
    const line = text.slice(lineStart, lineEnd);
    const context = (kind: SentenceKind): string => {
      if (kind === 'table-row' && tableHeader) return `${heading} ${tableHeader}`;
      if ((kind === 'bullet' || kind === 'code') && intro) return `${heading} ${intro}`;
      return heading;
    };
    const push = (start: number, end: number, kind: SentenceKind, isHeader: boolean): TextSentence | undefined => {
      const piece = trimmed(text, start, end);
      if (!piece) return undefined;
      const sentence = { ...piece, kind, isHeader, context: context(kind) };
      out.push(sentence);
      return sentence;
    };

    let isTableRow = false;
    if (FENCE.test(line)) {
      inFence = !inFence;
    } else if (inFence) {
      push(lineStart, lineEnd, 'code', false);
    } else if (line.trim() === '') {
      tableHeader = '';
    } else if (HEADING.test(line)) {
      const marker = HEADING.exec(line)![0].length;
      const sentence = push(lineStart + marker, lineStart + line.replace(/[\s#]+$/, '').length, 'heading', true);
      if (sentence) heading = sentence.text;
    } else if (TABLE_SEPARATOR.test(line)) {
      // The row above a separator is the table's header: a label row, and context for the rows.
      const last = out[out.length - 1];
      if (previousWasTableRow && last?.kind === 'table-row') {
        last.isHeader = true;
        tableHeader = last.text;
      }
      isTableRow = previousWasTableRow;
    } else if (line.trimStart().startsWith('|')) {
      isTableRow = true;
      const lead = line.search(/[^\s|]/);
      const tail = line.replace(/[\s|]+$/, '').length;
      if (lead >= 0) push(lineStart + lead, lineStart + tail, 'table-row', false);
    } else {
      const bullet = BULLET.exec(line);
      const contentStart = bullet ? bullet[0].length : 0;
      const before = out.length;
      let start = lineStart + contentStart;
      while (nextBoundary < boundaries.length && boundaries[nextBoundary] <= start) nextBoundary++;
      while (nextBoundary < boundaries.length && boundaries[nextBoundary] < lineEnd) {
        push(start, boundaries[nextBoundary], bullet ? 'bullet' : 'prose', false);
        start = boundaries[nextBoundary++];
      }
      push(start, lineEnd, bullet ? 'bullet' : 'prose', false);
      if (!bullet && out.length === before + 1 && looksLikeTitle(out[before].text)) out[before].isHeader = true;
      if (!bullet) intro = line.trimEnd().endsWith(':') ? line.trim() : '';
    }
    if (isTableRow || HEADING.test(line)) intro = '';
    previousWasTableRow = isTableRow;
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return out;
}

/** Start offsets of the Intl.Segmenter sentences of `text`, ascending. */
function sentenceStarts(text: string): number[] {
  const starts: number[] = [];
  for (const segment of segmenter.segment(text)) starts.push(segment.index);
  return starts;
}

/** Trims whitespace off [start, end); undefined when nothing word-like remains. */
function trimmed(text: string, start: number, end: number): { start: number; end: number; text: string } | undefined {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const piece = text.slice(start, end);
  return HAS_WORD.test(piece) ? { start, end, text: piece } : undefined;
}

/**
 * A short stand-alone line without sentence punctuation or digits ("Default settings",
 * "Supported platforms:") is a plain-text heading or label, not a statement. Unlike a markdown
 * heading it does not become the context of what follows: without markup that guess is too weak.
 */
function looksLikeTitle(line: string): boolean {
  if (/[.!?;]$/.test(line) || /\d/.test(line)) return false;
  return line.split(/\s+/).length <= 6;
}
