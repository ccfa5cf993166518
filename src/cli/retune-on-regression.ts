import { join } from 'node:path';
import type { EvalJobResult } from '../regression/eval-result.js';
import type { Proposal } from '../optimize/proposers/proposer.js';
import { Study } from '../optimize/study.js';
import { summarizeStudy } from '../optimize/study-summary.js';
import { openStudyStorage, resolveStudyStorage, studyStorageExists } from '../store/open-study-storage.js';
import type { CliIo } from './cli-io.js';
import { tuneAndReport } from './command-tune.js';
import { cliCacheHealth } from './cache-health-lines.js';

/**
 * `tune-rag eval --retune-on-regression`: for each regressed job, starts a tuning study on the
 * job's dataset, warm-started with the previous baseline, the configuration that regressed and
 * (when the baseline came from a study) that study's five best configurations, so the search
 * begins from what used to work instead of from scratch.
 */
export async function retuneRegressed(options: {
  results: EvalJobResult[];
  budget: number;
  io: CliIo;
  db?: string;
  cacheDir?: string;
}): Promise<string[]> {
  const { io } = options;
  const started: string[] = [];
  for (const result of options.results.filter((r) => r.regressed)) {
    // The job name is at most 100 characters; 60 keep the study name within the same limit.
    const study = `${result.name.slice(0, 60)}-retune-${new Date(result.startedAt).toISOString().replace(/[-:]/g, '').slice(0, 15)}`;
    const warmStart: Proposal[] = [
      {
        config: result.baseline.config,
        rationale: `warm start: the baseline the regression was measured against (${result.baseline.source})`,
      },
      {
        config: result.candidate.config,
        rationale: `warm start: the configuration that regressed (${result.candidate.source})`,
      },
      ...previousStudyBest(result.baseline.source, options.io, options.db),
    ];
    io.out(
      `\nre-tuning ${result.name} on ${result.dataset.spec}: study ${study}, budget ${options.budget}, warm-started with ${warmStart.length} configurations`,
    );
    // The CLI's tune defaults (proposer auto, rungs 0.11,0.33,1, eta 3), printed like `tune`.
    await tuneAndReport(
      {
        options: {
          dataset: result.dataset.spec,
          cwd: io.cwd,
          budget: options.budget,
          budgetExplicit: false,
          seed: result.seed,
          study,
          storage: options.db,
          cacheDir: options.cacheDir,
          warmStart,
        },
      },
      io,
      null,
      cliCacheHealth(io),
    );
    started.push(study);
  }
  return started;
}

function previousStudyBest(source: string, io: CliIo, db?: string): Proposal[] {
  const match = /^study:(.+)#\d+$/.exec(source);
  if (!match) return [];
  const path = resolveStudyStorage({ storage: db, cwd: io.cwd, workspaceDir: join(io.cwd, '.tune-rag') });
  if (!studyStorageExists(path)) return [];
  const store = openStudyStorage(path);
  try {
    const study = Study.open({ store, name: match[1] });
    if (!study) return [];
    return summarizeStudy(study)
      .leaderboard.slice(0, 5)
      .map(({ trial }) => ({ config: trial.config, rationale: `warm start: #${trial.number} of study ${match[1]}` }));
  } finally {
    store.close();
  }
}
