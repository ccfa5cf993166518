import type { ScoredChunk } from '../chunking/chunk.js';
import { BinaryReader, BinaryWriter } from '../providers/local/binary-codec.js';
import { terms } from '../text/text-analysis.js';
import { countTerms, type TermCounts } from './bm25-term-counts.js';
import { topK } from '../providers/local/top-k.js';

const MAGIC = 0x424d3235; // "BM25"
const FORMAT = 1;

/**
 * Okapi BM25 over the content `terms` of each text (stemmed, stopwords removed), with an inverted
 * index in typed arrays: the postings of term t are `postingDocs/postingTfs[termStart[t] ..
 * termStart[t + 1])`, doc ids ascending. Built once per chunking (index stage), searched per
 * question; `serialize` / `restore` let the stage cache keep it.
 *
 * Scoring: idf(t) = ln(1 + (N − df + 0.5) / (df + 0.5)) (Lucene's, never negative) times
 * tf·(k1 + 1) / (tf + k1·(1 − b + b·len/avgLen)). A term repeated in the query counts once per
 * occurrence, as in Lucene. Not re-entrant across threads (a scratch buffer is reused), which is
 * fine in Node's single thread.
 */
export class Bm25Index {
  private readonly termIds: Map<string, number>;
  /** k1·(1 − b + b·len/avgLen) per document, precomputed. */
  private readonly lengthNorm: Float32Array;
  private readonly idf: Float64Array;
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;

  private constructor(
    private readonly vocabulary: string[],
    private readonly termStart: Int32Array,
    private readonly postingDocs: Int32Array,
    private readonly postingTfs: Int32Array,
    private readonly docLengths: Int32Array,
    readonly k1: number,
    readonly b: number,
  ) {
    this.termIds = new Map(vocabulary.map((term, id) => [term, id]));
    const n = docLengths.length;
    let total = 0;
    for (let d = 0; d < n; d++) total += docLengths[d];
    const avgLength = n > 0 && total > 0 ? total / n : 1;
    this.lengthNorm = Float32Array.from(docLengths, (len) => k1 * (1 - b + (b * len) / avgLength));
    this.idf = Float64Array.from(vocabulary, (_, t) => {
      const df = termStart[t + 1] - termStart[t];
      return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    });
    this.scores = new Float64Array(n);
    this.touched = new Int32Array(n);
  }

  /** Indexes `texts`; chunk i of the result is texts[i]. */
  static build(options: { texts: string[]; k1?: number; b?: number }): Bm25Index {
    return Bm25Index.fromTermCounts({ runs: [countTerms(options.texts)], k1: options.k1, b: options.b });
  }

  /**
   * Indexes consecutive runs of texts from their term counts (see {@link countTerms}, which worker
   * threads compute): the result is byte for byte the index {@link build} makes of all the texts
   * in one run, because global term ids are given in order of first occurrence across the runs.
   */
  static fromTermCounts(options: { runs: readonly TermCounts[]; k1?: number; b?: number }): Bm25Index {
    const { runs, k1 = 1.2, b = 0.75 } = options;
    const termIds = new Map<string, number>();
    const total = runs.reduce((n, run) => n + run.lengths.length, 0);
    const docLengths = new Int32Array(total);
    const postingCounts: number[] = [];
    // First pass: global ids for each run's local ones, and postings counts per term.
    const globalIds = runs.map((run) =>
      Int32Array.from(run.vocabulary, (term) => {
        let id = termIds.get(term);
        if (id === undefined) {
          id = termIds.size;
          termIds.set(term, id);
          postingCounts.push(0);
        }
        return id;
      }),
    );
    runs.forEach((run, r) => {
      const global = globalIds[r] as Int32Array;
      for (let i = 0; i < run.pairs.length; i += 2) postingCounts[global[run.pairs[i] as number] as number]++;
    });
    // Second pass: scatter into CSR postings; documents are visited in order, so ids ascend.
    const termStart = new Int32Array(termIds.size + 1);
    for (let t = 0; t < postingCounts.length; t++) termStart[t + 1] = termStart[t] + postingCounts[t];
    const cursor = termStart.slice(0, termIds.size);
    const postingDocs = new Int32Array(termStart[termIds.size]);
    const postingTfs = new Int32Array(termStart[termIds.size]);
    let doc = 0;
    runs.forEach((run, r) => {
      const global = globalIds[r] as Int32Array;
      for (let d = 0; d < run.lengths.length; d++, doc++) {
        docLengths[doc] = run.lengths[d] as number;
        for (let p = run.pairStart[d] as number; p < (run.pairStart[d + 1] as number); p++) {
          const slot = cursor[global[run.pairs[2 * p] as number] as number]++;
          postingDocs[slot] = doc;
          postingTfs[slot] = run.pairs[2 * p + 1] as number;
        }
      }
    });
    return new Bm25Index([...termIds.keys()], termStart, postingDocs, postingTfs, docLengths, k1, b);
  }

  /** Rebuilds an index from {@link serialize} output (any byte offset). */
  static restore(bytes: Uint8Array): Bm25Index {
    const reader = new BinaryReader(bytes, 'bm25');
    reader.expectHeader(MAGIC, FORMAT);
    const k1 = reader.f64();
    const b = reader.f64();
    const vocabulary = reader.strings();
    const termStart = reader.int32Array();
    const postingDocs = reader.int32Array();
    const postingTfs = reader.int32Array();
    const docLengths = reader.int32Array();
    return new Bm25Index(vocabulary, termStart, postingDocs, postingTfs, docLengths, k1, b);
  }

  /** Number of indexed texts. */
  get count(): number {
    return this.docLengths.length;
  }

  /** Estimated bytes held in memory: the typed arrays, plus the vocabulary and its id map (~80 bytes a term). */
  byteSize(): number {
    const arrays = [this.termStart, this.postingDocs, this.postingTfs, this.docLengths, this.touched];
    let bytes = this.lengthNorm.byteLength + this.idf.byteLength + this.scores.byteLength;
    for (const array of arrays) bytes += array.byteLength;
    for (const term of this.vocabulary) bytes += 80 + term.length;
    return bytes;
  }

  serialize(): Uint8Array {
    return new BinaryWriter()
      .u32(MAGIC)
      .u32(FORMAT)
      .f64(this.k1)
      .f64(this.b)
      .strings(this.vocabulary)
      .array(this.termStart)
      .array(this.postingDocs)
      .array(this.postingTfs)
      .array(this.docLengths)
      .finish();
  }

  /**
   * The k best-scoring texts for `query`, best first, ties to the lower index. Only texts sharing
   * at least one term with the query are returned (possibly fewer than k).
   */
  search(query: string, k: number): ScoredChunk[] {
    const { scores, touched, postingDocs, postingTfs, lengthNorm, k1 } = this;
    let touchedCount = 0;
    for (const term of terms(query)) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      const idf = this.idf[t];
      for (let p = this.termStart[t]; p < this.termStart[t + 1]; p++) {
        const d = postingDocs[p];
        const tf = postingTfs[p];
        if (scores[d] === 0) touched[touchedCount++] = d;
        scores[d] += (idf * tf * (k1 + 1)) / (tf + lengthNorm[d]);
      }
    }
    const result = topK({ scores, candidates: touched, count: touchedCount, k });
    for (let i = 0; i < touchedCount; i++) scores[touched[i]] = 0;
    return result;
  }
}
