// Steering from another process (what `tune-rag chat` does) reaches every worker through the store.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareTuning, type PreparedTuning } from '../../src/api/prepare-tuning.js';
import { spawnCli, type SpawnedCli } from '../support/spawn-cli.js';
import { sqliteTrialRows, startedTrials } from '../support/study-rows.js';

describe('steering a study two tune-rag workers run', () => {
  const spawned: SpawnedCli[] = [];
  let prepared: PreparedTuning | undefined;
  afterAll(() => {
    for (const cli of spawned)
      if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    prepared?.store.close();
  });

  it('a pin stored mid-run holds in every trial either worker proposes after it', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'tune-rag-workers-steer-'));
    const db = join(cwd, '.tune-rag', 'tune-rag.db');
    prepared = await prepareTuning({
      cwd,
      dataset: 'demo',
      study: 'steer',
      budget: 10,
      proposer: 'random',
      seed: 8,
      fidelity: false,
      questions: 16,
    });
    const args = ['worker', '--study', 'steer', '--heartbeat-interval', '0.5', '--heartbeat-grace', '2'];
    const workers = [spawnCli(args, { cwd }), spawnCli(args, { cwd })];
    spawned.push(...workers);
    await Promise.all(workers.map((w) => w.until((out) => startedTrials(out).length >= 1)));

    // This process is the chat: its own connection, its own steering session on the live study.
    const reply = prepared.steering.apply({ type: 'pin', param: 'top_k', value: 3 }, '/pin top_k=3');
    expect(reply.ok, reply.text).toBe(true);
    const lastBefore = Math.max(...sqliteTrialRows(db).map((r) => r.number));
    for (const w of workers) expect(await w.exited, w.stderr()).toBe(0);

    const after = prepared.study.trials().filter((t) => t.number > lastBefore);
    expect(after.length).toBeGreaterThan(0);
    expect(after.map((t) => t.config.top_k)).toEqual(after.map(() => 3));
    // Both workers evaluated trials proposed under the pin.
    for (const w of workers) expect(startedTrials(w.stdout()).some((n) => n > lastBefore)).toBe(true);
  }, 240_000);
});
