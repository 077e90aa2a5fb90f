// better-auth's own JavaScript client (better-auth/client, pinned in package.json) against
// authkit-server: every email/password, session and JWT call a browser app makes, and the error
// shapes the client surfaces. Run by ctest as e2e.node.better_auth_client (AUTHKIT_SERVER is
// the binary); by hand: AUTHKIT_SERVER=build/examples/authkit-server node --test <this file>.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  cookieName, importPackage, jarFetch, lastMail, readOutbox, startAuthServer, startResourceServer, waitForOutbox,
  verifyJwtWithJwks,
} from './harness.mjs';

const { createAuthClient } = await importPackage('better-auth/client');
const { jwtClient } = await importPackage('better-auth/client/plugins');

const EMAIL = 'ada@example.com';
const NAME = 'Ada Lovelace';
const PASSWORD = 'analytical engine 1843';
const CHANGED_PASSWORD = 'difference engine 1822';
const RESET_PASSWORD = 'notes on the sketch 1843';

let server;

/** One browser: its own cookie jar, better-auth's client with the jwt plugin. */
function browser() {
  const fetchImpl = jarFetch(server.origin);
  const client = createAuthClient({
    baseURL: server.root,
    basePath: '/api/v1/auth',
    plugins: [jwtClient()],
    fetchOptions: { customFetchImpl: fetchImpl },
  });
  return { client, fetch: fetchImpl, jar: fetchImpl.jar };
}

