// Shared helpers for node tests (conformance, e2e): start a private local-cognito and talk
// to its dev endpoints.
//
//   import { startEmulator, inbox, createPool } from '../harness/emulator.mjs';
//   const emu = await startEmulator();          // extra CLI args: startEmulator(['--config', f])
//   emu.endpoint        // "http://127.0.0.1:PORT"   (= emu.config.userPoolEndpoint)
//   emu.userPoolId, emu.userPoolClientId, emu.config (the ready-line JSON)
//   await emu.stop();
//
// The binary is $LOCAL_COGNITO_BIN (scripts/test.sh sets it), else target/debug/local-cognito.
// It is started with --port 0 (unless args has --port); readiness is its one stdout line.
// Its stderr is kept (last 64 KB, in error messages) and echoed live when
// LOCAL_COGNITO_LOG=1. Every emulator still running is killed when the process exits.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const READY_TIMEOUT_MS = Number(process.env.LOCAL_COGNITO_READY_TIMEOUT_MS ?? 60_000);
const STDERR_KEEP = 64 * 1024;

const running = new Set();
let hooksInstalled = false;

function killAll() {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

function installExitHooks() {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      killAll();
      // restore the default action and re-raise, so the process still dies of the signal
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig);
    };
    process.on(sig, onSignal);
  }
}

/** Path of the local-cognito binary the helpers start. */
export function emulatorBin() {
  return process.env.LOCAL_COGNITO_BIN || path.join(ROOT, 'target', 'debug', 'local-cognito');
}

/**
 * Start a local-cognito on a free port and wait for its ready line.
 * @param {string[]} args extra command-line arguments (e.g. ['--config', file])
 * @returns {Promise<{endpoint: string, userPoolId: string, userPoolClientId: string,
 *   config: object, pid: number, stderr: () => string, stop: () => Promise<void>}>}
 */
export async function startEmulator(args = []) {
  const bin = emulatorBin();
  if (!existsSync(bin)) {
    throw new Error(
      `local-cognito binary not found at ${bin}: run \`cargo build -p local-cognito\` or set LOCAL_COGNITO_BIN`,
    );
  }
  const argv = args.includes('--port') || args.some((a) => a.startsWith('--port=')) ? [...args] : ['--port', '0', ...args];
  installExitHooks();
  const child = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);

  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
    if (process.env.LOCAL_COGNITO_LOG === '1') process.stderr.write(chunk);
  });

  let exited = null; // { code, signal } once the process is gone
  const exitPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      running.delete(child);
      resolve(exited);
    });
  });
  const describe = () => `${bin} ${argv.join(' ')}`;
  const stderrTail = () => (stderr.trim() ? `\n--- local-cognito stderr:\n${stderr.trim().split('\n').slice(-30).join('\n')}` : '');

  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  let line;
  try {
    line = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`local-cognito printed no ready line within ${READY_TIMEOUT_MS / 1000} s (${describe()})${stderrTail()}`)),
        READY_TIMEOUT_MS,
      );
      lines.once('line', (l) => {
        clearTimeout(timer);
        resolve(l);
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`could not start ${describe()}: ${e.message}`));
      });
      exitPromise.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`local-cognito exited (${signal ?? `status ${code}`}) before it was ready (${describe()})${stderrTail()}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  // Keep draining stdout so the process never blocks on a full pipe.
  lines.on('line', () => {});

  let config;
  try {
    config = JSON.parse(line);
  } catch {
    child.kill('SIGKILL');
    throw new Error(`local-cognito's first stdout line is not JSON: ${line}`);
  }
  for (const key of ['userPoolEndpoint', 'userPoolId', 'userPoolClientId']) {
    if (typeof config[key] !== 'string' || !config[key]) {
      child.kill('SIGKILL');
      throw new Error(`local-cognito's ready line lacks "${key}": ${line}`);
    }
  }

  let stopping = null;
  const stop = () => {
    if (stopping) return stopping;
    stopping = (async () => {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(timer);
    })();
    return stopping;
  };

  return {
    endpoint: config.userPoolEndpoint.replace(/\/+$/, ''),
    userPoolId: config.userPoolId,
    userPoolClientId: config.userPoolClientId,
    config,
    pid: child.pid,
    stderr: () => stderr,
    stop,
  };
}

async function local(endpoint, method, pathAndQuery, body) {
  const url = `${endpoint.replace(/\/+$/, '')}${pathAndQuery}`;
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

/** Messages (codes) sent to `username`, oldest first: GET /_local/inbox?username=… */
export async function inbox(endpoint, username) {
  const out = await local(endpoint, 'GET', `/_local/inbox?username=${encodeURIComponent(username)}`);
  if (!out || !Array.isArray(out.messages)) throw new Error(`inbox: unexpected response ${JSON.stringify(out)}`);
  return out.messages;
}

/** Newest code sent to `username` (optionally of one `purpose`, e.g. 'SIGN_UP'). */
export async function latestCode(endpoint, username, purpose) {
  const msgs = (await inbox(endpoint, username)).filter((m) => !purpose || m.purpose === purpose);
  if (msgs.length === 0) throw new Error(`no ${purpose ?? ''} message for ${username} in the inbox`);
  return msgs[msgs.length - 1].code;
}

/** Create a pool (and its clients) at runtime: POST /_local/pools with `config`; returns the response JSON. */
export async function createPool(endpoint, config) {
  return local(endpoint, 'POST', '/_local/pools', config);
}

/** Shift the emulator clock: POST /_local/clock {advanceSeconds}. */
export async function advanceClock(endpoint, advanceSeconds) {
  return local(endpoint, 'POST', '/_local/clock', { advanceSeconds });
}

/** Make the next `count` calls of `action` fail: POST /_local/faults. */
export async function injectFault(endpoint, { action, error, status = 400, count = 1 }) {
  return local(endpoint, 'POST', '/_local/faults', { action, error, status, count });
}

/**
 * Make the next `count` calls of `action` slow: POST /_local/faults {stallMs}. `during`:
 * 'handling' (no answer for `stallMs`) or 'body' (status, headers and one byte, the rest later).
 */
export async function injectStall(endpoint, { action, stallMs, during = 'handling', count = 1 }) {
  return local(endpoint, 'POST', '/_local/faults', { action, stallMs, during, count });
}

/** Request counts per action: GET /_local/stats -> { requests: { Action: n } }. */
export async function stats(endpoint) {
  return local(endpoint, 'GET', '/_local/stats');
}

/** POST /_local/stats/reset. */
export async function resetStats(endpoint) {
  return local(endpoint, 'POST', '/_local/stats/reset');
}
