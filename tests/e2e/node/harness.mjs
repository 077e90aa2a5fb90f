// Shared helpers of the node end-to-end suite: servers on free loopback ports, a browser-like
// cookie-jar fetch, the mail outbox and JWT checks against a JWKS. Node's standard library only.

import { spawn } from 'node:child_process';
import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const SECRET = 'e2e-node-secret-0123456789-abcdefghijklmnopqrstuvwxyz';

const suiteDir = dirname(fileURLToPath(import.meta.url));

/**
 * Fails loudly unless every dependency pinned in package.json is installed at its exact
 * version (scripts/install-node-deps.sh runs `npm ci` here). Test files import the npm packages
 * through importPackage() rather than statically, so that this message, and not a bare
 * ERR_MODULE_NOT_FOUND, is what a missing install shows.
 */
export function checkInstalledPackages() {
  const pinned = JSON.parse(readFileSync(join(suiteDir, 'package.json'), 'utf8')).dependencies;
  const problems = [];
  for (const [name, version] of Object.entries(pinned)) {
    let installed = null;
    try {
      installed = JSON.parse(readFileSync(join(suiteDir, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch { /* not installed */ }
    if (installed !== version) problems.push(`${name}: want ${version}, found ${installed ?? 'nothing'}`);
  }
  if (problems.length > 0) {
    throw new Error(`the npm packages of tests/e2e/node are not installed as package-lock.json pins them ` +
      `(${problems.join('; ')}). Fix: bash scripts/install-node-deps.sh (npm ci; needs npm and the npm registry)`);
  }
}

/** import(specifier) after checkInstalledPackages(). */
export async function importPackage(specifier) {
  checkInstalledPackages();
  return import(specifier);
}

/** The binary ctest passes in `name` (an absolute path), or a clear failure. */
export function binaryFromEnv(name) {
  const path = process.env[name];
  if (!path) throw new Error(`${name} is not set: run this suite through ctest (label node), which sets it to the built binary`);
  return path;
}

/**
 * Starts `binary args...` and waits for its "<name> listening on http://HOST:PORT" line on
 * stdout (authkit-server prints one; so must any other server this suite starts, e.g.
 * authkit-resource-server). Returns {root, proc, stderr(), stop()}; stop() sends SIGTERM and
 * resolves to the exit code. stderr is collected for failure messages.
 */
export async function spawnListening(binary, args, { env = {}, timeoutMs = 30000 } = {}) {
  const proc = spawn(binary, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal)));
  const lines = createInterface({ input: proc.stdout });
  const root = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${binary}: no "listening on" line after ${timeoutMs} ms; stderr:\n${stderr}`)), timeoutMs);
    proc.on('error', (error) => { clearTimeout(timer); reject(error); });
    exited.then((code) => { clearTimeout(timer); reject(new Error(`${binary} exited (${code}) before listening; stderr:\n${stderr}`)); });
    lines.on('line', (line) => {
      const match = /listening on (http:\/\/[^\s]+)/.exec(line);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  return {
    root,
    proc,
    stderr: () => stderr,
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * authkit-server on 127.0.0.1:0 with a temporary SQLite database and mail outbox, rate limits
 * off; `args` are appended (e.g. ['--resource-url', url]). Returns {root, base, origin, outbox,
 * stderr(), stop()}; stop() also removes the directory.
 */
export async function startAuthServer({ args = [] } = {}) {
  const external = externalAuthServer(args);
  if (external) return external;
  const dir = mkdtempSync(join(tmpdir(), 'authkit-e2e-node-'));
  const outbox = join(dir, 'outbox.jsonl');
  let server;
  try {
    server = await spawnListening(binaryFromEnv('AUTHKIT_SERVER'),
      ['--listen', '127.0.0.1:0', '--db', join(dir, 'auth.db'), '--mail-outbox', outbox,
        '--rate-limit', 'off', ...args],
      { env: { AUTHKIT_SECRET: SECRET } });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    root: server.root,
    origin: new URL(server.root).origin,
    base: `${server.root}/api/v1/auth`,
    outbox,
    stderr: server.stderr,
    async stop() {
      const code = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/**
 * The deployment tests/e2e/cluster_test.py starts (two instances on one PostgreSQL behind nginx
 * with TLS) when it runs this suite through nginx: AUTHKIT_E2E_ROOT is nginx's https root and
 * AUTHKIT_E2E_OUTBOX the outbox both instances append to (NODE_EXTRA_CA_CERTS trusts its
 * certificate). Unset: null, and the suite starts its own server. The instances are started
 * with the suite's flags (rate limits off), so `args` cannot be honoured here: asking for them
 * fails rather than running a different test.
 */
function externalAuthServer(args) {
  const root = process.env.AUTHKIT_E2E_ROOT;
  if (!root) return null;
  if (args.length > 0) throw new Error(`startAuthServer(${JSON.stringify(args)}) cannot add flags to the servers AUTHKIT_E2E_ROOT names`);
  const outbox = process.env.AUTHKIT_E2E_OUTBOX;
  if (!outbox) throw new Error('AUTHKIT_E2E_ROOT is set without AUTHKIT_E2E_OUTBOX');
  return {
    root,
    origin: new URL(root).origin,
    base: `${root}/api/v1/auth`,
    outbox,
    stderr: () => '(the instances log to the cluster test\'s directory)',
    async stop() { return 0; },
  };
}

/**
 * A cookie's name as `server` sets it: over https authkit adds the __Secure- prefix, as
 * better-auth does.
 */
export function cookieName(server, name) {
  return new URL(server.root).protocol === 'https:' ? `__Secure-${name}` : name;
}

/**
 * A loopback port that was free a moment ago: listen on port 0, read the port, close. For a
 * server whose address another one must know before it starts. Racy by nature (another
 * process may take the port before ours binds it); the loser then fails to start with a clear
 * error rather than talking to a stranger.
 */
export async function freePort() {
  const probe = createServer();
  await new Promise((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', resolve);
  });
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * authkit-resource-server (AUTHKIT_RESOURCE_SERVER) on 127.0.0.1:`port` (0: any free one),
 * trusting `auth`'s tokens: its JWKS, its origin as issuer and audience, and CORS from its
 * origin (the browser pages call the resource server from there). Returns {root, stderr(),
 * stop()}.
 */
export async function startResourceServer(auth, { port = 0 } = {}) {
  return spawnListening(binaryFromEnv('AUTHKIT_RESOURCE_SERVER'),
    ['--listen', `127.0.0.1:${port}`, '--jwks-url', `${auth.base}/jwks`,
      '--issuer', auth.origin, '--audience', auth.origin, '--trusted-origin', auth.origin,
      // A JWKS behind the cluster test's nginx is served with its own certificate.
      ...(process.env.AUTHKIT_E2E_CA_FILE ? ['--ca-file', process.env.AUTHKIT_E2E_CA_FILE] : [])]);
}

/**
 * A browser-like fetch for one origin: one cookie jar (name -> value; the server sets every
 * cookie with Path=/ and no Domain), an Origin header on every request, redirects followed by
 * hand so that cookies set on a redirect are kept (or not followed, with redirect: 'manual').
 * With {cookies: false} it keeps and sends no cookies (a bearer-token client).
 */
export function jarFetch(origin, { cookies = true } = {}) {
  const jar = new Map();
  const store = (response) => {
    if (!cookies) return;
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a));
      if (expired || value === '') jar.delete(name);
      else jar.set(name, value);
    }
  };
  const jarFetchImpl = async (input, init = {}) => {
    let url = new URL(input instanceof Request ? input.url : String(input));
    let method = init.method ?? (input instanceof Request ? input.method : 'GET');
    let body = init.body;
    const manual = init.redirect === 'manual';
    for (let hops = 0; ; hops++) {
      const headers = new Headers(init.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set('Origin', origin);
      if (jar.size > 0) headers.set('Cookie', [...jar].map(([n, v]) => `${n}=${v}`).join('; '));
      const response = await fetch(url, { ...init, method, body, headers, redirect: 'manual' });
      store(response);
      const location = response.headers.get('location');
      if (manual || !location || response.status < 300 || response.status > 399 || hops >= 10) {
        return response;
      }
      url = new URL(location, url);
      if (response.status !== 307 && response.status !== 308) { method = 'GET'; body = undefined; }
    }
  };
  jarFetchImpl.jar = jar;
  return jarFetchImpl;
}

/** The mails in the outbox (one JSON object per line: to, subject, url, token, kind). */
export function readOutbox(outbox) {
  let text = '';
  try { text = readFileSync(outbox, 'utf8'); } catch (error) { if (error.code !== 'ENOENT') throw error; }
  return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
}

/**
 * The outbox once it holds at least `count` mails. The server sends mail after it answers (its
 * mail queue), so this waits for them, up to 10 s, then fails naming what was there.
 */
export async function waitForOutbox(outbox, count) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = readOutbox(outbox);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) {
      throw new Error(`the outbox holds ${mails.length} mails, not ${count}: ${JSON.stringify(mails.map((m) => [m.to, m.kind]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The newest mail of `kind` to `to`, waiting for it as waitForOutbox() does. */
export async function lastMail(outbox, to, kind) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const mails = readOutbox(outbox);
    const found = mails.filter((m) => m.to === to && m.kind === kind).at(-1);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no ${kind} mail to ${to}; outbox: ${JSON.stringify(mails.map((m) => [m.to, m.kind]))}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const b64url = (text) => Buffer.from(text, 'base64url');

/**
 * Verifies a compact JWS against a JWKS ({keys:[...]}) with node:crypto only: the key is picked
 * by kid, must be an Ed25519 OKP key, and the header alg must be EdDSA (better-auth's default).
 * Returns {header, payload}; throws on any mismatch.
 */
export function verifyJwtWithJwks(token, jwks) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error(`not a compact JWS: ${parts.length} parts`);
  const header = JSON.parse(b64url(parts[0]).toString('utf8'));
  const payload = JSON.parse(b64url(parts[1]).toString('utf8'));
  if (header.alg !== 'EdDSA') throw new Error(`unexpected alg ${header.alg}`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`kid ${header.kid} is not in the JWKS`);
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new Error(`kid ${header.kid} is ${jwk.kty}/${jwk.crv}`);
  const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
  const ok = verify(null, Buffer.from(`${parts[0]}.${parts[1]}`, 'ascii'), key, b64url(parts[2]));
  if (!ok) throw new Error('JWT signature does not verify against the JWKS');
  return { header, payload };
}
