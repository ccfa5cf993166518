import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a temp dir, `pg_ctl` on
 * a free loopback port (its unix socket in the same dir), trust auth for the superuser
 * `tune_rag` and a password-only role for the tests of password handling. As root (CI) the
 * server runs as the `postgres` user (or `nobody`), since initdb and postgres refuse root.
 *
 * `TUNE_RAG_TEST_POSTGRES_URL` points the tests at an existing server instead (nothing is
 * started or stopped; the password role is then unavailable).
 */
export const TEST_POSTGRES_URL_ENV = 'TUNE_RAG_TEST_POSTGRES_URL';

/** The role that must log in with a password (scram-sha-256) on a started cluster. */
export const PASSWORD_ROLE = { user: 'tune_rag_pw', password: 'pw-s3cret-Qx7' };

export interface PostgresTestServer {
  /** Superuser URL (trust auth), database `postgres`. */
  url: string;
  /** The same server as `PASSWORD_ROLE`, or null on an external server. */
  passwordUrl: (password: string) => string | null;
  stop(): void;
}

/** A PostgreSQL binary: on PATH, else in Debian's /usr/lib/postgresql/<version>/bin (newest first). */
export function findPostgresBinary(name: string): string | null {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian))
    dirs.push(
      ...readdirSync(debian)
        .sort((a, b) => Number(b) - Number(a))
        .map((version) => join(debian, version, 'bin')),
    );
  return dirs.map((dir) => join(dir, name)).find((path) => existsSync(path)) ?? null;
}

/** Why PostgreSQL tests cannot run here (null when they can), for describe.skipIf and its console note. */
export function postgresUnavailable(): string | null {
  if (process.env[TEST_POSTGRES_URL_ENV]) return null;
  if (findPostgresBinary('initdb') && findPostgresBinary('pg_ctl')) return null;
  return `PostgreSQL tests skipped: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin, and ${TEST_POSTGRES_URL_ENV} is not set (apt-get install postgresql, or point it at a server)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** initdb and postgres refuse to run as root: pick an unprivileged account to run them as. */
function serverAccount(): { user: string; uid: number; gid: number } | null {
  if (userInfo().uid !== 0) return null;
  for (const user of ['postgres', 'nobody']) {
    try {
      const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' })));
      return { user, uid, gid };
    } catch {
      // No such account: try the next.
    }
  }
  throw new Error('running as root, and neither a postgres nor a nobody account exists to run PostgreSQL as');
}

/**
 * Starts a cluster (or uses `TUNE_RAG_TEST_POSTGRES_URL`). `fsync` defaults to off: tests need
 * no crash safety of their throwaway server; benchmarks pass true to measure real commits.
 */
export async function startPostgresServer(options: { fsync?: boolean } = {}): Promise<PostgresTestServer> {
  const external = process.env[TEST_POSTGRES_URL_ENV];
  if (external) return { url: external, passwordUrl: () => null, stop: () => {} };
  const initdb = findPostgresBinary('initdb');
  const pgCtl = findPostgresBinary('pg_ctl');
  if (!initdb || !pgCtl) throw new Error(postgresUnavailable() ?? 'no PostgreSQL binaries');
  const dir = mkdtempSync(join(tmpdir(), 'tune-rag-pg-'));
  const account = serverAccount();
  if (account) chownSync(dir, account.uid, account.gid);
  const run = (binary: string, args: string[]) =>
    execFileSync(account ? 'runuser' : binary, account ? ['-u', account.user, '--', binary, ...args] : args, {
      cwd: dir,
      stdio: 'pipe',
    });
  const data = join(dir, 'data');
  run(initdb, ['-D', data, '-U', 'tune_rag', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--no-locale']);
  // First match wins: the password role must authenticate even though everyone else is trusted.
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(hba, `host all ${PASSWORD_ROLE.user} 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
  const port = await freePort();
  const settings = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${options.fsync ? 'on' : 'off'}`;
  run(pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings, 'start']);
  const url = `postgresql://tune_rag@127.0.0.1:${port}/postgres`;
  await sql(url, [
    `CREATE ROLE ${PASSWORD_ROLE.user} LOGIN PASSWORD '${PASSWORD_ROLE.password}'`,
    `GRANT CREATE ON DATABASE postgres TO ${PASSWORD_ROLE.user}`,
  ]);
  return {
    url,
    passwordUrl: (password) =>
      `postgresql://${PASSWORD_ROLE.user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Runs statements on a fresh connection (test setup and cleanup, e.g. dropping the schemas a file used). */
export async function sql(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}
