// Sign-up and first-factor sign-in flows with the real aws-amplify v6 client.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import {
  signUp, confirmSignUp, signIn, signOut, autoSignIn, confirmSignIn, getCurrentUser, fetchAuthSession,
  resendSignUpCode, fetchDevices,
} from 'aws-amplify/auth';
import { startEmulator, createPool, lastCode, uniqueName, stats, cognito } from './harness.mjs';

let emu;
let pool;
// Amplify debounces autoSignIn() for 300 ms: a second call inside that window is dropped
// and its promise never settles. Keep auto sign-ins apart.
const autoSignInSafely = async () => { await new Promise((r) => setTimeout(r, 350)); return autoSignIn(); };
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

async function signUpConfirmed(username, email) {
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email } } });
  await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
}

test('signUp with password -> confirmSignUp (inbox code) -> signIn SRP DONE', async () => {
  const username = uniqueName('srp');
  const out = await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  assert.equal(out.isSignUpComplete, false);
  assert.equal(out.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  assert.equal(out.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  assert.equal(out.nextStep.codeDeliveryDetails.destination, `${username[0]}***@e***`);
  assert.equal(out.nextStep.codeDeliveryDetails.attributeName, 'email');
  assert.match(out.userId, /^[0-9a-f-]{36}$/);

  const confirmed = await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  assert.equal(confirmed.isSignUpComplete, true);
  assert.equal(confirmed.nextStep.signUpStep, 'DONE');

  const before = await stats(emu);
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.isSignedIn, true);
  assert.equal(res.nextStep.signInStep, 'DONE');
  const after = await stats(emu);
  assert.equal((after.InitiateAuth ?? 0) - (before.InitiateAuth ?? 0), 1);
  assert.equal((after.RespondToAuthChallenge ?? 0) - (before.RespondToAuthChallenge ?? 0), 1);

  const user = await getCurrentUser();
  assert.equal(user.username, username);
  const session = await fetchAuthSession();
  assert.equal(session.tokens.idToken.payload['cognito:username'], username);
  assert.equal(session.tokens.idToken.payload.email, `${username}@example.com`);
  assert.equal(session.tokens.idToken.payload.email_verified, true);
  assert.equal(session.tokens.accessToken.payload.iss, `${emu.endpoint}/${emu.userPoolId}`);
});

test('wrong password -> NotAuthorizedException', async () => {
  const username = uniqueName('wrong');
  await signUpConfirmed(username, `${username}@example.com`);
  await assert.rejects(signIn({ username, password: 'Wrong#Pass1' }), (e) => {
    assert.equal(e.name, 'NotAuthorizedException');
    assert.equal(e.message, 'Incorrect username or password.');
    return true;
  });
  await assert.rejects(signIn({ username, password: 'Wrong#Pass1', options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
    (e) => e.name === 'NotAuthorizedException');
});

test('unconfirmed user signIn -> CONFIRM_SIGN_UP step; resendSignUpCode works', async () => {
  const username = uniqueName('unconf');
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  const res = await signIn({ username, password: PASSWORD });
  assert.equal(res.isSignedIn, false);
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_UP');
  const first = await lastCode(emu, username, 'SIGN_UP');
  const resent = await resendSignUpCode({ username });
  assert.equal(resent.deliveryMedium, 'EMAIL');
  const second = await lastCode(emu, username, 'SIGN_UP');
  if (first !== second) {
    await assert.rejects(confirmSignUp({ username, confirmationCode: first }), (e) => e.name === 'CodeMismatchException');
  }
  await confirmSignUp({ username, confirmationCode: second });
  assert.equal((await signIn({ username, password: PASSWORD })).nextStep.signInStep, 'DONE');
});

test('signUp duplicate -> UsernameExistsException', async () => {
  const username = uniqueName('dup');
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  await assert.rejects(signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } }),
    (e) => e.name === 'UsernameExistsException');
});

test('signUp weak password -> InvalidPasswordException', async () => {
  await assert.rejects(signUp({ username: uniqueName('weak'), password: 'short', options: { userAttributes: { email: 'w@example.com' } } }),
    (e) => e.name === 'InvalidPasswordException' && /Password not long enough/.test(e.message));
});

test('USER_PASSWORD_AUTH sign-in', async () => {
  const username = uniqueName('upa');
  await signUpConfirmed(username, `${username}@example.com`);
  const before = await stats(emu);
  const res = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
  assert.equal(res.nextStep.signInStep, 'DONE');
  const after = await stats(emu);
  assert.equal((after.RespondToAuthChallenge ?? 0) - (before.RespondToAuthChallenge ?? 0), 0);
});

test('passwordless signUp + autoSignIn USER_AUTH -> confirmSignUp -> COMPLETE_AUTO_SIGN_IN -> DONE', async () => {
  const username = uniqueName('pwless');
  const email = `${username}@example.com`;
  const out = await signUp({ username, options: { userAttributes: { email }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
  assert.equal(out.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  const confirmed = await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
  const res = await autoSignInSafely();
  assert.equal(res.isSignedIn, true);
  assert.equal(res.nextStep.signInStep, 'DONE');
  assert.equal((await getCurrentUser()).username, username);
});

test('autoSignIn with password and default flow', async () => {
  const username = uniqueName('auto');
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: true } });
  const confirmed = await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
  assert.equal((await autoSignInSafely()).nextStep.signInStep, 'DONE');
});

test('USER_AUTH with preferredChallenge EMAIL_OTP', async () => {
  const username = uniqueName('emailotp');
  await signUpConfirmed(username, `${username}@example.com`);
  const res = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal(res.nextStep.codeDeliveryDetails.deliveryMedium, 'EMAIL');
  // A wrong code leaves the session usable.
  await assert.rejects(confirmSignIn({ challengeResponse: '000000' === (await lastCode(emu, username, 'SIGN_IN_OTP')) ? '111111' : '000000' }),
    (e) => e.name === 'CodeMismatchException');
  const done = await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'SIGN_IN_OTP') });
  assert.equal(done.nextStep.signInStep, 'DONE');
});

