import { isStopword } from '../../text/text-analysis.js';

/**
 * Surface patterns for typed answer spans (quantities, dates, versions, code, commands, literals).
 * Each finder returns candidate spans as offsets into the given text, in text order, so the caller
 * can slice the original string and keep its casing.
 */

export interface Span {
  start: number;
  end: number;
}

const UNITS = [
  'ms',
  'milliseconds?',
  'secs?',
  'seconds?',
  's',
  'mins?',
  'minutes?',
  'hrs?',
  'hours?',
  'h',
  'days?',
  'd',
  'weeks?',
  'months?',
  'years?',
  '[kmgtp]i?b',
  'bytes?',
  'bits?',
  '%',
  'percent',
  'x',
  'requests?',
  'reqs?',
  'retries',
  'attempts?',
  'times',
  'connections?',
  'workers?',
  'threads?',
  'replicas?',
  'nodes?',
  'items?',
  'entries',
  'characters?',
  'chars?',
  'tokens?',
  'rows?',
  'files?',
  'users?',
  'seats?',
  'pages?',
  'lines?',
  'results?',
  'messages?',
  'calls?',
  'members?',
  'projects?',
  'keys?',
  'v?cpus?',
  'cores?',
  'rpm',
  'rps',
  'qps',
  'px',
  '[kmg]bps',
  'backups?',
  'snapshots?',
  'versions?',
  'instances?',
  'jobs?',
  'tasks?',
  'events?',
  'records?',
  'documents?',
  'chunks?',
  'queries',
  'dollars?',
  'euros?',
  'cents?',
  'gigabytes?',
  'megabytes?',
  'kilobytes?',
  'terabytes?',
  'regions?',
  'zones?',
  'levels?',
  'steps?',
  'digits?',
].join('|');
const RATE =
  '(?:\\s?/\\s?|\\s(?:per|a|an|each)\\s)(?:second|minute|hour|day|week|month|year|request|user|node|seat|s|min|h|d)(?![\\p{L}])';
// Numbers are found with a cheap scan; the unit (and a rate: "100 requests per minute") is then
// matched sticky at the number's end. One big regex with lookbehind tried at every position was
// the answerer's hot spot.
const NUMBER =
  /(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand)\b/gi;
// Number words are quantities only with a unit ("three replicas"); alone they are too often
// pronouns or idioms ("one of the nodes").
const NUMBER_WORD = /^\p{L}/u;
const UNIT_AFTER = new RegExp(`\\s?(?:${UNITS})(?![\\p{L}\\p{N}_])(?:${RATE})?|${RATE}`, 'iuy');
const GLUED_BEFORE = /[\p{L}\p{N}_.]/u;
// One modifier may sit between number and unit: "10 business days", "5 concurrent connections".
const MODIFIER = /\s([a-z]+)(?=\s)/y;

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const ORDINAL = '(?:st|nd|rd|th)?';
const datePattern = (alternatives: string[]): RegExp =>
  new RegExp(alternatives.map((p) => `\\b${p}(?![\\p{L}\\p{N}])`).join('|'), 'giu');
const FULL_DATE = datePattern([
  '\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?Z?)?',
  '\\d{1,2}/\\d{1,2}/\\d{2,4}',
  `${MONTH}\\s\\d{1,2}${ORDINAL}(?:,?\\s\\d{4})?`,
  `\\d{1,2}${ORDINAL}\\s${MONTH}(?:,?\\s\\d{4})?`,
  `${MONTH}\\s\\d{4}`,
  'q[1-4]\\s\\d{4}',
]);
// Cheap pre-checks: the full patterns are slow (many alternatives tried at every position) and
// most sentences cannot match them at all.
const MAY_HAVE_FULL_DATE = /\d-\d|\d\/\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]\s/i;
const MAY_HAVE_VERSION = /v\s?\d|\d\.\d|version|release/i;
const YEAR = datePattern(['(?:19|20)\\d{2}']);

// Unambiguous versions: "v2", "2.3.1", "3.2.0-beta". A single-dot number ("1.5") is a decimal
// for quantities and only counts as a version when a version is what the question asks for.
const STRICT_VERSION =
  /\bv\d+(?:\.\d+)*(?:-[0-9a-z.]+)?\b|(?<![\p{L}\p{N}_.])\d+(?:\.\d+){2,3}(?:-[0-9a-z.]+)?(?![\p{N}.])/giu;
