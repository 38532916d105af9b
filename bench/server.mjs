// Loopback static server for the SRP benchmark page, able to serve npm ESM packages to the
// browser without a bundler (the workspace has none): every import specifier in a served
// .js/.mjs file is rewritten to an absolute URL of the file it resolves to, as a bundler would
// resolve it for the browser (package.json `exports` with the browser/import/module/default
// conditions, else `browser`/`module`/`main`; the `browser` field's file map; extensionless and
// directory imports). Only files under the repository root are served (the page, the bench
// wasm package under target/, node_modules).
//
//   import { startBenchServer } from './server.mjs';
//   const srv = await startBenchServer({ root, port: 0 }); srv.url; await srv.close();
//
// Responses carry COOP/COEP, so the page is cross-origin isolated and `performance.now()` has
// 5 µs resolution instead of 100 µs (CORS fetches to the emulator still work).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};
// Export conditions a browser bundler (webpack/esbuild, platform browser, ESM) honours.
const CONDITIONS = new Set(['browser', 'import', 'module', 'es2015', 'default']);
const EXTENSIONS = ['', '.mjs', '.js', '/index.mjs', '/index.js'];
const EMPTY_MODULE = '/__empty__.mjs';

const isFile = (p) => {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

const pkgCache = new Map();
function readPkg(dir) {
  if (!pkgCache.has(dir)) {
    const f = path.join(dir, 'package.json');
    pkgCache.set(dir, isFile(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);
  }
  return pkgCache.get(dir);
}

/** The package directory holding `file` (nearest package.json with a name), or null. */
function ownerPackage(file) {
  for (let d = path.dirname(file); d !== path.dirname(d); d = path.dirname(d)) {
    const pkg = readPkg(d);
    if (pkg && pkg.name) return d;
    if (path.basename(d) === 'node_modules') return null;
  }
  return null;
}

/** `exports` target for `sub` ('.', './x') under the browser conditions, or undefined. */
function exportsTarget(exp, sub) {
  const pick = (t) => {
    if (typeof t === 'string' || t === null) return t;
    if (Array.isArray(t)) {
      for (const x of t) {
        const r = pick(x);
        if (r !== undefined) return r;
      }
      return undefined;
    }
    if (t && typeof t === 'object') {
      for (const [k, v] of Object.entries(t)) {
        if (CONDITIONS.has(k)) {
          const r = pick(v);
          if (r !== undefined) return r;
        }
      }
    }
    return undefined;
  };
  if (typeof exp === 'string' || Array.isArray(exp) || !Object.keys(exp).some((k) => k.startsWith('.'))) {
    return sub === '.' ? pick(exp) : undefined;
  }
  if (sub in exp) return pick(exp[sub]);
  // Patterns ("./*", "./foo/*"); the longest matching prefix wins.
  let best;
  for (const key of Object.keys(exp)) {
    const star = key.indexOf('*');
    if (star < 0) {
      if (key.endsWith('/') && sub.startsWith(key) && (!best || key.length > best.key.length)) best = { key, rest: sub.slice(key.length), dir: true };
      continue;
    }
    const pre = key.slice(0, star);
    const post = key.slice(star + 1);
    if (sub.startsWith(pre) && sub.endsWith(post) && sub.length >= key.length - 1 && (!best || pre.length > best.key.length)) {
      best = { key, rest: sub.slice(pre.length, sub.length - post.length) };
    }
  }
  if (!best) return undefined;
  const t = pick(exp[best.key]);
  if (typeof t !== 'string') return t;
  return best.dir ? t + best.rest : t.replaceAll('*', best.rest);
}

/** Applies a package's `browser` file map (object form) to an absolute file path. */
function browserMap(file) {
  const dir = ownerPackage(file);
  const pkg = dir && readPkg(dir);
  if (!pkg || !pkg.browser || typeof pkg.browser !== 'object') return file;
  for (const [from, to] of Object.entries(pkg.browser)) {
    if (!from.startsWith('.')) continue;
    const abs = path.join(dir, from);
    if (EXTENSIONS.some((e) => abs + e === file) || abs === file) {
      if (to === false) return EMPTY_MODULE;
      return withExtension(path.join(dir, to)) ?? file;
    }
  }
  return file;
}

function withExtension(p) {
  for (const e of EXTENSIONS) if (isFile(p + e)) return p + e;
  return null;
}

/** Absolute file for a bare specifier imported from `fromFile`. */
function resolveBare(spec, fromFile) {
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = spec.slice(name.length); // '' or '/x/y'
  for (let d = path.dirname(fromFile); ; d = path.dirname(d)) {
    const dir = path.join(d, 'node_modules', name);
    const pkg = readPkg(dir);
    if (pkg) {
      let target;
      if (pkg.exports !== undefined) {
        target = exportsTarget(pkg.exports, `.${sub}`);
        if (target === undefined || target === null) throw new Error(`${spec}: not exported for the browser by ${dir}/package.json`);
      } else if (sub) {
        target = `.${sub}`;
      } else {
        target = (typeof pkg.browser === 'string' && pkg.browser) || pkg.module || pkg.main || 'index.js';
      }
      const file = withExtension(path.join(dir, target));
      if (!file) throw new Error(`${spec}: ${path.join(dir, target)} not found`);
      return browserMap(file);
    }
    if (d === path.dirname(d)) throw new Error(`cannot resolve '${spec}' from ${fromFile}`);
  }
}

function resolveSpecifier(spec, fromFile) {
  if (/^(https?:|data:|blob:)/.test(spec)) return null; // leave as is
  if (spec.startsWith('/')) return null; // already a URL path
  if (spec.startsWith('./') || spec.startsWith('../')) {
    const file = withExtension(path.resolve(path.dirname(fromFile), spec));
    if (!file) throw new Error(`cannot resolve '${spec}' from ${fromFile}`);
    return browserMap(file);
  }
  return resolveBare(spec, fromFile);
}

// Static and dynamic import/export specifiers of (unminified) ESM.
const IMPORT_RE = /(\b(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?)(['"])([^'"\n]+)\2|(\bimport\s*\(\s*)(['"])([^'"\n]+)\5(\s*\))/g;

// Strings (kept) or comments (blanked), to find imports in code only.
const MASK_RE = /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|(\/\*[\s\S]*?\*\/|\/\/[^\n]*)/g;

function rewrite(source, file, root) {
  // Same length as `source`, with comments replaced by spaces: match there, edit the original.
  const masked = source.replace(MASK_RE, (m, str) => (str !== undefined ? m : m.replace(/[^\n]/g, ' ')));
  let out = '';
  let last = 0;
  for (const m of masked.matchAll(IMPORT_RE)) {
    const [, pre, q, spec, dpre, dq, dspec, dpost] = m;
    const s = spec ?? dspec;
    const abs = resolveSpecifier(s, file);
    if (abs === null) continue;
    const url = abs === EMPTY_MODULE ? EMPTY_MODULE : '/' + path.relative(root, abs).split(path.sep).join('/');
    out += source.slice(last, m.index) + (spec !== undefined ? `${pre}${q}${url}${q}` : `${dpre}${dq}${url}${dq}${dpost}`);
    last = m.index + m[0].length;
  }
  return out + source.slice(last);
}

const CJS_RE = /\bmodule\.exports\b|\bexports\.\w+\s*=|\brequire\s*\(/;
const ESM_RE = /^\s*(import|export)\b/m;

/**
 * Starts the server on 127.0.0.1.
 * @param {{root: string, port?: number, log?: (line: string) => void}} opts
 */
export function startBenchServer({ root, port = 0, log = () => {} }) {
  root = path.resolve(root);
  const cache = new Map();
  const server = http.createServer((req, res) => {
    const headers = {
      'cache-control': 'no-store',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cross-origin-resource-policy': 'same-origin',
    };
    try {
      const url = new URL(req.url, 'http://localhost');
      if (url.pathname === EMPTY_MODULE) {
        res.writeHead(200, { ...headers, 'content-type': MIME['.mjs'] });
        res.end('export default {};\n');
        return;
      }
      let file = path.resolve(root, '.' + decodeURIComponent(url.pathname));
      if (file !== root && !file.startsWith(root + path.sep)) throw Object.assign(new Error('outside root'), { status: 403 });
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      if (!isFile(file)) throw Object.assign(new Error('not found'), { status: 404 });
      const ext = path.extname(file);
      let body;
      if (ext === '.js' || ext === '.mjs') {
        if (!cache.has(file)) {
          const src = fs.readFileSync(file, 'utf8');
          if (!ESM_RE.test(src) && CJS_RE.test(src)) throw new Error(`${file} is CommonJS; the bench server serves ESM only`);
          cache.set(file, rewrite(src, file, root));
        }
        body = cache.get(file);
      } else {
        body = fs.readFileSync(file);
      }
      res.writeHead(200, { ...headers, 'content-type': MIME[ext] || 'application/octet-stream' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      const status = e.status || 500;
      if (status === 500) log(`bench server: ${req.url}: ${e.message}`);
      res.writeHead(status, { ...headers, 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${status} ${e.message}\n`);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: p } = server.address();
      resolve({
        url: `http://127.0.0.1:${p}`,
        close: () => new Promise((r) => server.close(() => r())),
        // for tests of the resolver
        resolve: (spec, fromFile) => resolveSpecifier(spec, fromFile),
      });
    });
  });
}
