import type { CallTiming } from '../accounting/call-timing.js';
import type { Usage } from '../accounting/usage.js';

/** What a stage computes: its value, the usage it spent and, for LLM calls, their timing. */
export interface StepResult<V> {
  value: V;
  usage: Usage;
  timing?: CallTiming;
}
