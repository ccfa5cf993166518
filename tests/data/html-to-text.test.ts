import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../src/data/html-to-text.js';

describe('htmlToText', () => {
  it('keeps paragraphs and lines apart and drops scripts and styles', () => {
    const html =
      '<div>\n  <h2>Title</h2>\n  <p>First   para\n graph.</p><p>Second<br>line</p>\n<script>x()</script><style>.a{}</style><table><tr><td>a</td><td>b</td></tr></table></div>';
    expect(htmlToText({ html })).toEqual({ text: 'Title\n\nFirst para graph.\n\nSecond\nline\n\na b' });
  });

  it('decodes entities and keeps <pre> as written', () => {
    const { text } = htmlToText({
      html: '<p>Fish &amp; chips &#8212; &eacute;t&eacute;</p><pre>  if (a &lt; b)\n    go();</pre>',
    });
    expect(text).toBe('Fish & chips — été\n\n  if (a < b)\n    go();');
  });

  it('takes the title from <title>, else the first <h1>', () => {
    expect(htmlToText({ html: '<title> The  Page </title><h1>Heading</h1>' }).title).toBe('The Page');
    expect(htmlToText({ html: '<body><h1>Heading <em>one</em></h1><h1>two</h1></body>' }).title).toBe('Heading one');
    expect(htmlToText({ html: '<p>plain</p>' }).title).toBeUndefined();
  });
});
