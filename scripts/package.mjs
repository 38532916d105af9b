#!/usr/bin/env node
// Turns wasm-pack's output (`--target web`, pkg/) into the publishable npm package in dist/.
//
//   node scripts/package.mjs [--pkg pkg] [--out dist]
//
// pkg/ stays wasm-pack's raw output (the demo, the type tests and the conformance tests use
// it); dist/ is what `npm publish dist` / `npm pack dist` ship, rebuilt from scratch each time
// (so stale snippets of an older build never ship). It holds:
//
//   index.js / index.d.ts    main entry 'cognito-wasm': loads no wasm at import; the loader of
//                            pkg-template/index.js plus one wrapper per export, generated here
//                            from cognito_wasm.d.ts (the wasm from `new URL('./cognito_wasm_bg.wasm',
//                            import.meta.url)`, the glue by `import()`: Vite needs no plugin)
//   init.js / init.d.ts      'cognito-wasm/init': explicit `await init()` (no bundler, a plain
//                            <script type="module">)
//   cognito_wasm.js, .d.ts, cognito_wasm_bg.wasm, snippets/<crate-hash>/js/glue.js
//                            wasm-bindgen's output; both entries re-export its AuthError class,
//                            which moves to snippets/<crate-hash>/js/auth-error.js (glue.js
//                            re-exports it) so that the main entry imports only that class
//   package.json             pkg-template/package.json + name/version/description/license/
//                            repository from Cargo.toml + the snippet files
//   README.md                pkg-template/README.md;  LICENSE-MIT, LICENSE-APACHE from the root
//
// The templates live in pkg-template/; __SNIPPET_DIR__ in them becomes the snippet folder
// wasm-bindgen chose (found in cognito_wasm.js's imports, never hard-coded); the lines
// /* __WRAPPERS__ */ (index.js) and /* __VALUES__ */ (index.d.ts) become the generated code.
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

// --- the main entry's wrappers, generated from wasm-bindgen's declarations ------------------
// cognito_wasm.d.ts declares one export per line: `export function f(…): R;` and
// `export class C {` … `}` with one member per line. Each export becomes a wrapper in
// index.js that works before the wasm is ready (pkg-template/index.js has the loader):
//   returns a Promise          awaits the load, then calls            call()
//   configure                  recorded, replayed at load; loads when the page is idle
//   onAuthEvent                subscription replayed at load; its unsubscriber works at once
//   other void functions       recorded, replayed at load              later()
//   a class                    constructed now or at load; methods as above, other synchronous
//                              methods throw WasmNotReady until the wasm is ready (now())
// A synchronous top-level function with a result needs a decision here (SYNC_FALLBACK):
// the build stops rather than ship a function that cannot work before the load.
const SYNC_FALLBACK = { isPasskeySupported: 'passkeySupported()', decodeJWT: 'decodeJwtNow(...a)' };
const NOT_WRAPPED = new Set(['initSync']);

function exportsOf(dts, js) {
  const api = { functions: [], classes: [] };
  const lines = dts.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i].match(/^export function (\w+)\((.*)\): (.+);$/);
    if (f) {
      if (!NOT_WRAPPED.has(f[1])) api.functions.push({ name: f[1], returns: f[3] });
      continue;
    }
    const c = lines[i].match(/^export class (\w+) \{$/);
    if (!c) continue;
    const cls = { name: c[1], methods: [] };
    for (i++; i < lines.length && lines[i] !== '}'; i++) {
      const m = lines[i].match(/^\s+(\w+|\[Symbol\.dispose\])\((.*)\): (.+);$/);
      if (m) cls.methods.push({ name: m[1], returns: m[3] });
      else if (/^\s+(static |get |set |readonly )/.test(lines[i])) die(`${CRATE}.d.ts: class ${cls.name} has a member the wrappers do not handle: ${lines[i].trim()}`);
    }
    api.classes.push(cls);
  }
  // The JS module must export exactly these values (and nothing the wrappers would miss).
  const declared = new Set([...api.functions, ...api.classes].map((x) => x.name));
  const jsNames = new Set([
    ...[...js.matchAll(/^export (?:async )?(?:function|class) (\w+)/gm)].map((m) => m[1]),
    ...[...js.matchAll(/^export \{([^}]*)\}/gm)].flatMap((m) => m[1].split(',').map((x) => x.trim().split(/\s+as\s+/).pop())),
  ].filter((n) => n && n !== 'default' && !NOT_WRAPPED.has(n)));
  const missing = [...jsNames].filter((n) => !declared.has(n));
  const extra = [...declared].filter((n) => !jsNames.has(n));
  if (missing.length || extra.length) die(`${CRATE}.js and .d.ts disagree: not declared ${missing}, not exported ${extra}`);
  if (!api.functions.length) die(`no functions found in ${CRATE}.d.ts`);
  return api;
}

const isAsync = (returns) => returns.startsWith('Promise<');
const isVoid = (returns) => returns === 'void';

