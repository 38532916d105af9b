// WebDriver sessions in the three engines, for the node test tiers (tests/engines):
//
//   import { engines, ENGINE_STARTERS } from '../harness/webdriver.mjs';
//   for (const name of engines()) {              // $ENGINES, default "chromium firefox webkit"
//     const s = await ENGINE_STARTERS[name]();   // or: await chromium() / firefox() / webkit()
//     s.driver                                   // a selenium-webdriver WebDriver
//     s.name, s.version (the browser's), s.virtualAuthenticator (bool: the driver offers one)
//     await s.stop();
//   }
//   await inPage(s.driver, 'lib', (lib, x) => lib.signIn(x), input)  // { ok, out } | { ok: false, error }
//
// Each engine's WebDriver server is started by us on a free loopback port, in a process group
// of its own (`detached`), and waited for until it answers GET /status; the selenium session
// is opened with `usingServer` (Selenium Manager is never used: it would download drivers).
// stop() quits the session and then kills that process group by its id (the driver and the
// browser it started; for WebKitGTK also xvfb-run and its Xvfb), never anything by name.
// Every group still running is killed when the node process exits or gets SIGINT/SIGTERM/SIGHUP.
//
//   chromium  /usr/bin/chromedriver + /usr/bin/chromium, headless
//   firefox   geckodriver (PATH, e.g. ~/.cargo/bin) + firefox-esr, -headless
//   webkit    /usr/bin/WebKitWebDriver + MiniBrowser, under `xvfb-run -a` (MiniBrowser needs a
//             display; headless flags do not work for it)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Builder } from 'selenium-webdriver';
import { VirtualAuthenticatorOptions } from 'selenium-webdriver/lib/virtual_authenticator.js';

const STATUS_TIMEOUT_MS = Number(process.env.WEBDRIVER_READY_TIMEOUT_MS ?? 60_000);
const STDERR_KEEP = 16 * 1024;
export const ALL_ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines $ENGINES selects (space-separated; default all three), in that order. */
export function engines() {
  const raw = (process.env.ENGINES ?? '').trim();
  const wanted = raw ? raw.split(/\s+/) : ALL_ENGINES;
  const unknown = wanted.filter((e) => !ALL_ENGINES.includes(e));
  if (unknown.length) throw new Error(`ENGINES: unknown engine(s) ${unknown.join(', ')} (known: ${ALL_ENGINES.join(' ')})`);
  return ALL_ENGINES.filter((e) => wanted.includes(e));
}

// ---- process groups ------------------------------------------------------------------------

const groups = new Set(); // pids of group leaders still running
let hooksInstalled = false;

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone
  }
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const pid of groups) killGroup(pid, 'SIGKILL');
    groups.clear();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      for (const pid of groups) killGroup(pid, 'SIGKILL');
      groups.clear();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** A free TCP port on 127.0.0.1 (bound and released; the driver binds it right after). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function which(cmd) {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : null;
  const r = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', cmd], { encoding: 'utf8' });
  const p = r.stdout.trim();
  return r.status === 0 && p ? p : null;
}

/**
 * Starts `argv` (the driver, listening on `port`) in its own process group and waits until
 * GET /status answers. Returns { url, pid, stderr(), stop() }.
 */
async function startDriver(label, argv, port) {
  installExitHooks();
  const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid) groups.add(pid);
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-STDERR_KEEP);
    if (process.env.WEBDRIVER_LOG === '1') process.stderr.write(chunk);
  };
  child.stdout.setEncoding('utf8').on('data', keep);
  child.stderr.setEncoding('utf8').on('data', keep);
  let exited = null;
  const exit = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    });
    child.once('error', (e) => {
      exited = { error: e.message };
      resolve(exited);
    });
  });
  const tail = () => (output.trim() ? `\n--- ${label} output:\n${output.trim().split('\n').slice(-20).join('\n')}` : '');
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!pid || !groups.has(pid)) return;
    groups.delete(pid);
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 3000);
    await Promise.race([exit, new Promise((r) => setTimeout(r, 3500))]);
    clearTimeout(timer);
    // whatever of the group outlived its leader (a browser the driver started)
    killGroup(pid, 'SIGKILL');
  };

  const deadline = Date.now() + STATUS_TIMEOUT_MS;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`${label} (${argv.join(' ')}) exited before it answered /status: ${JSON.stringify(exited)}${tail()}`);
    }
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) {
        await res.text();
        break;
      }
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${label} did not answer GET ${url}/status within ${STATUS_TIMEOUT_MS / 1000} s${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, pid, output: () => output, stop };
}

/** Whether the session's driver offers WebDriver's virtual authenticators (tried, then removed). */
async function probeVirtualAuthenticator(driver) {
  try {
    await driver.addVirtualAuthenticator(new VirtualAuthenticatorOptions());
    await driver.removeVirtualAuthenticator();
    return true;
  } catch {
    return false;
  }
}

