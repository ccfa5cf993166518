/** Text parts joined into one document text, and where each part lies in it. */
export interface JoinedText {
  text: string;
  /** `ranges[i]` is [start, end) of `parts[i]` in `text`. */
  ranges: Array<{ start: number; end: number }>;
}

/**
 * The separator between PDF pages and between DOCX sections: a blank line, the paragraph break
 * chunkers already split on, so a page boundary is also a natural chunk boundary.
 */
export const PART_SEPARATOR = '\n\n';

/**
 * Joins parts (pages, sections) with PART_SEPARATOR and records each part's character range, so
 * offsets into the joined text can be traced back to a page or section. Empty parts keep an empty
 * range at their position and add no separator, so the text has no runs of blank lines.
 */
export function joinTextParts(parts: readonly string[]): JoinedText {
  let text = '';
  const ranges: JoinedText['ranges'] = [];
  for (const part of parts) {
    if (part !== '' && text !== '') text += PART_SEPARATOR;
    const start = text.length;
    text += part;
    ranges.push({ start, end: text.length });
  }
  return { text, ranges };
}
