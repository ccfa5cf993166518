import { describe, expect, it } from 'vitest';
import { groupDuplicateVectors } from '../../src/retrieval/duplicate-vectors.js';

describe('groupDuplicateVectors', () => {
  it('groups exactly equal vectors under the first one, in input order', () => {
    const a = Float32Array.of(1, 0, 0);
    const b = Float32Array.of(0, 1, 0);
    const groups = groupDuplicateVectors({
      vectors: [a, b, Float32Array.of(1, 0, 0), new Float32Array(3), Float32Array.of(0, 1, 0), new Float32Array(3)],
    });
    expect(groups.count).toBe(6);
    expect(groups.representatives).toEqual([0, 1, 3]);
    expect([...groups.members.entries()]).toEqual([
      [0, [0, 2]],
      [1, [1, 4]],
      [3, [3, 5]],
    ]);
  });

  it('keeps vectors that differ in one element apart, and reads views at any offset', () => {
    const buffer = new Float32Array([9, 0.5, 0.5, 0.5, 0.5000001]);
    const groups = groupDuplicateVectors({
      vectors: [buffer.subarray(1, 3), buffer.subarray(2, 4), buffer.subarray(3, 5)],
    });
    expect(groups.representatives).toEqual([0, 2]);
    expect(groups.members.get(0)).toEqual([0, 1]);
  });

  it('an empty list has no groups', () => {
    expect(groupDuplicateVectors({ vectors: [] })).toEqual({ count: 0, representatives: [], members: new Map() });
  });
});
