import { optionRef, TuneRagError } from '../../errors.js';
import type { Config } from '../../space/parameter-schema.js';
import type { UserSpaceSpec } from '../../space/user-space.js';

/** What a user pipeline is called with for one question. */
export interface UserPipelineRequest {
  question: string;
  /** The trial's configuration: values of the parameters the pipeline's space declares. */
  config: Config;
}

/**
 * What a user pipeline returns for one question. `contexts` are what it retrieved, best first:
 * strings, `{ text, id?, doc_id?, metadata? }` objects, or LangChain `Document`s
 * (`{ pageContent, metadata, id? }`). `usage` is optional: without it tokens count 0 and cost is
 * unknown (null), never a silent 0.
 */
export interface UserPipelineOutput {
  /** The answer; null (or left out) for a retrieval-only pipeline. */
  answer?: string | null | { content: string };
  contexts: readonly (
    | string
    | UserContext
    | { pageContent: string; metadata?: Record<string, unknown>; id?: string }
  )[];
  usage?: { promptTokens?: number; completionTokens?: number; costUsd?: number | null };
}

/** A retrieved passage: its text and, when known, the id of the corpus document it comes from. */
export interface UserContext {
  text: string;
  id?: string;
  doc_id?: string;
  metadata?: Record<string, unknown>;
}

/** A pipeline as a plain function: one question and configuration in, answer and contexts out. */
export type UserPipelineFunction = (
  input: UserPipelineRequest & { signal?: AbortSignal },
) => UserPipelineOutput | Promise<UserPipelineOutput>;

/**
 * The part of a LangChain `Runnable` tune-rag uses: `invoke(input, options)`. It is invoked with
 * `{ question, config }` as input and the configuration also as `configurable`, so a runnable
 * reading `{ question }` and `RunnableConfig.configurable` works as well.
 */
export interface RunnableLike {
  invoke(
    input: UserPipelineRequest,
    options?: { configurable?: Config; signal?: AbortSignal },
  ): Promise<unknown> | unknown;
  getName?(): string;
}

/** A pipeline with its name, version and declared parameters: what `pipeline` options take at best. */
export interface UserPipelineDeclaration {
  /** Names the pipeline in reports and cache keys (lower-case words joined by - or _ or .). */
  name: string;
  /**
   * Bump it whenever the pipeline's behaviour changes: cached per-question results are keyed by
   * name, version, configuration and question. Without a version nothing is cached across runs
   * (only within one runner), because tune-rag cannot tell that your code changed.
   */
  version?: string;
  /** The function or LangChain Runnable that answers one question. */
  run: UserPipelineFunction | RunnableLike;
  /** Its parameters, declared like a space file (`group` may be left out; default "pipeline"). */
  space?: UserSpaceSpec;
  /** Values of the baseline configuration (trial #0); parameters left out take their neutral value. */
  baseline?: Config;
  /** Milliseconds one question may take; a slower call is a failed question (default: no limit). */
  timeoutMs?: number;
}

/** What a `pipeline` option accepts: a declaration, a function, or a LangChain Runnable. */
export type UserPipelineInput = UserPipelineDeclaration | UserPipelineFunction | RunnableLike;

/** A user pipeline in the one shape the runner uses (see {@link toUserPipeline}). */
export interface UserPipeline {
  name: string;
  /** Null: not declared, so results are not cached across runs. */
  version: string | null;
  space?: UserSpaceSpec;
  baseline: Config;
  timeoutMs?: number;
  /** Calls the function or invokes the runnable for one question. */
  call(input: UserPipelineRequest, signal?: AbortSignal): Promise<unknown>;
  /** Marks an already normalised pipeline, so passing one again is a no-op. */
  readonly normalised: true;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Normalises what a `pipeline` option was given (a declaration, a plain function or a LangChain
 * Runnable) into a {@link UserPipeline}. A bare function or runnable is named after itself
 * (`fn.name`, `runnable.getName()`) and has no version.
 *
 * @throws TuneRagError ('config') naming `pipeline` (or its key) when the value has none of these shapes.
 */
export function toUserPipeline(input: UserPipelineInput | UserPipeline): UserPipeline {
  if (isNormalised(input)) return input;
  if (typeof input === 'function') return normalise({ name: input.name || 'user-pipeline', run: input });
  if (isRunnable(input)) return normalise({ name: input.getName?.() || 'runnable', run: input });
  if (input && typeof input === 'object' && 'run' in input) return normalise(input, true);
  throw new TuneRagError(
    'config',
    `${optionRef('pipeline')} must be a function ({ question, config }) => { answer, contexts }, a LangChain Runnable, or { name, version, run, space }`,
  );
}

function normalise(declaration: UserPipelineDeclaration, declared = false): UserPipeline {
  const { run } = declaration;
  const key = (name: string) => optionRef(declared ? `pipeline.${name}` : 'pipeline');
  if (typeof declaration.name !== 'string' || !NAME.test(declaration.name))
    throw new TuneRagError('config', `${key('name')} must be a name of letters, digits, ".", "-" or "_"`, {
      hint: `e.g. { name: 'my-rag', version: '1', run }`,
    });
  if (declaration.version !== undefined && (typeof declaration.version !== 'string' || declaration.version === ''))
    throw new TuneRagError('config', `${key('version')} must be a non-empty string, e.g. '1'`);
  const timeoutMs = declaration.timeoutMs;
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0))
    throw new TuneRagError('config', `${key('timeoutMs')} must be a positive number of milliseconds`);
  let call: UserPipeline['call'];
  if (typeof run === 'function') call = async (input, signal) => run({ ...input, signal });
  else if (isRunnable(run))
    call = async (input, signal) => run.invoke(input, { configurable: input.config, ...(signal ? { signal } : {}) });
  else throw new TuneRagError('config', `${key('run')} must be a function or a LangChain Runnable (with invoke)`);
  return {
    name: declaration.name,
    version: declaration.version ?? null,
    space: declaration.space,
    baseline: declaration.baseline ?? {},
    timeoutMs,
    call,
    normalised: true,
  };
}

function isRunnable(value: unknown): value is RunnableLike {
  return typeof value === 'object' && value !== null && typeof (value as RunnableLike).invoke === 'function';
}

function isNormalised(value: unknown): value is UserPipeline {
  return typeof value === 'object' && value !== null && (value as UserPipeline).normalised === true;
}
