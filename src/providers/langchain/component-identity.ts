import type { ComponentCalls } from '../../llm/component-calls.js';
import type { ComponentParameter } from '../component-parameter.js';

/** What every LangChain.js adapter is registered with. */
export interface LangchainComponentOptions {
  name: string;
  /** Every call of the component goes through it (timeouts, retries, breaker, accounting). */
  calls: ComponentCalls;
  /** Bump when outputs would change for the same name and settings: part of its stage's cache key. */
  version?: string;
  description?: string;
  /** Its own parameters (`<name>.<knob>`); their values reach it as settings. */
  parameters?: readonly ComponentParameter[];
}

/** What an adapter shows of itself: name, versioned identity, description, own parameters. */
export interface ComponentIdentity {
  name: string;
  version: string;
  description: string;
  parameters: readonly ComponentParameter[];
}

/**
 * The identity of an adapter of `kind` (e.g. "retriever"): the version is prefixed with the
 * adapter's own (`langchain-retriever-1:`), so a change of the adapter re-keys what it made.
 */
export function identityOf(options: LangchainComponentOptions, kind: string, adapterVersion = 1): ComponentIdentity {
  return {
    name: options.name,
    version: `langchain-${kind.replaceAll(' ', '-')}-${adapterVersion}:${options.version ?? '1'}`,
    description: options.description ?? `LangChain.js ${kind} "${options.name}"`,
    parameters: options.parameters ?? [],
  };
}

/**
 * What every adapter class shares: its identity, taken from the options it was registered with
 * (see {@link identityOf}), so each adapter only adds what it does.
 */
export abstract class LangchainComponent implements ComponentIdentity {
  readonly name: string;
  readonly version: string;
  readonly description: string;
  readonly parameters: readonly ComponentParameter[];

  protected constructor(options: LangchainComponentOptions, kind: string) {
    ({
      name: this.name,
      version: this.version,
      description: this.description,
      parameters: this.parameters,
    } = identityOf(options, kind));
  }
}
