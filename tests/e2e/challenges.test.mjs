// End-to-end: the Next step panel's less common sign-in steps: a new password required
// (with a missing required attribute) and a custom challenge (additionalInfo shown, answer
// typed), driven in headless Chromium against a private local-cognito.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, assertNoPageErrors, card, expectStep, lastLog, startEnv, uniqueName } from './support.mjs';

let env;
let pool;
const customUser = uniqueName('custom');

before(async () => {
  env = await startEnv();
  pool = await env.pool({
    name: 'e2e-challenges',
    requiredAttributes: ['name'],
    customAuth: { rounds: [{ publicChallengeParameters: { question: 'What is 6 x 7?' }, answer: '42' }] },
    users: [{ username: customUser, password: PASSWORD, attributes: { email: `${customUser}@example.com`, name: 'Custom User' } }],
  });
});
after(async () => {
  await env?.close();
});

/** An unsigned Admin* call to the emulator (local-cognito accepts them; dev only). */
async function admin(action, body) {
  const res = await fetch(pool.userPoolEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `${action}: ${res.status} ${text}`);
  return JSON.parse(text || '{}');
}

async function signIn(page, { username, password, flow }) {
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(username);
  await c.getByLabel('Password').fill(password ?? '');
  await c.getByLabel('authFlowType').selectOption(flow);
  await c.getByRole('button', { name: 'Sign in' }).click();
}

test('admin-created user: new password required, with the missing required attribute, then DONE', async () => {
  const username = uniqueName('admin');
  const temporary = 'Temp-Pass-123!';
  await admin('AdminCreateUser', {
    UserPoolId: pool.userPoolId,
    Username: username,
    TemporaryPassword: temporary,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  });
  const page = await env.open(pool);
  await signIn(page, { username, password: temporary, flow: 'USER_SRP_AUTH' });

  const panel = await expectStep(page, 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
  const step = await lastLog(page, 'signIn');
  assert.match(step.text, /"missingAttributes": \[\s*"name"\s*\]/);
  await panel.getByLabel('New password').fill(PASSWORD);
  await panel.getByLabel('name', { exact: true }).fill('Ada Admin');
  await panel.getByRole('button', { name: 'Set password' }).click();
  await expectStep(page, 'DONE');

  const log = await lastLog(page, 'confirmSignIn');
  assert.match(log.text, /"name": "Ada Admin"/, 'the attribute went with the answer');
  assert.match(log.text, /"challengeResponse": "•+"/, 'the new password is redacted in the log');
  const markup = await page.content();
  assert.ok(!markup.includes(PASSWORD) && !markup.includes(temporary), 'no password in the page');
  assertNoPageErrors(page);
  await page.context().close();
});

test('custom challenge (CUSTOM_WITHOUT_SRP): additionalInfo shown, a wrong answer then the right one', async () => {
  const page = await env.open(pool);
  await signIn(page, { username: customUser, flow: 'CUSTOM_WITHOUT_SRP' });

  const panel = await expectStep(page, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  const info = panel.getByTestId('additional-info');
  assert.match(await info.textContent(), /question\s*What is 6 x 7\?/);
  await panel.getByLabel('Answer').fill('41');
  await panel.getByRole('button', { name: 'Answer' }).click();
  await page.locator('[data-testid="log-entry"][data-call="confirmSignIn"]:not([data-status="pending"])').first().waitFor();
  // A wrong answer (attempts left) is answered with the same challenge again.
  const wrong = await lastLog(page, 'confirmSignIn');
  assert.equal(wrong.status, 'ok', wrong.text);
  assert.match(wrong.text, /"signInStep": "CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE"/);
  await expectStep(page, 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE');
  assert.match(await info.textContent(), /What is 6 x 7\?/);

  await panel.getByLabel('Answer').fill('42');
  await panel.getByRole('button', { name: 'Answer' }).click();
  await expectStep(page, 'DONE');
  assertNoPageErrors(page);
  await page.context().close();
});
