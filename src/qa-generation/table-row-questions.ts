import type { CorpusDoc } from '../data/dataset-schema.js';
import { splitSentences, type TextSentence } from '../providers/local/sentence-split.js';
import { answerCandidates } from './answer-candidates.js';
import type { CandidateQuestion } from './candidate-question.js';
import { contentOverlap } from './lexical-overlap.js';
import { PHRASE_OPENERS } from './phrase-edges.js';
import { containsAnswer } from './question-from-sentence.js';
import type { CandidateWriterOptions } from './sentence-candidates.js';

/** One cell of a table row, offsets relative to the row's text. */
interface Cell {
  start: number;
  end: number;
  text: string;
}

/**
 * Questions about the rows of markdown tables, which technical documents use for their most
 * version-specific facts (defaults, limits, ports, quotas) and which have no clause to turn into
 * a question: the row's first cell names it, a column header names the fact, and the answer is
 * that cell ("What is the default of the option `broker.port`?" → `7100`). A cell qualifies
 * when it is one typed answer and nothing else (a value, not a description or a list), of a
 * wanted type; the question must not contain the answer nor repeat more than `maxOverlap` of
 * the row's content terms. Offsets are into `doc.text`, the row's sentence being the one the
 * splitter (and so the ambiguity filter and the answerer) sees.
 */
export function tableRowCandidates(options: CandidateWriterOptions): CandidateQuestion[] {
  const { doc, docIndex, types, maxOverlap, counts } = options;
  const out: CandidateQuestion[] = [];
  let header: string[] | undefined;
  let headerText = '';
  for (const sentence of splitSentences(doc.text)) {
    if (sentence.kind !== 'table-row') continue;
    if (sentence.isHeader) {
      header = splitCells(sentence.text).map((cell) => cell.text);
      headerText = sentence.text;
      continue;
    }
    // A row under another table's header (or none): the splitter frames a row with its own header.
    if (!header || !sentence.context.endsWith(headerText)) continue;
    const cells = splitCells(sentence.text);
    // The first cell names the row: it must hold a word ("3" voting members is not a name).
    if (cells.length !== header.length || cells.length < 2 || !/\p{L}/u.test(cells[0].text)) continue;
    let informative = false;
    for (let column = 1; column < cells.length; column++) {
      const answer = valueOf(cells[column]);
      if (!answer || !types.includes(answer.type)) continue;
      const question = rowQuestion({ fact: header[column], keyName: header[0], key: cells[0].text });
      // A column named by a clause ("Inherits from") holds no value to ask for: not an answer.
      if (!question) continue;
      informative = true;
      counts.answers++;
      if (containsAnswer({ question, answer: answer.text })) {
        counts.answerInQuestion++;
        continue;
      }
      const overlap = contentOverlap({ a: question, b: sentence.text });
      if (overlap > maxOverlap) {
        counts.tooFewTerms++;
        continue;
      }
      out.push(candidateOf({ doc, docIndex, sentence, question, answer, overlap }));
    }
    if (informative) counts.informative++;
  }
  return out;
}

function candidateOf(options: {
  doc: CorpusDoc;
  docIndex: number;
  sentence: TextSentence;
  question: string;
  answer: { start: number; end: number; text: string; type: CandidateQuestion['type'] };
  overlap: number;
}): CandidateQuestion {
  const { doc, sentence, answer } = options;
  const answerStart = sentence.start + answer.start;
  const answerEnd = sentence.start + answer.end;
  if (doc.text.slice(answerStart, answerEnd) !== answer.text)
    throw new Error(`table answer offsets drifted in ${doc.id} at ${answerStart}`);
  return {
    question: options.question,
    answer: answer.text,
    type: answer.type,
    docId: doc.id,
    docIndex: options.docIndex,
    sentenceStart: sentence.start,
    sentenceEnd: sentence.end,
    answerStart,
    answerEnd,
    overlap: options.overlap,
  };
}

/** The cells of a row as the splitter gives it (outer pipes trimmed), split at pipes outside code spans. */
export function splitCells(row: string): Cell[] {
  const cells: Cell[] = [];
  let start = 0;
  let inCode = false;
  for (let i = 0; i <= row.length; i++) {
    const ch = row[i];
    if (ch === '`') inCode = !inCode;
    if (i < row.length && (ch !== '|' || inCode || row[i - 1] === '\\')) continue;
    let a = start;
    let b = i;
    while (a < b && /\s/.test(row[a])) a++;
    while (b > a && /\s/.test(row[b - 1])) b--;
    cells.push({ start: a, end: b, text: row.slice(a, b) });
    start = i + 1;
  }
  return cells;
}

/** The cell's one typed answer when the cell is that answer and nothing more (code marks or quotes aside). */
function valueOf(
  cell: Cell,
): { start: number; end: number; text: string; type: CandidateQuestion['type'] } | undefined {
  const found = answerCandidates(cell.text);
  if (found.length !== 1) return undefined;
  const [only] = found;
  const wrapper = /^[`"']?$/;
  if (!wrapper.test(cell.text.slice(0, only.start)) || !wrapper.test(cell.text.slice(only.end))) return undefined;
  return {
    start: cell.start + only.start,
    end: cell.start + only.end,
    text: cell.text.slice(only.start, only.end),
    type: only.type,
  };
}

/**
 * "What is (are) the <fact> of the <key name> <key>?", the headers lower-cased unless they are
 * acronyms or version labels ("CPU", "3.x"); undefined when the fact's header is empty or not
 * the name of a value (a clause: "Inherits from"). A key header that is not a name is left out.
 */
function rowQuestion(options: { fact: string; keyName: string; key: string }): string | undefined {
  const fact = headerWords(options.fact);
  if (!fact) return undefined;
  const keyName = headerWords(options.keyName);
  const verb = /[^siu]s$/.test(fact) ? 'are' : 'is';
  return `What ${verb} the ${fact} of ${keyName ? `the ${keyName} ` : ''}${options.key}?`;
}

/** Headers that are verbs or clauses, not the name of a value ("Install", "Can do"). */
const NOT_A_NOUN = new Set(['how', 'install', 'can', 'do', 'does', 'is', 'are', 'what', 'when', 'where', 'why']);

function headerWords(header: string): string | undefined {
  const words = header.replace(/[*_`]/g, '').trim();
  if (!/\p{L}/u.test(words)) return undefined;
  // "Inherits from", "Fired when", "Called for": a clause about the row, not a value's name.
  if (words.split(/\s+/).some((w) => PHRASE_OPENERS.has(w.toLowerCase()) || NOT_A_NOUN.has(w.toLowerCase())))
    return undefined;
  return /^[\p{Lu}\p{N}.\s-]+$/u.test(words) || /\d/.test(words) ? words : words.toLowerCase();
}
