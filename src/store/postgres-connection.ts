import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PostgresQueryError, type PostgresErrorInfo } from './postgres-failure.js';
import { POSTGRES_WORKER_SOURCE } from './postgres-worker-source.js';

type Reply = { ok: true; rows?: unknown[]; rowCount?: number } | { ok: false; error: PostgresErrorInfo };

/**
 * One PostgreSQL connection used synchronously. The study store's interface is synchronous (as
 * better-sqlite3 is), while the `pg` driver is asynchronous, so the driver lives on a worker
 * thread and each call blocks this thread in `Atomics.wait` until the worker has the answer
 * (what synckit does, without needing the worker as a module file). The worker is unref'd: a
 * store that is never closed does not keep the process alive.
 *
 * Errors: a failed query throws {@link PostgresQueryError} with the server's SQLSTATE; no answer
 * within `callTimeoutMs` (a hung server or network) throws one with code 'ETIMEDOUT', after
 * which the connection is unusable.
 */
export class PostgresConnection {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly callTimeoutMs: number;
  private broken: PostgresQueryError | null = null;

  /** Connects to `url` (throws PostgresQueryError when the server refuses or cannot be reached). */
  constructor(options: { url: string; connectTimeoutMs: number; callTimeoutMs: number }) {
    this.callTimeoutMs = options.callTimeoutMs;
    const channel = new MessageChannel();
    this.port = channel.port1;
    this.worker = new Worker(POSTGRES_WORKER_SOURCE, {
      eval: true,
      workerData: { pgPath: createRequire(import.meta.url).resolve('pg'), port: channel.port2, flag: this.flag },
      transferList: [channel.port2],
    });
    this.worker.unref();
    try {
      this.call({ type: 'connect', url: options.url, connectTimeoutMs: options.connectTimeoutMs });
    } catch (error) {
      void this.worker.terminate();
      throw error;
    }
  }

  /**
   * Runs one statement. With `params` it is a prepared statement (planned once per connection);
   * without, it runs as a simple query, which may hold several statements (migrations).
   */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): { rows: Row[]; rowCount: number } {
    const reply = this.call({ type: 'query', text, params }) as { rows: Row[]; rowCount: number };
    return { rows: reply.rows, rowCount: reply.rowCount };
  }

  /** Ends the session and stops the worker thread. */
  close(): void {
    if (!this.broken) {
      try {
        this.call({ type: 'end' });
      } catch {
        // Closing a connection the server already dropped: nothing left to release.
      }
    }
    this.port.close();
    void this.worker.terminate();
  }

  private call(request: Record<string, unknown>): Omit<Extract<Reply, { ok: true }>, 'ok'> {
    if (this.broken) throw this.broken;
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage(request);
    if (Atomics.wait(this.flag, 0, 0, this.callTimeoutMs) === 'timed-out') {
      this.broken = new PostgresQueryError({
        code: 'ETIMEDOUT',
        message: `no answer from the server within ${this.callTimeoutMs / 1000} s`,
      });
      void this.worker.terminate();
      throw this.broken;
    }
    const reply = receiveMessageOnPort(this.port)?.message as Reply | undefined;
    if (!reply) throw new PostgresQueryError({ code: null, message: 'the connection thread answered nothing' });
    if (!reply.ok) throw new PostgresQueryError(reply.error);
    return reply;
  }
}
