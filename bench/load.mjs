#!/usr/bin/env node
// Page-load benchmark: cognito-wasm vs aws-amplify 6.22.1 in ONE headless Chromium run, on
// the full signed-in surface app (scripts/app-size.mjs's `full` set) built by Vite.
//
//   node bench/load.mjs        (scripts/bench.sh runs it after `node scripts/package.mjs`)
//
// Needs: dist/ (the npm package), node_modules (vite, aws-amplify, playwright-core),
// /usr/bin/chromium; for the sign-in rows the local-cognito binary (as bench/run.mjs).
// Environment: LOAD_RUNS (7 cold pages per side and measurement), E2E=0 (no sign-in rows),
// LOAD_JSON (target/bench-load.json), CHROMIUM_BIN.
//
// Every sample is a fresh browser context (no HTTP or code cache; responses are no-store), and
// the two libraries alternate. The app: main.js imports the calls, configures, subscribes to
// auth events, renders one line of text, then makes its first call (fetchAuthSession, signed
// out: no request; or an SRP signIn against the local Cognito). The page records, with its
// own clock (0 = navigation start): when the bundle's first module started evaluating (a
// module imported before the library), when the app rendered, when the first call settled,
// first-contentful-paint, and every long task (PerformanceObserver 'longtask', registered by
// an inline script before the bundle).
//
// 1. Startup (CPU not throttled; issue 16): time from module start to the first call
//    completing, wasm fetch + compile + instantiation included, ours vs Amplify's module
//    evaluation; and the main thread's CPU time over that span (CDP Performance.getMetrics
//    TaskDuration, thread time, read before the bundle is inserted and after the call).
// 2. Page load with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate, a mid-range
//    phone; issue 22): JS bytes on the critical path (gzip -9 of the bundle's files whose
//    fetch started before the app rendered, by the page's resource timing), total
//    blocking time from navigation until 1 s after the first call (sum of each long task's
//    time over 50 ms, and the long tasks' sum), navigation → app rendered, navigation → first
//    call done, navigation → a finished SRP sign-in; the same from module start (less noisy
//    on a busy machine: navigation → module start varies with the HTML and bundle fetch).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AMPLIFY, OURS, appSource, buildApp } from '../scripts/app-size.mjs';
import { startStaticServer } from '../tests/harness/static-server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const RUNS = Number(env('LOAD_RUNS', 7));
const WANT_E2E = env('E2E', '1') !== '0';
const OUT = path.resolve(ROOT, env('LOAD_JSON', 'target/bench-load.json'));
const CHROMIUM = env('CHROMIUM_BIN', '/usr/bin/chromium');
const DIST = path.resolve(ROOT, env('LOAD_DIST', 'dist'));
const THROTTLE = 4;
const SETTLE_MS = 1000;
const LIBS = [AMPLIFY, OURS];
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

const log = (...a) => console.error('bench load:', ...a);
const die = (msg) => {
  console.error(`bench load: ERROR: ${msg}`);
  process.exit(1);
};

// ---- the apps ----------------------------------------------------------------------------
// Evaluated first in the bundle (imported before the library): the module-start mark.
const START_MODULE = 'window.__bench.start = performance.now();\n';
// The pool comes from the query string (the sign-in rows need the local Cognito's).
const CONFIG = `{ Auth: { Cognito: {
  userPoolId: __q.get('pool') ?? 'eu-west-1_AbCdEf',
  userPoolClientId: __q.get('client') ?? 'abcdefghij0123456789',
  ...(__q.get('endpoint') ? { userPoolEndpoint: __q.get('endpoint') } : {}),
} } }`;
// After the calls are on window.auth: render, then the first call.
const TAIL = `const b = window.__bench;
document.getElementById('app').textContent = 'signed-out app rendered';
b.rendered = performance.now();
const first = __q.get('first') === 'signIn'
  ? signIn({ username: __q.get('u'), password: __q.get('p') }).then((r) => {
      if (r.nextStep.signInStep !== 'DONE') throw new Error('signIn stopped at ' + r.nextStep.signInStep);
    })
  : fetchAuthSession().then((s) => {
      if (s.tokens) throw new Error('a fresh page has tokens');
    });
first.then(() => (b.done = performance.now()), (e) => (b.error = String(e && e.stack || e)));
`;
// Inline, before the bundle: the mark holder, the long-task observer, paint timing, and
// (manual.html) a way to insert the bundle later.
const HEAD = `<script>
window.__bench = { longtasks: [] };
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__bench.longtasks.push([e.startTime, e.duration]); })
  .observe({ type: 'longtask', buffered: true });
</script>`;

