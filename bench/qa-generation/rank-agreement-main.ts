import { parseArgs } from 'node:util';
import { runRankAgreementBench } from './rank-agreement.js';

// node dist/bench/qa-generation/rank-agreement-main.js --dataset demo [--configs 30] [--questions 100] [--seed 0] [--max-docs N] [--json out.json]
const { values } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'demo' },
    configs: { type: 'string', default: '30' },
    questions: { type: 'string', default: '100' },
    seed: { type: 'string', default: '0' },
    'max-docs': { type: 'string' },
    json: { type: 'string' },
  },
});
await runRankAgreementBench({
  dataset: values.dataset!,
  configs: Number(values.configs),
  questions: Number(values.questions),
  seed: Number(values.seed),
  maxDocs: values['max-docs'] === undefined ? undefined : Number(values['max-docs']),
  json: values.json,
});
