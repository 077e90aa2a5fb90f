// Migration from better-auth and back (docs/migrating-from-better-auth.md), on one SQLite file:
//   1. better-auth 1.7 (better-sqlite3, its own migrations) signs users up and in;
//   2. authkit-server opens the file with the same secret and --cookie-prefix better-auth: the
//      old cookies still return their sessions, the old passwords sign in, better-auth's JWTs
//      verify against authkit's JWKS, and better-auth's jwks table holds only its own rows;
//   3. the way back: better-auth again, with the Argon2id-aware password.verify: the users sign
//      in with the same passwords and /token works;
//   4. and forward again: a session better-auth made in step 3 works in authkit-server.
// Run by ctest as e2e.node.better_auth_migration (AUTHKIT_SERVER is the binary).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { binaryFromEnv, importPackage, SECRET, spawnListening, verifyJwtWithJwks } from './harness.mjs';
import { openBetterAuth } from './better_auth_app.mjs';

const { default: Database } = await importPackage('better-sqlite3');

const COOKIE = 'better-auth.session_token';
const USERS = [
  { name: 'Ada Lovelace', email: 'ada@example.com', password: 'analytical engine 1843' },
  { name: 'Grace Hopper', email: 'grace@example.com', password: 'cobol compiler 1959' },
  { name: 'Edsger Dijkstra', email: 'edsger@example.com', password: 'shortest path 1956' },
];

const sha256Hex = (text) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The raw session token inside a signed cookie value ("<token>.<signature>", URL-encoded). */
const rawToken = (cookieValue) => {
  const plain = decodeURIComponent(cookieValue);
  return plain.slice(0, plain.lastIndexOf('.'));
};

