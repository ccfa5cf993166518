import { basename, resolve } from 'node:path';
import type { CacheHealth } from '../cache/cache-health.js';
import type { ComponentCalls } from '../llm/component-calls.js';
import { loadPriceTable } from '../llm/price-table.js';
import { findProjectFile, loadProjectFile, type LoadedProject } from '../project/load-project-file.js';
import { ComponentRegistry } from '../providers/component-registry.js';
import type { SearchSpace } from '../space/parameter-schema.js';
import { TuneRagError } from '../errors.js';
import { toUserPipeline, type UserPipelineInput } from '../pipeline/user/user-pipeline.js';
import type { CliIo } from './cli-io.js';
import { setUpLlm, type LlmFlags, type LlmRun } from './llm-options.js';

/** `--config-file` and the LLM flags: what every command that runs pipelines takes. */
export type ComponentFlags = LlmFlags & { configFile?: string };

/** The `--config-file` help text, shared by tune, chat, run, eval and space. */
export const CONFIG_FILE_HELP =
  'project file registering your LangChain.js components (default: tune-rag.config.{ts,mjs,js,json} in the working directory)';

/** The components of one command: the LLM setup (with --llm), the project file, and the registry both filled. */
export interface CommandComponents {
  llm: LlmRun | null;
  project: LoadedProject | null;
  /** undefined: nothing registered (the workspace uses the local components). */
  registry: ComponentRegistry | undefined;
  calls: ComponentCalls | null;
  /** The project's `pipeline`, checked: tuned instead of the built-in pipeline. */
  pipeline: UserPipelineInput | undefined;
  /** `--space`, else the project's space, else undefined (the default space). */
  space: string | SearchSpace | undefined;
  close(): void;
}

/**
 * Loads the project file (`--config-file`, else one found in the working directory) and the LLM
 * flags, and registers both into one registry before the workspace is built. `--max-cost`,
 * `--prices` and `--llm-timeout` also apply to the project's LangChain.js components, so they
 * need no `--llm` when a project registers components. Throws TuneRagError naming the file and key.
 */
export async function setUpComponents(
  flags: ComponentFlags & { space?: string },
  io: CliIo,
  cacheHealth?: CacheHealth,
): Promise<CommandComponents> {
  const found = flags.configFile === undefined ? findProjectFile(io.cwd) : resolve(io.cwd, flags.configFile);
  const project = found ? await loadProjectFile({ file: found, label: flags.configFile ?? basename(found) }) : null;
  const langchain = project?.project.components;
  const llm = setUpLlm(flags, io, cacheHealth, { componentsRegistered: langchain !== undefined });
  let registry = llm?.registry;
  let calls: ComponentCalls | null = null;
  if (langchain) {
    registry ??= new ComponentRegistry();
    const prices =
      flags.prices === undefined
        ? undefined
        : loadPriceTable({ file: resolve(io.cwd, flags.prices), label: flags.prices });
    // Loaded only here: it brings @langchain/core, which a run without a project file never needs.
    const { registerLangchainComponents } = await import('../project/register-langchain.js');
    calls = registerLangchainComponents(registry, langchain, {
      maxCostUsd: flags.maxCost,
      prices,
      ...(flags.llmTimeout === undefined ? {} : { timeoutMs: Math.round(flags.llmTimeout * 1000) }),
    });
  }
  return {
    llm,
    project,
    registry,
    calls,
    pipeline: project ? projectPipeline(project) : undefined,
    space: flags.space ?? project?.space ?? undefined,
    close: () => llm?.close(),
  };
}

/** The project file's `pipeline`, normalised; its errors name the file, as the schema's do. */
function projectPipeline(project: LoadedProject): UserPipelineInput | undefined {
  const input = project.project.pipeline as UserPipelineInput | undefined;
  if (input === undefined) return undefined;
  try {
    toUserPipeline(input);
    return input;
  } catch (error) {
    if (!(error instanceof TuneRagError)) throw error;
    throw new TuneRagError('config', `${basename(project.file)}: ${error.message}`, { hint: error.hint });
  }
}
