// End-to-end: the demo page's Account card (shown while signed in), driven like a person in
// headless Chromium against a private local-cognito: change password, edit / verify / delete
// attributes (codes from the dev inbox), decode the ID token, remembered devices on pools with
// device tracking (created with /_local/pools), and deleting the account.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PASSWORD,
  assertNoPageErrors,
  card,
  codeFromInbox,
  expectError,
  expectOk,
  expectStep,
  inboxCount,
  lastLog,
  startEnv,
  uniqueName,
} from './support.mjs';

const NEW_PASSWORD = 'Battery-Staple-7?';
const DEVICES = { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false };

let env;
let pool; // no device tracking; email codes for changed emails
let devicePool; // devices remembered at once after a sign-in
let promptPool; // devices remembered only when asked (rememberDevice)
let mfaPool; // required email MFA and device tracking
const deviceUser = uniqueName('dev');
const promptUser = uniqueName('prompt');
const mfaUser = uniqueName('mfadev');

const seeded = (username) => ({ username, password: PASSWORD, confirmed: true, attributes: { email: `${username}@example.com`, email_verified: 'true' } });

before(async () => {
  env = await startEnv();
  pool = await env.pool({ name: 'e2e-account', autoVerifiedAttributes: ['email'], requiredAttributes: ['email'] });
  devicePool = await env.pool({ name: 'e2e-account-devices', deviceConfiguration: DEVICES, users: [seeded(deviceUser)] });
  promptPool = await env.pool({
    name: 'e2e-account-devices-prompt',
    deviceConfiguration: { ...DEVICES, deviceOnlyRememberedOnUserPrompt: true },
    users: [seeded(promptUser)],
  });
  mfaPool = await env.pool({ name: 'e2e-account-devices-mfa', mfa: 'ON', mfaTypes: ['EMAIL_OTP'], deviceConfiguration: DEVICES, users: [seeded(mfaUser)] });
});
after(async () => {
  await env?.close();
});

async function signIn(page, username, password = PASSWORD) {
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(username);
  await c.getByLabel('Password').fill(password);
  await c.getByLabel('authFlowType').selectOption('USER_SRP_AUTH');
  await c.getByRole('button', { name: 'Sign in' }).click();
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: `Signed in as ${username}` }).waitFor();
  const account = card(page, 'account-card');
  await account.waitFor(); // shown once signed in
  return account;
}

async function signOut(page) {
  await card(page, 'session-card').getByRole('button', { name: 'Sign out' }).click();
  await expectOk(page, 'session-result', 'done');
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  assert.equal(await card(page, 'account-card').isVisible(), false, 'the Account card hides on sign-out');
}

async function signUp(page, username) {
  const s = card(page, 'signup-card');
  await s.getByLabel('Username').fill(username);
  await s.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await s.getByLabel('Email').fill(`${username}@example.com`);
  await s.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'signUpStep: CONFIRM_SIGN_UP');
  const confirm = card(page, 'confirm-signup-card');
  await confirm.getByLabel('Confirmation code').fill(await codeFromInbox(page, 'SIGN_UP'));
  await confirm.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'signUpStep: DONE');
}

/** Waits until the attribute table shows `name` = `value` (null: no such row). */
async function expectAttribute(page, name, value) {
  try {
    await page.waitForFunction(
      ([n, v]) => {
        const row = document.querySelector(`#account-card [data-testid="attribute-row"][data-name="${n}"]`);
        if (v === null) return !row && document.querySelector('#account-card [data-testid="attribute-table"]:not([hidden])');
        return row && row.querySelector('[data-testid="attribute-value"]').textContent === v;
      },
      [name, value],
    );
  } catch (e) {
    const rows = await page.locator('#account-card [data-testid="attribute-row"]').allTextContents();
    throw new Error(`expected attribute ${name} = ${value}; the table shows ${JSON.stringify(rows)}`, { cause: e });
  }
}

const attributeValue = (page, name) =>
  page.locator(`#account-card [data-testid="attribute-row"][data-name="${name}"] [data-testid="attribute-value"]`).textContent();

/** Some other code of the same length. */
const wrongCode = (code) => String((Number(code) + 1) % 10 ** code.length).padStart(code.length, '0');

