import { describe, expect, it } from 'vitest';
import { computeFingerprint } from '../../src/data/fingerprint.js';
import { loadNativeDataset } from '../../src/data/load-native.js';
import { tempDataset } from './temp-dataset.js';

describe('computeFingerprint', () => {
  it('is the same across JSON key order, extra keys and folder location', async () => {
    const a = tempDataset({
      'corpus.jsonl': '{"id":"d","title":"T","text":"x"}\n',
      'qa.jsonl': '{"id":"q","question":"?","answers":["x"],"gold_doc_ids":["d"]}\n',
    });
    const b = tempDataset({
      'nested/deeper/corpus.jsonl': '{"text":"x","id":"d","title":"T","source":"web"}\n\n',
      'nested/deeper/qa.jsonl': '{"gold_doc_ids":["d"],"answers":["x"],"question":"?","id":"q","level":"easy"}\n',
    });
    const first = await loadNativeDataset({ dir: a });
    const second = await loadNativeDataset({ dir: `${b}/nested/deeper` });
    expect(first.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(second.fingerprint).toBe(first.fingerprint);
  });

  it('changes with any content field', () => {
    const docs = [{ id: 'd', title: 'T', text: 'x' }];
    const questions = [{ id: 'q', question: '?', answers: ['x'], gold_doc_ids: ['d'] }];
    const base = computeFingerprint({ docs, questions });
    expect(computeFingerprint({ docs: [{ ...docs[0], text: 'y' }], questions })).not.toBe(base);
    expect(computeFingerprint({ docs: [{ ...docs[0], title: undefined }], questions })).not.toBe(base);
    expect(computeFingerprint({ docs, questions: [{ ...questions[0], answers: ['y'] }] })).not.toBe(base);
    expect(
      computeFingerprint({ docs, questions: [{ ...questions[0], answer_spans: [{ doc_id: 'd', start: 0, end: 1 }] }] }),
    ).not.toBe(base);
    expect(computeFingerprint({ docs, questions })).toBe(base);
  });
});
