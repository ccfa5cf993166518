/**
 * The JavaScript run on the worker thread that owns a PostgreSQL store's connection (see
 * {@link PostgresConnection}). It is a string run with `eval: true` rather than a module file so it
 * runs the same from TypeScript sources (tests) and from dist/ without a loader; it is kept tiny
 * and does no store logic: it opens one `pg` client per connection id, runs each query it is sent (as a named
 * prepared statement when it has parameters, so PostgreSQL plans it once per connection), and
 * answers on `port`, then wakes the blocked caller through `flag` (Atomics.notify).
 *
 * workerData: { pgPath, port, flag } — the resolved path of the `pg` package, the MessagePort to
 * answer on, and an Int32Array over a SharedArrayBuffer.
 */
export const POSTGRES_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { port, flag } = workerData;
// Connections by id: every store of this thread shares the worker, each with its own session.
const connections = new Map();
function reply(message) {
  port.postMessage(message);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}
function describe(error) {
  return { message: String((error && error.message) || error), code: error && error.code ? String(error.code) : null };
}
async function handle(request) {
  if (request.type === 'connect') {
    const pg = require(workerData.pgPath);
    // BIGINT columns hold ms epochs and ids, all far below 2^53: numbers, not strings.
    pg.types.setTypeParser(20, (text) => Number(text));
    const client = new pg.Client({
      connectionString: request.url,
      connectionTimeoutMillis: request.connectTimeoutMs,
      application_name: 'tune-rag',
    });
    // A dropped connection is reported by the next query; without a listener it would kill the thread.
    client.on('error', () => {});
    connections.set(request.id, { client, names: new Map() });
    try {
      await client.connect();
    } catch (error) {
      connections.delete(request.id);
      throw error;
    }
    return {};
  }
  const { client, names } = connections.get(request.id) || {};
  if (!client) throw new Error('connection ' + request.id + ' is closed');
  if (request.type === 'query') {
    let name;
    if (request.params) {
      name = names.get(request.text);
      if (!name) {
        name = 's' + names.size;
        names.set(request.text, name);
      }
    }
    const result = await client.query({ name, text: request.text, values: request.params });
    return { rows: result.rows || [], rowCount: result.rowCount || 0 };
  }
  if (request.type === 'end') {
    connections.delete(request.id);
    await client.end();
    return {};
  }
  throw new Error('unknown request ' + request.type);
}
parentPort.on('message', (request) => {
  handle(request).then(
    (result) => reply({ ok: true, seq: request.seq, ...result }),
    (error) => reply({ ok: false, seq: request.seq, error: describe(error) }),
  );
});
`;
