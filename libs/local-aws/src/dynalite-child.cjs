// Starts dynalite (a DynamoDB-protocol server, in memory) on 127.0.0.1 on an ephemeral port, prints
// {"port":N} on stdout, and exits when its parent closes stdin (so it never outlives the parent).
const { setTimeout } = require('node:timers');
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const shutdown = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1_000).unref();
};
process.stdin.on('end', shutdown);
process.stdin.resume();
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
