// Shared set-up for the end-to-end tests (not a test file itself): a private local-cognito,
// www/ served on a free loopback port, and headless Chromium (playwright-core, the system
// /usr/bin/chromium; never a downloaded browser).
//
//   const env = await startEnv();                 // default pool
//   const pool = await env.pool({ mfa: 'ON', … }); // a pool created with /_local/pools
//   const page = await env.open(pool);            // fresh context, demo loaded and ready
//   await env.close();
//
// The demo needs the release package in www/pkg (scripts/test.sh builds pkg/ and copies it;
// by hand: `make build && rm -rf www/pkg && cp -R pkg www/pkg`).
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createPool, startEmulator } from '../harness/emulator.mjs';
import { startStaticServer } from '../harness/static-server.mjs';

export { totp, uniqueName } from '../harness/fixtures.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const WWW = path.join(ROOT, 'www');
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
export const STEP_TIMEOUT_MS = 15_000;
export const PASSWORD = 'Correct-Horse-9!';

export async function startEnv() {
  const pkg = path.join(WWW, 'pkg', 'cognito_wasm.js');
  if (!existsSync(pkg)) {
    throw new Error(`${pkg} is missing: build the package and copy it (make build && rm -rf www/pkg && cp -R pkg www/pkg), or run TIERS=e2e scripts/test.sh`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (make setup installs it)`);
  const cleanups = [];
  const close = async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
    cleanups.length = 0;
  };
  try {
    const emu = await startEmulator();
    cleanups.push(() => emu.stop());
    const web = await startStaticServer({ root: WWW, port: 0 });
    cleanups.push(() => web.close());
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
    const defaultPool = { userPoolEndpoint: emu.endpoint, userPoolId: emu.userPoolId, userPoolClientId: emu.userPoolClientId };

    return {
      emu,
      web,
      browser,
      defaultPool,
      close,
      /** Creates a pool (POST /_local/pools) and returns its Amplify-style config. */
      async pool(config) {
        const out = await createPool(emu.endpoint, config);
        return { userPoolEndpoint: out.userPoolEndpoint || emu.endpoint, userPoolId: out.userPoolId, userPoolClientId: out.userPoolClientId };
      },
      /** The demo's URL for a pool (config passed as URL parameters). */
      url(pool = defaultPool) {
        const q = new URLSearchParams({ endpoint: pool.userPoolEndpoint, userPoolId: pool.userPoolId, userPoolClientId: pool.userPoolClientId });
        if (pool.identityPoolId) q.set('identityPoolId', pool.identityPoolId);
        return `${web.url}?${q}`;
      },
      /** A fresh browser context (own storage) with the demo loaded and ready. */
      async open(pool = defaultPool) {
        const page = await newPage(browser);
        await page.goto(this.url(pool));
        await waitReady(page);
        return page;
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A page in a fresh browser context (own storage) that records page errors and console
 * errors in `page.problems` (see assertNoPageErrors).
 */
export async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') page.problems.push(`console: ${m.text()}`);
  });
  return page;
}

/** The CDP virtual authenticator of the passkey tests: a platform authenticator with UV. */
const AUTHENTICATOR = {
  protocol: 'ctap2',
  transport: 'internal',
  hasResidentKey: true,
  hasUserVerification: true,
  isUserVerified: true,
  automaticPresenceSimulation: true,
};

/**
 * Wraps navigator.credentials.get/create with counters in `window.__webauthn` ({ get, create,
 * mediation: [] }); the real calls still run. Again after each reload.
 */
export async function countCeremonies(page) {
  await page.evaluate(() => {
    if (window.__webauthn) return;
    const creds = navigator.credentials;
    const get = creds.get.bind(creds);
    const create = creds.create.bind(creds);
    window.__webauthn = { get: 0, create: 0, mediation: [] };
    creds.get = (o) => {
      window.__webauthn.get += 1;
      window.__webauthn.mediation.push(o?.mediation ?? 'optional');
      return get(o);
    };
    creds.create = (o) => {
      window.__webauthn.create += 1;
      return create(o);
    };
  });
}

/**
 * Attaches a virtual authenticator to `page`'s tab and counts its ceremonies
 * (countCeremonies). Returns the device: { credentials(), send(method, params) }.
 */
export async function attachAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: AUTHENTICATOR });
  await countCeremonies(page);
  return {
    async credentials() {
      return (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
    },
    send(method, params = {}) {
      return cdp.send(method, { authenticatorId, ...params });
    },
  };
}

/** Waits until the demo finished loading (body[data-ready=true]) and shows no fatal error. */
export async function waitReady(page) {
  await page.waitForSelector('body[data-ready="true"], body[data-ready="error"]', { state: 'attached' });
  const fatal = page.getByTestId('fatal');
  if (await fatal.isVisible()) assert.fail(`the demo shows an error: ${await fatal.textContent()}`);
  assert.equal(await page.locator('body').getAttribute('data-ready'), 'true');
}

/** A card by its data-testid, for label-scoped lookups: card(page, 'signup-card').getByLabel(…). */
export function card(page, testid) {
  return page.getByTestId(testid);
}

/** Waits until the Next step panel shows `step` (data-step), returns the panel locator. */
export async function expectStep(page, step) {
  const panel = page.getByTestId('next-step');
  try {
    await page.locator(`[data-testid="next-step"][data-step="${step}"]`).waitFor();
  } catch (e) {
    const shown = await panel.getAttribute('data-step');
    const last = await page.getByTestId('log-entry').first().textContent().catch(() => '');
    throw new Error(`expected signInStep ${step}, the panel shows ${shown}; last log entry: ${last}`, { cause: e });
  }
  return panel;
}

/**
 * Waits until a card's result line shows an error, or success containing `includes` (any
 * success when omitted), and returns { state, text }.
 */
export async function result(page, testid, includes = '') {
  try {
    await page.waitForFunction(
      ([id, inc]) => {
        const e = document.querySelector(`[data-testid="${id}"]`);
        return e && (e.dataset.state === 'error' || (e.dataset.state === 'ok' && e.textContent.includes(inc)));
      },
      [testid, includes],
      { timeout: STEP_TIMEOUT_MS },
    );
  } catch (e) {
    const shown = await page.getByTestId(testid).textContent().catch(() => '?');
    throw new Error(`${testid}: expected a result${includes ? ` with "${includes}"` : ''}, it shows "${shown}"`, { cause: e });
  }
  const loc = page.getByTestId(testid);
  return { state: await loc.getAttribute('data-state'), text: (await loc.textContent()).trim() };
}

/** Asserts a card's result line ends ok (and contains `includes`, if given). */
export async function expectOk(page, testid, includes = '') {
  const r = await result(page, testid, includes);
  assert.equal(r.state, 'ok', `${testid}: ${r.text}`);
  return r.text;
}

/** Asserts a card's result line shows an error; returns its text. */
export async function expectError(page, testid, includes = '') {
  await page.locator(`[data-testid="${testid}"][data-state="error"]`).waitFor();
  const text = (await page.getByTestId(testid).textContent()).trim();
  if (includes) assert.ok(text.includes(includes), `${testid}: expected "${includes}" in "${text}"`);
  return text;
}

/** The number of dev-inbox messages of `purpose` currently listed. */
export async function inboxCount(page, purpose) {
  return page.locator(`[data-testid="inbox-message"][data-purpose="${purpose}"]`).count();
}

/**
 * Reads a code from the demo's dev inbox panel like a person would: waits until more than
 * `before` messages of `purpose` are listed (the list is newest first) and returns the newest.
 */
export async function codeFromInbox(page, purpose, before = 0) {
  const rows = page.locator(`[data-testid="inbox-message"][data-purpose="${purpose}"]`);
  await page.waitForFunction(
    ([p, n]) => document.querySelectorAll(`[data-testid="inbox-message"][data-purpose="${p}"]`).length > n,
    [purpose, before],
    { timeout: STEP_TIMEOUT_MS },
  );
  const code = (await rows.first().getByTestId('inbox-code').textContent()).trim();
  assert.match(code, /^\d{4,8}$/, `inbox code for ${purpose}`);
  return code;
}

/** The newest log entry of `call` once it finished; returns { status, text, errorName }. */
export async function lastLog(page, call) {
  const entry = page.locator(`[data-testid="log-entry"][data-call="${call}"]:not([data-status="pending"])`).first();
  await entry.waitFor();
  return {
    status: await entry.getAttribute('data-status'),
    errorName: await entry.getAttribute('data-error-name'),
    text: await entry.textContent(),
  };
}

/** Fails on uncaught page errors / console errors collected since open(). */
export function assertNoPageErrors(page) {
  // Chromium logs every non-2xx response ("Failed to load resource: … 400"): Cognito errors
  // are 400s by design and the tests check them through the page's log. Anything else
  // (uncaught exceptions, other console errors) is a problem.
  const problems = page.problems.filter((p) => !/Failed to load resource|net::ERR_/.test(p));
  assert.deepEqual(problems, [], 'page errors');
}

/** Saves a screenshot under target/ (created if needed); returns its path. */
export async function screenshot(page, name) {
  const dir = path.join(ROOT, 'target');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file });
  return file;
}
