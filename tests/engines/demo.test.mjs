// The demo (www/, with the release package in www/pkg) in each engine, driven like a person
// over WebDriver: it loads without an error, and the passwordless sign-up → inbox code →
// confirm → auto sign-in flow runs through its forms. The demo's full e2e suite
// (tests/e2e/) runs in Chromium with Playwright; this is its cross-engine smoke test.
//
//   node --test tests/engines/     (needs www/pkg: scripts/test.sh copies pkg/ there)
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { By, until } from 'selenium-webdriver';
import { startEmulator } from '../harness/emulator.mjs';
import { uniqueName } from '../harness/fixtures.mjs';
import { startStaticServer } from '../harness/static-server.mjs';
import { ENGINE_STARTERS, engines } from '../harness/webdriver.mjs';

const WWW = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'www');
const STEP_MS = 20_000;

let emu;
let web;

before(async () => {
  if (!fs.existsSync(path.join(WWW, 'pkg', 'cognito_wasm.js'))) {
    throw new Error('www/pkg is missing: scripts/test.sh copies pkg/ there (or: make build && cp -R pkg www/pkg)');
  }
  emu = await startEmulator();
  web = await startStaticServer({ root: WWW, port: 0 });
});

after(async () => {
  await web?.close().catch(() => {});
  await emu?.stop().catch(() => {});
});

for (const engine of engines()) {
  describe(`demo in ${engine}`, { concurrency: false }, () => {
    let session;
    let driver;

    before(async () => {
      session = await ENGINE_STARTERS[engine]();
      driver = session.driver;
      await driver.manage().setTimeouts({ script: STEP_MS, pageLoad: 60_000 });
    });
    after(async () => {
      await session?.stop();
    });

    const $ = (css) => driver.wait(until.elementLocated(By.css(css)), STEP_MS, `no ${css}`);
    const type = async (id, text) => (await $(`#${id}`)).sendKeys(text);
    const choose = (id, value) =>
      driver.executeScript((i, v) => {
        const e = document.getElementById(i);
        e.value = v;
        e.dispatchEvent(new Event('change', { bubbles: true }));
      }, id, value);
    /** The text of a card's result line once it is ok; fails with what it shows otherwise. */
    async function ok(testid, includes) {
      const line = await $(`[data-testid="${testid}"]`);
      await driver.wait(async () => ['ok', 'error'].includes(await line.getAttribute('data-state')), STEP_MS, `${testid}: no result`);
      const text = await line.getText();
      assert.equal(await line.getAttribute('data-state'), 'ok', `${testid}: ${text}`);
      assert.ok(text.includes(includes), `${testid}: expected "${includes}" in "${text}"`);
    }

    test('loads without an error, and a passwordless sign-up with auto sign-in runs through its forms', async () => {
      const q = new URLSearchParams({ endpoint: emu.endpoint, userPoolId: emu.userPoolId, userPoolClientId: emu.userPoolClientId });
      await driver.get(`${web.url}?${q}`);
      await driver.wait(async () => ['true', 'error'].includes(await driver.executeScript(() => document.body.dataset.ready)), STEP_MS);
      const ready = await driver.executeScript(() => [document.body.dataset.ready, document.querySelector('[data-testid="fatal"]')?.textContent ?? '']);
      assert.deepEqual(ready, ['true', ''], `the demo loaded in ${engine}`);

      const name = uniqueName(`demo-${engine}`);
      await type('su-username', name);
      await (await $('#su-mode-passwordless')).click();
      await type('su-email', `${name}@example.com`);
      await choose('su-auto', 'custom');
      await choose('su-auto-flow', 'USER_AUTH');
      await (await $('#signup-card button[type="submit"]')).click();
      await ok('signup-result', 'signUpStep: CONFIRM_SIGN_UP');

      // The dev inbox panel lists the code, newest first.
      const code = await driver.wait(
        () => driver.executeScript(() => document.querySelector('[data-testid="inbox-message"][data-purpose="SIGN_UP"] [data-testid="inbox-code"]')?.textContent.trim()),
        STEP_MS,
        'no SIGN_UP code in the inbox panel',
      );
      assert.match(code, /^\d{6}$/);
      assert.equal(await (await $('#cs-username')).getAttribute('value'), name, 'username carried over from sign-up');
      await type('cs-code', code);
      await (await $('#cs-submit')).click();
      await ok('confirm-signup-result', 'signUpStep: COMPLETE_AUTO_SIGN_IN');
      await (await $('#cs-auto')).click();
      await $('[data-testid="auth-status"][data-state="signed-in"]');
      assert.equal(await driver.executeScript(() => document.querySelector('[data-testid="next-step"]')?.dataset.step), 'DONE');
    });
  });
}
