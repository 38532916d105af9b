// Consumer test of the npm package: what an app developer gets from `npm install cognito-wasm`.
//
//   1. scripts/package.mjs turns pkg/ (wasm-pack --target web, built by scripts/test.sh or
//      `make build`) into the package; `npm pack` makes the tarball.
//   2. A throwaway app in a temp dir installs the tarball (offline, no other dependency) and
//      is built with Vite (the workspace's, no plugin, no config) and type-checked with tsc.
//   3. Headless Chromium runs, against a private local Cognito: the passwordless sign-up +
//      auto sign-in flow and an `instanceof AuthError` check in the Vite build; that the app
//      renders before the wasm is requested and that calls made right after import succeed
//      (the main entry loads the wasm lazily); a failed wasm load (WasmLoadError, the next
//      call loads again); the same app under Vite's dev server; and a plain
//      <script type="module"> page using the explicit-init entry 'cognito-wasm/init'.
//   4. The Vite build in Firefox ESR and WebKitGTK too, over WebDriver ($ENGINES picks them):
//      calls made at import, and the passwordless sign-up + auto sign-in flow.
//
//   node --test tests/consumer/          (needs pkg/, local-cognito built, the engines: make setup)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { build, createServer } from 'vite';
import { latestCode, startEmulator } from '../harness/emulator.mjs';
import { startStaticServer } from '../harness/static-server.mjs';
import { ENGINE_STARTERS, engines, inPage } from '../harness/webdriver.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const STEP_TIMEOUT_MS = 20_000;

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const cargoVersion = () => fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8').match(/^\[package\][\s\S]*?^version\s*=\s*"([^"]+)"/m)[1];

