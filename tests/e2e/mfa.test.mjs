// End-to-end: MFA in the demo page. A pool with required MFA (created with /_local/pools):
// the first sign-in walks MFA set-up selection and TOTP set-up (sharedSecret and
// getSetupUri shown; the test is the authenticator app, RFC 6238 in node:crypto), the next
// sign-in asks for a TOTP code.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  PASSWORD,
  assertNoPageErrors,
  card,
  expectOk,
  expectStep,
  lastLog,
  startEnv,
  totp,
  uniqueName,
} from './support.mjs';

let env;
let pool = null;
let optionalPool = null;
let unsupported = '';
const username = uniqueName('totp');
const enrolling = uniqueName('enrol');

before(async () => {
  env = await startEnv();
  try {
    pool = await env.pool({
      name: 'e2e-mfa',
      mfa: 'ON',
      mfaTypes: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
      users: [{ username, password: PASSWORD, attributes: { email: `${username}@example.com`, email_verified: 'true' } }],
    });
    optionalPool = await env.pool({
      name: 'e2e-mfa-optional',
      mfa: 'OPTIONAL',
      mfaTypes: ['SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'],
      users: [{ username: enrolling, password: PASSWORD, attributes: { email: `${enrolling}@example.com`, email_verified: 'true' } }],
    });
  } catch (e) {
    unsupported = `local-cognito cannot create MFA pools yet (${e.message})`;
  }
});
after(async () => {
  await env?.close();
});

async function signInSrp(page, user = username) {
  const c = card(page, 'signin-card');
  await c.getByLabel('Username').fill(user);
  await c.getByLabel('Password').fill(PASSWORD);
  await c.getByLabel('authFlowType').selectOption('USER_SRP_AUTH');
  await c.getByRole('button', { name: 'Sign in' }).click();
}

test('required MFA: set-up selection, TOTP set-up with secret and setup URI, then a TOTP code on the next sign-in', async (t) => {
  if (unsupported) {
    t.skip(unsupported);
    return;
  }
  const page = await env.open(pool);
  await signInSrp(page);

  const panel = await expectStep(page, 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION');
  const types = await panel.getByRole('group', { name: 'MFA type to set up' }).getByRole('button').evaluateAll((bs) => bs.map((b) => b.dataset.value));
  assert.deepEqual([...types].sort(), ['EMAIL', 'TOTP'], `allowedMFATypes buttons: ${types}`);
  await panel.getByRole('button', { name: /TOTP/ }).click();

  await expectStep(page, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
  const secret = (await panel.getByTestId('totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}=*$/, 'sharedSecret is base32');
  const uri = (await panel.getByTestId('totp-uri').textContent()).trim();
  assert.equal(uri, `otpauth://totp/cognito-wasm%20demo:${username}?secret=${secret}&issuer=cognito-wasm%20demo`);

  await panel.getByLabel('Authenticator code').fill(totp(secret, Date.now()));
  await panel.getByRole('button', { name: 'Verify and continue' }).click();
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();

  // Signed out and in again: TOTP is now the user's MFA.
  await card(page, 'session-card').getByRole('button', { name: 'Sign out' }).click();
  await expectOk(page, 'session-result', 'done');
  await expectStep(page, 'NONE');
  await signInSrp(page);
  await expectStep(page, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  // The next 30-second window's code: accepted (±1 step) and never the one used above, so
  // this holds even where a used code cannot be reused (as in Cognito).
  await panel.getByLabel('Authenticator code').fill(totp(secret, Date.now() + 30_000));
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectStep(page, 'DONE');
  const log = await lastLog(page, 'confirmSignIn');
  assert.equal(log.status, 'ok');
  assert.match(log.text, /"signInStep": "DONE"/);
  assertNoPageErrors(page);
  await page.context().close();
});

test('optional MFA, signed in: set up TOTP from the MFA settings card, make it preferred, then sign-in asks for it', async (t) => {
  if (unsupported) {
    t.skip(unsupported);
    return;
  }
  const page = await env.open(optionalPool);
  const mfa = card(page, 'mfa-card');
  if (!(await mfa.isVisible())) {
    t.skip('this build of the package has no setUpTOTP / verifyTOTPSetup / updateMFAPreference / fetchMFAPreference');
    await page.context().close();
    return;
  }
  await signInSrp(page, enrolling);
  await expectStep(page, 'DONE'); // optional MFA, nothing enrolled yet

  await mfa.getByRole('button', { name: 'Set up TOTP' }).click();
  await expectOk(page, 'mfa-result', 'sharedSecret');
  const secret = (await mfa.getByTestId('mfa-totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{16,}=*$/);
  assert.equal(
    (await mfa.getByTestId('mfa-totp-uri').textContent()).trim(),
    `otpauth://totp/cognito-wasm%20demo:${enrolling}?secret=${secret}&issuer=cognito-wasm%20demo`,
  );
  await mfa.getByLabel('TOTP code').fill(totp(secret, Date.now()));
  await mfa.getByRole('button', { name: 'Verify TOTP' }).click();
  await expectOk(page, 'mfa-result', 'done');
  assert.equal((await lastLog(page, 'verifyTOTPSetup')).status, 'ok');

  await mfa.getByLabel('TOTP', { exact: true }).selectOption('PREFERRED');
  await mfa.getByRole('button', { name: 'Update MFA preference' }).click();
  await expectOk(page, 'mfa-result', 'done');
  const sent = await lastLog(page, 'updateMFAPreference');
  assert.match(sent.text, /"totp": "PREFERRED"/);
  assert.doesNotMatch(sent.text, /"email"|"sms"/, 'unchanged preferences are not sent');

  await mfa.getByRole('button', { name: 'Fetch MFA preference' }).click();
  await expectOk(page, 'mfa-result', '"preferred":"TOTP"');

  await card(page, 'session-card').getByRole('button', { name: 'Sign out' }).click();
  await expectStep(page, 'NONE');
  await signInSrp(page, enrolling);
  const panel = await expectStep(page, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
  await panel.getByLabel('Authenticator code').fill(totp(secret, Date.now() + 30_000));
  await panel.getByRole('button', { name: 'Confirm code' }).click();
  await expectStep(page, 'DONE');
  assertNoPageErrors(page);
  await page.context().close();
});
