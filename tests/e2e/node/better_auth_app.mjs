// A better-auth 1.7 deployment for the migration test (better_auth_migration.test.mjs), run in
// this process on a SQLite file through better-sqlite3, as an app would run it: email and
// password, the jwt plugin, its own migrations. Requests go straight to auth.handler() (no
// socket needed). The way-back configuration is the one docs/migrating-from-better-auth.md
// gives: a password.verify that accepts authkit's Argon2id hashes.

import { importPackage } from './harness.mjs';

const { betterAuth } = await importPackage('better-auth');
const { jwt } = await importPackage('better-auth/plugins');
const { getMigrations } = await importPackage('better-auth/db/migration');
const { hashPassword, verifyPassword } = await importPackage('better-auth/crypto');
const { default: Database } = await importPackage('better-sqlite3');
const argon2 = await importPackage('@node-rs/argon2');

export const ORIGIN = 'http://127.0.0.1:3000';
export const BASE_PATH = '/api/v1/auth';

/**
 * better-auth's password.verify for a database authkit has run on: authkit's Argon2id hashes
 * (PHC strings; authkit hashes the NFKC form of the password, as better-auth's scrypt does) and
 * better-auth's own scrypt ones. Not for an authkit deployment with a pepper
 * (`$argon2id$...,pepper=...$`): those need the pepper's HMAC first.
 */
export async function verifyArgon2idOrScrypt({ hash, password }) {
  if (hash.startsWith('$argon2id$')) return argon2.verify(hash, password.normalize('NFKC'));
  return verifyPassword({ hash, password });
}

/**
 * better-auth on the SQLite file `file` with `secret`, after running its own migrations.
 * `wayBack`: also accept Argon2id hashes (verifyArgon2idOrScrypt). The reset and verification
 * mails go to onResetToken(token) and onVerificationToken(email, token). Returns {auth, db, call,
 * close()}; call(path, {method, body, cookie}) gives {status, json, cookies} where cookies maps
 * the names of the Set-Cookie lines to their values.
 */
export async function openBetterAuth(file, secret,
  { wayBack = false, onResetToken = () => {}, onVerificationToken = () => {} } = {}) {
  const db = new Database(file);
  const auth = betterAuth({
    secret,
    baseURL: ORIGIN,
    basePath: BASE_PATH,
    database: db,
    emailAndPassword: {
      enabled: true,
      sendResetPassword: async ({ token }) => onResetToken(token),
      ...(wayBack ? { password: { hash: hashPassword, verify: verifyArgon2idOrScrypt } } : {}),
    },
    emailVerification: {
      sendVerificationEmail: async ({ user, token }) => onVerificationToken(user.email, token),
    },
    plugins: [jwt()],
    telemetry: { enabled: false },
  });
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();

  async function call(path, { method = 'GET', body, cookie } = {}) {
    const headers = new Headers({ origin: ORIGIN });
    if (body !== undefined) headers.set('content-type', 'application/json');
    if (cookie) headers.set('cookie', cookie);
    const response = await auth.handler(new Request(`${ORIGIN}${BASE_PATH}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    }));
    const text = await response.text();
    const cookies = new Map();
    for (const line of response.headers.getSetCookie()) {
      const pair = line.split(';')[0];
      const eq = pair.indexOf('=');
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    return { status: response.status, json: text === '' ? null : JSON.parse(text), cookies };
  }

  return { auth, db, call, close: () => db.close() };
}
