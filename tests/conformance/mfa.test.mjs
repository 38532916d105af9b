// MFA flows with the real aws-amplify v6 client: TOTP setup in sign-in, email MFA setup,
// SMS/EMAIL/TOTP MFA challenges, MFA type selection, NEW_PASSWORD_REQUIRED chained with MFA.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import {
  signUp, confirmSignUp, signIn, signOut, confirmSignIn, setUpTOTP, verifyTOTPSetup,
  updateMFAPreference, fetchMFAPreference, getCurrentUser,
} from 'aws-amplify/auth';
import { startEmulator, createPool, lastCode, uniqueName, totp, cognito } from './harness.mjs';

let emu;
const PASSWORD = 'Passw0rd!';

before(async () => { emu = await startEmulator(); });
after(async () => { await emu?.stop(); });
beforeEach(async () => { await signOut().catch(() => {}); });

async function usePool(config) {
  const cfg = await createPool(emu, config);
  Amplify.configure({ Auth: { Cognito: cfg } });
  return cfg;
}

async function newUser(cfg, attrs = {}) {
  const username = uniqueName('mfa');
  await cognito(emu, 'AdminCreateUser', {
    UserPoolId: cfg.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: Object.entries({ email: `${username}@example.com`, email_verified: 'true', ...attrs }).filter(([, v]) => v !== undefined).map(([Name, Value]) => ({ Name, Value })),
  });
  await cognito(emu, 'AdminSetUserPassword', { UserPoolId: cfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  return username;
}

test('required MFA: TOTP setup during sign-in, then TOTP challenge', async () => {
  const cfg = await usePool({ mfa: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA'] });
  const username = await newUser(cfg);
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const secret = res.nextStep.totpSetupDetails.sharedSecret;
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.match(res.nextStep.totpSetupDetails.getSetupUri('App').href, /^otpauth:\/\/totp\/App:/);
  await assert.rejects(confirmSignIn({ challengeResponse: totp(secret, Date.now() - 10 * 60_000) }),
    (e) => e.name === 'EnableSoftwareTokenMFAException');
  const done = await confirmSignIn({ challengeResponse: totp(secret) });
  assert.equal(done.nextStep.signInStep, 'DONE');
  assert.deepEqual(await fetchMFAPreference(), { enabled: ['TOTP'], preferred: 'TOTP' });
  await signOut();

  const again = await signIn({ username, password: PASSWORD });
  assert.equal(again.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  await assert.rejects(confirmSignIn({ challengeResponse: totp(secret, Date.now() - 10 * 60_000) }), (e) => e.name === 'CodeMismatchException');
  assert.equal((await confirmSignIn({ challengeResponse: totp(secret) })).nextStep.signInStep, 'DONE');
});

test('required MFA with TOTP and EMAIL: setup selection -> EMAIL setup -> email code', async () => {
  const cfg = await usePool({ mfa: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
  const username = await newUser(cfg, { email: undefined, email_verified: undefined });
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
  assert.deepEqual(res.nextStep.allowedMFATypes, ['TOTP', 'EMAIL']);
  const setup = await confirmSignIn({ challengeResponse: 'EMAIL' });
  assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
  const email = `${username}@mail.example.com`;
  const code = await confirmSignIn({ challengeResponse: email });
  assert.equal(code.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal(code.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  const done = await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') });
  assert.equal(done.nextStep.signInStep, 'DONE');
  assert.deepEqual(await fetchMFAPreference(), { enabled: ['EMAIL'], preferred: 'EMAIL' });
  await signOut();
  const again = await signIn({ username, password: PASSWORD });
  assert.equal(again.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') })).nextStep.signInStep, 'DONE');
});

test('required MFA with TOTP and EMAIL: setup selection -> TOTP', async () => {
  const cfg = await usePool({ mfa: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'] });
  const username = await newUser(cfg);
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
  const setup = await confirmSignIn({ challengeResponse: 'TOTP' });
  assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  assert.equal((await confirmSignIn({ challengeResponse: totp(setup.nextStep.totpSetupDetails.sharedSecret) })).nextStep.signInStep, 'DONE');
});

test('optional MFA: SMS preferred via updateMFAPreference -> SMS code', async () => {
  const cfg = await usePool({ mfa: 'OPTIONAL' });
  const username = await newUser(cfg, { phone_number: '+15555550100', phone_number_verified: 'true' });
  assert.equal((await signIn({ username, password: PASSWORD })).nextStep.signInStep, 'DONE');
  await updateMFAPreference({ sms: 'PREFERRED' });
  assert.deepEqual(await fetchMFAPreference(), { enabled: ['SMS'], preferred: 'SMS' });
  await signOut();
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  assert.equal(res.nextStep.codeDeliveryDetails.deliveryMedium, 'SMS');
  assert.equal(res.nextStep.codeDeliveryDetails.destination, '+*******0100');
  await assert.rejects(confirmSignIn({ challengeResponse: '12345x' }), (e) => e.name === 'CodeMismatchException');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') })).nextStep.signInStep, 'DONE');
});

test('optional MFA: TOTP via setUpTOTP/verifyTOTPSetup, SMS too, no preference -> MFA selection', async () => {
  const cfg = await usePool({ mfa: 'OPTIONAL' });
  const username = await newUser(cfg, { phone_number: '+15555550101', phone_number_verified: 'true' });
  await signIn({ username, password: PASSWORD });
  const details = await setUpTOTP();
  await verifyTOTPSetup({ code: totp(details.sharedSecret) });
  await updateMFAPreference({ totp: 'ENABLED', sms: 'ENABLED' });
  const pref = await fetchMFAPreference();
  assert.deepEqual([...pref.enabled].sort(), ['SMS', 'TOTP']);
  assert.equal(pref.preferred, undefined);
  await signOut();

  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION');
  assert.deepEqual([...res.nextStep.allowedMFATypes].sort(), ['SMS', 'TOTP']);
  const sms = await confirmSignIn({ challengeResponse: 'SMS' });
  assert.equal(sms.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') })).nextStep.signInStep, 'DONE');
  await signOut();

  await signIn({ username, password: PASSWORD });
  const t = await confirmSignIn({ challengeResponse: 'TOTP' });
  assert.equal(t.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: totp(details.sharedSecret) })).nextStep.signInStep, 'DONE');
});

test('optional MFA: EMAIL MFA preferred', async () => {
  const cfg = await usePool({ mfa: 'OPTIONAL' });
  const username = await newUser(cfg);
  await signIn({ username, password: PASSWORD });
  await updateMFAPreference({ email: 'PREFERRED' });
  await signOut();
  const res = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'MFA') })).nextStep.signInStep, 'DONE');
  // Passwordless first factors skip MFA.
  await signOut();
  const otp = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  assert.equal(otp.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'SIGN_IN_OTP') })).nextStep.signInStep, 'DONE');
});

test('NEW_PASSWORD_REQUIRED with a missing required attribute', async () => {
  const cfg = await usePool({ requiredAttributes: ['email', 'name'] });
  const username = uniqueName('invite');
  await cognito(emu, 'AdminCreateUser', {
    UserPoolId: cfg.userPoolId, Username: username,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
  });
  const temp = await lastCode(emu, username, 'INVITATION');
  const res = await signIn({ username, password: temp });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  assert.deepEqual(res.nextStep.missingAttributes, ['name']);
  await assert.rejects(confirmSignIn({ challengeResponse: 'weak' }), (e) => e.name === 'InvalidPasswordException');
  // The same session is still usable after a validation error.
  const done = await confirmSignIn({ challengeResponse: 'NewPassw0rd!', options: { userAttributes: { name: 'Ann' } } });
  assert.equal(done.nextStep.signInStep, 'DONE');
  const u = await cognito(emu, 'AdminGetUser', { UserPoolId: cfg.userPoolId, Username: username });
  assert.equal(u.UserStatus, 'CONFIRMED');
  assert.ok(u.UserAttributes.some((a) => a.Name === 'name' && a.Value === 'Ann'));
  await signOut();
  assert.equal((await signIn({ username, password: 'NewPassw0rd!' })).nextStep.signInStep, 'DONE');
});

test('NEW_PASSWORD_REQUIRED chained with required TOTP setup', async () => {
  const cfg = await usePool({ mfa: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA'] });
  const username = uniqueName('chain');
  await cognito(emu, 'AdminCreateUser', { UserPoolId: cfg.userPoolId, Username: username, TemporaryPassword: 'Temp0rary!' });
  const res = await signIn({ username, password: 'Temp0rary!' });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  const setup = await confirmSignIn({ challengeResponse: 'NewPassw0rd!' });
  assert.equal(setup.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const done = await confirmSignIn({ challengeResponse: totp(setup.nextStep.totpSetupDetails.sharedSecret) });
  assert.equal(done.nextStep.signInStep, 'DONE');
  assert.equal((await getCurrentUser()).username, username);
});
