// Device tracking with aws-amplify v6: Amplify's own ConfirmDevice after a sign-in that returns
// NewDeviceMetadata, rememberDevice / fetchDevices / forgetDevice, and DEVICE_SRP_AUTH answered
// by Amplify on the next sign-in (instead of MFA on a pool that trusts remembered devices).
// Amplify keeps the device keys in its storage; in Node that is its in-memory fallback (no
// window.localStorage), which, like localStorage, survives signOut within the process.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import {
  signIn, signOut, confirmSignIn, fetchAuthSession, rememberDevice, forgetDevice, fetchDevices,
} from 'aws-amplify/auth';
import { startEmulator, createPool, lastCode, uniqueName, cognito, stats } from './harness.mjs';
import { inbox } from '../harness/emulator.mjs';

// Amplify names the device from `navigator` (getDeviceName) before ConfirmDevice and gives up
// on the device silently when that throws. Node 21+ has a global navigator; Node 20 has none,
// so give it the one field Amplify falls back to.
if (typeof globalThis.navigator === 'undefined') {
  Object.defineProperty(globalThis, 'navigator', { value: { userAgent: `Node.js/${process.versions.node}` }, configurable: true });
}

let emu;
const PASSWORD = 'Passw0rd!';

before(async () => { emu = await startEmulator(); });
after(async () => { await emu?.stop(); });
beforeEach(async () => { await signOut().catch(() => {}); });

async function usePool(deviceConfiguration) {
  const cfg = await createPool(emu, { mfa: 'ON', mfaTypes: ['EMAIL_OTP'], deviceConfiguration });
  Amplify.configure({ Auth: { Cognito: cfg } });
  return cfg;
}

