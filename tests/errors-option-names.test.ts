import { describe, expect, it } from 'vitest';
import { optionRef, optionsNamed, renderErrorText, TuneRagError } from '../src/errors.js';
import { flagOf } from '../src/cli/flag-names.js';

describe('errors name options; the CLI spells them as flags', () => {
  const error = new TuneRagError('config', `${optionRef('maxCost')} needs the price of model "m"`, { hint: `set ${optionRef('prices')} to a price file` });

  it('reads as the option name for a library caller', () => {
    expect(error.message).toBe('maxCost needs the price of model "m"');
    expect(error.hint).toBe('set prices to a price file');
    expect(optionsNamed(error.template.message + error.template.hint)).toEqual(['maxCost', 'prices']);
  });

  it('reads as the flag for a CLI user', () => {
    expect(renderErrorText(error.template.message, flagOf)).toBe('--max-cost needs the price of model "m"');
    expect(renderErrorText(error.template.hint!, flagOf)).toBe('set --prices to a price file');
    expect(flagOf('storage')).toBe('--db');
    expect(flagOf('jobs.name')).toBe('jobs.name');
  });

  it('keeps the markers through a prefix, and user text cannot fake one', () => {
    const wrapped = error.withPrefix('evals/nightly.json: job "a": ');
    expect(wrapped.message).toBe('evals/nightly.json: job "a": maxCost needs the price of model "m"');
    expect(renderErrorText(wrapped.template.message, flagOf)).toBe('evals/nightly.json: job "a": --max-cost needs the price of model "m"');
    expect(renderErrorText('a path named maxCost or <maxCost>', flagOf)).toBe('a path named maxCost or <maxCost>');
  });
});