test('USER_AUTH first-factor selection -> PASSWORD', async () => {
  const username = uniqueName('select');
  await signUpConfirmed(username, `${username}@example.com`);
  const res = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
  assert.equal(res.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  assert.deepEqual([...res.nextStep.availableChallenges].sort(), ['EMAIL_OTP', 'PASSWORD', 'PASSWORD_SRP']);
  const pw = await confirmSignIn({ challengeResponse: 'PASSWORD' });
  assert.equal(pw.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');
  const done = await confirmSignIn({ challengeResponse: PASSWORD });
  assert.equal(done.nextStep.signInStep, 'DONE');
});

test('USER_AUTH first-factor selection -> PASSWORD_SRP and EMAIL_OTP', async () => {
  const username = uniqueName('select2');
  await signUpConfirmed(username, `${username}@example.com`);
  let res = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
  assert.equal((await confirmSignIn({ challengeResponse: 'PASSWORD_SRP' })).nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_PASSWORD');
  assert.equal((await confirmSignIn({ challengeResponse: PASSWORD })).nextStep.signInStep, 'DONE');
  await signOut();
  res = await signIn({ username, options: { authFlowType: 'USER_AUTH' } });
  const otp = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
  assert.equal(otp.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'SIGN_IN_OTP') })).nextStep.signInStep, 'DONE');
});

test('USER_AUTH preferred PASSWORD_SRP completes in one go', async () => {
  const username = uniqueName('pwsrp');
  await signUpConfirmed(username, `${username}@example.com`);
  const res = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD_SRP' } });
  assert.equal(res.nextStep.signInStep, 'DONE');
});

test('email as username pool: signUp, confirm, signIn with email', async () => {
  const cfg = await createPool(emu, { usernameAttributes: ['email'] });
  Amplify.configure({ Auth: { Cognito: { ...cfg } } });
  const email = `${uniqueName('mail')}@example.com`;
  const out = await signUp({ username: email, password: PASSWORD, options: { userAttributes: { email } } });
  assert.equal(out.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
  await confirmSignUp({ username: email, confirmationCode: await lastCode(emu, email, 'SIGN_UP') });
  const res = await signIn({ username: email, password: PASSWORD });
  assert.equal(res.nextStep.signInStep, 'DONE');
  const session = await fetchAuthSession();
  assert.equal(session.tokens.idToken.payload.email, email);
  assert.equal(session.tokens.idToken.payload['cognito:username'], out.userId);
});

test('USER_AUTH preferred PASSWORD with the password; fetchDevices is empty', async () => {
  const username = uniqueName('pwpref');
  await signUpConfirmed(username, `${username}@example.com`);
  const before = await stats(emu);
  const res = await signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD' } });
  assert.equal(res.nextStep.signInStep, 'DONE');
  const after = await stats(emu);
  assert.equal((after.InitiateAuth ?? 0) - (before.InitiateAuth ?? 0), 1);
  assert.deepEqual(await fetchDevices(), []);
});

test('USER_AUTH SMS_OTP first factor for a verified phone', async () => {
  const username = uniqueName('smsotp');
  await cognito(emu, 'AdminCreateUser', {
    UserPoolId: pool.userPoolId, Username: username, MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'phone_number', Value: '+15555550142' }, { Name: 'phone_number_verified', Value: 'true' }],
  });
  await cognito(emu, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
  const res = await signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'SMS_OTP' } });
  assert.equal(res.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_SMS_CODE');
  assert.equal(res.nextStep.codeDeliveryDetails.destination, '+*******0142');
  assert.equal((await confirmSignIn({ challengeResponse: await lastCode(emu, username, 'SIGN_IN_OTP') })).nextStep.signInStep, 'DONE');
});

test('phone number as username: sign-up code by SMS, sign in with the number', async () => {
  const cfg = await createPool(emu, { usernameAttributes: ['phone_number'], autoVerifiedAttributes: ['phone_number'] });
  Amplify.configure({ Auth: { Cognito: { ...cfg } } });
  const phone = `+1555${String(Date.now()).slice(-7)}`;
  const out = await signUp({ username: phone, password: PASSWORD, options: { userAttributes: { phone_number: phone } } });
  assert.equal(out.nextStep.codeDeliveryDetails.deliveryMedium, 'SMS');
  await confirmSignUp({ username: phone, confirmationCode: await lastCode(emu, phone, 'SIGN_UP') });
  assert.equal((await signIn({ username: phone, password: PASSWORD })).nextStep.signInStep, 'DONE');
});

test('auto-confirming pool: passwordless signUp returns COMPLETE_AUTO_SIGN_IN at once', async () => {
  const cfg = await createPool(emu, { autoConfirm: true });
  Amplify.configure({ Auth: { Cognito: { ...cfg } } });
  const username = uniqueName('autoconf');
  const out = await signUp({ username, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } });
  assert.equal(out.isSignUpComplete, true);
  assert.equal(out.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
  const res = await autoSignInSafely();
  assert.equal(res.nextStep.signInStep, 'DONE');
  const session = await fetchAuthSession();
  assert.equal(session.tokens.idToken.payload.email_verified, true);
});

test('secret-less client rejects unknown client id with ResourceNotFoundException', async () => {
  Amplify.configure({ Auth: { Cognito: { ...pool, userPoolClientId: 'nosuchclient000000000000000' } } });
  await assert.rejects(signIn({ username: 'x', password: PASSWORD }), (e) => e.name === 'ResourceNotFoundException');
});
