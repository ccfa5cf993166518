import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TuneRagError } from '../errors.js';

/**
 * USD per 1 million tokens. Embedding models have no output price (0).
 *
 * Edit `DEFAULT_PRICES` when providers change prices, or pass a JSON file of the same shape
 * (`{ "my-model": { "inputPer1M": 0.5, "outputPer1M": 1.5 } }`) to `loadPriceTable`; its entries
 * override the defaults. A model missing from the table has an unknown cost (null), never 0:
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

/** Defaults overridden by the entries of a JSON price file. Throws TuneRagError on a bad file. */
export function loadPriceTable(options: { file: string }): PriceTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(options.file, 'utf8'));
  } catch (cause) {
    throw new TuneRagError('config', `cannot read price table ${options.file}: ${(cause as Error).message}`, { cause });
  }
  const result = PriceTableSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new TuneRagError('config', `price table ${options.file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      hint: 'each entry is "model": { "inputPer1M": <usd>, "outputPer1M": <usd> }',
    });
  }
  return { ...DEFAULT_PRICES, ...result.data };
}
