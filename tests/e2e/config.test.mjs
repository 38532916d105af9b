// End-to-end: how the demo finds its pool. Without URL parameters it reads
// ./local-cognito.json, the file local-cognito writes with --write-config (what `make demo`
// does); URL parameters win over the file; with neither it says what to do.
// The page is served from a temporary folder that links to www/'s files, so the real www/
// (where a running `make demo` keeps its own local-cognito.json) is never touched.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startEmulator } from '../harness/emulator.mjs';
import { startStaticServer } from '../harness/static-server.mjs';
import { CHROMIUM, WWW, assertNoPageErrors, expectError, expectOk, newPage, startEnv, uniqueName, waitReady } from './support.mjs';

let env; // checks www/pkg and Chromium; its emulator serves as "another pool" below
let emu;
let web;
let bare; // served folder without local-cognito.json
let bareWeb;
let browser;
let dirs = [];

function linkedCopyOfWww() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cognito-wasm-e2e-www-'));
  dirs.push(dir);
  for (const name of readdirSync(WWW)) {
    if (name === 'local-cognito.json' || name.startsWith('.')) continue;
    symlinkSync(path.join(WWW, name), path.join(dir, name));
  }
  return dir;
}

before(async () => {
  env = await startEnv();
  const dir = linkedCopyOfWww();
  emu = await startEmulator(['--write-config', path.join(dir, 'local-cognito.json')]);
  web = await startStaticServer({ root: dir, port: 0 });
  bare = linkedCopyOfWww();
  bareWeb = await startStaticServer({ root: bare, port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});
after(async () => {
  await browser?.close();
  await web?.close();
  await bareWeb?.close();
  await emu?.stop();
  await env?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function openPage(url) {
  const page = await newPage(browser);
  await page.goto(url);
  return page;
}

test('without URL parameters the demo uses ./local-cognito.json written by local-cognito --write-config', async () => {
  const page = await openPage(web.url);
  await waitReady(page);
  assert.equal(await page.getByTestId('config-source').textContent(), 'local-cognito.json');
  assert.match(await page.getByTestId('config-summary').textContent(), new RegExp(`^${emu.userPoolId} @ 127\\.0\\.0\\.1:\\d+$`));
  assert.equal(await page.getByLabel('userPoolClientId').inputValue(), emu.userPoolClientId);

  // The calls go to that emulator: a sign-up there puts a code in its inbox.
  const name = uniqueName('cfg');
  await page.getByTestId('signup-card').getByLabel('Username').fill(name);
  await page.getByTestId('signup-card').getByLabel('Password', { exact: true }).fill('Correct-Horse-9!');
  await page.getByTestId('signup-card').getByLabel('Email').fill(`${name}@example.com`);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'CONFIRM_SIGN_UP');
  await page.locator('[data-testid="inbox-message"][data-purpose="SIGN_UP"]').waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

test('URL parameters win over ./local-cognito.json', async () => {
  const other = env.defaultPool; // a different emulator (other port)
  const q = new URLSearchParams({ endpoint: other.userPoolEndpoint, userPoolId: other.userPoolId, userPoolClientId: other.userPoolClientId });
  const page = await openPage(`${web.url}?${q}`);
  await waitReady(page);
  assert.equal(await page.getByTestId('config-source').textContent(), 'URL parameters');
  assert.equal(await page.getByLabel('userPoolEndpoint').inputValue(), other.userPoolEndpoint);
  assert.notEqual(other.userPoolEndpoint, emu.endpoint);

  // Every form control has a label (ids and <label for> stay in step).
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')].filter((e) => e.labels.length === 0).map((e) => e.id || e.outerHTML),
  );
  assert.deepEqual(unlabelled, [], 'controls without a <label>');

  // The API explorer lists the package's functions and calls them with JSON input.
  const explorer = page.getByTestId('explorer-card');
  const calls = await explorer.getByLabel('Function').locator('option').allTextContents();
  for (const c of ['signUp', 'signIn', 'confirmSignIn', 'getPendingSignIn', 'exportSignIn', 'resumeSignIn', 'configure']) {
    assert.ok(calls.includes(c), `explorer lists ${c}: ${calls}`);
  }
  await explorer.getByLabel('Function').selectOption('resendSignUpCode');
  await explorer.getByLabel(/Input/).fill('{ "username": "" }');
  await explorer.getByRole('button', { name: 'Call' }).click();
  const text = await expectError(page, 'explorer-result', 'EmptyResendSignUpCodeUsername');
  assert.match(text, /^✗ EmptyResendSignUpCodeUsername: \S/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('with neither, the page explains how to get a config', async () => {
  const page = await openPage(bareWeb.url);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const fatal = page.getByTestId('fatal');
  await fatal.waitFor();
  assert.match(await fatal.textContent(), /local-cognito\.json.*make demo/s);
  assert.equal(await page.getByTestId('config-source').textContent(), 'nowhere');
  await page.context().close();
});
