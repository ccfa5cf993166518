import { describe, expect, it } from 'vitest';
import { llmProgressStatus } from '../../src/cli/llm-progress-status.js';

describe('llmProgressStatus', () => {
  it('is null while every call succeeded at once, so a healthy status line is unchanged', () => {
    expect(llmProgressStatus({ retries: 0, failingNow: 0, failures: 0, breakerState: 'closed' })).toBeNull();
  });

  it('names retries, calls failing now, calls failed for good and a breaker that is not closed', () => {
    expect(llmProgressStatus({ retries: 1, failingNow: 0, failures: 0, breakerState: 'closed' })).toBe('llm: 1 retry');
    expect(llmProgressStatus({ retries: 3, failingNow: 1, failures: 0, breakerState: 'closed' })).toBe(
      'llm: 3 retries, 1 failing',
    );
    expect(llmProgressStatus({ retries: 4, failingNow: 0, failures: 7, breakerState: 'open' })).toBe(
      'llm: 4 retries, 7 failed, breaker open',
    );
    expect(llmProgressStatus({ retries: 0, failingNow: 0, failures: 0, breakerState: 'half-open' })).toBe(
      'llm: breaker half-open',
    );
  });
});
