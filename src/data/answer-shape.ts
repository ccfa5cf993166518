/**
 * Answers that say little about where they came from: a bare number ("1,200", "-3.7", "42%",
 * "$5") or a yes/no. Such a string occurs on many unrelated pages (and "-3.7" normalises to
 * "37"), so finding it in a chunk is no evidence that the chunk is relevant, and token F1 on it
 * is all or nothing.
 */
const YES_NO = /^(yes|no|true|false)$/;
const BARE_NUMBER = /^[-+−]?[$€£¥]?\d[\d,.\s]*(%|percent)?$/;

/** True for a bare number or yes/no (case, surrounding space and a final full stop ignored). */
export function isBareNumberOrYesNo(answer: string): boolean {
  const text = answer.trim().toLowerCase().replace(/\.$/, '');
  return YES_NO.test(text) || BARE_NUMBER.test(text);
}
