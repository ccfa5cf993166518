import type { CsrMatrix } from './csr-matrix.js';
import { BinaryReader, BinaryWriter } from './binary-codec.js';
import { randomizedSvd } from './randomized-svd.js';
import { terms } from '../../text/text-analysis.js';
import { normalizeInPlace } from './unit-vector.js';

const MAGIC = 0x4c534131; // "LSA1"
const FORMAT = 1;

/** Fitting knobs; the defaults are what the `lsa` embedder uses (changing them changes vectors). */
export interface LsaFitOptions {
  corpus: string[];
  /** Components kept: at most this, a third of the fitted documents, and the matrix rank. */
  rank?: number;
  /** Vocabulary cap: the terms with the highest document frequency are kept. */
  maxVocabulary?: number;
  /** The SVD basis is fitted on at most this many evenly spaced distinct documents; all are embeddable. */
  maxFitDocuments?: number;
  seed?: number;
}

/**
 * Latent semantic analysis: a TF-IDF term space (stemmed `terms`, sublinear tf) projected onto
 * the top right singular vectors V_k of the corpus' term-document matrix.
 *
 * Documents and queries are embedded the same way: x · V_k, then L2-normalised. We deliberately
 * do not fold queries in with Σ⁻¹ (x · V_k · Σ_k⁻¹): that would put queries and documents
 * (whose rows are U Σ = A V) in differently scaled spaces and blow up the noisiest, smallest
 * components. With plain projection, cosine compares the two texts' reconstructions in the
 * latent space, and terms that co-occur in the corpus end up close (the point of LSA).
 */
export class LsaModel {
  private readonly termIds: Map<string, number>;

  private constructor(
    private readonly vocabulary: string[],
    private readonly idf: Float32Array,
    readonly dimensions: number,
    /** vocabulary × dimensions, row-major. */
    private readonly projection: Float32Array,
  ) {
    this.termIds = new Map(vocabulary.map((term, id) => [term, id]));
  }

  /** Learns vocabulary, IDF and the SVD basis from a corpus (called once per embed stage run). */
  static fit(options: LsaFitOptions): LsaModel {
    const { corpus, rank = 256, maxVocabulary = 30_000, maxFitDocuments = 6_000, seed = 42 } = options;
    // Every statistic is learned from distinct documents (the first of each run of copies), so a
    // text repeated a thousand times (boilerplate chunked once per paragraph) weighs as one: it
    // adds no direction, yet its copies would fill the evenly spaced fit sample (40,000 copies
    // beside the demo's 448 chunks left 66 components and exact hit@4 0.887 instead of 0.973),
    // inflate the rank below (2,000 copies: 256 instead of 148, near plain TF-IDF) and, by
    // inflating the document count, flatten IDF (with 500 copies beside 24 documents, a term in
    // one document weighed 1.6× a term in all of them instead of 3.5×, and recall@4 fell to 0.33).
    const termLists = distinctLists(corpus.map(terms));
    const df = new Map<string, number>();
    for (const list of termLists) for (const term of new Set(list)) df.set(term, (df.get(term) ?? 0) + 1);
    // A term seen once cannot co-occur with anything, but tiny corpora would have no vocabulary left.
    const minDf = termLists.length >= 100 ? 2 : 1;
    const vocabulary = [...df.entries()]
      .filter(([, count]) => count >= minDf)
      .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .slice(0, maxVocabulary)
      .map(([term]) => term);
    const n = termLists.length;
    const idf = Float32Array.from(vocabulary, (term) => Math.log((1 + n) / (1 + (df.get(term) ?? 0))) + 1);
    const partial = new LsaModel(vocabulary, idf, 0, new Float32Array(0));

    // Documents that differ only in terms outside the vocabulary (a page number) are one row too.
    const distinct = partial.distinctRows(termLists);
    const sample = evenlySpaced(distinct.length, maxFitDocuments).map((i) => termLists[distinct[i]]);
    // A rank close to the number of documents spans every document and reproduces plain TF-IDF
    // (no word is related to another); a third of the documents keeps small corpora "latent".
    const effectiveRank = Math.min(rank, Math.max(1, Math.ceil(sample.length / 3)));
    const svd = randomizedSvd({ matrix: partial.termDocumentMatrix(sample), rank: effectiveRank, seed });
    const dimensions = Math.max(svd.rank, 1);
    // Stored as float32: the vectors are computed from exactly what state() will hold.
    const projection = svd.rank === 0 ? new Float32Array(vocabulary.length) : Float32Array.from(svd.rightVectors);
    return new LsaModel(vocabulary, idf, dimensions, projection);
  }

