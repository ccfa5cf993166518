import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';
import type { ComponentParameter } from './component-parameter.js';

export interface GenerationContext {
  text: string;
  docId: string;
  title?: string;
}

/** Produces an answer from a question and retrieved contexts (best first). */
export interface Generator {
  readonly name: string;
  /** Part of the generate stage's cache key. */
  readonly version: string;
  readonly description: string;
  /**
   * Remote components: `usage` (read back from the stage cache) priced by the price table in force,
   * since a price given later (`--prices`) must price answers cached before it. Local ones omit it.
   */
  priceUsage?(usage: Usage): Usage;
  readonly local: boolean;
  /** False for a remote generator that cannot apply a per-call `temperature` (the space then offers none). */
  readonly takesTemperature?: boolean;
  /** Its own parameters (`<name>.<knob>`), if any; their values arrive as `params.settings`. */
  readonly parameters?: readonly ComponentParameter[];
  /**
   * Remote generators report `timing` (see CallTiming) and throw the client's LlmError on failure, so
   * the usage it spent reaches the question's outcome; local ones leave `timing` out.
   */
  generate(options: {
    question: string;
    contexts: GenerationContext[];
    /** Prompt template text (LLM generators); local generators ignore it. */
    prompt?: string;
    /** Component-specific knobs from the config (temperature, ...). */
    params: Record<string, unknown>;
  }): Promise<{ answer: string; usage: Usage; raw?: string; timing?: CallTiming }>;
}