/** {data, error} of a client call, failing with the error when there is one. */
function ok(result, what) {
  assert.equal(result.error, null, `${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** The error of a client call, which must have failed with `status` and `code`. */
function failed(result, status, code, what) {
  assert.ok(result.error, `${what}: expected ${status} ${code}, got data ${JSON.stringify(result.data)}`);
  assert.equal(result.error.status, status, `${what}: ${JSON.stringify(result.error)}`);
  assert.equal(result.error.code, code, `${what}: ${JSON.stringify(result.error)}`);
  assert.equal(typeof result.error.message, 'string');
  assert.equal(result.data, null);
  return result.error;
}

async function sessionOf(b) {
  return ok(await b.client.getSession(), 'get-session');
}

describe('better-auth client against authkit-server', () => {
  let ada;      // the first browser
  let phone;    // a second device of the same user
  let userId;

  before(async () => {
    server = await startAuthServer();
    ada = browser();
    phone = browser();
  });

  after(async () => {
    if (server) {
      const code = await server.stop();
      assert.equal(code, 0, `authkit-server exit status; stderr:\n${server.stderr()}`);
    }
  });

  it('signs up without a session while the address is unverified', async () => {
    const data = ok(await ada.client.signUp.email({ name: NAME, email: EMAIL, password: PASSWORD }), 'sign-up');
    assert.equal(data.token, null);
    assert.equal(data.user.email, EMAIL);
    assert.equal(data.user.name, NAME);
    assert.equal(data.user.emailVerified, false);
    assert.match(data.user.id, /^\S+$/);
    userId = data.user.id;
    assert.equal(ada.jar.size, 0, 'sign-up with verification required sets no cookie');

    failed(await ada.client.signIn.email({ email: EMAIL, password: PASSWORD }), 403,
      'EMAIL_NOT_VERIFIED', 'sign-in before verification');
  });

  it('conceals a duplicate sign-up, as better-auth does with verification required', async () => {
    const data = ok(await phone.client.signUp.email({ name: 'Mallory', email: EMAIL, password: 'another password 1' }),
      'duplicate sign-up');
    assert.equal(data.token, null);
    assert.equal(data.user.email, EMAIL);
    assert.notEqual(data.user.id, userId, 'the concealed answer is a synthetic user');
    assert.equal((await lastMail(server.outbox, EMAIL, 'existing-account')).to, EMAIL);
  });

  it('surfaces sign-up errors as {status, code, message}', async () => {
    failed(await phone.client.signUp.email({ name: 'Shorty', email: 'short@example.com', password: 'short' }),
      400, 'PASSWORD_TOO_SHORT', 'short password');
    failed(await phone.client.signUp.email({ name: 'Bad', email: 'not-an-email', password: PASSWORD }),
      400, 'INVALID_EMAIL', 'invalid email');
  });

  it('verifies the address through the mailed link', async () => {
    const mail = await lastMail(server.outbox, EMAIL, 'verify-email');
    assert.ok(mail.url.startsWith(`${server.base}/verify-email?token=`), mail.url);
    const response = await ada.fetch(mail.url, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/');
  });

  it('signs in and sets the session cookie', async () => {
    const data = ok(await ada.client.signIn.email({ email: EMAIL, password: PASSWORD }), 'sign-in');
    assert.equal(data.redirect, false);
    assert.equal(typeof data.token, 'string');
    assert.equal(data.user.id, userId);
    assert.equal(data.user.emailVerified, true);
    assert.ok(ada.jar.has(cookieName(server, 'authkit.session_token')), `jar: ${[...ada.jar.keys()]}`);
  });

  it('gets the session of the signed-in user', async () => {
    const data = await sessionOf(ada);
    assert.equal(data.user.id, userId);
    assert.equal(data.user.email, EMAIL);
    assert.equal(data.user.name, NAME);
    assert.equal(data.user.emailVerified, true);
    assert.equal(data.session.userId, userId);
    assert.ok(Date.parse(data.session.expiresAt) > Date.now());
    assert.equal(await phone.client.getSession().then((r) => ok(r, 'get-session')), null,
      'a browser without a cookie has no session');
  });

  it('issues a JWT that verifies against /jwks', async () => {
    const { token } = ok(await ada.client.token(), 'token');
    const jwks = ok(await ada.client.jwks(), 'jwks');
    const { payload } = verifyJwtWithJwks(token, jwks);
    assert.equal(payload.sub, userId);
    assert.equal(payload.email, EMAIL);
    assert.equal(payload.iss, server.origin);
    assert.equal(payload.aud, server.origin);
    const now = Math.floor(Date.now() / 1000);
    assert.ok(payload.exp > now && payload.exp <= now + 15 * 60 + 5, `exp ${payload.exp}, now ${now}`);
    assert.ok(Math.abs(payload.iat - now) <= 5, `iat ${payload.iat}, now ${now}`);

    failed(await phone.client.token(), 401, 'UNAUTHORIZED', 'token without a session');
  });

  it("opens authkit-resource-server's API with the JWT of token()", async () => {
    const { token } = ok(await ada.client.token(), 'token');
    const resource = await startResourceServer(server);
    try {
      const call = async (path, { method = 'GET', body, bearer = token } = {}) => {
        const headers = { Accept: 'application/json' };
        if (bearer) headers.Authorization = `Bearer ${bearer}`;
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        const response = await fetch(`${resource.root}${path}`,
          { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await response.text();
        return { status: response.status, body: text ? JSON.parse(text) : null };
      };
      const tasks = `/api/${encodeURIComponent(userId)}/tasks`;

      assert.deepEqual(await call(tasks), { status: 200, body: [] });
      const created = await call(tasks, { method: 'POST', body: { title: 'Note G', description: 'Bernoulli numbers' } });
      assert.equal(created.status, 201, JSON.stringify(created));
      assert.equal(created.body.title, 'Note G');
      assert.equal(created.body.user_id, userId);
      const listed = await call(tasks);
      assert.equal(listed.status, 200);
      assert.deepEqual(listed.body.map((t) => [t.id, t.title]), [[created.body.id, 'Note G']]);
      assert.equal((await call(`${tasks}/${created.body.id}`)).body.description, 'Bernoulli numbers');

      // The token's sub is Ada: another user's tasks are not hers to read or write.
      const theirs = '/api/someone-else/tasks';
      for (const method of ['GET', 'POST']) {
        const refused = await call(theirs, { method, body: method === 'POST' ? { title: 'x' } : undefined });
        assert.equal(refused.status, 403, `${method} ${theirs}: ${JSON.stringify(refused)}`);
        assert.equal(refused.body.code, 'FORBIDDEN');
      }
      const anonymous = await call(tasks, { bearer: null });
      assert.equal(anonymous.status, 401, JSON.stringify(anonymous));
      assert.equal(anonymous.body.code, 'MISSING_TOKEN');
    } finally {
      const code = await resource.stop();
      assert.equal(code, 0, `authkit-resource-server exit status; stderr:\n${resource.stderr()}`);
    }
  });

  it('updates the user', async () => {
    assert.deepEqual(ok(await ada.client.updateUser({ name: 'Ada King' }), 'update-user'), { status: true });
    assert.equal((await sessionOf(ada)).user.name, 'Ada King');
    failed(await ada.client.updateUser({ email: 'other@example.com' }), 400, 'EMAIL_CAN_NOT_BE_UPDATED',
      'update-user with an email');
  });

  it("refuses Node's fetch without an Origin header, as better-auth does", async () => {
    // undici sends Sec-Fetch-Mode: cors, so the request says it comes from somewhere: it
    // must name a trusted origin. A browser always does; bare server-side code must too.
    const bare = createAuthClient({ baseURL: server.base, fetchOptions: { customFetchImpl: fetch } });
    failed(await bare.signIn.email({ email: EMAIL, password: PASSWORD }), 403,
      'MISSING_OR_NULL_ORIGIN', 'sign-in without Origin');
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    failed(await phone.client.signIn.email({ email: EMAIL, password: 'not the password' }), 401,
      'INVALID_EMAIL_OR_PASSWORD', 'wrong password');
    failed(await phone.client.signIn.email({ email: 'nobody@example.com', password: PASSWORD }), 401,
      'INVALID_EMAIL_OR_PASSWORD', 'unknown email');
  });

  it('lists and revokes sessions', async () => {
    ok(await phone.client.signIn.email({ email: EMAIL, password: PASSWORD, rememberMe: false }),
      'second sign-in, not remembered');
    assert.ok(phone.jar.has(cookieName(server, 'authkit.dont_remember')), `jar: ${[...phone.jar.keys()]}`);
    const mine = (await sessionOf(ada)).session;
    const sessions = ok(await ada.client.listSessions(), 'list-sessions');
    assert.equal(sessions.length, 2, JSON.stringify(sessions));
    assert.ok(sessions.every((s) => s.userId === userId));
    const other = sessions.find((s) => s.id !== mine.id);
    assert.ok(other, 'the other device is listed');

    ok(await ada.client.revokeSession({ token: other.token }), 'revoke-session');
    assert.equal(await sessionOf(phone), null, 'the revoked device has no session');
    assert.equal((await sessionOf(ada)).user.id, userId, 'the revoking device keeps its session');
    assert.equal(ok(await ada.client.listSessions(), 'list-sessions').length, 1);
  });

  it('revokes the other sessions', async () => {
    ok(await phone.client.signIn.email({ email: EMAIL, password: PASSWORD }), 'sign-in again');
    assert.equal(ok(await ada.client.listSessions(), 'list-sessions').length, 2);
    ok(await ada.client.revokeOtherSessions(), 'revoke-other-sessions');
    assert.equal(await sessionOf(phone), null);
    assert.equal((await sessionOf(ada)).user.id, userId);
  });

  it('changes the password, ending every other session', async () => {
    ok(await phone.client.signIn.email({ email: EMAIL, password: PASSWORD }), 'sign-in again');
    failed(await ada.client.changePassword({ currentPassword: 'not the password', newPassword: CHANGED_PASSWORD }),
      400, 'INVALID_PASSWORD', 'change-password with a wrong current password');

    const data = ok(await ada.client.changePassword({
      currentPassword: PASSWORD, newPassword: CHANGED_PASSWORD, revokeOtherSessions: true,
    }), 'change-password');
    assert.equal(typeof data.token, 'string', 'revokeOtherSessions starts a new session');
    assert.equal(data.user.id, userId);
    assert.equal((await sessionOf(ada)).user.id, userId, 'the changing browser got the new session');
    assert.equal(await sessionOf(phone), null, 'the other device is signed out');

    failed(await phone.client.signIn.email({ email: EMAIL, password: PASSWORD }), 401,
      'INVALID_EMAIL_OR_PASSWORD', 'the old password');
    ok(await phone.client.signIn.email({ email: EMAIL, password: CHANGED_PASSWORD }), 'the new password');
  });

  it('signs out', async () => {
    assert.deepEqual(ok(await ada.client.signOut(), 'sign-out'), { success: true });
    assert.equal(ada.jar.has(cookieName(server, 'authkit.session_token')), false, 'the session cookie is cleared');
    assert.equal(await sessionOf(ada), null);
    failed(await ada.client.listSessions(), 401, 'UNAUTHORIZED', 'list-sessions after sign-out');
  });

  it('resets the password by mail, ending the old sessions', async () => {
    assert.equal((await sessionOf(phone)).user.id, userId, 'the phone still holds a session');
    const mailsBefore = readOutbox(server.outbox).length;

    const data = ok(await ada.client.requestPasswordReset({ email: EMAIL, redirectTo: '/reset' }),
      'request-password-reset');
    assert.equal(data.status, true);
    assert.equal((await waitForOutbox(server.outbox, mailsBefore + 1)).length, mailsBefore + 1);
    const mail = await lastMail(server.outbox, EMAIL, 'reset-password');
    assert.ok(mail.token, 'the reset mail carries its token');

    // The link sends the browser on to the app's reset page with the token.
    const link = await ada.fetch(mail.url, { redirect: 'manual' });
    assert.equal(link.status, 302);
    assert.equal(new URL(link.headers.get('location'), server.root).pathname, '/reset');
    assert.equal(new URL(link.headers.get('location'), server.root).searchParams.get('token'), mail.token);

    failed(await ada.client.resetPassword({ newPassword: 'short', token: mail.token }), 400,
      'PASSWORD_TOO_SHORT', 'reset to a short password');
    assert.deepEqual(ok(await ada.client.resetPassword({ newPassword: RESET_PASSWORD, token: mail.token }),
      'reset-password'), { status: true });
    failed(await ada.client.resetPassword({ newPassword: RESET_PASSWORD, token: mail.token }), 400,
      'INVALID_TOKEN', 'the reset token is single-use');

    assert.equal(await sessionOf(phone), null, 'the session from before the reset is rejected');
    failed(await ada.client.signIn.email({ email: EMAIL, password: CHANGED_PASSWORD }), 401,
      'INVALID_EMAIL_OR_PASSWORD', 'the password before the reset');
    const signedIn = ok(await ada.client.signIn.email({ email: EMAIL, password: RESET_PASSWORD }),
      'sign-in with the reset password');
    assert.equal(signedIn.user.id, userId);
    assert.equal((await sessionOf(ada)).user.id, userId);
  });

  it('works as a bearer-token client, without cookies', async () => {
    // better-auth's bearer recipe: keep set-auth-token, send it as Authorization: Bearer.
    let bearer = null;
    const fetchImpl = jarFetch(server.origin, { cookies: false });
    const client = createAuthClient({
      baseURL: server.base,
      plugins: [jwtClient()],
      fetchOptions: {
        customFetchImpl: fetchImpl,
        auth: { type: 'Bearer', token: () => bearer ?? undefined },
        onSuccess: (context) => {
          const token = context.response.headers.get('set-auth-token');
          if (token) bearer = token;
        },
      },
    });
    ok(await client.signIn.email({ email: EMAIL, password: RESET_PASSWORD }), 'bearer sign-in');
    assert.ok(bearer, 'sign-in sent set-auth-token');
    assert.equal(ok(await client.getSession(), 'bearer get-session').user.id, userId);
    const { token } = ok(await client.token(), 'bearer token');
    assert.equal(verifyJwtWithJwks(token, ok(await client.jwks(), 'jwks')).payload.sub, userId);
    ok(await client.signOut(), 'bearer sign-out');
    assert.equal(ok(await client.getSession(), 'get-session after sign-out'), null);
  });
});
