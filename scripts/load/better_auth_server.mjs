// The peer in scripts/load-test.sh: better-auth itself (the version tests/e2e/node pins), with
// email and password on, rate limits off and its in-memory adapter, on node's http server.
// The memory adapter is better-auth's fastest store, so the ratio against authkit on SQLite
// flatters better-auth, never authkit. Prints "listening on http://127.0.0.1:PORT" when ready.
//
//   node scripts/load/better_auth_server.mjs    (after bash scripts/install-node-deps.sh)
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The packages live in tests/e2e/node/node_modules (scripts/install-node-deps.sh).
const nodeSuite = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tests', 'e2e', 'node');
const require = createRequire(join(nodeSuite, 'package.json'));
const load = (name) => import(pathToFileURL(require.resolve(name)).href);

const { betterAuth } = await load('better-auth');
const { memoryAdapter } = await load('better-auth/adapters/memory');
const { toNodeHandler } = await load('better-auth/node');

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const auth = betterAuth({
    baseURL: origin,
    basePath: '/api/auth',
    secret: process.env.BETTER_AUTH_SECRET,
    database: memoryAdapter({ user: [], session: [], account: [], verification: [] }),
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  server.on('request', toNodeHandler(auth));
  console.log(`listening on ${origin}`);
});
