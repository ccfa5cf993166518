import { describe, expect, it } from 'vitest';
import { escapeAttr, escapeHtml, html, jsonForScript, raw } from '../../src/report/html/escape.js';

describe('report escaping', () => {
  it('turns script tags and markup into text', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml('<img src=x onerror="alert(1)">')).toBe('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(escapeHtml('a & b')).toBe('a &amp; b');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3)).toBe('3');
  });

  it('cannot break out of a quoted attribute with either quote', () => {
    const value = escapeAttr(`x" onmouseover="alert(1)' y='`);
    expect(value).not.toMatch(/["']/);
    expect(`<a title="${value}">`).toBe('<a title="x&quot; onmouseover=&quot;alert(1)&#39; y=&#39;">');
  });

  it('escapes every interpolation of the html template unless marked raw', () => {
    const text = '<b>bold</b>';
    expect(html`<p>${text}</p>`.toString()).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>');
    expect(html`<p>${raw(text)}</p>`.toString()).toBe('<p><b>bold</b></p>');
    expect(html`<ul>${['<a>', '<b>'].map((x) => html`<li>${x}</li>`)}</ul>`.toString()).toBe(
      '<ul><li>&lt;a&gt;</li><li>&lt;b&gt;</li></ul>',
    );
  });

  it('keeps the JSON block from closing its script element and round-trips the value', () => {
    const value = {
      text: '</script><script>alert(1)</script><!-- -->',
      amp: 'a&b',
      line: 'x\u2028y\u2029z',
      nested: ['</SCRIPT >'],
    };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/</);
    expect(json).not.toMatch(/>/);
    expect(json.toLowerCase()).not.toContain('</script');
    expect(json).toContain('\\u003c/script\\u003e');
    expect(json).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(value);
    const page = `<script type="application/json" id="d">${json}</script>`;
    // The only closing tag is the one we wrote.
    expect(page.match(/<\/script/gi)).toHaveLength(1);
  });
});