/** authkit-server on `file` with better-auth's secret and cookie names. */
async function startAuthkit(file) {
  const server = await spawnListening(binaryFromEnv('AUTHKIT_SERVER'),
    ['--listen', '127.0.0.1:0', '--db', file, '--rate-limit', 'off', '--cookie-prefix', 'better-auth',
      '--mail-outbox', `${file}.outbox.jsonl`],
    { env: { AUTHKIT_SECRET: SECRET } });
  const origin = new URL(server.root).origin;
  async function call(path, { method = 'GET', body, cookie } = {}) {
    const headers = new Headers({ origin });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(`${server.root}/api/v1/auth${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body), redirect: 'manual',
    });
    const text = await response.text();
    const cookies = new Map();
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      cookies.set(pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1));
    }
    return { status: response.status, json: text === '' ? null : JSON.parse(text), cookies };
  }
  return { ...server, call };
}

/** Reads the file with better-sqlite3 (no server running on it). */
function inspect(file, fn) {
  const db = new Database(file, { readonly: true });
  try { return fn(db); } finally { db.close(); }
}

describe('migration from better-auth to authkit-server and back', () => {
  let dir;
  let file;
  const sessions = [];   // {user, id, cookie}: what better-auth handed out in step 1
  let resetToken;        // a better-auth reset link's token, unused when authkit takes over
  let betterAuthJwt;     // a /token JWT better-auth signed in step 1
  let betterAuthKid;
  let authkitCookie;     // a session authkit-server made in step 2

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'authkit-e2e-migration-'));
    file = join(dir, 'app.db');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('1. better-auth signs users up and in', async (t) => {
    const verifyLinks = new Map();
    const ba = await openBetterAuth(file, SECRET, {
      onResetToken: (token) => { resetToken = token; },
      onVerificationToken: (email, token) => { verifyLinks.set(email, token); },
    });
    try {
      for (const user of USERS) {
        const up = await ba.call('/sign-up/email', { method: 'POST', body: user });
        assert.equal(up.status, 200, JSON.stringify(up.json));
        sessions.push({ user, id: null, cookie: up.cookies.get(COOKIE) });
        const sent = await ba.call('/send-verification-email', { method: 'POST', body: { email: user.email } });
        assert.equal(sent.status, 200, JSON.stringify(sent.json));
        const verified = await ba.call(`/verify-email?token=${verifyLinks.get(user.email)}`);
        assert.equal(verified.status, 200, JSON.stringify(verified.json));
        // A second device.
        const inAgain = await ba.call('/sign-in/email', { method: 'POST', body: { email: user.email, password: user.password } });
        assert.equal(inAgain.status, 200, JSON.stringify(inAgain.json));
        sessions.push({ user, id: null, cookie: inAgain.cookies.get(COOKIE) });
      }
      for (const s of sessions) {
        const got = await ba.call('/get-session', { cookie: `${COOKIE}=${s.cookie}` });
        assert.equal(got.json.user.email, s.user.email);
        s.id = got.json.session.id;
      }
      const token = await ba.call('/token', { cookie: `${COOKIE}=${sessions[0].cookie}` });
      assert.equal(token.status, 200, JSON.stringify(token.json));
      betterAuthJwt = token.json.token;
      betterAuthKid = JSON.parse(Buffer.from(betterAuthJwt.split('.')[0], 'base64url')).kid;
      const reset = await ba.call('/request-password-reset', { method: 'POST', body: { email: USERS[1].email, redirectTo: '/reset' } });
      assert.equal(reset.status, 200);
      assert.ok(resetToken);
    } finally {
      ba.close();
    }
    const counts = inspect(file, (db) => ({
      users: db.prepare('SELECT count(*) n FROM "user"').get().n,
      sessions: db.prepare('SELECT count(*) n FROM "session"').get().n,
      rawTokens: db.prepare('SELECT count(*) n FROM "session" WHERE length("token") = 32').get().n,
      resetRows: db.prepare(`SELECT count(*) n FROM "verification" WHERE "identifier" LIKE 'reset-password:%'`).get().n,
      jwks: db.prepare('SELECT count(*) n FROM "jwks"').get().n,
    }));
    t.diagnostic(`better-auth wrote: ${JSON.stringify(counts)}`);
    assert.deepEqual(counts, { users: 3, sessions: 6, rawTokens: 6, resetRows: 1, jwks: 1 });
  });

  it('2. authkit-server keeps them signed in', async (t) => {
    const authkit = await startAuthkit(file);
    try {
      for (const s of sessions) {
        const got = await authkit.call('/get-session', { cookie: `${COOKIE}=${s.cookie}` });
        assert.equal(got.status, 200);
        assert.ok(got.json, `${s.user.email}'s better-auth cookie has no session in authkit: ${authkit.stderr()}`);
        assert.equal(got.json.session.id, s.id);
        assert.equal(got.json.user.email, s.user.email);
        // Not cleared: authkit answers with the same cookie names better-auth uses.
        assert.notEqual(got.cookies.get(COOKIE), '');
      }
      for (const user of USERS) {
        const signedIn = await authkit.call('/sign-in/email', { method: 'POST', body: { email: user.email, password: user.password } });
        assert.equal(signedIn.status, 200, `${user.email}: ${JSON.stringify(signedIn.json)}`);
        authkitCookie ??= signedIn.cookies.get(COOKIE);
      }
      // better-auth's JWTs still verify: its key stays in authkit's JWKS while they live.
      const jwks = await authkit.call('/jwks');
      assert.ok(jwks.json.keys.some((k) => k.kid === betterAuthKid));
      verifyJwtWithJwks(betterAuthJwt, jwks.json);
      const fresh = await authkit.call('/token', { cookie: `${COOKIE}=${authkitCookie}` });
      assert.equal(fresh.status, 200);
      verifyJwtWithJwks(fresh.json.token, jwks.json);
      // better-auth's reset link was dropped with its plain-text row.
      const reset = await authkit.call('/reset-password', { method: 'POST', body: { token: resetToken, newPassword: 'a brand new password' } });
      assert.equal(reset.status, 400);
      assert.equal(reset.json.code, 'INVALID_TOKEN');
    } finally {
      await authkit.stop();
    }
    const state = inspect(file, (db) => ({
      sessions: db.prepare('SELECT count(*) n FROM "session"').get().n,
      hashedOldSessions: sessions.filter((s) =>
        db.prepare('SELECT "token" FROM "session" WHERE "id" = ?').get(s.id)?.token === sha256Hex(rawToken(s.cookie))).length,
      rawTokens: db.prepare('SELECT count(*) n FROM "session" WHERE length("token") <> 64').get().n,
      argon2id: db.prepare(`SELECT count(*) n FROM "account" WHERE "password" LIKE '$argon2id$%'`).get().n,
      betterAuthVerificationRows: db.prepare(`SELECT count(*) n FROM "verification" WHERE "identifier" = ?`).get(`reset-password:${resetToken}`).n,
      jwks: db.prepare('SELECT "id", substr("privateKey", 1, 1) AS "first" FROM "jwks"').all(),
      authkitKeys: db.prepare('SELECT count(*) n FROM "authkit_signing_keys"').get().n,
    }));
    t.diagnostic(`after authkit-server: ${JSON.stringify(state)}`);
    assert.equal(state.hashedOldSessions, 6);
    assert.equal(state.sessions, 9);
    assert.equal(state.rawTokens, 0);
    assert.equal(state.argon2id, 3);
    assert.equal(state.betterAuthVerificationRows, 0);
    // Only better-auth's own key is in its table (its privateKey is a JSON string).
    assert.deepEqual(state.jwks, [{ id: betterAuthKid, first: '"' }]);
    assert.equal(state.authkitKeys, 1);
  });

  let wayBackCookie;

  it('3. better-auth again: Argon2id passwords verify and /token works', async (t) => {
    // The step the guide gives: authkit's sessions (hashed tokens) are dead to better-auth.
    const deleted = (() => {
      const db = new Database(file);
      try { return db.prepare('DELETE FROM "session" WHERE "tokenChecked" = 1').run().changes; } finally { db.close(); }
    })();
    t.diagnostic(`way back: deleted ${deleted} hashed sessions`);
    assert.equal(deleted, 9);
    const ba = await openBetterAuth(file, SECRET, { wayBack: true });
    try {
      for (const user of USERS) {
        const signedIn = await ba.call('/sign-in/email', { method: 'POST', body: { email: user.email, password: user.password } });
        assert.equal(signedIn.status, 200, `${user.email}: ${JSON.stringify(signedIn.json)}`);
        wayBackCookie ??= signedIn.cookies.get(COOKIE);
        const wrong = await ba.call('/sign-in/email', { method: 'POST', body: { email: user.email, password: 'not the password' } });
        assert.equal(wrong.status, 401);
      }
      // Sessions authkit made cannot come back: the database holds only their hashes.
      const gone = await ba.call('/get-session', { cookie: `${COOKIE}=${authkitCookie}` });
      assert.equal(gone.json, null);
      const token = await ba.call('/token', { cookie: `${COOKIE}=${wayBackCookie}` });
      assert.equal(token.status, 200, JSON.stringify(token.json));
      const jwks = await ba.call('/jwks');
      const { header } = verifyJwtWithJwks(token.json.token, jwks.json);
      assert.equal(header.kid, betterAuthKid);  // its own key, still usable with the same secret
    } finally {
      ba.close();
    }
  });

  it('4. and forward again: better-auth\'s new sessions carry over to authkit-server', async () => {
    const authkit = await startAuthkit(file);
    try {
      const got = await authkit.call('/get-session', { cookie: `${COOKIE}=${wayBackCookie}` });
      assert.ok(got.json, authkit.stderr());
      assert.equal(got.json.user.email, USERS[0].email);
    } finally {
      await authkit.stop();
    }
  });
});
