import { readFileSync } from 'node:fs';
import { loadDataset } from '../../src/data/load-dataset.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { withScratchCache } from '../bench-pipeline.js';

const rows = JSON.parse(readFileSync('/tmp/s15/demo0.json', 'utf8')).rows;
const [a, b] = process.argv.slice(2).map(Number);
const spec = process.argv[4] ?? 'demo';
const workspace = openWorkspace({ cwd: process.cwd() });
const dataset = await loadDataset({ spec, cwd: process.cwd() });
await withScratchCache(async (newRunner) => {
  const runner = newRunner();
  const ra = await runner.run({ config: rows[a].config });
  const rb = await runner.run({ config: rows[b].config });
  let n = 0;
  for (let i = 0; i < dataset.questions.length; i++) {
    const fa = ra.scores[i].f1 ?? 0, fb = rb.scores[i].f1 ?? 0;
    if (Math.abs(fa - fb) < 0.3) continue;
    n++;
    const q = dataset.questions[i];
    console.log(`${fa.toFixed(2)} ${fb.toFixed(2)} | ${q.question} | gold: ${q.answers[0]}\n   A: ${String(ra.outcomes[i].answer).slice(0, 120)}\n   B: ${String(rb.outcomes[i].answer).slice(0, 120)}`);
  }
  console.log('differing', n);
  void PipelineRunner;
}, { dataset, workspace });