const DOTTED_NUMBER = /(?<![\p{L}\p{N}_.])\d+\.\d+(?:-[0-9a-z.]+)?(?![\p{N}.])/giu;
const VERSION_AFTER_WORD = /\b(?:version|release|v)\s?(\d+(?:\.\d+)*)\b/giu;

const CODE = /`([^`\n]+)`/g;
const DOUBLE_QUOTED = /"([^"\n]{1,80})"|“([^”\n]{1,80})”/g;
const URL = /https?:\/\/[^\s)>\]`'"]*[^\s)>\]`'".,;:!?]/g;
const PATH = /(?<![\w/])(?:~|\.{1,2})?\/(?:[\w.@-]+\/)*[\w.@-]*[\w@-]/g;
const FILE_NAME = /\b[\w-]+\.(?:toml|ya?ml|json|ini|conf|cfg|env|txt|md|log|db|sqlite|csv|xml|sh|py|js|ts|lock)\b/g;
const ENV_VAR = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/g;

function spans(pattern: RegExp, text: string, group?: number): Span[] {
  const out: Span[] = [];
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (group === undefined) {
      out.push({ start: index, end: index + match[0].length });
      continue;
    }
    const captured = match.slice(1).find((g) => g !== undefined);
    if (captured === undefined) continue;
    const start = index + match[0].indexOf(captured);
    out.push({ start, end: start + captured.length });
  }
  return out;
}

const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;

/** Numbers with their unit, excluding parts of dates and versions ("2.3.1", "v2", "2024-05-01"). */
export function quantitySpans(text: string): Span[] {
  if (
    !/\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand/i.test(
      text,
    )
  )
    return [];
  const found: Span[] = [];
  for (const match of text.matchAll(NUMBER)) {
    let start = match.index ?? 0;
    if (start > 0 && GLUED_BEFORE.test(text[start - 1])) continue;
    // "node-7", "us-east-1": a hyphen joins the number to a name (a minus sign follows a space).
    if (start > 1 && text[start - 1] === '-' && GLUED_BEFORE.test(text[start - 2])) continue;
    // A currency sign belongs to the amount.
    if (start > 0 && /[$€£]/.test(text[start - 1])) start--;
    else if (start > 1 && text[start - 1] === ' ' && /[$€£]/.test(text[start - 2])) start -= 2;
    let end = (match.index ?? 0) + match[0].length;
    const unit = unitAt(text, end);
    if (unit) end += unit;
    else if (NUMBER_WORD.test(match[0])) continue;
    found.push({ start, end });
  }
  if (found.length === 0) return found;
  // Bare years are not excluded: "2048 MB" looks like one, and proximity ranks real years down.
  const excluded = [
    ...fullDateSpans(text),
    ...(MAY_HAVE_VERSION.test(text) ? [...spans(STRICT_VERSION, text), ...spans(VERSION_AFTER_WORD, text, 1)] : []),
  ];
  return found.filter((s) => {
    // A number glued to a following word or dotted number is an identifier or version, not a quantity.
    if (/^[\p{L}\p{N}_]|^\.\d/u.test(text.slice(s.end, s.end + 2))) return false;
    return !excluded.some((e) => overlaps(e, s));
  });
}

/** Length of the unit (with an optional modifier word) starting at `at`, or 0. */
function unitAt(text: string, at: number): number {
  UNIT_AFTER.lastIndex = at;
  const unit = UNIT_AFTER.exec(text);
  if (unit) return unit[0].length;
  MODIFIER.lastIndex = at;
  const modifier = MODIFIER.exec(text);
  if (!modifier || isStopword(modifier[1])) return 0;
  UNIT_AFTER.lastIndex = at + modifier[0].length;
  const modified = UNIT_AFTER.exec(text);
  return modified ? modifier[0].length + modified[0].length : 0;
}

/** Dates: ISO, numeric, "March 3, 2024", "3 March 2024", "Q3 2024", bare years. */
export function dateSpans(text: string): Span[] {
  if (!/\d/.test(text)) return [];
  return dedupe([...fullDateSpans(text), ...(/(?:19|20)\d\d/.test(text) ? spans(YEAR, text) : [])]);
}

