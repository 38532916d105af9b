#!/usr/bin/env node
// What an app ships for the sign-up/sign-in set, ours against aws-amplify, in one run: two
// one-file apps that import configure + signUp, confirmSignUp, autoSignIn, signIn and
// confirmSignIn (Amplify: `Amplify.configure` + 'aws-amplify/auth'; ours: the npm package in
// dist/), built by the workspace's Vite (production, minified, no plugin). Reports every
// emitted .js and .wasm file, raw and gzip -9, and the totals (the size targets are gzip).
//
//   node scripts/app-size.mjs [--json] [--dist DIR]   (DIR: the package, default dist/ from
//                                                      make build or make package)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const distArg = args.indexOf('--dist');
const dist = path.resolve(distArg >= 0 ? args[distArg + 1] : path.join(ROOT, 'dist'));
if (!fs.existsSync(path.join(dist, 'index.js'))) {
  console.error(`app-size: no package in ${dist}; run make build (or make package) first`);
  process.exit(1);
}

// Inside the repo so that 'aws-amplify' resolves from the workspace's node_modules.
const work = path.join(ROOT, 'target', 'app-size');
fs.rmSync(work, { recursive: true, force: true });
const config = { Auth: { Cognito: { userPoolId: 'eu-west-1_AbCdEf', userPoolClientId: 'abcdefghij0123456789' } } };
const FIVE = 'signUp, confirmSignUp, autoSignIn, signIn, confirmSignIn';
const apps = {
  'aws-amplify 6.22.1': `import { Amplify } from 'aws-amplify';
import { ${FIVE} } from 'aws-amplify/auth';
Amplify.configure(${JSON.stringify(config)});
window.auth = { ${FIVE} };`,
  'cognito-wasm': `import { configure, ${FIVE} } from ${JSON.stringify(path.join(dist, 'index.js'))};
configure(${JSON.stringify(config)});
window.auth = { ${FIVE} };`,
};

const gzip = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
const results = [];
for (const [name, source] of Object.entries(apps)) {
  const root = path.join(work, name.replace(/[^a-z0-9]+/gi, '-'));
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'main.js'), source);
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
  await build({ root, configFile: false, logLevel: 'error', build: { outDir: 'out', emptyOutDir: true, target: 'es2022' } });
  const assets = path.join(root, 'out', 'assets');
  const files = fs.readdirSync(assets).filter((f) => /\.(js|wasm)$/.test(f)).sort().map((f) => {
    const buf = fs.readFileSync(path.join(assets, f));
    return { file: f, raw: buf.length, gzip: gzip(buf) };
  });
  const sum = (k, ext) => files.filter((f) => !ext || f.file.endsWith(ext)).reduce((t, f) => t + f[k], 0);
  results.push({ app: name, files, js_gzip: sum('gzip', '.js'), wasm_gzip: sum('gzip', '.wasm'), raw: sum('raw'), gzip: sum('gzip') });
}

if (json) {
  console.log(JSON.stringify({ set: FIVE, apps: results }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  console.log(`app size: configure + ${FIVE}; Vite production build, gzip -9`);
  for (const r of results) {
    for (const f of r.files) console.log(`  ${r.app.padEnd(20)} ${f.file.padEnd(34)} ${kb(f.raw).padStart(10)} raw ${kb(f.gzip).padStart(9)} gzip`);
    console.log(`  ${r.app.padEnd(20)} ${'total'.padEnd(34)} ${kb(r.raw).padStart(10)} raw ${kb(r.gzip).padStart(9)} gzip (JS ${kb(r.js_gzip)}, wasm ${kb(r.wasm_gzip)})`);
  }
  const [amp, ours] = results;
  console.log(`  cognito-wasm / aws-amplify: ${(ours.gzip / amp.gzip).toFixed(2)} (gzip); target ≤ 40 KB: ${ours.gzip <= 40 * 1024 ? 'met' : 'not met'}`);
}