test('Account card: change password (wrong old password refused), edit name, change and verify email, delete name, decode the ID token', async () => {
  const page = await env.open(pool);
  const name = uniqueName('acct');
  assert.equal(await card(page, 'account-card').isVisible(), false, 'no Account card while signed out');
  await signUp(page, name);
  let account = await signIn(page, name);

  // Change password: a wrong current password is refused, the right one works.
  await account.getByLabel('Current password').fill('Wrong-Horse-1!');
  await account.getByLabel('New password').fill(NEW_PASSWORD);
  await account.getByRole('button', { name: 'Change password' }).click();
  const refused = await expectError(page, 'password-result', 'NotAuthorizedException');
  assert.match(refused, /^✗ NotAuthorizedException: ./, 'the error by name and message');
  const failed = await lastLog(page, 'updatePassword');
  assert.equal(failed.errorName, 'NotAuthorizedException');
  assert.ok(!failed.text.includes(NEW_PASSWORD) && !failed.text.includes('Wrong-Horse-1!'), 'passwords are not logged');

  await account.getByLabel('Current password').fill(PASSWORD);
  await account.getByLabel('New password').fill(NEW_PASSWORD);
  await account.getByRole('button', { name: 'Change password' }).click();
  await expectOk(page, 'password-result', 'password changed');
  assert.equal(await account.getByLabel('New password').inputValue(), '', 'password fields are cleared');
  assert.ok(!(await page.content()).includes(NEW_PASSWORD), 'the new password is nowhere in the page');

  // The new password signs in; the old one no longer does.
  await signOut(page);
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(name);
  await c.getByLabel('Password').fill(PASSWORD);
  await c.getByRole('button', { name: 'Sign in' }).click();
  await expectError(page, 'signin-result', 'NotAuthorizedException');
  account = await signIn(page, name, NEW_PASSWORD);

  // Attributes.
  await account.getByRole('button', { name: 'Fetch attributes' }).click();
  await expectOk(page, 'attributes-result', 'attributes');
  await expectAttribute(page, 'email', `${name}@example.com`);
  await expectAttribute(page, 'email_verified', 'true');
  const sub = (await attributeValue(page, 'sub')).trim();
  assert.match(sub, /^[0-9a-f-]{36}$/);
  const subRow = account.locator('[data-testid="attribute-row"][data-name="sub"]');
  assert.equal(await subRow.getByRole('button').count(), 0, 'sub can be neither edited nor deleted');

  // name: updated at once (DONE).
  await account.getByLabel('Attribute name').fill('name');
  await account.getByLabel('Attribute value').fill('Ann Example');
  await account.getByRole('button', { name: 'Update attribute' }).click();
  await expectOk(page, 'attributes-result', 'name: DONE');
  await expectAttribute(page, 'name', 'Ann Example');
  assert.match((await lastLog(page, 'updateUserAttributes')).text, /"updateAttributeStep": "DONE"/);
  assert.equal(await account.getByTestId('attribute-verify').isVisible(), false, 'no code needed for name');

  // email: needs a code from the inbox; a wrong code is refused, "send code again" sends a new one.
  const newEmail = `${name}.new@example.com`;
  await account.getByRole('button', { name: 'Edit email' }).click();
  assert.equal(await account.getByLabel('Attribute name').inputValue(), 'email');
  await account.getByLabel('Attribute value').fill(newEmail);
  const before = await inboxCount(page, 'VERIFY_ATTRIBUTE');
  await account.getByRole('button', { name: 'Update attribute' }).click();
  await expectOk(page, 'attributes-result', 'email: CONFIRM_ATTRIBUTE_WITH_CODE · code sent by EMAIL');
  const verify = account.getByTestId('attribute-verify');
  await verify.waitFor();
  assert.equal((await verify.getByTestId('attribute-verify-key').textContent()).trim(), 'email');
  await expectAttribute(page, 'email', newEmail);
  await expectAttribute(page, 'email_verified', 'false');
  const code = await codeFromInbox(page, 'VERIFY_ATTRIBUTE', before);

  await verify.getByLabel('Verification code').fill(wrongCode(code));
  await verify.getByRole('button', { name: 'Confirm attribute' }).click();
  await expectError(page, 'attributes-result', 'CodeMismatchException');
  assert.equal((await lastLog(page, 'confirmUserAttribute')).errorName, 'CodeMismatchException');
  await expectAttribute(page, 'email_verified', 'false');

  await verify.getByRole('button', { name: 'Send code again' }).click();
  await expectOk(page, 'attributes-result', 'code sent by EMAIL');
  const again = await codeFromInbox(page, 'VERIFY_ATTRIBUTE', before + 1);
  await verify.getByLabel('Verification code').fill(again);
  await verify.getByRole('button', { name: 'Confirm attribute' }).click();
  await expectOk(page, 'attributes-result', 'email verified');
  await expectAttribute(page, 'email_verified', 'true');
  await expectAttribute(page, 'email', newEmail);
  assert.equal(await verify.isVisible(), false, 'the code form closes once verified');

  // Delete name.
  await account.getByRole('button', { name: 'Delete name' }).click();
  await expectOk(page, 'attributes-result', 'name deleted');
  await expectAttribute(page, 'name', null);
  assert.match((await lastLog(page, 'deleteUserAttributes')).text, /"userAttributeKeys": \[\s*"name"\s*\]/);
  // email is required in this pool: refused, shown by name and message, still there.
  await account.getByRole('button', { name: 'Delete email' }).click();
  assert.match(await expectError(page, 'attributes-result', 'InvalidParameterException'), /^✗ InvalidParameterException: ./);
  await expectAttribute(page, 'email', newEmail);

  // decodeJWT(fetchAuthSession().tokens.idToken.toString()): the payload, never the token.
  await account.getByRole('button', { name: 'Decode my ID token' }).click();
  await expectOk(page, 'jwt-result', `sub ${sub}`);
  const payload = JSON.parse(await account.getByTestId('jwt-payload').textContent());
  assert.equal(payload.sub, sub);
  assert.equal(payload.token_use, 'id');
  assert.equal(payload['cognito:username'], name);
  const decoded = await lastLog(page, 'decodeJWT');
  assert.equal(decoded.status, 'ok');
  assert.ok(!(await page.content()).includes('eyJ'), 'raw JWTs are not shown (only their payloads)');

  assertNoPageErrors(page);
  await page.context().close();
});

