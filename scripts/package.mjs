#!/usr/bin/env node
// Turns wasm-pack's output (`--target web`, pkg/) into the publishable npm package in dist/.
//
//   node scripts/package.mjs [--pkg pkg] [--out dist]
//
// pkg/ stays wasm-pack's raw output (the demo, the type tests and the conformance tests use
// it); dist/ is what `npm publish dist` / `npm pack dist` ship, rebuilt from scratch each time
// (so stale snippets of an older build never ship). It holds:
//
//   index.js / index.d.ts    main entry 'cognito-wasm': top-level `await init()` with the wasm
//                            URL from `new URL('./cognito_wasm_bg.wasm', import.meta.url)`,
//                            so Vite (no plugin, no config) and other bundlers need no init
//   init.js / init.d.ts      'cognito-wasm/init': explicit `await init()` (no bundler, a plain
//                            <script type="module">, or bundlers without top-level await)
//   cognito_wasm.js, .d.ts, cognito_wasm_bg.wasm, snippets/<crate-hash>/js/glue.js
//                            wasm-bindgen's output; both entries re-export its AuthError class
//   package.json             pkg-template/package.json + name/version/description/license/
//                            repository from Cargo.toml + the snippet files
//   README.md                pkg-template/README.md;  LICENSE-MIT, LICENSE-APACHE from the root
//
// The templates live in pkg-template/; __SNIPPET_DIR__ in them becomes the snippet folder
// wasm-bindgen chose (found in cognito_wasm.js's imports, never hard-coded).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TEMPLATE = path.join(ROOT, 'pkg-template');
const CRATE = 'cognito_wasm';

function arg(name, dflt) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : dflt;
}
const PKG = path.resolve(ROOT, arg('--pkg', 'pkg'));
const OUT = path.resolve(ROOT, arg('--out', 'dist'));

function die(msg) {
  console.error(`package: ${msg}`);
  process.exit(1);
}

// --- Cargo.toml's [package] (a flat table of simple strings is all we read) --------------
function cargoPackage() {
  const text = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const m = text.match(/^\[package\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m);
  if (!m) die('no [package] table in Cargo.toml');
  const out = {};
  for (const line of m[1].split('\n')) {
    const kv = line.match(/^\s*([A-Za-z0-9_-]+)\s*=\s*"((?:[^"\\]|\\.)*)"\s*(#.*)?$/);
    if (kv) out[kv[1]] = kv[2].replace(/\\(.)/g, '$1');
  }
  for (const k of ['name', 'version', 'license']) if (!out[k]) die(`Cargo.toml [package] has no ${k}`);
  return out;
}

// --- wasm-pack's output --------------------------------------------------------------------
const cargo = cargoPackage();
for (const f of [`${CRATE}.js`, `${CRATE}.d.ts`, `${CRATE}_bg.wasm`]) {
  if (!fs.existsSync(path.join(PKG, f))) die(`${path.relative(ROOT, PKG)}/${f} is missing: run wasm-pack build --release --target web --out-dir pkg (make build)`);
}
const glueJs = fs.readFileSync(path.join(PKG, `${CRATE}.js`), 'utf8');
if (!/export\s*\{[^}]*__wbg_init as default/.test(glueJs) || !glueJs.includes('import.meta.url')) {
  die(`${path.relative(ROOT, PKG)}/${CRATE}.js is not a --target web build (no default init export)`);
}
const wasmPackVersion = JSON.parse(fs.readFileSync(path.join(PKG, 'package.json'), 'utf8')).version;
if (wasmPackVersion !== cargo.version) {
  die(`${path.relative(ROOT, PKG)}/ is version ${wasmPackVersion} but Cargo.toml says ${cargo.version}: rebuild it`);
}

// Every module the glue imports (wasm-bindgen snippets: `module = "/js/…"` and inline_js).
// Several extern blocks may import the same module: keep each path once.
const snippets = [...new Set([...glueJs.matchAll(/(?:from|import)\s*['"]\.\/(snippets\/[^'"]+)['"]/g)].map((m) => m[1]))];
const glue = snippets.filter((s) => /^snippets\/[^/]+\/js\/glue\.js$/.test(s));
if (glue.length !== 1) die(`expected one snippets/<crate-hash>/js/glue.js import in ${CRATE}.js, found: ${JSON.stringify(snippets)}`);
const snippetDir = glue[0].split('/')[1];
for (const s of snippets) if (!fs.existsSync(path.join(PKG, s))) die(`${path.relative(ROOT, PKG)}/${s} (imported by ${CRATE}.js) is missing`);
if (!/export\s+class\s+AuthError\b/.test(fs.readFileSync(path.join(PKG, glue[0]), 'utf8'))) {
  die(`${glue[0]} does not export class AuthError`);
}

// --- assemble dist/ ------------------------------------------------------------------------
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
for (const f of [`${CRATE}.js`, `${CRATE}.d.ts`, `${CRATE}_bg.wasm`, ...snippets]) copy(path.join(PKG, f), path.join(OUT, f));

const entries = ['index.js', 'index.d.ts', 'init.js', 'init.d.ts'];
for (const f of entries) {
  const text = fs.readFileSync(path.join(TEMPLATE, f), 'utf8').replaceAll('__SNIPPET_DIR__', snippetDir);
  fs.writeFileSync(path.join(OUT, f), text);
}
copy(path.join(TEMPLATE, 'README.md'), path.join(OUT, 'README.md'));
for (const f of ['LICENSE-MIT', 'LICENSE-APACHE']) {
  if (!fs.existsSync(path.join(ROOT, f))) die(`${f} is missing at the repository root`);
  copy(path.join(ROOT, f), path.join(OUT, f));
}

const template = JSON.parse(fs.readFileSync(path.join(TEMPLATE, 'package.json'), 'utf8'));
const { name, ...rest } = template;
const manifest = {
  name,
  version: cargo.version,
  ...(cargo.description ? { description: cargo.description } : {}),
  license: cargo.license,
  ...(cargo.repository ? { repository: { type: 'git', url: cargo.repository } } : {}),
  ...rest,
  files: [...rest.files, ...snippets],
};
fs.writeFileSync(path.join(OUT, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// dist/ is build output: keep it out of git (npm pack follows "files", not this).
fs.writeFileSync(path.join(OUT, '.gitignore'), '*\n');

// --- checks ----------------------------------------------------------------------------------
for (const f of manifest.files) if (!fs.existsSync(path.join(OUT, f))) die(`"files" lists ${f}, which is not in ${OUT}`);
for (const f of ['index.d.ts', 'init.d.ts']) {
  const code = fs.readFileSync(path.join(OUT, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  if (/\bany\b/.test(code)) die(`${f} mentions any`);
}

console.log(`package: ${path.relative(ROOT, OUT) || '.'}/ = ${manifest.name}@${manifest.version} (from ${path.relative(ROOT, PKG)}/, snippet ${snippetDir})`);
console.log(`package: entries '${manifest.name}' (auto init) and '${manifest.name}/init' (explicit init); npm pack ${path.relative(ROOT, OUT)}`);
