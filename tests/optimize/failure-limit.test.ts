import { describe, expect, it } from 'vitest';
import { formatErrorGroups, groupErrors, mergeErrorGroups } from '../../src/metrics/error-groups.js';
import { DEFAULT_MAX_FAILURE_RATE, failureLimitReason } from '../../src/optimize/failure-limit.js';

const ok = undefined;

describe('groupErrors', () => {
  it('counts each message, most frequent first, ties by message', () => {
    expect(groupErrors(['b', ok, 'a', 'b', 'c', 'a', 'b', ok])).toEqual([
      { message: 'b', count: 3 },
      { message: 'a', count: 2 },
      { message: 'c', count: 1 },
    ]);
    expect(
      mergeErrorGroups([
        [{ message: 'x', count: 1 }],
        [
          { message: 'y', count: 2 },
          { message: 'x', count: 2 },
        ],
      ]),
    ).toEqual([
      { message: 'x', count: 3 },
      { message: 'y', count: 2 },
    ]);
  });
  it('formats the first groups on one line and says how many more there are', () => {
    const groups = groupErrors(['a', 'a', 'b', 'c', 'd', 'x'.repeat(200)]);
    expect(formatErrorGroups(groups, { max: 2 })).toBe('a (x2), b (x1), and 3 more');
    expect(formatErrorGroups([{ message: 'y'.repeat(10), count: 1 }], { maxChars: 5 })).toBe('yyyy… (x1)');
  });
});

describe('failureLimitReason', () => {
  const errors = (failed: string[], total: number) => [
    ...failed,
    ...Array.from({ length: total - failed.length }, () => ok),
  ];
  it('fails a trial above the limit with the count, the share and the most common errors', () => {
    const failed = [...Array(5).fill('HTTP 500: server error'), 'HTTP 429: rate limited', 'HTTP 429: rate limited'];
    expect(failureLimitReason({ errors: errors(failed, 30), maxFailureRate: DEFAULT_MAX_FAILURE_RATE })).toBe(
      '7 of 30 questions failed (23%, limit 20%): HTTP 500: server error (x5), HTTP 429: rate limited (x2)',
    );
  });
  it('keeps a trial at or below the limit', () => {
    expect(failureLimitReason({ errors: errors(['e', 'e'], 10), maxFailureRate: 0.2 })).toBeNull(); // exactly 20%
    expect(failureLimitReason({ errors: errors([], 10), maxFailureRate: 0 })).toBeNull();
    expect(failureLimitReason({ errors: errors(['e'], 10), maxFailureRate: 0 })).toBe(
      '1 of 10 questions failed (10%, limit 0%): e (x1)',
    );
  });
  it('fails a trial whose every question failed even with a limit of 100%', () => {
    expect(failureLimitReason({ errors: ['e', 'e'], maxFailureRate: 1 })).toBe(
      '2 of 2 questions failed (100%, limit 100%): e (x2)',
    );
  });
});
