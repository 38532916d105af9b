// End-to-end: the demo page's sign-in flows (USER_AUTH choices, errors, reload while a step is
// pending, password reset), driven like a person in headless Chromium against a private
// local-cognito. Users are seeded in a pool created through /_local/pools.
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
  lastLog,
  startEnv,
  uniqueName,
  waitReady,
} from './support.mjs';

let env;
let pool;
const users = {};
const seeded = (key) => {
  users[key] = uniqueName(key);
  return { username: users[key], password: PASSWORD, attributes: { email: `${users[key]}@example.com`, email_verified: 'true' } };
};

before(async () => {
  env = await startEnv();
  pool = await env.pool({ name: 'e2e-signin', users: [seeded('otp'), seeded('wrong'), seeded('reload'), seeded('reset'), seeded('export'), seeded('cookie')] });
});
after(async () => {
  await env?.close();
});

async function signIn(page, { username, password, flow, challenge }) {
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(username);
  await c.getByLabel('Password').fill(password ?? '');
  if (flow) await c.getByLabel('authFlowType').selectOption(flow);
  await c.getByLabel('preferredChallenge').selectOption(challenge ?? '');
  await c.getByRole('button', { name: 'Sign in' }).click();
}

test('USER_AUTH sign-in: first-factor selection, EMAIL_OTP, code from the dev inbox, DONE', async () => {
  const page = await env.open(pool);
  await signIn(page, { username: users.otp, flow: 'USER_AUTH' });

  const panel = await expectStep(page, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  const choices = await panel.getByRole('group', { name: 'First factor' }).getByRole('button').evaluateAll((bs) => bs.map((b) => b.dataset.value));
  for (const c of ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']) assert.ok(choices.includes(c), `availableChallenges has ${c}: ${choices}`);
  await panel.getByRole('button', { name: /EMAIL_OTP/ }).click();

  await expectStep(page, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  assert.match(await panel.textContent(), /code sent by EMAIL to \S+/, 'codeDeliveryDetails shown');
  await page.locator('[data-testid="auth-status"][data-state="pending"]').waitFor();
  const code = await codeFromInbox(page, 'SIGN_IN_OTP');
  await panel.getByLabel('Email code').fill(code);
  await panel.getByRole('button', { name: 'Confirm code' }).click();

  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();
  const log = await lastLog(page, 'confirmSignIn');
  assert.equal(log.status, 'ok');
  assert.match(log.text, /"isSignedIn": true/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('wrong password: NotAuthorizedException in the log, no password anywhere in the page', async () => {
  const page = await env.open(pool);
  const wrong = 'Wrong-Battery-77?';
  const failed = page.locator('[data-testid="log-entry"][data-call="signIn"][data-status="error"]');
  for (const [i, flow] of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'].entries()) {
    await signIn(page, { username: users.wrong, password: wrong, flow });
    await failed.nth(i).waitFor(); // newest first: one more failed signIn than before
    const text = await expectError(page, 'signin-result', 'NotAuthorizedException');
    assert.ok(!text.includes(wrong), `the result line must not show the password: ${text}`);
    const log = await lastLog(page, 'signIn');
    assert.equal(log.status, 'error', `${flow}: ${log.text}`);
    assert.equal(log.errorName, 'NotAuthorizedException');
    assert.match(log.text, new RegExp(`"authFlowType": "${flow}"`));
    const message = (await failed.first().getByTestId('error-message').textContent()).trim();
    assert.ok(message.length > 0, 'the error message is shown');
    assert.ok(!message.includes(wrong), `the error message must not contain the password: ${message}`);
  }
  const errors = await page.getByTestId('log-error').allTextContents();
  assert.equal(errors.length, 2, errors.join(' | '));
  for (const e of errors) assert.match(e, /^NotAuthorizedException: /);

  // Nowhere in the page: not in the visible text, not in the markup (the log shows inputs
  // with passwords redacted).
  const visible = await page.evaluate(() => document.body.innerText);
  const markup = await page.content();
  for (const secret of [wrong, PASSWORD]) {
    assert.ok(!visible.includes(secret), 'password in the visible text');
    assert.ok(!markup.includes(secret), 'password in the markup');
  }
  assert.match(await lastLog(page, 'signIn').then((l) => l.text), /"password": "•+"/, 'the logged input has the password redacted');
  assert.equal(await page.getByTestId('next-step').getAttribute('data-step'), 'NONE');
  assert.notEqual(await page.getByTestId('auth-status').getAttribute('data-state'), 'signed-in');
  assertNoPageErrors(page);
  await page.context().close();
});

test('reload while an email code is pending keeps the step (getPendingSignIn); a wrong code keeps it too; the right code completes it', async () => {
  const page = await env.open(pool);
  await signIn(page, { username: users.reload, flow: 'USER_AUTH', challenge: 'EMAIL_OTP' });
  await expectStep(page, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const code = await codeFromInbox(page, 'SIGN_IN_OTP');

  await page.reload();
  await waitReady(page);
  const panel = await expectStep(page, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await panel.getByTestId('restored-note').waitFor();
  await page.locator('[data-testid="auth-status"][data-state="pending"]').waitFor();
  const restored = await lastLog(page, 'getPendingSignIn');
  assert.equal(restored.status, 'ok');
  assert.match(restored.text, /"signInStep": "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"/);
  assert.equal(await codeFromInbox(page, 'SIGN_IN_OTP'), code, 'the dev inbox still follows the user after the reload');

  const wrong = code === '000000' ? '111111' : '000000';
  await panel.getByLabel('Email code').fill(wrong);
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectError(page, 'next-step-result', 'CodeMismatchException');
  assert.equal(await page.getByTestId('next-step').getAttribute('data-step'), 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');

  await panel.getByLabel('Email code').fill(code);
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();

  // Nothing pending any more: a reload does not bring the step back.
  await page.reload();
  await waitReady(page);
  assert.equal(await page.getByTestId('next-step').getAttribute('data-step'), 'NONE');
  assertNoPageErrors(page);
  await page.context().close();
});

test('reset password with the emailed code, then sign in with the new password', async () => {
  const page = await env.open(pool);
  const fresh = 'Brand-New-Pass-42!';
  const reset = card(page, 'reset-card');
  await reset.getByLabel('Username').fill(users.reset);
  await reset.getByRole('button', { name: 'Send reset code' }).click();
  await expectOk(page, 'reset-result', 'resetPasswordStep: CONFIRM_RESET_PASSWORD_WITH_CODE');
  const code = await codeFromInbox(page, 'FORGOT_PASSWORD');
  await reset.getByLabel('Reset code').fill(code);
  await reset.getByLabel('New password').fill(fresh);
  await reset.getByRole('button', { name: 'Set new password' }).click();
  await expectOk(page, 'confirm-reset-result', 'done');

  await signIn(page, { username: users.reset, password: fresh, flow: 'USER_PASSWORD_AUTH' });
  await expectStep(page, 'DONE');
  assert.ok(!(await page.content()).includes(fresh), 'the new password is not in the page');
  assertNoPageErrors(page);
  await page.context().close();
});

test('export a pending sign-in in one browser, resume it in another (exportSignIn / resumeSignIn), finish it there', async () => {
  const first = await env.open(pool);
  await signIn(first, { username: users.export, flow: 'USER_AUTH', challenge: 'EMAIL_OTP' });
  await expectStep(first, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  const code = await codeFromInbox(first, 'SIGN_IN_OTP');
  const session = card(first, 'session-card');
  await session.getByText('Export / resume a pending sign-in').click();
  await session.getByRole('button', { name: 'Export pending sign-in' }).click();
  await expectOk(first, 'session-result');
  const exported = await session.getByLabel(/Exported sign-in/).inputValue();
  assert.ok(exported.length > 20, 'an exported sign-in');
  assert.ok(!(await first.getByTestId('log').textContent()).includes(exported), 'the exported text is not in the log');
  await first.context().close();

  const second = await env.open(pool); // fresh context: nothing pending there
  assert.equal(await second.getByTestId('next-step').getAttribute('data-step'), 'NONE');
  const s2 = card(second, 'session-card');
  await s2.getByText('Export / resume a pending sign-in').click();
  await s2.getByLabel(/Exported sign-in/).fill(exported);
  await s2.getByRole('button', { name: 'Resume from text' }).click();
  const panel = await expectStep(second, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
  await panel.getByLabel('Email code').fill(code);
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectStep(second, 'DONE');
  assertNoPageErrors(second);
  await second.context().close();
});

test('token storage "cookies" (an async store answering with Promises): the session lives in cookies, survives a reload, and sign-out clears it', async () => {
  const page = await env.open(pool);
  await page.goto(`${env.url(pool)}&storage=cookies`);
  await waitReady(page);
  assert.equal(await page.getByLabel('Token storage').inputValue(), 'cookies');
  await signIn(page, { username: users.cookie, password: PASSWORD });
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();
  const tokenCookies = () => page.evaluate(() => document.cookie.split('; ').filter((c) => /\.(accessToken|refreshToken|LastAuthUser)=/.test(decodeURIComponent(c))).length);
  const tokenKeysInLocalStorage = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('CognitoIdentityServiceProvider.')).length);
  assert.equal(await tokenCookies(), 3, 'LastAuthUser, accessToken, refreshToken cookies');
  assert.equal(await tokenKeysInLocalStorage(), 0, 'nothing in localStorage');

  await page.reload();
  await waitReady(page);
  await page.locator(`[data-testid="auth-status"][data-state="signed-in"]`).waitFor();
  assert.match(await page.getByTestId('auth-status').textContent(), new RegExp(users.cookie));

  await page.getByTestId('sign-out').click();
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  assert.equal(await tokenCookies(), 0, 'the token cookies are gone');
  assertNoPageErrors(page);
  await page.context().close();
});
