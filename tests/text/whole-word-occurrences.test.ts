import { describe, expect, it } from 'vitest';
import { wholeWordOccurrences } from '../../src/text/whole-word-occurrences.js';

describe('wholeWordOccurrences', () => {
  it('finds a phrase only on word boundaries, case-sensitively, up to a limit', () => {
    const text = 'Nolan met Nolans; ANolan and nolan left. Nolan, then Nolan2 and (Nolan).';
    expect(wholeWordOccurrences(text, 'Nolan')).toEqual([0, 41, 65]);
    expect(wholeWordOccurrences(text, 'Nolan', 2)).toEqual([0, 41]);
    expect(wholeWordOccurrences('Port 7420 and 74200', '7420')).toEqual([5]);
    // A phrase that starts or ends with punctuation may touch a word on that side.
    expect(wholeWordOccurrences('see v2.1.', '2.1.')).toEqual([]);
    expect(wholeWordOccurrences('(v2)', '(v2)')).toEqual([0]);
    expect(wholeWordOccurrences('anything', '')).toEqual([]);
  });
});