describe('npm package consumer', { concurrency: false }, () => {
  let tmp, packageDir, tarball, packed, app, emu, vite, plain, browser;
  const cleanups = [];

  before(async () => {
    if (!fs.existsSync(path.join(ROOT, 'pkg', 'cognito_wasm_bg.wasm'))) {
      throw new Error('pkg/ is missing: build it first (make build, or scripts/test.sh builds it)');
    }
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (make setup installs it)`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-wasm-consumer-'));
    cleanups.push(async () => fs.rmSync(tmp, { recursive: true, force: true }));

    // 1. the package and its tarball
    packageDir = path.join(tmp, 'package');
    run(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', packageDir], ROOT);
    [packed] = JSON.parse(run('npm', ['pack', packageDir, '--json', '--pack-destination', tmp, '--loglevel=error'], tmp));
    tarball = path.join(tmp, packed.filename);

    // 2. the consumer app: fixture files + a package.json depending on the tarball only
    app = path.join(tmp, 'app');
    fs.cpSync(path.join(HERE, 'app'), app, { recursive: true });
    fs.cpSync(path.join(HERE, 'plain'), path.join(app, 'plain'), { recursive: true });
    fs.writeFileSync(
      path.join(app, 'package.json'),
      JSON.stringify({ name: 'consumer-app', private: true, type: 'module', dependencies: { 'cognito-wasm': `file:${tarball}` } }, null, 2),
    );
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    await build({ root: app, configFile: false, logLevel: 'warn', build: { outDir: 'dist', emptyOutDir: true } });

    // 3. servers and browser
    emu = await startEmulator();
    cleanups.push(() => emu.stop());
    vite = await startStaticServer({ root: path.join(app, 'dist'), port: 0 });
    cleanups.push(() => vite.close());
    plain = await startStaticServer({ root: app, port: 0 });
    cleanups.push(() => plain.close());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    cleanups.push(() => browser.close());
  });

  after(async () => {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  });

  const poolQuery = (extra = {}) =>
    new URLSearchParams({ endpoint: emu.endpoint, userPoolId: emu.userPoolId, userPoolClientId: emu.userPoolClientId, ...extra }).toString();

  /**
   * A fresh context and page at `url`; page errors, failed requests and the paths requested
   * (in order) are collected. `setup(context, page)` runs before the navigation.
   */
  async function open(url, t, setup) {
    const context = await browser.newContext();
    t.after(() => context.close());
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    // Cognito's errors are 400 responses of the emulator (expected); anything else is a problem.
    const expected = (u = '') => u.startsWith(emu.endpoint) || u.endsWith('/favicon.ico');
    page.on('console', (m) => m.type() === 'error' && !expected(m.location()?.url) && problems.push(`console: ${m.text()}`));
    page.on('response', (r) => r.status() >= 400 && !expected(r.url()) && problems.push(`HTTP ${r.status()} ${r.url()}`));
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    if (setup) await setup(context, page);
    await page.goto(url);
    return { page, problems, requests };
  }

  /** The README flow in a page whose window.app holds the library. */
  async function passwordlessSignUp(page, username) {
    const email = `${username}@example.com`;
    const up = await page.evaluate(
      ({ username, email }) =>
        window.app.signUp({ username, options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } } }),
      { username, email },
    );
    assert.equal(up.isSignUpComplete, false, JSON.stringify(up));
    assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP', JSON.stringify(up));
    assert.equal(up.nextStep.codeDeliveryDetails?.deliveryMedium, 'EMAIL', JSON.stringify(up));

    // The code from the emulator's dev inbox, read by the page itself (the endpoint sends CORS headers).
    const code = await page.evaluate(async ({ endpoint, username }) => {
      const res = await fetch(`${endpoint}/_local/inbox?username=${encodeURIComponent(username)}`);
      const { messages } = await res.json();
      return messages.filter((m) => m.purpose === 'SIGN_UP').at(-1)?.code;
    }, { endpoint: emu.endpoint, username });
    assert.match(code ?? '', /^\d{6}$/, 'a SIGN_UP code in the inbox');
    assert.equal(code, await latestCode(emu.endpoint, username, 'SIGN_UP'));

    const confirmed = await page.evaluate(({ username, code }) => window.app.confirmSignUp({ username, confirmationCode: code }), { username, code });
    assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN', JSON.stringify(confirmed));

    const signedIn = await page.evaluate(() => window.app.autoSignIn());
    assert.equal(signedIn.isSignedIn, true, JSON.stringify(signedIn));
    assert.equal(signedIn.nextStep.signInStep, 'DONE');
    const session = await page.evaluate(async () => {
      const s = await window.app.fetchAuthSession();
      return { sub: s.userSub, hasAccessToken: typeof s.tokens?.accessToken?.toString() === 'string' };
    });
    assert.ok(session.sub, 'fetchAuthSession has the user');
    assert.equal(session.hasAccessToken, true);
  }

  /** The rejection of `window.app.signUp(input)`, as seen by the page. */
  function signUpError(page, input) {
    return page.evaluate(async (input) => {
      try {
        await window.app.signUp(input);
        return null;
      } catch (e) {
        return {
          instanceOfAuthError: e instanceof window.app.AuthError,
          instanceOfError: e instanceof Error,
          name: e.name,
          message: e.message,
          recoverySuggestion: e.recoverySuggestion,
        };
      }
    }, input);
  }

  test('the tarball is the package: manifest, entries, files', () => {
    const files = packed.files.map((f) => f.path).sort();
    // js/glue.js, with the AuthError class moved beside it (the main entry imports only that).
    const snippet = files.filter((f) => f.startsWith('snippets/')).sort().reverse();
    assert.equal(snippet.length, 2, `two snippet files: ${snippet}`);
    assert.match(snippet[0], /^snippets\/cognito-wasm-[0-9a-f]+\/js\/glue\.js$/);
    assert.equal(snippet[1], snippet[0].replace(/glue\.js$/, 'auth-error.js'));
    assert.deepEqual(
      files.filter((f) => !f.startsWith('snippets/')),
      ['LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'cognito_wasm.d.ts', 'cognito_wasm.js', 'cognito_wasm_bg.wasm',
        'index.d.ts', 'index.js', 'init.d.ts', 'init.js', 'package.json'],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(app, 'node_modules', 'cognito-wasm', 'package.json'), 'utf8'));
    assert.equal(manifest.name, 'cognito-wasm');
    assert.equal(manifest.version, cargoVersion());
    assert.equal(manifest.type, 'module');
    assert.equal(manifest.license, 'MIT OR Apache-2.0');
    assert.deepEqual(manifest.exports['.'], { types: './index.d.ts', default: './index.js' });
    assert.deepEqual(manifest.exports['./init'], { types: './init.d.ts', default: './init.js' });
    assert.equal(manifest.sideEffects, false);
    const initJs = fs.readFileSync(path.join(app, 'node_modules', 'cognito-wasm', 'init.js'), 'utf8');
    assert.ok(initJs.includes(`from './${snippet[0]}'`), 'init.js re-exports AuthError from the snippet cognito_wasm.js imports');
    const glue = fs.readFileSync(path.join(app, 'node_modules', 'cognito-wasm', 'cognito_wasm.js'), 'utf8');
    assert.ok(glue.includes(`from './${snippet[0]}'`));
    const indexJs = fs.readFileSync(path.join(app, 'node_modules', 'cognito-wasm', 'index.js'), 'utf8');
    assert.ok(indexJs.includes(`from './${snippet[1]}'`), 'index.js imports AuthError from its own file');
    assert.doesNotMatch(indexJs, /^import[^\n]*(cognito_wasm\.js|glue\.js)/m, 'index.js imports neither the glue nor the snippet statically');
    for (const f of ['index.d.ts', 'init.d.ts']) {
      const code = fs.readFileSync(path.join(app, 'node_modules', 'cognito-wasm', f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      assert.doesNotMatch(code, /\bany\b/, f);
    }
  });

  test('the main entry\'s wrappers follow the wasm module\'s exports; the build stops on one it cannot wrap', () => {
    const indexJs = fs.readFileSync(path.join(packageDir, 'index.js'), 'utf8');
    const dts = fs.readFileSync(path.join(ROOT, 'pkg', 'cognito_wasm.d.ts'), 'utf8');
    const declared = [...dts.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]).filter((n) => n !== 'initSync');
    assert.ok(declared.length > 20);
    for (const name of declared) assert.match(indexJs, new RegExp(`^export function ${name}\\(`, 'm'), `index.js wraps ${name}`);
    assert.match(indexJs, /^export class AuthClient \{/m);
    // A copy of pkg/ with one more synchronous export that returns a value, or one the JS lacks.
    const variant = (name, dtsLine, jsLine) => {
      const dir = path.join(tmp, name);
      fs.cpSync(path.join(ROOT, 'pkg'), dir, { recursive: true });
      fs.appendFileSync(path.join(dir, 'cognito_wasm.d.ts'), `${dtsLine}\n`);
      if (jsLine) fs.appendFileSync(path.join(dir, 'cognito_wasm.js'), `${jsLine}\n`);
      const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--pkg', dir, '--out', path.join(tmp, `${name}-out`)], { cwd: ROOT, encoding: 'utf8' });
      assert.notEqual(r.status, 0, `${name}: package.mjs must fail`);
      return r.stderr;
    };
    assert.match(variant('sync-result', 'export function whoAmI(): string;', 'export function whoAmI() { return ""; }'), /whoAmI\(\) is synchronous and returns string/);
    assert.match(variant('not-exported', 'export function ghost(): Promise<void>;'), /disagree: .*not exported ghost/);
  });

  test('TypeScript: the app type-checks against the installed package (bundler and nodenext resolution)', () => {
    const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
    for (const cfg of ['tsconfig.json', 'tsconfig.nodenext.json']) {
      try {
        run(tsc, ['-p', cfg], app);
      } catch (e) {
        assert.fail(`tsc -p ${cfg}:\n${e.stdout}${e.stderr}`);
      }
    }
  });

  test('Vite build (no plugin, no config): one wasm asset, a small entry chunk, the wasm glue on demand', (t) => {
    const assets = fs.readdirSync(path.join(app, 'dist', 'assets'));
    const wasm = assets.filter((f) => f.endsWith('.wasm'));
    const js = assets.filter((f) => f.endsWith('.js'));
    assert.equal(wasm.length, 1, `one .wasm asset: ${assets}`);
    assert.equal(js.length, 2, `the entry chunk and wasm-bindgen's glue loaded on demand: ${assets}`);
    const html = fs.readFileSync(path.join(app, 'dist', 'index.html'), 'utf8');
    const entry = js.find((f) => html.includes(`/assets/${f}`));
    assert.ok(entry, `index.html loads one of ${js}`);
    const lazy = js.find((f) => f !== entry);
    assert.ok(!html.includes(lazy) && !html.includes(wasm[0]), 'neither the glue nor the wasm is preloaded by the page');
    const size = (f) => fs.statSync(path.join(app, 'dist', 'assets', f)).size;
    t.diagnostic(`vite build: entry ${entry} ${size(entry)} B, on demand ${lazy} ${size(lazy)} B + ${wasm[0]} ${size(wasm[0])} B (minified)`);
  });

  // A regression guard, not the goal: the goal is ≤ 1.25× Amplify on the full surface (docs/architecture.md "Size").
  // It follows the full signed-in surface app (scripts/app-size.mjs `full`): 69.3 KB with the
  // wasm instantiated at import (c073433), 71.4 KB since the main entry loads it on demand:
  // +2.1 KB for the loader with its generated wrappers, Vite's dynamic-import helper and
  // wasm-bindgen's glue kept whole behind `import()` (docs/architecture.md "Loading"). Of the 71.4 KB, 2.1 KB (JS) is on the
  // critical path, against all 69.3 KB before. 78.3 KB since the one-driver refactor (issue 16):
  // +6.9 KB, all wasm, for typed per-operation outputs through to the binding (each operation's
  // monomorphised step, begin and output shaping; measured per function in the closing note of
  // that issue, whose size decision is open). 81.0 KB with issue 18's session fixes (+2.7 KB
  // wasm gzip: sign-out order, signed-in refusals, export naming its pool and client, pool id
  // check 0.6; request timeouts 0.4; drift clamp and failed-write removal 0.1; late token
  // responses dropped 0.2; one shared refresh 0.7; token expiry checks 0.3; the TOTP secret in
  // memory only 0.2; two tabs refreshing at once, pending kept on 5xx). Lower the ceilings
  // when the sizes go down; never raise them without saying why. 94.2 KB with issue 19 (+13.3 KB
  // gzip, all but 0.4 KB wasm): the ten account-settings and device calls, each a binding
  // export, an operation and its output shaping (~1 KB gzip a call: updatePassword, the five
  // attribute calls, deleteUser, fetchDevices, rememberDevice, forgetDevice), decodeJWT, and
  // remembered devices inside every sign-in (ConfirmDevice, DEVICE_SRP_AUTH, the device SRP
  // verifier, the retry without a forgotten device: ~2.7 KB). The wasm holds every call whatever
  // the app imports, so the `full` and `account` sets now ship the same wasm. 97.8 KB with
  // issue 21 (+3.6 KB gzip wasm): AWS credentials from identity pools in fetchAuthSession
  // (GetId, GetCredentialsForIdentity, the identity kept as Amplify keeps it, the shared
  // fetch, the config's identity pool). Amplify's 38.5 KB already holds its credentials
  // provider (Amplify.configure installs it), so its side does not grow. 108.1 KB (110,659 B)
  // with issue 20 (+10.3 KB gzip, all but 0.2 KB wasm; the JS glue +0.2 KB): the hosted UI,
  // signInWithRedirect: the authorize URL with PKCE and state, the return URL and the code's
  // completion on page load, the form POST to /oauth2/token, the redirect URL choice, the
  // logout URL in signOut, the oauth config and its domain check. The wasm holds it whatever
  // the app imports; Amplify's bundle for these sets leaves signInWithRedirect out (not
  // imported), so its side does not grow. Room: 0.9 KB.
  const APP_SIZE_CEILING_KB = 109;
  const CRITICAL_JS_CEILING_KB = 2.5;
  test(`what a Vite app ships for the full signed-in surface: one wasm + JS, under ${APP_SIZE_CEILING_KB} KB gzip`, (t) => {
    const report = JSON.parse(run(process.execPath, [path.join(ROOT, 'scripts', 'app-size.mjs'), '--json', '--dist', packageDir], ROOT));
    assert.deepEqual(Object.keys(report.sets), ['five', 'full', 'account']);
    assert.equal(report.sets.account.calls.length, 29);
    assert.equal(report.sets.full.calls.length, 19);
    for (const [name, set] of Object.entries(report.sets)) {
      const [amplify, ours] = set.apps;
      assert.equal(ours.app, 'cognito-wasm');
      assert.equal(ours.files.filter((f) => f.file.endsWith('.wasm')).length, 1);
      assert.ok(ours.js_gzip > 0 && ours.wasm_gzip > 0 && amplify.js_gzip > 0);
      const kb = (n) => (n / 1024).toFixed(1);
      t.diagnostic(`${name}: gzip cognito-wasm ${kb(ours.gzip)} KB (wasm ${kb(ours.wasm_gzip)}, JS ${kb(ours.js_gzip)}, critical JS ${kb(ours.critical_js_gzip)}), aws-amplify ${kb(amplify.gzip)} KB`);
    }
    const ours = report.sets.full.apps[1];
    assert.ok(ours.gzip <= APP_SIZE_CEILING_KB * 1024, `${ours.gzip} B gzip is over the ${APP_SIZE_CEILING_KB} KB ceiling`);
    // Off the critical path: the entry chunk carries the wrappers, not wasm-bindgen's glue.
    assert.ok(ours.critical_js_gzip <= CRITICAL_JS_CEILING_KB * 1024, `${ours.critical_js_gzip} B of critical JS is over ${CRITICAL_JS_CEILING_KB} KB`);
  });

  test('Vite build: the app renders before the wasm is requested, and calls made at import succeed', async (t) => {
    const { page, problems, requests } = await open(`${vite.url}?${poolQuery()}`, t);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const [session, user, clientSession] = await page.evaluate(() => window.firstCalls);
    assert.deepEqual(session, { value: { signedIn: false } }, 'fetchAuthSession() called right after import');
    assert.deepEqual(user, { error: { name: 'UserUnAuthenticatedException', isAuthError: true, isWasmLoadError: false } });
    assert.deepEqual(clientSession, { value: { signedIn: false } }, 'a method of an AuthClient made before the wasm was ready');
    // decodeJWT answers before the wasm is ready exactly as after (the wasm decodes then).
    const before = await page.evaluate(() => window.jwtBeforeReady);
    const afterReady = await page.evaluate(() => window.jwtAfterReady);
    assert.deepEqual(before, afterReady, 'decodeJWT before and after the wasm is ready');
    assert.equal(before[0].payload.name, 'Zoë ✓');
    assert.deepEqual(before.map((r) => r.error ?? 'ok'), ['ok', 'ok', ...Array(8).fill('InvalidTokenException')]);
    // A synchronous method with a result cannot wait: a typed error until preload() resolves.
    assert.deepEqual(await page.evaluate(() => window.pendingBeforeReady), { name: 'WasmNotReady', isAuthError: true });
    // The browser's own clock: the wasm's fetch started after the app rendered.
    const seen = await page.evaluate(() => ({
      renderedAt: window.renderedAt,
      wasm: performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).map((e) => e.startTime),
    }));
    assert.equal(seen.wasm.length, 1, 'the wasm is fetched once');
    assert.ok(seen.wasm[0] > seen.renderedAt, `wasm fetch started at ${seen.wasm[0]} ms, the app rendered at ${seen.renderedAt} ms`);
    // And the request order: page, entry chunk, then the glue chunk and the wasm.
    const assets = requests.filter((p) => p.startsWith('/assets/'));
    assert.equal(assets.length, 3, JSON.stringify(requests));
    assert.match(assets[0], /^\/assets\/index-[\w-]+\.js$/);
    assert.deepEqual(assets.slice(1).map((p) => p.split('.').pop()).sort(), ['js', 'wasm']);
    assert.deepEqual(problems, []);
  });

  test('Vite build: a failed wasm load is a WasmLoadError, and the next call loads again (without streaming compilation)', async (t) => {
    let wasmRequests = 0;
    // The first wasm request fails; the next is served as application/octet-stream, so the
    // retry also takes the path without streaming compilation.
    const failFirst = (context) =>
      context.route('**/*.wasm', async (route) => {
        if (++wasmRequests === 1) return route.fulfill({ status: 503, body: 'unavailable' });
        const response = await route.fetch();
        return route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
      });
    const { page, problems } = await open(`${vite.url}?${poolQuery()}`, t, failFirst);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const first = await page.evaluate(() => window.firstCalls);
    const loadError = { error: { name: 'WasmLoadError', isAuthError: true, isWasmLoadError: true } };
    assert.deepEqual(first, [loadError, loadError, loadError], 'every waiting call gets the one load failure');
    assert.equal(wasmRequests, 1, 'concurrent first calls share one load');
    const session = await page.evaluate(async () => (await window.app.fetchAuthSession()).tokens === undefined);
    assert.equal(session, true, 'the next call loads the wasm and runs (configure was kept)');
    assert.equal(wasmRequests, 2);
    // The client made before the failed load works too, and its synchronous methods now answer.
    const pending = await page.evaluate(() => window.app.client.getPendingSignIn() ?? null);
    assert.equal(pending, null);
    assert.deepEqual(problems.filter((p) => !/\b503\b/.test(p)), []);
  });

  test('Vite build: passwordless sign-up, confirm, auto sign-in', async (t) => {
    const { page, problems } = await open(`${vite.url}?${poolQuery()}`, t);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await passwordlessSignUp(page, 'vite-ann');
    // onAuthEvent subscribed at import, before the wasm was ready; the one unsubscribed then never fires.
    const events = await page.evaluate(() => ({ seen: window.authEvents, unsubscribed: window.unsubscribedListenerCalled ?? false }));
    assert.deepEqual(events, { seen: ['signedIn', 'autoSignIn'], unsubscribed: false });
    assert.deepEqual(problems, []);
  });

  // The Vite build's way of loading the wasm (an asset URL from import.meta.url, a dynamic
  // import of the glue chunk) in the other engines, over WebDriver (tests/harness/webdriver.mjs).
  for (const engine of engines().filter((e) => e !== 'chromium')) {
    test(`Vite build in ${engine}: calls made at import succeed; passwordless sign-up, confirm, auto sign-in`, async (t) => {
      const s = await ENGINE_STARTERS[engine]();
      t.after(() => s.stop());
      const { driver } = s;
      await driver.manage().setTimeouts({ script: STEP_TIMEOUT_MS, pageLoad: 60_000 });
      await driver.get(`${vite.url}?${poolQuery()}`);
      const app = async (what, fn, arg) => {
        const r = await inPage(driver, 'app', fn, arg);
        assert.equal(r.ok, true, `${engine} ${what}: ${JSON.stringify(r.error)}`);
        return r.out;
      };
      const [session, user, clientSession] = await app('first calls', () => window.firstCalls);
      assert.deepEqual(session, { value: { signedIn: false } });
      assert.deepEqual(user, { error: { name: 'UserUnAuthenticatedException', isAuthError: true, isWasmLoadError: false } });
      assert.deepEqual(clientSession, { value: { signedIn: false } });
      const [jwtBefore, jwtAfter] = await app('decodeJWT', async () => [window.jwtBeforeReady, await window.jwtAfterReady]);
      assert.deepEqual(jwtBefore, jwtAfter, 'decodeJWT before and after the wasm is ready');
      const username = `vite-${engine}`;
      const up = await app('signUp', (a, u) => a.signUp({ username: u, options: { userAttributes: { email: `${u}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } }), username);
      assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
      const code = await latestCode(emu.endpoint, username, 'SIGN_UP');
      const confirmed = await app('confirmSignUp', (a, [u, c]) => a.confirmSignUp({ username: u, confirmationCode: c }), [username, code]);
      assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
      const signedIn = await app('autoSignIn', (a) => a.autoSignIn());
      assert.equal(signedIn.nextStep.signInStep, 'DONE');
      assert.equal((await app('getCurrentUser', (a) => a.getCurrentUser())).username, username);
      assert.deepEqual(await app('events', () => window.authEvents), ['signedIn', 'autoSignIn']);
      const wasm = await app('resources', () => performance.getEntriesByType('resource').filter((e) => e.name.endsWith('.wasm')).length);
      assert.equal(wasm, 1, 'the wasm is fetched once');
    });
  }

  test('Vite build: a Cognito error is an AuthError (the class the package exports)', async (t) => {
    const { page, problems } = await open(`${vite.url}?${poolQuery()}`, t);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    const input = { username: 'vite-bob', options: { userAttributes: { email: 'vite-bob@example.com' } } };
    const first = await page.evaluate((input) => window.app.signUp(input), input);
    assert.equal(first.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const err = await signUpError(page, input);
    assert.ok(err, 'the second sign-up of the same username must fail');
    assert.equal(err.name, 'UsernameExistsException');
    assert.equal(err.instanceOfAuthError, true);
    assert.equal(err.instanceOfError, true);
    assert.equal(typeof err.message, 'string');
    // a validation error thrown before any request: also an AuthError
    const empty = await signUpError(page, { username: '' });
    assert.equal(empty.name, 'EmptySignUpUsername');
    assert.equal(empty.instanceOfAuthError, true);
    assert.deepEqual(problems, []);
  });

  test('Vite dev server (no plugin, no config): the package loads and works', async (t) => {
    const server = await createServer({ root: app, configFile: false, logLevel: 'warn', server: { host: '127.0.0.1', port: 0, strictPort: false } });
    t.after(() => server.close());
    await server.listen();
    const url = server.resolvedUrls.local[0];
    const { page, problems } = await open(`${url}?${poolQuery()}`, t);
    await page.waitForFunction(() => document.documentElement.dataset.ready === 'true');
    await passwordlessSignUp(page, 'dev-cleo');
    const err = await signUpError(page, { username: 'dev-cleo', options: { userAttributes: { email: 'dev-cleo@example.com' } } });
    assert.equal(err?.name, 'UsernameExistsException');
    assert.equal(err.instanceOfAuthError, true);
    assert.deepEqual(problems, []);
  });

  for (const [entry, file, username] of [['cognito-wasm/init', '', 'plain-dan'], ['cognito-wasm', 'main-entry.html', 'plain-eve']]) {
    test(`plain <script type=module> with '${entry}' (no bundler): configure, signUp`, async (t) => {
      const q = poolQuery({ username, email: `${username}@example.com` });
      const { page, problems } = await open(`${plain.url}plain/${file}?${q}`, t);
      await page.waitForFunction(() => window.result !== undefined);
      const result = await page.evaluate(() => window.result);
      assert.equal(result.error, undefined, JSON.stringify(result));
      assert.equal(result.signUpStep, 'CONFIRM_SIGN_UP');
      assert.match(result.destination ?? '', /^p\*+@e\*+/);
      assert.deepEqual(result.emptyUsername, { name: 'EmptySignUpUsername', isAuthError: true });
      if (entry === 'cognito-wasm') assert.deepEqual(result.invalidConfig, { name: 'AuthUserPoolException', isAuthError: true });
      assert.match(await latestCode(emu.endpoint, username, 'SIGN_UP'), /^\d{6}$/);
      assert.deepEqual(problems, []);
    });
  }
});
