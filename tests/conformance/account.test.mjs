// Password reset, tokens/refresh/sign-out and user attribute flows with aws-amplify v6.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import {
  signUp, confirmSignUp, signIn, signOut, confirmSignIn, resetPassword, confirmResetPassword,
  fetchAuthSession, fetchUserAttributes, updateUserAttributes, confirmUserAttribute,
  sendUserAttributeVerificationCode, updatePassword, deleteUser, getCurrentUser,
} from 'aws-amplify/auth';
import { startEmulator, createPool, lastCode, uniqueName, cognito, stats, advanceClock, fault } from './harness.mjs';

let emu;
let pool;
const PASSWORD = 'Passw0rd!';

before(async () => {
  emu = await startEmulator();
  pool = { userPoolId: emu.userPoolId, userPoolClientId: emu.userPoolClientId, userPoolEndpoint: emu.endpoint };
});
after(async () => { await emu?.stop(); });
beforeEach(async () => {
  await signOut().catch(() => {});
  Amplify.configure({ Auth: { Cognito: pool } });
});

async function confirmedUser() {
  const username = uniqueName('acct');
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  return username;
}

test('resetPassword -> confirmResetPassword -> sign in with the new password', async () => {
  const username = await confirmedUser();
  const out = await resetPassword({ username });
  assert.equal(out.isPasswordReset, false);
  assert.equal(out.nextStep.resetPasswordStep, 'CONFIRM_RESET_PASSWORD_WITH_CODE');
  assert.equal(out.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  const code = await lastCode(emu, username, 'FORGOT_PASSWORD');
  await assert.rejects(confirmResetPassword({ username, confirmationCode: code, newPassword: 'short' }), (e) => e.name === 'InvalidPasswordException');
  await assert.rejects(confirmResetPassword({ username, confirmationCode: code === '000000' ? '111111' : '000000', newPassword: 'NewPassw0rd!' }),
    (e) => e.name === 'CodeMismatchException');
  await confirmResetPassword({ username, confirmationCode: code, newPassword: 'NewPassw0rd!' });
  await assert.rejects(signIn({ username, password: PASSWORD }), (e) => e.name === 'NotAuthorizedException');
  assert.equal((await signIn({ username, password: 'NewPassw0rd!' })).nextStep.signInStep, 'DONE');
});

test('AdminResetUserPassword -> signIn RESET_PASSWORD step -> confirmResetPassword', async () => {
  const username = await confirmedUser();
  await cognito(emu, 'AdminResetUserPassword', { UserPoolId: pool.userPoolId, Username: username });
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.isSignedIn, false);
  assert.equal(res.nextStep.signInStep, 'RESET_PASSWORD');
  await confirmResetPassword({ username, confirmationCode: await lastCode(emu, username, 'FORGOT_PASSWORD'), newPassword: 'NewPassw0rd!' });
  assert.equal((await signIn({ username, password: 'NewPassw0rd!' })).nextStep.signInStep, 'DONE');
});

test('tokens refresh (forceRefresh and expiry by clock) and global sign-out', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const first = await fetchAuthSession();
  const before = await stats(emu);
  const refreshed = await fetchAuthSession({ forceRefresh: true });
  const after = await stats(emu);
  const refreshCalls = (after.GetTokensFromRefreshToken ?? 0) - (before.GetTokensFromRefreshToken ?? 0)
    + (after.InitiateAuth ?? 0) - (before.InitiateAuth ?? 0);
  assert.equal(refreshCalls, 1);
  assert.notEqual(refreshed.tokens.accessToken.toString(), first.tokens.accessToken.toString());
  assert.equal(refreshed.tokens.accessToken.payload.origin_jti, first.tokens.accessToken.payload.origin_jti);
  const oldAccess = refreshed.tokens.accessToken.toString();
  await signOut({ global: true });
  await assert.rejects(cognito(emu, 'GetUser', { AccessToken: oldAccess }),
    (e) => e.name === 'NotAuthorizedException' && e.message === 'Access Token has been revoked');
});