async function buildApps() {
  const work = path.join(ROOT, 'target', 'bench-load');
  const apps = {};
  for (const lib of LIBS) {
    const root = path.join(work, lib.replace(/[^a-z0-9]+/gi, '-'));
    const source = `import './start.js';\n${appSource(lib, 'full', DIST, { config: CONFIG, tail: TAIL }).replace(
      /^((?:import[^\n]*\n)+)/,
      `$1const __q = new URLSearchParams(location.search);\n`,
    )}`;
    const html = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${HEAD}
<script type="module" src="./main.js"></script></head><body><p id="app">loading…</p></body></html>\n`;
    fs.mkdirSync(root, { recursive: true });
    const files = await buildApp(root, source, html, { 'start.js': START_MODULE });
    const entry = files.find((f) => f.entry);
    if (!entry) die(`${lib}: no entry chunk`);
    // manual.html: the same page without the bundle; window.go() inserts it.
    const manual = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">${HEAD}
<script>window.go = () => { const s = document.createElement('script'); s.type = 'module'; s.src = '/assets/${entry.file}'; document.head.append(s); };</script>
</head><body><p id="app">loading…</p></body></html>\n`;
    fs.writeFileSync(path.join(root, 'out', 'manual.html'), manual);
    apps[lib] = { root: path.join(root, 'out'), files };
  }
  return apps;
}

// ---- statistics ----------------------------------------------------------------------------
function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.ceil(0.5 * v.length) - 1)];
}
const round = (x, d = 1) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

// ---- one cold page -------------------------------------------------------------------------
async function coldPage(browser, url, { throttle = 1, manual = false } = {}) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const requests = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    const cdp = await context.newCDPSession(page);
    if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }).catch(() => cdp.send('Performance.enable'));
    const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN;
    await page.goto(url, { waitUntil: manual ? 'load' : 'commit' });
    let cpu = null;
    if (manual) {
      const t0 = await task();
      await page.evaluate(() => window.go());
      await page.waitForFunction(() => window.__bench.done !== undefined || window.__bench.error !== undefined, null, { timeout: 60_000 });
      cpu = ((await task()) - t0) * 1000;
    } else {
      await page.waitForFunction(() => window.__bench.done !== undefined || window.__bench.error !== undefined, null, { timeout: 60_000 });
      await page.waitForTimeout(SETTLE_MS);
    }
    const m = await page.evaluate(() => ({
      ...window.__bench,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      resources: performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname, e.startTime]),
    }));
    if (m.error) throw new Error(`${url}: first call failed: ${m.error}`);
    if (problems.length) throw new Error(`${url}: ${problems.join(' | ')}`);
    // Long tasks from navigation until SETTLE_MS after the first call.
    const tasks = m.longtasks.filter(([s]) => s <= m.done + SETTLE_MS);
    return {
      start: m.start,
      rendered: m.rendered,
      done: m.done,
      fcp: m.fcp,
      startToDone: m.done - m.start,
      startToRendered: m.rendered - m.start,
      cpu,
      longTaskMs: tasks.reduce((t, [, d]) => t + d, 0),
      tbt: tasks.reduce((t, [, d]) => t + Math.max(0, d - 50), 0),
      longTasks: tasks.length,
      requests,
      // The bundle's files whose fetch started before the app rendered (the page's clock).
      beforeRender: m.resources.filter(([p, t]) => p.startsWith('/assets/') && t < m.rendered).map(([p]) => p.slice('/assets/'.length)),
    };
  } finally {
    await context.close();
  }
}

