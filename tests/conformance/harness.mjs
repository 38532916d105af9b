// Shared harness for the Amplify conformance tests: starts a local-cognito process
// on a free port, creates pools through /_local/pools, reads the dev inbox.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import crypto from 'node:crypto';

// Amplify arms long timers (e.g. a 3-minute auto-sign-in listener) that would keep each
// test process alive after its tests finish; long timers must not hold the event loop.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function patchedSetTimeout(fn, ms, ...rest) {
  const t = realSetTimeout(fn, ms, ...rest);
  if (ms >= 30_000 && t && typeof t.unref === 'function') t.unref();
  return t;
};

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function binaryPath() {
  const bin = process.env.LOCAL_COGNITO_BIN || path.join(root, 'target', 'debug', 'local-cognito');
  if (!existsSync(bin)) {
    throw new Error(`local-cognito binary not found at ${bin}; run \`cargo build -p local-cognito\` first`);
  }
  return bin;
}

/** Start an emulator; resolves with {endpoint, userPoolId, userPoolClientId, stop()}. */
export async function startEmulator(extraArgs = []) {
  const child = spawn(binaryPath(), ['--port', '0', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 100_000) stderr = stderr.slice(-50_000); });
  const config = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`emulator did not start in time\n${stderr}`)); }, 60_000);
    child.stdout.on('data', (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); try { resolve(JSON.parse(buf.slice(0, nl))); } catch (e) { reject(e); } }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`emulator exited early (${code})\n${stderr}`)); });
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => { if (child.exitCode === null) child.kill('SIGKILL'); }, 3000).unref();
  });
  return { ...config, endpoint: config.userPoolEndpoint, stop, stderr: () => stderr };
}

async function devJson(emu, method, p, body) {
  const r = await fetch(emu.endpoint + p, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${p} -> ${r.status}: ${text}`);
  return text ? JSON.parse(text) : {};
}

/** Create a pool from a pool config; returns the Amplify Cognito config. */
export async function createPool(emu, poolConfig = {}) {
  return devJson(emu, 'POST', '/_local/pools', poolConfig);
}

export async function inbox(emu, username) {
  const q = username ? `?username=${encodeURIComponent(username)}` : '';
  return (await devJson(emu, 'GET', `/_local/inbox${q}`)).messages;
}

/** Latest code sent to `username` (optionally with a given purpose). */
export async function lastCode(emu, username, purpose) {
  const msgs = (await inbox(emu, username)).filter((m) => !purpose || m.purpose === purpose);
  if (!msgs.length) throw new Error(`no message for ${username}${purpose ? ` (${purpose})` : ''}`);
  return msgs[msgs.length - 1].code;
}

export async function advanceClock(emu, seconds) {
  return devJson(emu, 'POST', '/_local/clock', { advanceSeconds: seconds });
}

export async function stats(emu) {
  return (await devJson(emu, 'GET', '/_local/stats')).requests;
}

export async function fault(emu, spec) {
  return devJson(emu, 'POST', '/_local/faults', spec);
}

/** Call a Cognito action directly (Admin* actions are accepted unsigned). */
export async function cognito(emu, action, body) {
  const r = await fetch(emu.endpoint + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) {
    const e = new Error(json.message);
    e.name = json.__type;
    throw e;
  }
  return json;
}

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) for a base32 secret. */
export function totp(secretBase32, timeMs = Date.now()) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secretBase32.replace(/=+$/, '').toUpperCase()) {
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(timeMs / 1000 / 30)));
  const h = crypto.createHmac('sha1', Buffer.from(bytes)).update(counter).digest();
  const off = h[h.length - 1] & 0xf;
  const n = ((h[off] & 0x7f) << 24) | (h[off + 1] << 16) | (h[off + 2] << 8) | h[off + 3];
  return String(n % 1_000_000).padStart(6, '0');
}

let counter = 0;
/** A unique username for a test. */
export function uniqueName(prefix = 'user') {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}
