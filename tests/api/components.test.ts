import { describe, expect, it } from 'vitest';
import {
  createComponents,
  defineSearchSpace,
  runConfiguration,
  type AnswerJudge,
  type Generator,
} from '../../src/index.js';
import { tinyDataset } from '../support/tiny-dataset.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NO_USAGE = { promptTokens: 0, completionTokens: 0, costUsd: 0 };

/** Answers every question with the last word of the top context: enough to tell it ran. */
const lastWord: Generator = {
  name: 'last-word',
  version: '1',
  description: 'test generator',
  local: true,
  async generate({ contexts }) {
    return { answer: contexts[0]?.text.trim().split(/\s+/).at(-1) ?? '', usage: NO_USAGE };
  },
};

describe('components and spaces in code', () => {
  it('defineSearchSpace reports the bad key like a space file does', () => {
    expect(() =>
      defineSearchSpace({ parameters: [{ name: 'chunk.size', type: 'int', group: 'chunking', low: 512, high: 64 }] }),
    ).toThrow(
      'invalid search space (the space option):\n  - parameters[0] ("chunk.size").low: low (512) must not exceed high (64)',
    );
  });

  it('a registered generator becomes a value of the generator parameter', () => {
    const spec = {
      parameters: [
        { name: 'generator', type: 'categorical' as const, group: 'generator' as const, values: ['last-word'] },
      ],
    };
    expect(() => defineSearchSpace(spec)).toThrow(
      'parameter "generator": "generator" must be one of "extractive-sentence", "extractive-span" (got "last-word")',
    );
    const space = defineSearchSpace(spec, { components: createComponents({ generators: [lastWord] }) });
    expect(space.parameters.map((p) => p.name)).toEqual(['generator']);
  });

  it('runConfiguration uses registered components and judges by name', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-api-run-'));
    try {
      const judged: string[] = [];
      const judge: AnswerJudge = {
        async judge({ item }) {
          judged.push(item.id);
          return { questionId: item.id, correctness: 1, faithfulness: 0.5, usage: NO_USAGE, errors: [] };
        },
      };
      const components = createComponents({ generators: [lastWord], judges: { always: judge } });
      const run = await runConfiguration({
        dataset: tinyDataset,
        cwd,
        config: { generator: 'last-word', 'chunk.size': 64 },
        components,
        judge: 'always',
      });
      expect(run.config.generator).toBe('last-word');
      expect(run.outcomes).toHaveLength(8);
      expect(run.outcomes.every((o) => o.answer === 'tea.')).toBe(true);
      expect(judged).toHaveLength(8);
      expect(run.metrics.judge_correctness).toBe(1);
      expect(run.metrics.judge_faithfulness).toBe(0.5);
      await expect(runConfiguration({ dataset: tinyDataset, cwd, components, judge: 'nope' })).rejects.toThrow(
        'unknown judge "nope". Available: always',
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
