#!/usr/bin/env node
// What an app ships, ours against aws-amplify, in one run, for two sets of calls:
//
//   five   configure + signUp, confirmSignUp, autoSignIn, signIn, confirmSignIn
//   full   the full signed-in surface: configure + the 19 calls below + auth events
//          (ours: onAuthEvent; Amplify: Hub.listen('auth', …) from 'aws-amplify/utils')
//   account  full + the 10 account-settings and device calls (29 calls + auth events)
//
// Each app is one main.js (Amplify: `Amplify.configure` + 'aws-amplify/auth'; ours: the npm
// package in dist/) built by the workspace's Vite (production, minified, no plugin). Reports
// every emitted .js and .wasm file, raw and gzip -9, and the totals (the size targets are
// gzip); "critical JS" is the entry chunk and what it imports statically (what a page must
// load before the app's own code runs); other JS chunks are loaded on demand (when the wasm
// is fetched is a matter of the code, measured by bench/load.mjs in the browser).
//
//   node scripts/app-size.mjs [--json] [--dist DIR]   (DIR: the package, default dist/ from
//                                                      make build or make package)
//
// Also a module: `SETS`, `appSource(lib, set, dist, tail)` and `buildApp(root, source, html)`
// are what bench/load.mjs builds its page-load apps from (same imports, so the same bytes).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const AMPLIFY = 'aws-amplify 6.22.1';
export const OURS = 'cognito-wasm';

const FIVE = ['signUp', 'confirmSignUp', 'autoSignIn', 'signIn', 'confirmSignIn'];
const FULL = [
  'signUp', 'confirmSignUp', 'resendSignUpCode', 'autoSignIn', 'signIn', 'confirmSignIn', 'signOut',
  'fetchAuthSession', 'getCurrentUser', 'fetchUserAttributes', 'resetPassword', 'confirmResetPassword',
  'setUpTOTP', 'verifyTOTPSetup', 'updateMFAPreference', 'fetchMFAPreference',
  'associateWebAuthnCredential', 'listWebAuthnCredentials', 'deleteWebAuthnCredential',
];
/** Issue 19's account settings and remembered devices, on top of `full`. */
const ACCOUNT = [
  ...FULL, 'updatePassword', 'updateUserAttributes', 'updateUserAttribute', 'confirmUserAttribute',
  'sendUserAttributeVerificationCode', 'deleteUserAttributes', 'deleteUser', 'fetchDevices',
  'rememberDevice', 'forgetDevice',
];
/** The measured sets: calls imported by name, and whether the app subscribes to auth events. */
export const SETS = {
  five: { title: `configure + ${FIVE.join(', ')}`, calls: FIVE, events: false },
  full: { title: `full signed-in surface: configure + ${FULL.length} calls + auth events`, calls: FULL, events: true },
  account: { title: `full signed-in surface and account settings: configure + ${ACCOUNT.length} calls + auth events`, calls: ACCOUNT, events: true },
};

const CONFIG = { Auth: { Cognito: { userPoolId: 'eu-west-1_AbCdEf', userPoolClientId: 'abcdefghij0123456789' } } };

/**
 * main.js of an app using `set`'s calls of `lib` (AMPLIFY or OURS); `config` is a JS expression
 * (default: a fixed pool), `tail` code appended after the calls are on `window.auth`.
 */
export function appSource(lib, setName, dist, { config = JSON.stringify(CONFIG), tail = '' } = {}) {
  const set = SETS[setName];
  const names = set.calls.join(', ');
  const lines = [];
  if (lib === AMPLIFY) {
    lines.push(`import { Amplify } from 'aws-amplify';`);
    if (set.events) lines.push(`import { Hub } from 'aws-amplify/utils';`);
    lines.push(`import { ${names} } from 'aws-amplify/auth';`);
    lines.push(`Amplify.configure(${config});`);
    if (set.events) lines.push(`Hub.listen('auth', (e) => (window.authEvents ??= []).push(e.payload.event));`);
  } else {
    const events = set.events ? ', onAuthEvent' : '';
    lines.push(`import { configure${events}, ${names} } from ${JSON.stringify(path.join(dist, 'index.js'))};`);
    lines.push(`configure(${config});`);
    if (set.events) lines.push(`onAuthEvent((e) => (window.authEvents ??= []).push(e.payload.event));`);
  }
  lines.push(`window.auth = { ${names} };`);
  return `${lines.join('\n')}\n${tail}`;
}

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

