import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionRef, optionsNamed, renderErrorText, TuneRagError } from '../src/errors.js';
import { flagOf } from '../src/cli/flag-names.js';
import { resolveLlmEndpoint } from '../src/llm/llm-endpoint.js';
import { parseObjectives, parseWeights } from '../src/optimize/objectives.js';
import { loadSourceDocuments } from '../src/qa-generation/load-source-documents.js';

describe('errors name options; the CLI spells them as flags', () => {
  const error = new TuneRagError('config', `${optionRef('maxCost')} needs the price of model "m"`, {
    hint: `set ${optionRef('prices')} to a price file`,
  });

  it('reads as the option name for a library caller', () => {
    expect(error.message).toBe('maxCost needs the price of model "m"');
    expect(error.hint).toBe('set prices to a price file');
    expect(optionsNamed(error.template.message + error.template.hint)).toEqual(['maxCost', 'prices']);
  });

  it('reads as the flag for a CLI user', () => {
    expect(renderErrorText(error.template.message, flagOf)).toBe('--max-cost needs the price of model "m"');
    expect(renderErrorText(error.template.hint!, flagOf)).toBe('set --prices to a price file');
    expect(flagOf('storage')).toBe('--storage');
    expect(flagOf('jobs.name')).toBe('jobs.name');
  });

  it('keeps the markers through a prefix, and user text cannot fake one', () => {
    const wrapped = error.withPrefix('evals/nightly.json: job "a": ');
    expect(wrapped.message).toBe('evals/nightly.json: job "a": maxCost needs the price of model "m"');
    expect(renderErrorText(wrapped.template.message, flagOf)).toBe(
      'evals/nightly.json: job "a": --max-cost needs the price of model "m"',
    );
    expect(renderErrorText('a path named maxCost or <maxCost>', flagOf)).toBe('a path named maxCost or <maxCost>');
  });
});

describe('library calls name the option they were given, the CLI prints the flag', () => {
  /** The TuneRagError `fn` throws (sync or async). */
  async function caught(fn: () => unknown): Promise<TuneRagError> {
    try {
      await fn();
    } catch (error) {
      if (error instanceof TuneRagError) return error;
      throw error;
    }
    throw new Error('expected a TuneRagError');
  }
  const cli = (text: string) => renderErrorText(text, flagOf);

  it('parseWeights: weights', async () => {
    const error = await caught(() => parseWeights('quality=0', parseObjectives('quality,latency')));
    expect(error.message).toBe(
      'weights "quality=0": every objective weighs 0 (quality=0, latency=0), so no configuration could rank above another',
    );
    expect(error.hint).toBe(
      'Give at least one objective a weight above 0, e.g. weights quality=1 (objectives left out weigh 0).',
    );
    expect(cli(error.template.message)).toBe(
      '--weights "quality=0": every objective weighs 0 (quality=0, latency=0), so no configuration could rank above another',
    );
  });

  it('resolveLlmEndpoint: llm', async () => {
    const error = await caught(() => resolveLlmEndpoint({ spec: 'nope:model', env: {} }));
    expect(error.message).toBe('llm "nope:model": unknown provider "nope"');
    expect(optionsNamed(error.template.message + error.template.hint)).toEqual(['llm']);
    expect(cli(error.template.hint!)).toMatch(/, e\.g\. --llm openai:gpt-4o-mini$/);
  });

  it('loadSourceDocuments: the option the caller says set the source (generateQa)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-option-'));
    const error = await caught(() => loadSourceDocuments({ spec: 'no-such-docs', cwd, option: 'generateQa' }));
    expect(error.message).toBe(`generateQa no-such-docs: no such folder (${join(cwd, 'no-such-docs')})`);
    expect(cli(error.template.message)).toBe(
      `--generate-qa no-such-docs: no such folder (${join(cwd, 'no-such-docs')})`,
    );
    const byDefault = await caught(() => loadSourceDocuments({ spec: 'no-such-docs', cwd }));
    expect(byDefault.message).toBe(`dataset no-such-docs: no such folder (${join(cwd, 'no-such-docs')})`);
  });
});
