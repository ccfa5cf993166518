import type { CorpusDoc, SectionSpan } from './dataset-schema.js';
import { htmlToText } from './html-to-text.js';
import { joinTextParts } from './join-text-parts.js';
import type { DocumentFileInput } from './located-doc.js';

const HEADING = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g;

/**
 * Reads a Word document (.docx) with mammoth: its HTML is cut at every heading (Heading 1-6
 * styles) into sections, each section's plain text starting with its heading, sections joined
 * by a blank line. `section_spans` records each section's heading, level and [start, end) in
 * `text`; text before the first heading is a section without a heading. The title is the first
 * Heading 1, else `fallbackTitle`. A file mammoth cannot open goes to `issues` with the fix.
 */
export async function readDocxDocument(options: DocumentFileInput & { bytes: Buffer }): Promise<CorpusDoc[]> {
  const { bytes, id, label, fallbackTitle, issues } = options;
  // Loaded on first use: importing mammoth takes about a second, which every command would pay.
  const { default: mammoth } = await import('mammoth');
  let html: string;
  try {
    // Images carry no text; dropping them keeps megabytes of base64 out of the HTML.
    const dropImages = mammoth.images.imgElement(async () => ({ src: '' }));
    html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage: dropImages })).value;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    issues.add(
      `${label}: not a readable DOCX (${reason}) — save it again as .docx (Word or LibreOffice) or remove it from the folder`,
    );
    return [];
  }
  const { parts, headings } = splitAtHeadings(html);
  const { text, ranges } = joinTextParts(parts);
  const section_spans: SectionSpan[] = ranges.map((range, i) => ({ ...headings[i], ...range }));
  return [{ id, title: htmlToText({ html }).title ?? fallbackTitle, text, section_spans }];
}

/** Plain text per section and the heading that opens it (none for text before the first one). */
function splitAtHeadings(html: string): { parts: string[]; headings: Array<Omit<SectionSpan, 'start' | 'end'>> } {
  const parts: string[] = [];
  const headings: Array<Omit<SectionSpan, 'start' | 'end'>> = [];
  const matches = [...html.matchAll(HEADING)];
  const preamble = htmlToText({ html: html.slice(0, matches[0]?.index ?? html.length) }).text;
  if (preamble !== '') {
    parts.push(preamble);
    headings.push({});
  }
  matches.forEach((match, i) => {
    const end = matches[i + 1]?.index ?? html.length;
    parts.push(htmlToText({ html: html.slice(match.index, end) }).text);
    headings.push({ heading: htmlToText({ html: match[2]! }).text, level: Number(match[1]) });
  });
  return { parts, headings };
}
