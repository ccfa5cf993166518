import type { Command } from 'commander';
import { byteSize, nonNegativeInt, positiveInt, shareOrPercent } from './option-parsers.js';
import { LLM_TIMEOUT_HELP, positiveUsd, timeoutSeconds } from './llm-options.js';
import { addMaxDocumentMbOption } from './max-document-mb-option.js';

/** The flags of a tuning run, shared by `tune` and `chat` (which is a tune you can talk to). */
import { CONFIG_FILE_HELP } from './project-file.js';
import { addHeartbeatOptions } from './heartbeat-options.js';

export function addTuneOptions(command: Command): Command {
  return (
    addMaxDocumentMbOption(
      addHeartbeatOptions(command).requiredOption(
        '--dataset <name|dir>',
        'bundled dataset name (e.g. demo) or a dataset path',
      ),
    )
      .option('--budget <n>', 'trials to evaluate (the baseline is trial #0)', positiveInt, 30)
      .option(
        '--proposer <name>',
        'auto | random | grid | tpe | greedy | llm (the LLM agent; with --llm, auto is the agent too)',
        'auto',
      )
      .option(
        '--space <file>',
        "search space JSON (default: the project file's space, else pipelines/default.space.json)",
      )
      .option('--config-file <path>', CONFIG_FILE_HELP)
      .option('--seed <n>', 'fixes every random choice (question order, proposals)', nonNegativeInt, 0)
      .option('--concurrency <n>', 'trials evaluated at once', positiveInt, 1)
      .option('--resume', 'continue the study after a crash or Ctrl-C')
      .option(
        '--study <name>',
        'study name (default: <dataset>-<fingerprint>-<settings hash>; the same command then reopens its own study)',
      )
      .option('--db <file>', 'study database (the same as --storage)')
      .option('--objectives <list>', 'comma-separated: quality, retrieval, latency, cost, ...', undefined)
      .option('--weights <list>', 'e.g. quality=0.7,latency=0.2,cost=0.1')
      .option('--constraint <expr>', 'e.g. "latency_p95_ms<800" (repeatable)', (v: string, prev: string[] = []) => [
        ...prev,
        v,
      ])
      .option('--rungs <fractions>', 'multi-fidelity question fractions', '0.11,0.33,1')
      .option('--no-fidelity', 'evaluate every trial on all questions')
      .option('--questions <n>', 'tune on a seeded sample of n questions (default: all)', positiveInt)
      .option('--eta <n>', 'successive halving: keep the top 1/eta at each rung', positiveInt, 3)
      // No commander default: on --resume, a --pruner that was typed must match the stored one.
      .option(
        '--pruner <name>',
        'successive-halving | median | none: who stops trials between rungs (default successive-halving; stored with the study)',
      )
      .option(
        '--max-failure-rate <share>',
        'a trial with more failed questions than this (e.g. 0.2 or 20%) is failed, not ranked (default 20%; stored with the study)',
        shareOrPercent,
      )
      .option('--json <file>', 'write {study, best, pareto, trials} to this file')
      .option('--out <dir>', 'folder for best.json and pareto.json (default .tune-rag/studies/<study>)')
      .option('--cache-dir <dir>', 'stage cache folder (default .tune-rag/cache)')
      .option(
        '--cache-budget <size>',
        'keep the stage cache at most this size (e.g. 2GB): least recently used entries go after each trial, never what a running trial uses',
        byteSize,
      )
      .option(
        '--llm <provider:model>',
        'add the LLM generator (with prompt and temperature) and the LLM reranker to the default space, e.g. openai:gpt-4o-mini',
      )
      .option('--llm-embed <provider:model>', 'also add embedder llm-embed:<model>, e.g. openai:text-embedding-3-small')
      .option(
        '--max-cost <usd>',
        "the study's LLM spending cap in USD, over all its runs (stored with the study; a resume continues from what was spent)",
        positiveUsd,
      )
      .option(
        '--prices <file>',
        'JSON price table {"model": {"inputPer1M": usd, "outputPer1M": usd}} for models without a built-in price (Ollama, vLLM, Azure deployments)',
      )
      .option('--llm-timeout <seconds>', LLM_TIMEOUT_HELP, timeoutSeconds)
      .option('--judge', 'score every trial with the --llm model as judge (judge_* metrics; objective judge)')
      .option(
        '--judge-with <name>',
        'score every trial with a judge the project file registers (components.judges[].name)',
      )
      .option(
        '--generate-qa <n>',
        'first generate n questions (offline generator, --seed) from the documents of --dataset and tune on them; a second run reuses them',
        positiveInt,
      )
  );
}
