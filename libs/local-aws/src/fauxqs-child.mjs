// Runs inside Node >= 22.5 (fauxqs needs node:sqlite): starts fauxqs on 127.0.0.1 on an ephemeral port,
// prints {"port":N} on stdout, and exits when its parent closes stdin (so it never outlives the parent).
import { buildApp } from 'fauxqs';

const app = buildApp({ logger: false, host: '127.0.0.1' });
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
const shutdown = () => {
  app.close().finally(() => process.exit(0));
};
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
