/** Tokens and money one call consumed. Local components report zeros. */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** null when the price of the model is unknown (never silently 0). */
  costUsd: number | null;
}

export const ZERO_USAGE: Usage = Object.freeze({ promptTokens: 0, completionTokens: 0, costUsd: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    costUsd: a.costUsd === null || b.costUsd === null ? null : a.costUsd + b.costUsd,
  };
}
