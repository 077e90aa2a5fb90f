// A before_sign_up hook, seen through better-auth's own JavaScript client: authkit-server's
// --sign-up-domain installs one (examples/server/sign_up_policy.cpp), and the client gets its
// refusal as {status: 403, code: 'FORBIDDEN', message} like any better-auth APIError. Run by
// ctest as e2e.node.hooks; by hand: AUTHKIT_SERVER=build/examples/authkit-server node --test
// <this file>.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { importPackage, jarFetch, lastMail, readOutbox, startAuthServer } from './harness.mjs';

const { createAuthClient } = await importPackage('better-auth/client');

const PASSWORD = 'analytical engine 1843';
let server;

function client() {
  return createAuthClient({
    baseURL: server.root,
    basePath: '/api/v1/auth',
    fetchOptions: { customFetchImpl: jarFetch(server.origin) },
  });
}

describe('hooks through better-auth\'s client', () => {
  before(async () => {
    server = await startAuthServer({ args: ['--sign-up-domain', 'example.com'] });
  });

  after(async () => {
    if (server) {
      const code = await server.stop();
      assert.equal(code, 0, `authkit-server exit status; stderr:\n${server.stderr()}`);
    }
  });

  it('refuses a sign-up the hook turns away, with the hook\'s code and message', async () => {
    const result = await client().signUp.email({ name: 'Eve', email: 'eve@elsewhere.test', password: PASSWORD });
    assert.equal(result.data, null);
    assert.equal(result.error.status, 403, JSON.stringify(result.error));
    assert.equal(result.error.code, 'FORBIDDEN');
    assert.equal(result.error.message, 'Sign-ups are limited to addresses at example.com');
  });

  it('lets an address at an allowed domain sign up as usual', async () => {
    const result = await client().signUp.email({ name: 'Ada', email: 'Ada@Example.com', password: PASSWORD });
    assert.equal(result.error, null, JSON.stringify(result.error));
    assert.equal(result.data.user.email, 'ada@example.com');
    assert.equal((await lastMail(server.outbox, 'ada@example.com', 'verify-email')).to, 'ada@example.com');
    // The refused sign-up created nothing, so it mailed nothing: the queue is first in, first
    // out, and Ada's later mail is already out.
    assert.equal(readOutbox(server.outbox).filter((m) => m.to === 'eve@elsewhere.test').length, 0);
  });
});
