import type { CorpusDoc } from '../data/dataset-schema.js';
import { questionTermWeights, weightedCoverage } from '../providers/local/lexical-signals.js';
import { splitSentences } from '../providers/local/sentence-split.js';
import { terms } from '../text/text-analysis.js';

/** One sentence of the corpus that can state a fact (not a heading), with the terms the answerer scores. */
export interface CorpusSentence {
  docIndex: number;
  start: number;
  end: number;
  text: string;
  terms: ReadonlySet<string>;
  /** The document title and the nearest heading: the framing the answerer gives partial credit. */
  framing: ReadonlySet<string>;
}

/**
 * Every non-heading sentence of a corpus, with an inverted index from content term to sentences,
 * so "which other sentences does this question match as well as its own?" costs the postings of
 * the question's terms rather than a pass over the corpus. Match strength is the extractive
 * answerer's main sentence signal: the share of the question's IDF mass a sentence contains,
 * with terms only in its framing (title, heading) earning half (weightedCoverage). IDF is over
 * the corpus's sentences, as the answerer's is over the sentences it is shown.
 */
export class CorpusSentences {
  readonly sentences: CorpusSentence[] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly bySource = new Map<string, number>();
  /** Each document's sentence ids in text order. */
  private readonly byDocument: number[][] = [];

  constructor(docs: readonly CorpusDoc[]) {
    docs.forEach((doc, docIndex) => {
      this.byDocument[docIndex] = [];
      for (const sentence of splitSentences(doc.text)) {
        if (sentence.isHeader) continue;
        const id = this.sentences.length;
        const sentenceTerms = new Set(terms(sentence.text));
        this.sentences.push({
          docIndex,
          start: sentence.start,
          end: sentence.end,
          text: sentence.text,
          terms: sentenceTerms,
          framing: new Set(terms(`${doc.title ?? ''} ${sentence.context}`)),
        });
        this.bySource.set(`${docIndex}:${sentence.start}`, id);
        this.byDocument[docIndex].push(id);
        for (const term of sentenceTerms) {
          const list = this.postings.get(term);
          if (list) list.push(id);
          else this.postings.set(term, [id]);
        }
      }
    });
  }

  /** The sentence of document `docIndex` starting at `start`, if it is one of the indexed ones. */
  at(docIndex: number, start: number): CorpusSentence | undefined {
    const id = this.bySource.get(`${docIndex}:${start}`);
    return id === undefined ? undefined : this.sentences[id];
  }

  /** The indexed sentence of document `docIndex` that holds `offset` (an answer's start), if any. */
  containing(docIndex: number, offset: number): CorpusSentence | undefined {
    for (const id of this.byDocument[docIndex] ?? []) {
      const sentence = this.sentences[id];
      if (sentence.start <= offset && offset < sentence.end) return sentence;
    }
    return undefined;
  }

  /** IDF weight of each distinct term of a question, over the corpus's sentences. */
  weightsOf(questionTerms: readonly string[]): Map<string, number> {
    const frequencies = new Map<string, number>();
    for (const term of questionTerms) frequencies.set(term, this.postings.get(term)?.length ?? 0);
    return questionTermWeights({ questionTerms, frequencies, documentCount: this.sentences.length });
  }

  /** How much of a question's IDF mass (`weights`) a sentence covers, framing terms at half credit. */
  coverage(weights: ReadonlyMap<string, number>, sentence: CorpusSentence): number {
    return weightedCoverage({ weights, documentTerms: sentence.terms, contextTerms: sentence.framing });
  }

  /**
   * Every sentence that can cover at least `bar` of the question's IDF mass (`weights`), and
   * maybe a few that cannot. A sentence missing terms of weight W covers at most 1 - W/2 of the
   * mass (framing earns a missing term half), so it must contain one of the heaviest terms whose
   * weights add up to more than 2(1 - bar) of the mass; only their postings are read. With a bar
   * near 1 that is the question's rarest term or two, a short list even on a large corpus.
   */
  candidatesReaching(weights: ReadonlyMap<string, number>, bar: number): CorpusSentence[] {
    const byWeight = [...weights].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const total = byWeight.reduce((sum, [, w]) => sum + w, 0);
    const allowedMissing = 2 * (1 - bar) * total;
    const ids = new Set<number>();
    let covered = 0;
    for (const [term, weight] of byWeight) {
      for (const id of this.postings.get(term) ?? []) ids.add(id);
      covered += weight;
      if (covered > allowedMissing) break;
    }
    return [...ids].map((id) => this.sentences[id]);
  }
}