test('Devices on a pool with device tracking: one remembered device after sign-in, forget it, sign in again, forget this device; then delete the account', async () => {
  const page = await env.open(devicePool);
  const account = await signIn(page, deviceUser);
  const devices = account.getByTestId('device-list');

  await account.getByRole('button', { name: 'List devices' }).click();
  await expectOk(page, 'devices-result', '1 remembered device');
  const item = devices.getByTestId('device-item');
  assert.equal(await item.count(), 1);
  assert.equal(await item.getAttribute('data-current'), 'true', 'the device is this browser (device_key of the access token)');
  assert.equal((await item.getByTestId('device-status').textContent()).trim(), 'remembered');
  assert.ok(Number.isFinite(Date.parse(await item.getByTestId('device-created').getAttribute('datetime'))), 'createDate shown');
  assert.ok(Number.isFinite(Date.parse(await item.getByTestId('device-last-auth').getAttribute('datetime'))), 'lastAuthenticatedDate shown');
  const first = await item.getAttribute('data-device-id');
  assert.match((await account.getByTestId('this-device').textContent()).trim(), new RegExp(`^${first}`));

  // The device's own Forget button: forgetDevice({ device: { id } }).
  await item.getByRole('button', { name: `Forget device ${first}` }).click();
  await expectOk(page, 'devices-result', 'device forgotten · 0 remembered devices');
  await devices.getByTestId('device-empty').waitFor();
  assert.match((await lastLog(page, 'forgetDevice')).text, new RegExp(`"id": "${first}"`));

  // A new sign-in brings a new device; "Forget this device" is forgetDevice().
  await signOut(page);
  await signIn(page, deviceUser);
  await account.getByRole('button', { name: 'List devices' }).click();
  await expectOk(page, 'devices-result', '1 remembered device');
  const second = await devices.getByTestId('device-item').getAttribute('data-device-id');
  assert.notEqual(second, first, 'a forgotten device is not reused');
  await account.getByRole('button', { name: 'Forget this device' }).click();
  await expectOk(page, 'devices-result', 'this device forgotten · 0 remembered devices');
  await devices.getByTestId('device-empty').waitFor();

  // Delete the account, behind a confirm step.
  await account.getByRole('button', { name: 'Delete account…' }).click();
  const confirm = account.getByRole('group', { name: /Delete .* for good\?/ });
  await confirm.waitFor();
  assert.match(await confirm.textContent(), new RegExp(deviceUser));
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  assert.equal(await confirm.isVisible(), false, 'Cancel closes the confirm step');
  assert.equal(await page.locator('[data-testid="log-entry"][data-call="deleteUser"]').count(), 0, 'nothing deleted yet');
  const signedOutEvents = page.locator('[data-testid="log-event"][data-event="signedOut"]');
  const outsBefore = await signedOutEvents.count(); // the sign-out above
  await account.getByRole('button', { name: 'Delete account…' }).click();
  await confirm.getByRole('button', { name: 'Yes, delete my account' }).click();
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  assert.equal((await lastLog(page, 'deleteUser')).status, 'ok');
  await expectOk(page, 'session-result', `account ${deviceUser} deleted`);
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(sel).length > n,
    ['[data-testid="log-event"][data-event="signedOut"]', outsBefore],
  );
  assert.equal(await signedOutEvents.count(), outsBefore + 1, 'deleteUser emits one signedOut event');
  assert.equal(await account.isVisible(), false, 'the Account card hides once signed out');
  await expectStep(page, 'NONE');

  // The user is gone.
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(deviceUser);
  await c.getByLabel('Password').fill(PASSWORD);
  await c.getByRole('button', { name: 'Sign in' }).click();
  const gone = await expectError(page, 'signin-result');
  assert.match(gone, /UserNotFoundException|NotAuthorizedException/);
  assert.equal(await page.locator('[data-testid="auth-status"]').getAttribute('data-state'), 'signed-out');
  assertNoPageErrors(page);
  await page.context().close();
});

