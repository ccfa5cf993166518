/**
 * Escaping for the HTML report. Every piece of document, question, answer, rationale or config
 * text goes through one of these before it reaches the page, so a corpus containing `<script>`
 * renders as text and can never run.
 */

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values (both quote kinds). */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/** Same as escapeHtml; named for call sites that build `attr="..."`. */
export const escapeAttr = escapeHtml;

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become \u escapes so the
 * text can never contain `</script>` or `<!--`, and U+2028/2029 are escaped for older parsers.
 * `JSON.parse(element.textContent)` gives back the original value.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Tagged template helper: `html\`<td>${text}</td>\`` escapes every interpolation unless it is {@link raw}. */
export class RawHtml {
  constructor(readonly html: string) {}
  toString(): string {
    return this.html;
  }
}

/** Marks already-built HTML (from another renderer) so {@link html} does not escape it again. */
export function raw(markup: string): RawHtml {
  return new RawHtml(markup);
}

type Interpolation = string | number | boolean | null | undefined | RawHtml | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value instanceof RawHtml) return value.html;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escapeHtml(value);
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): RawHtml {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new RawHtml(out);
}
