import type { CorpusDoc, Dataset } from '../../src/data/dataset-schema.js';
import { computeFingerprint } from '../../src/data/fingerprint.js';
import { splitSentences } from '../../src/providers/local/sentence-split.js';
import { mulberry32 } from '../../src/stats/seeded-random.js';

/**
 * A large corpus made from a small real one: the first `questions` questions, every paragraph of
 * the source corpus (the gold ones among them), and distractor paragraphs up to `docs` documents.
 * A distractor is 3-7 real sentences of one article, drawn from its paragraphs in random order,
 * under that article's title: on topic and written like the gold paragraphs, so it competes with
 * them the way a bigger crawl of the same wiki would. Sentences of the kept questions' gold
 * paragraphs are never reused: a distractor quoting the evidence would be relevant in truth yet
 * scored as a miss (relevance is by gold document id).
 *
 * Seeded: the same source, sizes and seed give the same corpus (and fingerprint).
 */
export function buildScaleCorpus(options: { source: Dataset; docs: number; questions: number; seed: number }): Dataset {
  const { source, seed } = options;
  const random = mulberry32(seed);
  const docs: CorpusDoc[] = source.docs.slice(0, options.docs).map((d) => ({ id: d.id, title: d.title, text: d.text }));
  const kept = new Set(docs.map((d) => d.id));
  // Only questions whose gold paragraph made it in (all of them unless `docs` is below the source's size).
  const questions = source.questions
    .filter((q) => (q.gold_doc_ids ?? []).some((id) => kept.has(id)))
    .slice(0, options.questions);
  const gold = new Set(questions.flatMap((q) => q.gold_doc_ids ?? []));
  const articles = sentencesByArticle(source.docs.filter((d) => !gold.has(d.id)));
  if (articles.length === 0 && docs.length < options.docs)
    throw new Error(`${source.name}: no sentences outside the gold paragraphs to build distractors from`);
  for (let i = 0; docs.length < options.docs; i++) {
    const article = articles[Math.floor(random() * articles.length)];
    const count = 3 + Math.floor(random() * 5);
    const picked: string[] = [];
    for (let s = 0; s < count; s++) picked.push(article.sentences[Math.floor(random() * article.sentences.length)]);
    docs.push({ id: `distractor-${i}`, title: article.title, text: picked.join(' ') });
  }
  return {
    name: `${source.name}-scale-${options.docs}`,
    source: source.source,
    format: 'native',
    docs,
    questions,
    fingerprint: computeFingerprint({ docs, questions }),
    hasAnswers: source.hasAnswers,
    hasGold: source.hasGold,
  };
}

/** Prose sentences of each article (documents grouped by title; untitled ones each their own). */
function sentencesByArticle(docs: readonly CorpusDoc[]): { title: string | undefined; sentences: string[] }[] {
  const byTitle = new Map<string, { title: string | undefined; sentences: string[] }>();
  for (const doc of docs) {
    const key = doc.title ?? `\u0000${doc.id}`;
    let article = byTitle.get(key);
    if (!article) byTitle.set(key, (article = { title: doc.title, sentences: [] }));
    for (const s of splitSentences(doc.text)) if (s.kind === 'prose') article.sentences.push(s.text);
  }
  return [...byTitle.values()].filter((a) => a.sentences.length > 0);
}