test('Devices remembered only on prompt: none listed after sign-in, "Remember this device" lists it, "Forget this device" drops it', async () => {
  const page = await env.open(promptPool);
  const account = await signIn(page, promptUser);
  const devices = account.getByTestId('device-list');

  await account.getByRole('button', { name: 'List devices' }).click();
  await expectOk(page, 'devices-result', '0 remembered devices');
  await devices.getByTestId('device-empty').waitFor();

  await account.getByRole('button', { name: 'Remember this device' }).click();
  await expectOk(page, 'devices-result', 'this device remembered · 1 remembered device');
  const item = devices.getByTestId('device-item');
  assert.equal(await item.getAttribute('data-current'), 'true');
  assert.equal((await item.getByTestId('device-status').textContent()).trim(), 'remembered');

  await account.getByRole('button', { name: 'Forget this device' }).click();
  await expectOk(page, 'devices-result', 'this device forgotten · 0 remembered devices');
  // Without a device this browser has nothing to forget any more.
  await account.getByRole('button', { name: 'Forget this device' }).click();
  const none = await expectError(page, 'devices-result');
  assert.match(none, /^✗ \w+: ./);
  assertNoPageErrors(page);
  await page.context().close();
});

test('A remembered device skips MFA: the first sign-in sets up email MFA and asks for its code, the next one on this browser does not', async () => {
  const page = await env.open(mfaPool);
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(mfaUser);
  await c.getByLabel('Password').fill(PASSWORD);
  await c.getByRole('button', { name: 'Sign in' }).click();
  // Required MFA with email only: set up email MFA, then its code.
  const panel = await expectStep(page, 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP');
  await panel.getByLabel('Email address').fill(`${mfaUser}@example.com`);
  await panel.getByRole('button', { name: 'Continue' }).click();
  await expectStep(page, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await panel.getByLabel('Email code').fill(await codeFromInbox(page, 'MFA'));
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectStep(page, 'DONE');
  const account = card(page, 'account-card');
  await account.waitFor();
  await account.getByRole('button', { name: 'List devices' }).click();
  await expectOk(page, 'devices-result', '1 remembered device');
  assert.equal(await account.getByTestId('device-item').getAttribute('data-current'), 'true');

  await signOut(page);
  const mfaCodes = await inboxCount(page, 'MFA');
  await signIn(page, mfaUser); // DONE straight away: the device's SRP proof instead of MFA
  assert.match((await lastLog(page, 'signIn')).text, /"signInStep": "DONE"/);
  assert.equal(await inboxCount(page, 'MFA'), mfaCodes, 'no MFA code sent');
  assertNoPageErrors(page);
  await page.context().close();

  // Another browser (its own storage, no device) is asked for the code.
  const other = await env.open(mfaPool);
  const c2 = card(other, 'signin-card');
  await c2.getByLabel('Username').fill(mfaUser);
  await c2.getByLabel('Password').fill(PASSWORD);
  await c2.getByRole('button', { name: 'Sign in' }).click();
  await expectStep(other, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await other.context().close();
});