  /** Rebuilds a fitted model from {@link serialize} output. */
  static restore(bytes: Uint8Array): LsaModel {
    const reader = new BinaryReader(bytes, 'lsa');
    reader.expectHeader(MAGIC, FORMAT);
    const dimensions = reader.u32();
    const vocabulary = reader.strings();
    const idf = reader.float32Array();
    const projection = reader.float32Array();
    return new LsaModel(vocabulary, idf, dimensions, projection);
  }

  serialize(): Uint8Array {
    return new BinaryWriter()
      .u32(MAGIC)
      .u32(FORMAT)
      .u32(this.dimensions)
      .strings(this.vocabulary)
      .array(this.idf)
      .array(this.projection)
      .finish();
  }

  /** Unit vector of a text (zero when none of its terms is in the vocabulary). */
  embed(text: string): Float32Array {
    const out = new Float32Array(this.dimensions);
    const dims = this.dimensions;
    for (const [id, tf] of this.termCounts(terms(text))) {
      const weight = (1 + Math.log(tf)) * this.idf[id];
      const row = id * dims;
      for (let k = 0; k < dims; k++) out[k] += weight * this.projection[row + k];
    }
    return normalizeInPlace(out);
  }

  /** TF-IDF rows, each L2-normalised so long chunks do not dominate the fitted basis. */
  private termDocumentMatrix(documents: string[][]): CsrMatrix {
    const rowStart = new Int32Array(documents.length + 1);
    const colIndex: number[] = [];
    const values: number[] = [];
    documents.forEach((list, r) => {
      const row = [...this.termCounts(list)].sort((x, y) => x[0] - y[0]);
      let sum = 0;
      const weights = row.map(([id, tf]) => {
        const weight = (1 + Math.log(tf)) * this.idf[id];
        sum += weight * weight;
        return weight;
      });
      const scale = sum > 0 ? 1 / Math.sqrt(sum) : 0;
      row.forEach(([id], i) => {
        colIndex.push(id);
        values.push(weights[i] * scale);
      });
      rowStart[r + 1] = colIndex.length;
    });
    return {
      rows: documents.length,
      cols: this.vocabulary.length,
      rowStart,
      colIndex: Int32Array.from(colIndex),
      values: Float64Array.from(values),
    };
  }

  /**
   * Index of the first document of each distinct TF-IDF row, ascending: documents with the same
   * in-vocabulary term counts (copies, or copies that differ only in rare terms such as a page
   * number) are one row.
   */
  private distinctRows(documents: string[][]): number[] {
    const seen = new Set<string>();
    const out: number[] = [];
    documents.forEach((list, i) => {
      const key = [...this.termCounts(list)].sort((x, y) => x[0] - y[0]).join(';');
      if (!seen.has(key)) {
        seen.add(key);
        out.push(i);
      }
    });
    return out;
  }

  private termCounts(list: string[]): Map<number, number> {
    const counts = new Map<number, number>();
    for (const term of list) {
      const id = this.termIds.get(term);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }
}

/** The term lists without repeats of an earlier identical list, in order. */
function distinctLists(termLists: string[][]): string[][] {
  const seen = new Set<string>();
  // Terms never contain a space (they are tokens), so the joined list identifies it.
  return termLists.filter((list) => {
    const key = list.join(' ');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `min(total, limit)` indices spread evenly over [0, total): a deterministic, order-aware sample. */
function evenlySpaced(total: number, limit: number): number[] {
  if (total <= limit) return Array.from({ length: total }, (_, i) => i);
  return Array.from({ length: limit }, (_, i) => Math.floor((i * total) / limit));
}
