import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runRetrievalBench } from './retrieval-speed.js';

/**
 * Entry of `npm run bench`. Each section is one benchmark; add new ones to SECTIONS.
 *   --quick          smaller sizes (the whole run well under a minute)
 *   --only a,b       run only these sections
 *   --json dir       also write <dir>/<section>.json (bench-results/ is git-ignored)
 */
interface BenchSection {
  name: string;
  description: string;
  run(options: { quick: boolean; json?: string }): Promise<unknown>;
}

const SECTIONS: BenchSection[] = [
  {
    name: 'retrieval',
    description: 'index build time and query latency of dense (HNSW), BM25 and hybrid retrieval',
    run: ({ quick, json }) =>
      runRetrievalBench(quick ? { sizes: [10_000], queries: 200, repetitions: 5, json } : { sizes: [10_000, 100_000], queries: 1_000, repetitions: 7, json }),
  },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log('usage: node dist/bench/main.js [--quick] [--only name[,name]] [--json dir]\nsections:');
    for (const s of SECTIONS) console.log(`  ${s.name.padEnd(12)} ${s.description}`);
    return;
  }
  const wanted = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted?.filter((name) => !SECTIONS.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`unknown section(s): ${unknown.join(', ')}. Available: ${SECTIONS.map((s) => s.name).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  const jsonDir = values.json;
  for (const section of SECTIONS) {
    if (wanted && !wanted.includes(section.name)) continue;
    const started = performance.now();
    console.log(`== ${section.name}${values.quick ? ' (quick)' : ''}`);
    await section.run({ quick: values.quick ?? false, json: jsonDir ? join(jsonDir, `${section.name}.json`) : undefined });
    console.log(`== ${section.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

await main();
