import { describe, expect, it } from 'vitest';
import { isTuneRagError } from '../../../src/errors.js';
import { loadTabularTasks } from '../../../bench/tabular/load-tabular-tasks.js';
import { syntheticGrid, writeCsv } from './tabular-fixtures.js';

type LoadOptions = Parameters<typeof loadTabularTasks>[0];

async function expectError(
  overrides: Partial<LoadOptions> & { csv?: string },
  message: RegExp,
  hint?: RegExp,
): Promise<void> {
  const { csv = syntheticGrid(), ...rest } = overrides;
  const path = rest.path ?? writeCsv('table.csv', csv);
  const error = await loadTabularTasks({
    label: 'table.csv',
    taskColumn: 'Task',
    task: 'dev',
    objective: 'score',
    ...rest,
    path,
  }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isTuneRagError(error)).toBe(true);
  expect((error as Error).message).toMatch(message);
  if (hint) expect((error as { hint?: string }).hint).toMatch(hint);
}

const header = 'Task,Model Name,Chunk Size,Mode,score,latency';

describe('tabular input errors name the file, flag and column', () => {
  it('unknown objective column, with a suggestion and the columns', () =>
    expectError(
      { objective: 'scroe' },
      /--objective "scroe": no such column in table\.csv\. Did you mean "score"\? Columns: Task, Model Name, Chunk Size, Mode, score, latency/,
    ));

  it('unknown task column and parameter column', async () => {
    await expectError(
      { taskColumn: 'task' },
      /--task-column "task": no such column in table\.csv\. Did you mean "Task"\?/,
    );
    await expectError(
      { params: ['Model Name', 'Chunk Sise'] },
      /--params "Chunk Sise": no such column.*Did you mean "Chunk Size"\?/,
    );
  });

  it('unknown task or test task, listing the tasks there are', async () => {
    await expectError(
      { task: 'dve' },
      /--task "dve": no row of table\.csv has Task = "dve"\. Did you mean "dev"\? Tasks: dev, test/,
    );
    await expectError(
      { testTask: 'tset' },
      /--test-task "tset": no row of table\.csv has Task = "tset".*Tasks: dev, test/,
    );
  });

  it('an objective cell that is not a number, with its line', () =>
    expectError(
      { csv: `${header}\ndev,a,1,x,0.5,1\ndev,b,1,x,n/a,2\n` },
      /table\.csv:3: objective column "score" holds "n\/a", not a number/,
    ));

  it('malformed CSV: a row with too many cells, an unterminated quote', async () => {
    await expectError(
      { csv: `${header}\ndev,a,1,x,0.5,1\ndev,b,1,x,0.6,2,extra\n` },
      /table\.csv:3: .*record length/i,
      /number of cells/,
    );
    await expectError({ csv: `${header}\ndev,"a,1,x,0.5,1\n` }, /table\.csv(:\d+)?: .*quote/i);
  });

  it('a missing file', () =>
    expectError({ path: '/no/such/dir/table.csv' }, /cannot read table\.csv .*file not found/));

  it('a header with a repeated or empty column', async () => {
    await expectError({ csv: 'Task,score,score\ndev,1,2\n' }, /table\.csv:1: column "score" appears twice/);
    await expectError({ csv: 'Task,,score\ndev,1,2\n' }, /table\.csv:1: header column 2 has no name/);
  });

  it('asks for --params when a text column has too many values to tell', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => `dev,m${i % 2},run-${i},${i / 10}`);
    await expectError(
      { csv: ['Task,Model,Run,score', ...rows].join('\n') },
      /cannot tell whether column\(s\) "Run" of table\.csv are parameters/,
      /--params "Model,Run"/,
    );
  });

  it('asks for --params when inferred columns do not tell rows apart, and averages repeats when they are given', async () => {
    const csv = `Task,Model,Seed,score\ndev,a,1,0.2\ndev,a,2,0.4\ndev,b,1,0.6\ndev,b,2,0.8\n`;
    // Seed has two values so it is inferred as a parameter: rows are distinct and nothing fails.
    const inferred = await loadTabularTasks({
      path: writeCsv('seeds.csv', csv),
      label: 'seeds.csv',
      taskColumn: 'Task',
      task: 'dev',
      objective: 'score',
    });
    expect(inferred.params.map((p) => p.column)).toEqual(['Model', 'Seed']);
    const averaged = await loadTabularTasks({
      path: writeCsv('seeds.csv', csv),
      label: 'seeds.csv',
      taskColumn: 'Task',
      task: 'dev',
      objective: 'score',
      params: ['Model'],
    });
    expect(averaged.dev.configs).toHaveLength(2);
    expect(averaged.dev.lookup({ model: 'a' })).toBeCloseTo(0.3, 12);
    const repeated =
      `Task,Model,score,latency\ndev,a,0.2,10.5\ndev,a,0.4,11.25\n` +
      Array.from({ length: 10 }, (_, i) => `dev,b,0.${i},${20 + i * 1.5}`).join('\n');
    await expectError(
      { csv: repeated },
      /rows of task "dev" in table\.csv repeat the same values of the inferred parameter columns Model/,
      /--params/,
    );
  });

  it('rejects --params naming the objective or task column', async () => {
    await expectError({ params: ['Mode', 'score'] }, /--params includes "score", which is the objective column/);
    await expectError({ params: ['Task'] }, /--params includes "Task", which is the task column/);
  });
});
