import { distinctInOrder } from './lexical-signals.js';
import { isStopword, stem, terms, tokenize } from '../../text/text-analysis.js';

/**
 * What shape of answer a question asks for; decides which span the extractive answerer looks for.
 * - `quantity`: a number, with its unit when there is one ("how many", "what is the max size")
 * - `temporal`: a date or version ("when", "which version")
 * - `command`: a code span or command line ("what command", "how do I")
 * - `entity`: a short noun phrase ("who", "which database", "what is the default region")
 * - `yes-no`: "Is/Are/Does/Can ..."
 * - `other`: explanations and definitions ("why", "what is X"), answered with the sentence
 */
export type AnswerKind = 'quantity' | 'temporal' | 'command' | 'entity' | 'yes-no' | 'other';

export interface QuestionAnalysis {
  kind: AnswerKind;
  /** Stemmed content terms in question order (for phrase matching). */
  termSequence: string[];
  /** Distinct stemmed content terms, in first-seen order. */
  terms: string[];
  /** Lower-cased surface tokens of the question, stopwords included ("question words"). */
  tokens: ReadonlySet<string>;
}

const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'does',
  'do',
  'did',
  'can',
  'could',
  'should',
  'will',
  'would',
  'has',
  'have',
  'had',
  'may',
  'must',
  'shall',
]);
const WH_WORDS = new Set(['how', 'what', 'which', 'when', 'who', 'whom', 'whose', 'where', 'why']);
const HOW_QUANTITY = new Set([
  'many',
  'much',
  'long',
  'large',
  'big',
  'often',
  'far',
  'old',
  'fast',
  'high',
  'low',
  'small',
  'frequently',
  'soon',
]);
const HOW_PROCEDURE = new Set(['do', 'does', 'can', 'should', 'would', 'to', 'i', 'we', 'you', 'could', 'may']);
// Nouns whose value is usually a number: "what is the default port / maximum upload size".
const QUANTITY_NOUNS = new Set([
  'port',
  'timeout',
  'limit',
  'size',
  'number',
  'count',
  'maximum',
  'minimum',
  'max',
  'min',
  'percentage',
  'percent',
  'rate',
  'interval',
  'duration',
  'threshold',
  'capacity',
  'amount',
  'price',
  'cost',
  'length',
  'ttl',
  'quota',
  'retention',
  'period',
  'delay',
  'frequency',
  'memory',
  'storage',
  'ram',
  'cpu',
  'replicas',
  'retries',
  'attempts',
]);
const TEMPORAL_NOUNS = new Set(['version', 'release', 'year', 'date', 'day', 'month', 'time', 'deadline']);
const COMMAND_NOUNS = new Set([
  'command',
  'commands',
  'flag',
  'flags',
  'option',
  'subcommand',
  'cli',
  'switch',
  'argument',
  'syntax',
  'invocation',
]);

/**
 * Classifies a question and extracts its terms. Pure string rules over the first wh-word (or a
 * leading auxiliary for yes/no questions); anything unrecognised is `other`.
 */
export function analyzeQuestion(question: string): QuestionAnalysis {
  const tokens = tokenize(question);
  const termSequence = terms(question);
  return { kind: answerKind(tokens), termSequence, terms: distinctInOrder(termSequence), tokens: new Set(tokens) };
}

function answerKind(tokens: readonly string[]): AnswerKind {
  if (tokens.length === 0) return 'other';
  const whAt = tokens.findIndex((t) => WH_WORDS.has(t));
  if (AUXILIARIES.has(tokens[0]) && (whAt < 0 || whAt > 3)) return 'yes-no';
  if (whAt < 0) return 'other';
  const wh = tokens[whAt];
  const next = tokens[whAt + 1] ?? '';
  const rest = tokens.slice(whAt + 1);
  const mentions = (nouns: ReadonlySet<string>): boolean => rest.some((t) => nouns.has(t));
  switch (wh) {
    case 'how':
      if (HOW_QUANTITY.has(next)) return 'quantity';
      if (HOW_PROCEDURE.has(next)) return 'command';
      return 'other';
    case 'when':
      return 'temporal';
    case 'who':
    case 'whom':
    case 'whose':
    case 'where':
      return 'entity';
    case 'what':
    case 'which': {
      // "What command ...", "which version ...": the noun right after the wh-word is the answer type.
      if (COMMAND_NOUNS.has(next) || (mentions(COMMAND_NOUNS) && !mentions(QUANTITY_NOUNS))) return 'command';
      if (TEMPORAL_NOUNS.has(next) && !QUANTITY_NOUNS.has(next)) return 'temporal';
      if (mentions(QUANTITY_NOUNS)) return 'quantity';
      if (!isStopword(next) && next !== '') return 'entity';
      // "What is X?" with a bare subject is a definition; with a modified one ("what is the
      // default region") it asks for a value.
      const subjectTerms = rest.filter((t) => !isStopword(t)).map(stem);
      return subjectTerms.length >= 2 ? 'entity' : 'other';
    }
    default:
      return 'other';
  }
}
