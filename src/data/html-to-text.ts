import { Parser } from 'htmlparser2';

// Elements whose content is never document text.
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head']);
// Block elements get a blank line around them (paragraph breaks, which chunkers split on) or a
// line break; without them, adjacent paragraphs and list items would run together.
const PARAGRAPHS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'dl',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
]);
const LINES = new Set(['dd', 'div', 'dt', 'figcaption', 'li', 'tr']);
const CELLS = new Set(['td', 'th']);

/** Plain text of an HTML document and the title a reader would see. */
export interface HtmlText {
  text: string;
  /** `<title>`, else the first `<h1>`; undefined when neither has text. */
  title?: string;
}

/**
 * Converts HTML to plain text: drops script/style/head content, turns block elements into line
 * breaks, collapses other whitespace (except inside `<pre>`), decodes entities.
 */
export function htmlToText(options: { html: string }): HtmlText {
  const out: string[] = [];
  // Breaks are held back until the next visible text, so runs of blocks do not stack up empty
  // lines and the output has no leading or trailing breaks; appending stays linear in size.
  let pendingBreaks = 0;
  const onBlock = (name: string): void => {
    if (PARAGRAPHS.has(name)) pendingBreaks = Math.max(pendingBreaks, 2);
    else if (LINES.has(name)) pendingBreaks = Math.max(pendingBreaks, 1);
  };
  const emit = (text: string, pre: boolean): void => {
    if (pendingBreaks > 0) {
      if (!pre) text = text.replace(/^\s+/, '');
      if (text === '') return;
      if (out.length > 0) out.push('\n'.repeat(pendingBreaks));
      pendingBreaks = 0;
    }
    out.push(text);
  };
  let skipDepth = 0;
  let preDepth = 0;
  let title = '';
  let inTitle = false;
  let h1 = '';
  let h1Depth = 0;
  let h1Done = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        else if (SKIPPED.has(name)) skipDepth++;
        if (name === 'pre') preDepth++;
        if (name === 'h1') h1Depth++;
        if (name === 'br') pendingBreaks++;
        else onBlock(name);
      },
      ontext(text) {
        if (inTitle) title += text;
        if (inTitle || skipDepth > 0) return;
        if (h1Depth > 0 && !h1Done) h1 += text;
        emit(preDepth > 0 ? text : text.replace(/\s+/g, ' '), preDepth > 0);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        else if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        if (name === 'h1') {
          h1Depth = Math.max(0, h1Depth - 1);
          h1Done = h1.trim() !== '';
        }
        // A space after each cell keeps "a</td><td>b" apart; the row's trailing one is trimmed.
        if (CELLS.has(name)) out.push(' ');
        else onBlock(name);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(options.html);
  parser.end();
  const text = out
    .join('')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chosen = clean(title) || clean(h1);
  return chosen ? { text, title: chosen } : { text };
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
