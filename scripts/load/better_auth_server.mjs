// The peer in the load scripts: better-auth itself (the version tests/e2e/node pins), with
// email and password on, rate limits off, on node's http server. Its store is the in-memory
// adapter (better-auth's fastest, so a ratio against authkit flatters better-auth, never
// authkit), or with DATABASE_URL set, PostgreSQL through its `pg` pool adapter, with the schema
// its own migrations create (run at start). Prints "listening on http://127.0.0.1:PORT" when
// ready.
//
//   node scripts/load/better_auth_server.mjs    (after bash scripts/install-node-deps.sh)
//   DATABASE_URL=postgresql://... node scripts/load/better_auth_server.mjs
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

async function database() {
  if (!process.env.DATABASE_URL) {
    return memoryAdapter({ user: [], session: [], account: [], verification: [] });
  }
  const pg = await load('pg');
  const Pool = pg.Pool ?? pg.default.Pool;
  return new Pool({ connectionString: process.env.DATABASE_URL, max: 16 });
}
const db = await database();

const server = createServer();
server.listen(0, '127.0.0.1', async () => {
  const origin = `http://127.0.0.1:${server.address().port}`;
  const auth = betterAuth({
    baseURL: origin,
    basePath: '/api/auth',
    secret: process.env.BETTER_AUTH_SECRET,
    database: db,
    emailAndPassword: { enabled: true },
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { disabled: true },
  });
  if (process.env.DATABASE_URL) {
    const { getMigrations } = await load('better-auth/db/migration');
    const { runMigrations } = await getMigrations(auth.options);
    await runMigrations();
  }
  server.on('request', toNodeHandler(auth));
  console.log(`listening on ${origin}`);
});
