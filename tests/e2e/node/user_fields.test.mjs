// Extra user fields (better-auth's user.additionalFields), seen through better-auth's own
// JavaScript client: authkit-server's --user-field declares them, signUp.email and updateUser
// send them as top-level body keys, and the session's user carries them as properties. Run by
// ctest as e2e.node.user_fields; by hand: AUTHKIT_SERVER=build/examples/authkit-server node
// --test <this file>.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { importPackage, jarFetch, lastMail, startAuthServer, verifyJwtWithJwks } from './harness.mjs';

const { createAuthClient } = await importPackage('better-auth/client');
const { jwtClient } = await importPackage('better-auth/client/plugins');

const PASSWORD = 'analytical engine 1843';
const EMAIL = 'ada@example.com';
let server;
let ada;

function browser() {
  const fetch = jarFetch(server.origin);
  return {
    fetch,
    client: createAuthClient({
      baseURL: server.root,
      basePath: '/api/v1/auth',
      plugins: [jwtClient()],
      fetchOptions: { customFetchImpl: fetch },
    }),
  };
}

function ok(result, what) {
  assert.equal(result.error, null, `${what}: ${JSON.stringify(result.error)}`);
  return result.data;
}

function refused(result, message, what) {
  assert.equal(result.data, null, what);
  assert.equal(result.error.status, 400, `${what}: ${JSON.stringify(result.error)}`);
  assert.equal(result.error.code, 'VALIDATION_ERROR', what);
  assert.equal(result.error.message, message, what);
}

describe('user fields through better-auth\'s client', () => {
  before(async () => {
    server = await startAuthServer({
      args: ['--user-field', 'company:string', '--user-field', 'seats:number:default=1',
        '--user-field', 'plan:string:default=free:readonly:jwt'],
    });
    ada = browser();
  });

  after(async () => {
    if (server) {
      const code = await server.stop();
      assert.equal(code, 0, `authkit-server exit status; stderr:\n${server.stderr()}`);
    }
  });

  it('refuses a sign-up that sets a read-only field', async () => {
    refused(await ada.client.signUp.email({ name: 'Eve', email: 'eve@example.com', password: PASSWORD, plan: 'pro' }),
      'plan is not allowed to be set', 'read-only at sign-up');
    refused(await ada.client.signUp.email({ name: 'Eve', email: 'eve@example.com', password: PASSWORD, seats: 'ten' }),
      'seats must be a number', 'wrong type at sign-up');
  });

  it('stores the fields signUp.email sends, with the defaults', async () => {
    const data = ok(await ada.client.signUp.email({ name: 'Ada', email: EMAIL, password: PASSWORD, company: 'Acme' }),
      'sign-up');
    assert.equal(data.user.company, 'Acme');
    assert.equal(data.user.seats, 1);
    assert.equal(data.user.plan, 'free');
    const mail = await lastMail(server.outbox, EMAIL, 'verify-email');
    assert.equal((await ada.fetch(mail.url, { redirect: 'manual' })).status, 302);
    const signedIn = ok(await ada.client.signIn.email({ email: EMAIL, password: PASSWORD }), 'sign-in');
    assert.equal(signedIn.user.company, 'Acme');
  });

  it('puts the fields on the session\'s user', async () => {
    const { user } = ok(await ada.client.getSession(), 'get-session');
    assert.equal(user.email, EMAIL);
    assert.equal(user.company, 'Acme');
    assert.equal(user.seats, 1);
    assert.equal(user.plan, 'free');
  });

  it('round-trips updateUser and refuses a read-only field there', async () => {
    assert.deepEqual(ok(await ada.client.updateUser({ company: 'Initech', seats: 12 }), 'update-user'),
      { status: true });
    let { user } = ok(await ada.client.getSession(), 'get-session');
    assert.equal(user.company, 'Initech');
    assert.equal(user.seats, 12);
    refused(await ada.client.updateUser({ plan: 'enterprise' }), 'plan is not allowed to be set',
      'read-only at update-user');
    ({ user } = ok(await ada.client.getSession(), 'get-session'));
    assert.equal(user.plan, 'free');
  });

  it('puts the jwt fields in the JWT', async () => {
    const { token } = ok(await ada.client.token(), 'token');
    const { payload } = verifyJwtWithJwks(token, ok(await ada.client.jwks(), 'jwks'));
    assert.equal(payload.plan, 'free');
    assert.equal(payload.company, undefined);
  });
});
