import { TuneRagError } from '../errors.js';
import type { TextSpan } from './text-span.js';

/**
 * How documents are cut into chunks. `size` is always in cl100k tokens.
 *
 * - `fixed_tokens`: sliding windows of `size` tokens, `overlap` of them shared.
 * - `recursive`: langchain's RecursiveCharacterTextSplitter (paragraphs, lines, words, chars),
 *   measured in tokens, with `overlap`.
 * - `sentence`: whole sentences packed up to `size`; ignores `overlap`.
 * - `markdown`: whole header sections packed up to `size`; ignores `overlap`.
 */
export type ChunkingStrategy = 'fixed_tokens' | 'recursive' | 'sentence' | 'markdown';

/** Every strategy, in a stable order (for search spaces and CLI help). */
export const CHUNKING_STRATEGIES: readonly ChunkingStrategy[] = ['fixed_tokens', 'recursive', 'sentence', 'markdown'];

/** Strategies that read `overlap`; the search space makes overlap conditional on these. */
export const OVERLAPPING_STRATEGIES: readonly ChunkingStrategy[] = ['fixed_tokens', 'recursive'];

/**
 * Smallest accepted size. Below this a single character (an emoji is 3 tokens) or a single
 * token's trimmed text could exceed the size, and such chunks are useless for retrieval.
 */
export const MIN_CHUNK_SIZE = 8;

/** Largest accepted overlap fraction: beyond half, windows would mostly repeat each other. */
export const MAX_OVERLAP = 0.5;

/** What one strategy is given. Spans it returns index into `text`, not into `range`. */
export interface SpanChunkerOptions {
  /** The whole document text. */
  text: string;
  /** Part of `text` to chunk (default: all of it); lets strategies delegate oversized pieces. */
  range?: TextSpan;
  /** Maximum chunk length in cl100k tokens (integer >= MIN_CHUNK_SIZE). */
  size: number;
  /** Fraction of `size` shared by consecutive chunks, in [0, MAX_OVERLAP]; some strategies ignore it. */
  overlap: number;
}

/**
 * One chunking strategy: returns spans in document order, each trimmed of surrounding
 * whitespace and non-empty. Spans may overlap (when overlap > 0) but never go backwards.
 */
export type SpanChunker = (options: SpanChunkerOptions) => TextSpan[] | Promise<TextSpan[]>;

/** The overlap in tokens for a size and fraction: round(size * overlap), always < size. */
export function overlapTokens({ size, overlap }: { size: number; overlap: number }): number {
  return Math.min(Math.round(size * overlap), size - 1);
}

/** Throws a config error unless `size` is an integer >= 8 and `overlap` is in [0, 0.5]. */
export function validateChunking({
  strategy,
  size,
  overlap,
}: {
  strategy: string;
  size: number;
  overlap: number;
}): void {
  if (!(CHUNKING_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new TuneRagError('config', `Unknown chunking strategy "${strategy}".`, {
      hint: `Use one of: ${CHUNKING_STRATEGIES.join(', ')}.`,
    });
  }
  if (!Number.isInteger(size) || size < MIN_CHUNK_SIZE) {
    throw new TuneRagError('config', `Chunk size must be a whole number of tokens >= ${MIN_CHUNK_SIZE}, got ${size}.`);
  }
  if (!Number.isFinite(overlap) || overlap < 0 || overlap > MAX_OVERLAP) {
    throw new TuneRagError(
      'config',
      `Chunk overlap must be a fraction of the size in [0, ${MAX_OVERLAP}], got ${overlap}.`,
      {
        hint: 'Overlap is a fraction (0.1 = 10% of the chunk size), not a token count.',
      },
    );
  }
}

/** The range a strategy should chunk: the given one, or the whole text. */
export function rangeOf({ text, range }: SpanChunkerOptions): TextSpan {
  return range ?? { start: 0, end: text.length };
}
