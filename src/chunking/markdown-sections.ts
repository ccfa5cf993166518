/** One markdown section: a header line and everything up to the next header. */
export interface MarkdownSection {
  start: number;
  end: number;
  /** 1..6 for `#`..`######`; 0 for text before the first header. */
  level: number;
  /** Header text without the `#` marks ('' for the preamble). */
  heading: string;
}

// ATX headers only (`# Title`); up to three spaces of indent, and `#tag` is not a header.
const HEADER = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?\n?$/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits markdown into sections at ATX headers (`#`..`######`), ignoring `#` lines inside
 * fenced code blocks (``` or ~~~). Sections are contiguous and cover the whole text; text
 * before the first header, if any, is a level-0 section. Setext headers (underlined with
 * === or ---) are not recognised.
 */
export function markdownSections(text: string): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  let current: MarkdownSection = { start: 0, end: text.length, level: 0, heading: '' };
  let fence: { char: string; length: number } | null = null;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline + 1;
    const line = text.slice(lineStart, lineEnd);
    const fenceMatch = FENCE.exec(line);
    if (fence !== null) {
      // A fence closes with the same character, at least as long, and nothing after it.
      const marks = fenceMatch?.[1];
      if (marks !== undefined && marks[0] === fence.char && marks.length >= fence.length && line.trim() === marks)
        fence = null;
    } else if (fenceMatch?.[1] !== undefined) {
      fence = { char: fenceMatch[1][0] as string, length: fenceMatch[1].length };
    } else {
      const header = HEADER.exec(line);
      if (header?.[1] !== undefined) {
        if (lineStart > current.start) sections.push({ ...current, end: lineStart });
        current = { start: lineStart, end: text.length, level: header[1].length, heading: (header[2] ?? '').trim() };
      }
    }
    lineStart = lineEnd;
  }
  if (text.length > current.start || sections.length === 0) sections.push({ ...current, end: text.length });
  return sections;
}

/**
 * The headings enclosing `offset` in a markdown text, outermost first, e.g.
 * `['Install', 'From source']` for text under `## From source` below `# Install`.
 * Empty before the first header. Lets callers show or embed a chunk's context without
 * changing the chunk's text (which is always the exact document slice).
 */
export function headingPathAt({ text, offset }: { text: string; offset: number }): string[] {
  const path: MarkdownSection[] = [];
  for (const section of markdownSections(text)) {
    if (section.start > offset) break;
    if (section.level === 0) continue;
    while (path.length > 0 && (path[path.length - 1] as MarkdownSection).level >= section.level) path.pop();
    path.push(section);
  }
  return path.map((s) => s.heading);
}
