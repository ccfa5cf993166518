import { beforeEach, describe, expect, it } from 'vitest';
import { TuneRagError } from '../../src/errors.js';
import { PostgresConnection } from '../../src/store/postgres-connection.js';
import { POSTGRES_SCHEMA_VERSION } from '../../src/store/postgres-schema.js';
import { PostgresStudyStore } from '../../src/store/postgres-study-store.js';
import { isStoreFailure } from '../../src/store/store-failure.js';
import { PASSWORD_ROLE, type PostgresTestServer, postgresUnavailable, sql } from '../support/postgres-server.js';
import { usePostgresServer } from '../support/postgres-server-hooks.js';
import { runStoreContract } from './store-contract.js';

const unavailable = postgresUnavailable();
if (unavailable) console.warn(unavailable);

let server: PostgresTestServer;
const schemas: string[] = [];
let contractSchema: PostgresConnection | undefined;
/** A store in its own schema (for tests that look at the schema itself). */
function freshStore(schema: string): PostgresStudyStore {
  schemas.push(schema);
  return new PostgresStudyStore({ url: server.url, schema });
}

/**
 * The contract's fresh, empty store per test: one schema emptied before each test (creating a
 * schema per test costs a second of DDL each on a loaded machine).
 */
function emptiedContractStore(): PostgresStudyStore {
  const schema = `contract_${process.pid}`;
  if (!contractSchema) {
    freshStore(schema).close();
    contractSchema = new PostgresConnection({ url: server.url, connectTimeoutMs: 10_000, callTimeoutMs: 30_000 });
  }
  contractSchema.query(`TRUNCATE ${schema}.studies, ${schema}.trials RESTART IDENTITY CASCADE`);
  return new PostgresStudyStore({ url: server.url, schema });
}

function openError(make: () => PostgresStudyStore): TuneRagError {
  try {
    make().close();
  } catch (error) {
    expect(error).toBeInstanceOf(TuneRagError);
    expect((error as TuneRagError).code).toBe('store');
    return error as TuneRagError;
  }
  throw new Error('opening unexpectedly succeeded');
}

describe.skipIf(unavailable !== null)('PostgresStudyStore', () => {
  const pgServer = usePostgresServer(() => {
    contractSchema?.close();
    return schemas;
  });
  beforeEach(() => {
    server = pgServer();
  });

  runStoreContract('PostgresStudyStore', emptiedContractStore);

  it('keeps everything across close and reopen, at the current schema version', async () => {
    const first = freshStore('reopen');
    const study = first.createStudy({ name: 's', settings: { seed: 3 } });
    const trial = first.enqueueTrial({
      studyId: study.id,
      config: { b: 1, a: 2 },
      configHash: 'h',
      proposer: 'grid',
      rationale: '',
    });
    first.claimWaiting({ studyId: study.id, workerId: 'w' });
    const done = first.finishTrial({ trialId: trial.id, state: 'complete', objectives: { quality: 0.5 }, metrics: {} });
    first.close();
    const second = new PostgresStudyStore({ url: server.url, schema: 'reopen' });
    expect(second.getTrial(trial.id)).toEqual(done);
    // Text, not jsonb: the config keeps its key order.
    expect(Object.keys(second.getTrial(trial.id)!.config)).toEqual(['b', 'a']);
    second.close();
    const client = new (await import('pg')).default.Client(server.url);
    await client.connect();
    const { rows } = await client.query('SELECT version FROM reopen.schema_version');
    expect(rows).toEqual([{ version: POSTGRES_SCHEMA_VERSION }]);
    // Finished trials are guarded in the database itself, not only in the class.
    await expect(client.query("UPDATE reopen.trials SET state = 'running'")).rejects.toThrow(/immutable/);
    await expect(client.query('DELETE FROM reopen.trials')).rejects.toThrow(/immutable/);
    await client.end();
  });

  it('refuses a schema newer than this version', async () => {
    freshStore('newer').close();
    await sql(server.url, ['UPDATE newer.schema_version SET version = 99']);
    const error = openError(() => new PostgresStudyStore({ url: server.url, schema: 'newer' }));
    expect(error.message).toMatch(/schema newer\) has store schema version 99, newer than this tune-rag reads \(1\)/);
    expect(error.hint).toMatch(/upgrade tune-rag/);
  });

  it('names the URL without its password when it cannot connect, and says what to do', () => {
    const url = 'postgresql://alice:hunter2-secret@127.0.0.1:1/studies';
    const error = openError(() => new PostgresStudyStore({ url, busyTimeoutMs: 2000 }));
    expect(error.message).toContain(
      'cannot open the PostgreSQL study database postgresql://alice:***@127.0.0.1:1/studies',
    );
    expect(error.hint).toMatch(/start the PostgreSQL server/);
    expect(JSON.stringify({ message: error.message, hint: error.hint, stack: error.stack })).not.toContain('hunter2');
  });

  it('reports a wrong password without echoing it, and works with the right one', () => {
    const wrong = server.passwordUrl('wrong-Pa55word');
    if (!wrong) return; // an external server has no password role
    const error = openError(() => new PostgresStudyStore({ url: wrong }));
    expect(error.message).toContain(`postgresql://${PASSWORD_ROLE.user}:***@127.0.0.1:`);
    expect(error.message).toMatch(/password authentication failed/);
    expect(error.hint).toMatch(/user name and password/);
    expect(`${error.message} ${error.hint} ${error.stack}`).not.toContain('wrong-Pa55word');
    schemas.push('pw');
    const store = new PostgresStudyStore({ url: server.passwordUrl(PASSWORD_ROLE.password)!, schema: 'pw' });
    expect(store.location).not.toContain(PASSWORD_ROLE.password);
    expect(store.createStudy({ name: 'x', settings: {} }).name).toBe('x');
    store.close();
  });

  it('stops with a storage failure when the connection is lost mid-run', async () => {
    const store = freshStore('lost');
    const study = store.createStudy({ name: 's', settings: {} });
    await sql(server.url, [
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'tune-rag' AND pid <> pg_backend_pid()",
    ]);
    let thrown: unknown;
    try {
      store.getSpend(study.id);
    } catch (error) {
      thrown = error;
    }
    expect(isStoreFailure(thrown)).toBe(true);
    expect((thrown as Error).message).toMatch(
      /lost the connection to the PostgreSQL study database postgresql:\/\/tune_rag@127\.0\.0\.1:\d+\/postgres .*the run stopped/,
    );
    store.close();
  });
});
