import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { CacheHealth } from '../../src/cache/cache-health.js';
import { sha256Hex } from '../../src/cache/checksum.js';
import { STAGE_TABLE } from '../../src/pipeline/stage-cache.js';
import { runConfiguration, type Dataset } from '../../src/index.js';
import { oraclePipeline, singleSpanDemo } from '../support/oracle-pipeline.js';

const tempDir = useTempDirs('tune-rag-user-cache-');

let dataset: Dataset;
beforeAll(async () => {
  dataset = await singleSpanDemo();
});

const stagesDb = (cwd: string) => join(cwd, '.tune-rag', 'cache', 'stages.db');

describe('per-question results of a user pipeline in the stage cache', () => {
  it('a second run calls the pipeline 0 times and scores the same, recorded latency included', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    const config = { answer: 'exact', k: 2 };
    const cold = await runConfiguration({ dataset, cwd, pipeline: declaration, config, questions: 30 });
    expect(counter.calls).toBe(30);
    const warm = await runConfiguration({ dataset, cwd, pipeline: declaration, config, questions: 30 });
    expect(counter.calls).toBe(30);
    expect(warm.stageExecutions).toEqual({ pipeline: 0 });
    expect(warm.metrics).toEqual(cold.metrics);
    // Another configuration, another version or another name is another key: called again.
    await runConfiguration({ dataset, cwd, pipeline: declaration, config: { answer: 'exact', k: 3 }, questions: 30 });
    expect(counter.calls).toBe(60);
    const bumped = oraclePipeline(dataset, { version: '2' });
    await runConfiguration({ dataset, cwd, pipeline: bumped.declaration, config, questions: 30 });
    expect(bumped.counter.calls).toBe(30);
    const renamed = oraclePipeline(dataset);
    await runConfiguration({
      dataset,
      cwd,
      pipeline: { ...renamed.declaration, name: 'oracle-b' },
      config,
      questions: 30,
    });
    expect(renamed.counter.calls).toBe(30);
  });

  it('an unversioned pipeline is not cached across runs', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    const unversioned = { ...declaration, version: undefined };
    await runConfiguration({ dataset, cwd, pipeline: unversioned, config: { k: 1 }, questions: 10 });
    await runConfiguration({ dataset, cwd, pipeline: unversioned, config: { k: 1 }, questions: 10 });
    expect(counter.calls).toBe(20);
    const db = new Database(stagesDb(cwd), { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM ${STAGE_TABLE} WHERE stage = 'pipeline'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('corrupt entries (a flipped byte, or a well-formed entry of the wrong shape) are detected and recomputed', async () => {
    const cwd = tempDir();
    const { declaration, counter } = oraclePipeline(dataset);
    const config = { answer: 'exact', k: 1 };
    const cold = await runConfiguration({ dataset, cwd, pipeline: declaration, config, questions: 10 });
    const db = new Database(stagesDb(cwd));
    const rows = db
      .prepare(`SELECT key, value, cost FROM ${STAGE_TABLE} WHERE stage = 'pipeline' ORDER BY key`)
      .all() as {
      key: string;
      value: Buffer;
      cost: string;
    }[];
    expect(rows).toHaveLength(10);
    // Row 0: one byte flipped, its checksum no longer matches.
    const flipped = Buffer.from(rows[0].value);
    flipped[2] ^= 0x01;
    db.prepare(`UPDATE ${STAGE_TABLE} SET value = ? WHERE stage = 'pipeline' AND key = ?`).run(flipped, rows[0].key);
    // Row 1: valid JSON with a valid checksum, but not a pipeline result.
    const wrong = Buffer.from(JSON.stringify({ answer: 5 }));
    db.prepare(`UPDATE ${STAGE_TABLE} SET value = ?, checksum = ? WHERE stage = 'pipeline' AND key = ?`).run(
      wrong,
      sha256Hex(rows[1].cost, '\n', wrong),
      rows[1].key,
    );
    db.close();
    const health = new CacheHealth();
    const warm = await runConfiguration({
      dataset,
      cwd,
      pipeline: declaration,
      config,
      questions: 10,
      cacheHealth: health,
    });
    expect(health.report().corrupt_by_kind.stage).toBe(2);
    expect(warm.stageExecutions).toEqual({ pipeline: 2 });
    expect(counter.calls).toBe(12);
    expect(warm.scores).toEqual(cold.scores);
  });
});
