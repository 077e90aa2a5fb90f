// The browser pages of authkit-server in a real browser: Debian's Chromium driven by
// playwright-core (pinned in package.json; it never downloads a browser). One user goes
// through register -> verification link -> sign-in -> dashboard -> tasks on
// authkit-resource-server (a JWT from /token, then Bearer calls from the page) -> sign-out and
// the dashboard guard -> password reset by the mailed link -> sign-in with the new password,
// the old one refused. No page may log a console error, throw, or violate its CSP.
//
// Run by ctest as e2e.node.browser (AUTHKIT_SERVER, AUTHKIT_RESOURCE_SERVER and CHROMIUM are
// set there); by hand, from this directory:
//   AUTHKIT_SERVER=.../authkit-server AUTHKIT_RESOURCE_SERVER=.../authkit-resource-server \
//   CHROMIUM=/usr/bin/chromium node --test browser.test.mjs

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import {
  binaryFromEnv, freePort, importPackage, lastMail, startAuthServer, startResourceServer,
} from './harness.mjs';

const { chromium } = await importPackage('playwright-core');

const EMAIL = 'grace@example.com';
const NAME = 'Grace Hopper';
const PASSWORD = 'compiler cobol 1959';
const NEW_PASSWORD = 'nanosecond wire 1985';
const TASK = 'Find the moth in relay 70';

// Every wait is on page state (a URL, an element, a data-kind); this bounds each of them.
// Argon2id on a loaded 2-core machine in a Debug build is the slow part, well under this.
const STEP_TIMEOUT_MS = 20000;

