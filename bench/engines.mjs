#!/usr/bin/env node
// SRP benchmark in Firefox ESR and WebKitGTK: cognito-wasm vs aws-amplify 6.22.1, one run per
// engine, driven over standard WebDriver (selenium-webdriver; geckodriver, WebKitWebDriver).
//
//   node bench/engines.mjs     (scripts/bench.sh runs it after bench/run.mjs; `make bench`)
//
// Same page (bench/index.html + page.mjs), same server (bench/server.mjs: COOP/COEP, so the
// page can be cross-origin isolated), same bench exports of target/bench-pkg and the same
// Amplify SRP code as the Chromium part (bench/run.mjs). What differs: there is no CDP, so
// the only clock is the page's performance.now() around each call (wall time; it grows when
// other processes take the cores), and there is no forced gc() between calls (neither engine
// exposes one to pages). Each round is one executeAsyncScript that runs, inside the page,
// ours (srpEphemeral(48) then srpClaim()) and Amplify's (getAuthenticationHelper then the
// crypto of handlePasswordVerifierChallenge), alternating which side goes first, a macrotask
// between calls; the WebDriver round trip is outside every measurement.
//
// Environment: BENCH_ENGINES ("firefox webkit"; empty = skip), ENGINE_ROUNDS (21),
// ENGINE_WARMUP (3), ENGINE_E2E_ROUNDS (9; 0 or E2E=0 skips the end-to-end signIn),
// BENCH_JSON (target/bench.json: an `engines` section is added to what bench/run.mjs wrote),
// GECKODRIVER (geckodriver on PATH), WEBKIT_WEBDRIVER (/usr/bin/WebKitWebDriver),
// LOCAL_COGNITO_BIN (tests/harness/emulator.mjs).
//
// Drivers and sessions are tests/harness/webdriver.mjs's (as the engines test tier starts
// them): each driver in its own process group, stopped by killing that group (never by
// name); WebKitWebDriver runs under xvfb-run (its MiniBrowser needs a display).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_STARTERS, driverName } from '../tests/harness/webdriver.mjs';
import { startBenchServer } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = (k, d) => (process.env[k] === undefined || process.env[k] === '' ? d : process.env[k]);
const ENGINES = (process.env.BENCH_ENGINES ?? 'firefox webkit').split(/[\s,]+/).filter(Boolean);
const ROUNDS = Number(env('ENGINE_ROUNDS', 21));
const WARMUP = Number(env('ENGINE_WARMUP', 3));
const E2E_ROUNDS = env('E2E', '1') === '0' ? 0 : Number(env('ENGINE_E2E_ROUNDS', 9));
const OUT = path.resolve(ROOT, env('BENCH_JSON', 'target/bench.json'));
const PKG_DIR = path.join(ROOT, 'target', 'bench-pkg');
const READY_MS = 60_000;

const log = (...a) => console.error('bench-engines:', ...a);

// ---- statistics (as bench/run.mjs) -----------------------------------------------------
function quantile(sorted, q) {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}
function summary(values) {
  const v = (values ?? []).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const r = (x) => Math.round(x * 1000) / 1000;
  return { n: v.length, median: r(quantile(v, 0.5)), p90: r(quantile(v, 0.9)), min: r(v[0]), max: r(v[v.length - 1]) };
}
const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);

// ---- the engines -----------------------------------------------------------------------
// Drivers and sessions come from tests/harness/webdriver.mjs (the engines test tier's): each
// driver in its own process group, stopped by that group's id, never by name.
const LABELS = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };

/** 'Firefox ESR' when the Firefox driven is the ESR (Debian's firefox runs firefox-esr). */
function firefoxLabel(version) {
  try {
    const v = execFileSync('firefox-esr', ['--version'], { encoding: 'utf8' });
    return v.includes(`${version}esr`) ? 'Firefox ESR' : 'Firefox';
  } catch {
    return 'Firefox';
  }
}

// ---- page calls over WebDriver -----------------------------------------------------------
/**
 * Runs `body` (the text of an async function body; `args` holds the arguments) in the page
 * and resolves with its value; a throw in the page rejects with its message and stack.
 */
