// End-to-end: the demo page's sign-up flows, driven like a person in headless Chromium
// against a private local-cognito.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PASSWORD,
  assertNoPageErrors,
  card,
  codeFromInbox,
  expectOk,
  expectStep,
  lastLog,
  screenshot,
  startEnv,
  uniqueName,
} from './support.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

test('passwordless sign-up with email, auto sign-in with USER_AUTH: code from the dev inbox, confirm, autoSignIn, DONE', async () => {
  const page = await env.open();
  const name = uniqueName('pwless');

  const signUp = card(page, 'signup-card');
  await signUp.getByLabel('Username').fill(name);
  await signUp.getByLabel('Passwordless').check();
  assert.equal(await signUp.getByLabel('Password', { exact: true }).isVisible(), false, 'no password field when passwordless');
  await signUp.getByLabel('Email').fill(`${name}@example.com`);
  await signUp.getByLabel('Auto sign-in after confirmation').selectOption('custom');
  await signUp.getByLabel('authFlowType').selectOption('USER_AUTH');
  await signUp.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'signUpStep: CONFIRM_SIGN_UP');
  const signUpLog = await lastLog(page, 'signUp');
  assert.match(signUpLog.text, /"authFlowType": "USER_AUTH"/);
  assert.doesNotMatch(signUpLog.text, /"password"/, 'no password was sent');

  // The dev inbox follows the username just used and shows the code.
  assert.equal(await card(page, 'inbox-card').getByLabel('Username').inputValue(), name);
  const code = await codeFromInbox(page, 'SIGN_UP');

  const confirm = card(page, 'confirm-signup-card');
  assert.equal(await confirm.getByLabel('Username').inputValue(), name, 'username carried over from sign-up');
  await confirm.getByLabel('Confirmation code').fill(code);
  await confirm.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'signUpStep: COMPLETE_AUTO_SIGN_IN');

  await confirm.getByRole('button', { name: 'Auto sign-in' }).click();
  const panel = await expectStep(page, 'DONE');
  assert.equal(await panel.getByTestId('signed-in').textContent(), '✓ Signed in');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();
  const auto = await lastLog(page, 'autoSignIn');
  assert.equal(auto.status, 'ok');
  assert.match(auto.text, /"signInStep": "DONE"/);
  assert.match(auto.text, /"isSignedIn": true/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('sign-up with password, resend code, confirm, SRP sign-in, DONE, sign out', async () => {
  const page = await env.open();
  const name = uniqueName('pw');

  const signUp = card(page, 'signup-card');
  await signUp.getByLabel('Username').fill(name);
  await signUp.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await signUp.getByLabel('Email').fill(`${name}@example.com`);
  await signUp.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'signUpStep: CONFIRM_SIGN_UP');
  await codeFromInbox(page, 'SIGN_UP');

  const confirm = card(page, 'confirm-signup-card');
  await confirm.getByRole('button', { name: 'Resend code' }).click();
  await expectOk(page, 'confirm-signup-result', 'code sent by EMAIL');
  const code = await codeFromInbox(page, 'SIGN_UP', 1); // the newer of the two
  await confirm.getByLabel('Confirmation code').fill(code);
  await confirm.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'signUpStep: DONE');

  const signIn = card(page, 'signin-card');
  assert.equal(await signIn.getByLabel('Username').inputValue(), name, 'username carried over');
  await signIn.getByLabel('Password', { exact: false }).fill(PASSWORD);
  assert.equal(await signIn.getByLabel('authFlowType').inputValue(), 'USER_SRP_AUTH', 'SRP is the default flow');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  await expectStep(page, 'DONE');
  await expectOk(page, 'signin-result', 'signInStep: DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: `Signed in as ${name}` }).waitFor();
  await page.locator('[data-testid="log-event"][data-event="signedIn"]').waitFor();
  assert.equal(await signIn.getByLabel('Password', { exact: false }).inputValue(), '', 'the password field is cleared after sign-in');

  // The session buttons appear for the exports the package has.
  const session = card(page, 'session-card');
  if (await session.getByTestId('call-getCurrentUser').isVisible()) {
    await session.getByTestId('call-getCurrentUser').click();
    await expectOk(page, 'session-result', `"username":"${name}"`);
  }
  if (await session.getByTestId('call-fetchAuthSession').isVisible()) {
    await session.getByTestId('call-fetchAuthSession').click();
    const out = await lastLog(page, 'fetchAuthSession');
    assert.equal(out.status, 'ok', out.text);
    assert.match(out.text, /"payload": \{/);
    assert.match(out.text, new RegExp(`"username": "${name}"|"cognito:username": "${name}"`));
    assert.ok(!(await page.content()).includes('eyJ'), 'raw JWTs are not shown (only their payloads)');
  }

  const shot = await screenshot(page, 'e2e-demo.png');
  assert.ok(shot.endsWith('e2e-demo.png'));

  await session.getByRole('button', { name: 'Sign out' }).click();
  await expectOk(page, 'session-result', 'done');
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  await expectStep(page, 'NONE');
  assert.equal((await lastLog(page, 'signOut')).status, 'ok');
  await page.locator('[data-testid="log-event"][data-event="signedOut"]').waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

test('sign-up with password and autoSignIn: true: confirm, then Auto sign-in signs in with SRP (no password typed again)', async () => {
  const page = await env.open();
  const name = uniqueName('auto');

  const signUp = card(page, 'signup-card');
  await signUp.getByLabel('Username').fill(name);
  await signUp.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await signUp.getByLabel('Email').fill(`${name}@example.com`);
  await signUp.getByLabel('Auto sign-in after confirmation').selectOption('true');
  assert.equal(await signUp.getByLabel('authFlowType').isVisible(), false, 'the custom options only show for the object form');
  await signUp.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'signUpStep: CONFIRM_SIGN_UP');
  assert.match((await lastLog(page, 'signUp')).text, /"autoSignIn": true/);

  const confirm = card(page, 'confirm-signup-card');
  await confirm.getByLabel('Confirmation code').fill(await codeFromInbox(page, 'SIGN_UP'));
  await confirm.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'signUpStep: COMPLETE_AUTO_SIGN_IN');
  await confirm.getByRole('button', { name: 'Auto sign-in' }).click();
  await expectStep(page, 'DONE');
  await expectOk(page, 'confirm-signup-result', 'signInStep: DONE');
  assert.ok(!(await page.content()).includes(PASSWORD), 'the password is not in the page');
  assertNoPageErrors(page);
  await page.context().close();
});