/** A confirmed user with email MFA. */
async function newUser(cfg) {
  const username = uniqueName('dev');
  await cognito(emu, 'AdminCreateUser', {
    UserPoolId: cfg.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  });
  await cognito(emu, 'AdminSetUserPassword', { UserPoolId: cfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  await cognito(emu, 'AdminSetUserMFAPreference', { UserPoolId: cfg.userPoolId, Username: username, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
  return username;
}

/** Calls of `action` made while `fn` ran. */
async function counting(fn) {
  const before = await stats(emu);
  const out = await fn();
  const after = await stats(emu);
  const delta = (a) => (after[a] ?? 0) - (before[a] ?? 0);
  return { out, delta };
}

async function signInWithMfa(username) {
  const first = await signIn({ username, password: PASSWORD });
  assert.equal(first.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const done = await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') });
  assert.equal(done.nextStep.signInStep, 'DONE');
}

test('always-remembered device: Amplify confirms it, answers DEVICE_SRP_AUTH, MFA is skipped; forgetDevice brings MFA back', async () => {
  const cfg = await usePool({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false });
  const username = await newUser(cfg);

  const first = await counting(() => signInWithMfa(username));
  assert.equal(first.delta('ConfirmDevice'), 1, 'Amplify calls ConfirmDevice on NewDeviceMetadata');

  const devices = await fetchDevices();
  assert.equal(devices.length, 1);
  const [device] = devices;
  assert.match(device.id, /^us-east-1_[0-9a-f-]{36}$/);
  assert.equal(device.attributes.device_status, 'valid');
  assert.equal(device.attributes['dev:device_remembered_status'], 'remembered');
  assert.equal(device.name, device.attributes.device_name);
  assert.ok(device.createDate instanceof Date && device.lastAuthenticatedDate instanceof Date && device.lastModifiedDate instanceof Date);
  const { tokens } = await fetchAuthSession();
  assert.equal(tokens.accessToken.payload.device_key, device.id);

  await signOut();
  const codesBefore = (await inbox(emu.endpoint, username)).length;
  const second = await counting(() => signIn({ username, password: PASSWORD }));
  assert.equal(second.out.isSignedIn, true);
  assert.equal(second.out.nextStep.signInStep, 'DONE', 'no MFA step on the remembered device');
  // PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER; no new device.
  assert.equal(second.delta('InitiateAuth'), 1);
  assert.equal(second.delta('RespondToAuthChallenge'), 3);
  assert.equal(second.delta('ConfirmDevice'), 0);
  const codesAfter = (await inbox(emu.endpoint, username)).length;
  assert.equal(codesAfter, codesBefore, 'no MFA code sent');
  const session = await fetchAuthSession();
  assert.equal(session.tokens.accessToken.payload.device_key, device.id);

  // Amplify refreshes with the device key (a device-bound refresh token needs it).
  const refresh = await counting(() => fetchAuthSession({ forceRefresh: true }));
  assert.equal(refresh.out.tokens.accessToken.payload.device_key, device.id);
  assert.equal(refresh.delta('GetTokensFromRefreshToken') + refresh.delta('InitiateAuth'), 1);

  const forget = await counting(() => forgetDevice());
  assert.equal(forget.delta('ForgetDevice'), 1);
  assert.deepEqual(await fetchDevices(), []);
  await assert.rejects(cognito(emu, 'AdminGetDevice', { UserPoolId: cfg.userPoolId, Username: username, DeviceKey: device.id }),
    (e) => e.name === 'ResourceNotFoundException');

  await signOut();
  const again = await signIn({ username, password: PASSWORD });
  assert.equal(again.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'MFA again once the device is forgotten');
});

test('remembered on user prompt: not listed until rememberDevice(); then DEVICE_SRP_AUTH replaces MFA', async () => {
  const cfg = await usePool({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true });
  const username = await newUser(cfg);
  const first = await counting(() => signInWithMfa(username));
  assert.equal(first.delta('ConfirmDevice'), 1);
  assert.deepEqual(await fetchDevices(), [], 'a device not remembered is not listed');

  const remember = await counting(() => rememberDevice());
  assert.equal(remember.delta('UpdateDeviceStatus'), 1);
  const devices = await fetchDevices();
  assert.equal(devices.length, 1);
  assert.equal(devices[0].attributes['dev:device_remembered_status'], 'remembered');

  await signOut();
  const second = await counting(() => signIn({ username, password: PASSWORD }));
  assert.equal(second.out.nextStep.signInStep, 'DONE');
  assert.equal(second.delta('RespondToAuthChallenge'), 3);
});

test('confirmed but not remembered: MFA first, then Amplify answers DEVICE_SRP_AUTH after the code', async () => {
  const cfg = await usePool({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: true });
  const username = await newUser(cfg);
  await signInWithMfa(username);
  await signOut();
  const step = await signIn({ username, password: PASSWORD });
  assert.equal(step.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const code = await lastCode(emu, username, 'MFA');
  const done = await counting(() => confirmSignIn({ challengeResponse: code }));
  assert.equal(done.out.nextStep.signInStep, 'DONE');
  // EMAIL_OTP, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER.
  assert.equal(done.delta('RespondToAuthChallenge'), 3);
  assert.equal(done.delta('ConfirmDevice'), 0);
});

test('device forgotten server-side (AdminForgetDevice): Amplify gets "Device does not exist.", clears its device keys, retries and confirms a new device', async () => {
  const cfg = await usePool({ challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false });
  const username = await newUser(cfg);
  await signInWithMfa(username);
  const [old] = await fetchDevices();
  assert.ok(old, 'the first device is remembered');
  await signOut();

  // Forgotten behind Amplify's back (an admin, or the user on another device).
  await cognito(emu, 'AdminForgetDevice', { UserPoolId: cfg.userPoolId, Username: username, DeviceKey: old.id });

  const step = await counting(() => signIn({ username, password: PASSWORD }));
  // InitiateAuth (SRP_A); PASSWORD_VERIFIER with the stale DEVICE_KEY (ResourceNotFoundException),
  // then Amplify's retry of the same answer on the same Session without it.
  assert.equal(step.delta('InitiateAuth'), 1);
  assert.equal(step.delta('RespondToAuthChallenge'), 2);
  assert.equal(step.out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', 'no trusted device any more: MFA');
  const done = await counting(async () => confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') }));
  assert.equal(done.out.nextStep.signInStep, 'DONE');
  assert.equal(done.delta('RespondToAuthChallenge'), 1, 'the MFA answer carries no device key: no device challenge');
  assert.equal(done.delta('ConfirmDevice'), 1, 'Amplify confirms the new device');

  const devices = await fetchDevices();
  assert.equal(devices.length, 1);
  const [fresh] = devices;
  assert.notEqual(fresh.id, old.id);
  const { tokens } = await fetchAuthSession();
  assert.equal(tokens.accessToken.payload.device_key, fresh.id);
  const listed = await cognito(emu, 'AdminListDevices', { UserPoolId: cfg.userPoolId, Username: username });
  assert.deepEqual(listed.Devices.map((d) => d.DeviceKey), [fresh.id]);

  // Amplify now holds the new device's keys: the next sign-in proves it instead of MFA.
  await signOut();
  const next = await counting(() => signIn({ username, password: PASSWORD }));
  assert.equal(next.out.nextStep.signInStep, 'DONE');
  assert.equal(next.delta('RespondToAuthChallenge'), 3);
  assert.equal(next.delta('ConfirmDevice'), 0);
});
