import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TuneRagError } from '../errors.js';
import type { PromptTemplate } from './pipeline-components.js';
import { stableHash } from '../json/canonical-json.js';

/**
 * Prompt templates of one kind (e.g. prompts/generate/*.md), by name (file name without .md).
 * Read once; the hash of each text keys the cache so an edited template re-runs generation only.
 */
export function loadPromptTemplates(dir: string): Map<string, PromptTemplate> {
  const templates = new Map<string, PromptTemplate>();
  if (!existsSync(dir)) return templates;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()) {
    const text = readFileSync(join(dir, file), 'utf8');
    const name = basename(file, '.md');
    templates.set(name, { name, text, hash: stableHash(text) });
  }
  return templates;
}

/** Fills `{{name}}` placeholders; unknown placeholders are an error, not silently empty. */
export function renderPrompt(template: PromptTemplate, values: Record<string, string>): string {
  return template.text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => {
    if (!(key in values))
      throw new TuneRagError('config', `prompt template "${template.name}" uses {{${key}}}, which is not provided`, {
        hint: `Use only ${Object.keys(values)
          .map((k) => `{{${k}}}`)
          .join(', ')}.`,
      });
    return values[key];
  });
}

/**
 * The template `name` of a kind that must be there (the judge's, the query rewrites'), or a
 * TuneRagError naming the missing file: the package ships them, so a missing one is a broken install.
 */
export function requiredPromptTemplate(options: {
  templates: Map<string, PromptTemplate>;
  name: string;
  dir: string;
  /** What needs it, e.g. "judge". */
  what: string;
}): PromptTemplate {
  const template = options.templates.get(options.name);
  if (template) return template;
  throw new TuneRagError('config', `${options.what} prompt ${join(options.dir, `${options.name}.md`)} is missing`, {
    hint: 'restore it from the tune-rag package',
  });
}
