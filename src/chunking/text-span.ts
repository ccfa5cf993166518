/**
 * A [start, end) range of character offsets into a document's text. Every chunker produces
 * spans rather than strings, so a chunk's text is always the exact document slice.
 */
export interface TextSpan {
  start: number;
  end: number;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Shrinks a span to its first and last non-whitespace characters, then widens it so it does
 * not cut a surrogate pair (an emoji) in half; character-level splitting can land there.
 * Returns null when nothing but whitespace is left: chunkers never emit such spans.
 */
export function tidySpan(text: string, span: TextSpan): TextSpan | null {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start] as string)) start++;
  while (end > start && /\s/.test(text[end - 1] as string)) end--;
  if (start === end) return null;
  if (start > 0 && isLowSurrogate(text.charCodeAt(start)) && isHighSurrogate(text.charCodeAt(start - 1))) start--;
  if (end < text.length && isLowSurrogate(text.charCodeAt(end)) && isHighSurrogate(text.charCodeAt(end - 1))) end++;
  return { start, end };
}