describe('browser pages in Chromium', () => {
  let auth;
  let resource;
  let browser;
  let page;
  const problems = [];   // console errors, uncaught page errors, CSP violations
  // Chromium logs every 4xx answer to fetch() as a console error ("Failed to load resource: the
  // server responded with a status of 401 ..."). The refusals this scenario provokes on purpose
  // are announced here ("401 /api/v1/auth/sign-in/email") and each excuses one such line.
  const expectedFailures = [];
  const bearerCalls = [];  // resource-server requests the pages made, with their Authorization

  before(async () => {
    const executablePath = binaryFromEnv('CHROMIUM');
    // The resource server's address goes into authkit-server's --resource-url (the dashboard's
    // config and its CSP connect-src), and authkit-server's into the resource server's
    // --jwks-url/--issuer/--audience/--trusted-origin: one of them must be known first. We
    // pick a free port for the resource server here and pass it explicitly. Small race: the
    // port is free when freePort() closes its probe and could be taken before the resource
    // server binds it; the resource server then fails to start and this test fails saying so.
    const resourcePort = await freePort();
    auth = await startAuthServer({ args: ['--resource-url', `http://127.0.0.1:${resourcePort}`] });
    resource = await startResourceServer(auth, { port: resourcePort });

    // Headless. playwright-core passes --no-sandbox itself (its chromiumSandbox option is off
    // by default), which Chromium needs when it runs as root, as it does on the project's
    // machines and in CI containers; the pages are our own, served from loopback.
    browser = await chromium.launch({ executablePath, headless: true });
    const context = await browser.newContext();
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
    page = await context.newPage();
    page.on('console', (message) => {
      // Chromium reports CSP violations ("... violates the following Content Security Policy
      // directive ...") and failed loads as console errors.
      if (message.type() !== 'error') return;
      const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(message.text());
      const at = message.location().url;
      const excused = status && at ? expectedFailures.indexOf(`${status[1]} ${new URL(at).pathname}`) : -1;
      if (excused >= 0) {
        expectedFailures.splice(excused, 1);
      } else {
        problems.push(`console error on ${page.url()}: ${message.text()} (${message.location().url})`);
      }
    });
    page.on('pageerror', (error) => problems.push(`uncaught error on ${page.url()}: ${error.message}`));
    page.on('request', (request) => {
      if (request.url().startsWith(resource.root) && request.method() !== 'OPTIONS') {
        bearerCalls.push({ method: request.method(), url: request.url(),
          authorization: request.headers().authorization ?? '' });
      }
    });
  });

  after(async () => {
    await browser?.close();
    const codes = { resource: await resource?.stop(), auth: await auth?.stop() };
    if (resource) assert.equal(codes.resource, 0, `authkit-resource-server exit status; stderr:\n${resource.stderr()}`);
    if (auth) assert.equal(codes.auth, 0, `authkit-server exit status; stderr:\n${auth.stderr()}`);
  });

  const url = (path) => `${auth.root}${path}`;

  /**
   * Waits until `#id` carries a result (data-kind error or success; the pages set "info" while
   * they clear it), then checks its kind and code. Returns its text.
   */
  async function result(id, kind, code = '') {
    const region = page.locator(`#${id}[data-kind="error"], #${id}[data-kind="success"]`);
    await region.waitFor();
    const seen = { kind: await region.getAttribute('data-kind'), code: await region.getAttribute('data-code'),
      text: await region.textContent() };
    assert.deepEqual({ kind: seen.kind, code: seen.code }, { kind, code }, `#${id}: ${JSON.stringify(seen)}`);
    return seen.text;
  }

  /** The path the page is on now, once it has reached `path`. */
  async function landsOn(path) {
    await page.waitForURL((u) => u.pathname === path);
    return new URL(page.url()).pathname;
  }

  /** Expects the page's next sign-in to be refused with `status`. */
  function expectRefusedSignIn(status) {
    expectedFailures.push(`${status} /api/v1/auth/sign-in/email`);
  }

  async function signIn(password) {
    await page.goto(url('/auth/login'));
    await page.fill('#email', EMAIL);
    await page.fill('#password', password);
    assert.equal(await page.isChecked('#remember'), true, 'remember me starts checked');
    await page.click('#submit');
  }

  async function signOut() {
    await page.click('#sign-out');
    assert.equal(await landsOn('/auth/login'), '/auth/login');
  }

  it('registers, with a "check your mail" message and the form gone', async () => {
    await page.goto(url('/auth/register'));
    await page.fill('#name', NAME);
    await page.fill('#email', EMAIL);
    await page.fill('#password', PASSWORD);
    await page.fill('#confirm-password', PASSWORD);
    await page.click('#submit');
    assert.match(await result('message', 'success'), new RegExp(EMAIL.replace('.', '\\.')));
    assert.equal(await page.isVisible('#register-form'), false);
  });

  it('refuses sign-in before verification and offers to resend the mail', async () => {
    expectRefusedSignIn(403);
    await signIn(PASSWORD);
    await result('message', 'error', 'EMAIL_NOT_VERIFIED');
    await page.locator('#resend-verification').waitFor({ state: 'visible' });
  });

  it('verifies the address through the link in the mail', async () => {
    const mail = await lastMail(auth.outbox, EMAIL, 'verify-email');
    await page.goto(mail.url);
    assert.equal(await landsOn('/auth/verify-email'), '/auth/verify-email');
    await result('message', 'success');
    await page.locator('#dashboard-link:visible, #login-link:visible').waitFor();
  });

  it('signs in and shows the dashboard with the user', async () => {
    await signIn(PASSWORD);
    assert.equal(await landsOn('/dashboard'), '/dashboard');
    assert.equal((await page.textContent('#user-email')).trim(), EMAIL);
    assert.equal((await page.textContent('#user-name')).trim(), NAME);
    assert.equal((await page.textContent('#user-verified')).trim(), 'yes');
    assert.match(await page.getAttribute('body', 'data-user-id'), /^\S+$/);
    assert.equal(await page.isVisible('#tasks-unavailable'), false);
  });

  it('adds a task on the resource server, and it is still there after a reload', async () => {
    await page.locator('#tasks-message[data-kind="info"]').waitFor({ state: 'attached' });
    assert.equal((await page.textContent('#tasks-message')).trim(), 'No tasks yet.');
    assert.equal(await page.locator('#task-list li').count(), 0);

    await page.fill('#task-title', TASK);
    await page.fill('#task-description', 'Tape it into the logbook');
    await page.click('#add-task');
    await result('tasks-message', 'success');
    const item = page.locator('#task-list li[data-task-id]');
    assert.equal(await item.count(), 1);
    assert.equal(await item.locator('.task-title').textContent(), TASK);
    const id = await item.getAttribute('data-task-id');

    await page.reload();
    const reloaded = page.locator(`#task-list li[data-task-id="${id}"]`);
    await reloaded.waitFor();
    assert.equal(await reloaded.locator('.task-title').textContent(), TASK);
    assert.equal(await page.locator('#task-list li').count(), 1);

    const userId = await page.getAttribute('body', 'data-user-id');
    const calls = bearerCalls.map((c) => `${c.method} ${new URL(c.url).pathname}`);
    assert.deepEqual(calls, [`GET /api/${userId}/tasks`, `POST /api/${userId}/tasks`, `GET /api/${userId}/tasks`]);
    for (const call of bearerCalls) assert.match(call.authorization, /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('signs out to /auth/login, and the dashboard then redirects there', async () => {
    await signOut();
    const response = await page.goto(url('/dashboard'));
    assert.equal(await landsOn('/auth/login'), '/auth/login');
    const redirect = response.request().redirectedFrom();
    assert.ok(redirect, 'the guard answered with a redirect');
    assert.equal(new URL(redirect.url()).pathname, '/dashboard');
  });

  it('resets the password through the mailed link', async () => {
    await page.goto(url('/auth/reset-password'));
    await page.fill('#email', EMAIL);
    await page.click('#submit');
    await result('message', 'success');

    const mail = await lastMail(auth.outbox, EMAIL, 'reset-password');
    await page.goto(mail.url);
    assert.equal(await landsOn('/auth/update-password'), '/auth/update-password');
    // The page keeps the token in memory and takes it out of the address bar.
    await page.waitForURL((u) => u.search === '');
    await page.fill('#password', NEW_PASSWORD);
    await page.fill('#confirm-password', NEW_PASSWORD);
    await page.click('#submit');
    await result('message', 'success');
    await page.click('#login-link');
    assert.equal(await landsOn('/auth/login'), '/auth/login');
    await result('message', 'success');
  });

  it('refuses the old password and signs in with the new one', async () => {
    expectRefusedSignIn(401);
    await signIn(PASSWORD);
    await result('message', 'error', 'INVALID_EMAIL_OR_PASSWORD');
    assert.equal(new URL(page.url()).pathname, '/auth/login');

    await signIn(NEW_PASSWORD);
    assert.equal(await landsOn('/dashboard'), '/dashboard');
    assert.equal((await page.textContent('#user-email')).trim(), EMAIL);
    await page.locator(`#task-list li[data-task-id] .task-title:text-is("${TASK}")`).waitFor();
    await signOut();
  });

  it('logged no console errors, page errors or CSP violations', () => {
    assert.deepEqual(problems, []);
  });
});
