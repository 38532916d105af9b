// The demo with the local Cognito's default identity pool: fetchAuthSession shows the
// identity id and when the AWS credentials expire, for a guest and for a signed-in user, and
// the credentials' secret parts never reach the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, assertNoPageErrors, card, codeFromInbox, expectOk, expectStep, startEnv, uniqueName } from './support.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

test('fetchAuthSession in the demo: a guest identity, then the signed-in user\'s, with their credentials\' expiry', { timeout: 60_000 }, async () => {
  const username = uniqueName('aws');
  // The default identity pool trusts the default user pool: the user signs up there.
  const def = { ...env.defaultPool, identityPoolId: env.emu.config.identityPoolId };
  assert.match(def.identityPoolId, /^[a-z0-9-]+:[0-9a-f-]{36}$/);
  const page = await env.open(def);
  const session = card(page, 'session-card');
  // Signed out: a guest.
  await session.getByRole('button', { name: 'fetchAuthSession' }).click();
  const guest = await expectOk(page, 'session-result', 'signed out, guest · identityId');
  assert.match(guest, /AWS credentials expire/);
  // Sign up and in through the demo, then the user's identity.
  const su = card(page, 'signup-card');
  await su.getByLabel('Username').fill(username);
  await su.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await su.getByLabel('Email').fill(`${username}@example.com`);
  await su.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'CONFIRM_SIGN_UP');
  const code = await codeFromInbox(page, 'SIGN_UP');
  const cs = card(page, 'confirm-signup-card');
  await cs.getByLabel('Confirmation code').fill(code);
  await cs.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'DONE');
  const si = card(page, 'signin-card');
  await si.getByLabel('Username').fill(username);
  await si.getByLabel('Password').fill(PASSWORD);
  await si.getByLabel('authFlowType').selectOption('USER_SRP_AUTH');
  await si.getByRole('button', { name: 'Sign in' }).click();
  await expectStep(page, 'DONE');
  await session.getByRole('button', { name: 'fetchAuthSession' }).click();
  const user = await expectOk(page, 'session-result', 'tokens:');
  assert.match(user, /identityId [a-z0-9-]+:[0-9a-f-]{36} · AWS credentials expire/);
  // The log shows the access key id, never the secret key or the session token.
  const text = await page.locator('body').innerText();
  assert.match(text, /"accessKeyId": "ASIA/);
  assert.match(text, /"secretAccessKey": "••••••••"/);
  assert.doesNotMatch(text, /"sessionToken": "(?!••)/);
  assertNoPageErrors(page);
  await page.context().close();
});
