#!/usr/bin/env node
// Tiny dependency-free static file server for the demo (www/) and end-to-end tests.
//
//   node scripts/serve.mjs [ROOT=www] [PORT=8080]        (env PORT also works; 0 = free port)
//
// Listens on loopback only (127.0.0.1 and, when available, ::1) so that
// http://localhost:PORT works whichever address the browser picks. When listening it prints
// ONE line to stdout:  serving <root> on http://localhost:<port>/
//
// Also importable:  import { startStaticServer } from './scripts/serve.mjs';
//   const srv = await startStaticServer({ root: 'www', port: 0 }); srv.url; await srv.close();
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
};

function handler(root) {
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    let file = path.join(root, path.normalize(rel));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    fs.stat(file, (err, st) => {
      if (!err && st.isDirectory()) {
        if (!rel.endsWith('/')) {
          res.writeHead(301, { Location: rel + '/' }).end();
          return;
        }
        file = path.join(file, 'index.html');
        st = fs.existsSync(file) ? fs.statSync(file) : null;
      }
      if (err || !st || !st.isFile()) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${rel}\n`);
        return;
      }
      const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      res.writeHead(200, {
        'Content-Type': type,
        'Content-Length': st.size,
        'Cache-Control': 'no-store',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
    });
  };
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address().port);
    });
  });
}

/** Serve `root` on loopback. Resolves to { url, port, close() } once listening. */
export async function startStaticServer({ root = 'www', port = 8080 } = {}) {
  root = path.resolve(root);
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`serve: ${root} is not a directory`);
  }
  const servers = [http.createServer(handler(root))];
  const bound = await listen(servers[0], Number(port), '127.0.0.1');
  // Same port on IPv6 loopback, so "localhost" works if the browser resolves it to ::1.
  const v6 = http.createServer(handler(root));
  try {
    await listen(v6, bound, '::1');
    servers.push(v6);
  } catch {
    // no IPv6 loopback here: 127.0.0.1 alone is fine
  }
  return {
    root,
    port: bound,
    url: `http://localhost:${bound}/`,
    close: () =>
      Promise.all(
        servers.map((s) => new Promise((r) => { s.close(() => r()); s.closeAllConnections?.(); })),
      ),
  };
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const root = process.argv[2] ?? path.join(here, '..', 'www');
  const port = process.argv[3] ?? process.env.PORT ?? 8080;
  try {
    const srv = await startStaticServer({ root, port });
    console.log(`serving ${srv.root} on ${srv.url}`);
    const stop = () => srv.close().then(() => process.exit(0));
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (e) {
    console.error(e.code === 'EADDRINUSE' ? `serve: port ${port} is already in use` : `serve: ${e.message}`);
    process.exit(1);
  }
}
