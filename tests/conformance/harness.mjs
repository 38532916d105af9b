// Harness of the Amplify conformance tests: the shared emulator helpers
// (tests/harness/emulator.mjs) called with the emulator object, plus what only these tests
// need (unsigned Cognito calls, Amplify's long timers).
import * as emulator from '../harness/emulator.mjs';

export { startEmulator } from '../harness/emulator.mjs';
export { totp, uniqueName } from '../harness/fixtures.mjs';

// Amplify arms long timers (e.g. a 3-minute auto-sign-in listener) that would keep each
// test process alive after its tests finish; long timers must not hold the event loop.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = function patchedSetTimeout(fn, ms, ...rest) {
  const t = realSetTimeout(fn, ms, ...rest);
  if (ms >= 30_000 && t && typeof t.unref === 'function') t.unref();
  return t;
};

/** Create a pool from a pool config; returns the Amplify Cognito config. */
export const createPool = (emu, poolConfig = {}) => emulator.createPool(emu.endpoint, poolConfig);
/** Latest code sent to `username` (optionally with a given purpose). */
export const lastCode = (emu, username, purpose) => emulator.latestCode(emu.endpoint, username, purpose);
export const advanceClock = (emu, seconds) => emulator.advanceClock(emu.endpoint, seconds);
/** Request counts per action. */
export const stats = async (emu) => (await emulator.stats(emu.endpoint)).requests;
export const fault = (emu, spec) => emulator.injectFault(emu.endpoint, spec);

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