test('an expired access token is rejected by the emulator clock', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const { tokens } = await fetchAuthSession();
  await cognito(emu, 'GetUser', { AccessToken: tokens.accessToken.toString() });
  await advanceClock(emu, 3601);
  await assert.rejects(cognito(emu, 'GetUser', { AccessToken: tokens.accessToken.toString() }),
    (e) => e.name === 'NotAuthorizedException' && e.message === 'Access Token has expired');
});

test('signOut revokes the refresh token', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  const before = await stats(emu);
  await signOut();
  const after = await stats(emu);
  assert.equal((after.RevokeToken ?? 0) - (before.RevokeToken ?? 0), 1);
});

test('user attributes: fetch, update email (code), confirm; send code again', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const attrs = await fetchUserAttributes();
  assert.equal(attrs.email, `${username}@example.com`);
  assert.equal(attrs.email_verified, 'true');
  assert.match(attrs.sub, /^[0-9a-f-]{36}$/);
  const newEmail = `${username}@new.example.com`;
  const out = await updateUserAttributes({ userAttributes: { email: newEmail, name: 'Ann' } });
  assert.equal(out.email.isUpdated, false);
  assert.equal(out.email.nextStep.updateAttributeStep, 'CONFIRM_ATTRIBUTE_WITH_CODE');
  assert.equal(out.name.isUpdated, true);
  assert.equal((await fetchUserAttributes()).email_verified, 'false');
  await sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
  await confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: await lastCode(emu, newEmail, 'VERIFY_ATTRIBUTE') });
  const after = await fetchUserAttributes();
  assert.equal(after.email, newEmail);
  assert.equal(after.email_verified, 'true');
  assert.equal(after.name, 'Ann');
});

test('updatePassword and deleteUser', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  await assert.rejects(updatePassword({ oldPassword: 'Wrong#Pass1', newPassword: 'NewPassw0rd!' }), (e) => e.name === 'NotAuthorizedException');
  await updatePassword({ oldPassword: PASSWORD, newPassword: 'NewPassw0rd!' });
  await signOut();
  await signIn({ username, password: 'NewPassw0rd!' });
  assert.equal((await getCurrentUser()).username, username);
  await deleteUser();
  await assert.rejects(signIn({ username, password: 'NewPassw0rd!' }), (e) => e.name === 'NotAuthorizedException');
});

test('injected TooManyRequestsException is retried by Amplify for idempotent calls', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  await fault(emu, { action: 'GetUser', error: 'TooManyRequestsException', status: 400, count: 1 });
  const before = await stats(emu);
  const attrs = await fetchUserAttributes();
  assert.equal(attrs.email, `${username}@example.com`);
  const after = await stats(emu);
  assert.equal((after.GetUser ?? 0) - (before.GetUser ?? 0), 2);
});

test('USER_AUTH session from ConfirmSignUp expires after authSessionValidity', async () => {
  const username = uniqueName('late');
  await signUp({ username, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
  await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  await advanceClock(emu, 181);
  const { autoSignIn } = await import('aws-amplify/auth');
  await new Promise((r) => setTimeout(r, 350));
  await assert.rejects(autoSignIn(), (e) => e.name === 'NotAuthorizedException' && /session is expired/.test(e.message));
});

test('custom auth with Amplify (CUSTOM_WITHOUT_SRP and CUSTOM_WITH_SRP)', async () => {
  const cfg = await createPool(emu, { customAuth: { rounds: [{ publicChallengeParameters: { question: 'color?' }, answer: 'blue' }] } });
  Amplify.configure({ Auth: { Cognito: cfg } });
  const username = uniqueName('custom');
  await cognito(emu, 'AdminCreateUser', { UserPoolId: cfg.userPoolId, Username: username, MessageAction: 'SUPPRESS' });
  await cognito(emu, 'AdminSetUserPassword', { UserPoolId: cfg.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  const res = await signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal(res.nextStep.additionalInfo.question, 'color?');
  const retry = await confirmSignIn({ challengeResponse: 'red' });
  assert.equal(retry.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal((await confirmSignIn({ challengeResponse: 'blue' })).nextStep.signInStep, 'DONE');
  await signOut();
  const srp = await signIn({ username, password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
  assert.equal(srp.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.equal((await confirmSignIn({ challengeResponse: 'blue' })).nextStep.signInStep, 'DONE');
});
