// Runs a TypeScript file of this repository in a child process (Node 20 cannot run .ts itself):
// `node run-ts-child.mjs <file.ts>`. jiti transpiles it with a cache in the OS temp folder, so a
// second start takes well under two seconds and nothing is written into node_modules.
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createJiti } from 'jiti';

const file = process.argv[2];
if (!file) throw new Error('usage: node run-ts-child.mjs <file.ts>');
const jiti = createJiti(import.meta.url, { fsCache: join(tmpdir(), 'tune-rag-test-jiti'), interopDefault: false });
await jiti.import(resolve(file));