/**
 * Builds `root` (main.js = `source`, index.html = `html`) with Vite into root/out; returns the
 * emitted .js/.wasm files with raw and gzip sizes, whether each is on the critical path and
 * which is the entry chunk. `extra`: more files for root ({ name: text }).
 */
export async function buildApp(root, source, html = '<!doctype html><script type="module" src="./main.js"></script>\n', extra = {}) {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'main.js'), source);
  for (const [f, text] of Object.entries(extra)) fs.writeFileSync(path.join(root, f), text);
  fs.writeFileSync(path.join(root, 'index.html'), html);
  const out = await build({
    root,
    configFile: false,
    logLevel: 'error',
    build: { outDir: 'out', emptyOutDir: true, target: 'es2022', modulePreload: { polyfill: false } },
  });
  // The entry chunk and its static imports (transitively): what runs before the app's code.
  const chunks = new Map();
  for (const o of [out].flat()) for (const c of o.output) if (c.type === 'chunk') chunks.set(c.fileName, c);
  const critical = new Set();
  const visit = (name) => {
    if (critical.has(name) || !chunks.has(name)) return;
    critical.add(name);
    for (const i of chunks.get(name).imports) visit(i);
  };
  const entries = new Set([...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName));
  for (const e of entries) visit(e);
  const assets = path.join(root, 'out', 'assets');
  return fs.readdirSync(assets).filter((f) => /\.(js|wasm)$/.test(f)).sort().map((f) => {
    const buf = fs.readFileSync(path.join(assets, f));
    return { file: f, raw: buf.length, gzip: gzip(buf), critical: critical.has(`assets/${f}`), entry: entries.has(`assets/${f}`) };
  });
}

/** Sizes of both libraries' apps for every set: { [set]: [amplify, ours] }. */
export async function measure(dist, work = path.join(ROOT, 'target', 'app-size')) {
  const out = {};
  for (const setName of Object.keys(SETS)) {
    out[setName] = [];
    for (const lib of [AMPLIFY, OURS]) {
      const root = path.join(work, `${setName}-${lib.replace(/[^a-z0-9]+/gi, '-')}`);
      const files = await buildApp(root, appSource(lib, setName, dist));
      const sum = (k, keep = () => true) => files.filter(keep).reduce((t, f) => t + f[k], 0);
      out[setName].push({
        app: lib,
        files,
        js_gzip: sum('gzip', (f) => f.file.endsWith('.js')),
        wasm_gzip: sum('gzip', (f) => f.file.endsWith('.wasm')),
        critical_js_gzip: sum('gzip', (f) => f.critical),
        raw: sum('raw'),
        gzip: sum('gzip'),
      });
    }
  }
  return out;
}

async function main() {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const distArg = args.indexOf('--dist');
  const dist = path.resolve(distArg >= 0 ? args[distArg + 1] : path.join(ROOT, 'dist'));
  if (!fs.existsSync(path.join(dist, 'index.js'))) {
    console.error(`app-size: no package in ${dist}; run make build (or make package) first`);
    process.exit(1);
  }
  // Inside the repo so that 'aws-amplify' resolves from the workspace's node_modules.
  const results = await measure(dist);
  if (json) {
    const sets = Object.fromEntries(Object.entries(results).map(([k, apps]) => [k, { title: SETS[k].title, calls: SETS[k].calls, apps }]));
    console.log(JSON.stringify({ sets }));
    return;
  }
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  for (const [setName, [amp, ours]] of Object.entries(results)) {
    console.log(`app size (${setName}): ${SETS[setName].title}; Vite production build, gzip -9`);
    if (setName === 'full') console.log(`  calls: ${SETS.full.calls.join(', ')}`);
    for (const r of [amp, ours]) {
      for (const f of r.files) {
        console.log(`  ${r.app.padEnd(20)} ${f.file.padEnd(34)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(9)} gzip${f.file.endsWith('.js') && !f.critical ? ' (loaded on demand)' : ''}`);
      }
      console.log(`  ${r.app.padEnd(20)} ${'total'.padEnd(34)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(9)} gzip (JS ${kb(r.js_gzip)}, wasm ${kb(r.wasm_gzip)}; critical JS ${kb(r.critical_js_gzip)})`);
    }
    // The goal (DEVELOPERS.md): at most 1.25× Amplify on the full surface (the 40 KB bar is retired).
    const ratio = ours.gzip / amp.gzip;
    console.log(`  cognito-wasm / aws-amplify: ${ratio.toFixed(2)} (gzip); goal ≤ 1.25×: ${ratio <= 1.25 ? 'met' : 'not met'}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) await main();
