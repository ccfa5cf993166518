import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

interface TrialJson {
  id: number;
  state: string;
  config: Record<string, unknown>;
  rungs: {
    questions: number;
    objectives: Record<string, number | null>;
    objective_se: Record<string, number | null> | null;
  }[];
}
interface StudyJson {
  study: string;
  best: { id: number; config: Record<string, unknown>; pick_reason?: string } | null;
  trials: TrialJson[];
}

/** One cold tuning run: a fresh folder, so a fresh stage cache and a fresh study store. */
function coldTune(): { out: StudyJson; cwd: string } {
  const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-repro-'));
  const result = runCli(
    [
      '--dataset',
      'demo',
      '--seed',
      '7',
      '--budget',
      '12',
      '--objectives',
      'quality,retrieval,latency,cost',
      '--json',
      'out.json',
    ],
    { cwd },
  );
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return { out: JSON.parse(readFileSync(join(cwd, 'out.json'), 'utf8')) as StudyJson, cwd };
}

describe('tune with --seed repeats on a cold rerun', () => {
  it('makes the same pruning decisions and the same pick when latency is an objective', () => {
    const { out: first, cwd } = coldTune();
    const second = coldTune().out;
    // Latency is measured afresh each time (cold caches), so the runs differ in their timings...
    const latencies = (out: StudyJson) => out.trials.flatMap((t) => t.rungs.map((r) => r.objectives.latency));
    expect(latencies(first)).not.toEqual(latencies(second));
    // ...but not in any decision: every trial has the same configuration and ends in the same
    // state (complete = promoted through every rung, pruned = stopped at the same rung).
    const decisions = (out: StudyJson) =>
      out.trials.map((t) => ({ id: t.id, state: t.state, rungs: t.rungs.length, config: t.config }));
    expect(decisions(second)).toEqual(decisions(first));
    expect(first.trials).toHaveLength(12);
    // Pruning really decided something: some trials stopped early, some went to the last rung.
    expect(first.trials.filter((t) => t.state === 'pruned').length).toBeGreaterThanOrEqual(6);
    expect(first.trials.filter((t) => t.state === 'complete').length).toBeGreaterThanOrEqual(2);
    // The same pick, for the same reason (its measured figures differ, like every trial's).
    const pick = (out: StudyJson) => ({ id: out.best?.id, config: out.best?.config, reason: out.best?.pick_reason });
    expect(pick(second)).toEqual(pick(first));
    expect(first.best).not.toBeNull();
    // `show` prints why the best won when a rival tied it within noise.
    const bestLine = runCli(['show', first.study], { cwd })
      .stdout.split('\n')
      .find((line) => line.startsWith('Best: '));
    expect(bestLine).toContain(`Best: #${first.best!.id} `);
    // On the demo the best has a twin (same answers, equal figures), so the pick is a noise decision.
    expect(first.best!.pick_reason).toMatch(
      /^ties #\d+ within noise; (more questions|better smoothed estimate|better weighted score|lower config hash)$/,
    );
    expect(bestLine).toContain(`[${first.best!.pick_reason}]`);
    // Every rung carries the standard error of its objectives beside them.
    for (const rung of first.trials.flatMap((t) => t.rungs)) {
      expect(Object.keys(rung.objective_se ?? {})).toEqual(['quality', 'retrieval', 'latency', 'cost']);
      expect(rung.objective_se?.cost).toBe(0);
    }
  });
});
