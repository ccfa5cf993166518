import type { z } from 'zod';
import { formatPath } from '../json/format-zod-issues.js';

/**
 * Turns one zod issue on a record into `field "answers": expected an array of strings, got
 * string`, or `field "question" is missing (expected a non-empty string)`. The field path and
 * the value actually found are what a user needs to find and fix the record.
 *
 * @param input the raw record the issue was raised on (to tell "missing" from "wrong type").
 */
export function describeZodIssue(options: { issue: z.ZodError['issues'][number]; input: unknown }): string {
  const { issue, input } = options;
  if (issue.path.length === 0) {
    return issue.code === 'invalid_type' ? `expected a JSON object, got ${typeName(input)}` : issue.message;
  }
  const field = `field "${formatPath(issue.path)}"`;
  if (issue.code === 'invalid_type') {
    const value = valueAt(input, issue.path);
    if (value === undefined) return `${field} is missing (${issue.message})`;
    return `${field}: ${issue.message}, got ${typeName(value)}`;
  }
  return `${field}: ${issue.message}`;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** JSON-flavoured type names (null and array are not "object" to a user). */
export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
