import type { Dataset } from '../../src/data/dataset-schema.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

/**
 * A smaller SQuAD-style dataset that keeps what makes retrieval hard: whole articles (a question's
 * distractors are mostly its own article's other paragraphs), chosen in a seeded order until at
 * least `paragraphs` documents, with the questions whose gold lies in them. Documents are grouped
 * by the article prefix of their id ("Super_Bowl_50#3"); a dataset without such ids, or already
 * at most `paragraphs` long, is returned as it is.
 */
export function sampleArticles(options: { dataset: Dataset; paragraphs: number; seed: number }): Dataset {
  const { dataset, paragraphs, seed } = options;
  if (dataset.docs.length <= paragraphs || !dataset.docs.every((d) => d.id.includes('#'))) return dataset;
  const articles = [...new Set(dataset.docs.map((d) => d.id.split('#')[0]))];
  const random = mulberry32(seed);
  // Fisher-Yates on the article names: the same seed picks the same articles.
  for (let i = articles.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [articles[i], articles[j]] = [articles[j], articles[i]];
  }
  const kept = new Set<string>();
  let count = 0;
  for (const article of articles) {
    if (count >= paragraphs) break;
    kept.add(article);
    count += dataset.docs.filter((d) => d.id.split('#')[0] === article).length;
  }
  const docs = dataset.docs.filter((d) => kept.has(d.id.split('#')[0]));
  const ids = new Set(docs.map((d) => d.id));
  const questions = dataset.questions.filter((q) => (q.gold_doc_ids ?? []).every((id) => ids.has(id)));
  return { ...dataset, name: `${dataset.name} (${kept.size} articles)`, docs, questions };
}