/** Opens a selenium session on a started driver; returns the engine handle. */
async function openSession(name, server, capabilities) {
  let driver;
  try {
    driver = await new Builder().usingServer(server.url).withCapabilities(capabilities).build();
  } catch (e) {
    await server.stop();
    throw new Error(`${name}: no WebDriver session: ${e.message}${server.output().trim() ? `\n--- driver output:\n${server.output().trim().split('\n').slice(-20).join('\n')}` : ''}`);
  }
  const caps = await driver.getCapabilities();
  const version = String(caps.get('browserVersion') ?? caps.get('version') ?? '?');
  const browserName = String(caps.get('browserName') ?? capabilities.browserName);
  const virtualAuthenticator = await probeVirtualAuthenticator(driver);
  let stopped = null;
  return {
    name,
    browserName,
    version,
    driver,
    virtualAuthenticator,
    pid: server.pid,
    stop() {
      stopped ??= (async () => {
        await Promise.race([driver.quit().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
        await server.stop();
      })();
      return stopped;
    },
  };
}

function need(cmd, what) {
  const p = which(cmd);
  if (!p) throw new Error(`${what}: ${cmd} not found (run make setup)`);
  return p;
}

// ---- the engines ---------------------------------------------------------------------------

/** Headless Chromium through chromedriver. */
export async function chromium() {
  const driverBin = need(process.env.CHROMEDRIVER || '/usr/bin/chromedriver', 'chromium');
  const binary = need(process.env.CHROMIUM_BIN || '/usr/bin/chromium', 'chromium');
  const port = await freePort();
  const server = await startDriver('chromedriver', [driverBin, `--port=${port}`, '--allowed-ips=127.0.0.1'], port);
  return openSession('chromium', server, {
    browserName: 'chrome',
    'goog:chromeOptions': {
      binary,
      // Without the background-networking flags the closed network here makes Chromium misbehave.
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  });
}

/** Headless Firefox ESR through geckodriver. */
export async function firefox() {
  const driverBin = need(process.env.GECKODRIVER || 'geckodriver', 'firefox');
  const binary = need('firefox-esr', 'firefox');
  const port = await freePort();
  const server = await startDriver('geckodriver', [driverBin, '--host', '127.0.0.1', '--port', String(port)], port);
  return openSession('firefox', server, {
    browserName: 'firefox',
    'moz:firefoxOptions': {
      binary,
      args: ['-headless'],
      // Firefox sends WebAuthn ceremonies to WebDriver's virtual authenticators only with the
      // soft token on; without it navigator.credentials.create/get wait for a real (USB or
      // platform) authenticator forever, virtual authenticator or not.
      prefs: { 'security.webauth.webauthn_enable_softtoken': true, 'security.webauth.webauthn_enable_usbtoken': false },
    },
  });
}

/** WebKitGTK's MiniBrowser through WebKitWebDriver, under Xvfb (xvfb-run -a: a free display). */
export async function webkit() {
  const driverBin = need(process.env.WEBKIT_WEBDRIVER || '/usr/bin/WebKitWebDriver', 'webkit');
  const xvfbRun = need('xvfb-run', 'webkit');
  const port = await freePort();
  const server = await startDriver(
    'WebKitWebDriver',
    [xvfbRun, '-a', '-s', '-screen 0 1280x1024x24 -nolisten tcp', driverBin, `--port=${port}`, '--host=127.0.0.1'],
    port,
  );
  return openSession('webkit', server, { browserName: 'MiniBrowser' });
}

export const ENGINE_STARTERS = { chromium, firefox, webkit };

// Runs in the page: arguments = [global name, function source, argument, callback].
const IN_PAGE = `
const [name, src, arg, done] = arguments;
const reply = (v) => done(JSON.stringify(v));
(async () => {
  for (let i = 0; !window[name] && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
  if (!window[name]) throw new Error('the page has no window.' + name);
  const f = (0, eval)('(' + src + ')');
  return f(window[name], arg);
})().then(
  (out) => reply({ ok: true, out: out === undefined ? null : out }),
  (e) => reply({ ok: false, error: { name: String(e && e.name), message: String(e && e.message) } }),
);`;

/**
 * `fn(window[name], arg)` in the page (`fn` is sent as source: it may use only its
 * arguments), awaited there: `{ ok: true, out }` (a JSON value) or `{ ok: false, error:
 * { name, message } }`. Waits up to 5 s for `window[name]` to appear.
 */
export async function inPage(driver, name, fn, arg = null) {
  return JSON.parse(await driver.executeAsyncScript(IN_PAGE, name, fn.toString(), arg));
}

/** The WebDriver binary of `engine`, for messages. */
export function driverName(engine) {
  return { chromium: 'chromedriver', firefox: 'geckodriver', webkit: 'WebKitWebDriver' }[engine] ?? path.basename(engine);
}