async function series(browser, servers, what, query, opts) {
  const samples = Object.fromEntries(LIBS.map((l) => [l, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const lib of i % 2 === 0 ? LIBS : [...LIBS].reverse()) {
      samples[lib].push(await coldPage(browser, `${servers[lib].url}${opts.manual ? 'manual.html' : ''}?${query}`, opts));
    }
  }
  log(`${what}: ${RUNS} cold pages per side`);
  return samples;
}

// ---- main ------------------------------------------------------------------------------------
async function main() {
  if (!fs.existsSync(path.join(DIST, 'index.js'))) die(`no package in ${DIST}: node scripts/package.mjs (make build) first`);
  if (!fs.existsSync(CHROMIUM)) die(`Chromium not found at ${CHROMIUM} (make setup installs it)`);
  const cleanups = [];
  try {
    log('building the full-surface apps with Vite…');
    const apps = await buildApps();
    const servers = {};
    for (const lib of LIBS) {
      servers[lib] = await startStaticServer({ root: apps[lib].root, port: 0 });
      cleanups.push(() => servers[lib].close());
    }
    let pool = null;
    let e2eNote = null;
    if (WANT_E2E) {
      const { startEmulator, createPool, emulatorBin } = await import('../tests/harness/emulator.mjs');
      if (!fs.existsSync(emulatorBin())) {
        e2eNote = `skipped: no local-cognito binary at ${emulatorBin()}`;
      } else {
        const emu = await startEmulator();
        cleanups.push(() => emu.stop());
        const user = { username: 'loaduser', password: 'Bench-Passw0rd!' };
        const p = await createPool(emu.endpoint, {
          users: [{ ...user, confirmed: true, attributes: { email: 'load@example.com', email_verified: 'true' } }],
        });
        pool = new URLSearchParams({ endpoint: p.userPoolEndpoint || emu.endpoint, pool: p.userPoolId, client: p.userPoolClientId, u: user.username, p: user.password, first: 'signIn' });
      }
    } else e2eNote = 'skipped (E2E=0)';

    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
    cleanups.push(() => browser.close());
    log(`Chromium ${browser.version()}`);

    const startup = await series(browser, servers, 'startup (1×, module start → first call)', '', { manual: true });
    const load = await series(browser, servers, `page load (${THROTTLE}× CPU)`, '', { throttle: THROTTLE });
    const signIn = pool ? await series(browser, servers, `cold SRP sign-in (${THROTTLE}× CPU)`, pool.toString(), { throttle: THROTTLE }) : null;

    // ---- report
    const gz = (lib, keep) => apps[lib].files.filter(keep).reduce((t, f) => t + f.gzip, 0);
    // Critical path as the browser saw it: what was requested before the app rendered, in
    // every sample of the 4× page loads (the same files each time, or the row says so).
    const beforeRender = (lib) => {
      const seen = new Set(load[lib].map((s) => s.beforeRender.sort().join(' ')));
      if (seen.size !== 1) log(`${lib}: the files requested before rendering varied: ${[...seen].join(' | ')}`);
      return new Set(load[lib].flatMap((s) => s.beforeRender));
    };
    const critical = Object.fromEntries(LIBS.map((l) => [l, beforeRender(l)]));
    const row = (what, get, unit = 'ms', d = 1) => {
      const v = Object.fromEntries(LIBS.map((l) => [l, get(l)]));
      return { what, unit, amplify: round(v[AMPLIFY], d), ours: round(v[OURS], d) };
    };
    const med = (samples, k) => (lib) => median(samples[lib].map((s) => s[k]));
    const rows = [
      row('JS requested before the app rendered (critical path, gzip -9)', (l) => gz(l, (f) => critical[l].has(f.file) && f.file.endsWith('.js')) / 1024, 'KB'),
      row('wasm requested before the app rendered (gzip -9)', (l) => gz(l, (f) => critical[l].has(f.file) && f.file.endsWith('.wasm')) / 1024, 'KB'),
      row('JS + wasm requested after it (gzip -9)', (l) => gz(l, (f) => !critical[l].has(f.file)) / 1024, 'KB'),
      row('startup 1×: module start → first call done (wall)', med(startup, 'startToDone')),
      row('startup 1×: main-thread CPU, bundle inserted → first call done', med(startup, 'cpu')),
      row(`load ${THROTTLE}×: total blocking time (long tasks' time over 50 ms)`, med(load, 'tbt')),
      row(`load ${THROTTLE}×: long tasks, summed`, med(load, 'longTaskMs')),
      row(`load ${THROTTLE}×: navigation → app rendered`, med(load, 'rendered')),
      row(`load ${THROTTLE}×: navigation → first-contentful-paint`, med(load, 'fcp')),
      row(`load ${THROTTLE}×: navigation → first call done (fetchAuthSession)`, med(load, 'done')),
      row(`load ${THROTTLE}×: module start → app rendered`, med(load, 'startToRendered')),
      row(`load ${THROTTLE}×: module start → first call done`, med(load, 'startToDone')),
      ...(signIn
        ? [
            row(`load ${THROTTLE}×: navigation → SRP signIn done (local Cognito)`, med(signIn, 'done')),
            row(`load ${THROTTLE}×: module start → SRP signIn done`, med(signIn, 'startToDone')),
          ]
        : []),
    ];
    const lines = [`Page load, full-surface Vite app, ${RUNS} cold pages per side and row (medians); ratio = ours / Amplify`];
    lines.push(`  ${'what'.padEnd(66)} ${'Amplify'.padStart(9)} ${'ours'.padStart(9)} ${'ratio'.padStart(6)}`);
    for (const r of rows) {
      const ratio = r.amplify ? `${(r.ours / r.amplify).toFixed(2)}` : '–';
      const f = (x) => (x === null ? '–' : `${x} ${r.unit}`).padStart(9);
      lines.push(`  ${r.what.padEnd(66)} ${f(r.amplify)} ${f(r.ours)} ${ratio.padStart(6)}`);
    }
    if (!signIn) lines.push(`  SRP signIn from a cold page: ${e2eNote}`);
    const order = (lib) => load[lib][0].requests.filter((p) => p.startsWith('/assets/')).map((p) => p.slice(8));
    for (const lib of LIBS) lines.push(`  ${lib} requests, in order: ${order(lib).join(', ')}`);
    console.log(lines.join('\n'));

    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify({ runs: RUNS, throttle: THROTTLE, chromium: browser.version(), files: Object.fromEntries(LIBS.map((l) => [l, apps[l].files])), rows, samples: { startup, load, signIn } }, null, 1)}\n`);
    log(`wrote ${path.relative(ROOT, OUT)}`);
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}

await main();
