import { stableHash } from '../../json/canonical-json.js';
import type { ParamValue } from '../../space/parameter-schema.js';

/** A component's own knob values, by knob name (`k`), as a configuration gives them (`my_bm25.k`). */
export type ComponentSettings = Readonly<Record<string, ParamValue>>;

/**
 * The prefix of a component's own parameters: `<name>.` with hyphens as underscores, because
 * parameter names are lower-case words joined by dots (`use-lite` declares `use_lite.batch`).
 */
export function parameterPrefix(component: string): string {
  return `${component.replaceAll('-', '_')}.`;
}

/** Something given either as itself or as a function of the component's settings. */
export type BySettings<T> = T | ((settings: ComponentSettings) => T | Promise<T>);

/**
 * Resolves a `BySettings` value once per distinct settings: a model built for `{k: 8}` is
 * reused by every question of every trial with `k = 8`.
 */
export class PerSettings<T> {
  readonly #made = new Map<string, Promise<T>>();

  constructor(private readonly source: BySettings<T>) {}

  get(settings: ComponentSettings): Promise<T> {
    const key = stableHash(settings);
    let made = this.#made.get(key);
    if (!made) {
      const { source } = this;
      // A ready value (an Embeddings, a chat model) is an object; a factory is a plain function.
      made = Promise.resolve(typeof source === 'function' ? (source as (s: ComponentSettings) => T)(settings) : source);
      this.#made.set(key, made);
    }
    return made;
  }
}
