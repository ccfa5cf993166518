// node serve.mjs <healthy|faulty> <portfile>: a schema-following model (structured requests get a
// random schema-valid instance) that answers generation in 20 ms; "faulty" injects, per 20 calls,
// 6 x 429 (Retry-After 0.2 s), 2 x 500 and 1 hang (30% / 10% / 5%).
import { writeFileSync } from 'node:fs';
import { startLoopbackServer, schemaFollowingReplies } from '../../dist/tests/support/loopback-openai-server.js';
const [mode, portfile] = process.argv.slice(2);
const server = await startLoopbackServer();
let count = 0;
const answer = (request) => {
  const text = JSON.stringify(request.body.messages);
  const number = /\b\d{2,5}\b/.exec(text.split('Question')[0] ?? '');
  return {
    kind: 'delay',
    ms: 20,
    then: { kind: 'text', text: number ? number[0] : "I don't know", promptTokens: 400, completionTokens: 8 },
  };
};
const model = schemaFollowingReplies({ seed: 7, otherwise: answer });
server.setFallback('chat', (request, index) => {
  if (mode === 'faulty') {
    const slot = count++ % 20;
    if ([0, 3, 6, 9, 12, 15].includes(slot)) return { kind: 'rate_limited', retryAfter: '0.2' };
    if (slot === 8 || slot === 17) return { kind: 'server_error', status: 500 };
    if (slot === 19) return { kind: 'hang' };
  }
  const reply = model(request, index);
  return reply.kind === 'json' ? { kind: 'delay', ms: 20, then: reply } : reply;
});
writeFileSync(portfile, server.baseURL);
process.on('SIGTERM', async () => {
  await server.stop();
  process.exit(0);
});
