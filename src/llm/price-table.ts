import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TuneRagError, optionRef } from '../errors.js';
import { parseJsonText } from '../json/parse-json-text.js';

/**
 * USD per 1 million tokens. Embedding models have no output price (0).
 *
 * Edit `DEFAULT_PRICES` when providers change prices, or pass a JSON file of the same shape
 * (`{ "my-model": { "inputPer1M": 0.5, "outputPer1M": 1.5 } }`) with `--prices` (`loadPriceTable`);
 * its entries override the defaults. A model missing from the table has an unknown cost (null), never 0:
 * self-hosted models are free to call but not free to run, and a silent 0 would hide spend.
 */
export const ModelPriceSchema = z.object({
  inputPer1M: z.number().nonnegative(),
  outputPer1M: z.number().nonnegative(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export const PriceTableSchema = z.record(z.string(), ModelPriceSchema);
export type PriceTable = z.infer<typeof PriceTableSchema>;

/** OpenAI list prices (standard tier), checked 2025. */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-4o-mini': { inputPer1M: 0.15, outputPer1M: 0.6 },
  'gpt-4o': { inputPer1M: 2.5, outputPer1M: 10 },
  'gpt-4.1': { inputPer1M: 2, outputPer1M: 8 },
  'gpt-4.1-mini': { inputPer1M: 0.4, outputPer1M: 1.6 },
  'gpt-4.1-nano': { inputPer1M: 0.1, outputPer1M: 0.4 },
  'o4-mini': { inputPer1M: 1.1, outputPer1M: 4.4 },
  'text-embedding-3-small': { inputPer1M: 0.02, outputPer1M: 0 },
  'text-embedding-3-large': { inputPer1M: 0.13, outputPer1M: 0 },
};

/**
 * The price of `model`, or null when unknown. Dated snapshots (`gpt-4o-mini-2024-07-18`) fall
 * back to their base name, because OpenAI echoes the snapshot in replies.
 */
export function lookupPrice(model: string, table: PriceTable = DEFAULT_PRICES): ModelPrice | null {
  if (Object.hasOwn(table, model)) return table[model];
  const base = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return Object.hasOwn(table, base) ? table[base] : null;
}

/** Cost in USD of the given token counts; null when the model's price is unknown. */
export function estimateCost(options: {
  model: string;
  promptTokens: number;
  completionTokens: number;
  prices?: PriceTable;
}): number | null {
  const price = lookupPrice(options.model, options.prices);
  if (!price) return null;
  return (options.promptTokens * price.inputPer1M + options.completionTokens * price.outputPer1M) / 1_000_000;
}

/**
 * Defaults overridden by the entries of a price file (`--prices FILE`). The file is one JSON
 * object mapping a model name as the server knows it (OpenAI model, Azure deployment, Ollama tag,
 * vLLM served name) to its USD prices per 1M tokens:
 *
 *     { "qwen2.5:7b": { "inputPer1M": 0.02, "outputPer1M": 0.06 },
 *       "my-azure-deployment": { "inputPer1M": 0.15, "outputPer1M": 0.6 } }
 *
 * Throws TuneRagError naming the file (and line) of the first problem: unreadable file, malformed
 * JSON (file:line:column), a missing or negative price or an unknown member (file:line: key).
 */
export function loadPriceTable(options: {
  file: string /** How messages name the file (default `file`), e.g. as the user typed it. */;
  label?: string;
}): PriceTable {
  const file = options.label ?? options.file;
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (cause) {
    throw new TuneRagError(
      'config',
      `${optionRef('prices')} ${file}: cannot read the price file (${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message})`,
      {
        hint: 'pass the path of a JSON file such as {"my-model": {"inputPer1M": 0.5, "outputPer1M": 1.5}}',
        cause,
      },
    );
  }
  const parsed = parseJsonText({ text, label: file });
  const result = z.record(z.string(), ModelPriceSchema.strict()).safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [model, field] = issue.path.map(String);
    const key = model === undefined ? '(root)' : `"${model}"${field === undefined ? '' : `.${field}`}`;
    const what =
      issue.code === 'unrecognized_keys'
        ? `unknown member ${issue.keys.map((k) => `"${k}"`).join(', ')}`
        : issue.message;
    throw new TuneRagError('config', `${file}${lineOf(text, model)}: ${key}: ${what}`, {
      hint: 'each entry is "model": { "inputPer1M": <USD per 1M prompt tokens>, "outputPer1M": <USD per 1M completion tokens> }, both numbers >= 0',
    });
  }
  return { ...DEFAULT_PRICES, ...result.data };
}

/** `:LINE` of the first occurrence of `"model":` in the file's text, or '' (root problems, odd escapes). */
function lineOf(text: string, model: string | undefined): string {
  if (model === undefined) return '';
  const at = text.search(new RegExp(`${JSON.stringify(model).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`));
  return at < 0 ? '' : `:${text.slice(0, at).split('\n').length}`;
}
