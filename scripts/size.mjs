#!/usr/bin/env node
// Size report of a wasm-pack package: raw, gzip -9 and brotli (quality 11) of the
// *_bg.wasm and the JS glue (the package's .js files, snippets included; no .d.ts), and
// their sum. Uses node's zlib only.
//
//   node scripts/size.mjs [PKG_DIR=pkg] [--json]
//
// --json prints one JSON object instead of the table (for benchmarks and CI tracking).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
const json = args.includes('--json');
const dir = args.find((a) => !a.startsWith('--')) ?? 'pkg';

function walk(d) {
  return fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(d, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : walk(p);
    return [p];
  });
}

if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`size: ${dir}/ does not exist; build the package first (make build)`);
  process.exit(1);
}
const files = walk(dir);
const wasm = files.filter((f) => f.endsWith('_bg.wasm'));
const js = files.filter((f) => /\.(m?js|cjs)$/.test(f) && !f.endsWith('.d.ts')).sort();
if (wasm.length === 0) {
  console.error(`size: no *_bg.wasm in ${dir}/; build the package first (make build)`);
  process.exit(1);
}

function measure(file) {
  const buf = fs.readFileSync(file);
  const gzip = zlib.gzipSync(buf, { level: 9 }).length;
  const brotli = zlib.brotliCompressSync(buf, {
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
      [zlib.constants.BROTLI_PARAM_MODE]: file.endsWith('.wasm')
        ? zlib.constants.BROTLI_MODE_GENERIC
        : zlib.constants.BROTLI_MODE_TEXT,
    },
  }).length;
  return { file: path.relative(dir, file), raw: buf.length, gzip, brotli };
}

const rows = [...wasm, ...js].map(measure);
const total = rows.reduce(
  (t, r) => ({ file: 'total', raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { file: 'total', raw: 0, gzip: 0, brotli: 0 },
);

if (json) {
  console.log(JSON.stringify({ dir, files: rows, total }));
} else {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const cell = (n) => `${n.toLocaleString('en-US')} B (${kb(n)})`;
  const w = Math.max(5, ...rows.map((r) => r.file.length));
  const cols = ['raw', 'gzip -9', 'brotli'];
  const cw = Math.max(...[...rows, total].flatMap((r) => [r.raw, r.gzip, r.brotli].map((n) => cell(n).length)));
  const line = (name, vals) => `${name.padEnd(w)}  ${vals.map((v) => v.padStart(cw)).join('  ')}`;
  console.log(`size report: ${path.resolve(dir)}`);
  console.log(line('file', cols));
  for (const r of rows) console.log(line(r.file, [r.raw, r.gzip, r.brotli].map(cell)));
  console.log(line('total', [total.raw, total.gzip, total.brotli].map(cell)));
}
