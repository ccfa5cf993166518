import type { z } from 'zod';

/**
 * Formats zod issues as "path: message" lines. `label` may rewrite a path (for example to add the
 * parameter name next to `parameters[3]`), because users think in names, not array indices.
 */
export function formatZodIssues(error: z.ZodError, label?: (path: PropertyKey[]) => string): string[] {
  return error.issues.map((issue) => {
    const path = label ? label(issue.path) : formatPath(issue.path);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
