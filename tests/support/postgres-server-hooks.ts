import { afterAll, beforeAll } from 'vitest';
import { type PostgresTestServer, sql, startPostgresServer } from './postgres-server.js';

/**
 * Starts one throwaway PostgreSQL server for the enclosing describe block (call it inside a
 * `describe.skipIf(postgresUnavailable() !== null)`), and stops it afterwards, first dropping
 * the schemas the tests used (they matter on a shared TUNE_RAG_TEST_POSTGRES_URL server).
 * Returns a getter, valid inside tests.
 */
export function usePostgresServer(schemas: () => string[]): () => PostgresTestServer {
  let server: PostgresTestServer | undefined;
  beforeAll(async () => {
    server = await startPostgresServer();
  });
  afterAll(async () => {
    if (!server) return;
    const used = schemas();
    if (used.length)
      await sql(
        server.url,
        used.map((schema) => `DROP SCHEMA IF EXISTS "${schema}" CASCADE`),
      );
    server.stop();
  });
  return () => {
    if (!server) throw new Error('the PostgreSQL test server is not started yet (use it inside a test)');
    return server;
  };
}
