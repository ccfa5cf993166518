import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from '../support/find-chromium.js';

/** A folder holding an empty file per name: enough for the lookup, which only checks existence. */
function binFolder(names: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-chromium-'));
  for (const name of names) writeFileSync(join(dir, name), '');
  return dir;
}

// The HTML report's browser test skips (with this reason in its name) when no Chromium is found,
// and must never skip silently because of a mistyped CHROMIUM_PATH.
describe('findChromium (when the browser test runs or skips)', () => {
  it('no chromium on PATH: no path, and a reason that says how to provide one', () => {
    const found = findChromium({ PATH: binFolder(['node']) });
    expect(found).toEqual({
      path: null,
      reason:
        'Chromium not found: set CHROMIUM_PATH or put chromium (or chromium-browser) on PATH; CI installs it (.ci/run)',
    });
  });

  it('takes chromium before chromium-browser, in PATH order', () => {
    const first = binFolder(['chromium-browser']);
    const second = binFolder(['chromium']);
    expect(findChromium({ PATH: [first, second].join(delimiter) })).toEqual({
      path: join(second, 'chromium'),
      reason: 'chromium on PATH',
    });
    expect(findChromium({ PATH: first })).toEqual({
      path: join(first, 'chromium-browser'),
      reason: 'chromium-browser on PATH',
    });
  });

  it('CHROMIUM_PATH wins over PATH, and a missing one is an error rather than a skip', () => {
    const dir = binFolder(['my-chromium', 'chromium']);
    const configured = join(dir, 'my-chromium');
    expect(findChromium({ CHROMIUM_PATH: configured, PATH: dir })).toEqual({
      path: configured,
      reason: `CHROMIUM_PATH=${configured}`,
    });
    const missing = join(dir, 'nope');
    expect(() => findChromium({ CHROMIUM_PATH: missing, PATH: dir })).toThrow(
      `CHROMIUM_PATH=${missing} does not exist; unset it to look for chromium on PATH`,
    );
  });
});
