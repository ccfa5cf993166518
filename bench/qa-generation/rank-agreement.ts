import { writeFileSync } from 'node:fs';
import type { Dataset } from '../../src/data/dataset-schema.js';
import { computeFingerprint } from '../../src/data/fingerprint.js';
import { loadDataset } from '../../src/data/load-dataset.js';
import { chooseQualityMetric } from '../../src/metrics/quality-metric.js';
import { createRandomProposer } from '../../src/optimize/proposers/random-proposer.js';
import { QUESTION_TYPES } from '../../src/qa-generation/answer-candidates.js';
import { generateQaSet } from '../../src/qa-generation/generate-qa-set.js';
import { PipelineRunner } from '../../src/pipeline/pipeline-runner.js';
import { loadSearchSpace } from '../../src/space/load-space.js';
import type { Config } from '../../src/space/parameter-schema.js';
import { openWorkspace } from '../../src/workspace/workspace.js';
import { withScratchCache } from '../bench-pipeline.js';
import { spearmanRho } from './spearman.js';

interface Row {
  config: Config;
  real: { quality: number; retrieval: number };
  generated: { quality: number; retrieval: number };
}

/**
 * Is a generated QA set useful for tuning? Generates `questions` questions (offline generator,
 * `seed`) from the dataset's documents, runs the same `configs` seeded random configurations of
 * the default space on the hand-written questions and on the generated ones, and reports
 * Spearman's rho between the two rankings by quality (the dataset's quality metric) and by
 * retrieval (recall over the context), and the pick comparison: the configuration best on the
 * generated set and the one best on the real set, both scored on the real questions.
 * `maxDocs` restricts large corpora to the documents the first questions need (see restrictDocs).
 */
export async function runRankAgreementBench(options: {
  dataset: string;
  configs: number;
  questions: number;
  seed: number;
  maxDocs?: number;
  json?: string;
}): Promise<unknown> {
  const workspace = openWorkspace({ cwd: process.cwd() });
  const loaded = await loadDataset({ spec: options.dataset, cwd: process.cwd() });
  const real = restrictDocs(loaded, options.maxDocs);
  const metric = chooseQualityMetric({ questions: real.questions }).metric;
  const space = loadSearchSpace({
    path: workspace.defaultSpacePath,
    catalogue: workspace.catalogue,
    fixed: workspace.defaults,
  });
  const proposals = await createRandomProposer().propose({
    space,
    history: [],
    n: options.configs,
    seed: options.seed,
    objectives: [],
    weights: {},
  });
  const started = performance.now();
  const result = await withScratchCache(
    async (newRunner, cache) => {
      const { items, report } = await generateQaSet({
        docs: real.docs,
        n: options.questions,
        seed: options.seed,
        types: QUESTION_TYPES,
        baseline: workspace.baseline,
        components: workspace.components,
        cache,
      });
      const generated: Dataset = {
        ...real,
        name: `${real.name}-generated`,
        questions: items,
        fingerprint: computeFingerprint({ docs: real.docs, questions: items }),
        hasAnswers: true,
        hasGold: true,
      };
      const realRunner = newRunner();
      const genRunner = new PipelineRunner({ dataset: generated, cache, components: workspace.components });
      const rows: Row[] = [];
      for (const proposal of proposals) {
        const r = await realRunner.run({ config: proposal.config });
        const g = await genRunner.run({ config: proposal.config });
        const pick = (m: Record<string, number | undefined>) => ({
          quality: m[metric] ?? 0,
          retrieval: m.recall_at_context ?? 0,
        });
        rows.push({
          config: proposal.config,
          real: pick(r.metrics as unknown as Record<string, number>),
          generated: pick(g.metrics as unknown as Record<string, number>),
        });
      }
      return { rows, report };
    },
    { dataset: real, workspace },
  );
  const { rows, report } = result;
  const rho = (key: 'quality' | 'retrieval') =>
    spearmanRho(
      rows.map((r) => r.real[key]),
      rows.map((r) => r.generated[key]),
    );
  const best = (side: 'real' | 'generated') =>
    rows.reduce((b, r, i) => (r[side].quality > rows[b][side].quality ? i : b), 0);
  const pickedOnGenerated = best('generated');
  const pickedOnReal = best('real');
  const summary = {
    dataset: real.name,
    documents: real.docs.length,
    realQuestions: real.questions.length,
    generatedQuestions: report.written,
    metric,
    configs: rows.length,
    seed: options.seed,
    rhoQuality: rho('quality'),
    rhoRetrieval: rho('retrieval'),
    pick: {
      onGenerated: pickedOnGenerated,
      onReal: pickedOnReal,
      realQualityOfGeneratedPick: rows[pickedOnGenerated].real.quality,
      realQualityOfRealPick: rows[pickedOnReal].real.quality,
    },
    generation: report,
    seconds: (performance.now() - started) / 1000,
  };
  const gap = summary.pick.realQualityOfRealPick - summary.pick.realQualityOfGeneratedPick;
  console.log(
    `dataset ${real.name}: ${real.docs.length} documents, ${real.questions.length} hand-written questions, ${report.written} generated (seed ${options.seed}); ${rows.length} seeded random configurations; quality = ${metric}`,
  );
  console.log(
    `  Spearman rho, ranking on generated vs hand-written: quality ${summary.rhoQuality.toFixed(3)}, retrieval ${summary.rhoRetrieval.toFixed(3)}`,
  );
  console.log(
    `  pick: best on generated = config #${pickedOnGenerated} (real ${metric} ${summary.pick.realQualityOfGeneratedPick.toFixed(3)}), best on real = #${pickedOnReal} (${summary.pick.realQualityOfRealPick.toFixed(3)}); gap ${gap.toFixed(3)}`,
  );
  console.log(
    `  generated set: ${JSON.stringify(report.type_counts)}, ${report.documents_covered}/${report.documents} documents, filters ${report.filters.map((f) => `${f.name} -${f.dropped}`).join(', ')}; ${summary.seconds.toFixed(0)} s`,
  );
  if (options.json) writeFileSync(options.json, JSON.stringify({ ...summary, rows }, null, 2));
  return summary;
}

/**
 * On large corpora, the first `maxDocs` documents that some question needs, and the questions
 * whose gold documents are all among them; the whole dataset when maxDocs is absent.
 */
function restrictDocs(dataset: Dataset, maxDocs?: number): Dataset {
  if (maxDocs === undefined || dataset.docs.length <= maxDocs) return dataset;
  const needed = new Set<string>();
  for (const q of dataset.questions) for (const id of q.gold_doc_ids ?? []) if (needed.size < maxDocs) needed.add(id);
  const docs = dataset.docs.filter((d) => needed.has(d.id));
  const ids = new Set(docs.map((d) => d.id));
  const questions = dataset.questions.filter(
    (q) => (q.gold_doc_ids ?? []).length > 0 && q.gold_doc_ids!.every((id) => ids.has(id)),
  );
  return { ...dataset, docs, questions, fingerprint: computeFingerprint({ docs, questions }) };
}
