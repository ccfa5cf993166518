/**
 * A character as messages name it, e.g. `a line separator (U+2028)`: the invisible and
 * line-breaking ones by name, because a user cannot see them in the input they are told about.
 */
export function describeCharacter(ch: string): string {
  if (ch === ' ') return 'a space';
  const code = ch.codePointAt(0)!;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const named = NAMES[code];
  if (named) return `${named} (${hex})`;
  if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `a control character (${hex})`;
  return `"${ch}" (${hex})`;
}

const NAMES: Readonly<Record<number, string>> = {
  0x00: 'a NUL character',
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0b: 'a vertical tab',
  0x0c: 'a form feed',
  0x0d: 'a carriage return',
  0x85: 'a next-line character (NEL)',
  0xa0: 'a no-break space',
  0x2028: 'a line separator',
  0x2029: 'a paragraph separator',
  0xfeff: 'a zero-width no-break space',
};

/**
 * Characters that end a line for some programs but not for editors, `grep -n` or tune-rag's line
 * counting (which ends lines at "\n" only, with an optional "\r" before it): a lone carriage
 * return, vertical tab, form feed, NEL, U+2028 and U+2029; plus the other C0/C1 control
 * characters, which are invisible. Tab is ordinary whitespace and not included.
 */
export const INVISIBLE_BREAK = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;