async function inPage(driver, body, ...args) {
  const r = await driver.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const args = Array.prototype.slice.call(arguments, 0, -1);
     (async () => { ${body} })().then(
       (value) => done({ ok: true, value: value === undefined ? null : value }),
       (e) => done({ ok: false, error: String((e && (e.stack ? e.message + '\\n' + e.stack : e.message)) || e) }),
     );`,
    ...args,
  );
  if (!r || !r.ok) throw new Error(r ? r.error : 'no answer from the page');
  return r.value;
}

/** Opens the bench page with `query`; resolves with window.bench.ready's value or rejects. */
async function openPage(driver, base, query) {
  await driver.get(`${base}/bench/?${query}`);
  return inPage(
    driver,
    `const end = Date.now() + ${READY_MS};
     while (!window.bench) {
       if (Date.now() > end) throw new Error('TIMEOUT: window.bench never appeared (page.mjs did not run): ' + document.getElementById('out')?.textContent);
       await new Promise((r) => setTimeout(r, 50));
     }
     const left = Math.max(1000, end - Date.now());
     return await Promise.race([
       window.bench.ready,
       new Promise((_, reject) => setTimeout(() => reject(new Error('TIMEOUT: window.bench.ready did not settle in ${READY_MS / 1000} s')), left)),
     ]);`,
  );
}

/** performance.now() as this page sees it: distinct steps over ~100 ms of spinning. */
async function timerResolution(driver) {
  return inPage(
    driver,
    `const deltas = [];
     let last = performance.now();
     const stop = last + 100;
     while (deltas.length < 2000) {
       const t = performance.now();
       if (t !== last) { deltas.push(t - last); last = t; }
       if (t > stop) break;
     }
     deltas.sort((a, b) => a - b);
     const us = (x) => Math.round(x * 1e6) / 1e3;
     return { steps: deltas.length, min_us: us(deltas[0]), median_us: us(deltas[deltas.length >> 1]),
              crossOriginIsolated: globalThis.crossOriginIsolated === true,
              requestIdleCallback: typeof requestIdleCallback === 'function',
              userAgent: navigator.userAgent };`,
  );
}

/**
 * One round inside the page: `names` in order, each one window.bench.run() timed by the page,
 * a macrotask between calls. Returns { name: ms } and, if a call threw, { error: { name, message } }.
 */
async function pageRound(driver, names) {
  return inPage(
    driver,
    `const out = { ms: {} };
     for (const n of args[0]) {
       await new Promise((r) => setTimeout(r, 0));
       try { out.ms[n] = (await window.bench.run(n)).ms; }
       catch (e) { out.error = { name: n, message: String(e && e.message || e) }; break; }
     }
     return out;`,
    names,
  );
}

// ---- one engine ------------------------------------------------------------------------
const SRP_OPS = { ours: ['ours.ephemeral', 'ours.claim'], amplify: ['amplify.ephemeral', 'amplify.claim'] };

async function benchEngine(name, ctx) {
  const def = { label: LABELS[name] };
  const res = { engine: def.label, version: null, driver: driverName(name) };
  const t0 = Date.now();
  let session = null;
  try {
    session = await ENGINE_STARTERS[name]();
    const { driver } = session;
    await driver.manage().setTimeouts({ script: 300_000, pageLoad: 60_000 });
    res.version = `${session.browserName} ${session.version}`;
    if (name === 'firefox') res.engine = def.label = firefoxLabel(session.version);

    // performance.now() in a page that is not cross-origin isolated, for comparison.
    try {
      await driver.get('about:blank');
      res.timer_not_isolated = await timerResolution(driver);
    } catch (e) {
      res.timer_not_isolated = { error: String(e.message).split('\n')[0] };
    }

    // Load: both libraries (+ aws-amplify for signIn); if Amplify does not load, that is a
    // finding: fall back to fewer modules and keep going with ours.
    const attempts = [];
    if (ctx.emu && E2E_ROUNDS > 0) attempts.push({ query: 'e2e=1', e2e: true, amplify: true });
    attempts.push({ query: 'e2e=0', e2e: false, amplify: true }, { query: 'only=ours&e2e=0', e2e: false, amplify: false });
    let page = null;
    res.load_errors = [];
    // A module graph that never finishes loading (seen now and then in the test tier) is
    // retried once before it counts against the page.
    attempts: for (const a of attempts) {
      for (let tries = 1; tries <= 2; tries++) {
        try {
          const ready = await openPage(driver, ctx.base, a.query);
          page = { ...a, ready };
          break attempts;
        } catch (e) {
          const msg = String(e.message);
          log(`${def.label}: /bench/?${a.query} did not load: ${msg.split('\n')[0]}`);
          if (tries === 1 && /TIMEOUT/.test(msg)) continue;
          res.load_errors.push({ page: `/bench/?${a.query}`, error: msg.split('\n').slice(0, 6).join('\n') });
          break;
        }
      }
    }
    if (!page) throw new Error(`the bench page did not load: ${res.load_errors.map((x) => x.error.split('\n')[0]).join(' | ')}`);
    res.loaded = page.ready.loaded;
    res.timer = await timerResolution(driver);
    log(
      `${res.version} (${res.timer.userAgent}): performance.now() step min ${res.timer.min_us} µs, median ${res.timer.median_us} µs, crossOriginIsolated ${res.timer.crossOriginIsolated}`,
    );

    // Same math, same answer (Vector B with its known a); a wrong answer from Amplify is a finding.
    let amplifyOk = page.amplify;
    let v;
    try {
      v = await inPage(driver, 'return await window.bench.verify();');
    } catch (e) {
      if (!page.amplify) throw e;
      // Amplify's half may be what threw: note it, and go on with ours alone.
      res.amplify_error = `verify threw: ${String(e.message).split('\n')[0]}`;
      log(`${def.label}: Amplify: ${res.amplify_error}; going on with ours only`);
      page = { query: 'only=ours&e2e=0', e2e: false, amplify: false, ready: await openPage(driver, ctx.base, 'only=ours&e2e=0') };
      res.loaded = page.ready.loaded;
      amplifyOk = false;
      v = await inPage(driver, 'return await window.bench.verify();');
    }
    if (v.ours !== v.expected) throw new Error(`Vector B: ours ${v.ours}, expected ${v.expected}`);
    if (amplifyOk && v.amplify !== v.expected) {
      res.amplify_error = `Vector B signature ${v.amplify}, expected ${v.expected}`;
      amplifyOk = false;
    }
    res.vector_b = { ours: v.ours === v.expected, amplify: v.amplify === undefined ? null : v.amplify === v.expected };
    if (!page.amplify) res.amplify_error ??= res.load_errors.map((x) => `${x.page}: ${x.error.split('\n')[0]}`).join(' | ');

    // Warm SRP rounds, interleaved.
    const samples = {};
    const add = (k, x) => (samples[k] ??= []).push(x);
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const sides = amplifyOk ? (round % 2 === 0 ? ['ours', 'amplify'] : ['amplify', 'ours']) : ['ours'];
      const r = await pageRound(driver, sides.flatMap((s) => SRP_OPS[s]));
      if (r.error) {
        if (!r.error.name.startsWith('amplify.')) throw new Error(`${r.error.name}: ${r.error.message}`);
        res.amplify_error = `${r.error.name} threw: ${r.error.message}`;
        amplifyOk = false;
        log(`${def.label}: ${res.amplify_error}; going on with ours only`);
        continue;
      }
      if (round < WARMUP) continue;
      for (const s of sides) {
        const [e, c] = SRP_OPS[s].map((n) => r.ms[n]);
        add(`${s}.ephemeral`, e);
        add(`${s}.claim`, c);
        add(`${s}.total`, e + c);
      }
    }
    res.warm = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, { wall_ms: summary(v) }]));

    // End to end signIn against local-cognito.
    if (page.e2e) {
      await inPage(driver, 'return window.bench.setupE2E(args[0]);', { ...ctx.emu.pool, ...ctx.emu.user });
      const e2e = {};
      let e2eAmplify = true;
      for (let round = 0; round < 2 + E2E_ROUNDS; round++) {
        const sides = e2eAmplify ? (round % 2 === 0 ? ['ours', 'amplify'] : ['amplify', 'ours']) : ['ours'];
        for (const s of sides) {
          const r = await pageRound(driver, [`${s}.signIn`, `${s}.signOut`]);
          if (r.error) {
            if (s === 'amplify') {
              res.e2e_amplify_error = `${r.error.name} threw: ${r.error.message}`;
              e2eAmplify = false;
              continue;
            }
            throw new Error(`${r.error.name}: ${r.error.message}`);
          }
          if (round >= 2) (e2e[`${s}.signIn`] ??= []).push(r.ms[`${s}.signIn`]);
        }
      }
      res.e2e = Object.fromEntries(Object.entries(e2e).map(([k, v]) => [k, { wall_ms: summary(v) }]));
    } else {
      res.e2e = { note: ctx.emu && E2E_ROUNDS > 0 ? 'the page with aws-amplify did not load (see load_errors)' : ctx.e2eNote };
    }
    res.seconds = Math.round((Date.now() - t0) / 100) / 10;
    return res;
  } catch (e) {
    return { ...res, error: String(e.message || e).split('\n').slice(0, 4).join('\n'), seconds: Math.round((Date.now() - t0) / 100) / 10 };
  } finally {
    if (session) await session.stop();
  }
}

// ---- report ----------------------------------------------------------------------------
function fmt(x, w = 8) {
  return (x === null || x === undefined || !Number.isFinite(x) ? '–' : x.toFixed(x >= 100 ? 1 : 2)).padStart(w);
}

/** Rows of the cross-engine table: { engine, timer, ours, amplify, note } for one measure. */
function table(title, rows) {
  const lines = [title];
  lines.push(
    `  ${'engine'.padEnd(34)} ${'timer'.padStart(9)} ${'ours med'.padStart(8)} ${'p90'.padStart(8)} ${'Amplify med'.padStart(11)} ${'p90'.padStart(8)} ${'ratio'.padStart(7)}`,
  );
  for (const r of rows) {
    const rt = ratio(r.amplify?.median, r.ours?.median);
    let line = `  ${r.engine.padEnd(34)} ${(r.timer ?? '').padStart(9)} ${fmt(r.ours?.median)} ${fmt(r.ours?.p90)} ${fmt(r.amplify?.median, 11)} ${fmt(r.amplify?.p90)} ${(rt === null ? '–' : `${rt}×`).padStart(7)}`;
    if (r.note) line += `  ${r.note}`;
    lines.push(line);
  }
  return lines.join('\n');
}

function timerLabel(t) {
  if (!t) return '';
  const us = t.median_us;
  return us >= 1000 ? `${Math.round(us / 100) / 10} ms` : `${Math.round(us)} µs`;
}

function cut(s, n = 90) {
  s = String(s).split('\n')[0];
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

// ---- main ------------------------------------------------------------------------------
async function main() {
  if (ENGINES.length === 0) {
    log('BENCH_ENGINES is empty: engine part skipped');
    return 0;
  }
  for (const e of ENGINES) if (!ENGINE_STARTERS[e]) throw new Error(`BENCH_ENGINES: unknown engine '${e}' (have: ${Object.keys(ENGINE_STARTERS).join(', ')})`);
  if (!fs.existsSync(path.join(PKG_DIR, 'cognito_wasm_bg.wasm'))) {
    throw new Error(`${PKG_DIR} is missing (scripts/bench.sh builds it: scripts/build-pkg.sh target/bench-pkg --features bench)`);
  }
  const t0 = Date.now();
  const amplifyVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/aws-amplify/package.json'), 'utf8')).version;
  const seleniumVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/selenium-webdriver/package.json'), 'utf8')).version;
  const load0 = os.loadavg();

  const cleanups = [];
  try {
    const ctx = { emu: null, e2eNote: null };
    if (E2E_ROUNDS > 0) {
      const { startEmulator, createPool, emulatorBin } = await import('../tests/harness/emulator.mjs');
      if (!fs.existsSync(emulatorBin())) {
        ctx.e2eNote = `skipped: no local-cognito binary at ${emulatorBin()}`;
      } else {
        const emu = await startEmulator();
        cleanups.push(() => emu.stop());
        const user = { username: 'benchuser', password: 'Bench-Passw0rd!' };
        const pool = await createPool(emu.endpoint, {
          users: [{ ...user, confirmed: true, attributes: { email: 'bench@example.com', email_verified: 'true' } }],
        });
        ctx.emu = { user, pool: { endpoint: pool.userPoolEndpoint || emu.endpoint, userPoolId: pool.userPoolId, userPoolClientId: pool.userPoolClientId } };
      }
    } else {
      ctx.e2eNote = 'skipped (E2E=0 or ENGINE_E2E_ROUNDS=0)';
    }
    const srv = await startBenchServer({ root: ROOT, log });
    cleanups.push(() => srv.close());
    ctx.base = srv.url;

    log(`${ENGINES.join(', ')} over WebDriver (selenium-webdriver ${seleniumVersion}): ${WARMUP} warm-up + ${ROUNDS} SRP rounds, ${ctx.emu ? E2E_ROUNDS : 0} signIn rounds per engine…`);
    const results = {};
    for (const e of ENGINES) {
      results[e] = await benchEngine(e, ctx);
      if (results[e].error) log(`${results[e].engine}: ERROR: ${results[e].error}`);
      else log(`${results[e].version}: done in ${results[e].seconds} s`);
    }
    const seconds = Math.round((Date.now() - t0) / 1000);
    const load1 = os.loadavg();

    // Chromium's wall time from bench/run.mjs (same page, same operations), for the same measure.
    let prior = null;
    try {
      prior = JSON.parse(fs.readFileSync(OUT, 'utf8'));
    } catch {
      // no Chromium run before this one
    }
    const chromium = prior?.warm?.['ours.total']
      ? {
          engine: prior.browser,
          timer: prior.crossOriginIsolated ? '5 µs' : '100 µs',
          total: { ours: prior.warm['ours.total'].wall_ms, amplify: prior.warm['amplify.total'].wall_ms },
          claim: { ours: prior.warm['ours.claim'].wall_ms, amplify: prior.warm['amplify.claim'].wall_ms },
          signIn: prior.e2e?.['ours.signIn'] ? { ours: prior.e2e['ours.signIn'].wall_ms, amplify: prior.e2e['amplify.signIn'].wall_ms } : null,
          cpu: {
            total: { ours: prior.warm['ours.total'].cpu_ms, amplify: prior.warm['amplify.total'].cpu_ms },
            claim: { ours: prior.warm['ours.claim'].cpu_ms, amplify: prior.warm['amplify.claim'].cpu_ms },
            signIn: prior.e2e?.['ours.signIn'] ? { ours: prior.e2e['ours.signIn'].cpu_ms, amplify: prior.e2e['amplify.signIn'].cpu_ms } : null,
          },
        }
      : null;

    const rowsFor = (key, e2e = false) => {
      const rows = [];
      if (chromium) {
        const m = chromium[key];
        const cpu = chromium.cpu[key];
        const note = !m ? 'not run' : cpu ? `(CPU: ours ${fmt(cpu.ours?.median).trim()}, Amplify ${fmt(cpu.amplify?.median).trim()}, ${ratio(cpu.amplify?.median, cpu.ours?.median)}×)` : '';
        rows.push({ engine: `${chromium.engine} (run.mjs)`, timer: chromium.timer, ours: m?.ours, amplify: m?.amplify, note });
      }
      for (const [e, r] of Object.entries(results)) {
        const label = r.version ? `${r.engine} ${r.version.replace(/^\S+ /, '')}` : r.engine;
        if (r.error) {
          rows.push({ engine: label, note: `ERROR: ${cut(r.error)}` });
          continue;
        }
        const src = e2e ? r.e2e : r.warm;
        const k = e2e ? 'signIn' : key;
        const ours = src?.[`ours.${k}`]?.wall_ms;
        const amplify = src?.[`amplify.${k}`]?.wall_ms;
        let note = '';
        if (e2e && !ours) note = cut(r.e2e?.note ?? 'not run');
        else if (!amplify) note = `Amplify: ${cut((e2e ? r.e2e_amplify_error : null) ?? r.amplify_error ?? 'no result')}`;
        rows.push({ engine: label, timer: timerLabel(r.timer), ours, amplify, note });
        void e;
      }
      return rows;
    };

    const report = [];
    report.push(table('SRP per sign-in (ephemeral + claim), warm, page wall time (performance.now()), ms — ratio = Amplify / ours', rowsFor('total')));
    report.push(table('  of which the claim (u, x, g^x, S, HKDF, HMAC: the PASSWORD_VERIFIER work)', rowsFor('claim')));
    report.push(table('End-to-end signIn (USER_SRP_AUTH) against local-cognito on loopback, wall ms', rowsFor('signIn', true)));
    const notes = [
      `Wall time only: Firefox and WebKitGTK have no CDP, so no thread CPU time (Chromium's main-thread CPU from run.mjs is in brackets); wall time grows when other processes take the cores.`,
      `timer = the median step of performance.now() in that page (Firefox and WebKit coarsen it unless the page is cross-origin isolated).`,
      `No forced gc() between calls in Firefox/WebKitGTK (run.mjs forces one in Chromium); ${WARMUP} warm-up + ${ROUNDS} rounds, sides alternate first.`,
    ];
    for (const r of Object.values(results)) {
      const ni = r.timer_not_isolated;
      if (r.timer) {
        notes.push(
          `${r.engine}: crossOriginIsolated ${r.timer.crossOriginIsolated}, performance.now() step min ${r.timer.min_us} µs / median ${r.timer.median_us} µs` +
            (ni?.median_us !== undefined ? ` (not isolated, about:blank: ${ni.median_us} µs)` : '') +
            `, requestIdleCallback ${r.timer.requestIdleCallback ? 'yes' : 'no'}`,
        );
      }
      if (r.amplify_error) notes.push(`${r.engine}: Amplify: ${r.amplify_error}`);
      if (r.e2e_amplify_error) notes.push(`${r.engine}: Amplify signIn: ${r.e2e_amplify_error}`);
    }
    notes.push(`engine part: ${seconds} s; load average ${load0.map((x) => x.toFixed(2)).join(' ')} before, ${load1.map((x) => x.toFixed(2)).join(' ')} after (${os.cpus().length} cores)`);
    console.log(`\nSRP across engines — aws-amplify ${amplifyVersion}, WebDriver (selenium-webdriver ${seleniumVersion}), ${os.cpus().length} cores\n`);
    console.log(report.join('\n\n'));
    console.log(`\n${notes.map((n) => `  ${n}`).join('\n')}`);

    const json = prior ?? {};
    json.engines = {
      date: new Date().toISOString(),
      seconds,
      loadavg: { before: load0, after: load1 },
      method: {
        rounds: ROUNDS,
        warmup: WARMUP,
        e2e_rounds: ctx.emu ? E2E_ROUNDS : 0,
        wall: "performance.now() around one call inside the page (bench/page.mjs window.bench.run), the page served as for Chromium (COOP/COEP); a round's calls run in one executeAsyncScript, a macrotask between calls, so the WebDriver round trip is outside every measurement",
        cpu: 'not available (no CDP in Firefox/WebKitGTK)',
        gc: 'no forced gc() (not exposed to pages in these engines)',
        driver: `selenium-webdriver ${seleniumVersion} over geckodriver / WebKitWebDriver (xvfb-run)`,
      },
      chromium_wall_from_run_mjs: chromium,
      ...results,
    };
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, JSON.stringify(json, null, 2) + '\n');
    console.log(`\nwritten: ${path.relative(ROOT, OUT)} (engines)`);
    return Object.values(results).some((r) => r.error) ? 1 : 0;
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench-engines: ERROR: ${e?.stack || e}`);
    process.exit(1);
  },
);
