import { percentile } from '../stats/percentile.js';
import type { CorpusDoc } from './dataset-schema.js';
import type { DatasetWarning } from './dataset-warning.js';
import { countText, pctText } from './warning-text.js';

/** A document dominates the corpus when it is more than this many times the median document length (characters)... */
export const MAX_MEDIAN_MULTIPLE = 20;
/** ...and holds more than this share of all corpus text... */
export const MAX_DOCUMENT_SHARE = 0.1;
/** ...in a corpus of at least this many documents (a median of two or three says little). */
export const MIN_DOCS_FOR_SHARE = 5;
/** Documents named in the message; the rest are counted. */
const NAMED = 3;

/**
 * The `dominant-document` warning: size outliers that also hold a large share of the corpus.
 * Both conditions, because each alone misfires: a document at 30% of a 5-document corpus can be
 * an ordinary one, and a 50× outlier can be a negligible share of a large corpus. The shared
 * SQuAD and HotpotQA sets and the demo have their longest document at 6-7× the median and under
 * 6% of the text. Null when no document qualifies.
 */
export function dominantDocumentWarning(options: { docs: readonly CorpusDoc[] }): DatasetWarning | null {
  const { docs } = options;
  const total = docs.reduce((sum, d) => sum + d.text.length, 0);
  if (docs.length < MIN_DOCS_FOR_SHARE || total === 0) return null;
  const median = percentile({ values: docs.map((d) => d.text.length), p: 50 }) ?? 0;
  const dominant = docs
    .filter((d) => d.text.length > MAX_MEDIAN_MULTIPLE * median && d.text.length / total > MAX_DOCUMENT_SHARE)
    .sort((a, b) => b.text.length - a.text.length);
  if (dominant.length === 0) return null;
  const describe = (d: CorpusDoc) =>
    `"${d.id}" ${countText(d.text.length)} characters, ${timesText(d.text.length / Math.max(median, 1))} the median, ${pctText(d.text.length / total)} of all text`;
  const named = dominant.slice(0, NAMED).map(describe).join('; ');
  const more = dominant.length > NAMED ? ` and ${countText(dominant.length - NAMED)} more` : '';
  return {
    code: 'dominant-document',
    value: dominant[0].text.length / total,
    threshold: MAX_DOCUMENT_SHARE,
    message: `${countText(dominant.length)} document(s) dominate the corpus (warn above ${MAX_MEDIAN_MULTIPLE}× the median document length of ${countText(Math.round(median))} characters and ${pctText(MAX_DOCUMENT_SHARE)} of all text, with ${MIN_DOCS_FOR_SHARE}+ documents): ${named}${more} — its chunks crowd the index and the retrieved lists; check it is not several documents or a dump in one, and split it or remove it`,
  };
}

/** `1,247×`, `20.0×`: a multiple of the median, with a decimal below 100 so a threshold crossing shows. */
function timesText(multiple: number): string {
  return `${multiple >= 100 ? countText(Math.round(multiple)) : multiple.toFixed(1)}×`;
}
