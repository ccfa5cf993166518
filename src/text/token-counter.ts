import { Cl100kEncoder } from './cl100k-encoder.js';

/**
 * cl100k_base token counting, fully offline (ranks ship with js-tiktoken; langchain's
 * TokenTextSplitter and @langchain/core's getEncoding would fetch them from the network).
 *
 * Chunk sizes are measured in these tokens, and cost accounting uses the same counts, so
 * "a token" means one thing across tune-rag.
 *
 * Special-token strings such as `<|endoftext|>` inside a document are encoded as plain text:
 * documents are data, never control sequences (js-tiktoken would otherwise throw on them).
 */

/** One cached pre-tokenizer piece: its tokens and, once asked for, each token's end offset. */
interface PieceEntry {
  tokens: number[];
  /** Char offset (relative to the piece) where each token ends, rounded up to a code point. */
  ends?: number[];
}

// Built lazily: reading the ranks still costs tens of milliseconds, which CLI commands that
// never count tokens should not pay.
let encoder: Cl100kEncoder | undefined;
let piecePattern: RegExp | undefined;

// Encoding is per regex piece (the same split Tiktoken.encode does internally), and natural
// text repeats its pieces ("the", " of", ...), so memoising pieces makes counting several
// times faster than calling Tiktoken.encode on whole texts. Bounded so that a huge corpus
// cannot grow it without limit.
const pieceCache = new Map<string, PieceEntry>();
const PIECE_CACHE_LIMIT = 200_000;

function getEncoder(): Cl100kEncoder {
  encoder ??= new Cl100kEncoder();
  return encoder;
}

function getPiecePattern(): RegExp {
  piecePattern ??= Cl100kEncoder.piecePattern();
  return piecePattern;
}

function pieceEntry(piece: string): PieceEntry {
  let entry = pieceCache.get(piece);
  if (entry === undefined) {
    // Special-token text is encoded as ordinary text rather than rejected.
    entry = { tokens: getEncoder().encodePiece(piece) };
    if (pieceCache.size >= PIECE_CACHE_LIMIT) pieceCache.clear();
    pieceCache.set(piece, entry);
  }
  return entry;
}

/** Calls `visit` for each cl100k pre-tokenizer piece of `text` with its start offset. */
function forEachPiece(text: string, visit: (piece: string, start: number) => void): void {
  const pattern = getPiecePattern();
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    visit(match[0], match.index);
  }
}

/** UTF-8 width of the code point starting at `text[i]` and how many UTF-16 units it spans. */
function codePointAt(text: string, i: number): { bytes: number; units: number } {
  const code = text.charCodeAt(i);
  if (code < 0x80) return { bytes: 1, units: 1 };
  if (code < 0x800) return { bytes: 2, units: 1 };
  if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return { bytes: 4, units: 2 };
  }
  // Lone surrogates are encoded as U+FFFD (3 bytes) by TextEncoder, as are other BMP chars.
  return { bytes: 3, units: 1 };
}

/** Token end offsets within one piece; a token ending inside a character ends after it. */
function pieceTokenEnds(piece: string, tokens: number[]): number[] {
  if (tokens.length === 1) return [piece.length];
  const coder = getEncoder();
  const ends: number[] = [];
  let charPos = 0;
  let bytePos = 0; // bytes consumed by the characters before charPos
  let tokenEndByte = 0;
  for (const token of tokens) {
    tokenEndByte += coder.byteLength(token);
    while (bytePos < tokenEndByte && charPos < piece.length) {
      const cp = codePointAt(piece, charPos);
      bytePos += cp.bytes;
      charPos += cp.units;
    }
    ends.push(charPos);
  }
  return ends;
}

/** cl100k token ids of `text`. Identical to `Tiktoken.encode(text, [], [])`. */
export function encode(text: string): number[] {
  const tokens: number[] = [];
  forEachPiece(text, (piece) => {
    for (const token of pieceEntry(piece).tokens) tokens.push(token);
  });
  return tokens;
}

// The same whole text is often counted twice in a row: a chunker counts a chunk to check its
// size, then the chunk stage counts it again for context packing. A small memo of the latest
// texts makes the second count a hash lookup; whole documents (long) are not kept.
const recentCounts = new Map<string, number>();
const RECENT_LIMIT = 1024;
const RECENT_CHARS = { min: 32, max: 32_768 };

/** Number of cl100k tokens in `text` (0 for the empty string). */
export function countTokens(text: string): number {
  const memo = text.length >= RECENT_CHARS.min && text.length <= RECENT_CHARS.max;
  if (memo) {
    const known = recentCounts.get(text);
    if (known !== undefined) return known;
  }
  let count = 0;
  forEachPiece(text, (piece) => {
    count += pieceEntry(piece).tokens.length;
  });
  if (memo) {
    if (recentCounts.size >= RECENT_LIMIT) recentCounts.clear();
    recentCounts.set(text, count);
  }
  return count;
}

/** Text of cl100k token ids. Partial UTF-8 sequences at the edges decode to U+FFFD. */
export function decode(tokens: number[]): string {
  return getEncoder().decode(tokens);
}

/**
 * Tokens of `text` with, for each token, the character offset where it ends in `text`.
 *
 * A token that ends inside a multi-byte character (emoji, CJK split across tokens) is reported
 * as ending after that character, so every offset is a valid code point boundary and
 * `text.slice(ends[i - 1], ends[i])` never cuts a character in half (it may be empty).
 * Used by the fixed-token chunker to map token windows back to exact character offsets.
 */
export function encodeWithOffsets(text: string): { tokens: number[]; ends: number[] } {
  const tokens: number[] = [];
  const ends: number[] = [];
  forEachPiece(text, (piece, start) => {
    const entry = pieceEntry(piece);
    entry.ends ??= pieceTokenEnds(piece, entry.tokens);
    for (let i = 0; i < entry.tokens.length; i++) {
      tokens.push(entry.tokens[i] as number);
      ends.push(start + (entry.ends[i] as number));
    }
  });
  return { tokens, ends };
}