function fullDateSpans(text: string): Span[] {
  return MAY_HAVE_FULL_DATE.test(text) ? spans(FULL_DATE, text) : [];
}

/** Versions: dotted numbers ("2.3.1", "1.5"), "v2", and the number in "version 3". */
export function versionSpans(text: string): Span[] {
  if (!MAY_HAVE_VERSION.test(text)) return [];
  return dedupe([...spans(STRICT_VERSION, text), ...spans(DOTTED_NUMBER, text), ...spans(VERSION_AFTER_WORD, text, 1)]);
}

/** Inline code spans (contents without the backticks). */
export function codeSpans(text: string): Span[] {
  return spans(CODE, text, 1);
}

/** Literal values: code spans, double-quoted strings, URLs, paths, file names, ENV_VARS. */
export function literalSpans(text: string): Span[] {
  return dedupe([
    ...codeSpans(text),
    ...spans(DOUBLE_QUOTED, text, 1),
    ...spans(URL, text),
    ...spans(PATH, text),
    ...spans(FILE_NAME, text),
    ...spans(ENV_VAR, text),
  ]);
}

const COMMAND_CUES = new Set(['run', 'use', 'execute', 'type', 'invoke', 'call', 'enter', 'pass', 'add', 'append']);
const COMMAND_WORD = /^(?:--?[a-z0-9][\w-]*(?:=\S+)?|[a-z0-9][\w./:@=-]*|<[\w-]+>|\[[\w-]+\])$/;
const FLAG = /^--?[a-z]/i;

interface Word extends Span {
  core: string;
  /** The raw word ended with punctuation, so a command cannot continue past it. */
  closes: boolean;
}

/**
 * Command lines: code spans first, then "$ ..." prompts, then unquoted command-looking word runs
 * ("run lark sync --dry-run to ...": lower-case words and flags after a cue verb, or around a flag).
 */
export function commandSpans(text: string): Span[] {
  const code = codeSpans(text);
  if (code.length > 0) return code;
  const prompts = spans(/(?:^|\s)\$\s+(\S[^\n]*\S|\S)/g, text, 1);
  if (prompts.length > 0) return prompts;
  const words: Word[] = [...text.matchAll(/\S+/g)].map((m) => {
    const raw = m[0];
    const lead = raw.length - raw.replace(/^[("'“]+/, '').length;
    const core = raw.slice(lead).replace(/[)"'”.,;:!?]+$/, '');
    const start = (m.index ?? 0) + lead;
    return { start, end: start + core.length, core, closes: start + core.length < (m.index ?? 0) + raw.length };
  });
  const isCommandWord = (w: Word): boolean => COMMAND_WORD.test(w.core) && (FLAG.test(w.core) || !isStopword(w.core));
  const out: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const cue = COMMAND_CUES.has(words[i].core.toLowerCase()) && !words[i].closes;
    if (!cue && !FLAG.test(words[i].core)) continue;
    let first = cue ? i + 1 : i;
    let last = first - 1;
    while (last + 1 < words.length && isCommandWord(words[last + 1]) && !(last >= first && words[last].closes)) last++;
    if (!cue) {
      while (
        first - 1 >= 0 &&
        isCommandWord(words[first - 1]) &&
        !words[first - 1].closes &&
        !COMMAND_CUES.has(words[first - 1].core.toLowerCase())
      )
        first--;
    }
    if (last < first) continue;
    const run = words.slice(first, last + 1);
    if (run.length >= 2 || run.some((w) => FLAG.test(w.core)))
      out.push({ start: run[0].start, end: run[run.length - 1].end });
    i = Math.max(i, last);
  }
  return dedupe(out);
}

const NEGATION =
  /\b(?:not|no|never|cannot|none|neither|nor|without|unsupported|disabled|unavailable|impossible)\b|n['’]t\b/giu;

/** Number of negation cues ("not", "n't", "never", "without", "disabled", ...) in the text. */
export function negationCount(text: string): number {
  return [...text.matchAll(NEGATION)].length;
}

/** Sorted by start, exact duplicates and spans nested in an earlier longer span removed. */
function dedupe(found: Span[]): Span[] {
  const sorted = [...found].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start >= last.start && s.end <= last.end) continue;
    out.push(s);
  }
  return out;
}
