#!/usr/bin/env node
// Shortens the names the wasm module and its JS glue use for each other (a wasm-pack
// `--target web` package, rewritten in place): `node scripts/minify-names.mjs pkg`.
//
// wasm-bindgen names every import `__wbg_<name>_<16 hex digits>` and every export after its
// Rust or JS name. Those strings sit in both files, and the hex digits do not compress: ~2 KB
// of the wasm's gzip and more of the glue's. binaryen's `--minify-imports-and-exports-and-modules`
// renames them in the wasm (one import module "a", names "a", "b", …) and prints the mapping;
// this script applies that mapping to the glue and to the `InitOutput` type. Every name the
// glue uses must be mapped and every renamed import found, or the script fails without
// writing anything.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node scripts/minify-names.mjs <wasm-pack output dir>');
  process.exit(2);
}
let out;
const fail = (msg) => {
  if (out && existsSync(out)) unlinkSync(out);
  console.error(`minify-names: ${msg}`);
  process.exit(1);
};

const wasmFile = readdirSync(dir).find((f) => f.endsWith('_bg.wasm'));
if (!wasmFile) fail(`no *_bg.wasm in ${dir}`);
const base = wasmFile.slice(0, -'_bg.wasm'.length);
const jsPath = join(dir, `${base}.js`);
const dtsPath = join(dir, `${base}.d.ts`);
const wasmPath = join(dir, wasmFile);
let js = readFileSync(jsPath, 'utf8');
if (js.includes('return { __proto__: null, a: import0') || !js.includes('function __wbg_get_imports()')) {
  fail(`${jsPath} is not fresh wasm-bindgen --target web output (already minified?)`);
}

// npm binaryen's wasm-opt (Debian's breaks the module: docs in ../shared/reference/toolchain.md).
const wasmOpt = join(process.cwd(), 'node_modules/.bin/wasm-opt');
if (!existsSync(wasmOpt)) fail(`${wasmOpt} missing (run make setup)`);
// The same wasm features as the release build's wasm-opt (Cargo.toml, wasm-pack metadata).
const cargoToml = readFileSync(join(process.cwd(), 'Cargo.toml'), 'utf8');
const releaseOpt = cargoToml.match(/\[package\.metadata\.wasm-pack\.profile\.release\]\s*wasm-opt = \[([^\]]*)\]/);
if (!releaseOpt) fail('no [package.metadata.wasm-pack.profile.release] wasm-opt list in Cargo.toml');
const features = [...releaseOpt[1].matchAll(/"(--enable-[\w-]+)"/g)].map((m) => m[1]);
out = `${wasmPath}.min`;
const mapText = execFileSync(
  wasmOpt,
  [wasmPath, '-o', out, '--minify-imports-and-exports-and-modules', ...features],
  { encoding: 'utf8' },
);
const map = JSON.parse(mapText.slice(mapText.indexOf('{')));

// --- imports: the glue's `__wbg_get_imports()` returns { "<module>": importN, … } ---------
const body = js.slice(js.indexOf('function __wbg_get_imports()'));
const retStart = body.lastIndexOf('    return {\n        __proto__: null,\n');
const retEnd = body.indexOf('\n    };\n}', retStart);
if (retStart < 0 || retEnd < 0) fail('cannot find the return object of __wbg_get_imports()');
const moduleVar = new Map();
for (const m of body.slice(retStart, retEnd).matchAll(/^\s+"([^"]+)": (import\d+),$/gm)) moduleVar.set(m[1], m[2]);
const entries = [];
let imports = body.slice(0, retStart);
for (const [module, name, short] of map.imports) {
  const v = moduleVar.get(module);
  if (!v) fail(`import module ${module} is not in the glue's import object`);
  if (v === 'import0') {
    // Rename the key where the glue defines it (exactly one definition).
    const def = new RegExp(`^( {8})${name}(: function\\()`, 'm');
    if (!def.test(imports)) fail(`import ${name} has no definition in the glue`);
    imports = imports.replace(def, (whole, indent, rest) => `${indent}${short}${rest}`);
  } else {
    entries.push(`        ${JSON.stringify(short)}: ${v}.${name},`);
  }
}
// The pass puts every import in one module named "a".
const newReturn = `    Object.assign(import0, {\n${entries.join('\n')}\n    });\n    return { __proto__: null, a: import0`;
js = js.slice(0, js.indexOf('function __wbg_get_imports()')) + imports + newReturn + body.slice(retEnd);

// --- exports: every `wasm.<name>` in the glue ---------------------------------------------
const exportsMap = new Map(map.exports);
js = js.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) => {
  const short = exportsMap.get(name);
  if (short === undefined) fail(`the glue uses wasm.${name}, which the wasm does not export`);
  return `wasm.${short}`;
});

// --- the InitOutput interface in the .d.ts -------------------------------------------------
if (existsSync(dtsPath)) {
  let dts = readFileSync(dtsPath, 'utf8');
  dts = dts.replace(/^( {4}readonly )([A-Za-z_$][\w$]*)(:)/gm, (whole, pre, name, post) =>
    exportsMap.has(name) ? `${pre}${exportsMap.get(name)}${post}` : whole,
  );
  writeFileSync(dtsPath, dts);
}

writeFileSync(jsPath, js);
renameSync(out, wasmPath);
console.log(`minify-names: ${map.imports.length} imports, ${map.exports.length} exports renamed in ${dir}`);
