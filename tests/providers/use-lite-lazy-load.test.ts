import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const REGISTRY = pathToFileURL(join(__dirname, '../../dist/src/providers/component-registry.js')).href;

// In a fresh Node process (built dist/, as the CLI runs): which @energetic-ai / TensorFlow.js
// modules are loaded after building the registry, and after creating a use-lite embedder.
const SCRIPT = `
import { createRequire } from 'node:module';
const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('@energetic-ai')).length;
const { ComponentRegistry } = await import(${JSON.stringify(REGISTRY)});
const registry = new ComponentRegistry();
const factory = registry.embedder('use-lite');
const before = loaded();
const version = factory.version;
const afterVersion = loaded();
await factory.create({ corpus: [] });
console.log(JSON.stringify({ before, afterVersion, after: loaded(), version }));
`;

describe('use-lite model loading', () => {
  it('loads nothing of TensorFlow.js at import or for its version, only when an embedder is created', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], { encoding: 'utf8' });
    const { before, afterVersion, after, version } = JSON.parse(out.trim().split('\n').at(-1)!);
    expect(before).toBe(0);
    expect(afterVersion).toBe(0);
    // embeddings, model-embeddings-en and core (TensorFlow.js bundled) at least.
    expect(after).toBeGreaterThanOrEqual(3);
    expect(version).toBe('1:embeddings@0.2.0+model-embeddings-en@0.2.0');
  });
});