function functionWrapper({ name, returns }) {
  const real = `mod.${name}(...a)`;
  if (isAsync(returns)) return `export function ${name}(...a) {\n  return call(() => (throwDeferred(), ${real}));\n}`;
  // A later configure that succeeds replaces an earlier one's error.
  if (name === 'configure') return `export function ${name}(...a) {\n  loadWhenIdle();\n  return later(() => {\n    ${real};\n    deferred = undefined;\n  });\n}`;
  if (name === 'onAuthEvent') return `export function ${name}(...a) {\n  return subscribe(() => ${real});\n}`;
  if (SYNC_FALLBACK[name]) return `export function ${name}(...a) {\n  return mod ? ${real} : ${SYNC_FALLBACK[name]};\n}`;
  if (isVoid(returns)) return `export function ${name}(...a) {\n  return later(() => ${real});\n}`;
  return die(`${name}() is synchronous and returns ${returns}: decide how it works before the wasm is ready (SYNC_FALLBACK in scripts/package.mjs)`);
}

function classWrapper({ name, methods }) {
  const out = [
    `export class ${name} {`,
    '  #real = null;',
    '  #error;',
    '  constructor(...a) {',
    `    if (mod) this.#real = new mod.${name}(...a);`,
    '    else {',
    '      later(() => {',
    '        if (this.#error) return;',
    '        try {',
    `          this.#real = new mod.${name}(...a);`,
    '        } catch (e) {',
    '          this.#error = e;',
    '        }',
    '      });',
    '      loadWhenIdle();',
    '    }',
    '  }',
    '  #get() {',
    '    if (this.#real) return this.#real;',
    '    throw this.#error;',
    '  }',
  ];
  for (const { name: m, returns } of methods) {
    if (m === 'constructor' || m === '[Symbol.dispose]') continue;
    if (m === 'free') {
      out.push('  free() {', '    this.#real?.free();', '    this.#real = null;', `    this.#error = new Error('${name}: used after free()');`, '  }');
      continue;
    }
    const real = `this.#get().${m}(...a)`;
    let body;
    if (isAsync(returns)) body = `return call(() => ${real});`;
    else if (m === 'onAuthEvent') body = `return subscribe(() => ${real});`;
    else body = `return now(() => ${real});`;
    out.push(`  ${m}(...a) {`, `    ${body}`, '  }');
  }
  // In the class body (a statement after it would keep an unused class in the bundle).
  if (methods.some((m) => m.name === '[Symbol.dispose]')) out.push('  [Symbol.dispose || Symbol()]() {', '    this.free();', '  }');
  out.push('}');
  return out.join('\n');
}

function wrappers(api) {
  return [...api.classes.map(classWrapper), ...api.functions.map(functionWrapper)].join('\n\n');
}

function valueExports(api) {
  const names = [...api.classes, ...api.functions].map((x) => x.name);
  return `export { ${names.join(', ')} } from './${CRATE}.js';`;
}

// --- assemble dist/ ------------------------------------------------------------------------
fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
const copy = (from, to) => {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
};
for (const f of [`${CRATE}.js`, `${CRATE}.d.ts`, `${CRATE}_bg.wasm`, ...snippets]) copy(path.join(PKG, f), path.join(OUT, f));

// The main entry needs only the AuthError class at import (the rest of js/glue.js is for the
// wasm module, loaded later): the class moves to its own file beside the snippet, which
// re-exports it, so both see one class and a bundler keeps the snippet off the critical path.
const AUTH_ERROR_FILE = 'auth-error.js';
{
  const snippetFile = path.join(OUT, glue[0]);
  const text = fs.readFileSync(snippetFile, 'utf8');
  const m = text.match(/^((?:\/\/[^\n]*\n)*)export class AuthError extends Error \{\n[\s\S]*?\n\}\n/m);
  if (!m) die(`${glue[0]}: no top-level 'export class AuthError extends Error {' … '}' block to move`);
  fs.writeFileSync(path.join(path.dirname(snippetFile), AUTH_ERROR_FILE), m[0]);
  // An import, not only a re-export: glue.js may use the class itself.
  fs.writeFileSync(snippetFile, text.replace(m[0], `import { AuthError } from './${AUTH_ERROR_FILE}';\nexport { AuthError };\n`));
}
const authErrorPath = `${path.dirname(glue[0])}/${AUTH_ERROR_FILE}`;

const api = exportsOf(fs.readFileSync(path.join(PKG, `${CRATE}.d.ts`), 'utf8'), glueJs);
const generated = { 'index.js': ['/* __WRAPPERS__ */', wrappers(api)], 'index.d.ts': ['/* __VALUES__ */', valueExports(api)] };
const entries = ['index.js', 'index.d.ts', 'init.js', 'init.d.ts'];
for (const f of entries) {
  let text = fs.readFileSync(path.join(TEMPLATE, f), 'utf8').replaceAll('__SNIPPET_DIR__', snippetDir);
  if (generated[f]) {
    const [marker, code] = generated[f];
    if (!text.includes(marker)) die(`pkg-template/${f} has no ${marker} line`);
    text = text.replace(marker, code);
  }
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
  files: [...rest.files, ...snippets, authErrorPath],
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
console.log(`package: entries '${manifest.name}' (wasm loaded on demand, ${api.functions.length} functions + ${api.classes.length} class wrapped) and '${manifest.name}/init' (explicit init); npm pack ${path.relative(ROOT, OUT)}`);
