import { TuneRagError } from '../errors.js';
import { describeCharacter } from './describe-character.js';

/**
 * The one character set of every name a user gives tune-rag (study names, eval job names, export
 * file names): a letter or digit, then up to 99 letters, digits, ".", "_" or "-", and no "..".
 * Such a name is a single path segment on every OS (no separator, no drive colon, no NUL or line
 * break, never "." or ".."), so it can name a folder or a file as it is; it also stays readable in
 * tables and logs. Names the tool derives (default study names) are sanitised into this set, a
 * user's explicit name is checked and refused, never rewritten.
 */
export const USER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/** The longest name, in characters. */
export const USER_NAME_MAX_LENGTH = 100;

/** The rule in words, for hints. */
export const USER_NAME_RULE =
  'a letter or digit, then up to 99 letters, digits, ".", "_" or "-" (no "..", no "/" or "\\")';

/** What is wrong with `name` as a user name, in a few words, or null when it is valid. */
export function userNameProblem(name: string): string | null {
  if (name.length === 0) return 'is empty';
  if (/[\\/]/.test(name)) return `contains a path separator ("${/\//.test(name) ? '/' : '\\'}"); a name is not a path`;
  if (name.includes('..')) return 'contains ".."; a name is not a path';
  if (name.length > USER_NAME_MAX_LENGTH) return `is ${name.length} characters long (at most ${USER_NAME_MAX_LENGTH})`;
  const bad = [...name].find((ch) => !/[A-Za-z0-9._-]/.test(ch));
  if (bad !== undefined) return `contains ${describeCharacter(bad)}`;
  if (!/^[A-Za-z0-9]/.test(name)) return `starts with "${name[0]}" (it must start with a letter or digit)`;
  return null;
}

/**
 * Checks a user's name and returns it unchanged, or throws a TuneRagError ('cli') naming the option
 * or key (`label`, e.g. `optionRef('study')`, which the CLI prints as --study) and the rule;
 * `example` is a valid use shown in the hint.
 * Called where the name enters (flag parsing, job file loading), before anything is written.
 */
export function checkUserName(options: { name: string; label: string; example: string; hint?: string }): string {
  const problem = userNameProblem(options.name);
  if (problem === null) return options.name;
  throw new TuneRagError('cli', `${options.label} ${quoteName(options.name)}: ${problem}`, {
    hint: `Use ${USER_NAME_RULE}, e.g. ${options.example}.${options.hint ? ` ${options.hint}` : ''}`,
  });
}

/** A name as shown in messages: JSON-quoted (line breaks and NULs visible), long names shortened. */
export function quoteName(name: string): string {
  const shown = JSON.stringify(name.length > 60 ? name.slice(0, 40) : name);
  return name.length > 60 ? `${shown.slice(0, -1)}…" (${name.length} characters)` : shown;
}
