import { loadDataset, type Dataset, type QaItem, type UserPipelineDeclaration } from '../../src/index.js';

/**
 * The demo's questions with exactly one gold span and a reference answer, as a dataset: on them
 * the oracle pipeline below has metrics known in closed form.
 */
export async function singleSpanDemo(): Promise<Dataset> {
  const demo = await loadDataset({ spec: 'demo', cwd: process.cwd() });
  const questions = demo.questions.filter((q) => q.answer_spans?.length === 1 && q.answers.length > 0);
  return { ...demo, questions };
}

/**
 * A pipeline with two declared parameters whose metrics are known exactly on {@link singleSpanDemo}:
 * `k` contexts, the first the gold span's text inside extra words (not verbatim in the corpus, so
 * placed by containment of the span) and the others whole documents that are not gold (by
 * `doc_id`). Hence recall, hit, MRR and nDCG are 1 and precision is 1/k; `answer` `exact` returns
 * the first reference (f1 = exact match = 1), `wrong` returns "zzzz" (0). `calls` counts calls.
 */
export function oraclePipeline(dataset: Dataset, options: { version?: string } = {}) {
  const byQuestion = new Map<string, QaItem>(dataset.questions.map((q) => [q.question, q]));
  const docs = new Map(dataset.docs.map((d) => [d.id, d]));
  const counter = { calls: 0 };
  const declaration: UserPipelineDeclaration = {
    name: 'oracle',
    version: options.version ?? '1',
    space: {
      name: 'oracle',
      parameters: [
        { name: 'answer', type: 'categorical', values: ['exact', 'wrong'] },
        { name: 'k', type: 'int', low: 1, high: 3 },
      ],
    },
    run: async ({ question, config }) => {
      counter.calls += 1;
      const item = byQuestion.get(question)!;
      const span = item.answer_spans![0];
      const gold = docs.get(span.doc_id)!.text.slice(span.start, span.end);
      const others = dataset.docs.filter((d) => d.id !== span.doc_id && !item.gold_doc_ids?.includes(d.id));
      const k = config.k as number;
      return {
        answer: config.answer === 'exact' ? item.answers[0] : 'zzzz',
        contexts: [
          `From the docs: ${gold} (quoted)`,
          ...others.slice(0, k - 1).map((d) => ({ text: d.text, doc_id: d.id })),
        ],
        usage: { promptTokens: 10, completionTokens: 2, costUsd: 0.001 },
      };
    },
  };
  return { declaration, counter };
}
