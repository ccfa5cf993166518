import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { PostgresQueryError, type PostgresErrorInfo } from './postgres-failure.js';
import { POSTGRES_WORKER_SOURCE } from './postgres-worker-source.js';

type Reply = { ok: true; rows?: unknown[]; rowCount?: number } | { ok: false; error: PostgresErrorInfo };

/** The worker thread all connections of this thread share, with the channel it answers on. */
interface Bridge {
  worker: Worker;
  port: MessagePort;
  flag: Int32Array;
}

/**
 * One per thread, made on first use: starting a worker and loading `pg` costs far more than a
 * connection (about 0.3 s of CPU), and calls from one thread are sequential anyway.
 */
let shared: Bridge | null = null;
let nextId = 1;

function bridge(): Bridge {
  if (shared) return shared;
  const channel = new MessageChannel();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(POSTGRES_WORKER_SOURCE, {
    eval: true,
    // The source is CommonJS; a parent started with --input-type=module would make it ESM (no require).
    execArgv: process.execArgv.filter((arg) => !arg.startsWith('--input-type')),
    workerData: { pgPath: createRequire(import.meta.url).resolve('pg'), port: channel.port2, flag },
    transferList: [channel.port2],
  });
  // Idle connections must not keep the process alive; a blocked caller waits on `flag`, not the loop.
  worker.unref();
  channel.port1.unref();
  shared = { worker, port: channel.port1, flag };
  return shared;
}

/**
 * One PostgreSQL connection used synchronously. The study store's interface is synchronous (as
 * better-sqlite3 is), while the `pg` driver is asynchronous, so the driver lives on a worker
 * thread and each call blocks this thread in `Atomics.wait` until the worker has the answer
 * (what synckit does, without needing the worker as a module file). The connections of one
 * thread share that worker, each with its own session.
 *
 * Errors: a failed query throws {@link PostgresQueryError} with the server's SQLSTATE; no answer
 * within `callTimeoutMs` (a hung server or network) throws one with code 'ETIMEDOUT', after
 * which the connection is unusable (the worker is replaced for later connections).
 */
export class PostgresConnection {
  private readonly id = nextId++;
  private callTimeoutMs: number;
  private broken: PostgresQueryError | null = null;

  /** Connects to `url` (throws PostgresQueryError when the server refuses or cannot be reached). */
  constructor(options: { url: string; connectTimeoutMs: number; callTimeoutMs: number }) {
    // Connecting waits for the driver's own timeout; the extra 10 s covers starting the worker.
    this.callTimeoutMs = options.connectTimeoutMs + 10_000;
    this.call({ type: 'connect', url: options.url, connectTimeoutMs: options.connectTimeoutMs });
    this.callTimeoutMs = options.callTimeoutMs;
  }

  /**
   * Runs one statement. With `params` it is a prepared statement (planned once per connection);
   * without, it runs as a simple query, which may hold several statements (migrations).
   */
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): { rows: Row[]; rowCount: number } {
    const reply = this.call({ type: 'query', text, params }) as { rows: Row[]; rowCount: number };
    return { rows: reply.rows, rowCount: reply.rowCount };
  }

  /** Ends the session; the shared worker stays for the thread's other connections. */
  close(): void {
    if (this.broken) return;
    try {
      this.call({ type: 'end' });
    } catch {
      // Closing a connection the server already dropped: nothing left to release.
    }
    this.broken = new PostgresQueryError({ code: null, message: 'the store is closed' });
  }

  private call(request: Record<string, unknown>): Omit<Extract<Reply, { ok: true }>, 'ok'> {
    if (this.broken) throw this.broken;
    const { worker, port, flag } = bridge();
    // Each request carries a sequence number that its reply echoes: a reply is only ever taken
    // for the request it answers (a reply seen late, or a wake-up without its message, as
    // synckit and esbuild found with this same Atomics + MessagePort scheme, is never misread).
    const seq = ++sequence;
    Atomics.store(flag, 0, 0);
    worker.postMessage({ ...request, id: this.id, seq });
    const deadline = Date.now() + this.callTimeoutMs;
    let reply: Reply | undefined;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0 || Atomics.wait(flag, 0, 0, remaining) === 'timed-out') return this.timedOut(worker);
      reply = takeReply(port, seq);
      if (reply) break;
      // Woken without our reply: wait for it in 1 ms steps, without resetting the flag (the
      // reply may be posted at any moment, and its wake-up must not be lost).
      while (!reply && Date.now() < deadline) {
        Atomics.wait(flag, 0, 1, 1);
        reply = takeReply(port, seq);
      }
      if (reply) break;
    }
    if (!reply.ok) throw new PostgresQueryError(reply.error);
    return reply;
  }

  private timedOut(worker: Worker): never {
    this.broken = new PostgresQueryError({
      code: 'ETIMEDOUT',
      message: `no answer from the server within ${this.callTimeoutMs / 1000} s`,
    });
    // The worker may still be stuck on this call: later connections get a fresh one.
    shared = null;
    void worker.terminate();
    throw this.broken;
  }
}

let sequence = 0;

/** The reply to request `seq` from `port`, dropping replies to earlier requests; undefined when not there yet. */
function takeReply(port: MessagePort, seq: number): Reply | undefined {
  for (let received = receiveMessageOnPort(port); received; received = receiveMessageOnPort(port)) {
    const reply = received.message as Reply & { seq?: number };
    if (reply.seq === seq) return reply;
  }
  return undefined;
}
