// End-to-end: passkeys (WebAuthn) in headless Chromium against a private local-cognito.
// The "device" is a CDP virtual authenticator (ctap2, internal, resident keys, user
// verification, automatic presence); the page is served from http://localhost:<port>, which
// is a secure context whose host matches the emulator's relying party id `localhost`.
//
// The life cycle and autofill are driven through the demo's Passkeys card like a person;
// the rest calls the package's exports with page.evaluate (default client, configured by
// the demo). Ceremony starts are observed by wrapping navigator.credentials.get/create in
// the page (a counter; the real browser call still runs), so nothing waits on a fixed sleep.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { latestCode } from '../harness/emulator.mjs';
import {
  PASSWORD,
  assertNoPageErrors,
  attachAuthenticator,
  card,
  codeFromInbox,
  countCeremonies,
  expectError,
  expectOk,
  expectStep,
  lastLog,
  screenshot,
  startEnv,
  uniqueName,
  waitReady,
} from './support.mjs';

let env;
before(async () => {
  env = await startEnv();
});
after(async () => {
  await env?.close();
});

// ------------------------------------------------------------------------------- helpers

/** Opens the demo with a virtual authenticator attached to its tab. */
async function openWithAuthenticator(pool) {
  const page = await env.open(pool);
  assert.match(page.url(), /^http:\/\/localhost:\d+\//, 'served from localhost (the relying party id)');
  return { page, device: await attachAuthenticator(page) };
}

const ceremonies = (page) => page.evaluate(() => ({ ...window.__webauthn }));

/** Waits until navigator.credentials.get has been called `n` times in the page. */
async function waitForGet(page, n) {
  await page.waitForFunction((k) => window.__webauthn.get >= k, n);
}

/**
 * Calls the package's exports in the page: fn(m, arg) with m = the module the demo loaded
 * (its default client is configured). Resolves { ok, out } or { ok: false, error } with the
 * rejection's name, message, class name and whether it is an Error.
 */
function api(page, fn, arg) {
  return page.evaluate(
    async ([src, a]) => {
      const m = await import('./pkg/cognito_wasm.js');
      // eslint-disable-next-line no-eval
      const f = (0, eval)(`(${src})`);
      try {
        const out = await f(m, a);
        return { ok: true, out: out === undefined ? null : JSON.parse(JSON.stringify(out)) };
      } catch (e) {
        return {
          ok: false,
          error: { name: e?.name, message: e?.message, className: e?.constructor?.name, isError: e instanceof Error },
        };
      }
    },
    [fn.toString(), arg],
  );
}

/** Asserts `r` is a rejection with the AuthError `name` and a message; returns the error. */
function assertAuthError(r, name, what) {
  assert.equal(r.ok, false, `${what}: expected ${name}, it resolved ${JSON.stringify(r.out)}`);
  assert.equal(r.error.name, name, `${what}: ${JSON.stringify(r.error)}`);
  assert.equal(r.error.isError, true, `${what}: an Error`);
  assert.equal(r.error.className, 'AuthError', `${what}: an AuthError`);
  assert.ok(typeof r.error.message === 'string' && r.error.message.length > 10, `${what}: has a message`);
  return r.error;
}

function assertOk(r, what) {
  assert.equal(r.ok, true, `${what}: ${JSON.stringify(r.error)}`);
  return r.out;
}

const passkeySignIn = (m, username) => m.signIn({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });

/** API: passwordless sign-up, confirm with the inbox code, auto sign-in, register a passkey. */
async function passkeyUser(page, { register = true } = {}) {
  const username = uniqueName('pk');
  assertOk(
    await api(page, (m, u) => m.signUp({ username: u, options: { userAttributes: { email: `${u}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } }), username),
    'signUp',
  );
  const code = await latestCode(env.emu.endpoint, username, 'SIGN_UP');
  const confirmed = assertOk(await api(page, (m, [u, c]) => m.confirmSignUp({ username: u, confirmationCode: c }), [username, code]), 'confirmSignUp');
  assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
  assert.equal(assertOk(await api(page, (m) => m.autoSignIn()), 'autoSignIn').nextStep.signInStep, 'DONE');
  if (register) assertOk(await api(page, (m) => m.associateWebAuthnCredential()), 'associateWebAuthnCredential');
  return username;
}

/** UI: passwordless sign-up with email and autoSignIn USER_AUTH, code from the dev inbox, DONE. */
async function signUpPasswordlessInDemo(page) {
  const name = uniqueName('pkui');
  const signUp = card(page, 'signup-card');
  await signUp.getByLabel('Username').fill(name);
  await signUp.getByLabel('Passwordless').check();
  await signUp.getByLabel('Email').fill(`${name}@example.com`);
  await signUp.getByLabel('Auto sign-in after confirmation').selectOption('custom');
  await signUp.getByLabel('authFlowType').selectOption('USER_AUTH');
  await signUp.getByRole('button', { name: 'Sign up' }).click();
  await expectOk(page, 'signup-result', 'signUpStep: CONFIRM_SIGN_UP');

  const confirm = card(page, 'confirm-signup-card');
  await confirm.getByLabel('Confirmation code').fill(await codeFromInbox(page, 'SIGN_UP'));
  await confirm.getByRole('button', { name: 'Confirm sign-up' }).click();
  await expectOk(page, 'confirm-signup-result', 'signUpStep: COMPLETE_AUTO_SIGN_IN');
  await confirm.getByRole('button', { name: 'Auto sign-in' }).click();
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]').waitFor();
  return name;
}

async function signOutInDemo(page) {
  await card(page, 'session-card').getByRole('button', { name: 'Sign out' }).click();
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  await expectStep(page, 'NONE');
}

/** The credential id as Cognito/WebAuthn JSON spell it (base64url) from CDP's base64. */
const b64url = (b64) => Buffer.from(b64, 'base64').toString('base64url');

// --------------------------------------------------------------------------------- tests

test('demo Passkeys card: passwordless sign-up, register, list, sign in with the passkey (preferred, then chosen), delete, no longer offered', async () => {
  const { page, device } = await openWithAuthenticator();
  const pk = card(page, 'passkeys-card');
  await pk.waitFor();
  assert.equal(await pk.getByTestId('pk-supported').textContent(), 'true', 'isPasskeySupported()');
  await pk.getByTestId('pk-autofill-supported').filter({ hasText: /^(true|false)$/ }).waitFor();
  assert.equal(await card(page, 'signin-card').getByLabel('Username').getAttribute('autocomplete'), 'username webauthn');

  const name = await signUpPasswordlessInDemo(page);

  // Register: the authenticator now holds a resident credential for this user and this RP.
  await pk.getByRole('button', { name: 'Register a passkey' }).click();
  await expectOk(page, 'passkeys-result', 'passkey registered');
  assert.equal((await lastLog(page, 'associateWebAuthnCredential')).status, 'ok');
  const onDevice = await device.credentials();
  assert.equal(onDevice.length, 1, 'one credential on the authenticator');
  assert.equal(onDevice[0].rpId, 'localhost');
  assert.equal(onDevice[0].userName, name);
  assert.equal(onDevice[0].isResidentCredential, true);
  assert.equal((await ceremonies(page)).create, 1);

  // List: one passkey, its id the authenticator's, a name and a creation date.
  await pk.getByRole('button', { name: 'List passkeys' }).click();
  await expectOk(page, 'passkeys-result', '1 passkey');
  const items = pk.getByTestId('passkey-item');
  assert.equal(await items.count(), 1);
  const credentialId = b64url(onDevice[0].credentialId);
  assert.equal(await items.first().getAttribute('data-credential-id'), credentialId);
  assert.equal((await items.first().getByTestId('passkey-id').textContent()).trim(), credentialId);
  assert.match(await items.first().getByTestId('passkey-name').textContent(), /\S/);
  const created = Date.parse(await items.first().getByTestId('passkey-created').getAttribute('datetime'));
  assert.ok(Math.abs(Date.now() - created) < 10 * 60_000, `createdAt is a recent date: ${created}`);
  const listed = await lastLog(page, 'listWebAuthnCredentials');
  assert.equal(listed.status, 'ok');
  assert.match(listed.text, /"friendlyCredentialName"/);
  assert.match(listed.text, /"relyingPartyId": "localhost"/);

  // Sign out, then "Sign in with a passkey" (USER_AUTH, preferredChallenge WEB_AUTHN).
  await signOutInDemo(page);
  assert.equal(await pk.getByTestId('passkey-item').count(), 0, 'the list is cleared on sign-out');
  const countBefore = onDevice[0].signCount;
  await pk.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectStep(page, 'DONE');
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: `Signed in as ${name}` }).waitFor();
  const preferred = await lastLog(page, 'signIn');
  assert.equal(preferred.status, 'ok', preferred.text);
  assert.match(preferred.text, /"preferredChallenge": "WEB_AUTHN"/);
  assert.match(preferred.text, /"signInStep": "DONE"/);
  assert.ok((await device.credentials())[0].signCount > countBefore, 'the authenticator signed an assertion');

  // Sign out, then USER_AUTH without a preference: choose the passkey as first factor.
  await signOutInDemo(page);
  const signIn = card(page, 'signin-card');
  assert.equal(await signIn.getByLabel('Username').inputValue(), name);
  await signIn.getByLabel('authFlowType').selectOption('USER_AUTH');
  await signIn.getByLabel('preferredChallenge').selectOption('');
  await signIn.getByRole('button', { name: 'Sign in' }).click();
  const panel = await expectStep(page, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  const offered = await panel.getByRole('group', { name: 'First factor' }).getByRole('button').evaluateAll((bs) => bs.map((b) => b.dataset.value));
  assert.ok(offered.includes('WEB_AUTHN') && offered.includes('EMAIL_OTP'), `availableChallenges: ${offered}`);
  await panel.getByTestId('first-factor-WEB_AUTHN').click();
  await expectStep(page, 'DONE');
  const chosen = await lastLog(page, 'confirmSignIn');
  assert.equal(chosen.status, 'ok', chosen.text);
  assert.match(chosen.text, /"challengeResponse": "WEB_AUTHN"/);

  // List, delete: the list is refreshed and empty.
  await pk.getByRole('button', { name: 'List passkeys' }).click();
  await expectOk(page, 'passkeys-result', '1 passkey');
  await screenshot(page, 'e2e-passkeys.png');
  await pk.getByRole('button', { name: /^Delete passkey / }).click();
  await pk.getByTestId('passkey-empty').waitFor();
  const deleted = await lastLog(page, 'deleteWebAuthnCredential');
  assert.equal(deleted.status, 'ok', deleted.text);
  assert.match(deleted.text, new RegExp(`"credentialId": "${credentialId}"`));
  await expectOk(page, 'passkeys-result', '0 passkeys');

  // The passkey is gone from the pool: a passkey sign-in is no longer offered WEB_AUTHN
  // (local-cognito answers an unavailable PREFERRED_CHALLENGE with SELECT_CHALLENGE) …
  await signOutInDemo(page);
  await pk.getByRole('button', { name: 'Sign in with a passkey' }).click();
  const fallback = await expectStep(page, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
  const left = await fallback.getByRole('group', { name: 'First factor' }).getByRole('button').evaluateAll((bs) => bs.map((b) => b.dataset.value));
  assert.deepEqual(left, ['EMAIL_OTP'], 'WEB_AUTHN is no longer offered');
  // … and insisting on it (API explorer: confirmSignIn WEB_AUTHN) is a typed error.
  const explorer = card(page, 'explorer-card');
  await explorer.getByLabel('Function').selectOption('confirmSignIn');
  await explorer.getByLabel('Input').fill('{ "challengeResponse": "WEB_AUTHN" }');
  await explorer.getByRole('button', { name: 'Call' }).click();
  await expectError(page, 'explorer-result', 'IncorrectFirstFactor');
  const refused = await lastLog(page, 'confirmSignIn');
  assert.equal(refused.status, 'error');
  assert.equal(refused.errorName, 'IncorrectFirstFactor');
  assert.equal((await ceremonies(page)).get, 2, 'no ceremony ran for the refused answer');
  assertNoPageErrors(page);
  await page.context().close();
});

test('registering twice on the same authenticator: PasskeyAlreadyExists (excludeCredentials), nothing added', async () => {
  const { page, device } = await openWithAuthenticator();
  const username = await passkeyUser(page);
  const r = await api(page, (m) => m.associateWebAuthnCredential());
  assertAuthError(r, 'PasskeyAlreadyExists', 'second associateWebAuthnCredential');
  assert.equal((await ceremonies(page)).create, 2, 'the browser ceremony ran and refused');
  assert.equal((await device.credentials()).length, 1, 'still one credential on the authenticator');
  const list = assertOk(await api(page, (m) => m.listWebAuthnCredentials()), 'listWebAuthnCredentials');
  assert.equal(list.credentials.length, 1, 'still one passkey in the pool');
  assert.equal(list.credentials[0].credentialId, b64url((await device.credentials())[0].credentialId));
  // The user is still signed in and the passkey still works.
  assertOk(await api(page, (m) => m.signOut()), 'signOut');
  assert.equal(assertOk(await api(page, passkeySignIn, username), 'passkey sign-in').nextStep.signInStep, 'DONE');
  assertNoPageErrors(page);
  await page.context().close();
});

test('cancelled passkey prompts: failed user verification (register, sign in) and a device without the passkey are Passkey…Canceled; no authenticator waits until aborted', async () => {
  const { page, device } = await openWithAuthenticator();
  const username = await passkeyUser(page, { register: false });

  // The user fails (or refuses) verification: NotAllowedError in the browser.
  await device.send('WebAuthn.setUserVerified', { isUserVerified: false });
  assertAuthError(await api(page, (m) => m.associateWebAuthnCredential()), 'PasskeyRegistrationCanceled', 'registration, user verification failed');
  assert.equal((await device.credentials()).length, 0, 'nothing created');
  assert.equal(assertOk(await api(page, (m) => m.listWebAuthnCredentials()), 'list').credentials.length, 0, 'nothing registered');
  await device.send('WebAuthn.setUserVerified', { isUserVerified: true });
  assertOk(await api(page, (m) => m.associateWebAuthnCredential()), 'associateWebAuthnCredential after the cancel');
  assertOk(await api(page, (m) => m.signOut()), 'signOut');

  await device.send('WebAuthn.setUserVerified', { isUserVerified: false });
  assertAuthError(await api(page, passkeySignIn, username), 'PasskeyAuthenticationCanceled', 'user verification failed');
  assertAuthError(await api(page, (m) => m.getCurrentUser()), 'UserUnAuthenticatedException', 'not signed in after the cancel');
  await device.send('WebAuthn.setUserVerified', { isUserVerified: true });

  // The device no longer holds the passkey (no credential matches allowCredentials).
  const [cred] = await device.credentials();
  await device.send('WebAuthn.removeCredential', { credentialId: cred.credentialId });
  assertAuthError(await api(page, passkeySignIn, username), 'PasskeyAuthenticationCanceled', 'no matching passkey on the device');

  // Put it back: the passkey works again (nothing stuck from the cancelled attempts).
  await device.send('WebAuthn.addCredential', { credential: cred });
  assert.equal(assertOk(await api(page, passkeySignIn, username), 'passkey sign-in').nextStep.signInStep, 'DONE');
  assertOk(await api(page, (m) => m.signOut()), 'signOut');

  // No authenticator at all: Chromium keeps the request open (it would prompt for a
  // security key) until the timeout; abortPasskeyCeremony() ends it as PasskeyCeremonyAborted.
  await device.send('WebAuthn.removeVirtualAuthenticator');
  const gets = (await ceremonies(page)).get;
  const pending = api(page, passkeySignIn, username);
  await waitForGet(page, gets + 1);
  await page.evaluate(async () => (await import('./pkg/cognito_wasm.js')).abortPasskeyCeremony());
  assertAuthError(await pending, 'PasskeyCeremonyAborted', 'no authenticator, then aborted');
  assertNoPageErrors(page);
  await page.context().close();
});

test('passkey autofill in the demo: armed for the remembered username it resolves DONE; typing a password aborts it (PasskeyCeremonyAborted)', async () => {
  const { page, device } = await openWithAuthenticator();
  const pk = card(page, 'passkeys-card');
  const name = await signUpPasswordlessInDemo(page);
  await pk.getByRole('button', { name: 'Register a passkey' }).click();
  await expectOk(page, 'passkeys-result', 'passkey registered');
  await signOutInDemo(page);

  // A reload: the last signed-in username is remembered (localStorage), the authenticator
  // stays with the tab; nothing starts until the user arms autofill.
  await page.reload();
  await waitReady(page);
  await countCeremonies(page);
  assert.equal(await pk.getByTestId('pk-last-user').textContent(), name);
  assert.equal(await card(page, 'signin-card').getByLabel('Username').inputValue(), name);
  await pk.getByTestId('pk-autofill-supported').filter({ hasText: 'true' }).waitFor();
  assert.equal((await ceremonies(page)).get, 0, 'autofill is opt-in');

  // Arm: conditional mediation; with automatic presence the virtual authenticator answers.
  await pk.getByRole('button', { name: 'Arm passkey autofill' }).click();
  await expectStep(page, 'DONE');
  const auto = await lastLog(page, 'signInWithPasskeyAutofill');
  assert.equal(auto.status, 'ok', auto.text);
  assert.match(auto.text, new RegExp(`"username": "${name}"`));
  assert.match(auto.text, /"signInStep": "DONE"/);
  assert.deepEqual((await ceremonies(page)).mediation, ['conditional']);
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: `Signed in as ${name}` }).waitFor();
  await pk.locator('[data-testid="pk-autofill-state"][data-state="off"]').waitFor();
  await signOutInDemo(page);

  // Without presence the conditional request stays open (the autofill list is waiting);
  // typing a password aborts it.
  await device.send('WebAuthn.setAutomaticPresenceSimulation', { enabled: false });
  await pk.getByRole('button', { name: 'Arm passkey autofill' }).click();
  await waitForGet(page, 2);
  await pk.locator('[data-testid="pk-autofill-state"][data-state="armed"]', { hasText: name }).waitFor();
  await card(page, 'signin-card').getByLabel('Password').fill('typing a password');
  const aborted = await lastLog(page, 'signInWithPasskeyAutofill');
  assert.equal(aborted.status, 'error');
  assert.equal(aborted.errorName, 'PasskeyCeremonyAborted');
  await expectError(page, 'passkeys-result', 'PasskeyCeremonyAborted');
  assert.equal((await lastLog(page, 'abortPasskeyCeremony')).status, 'ok');
  await page.locator('[data-testid="log-note"]', { hasText: 'Passkey autofill aborted' }).waitFor();
  await pk.locator('[data-testid="pk-autofill-state"][data-state="off"]').waitFor();

  // The same with the API and abortPasskeyCeremony(); afterwards a passkey sign-in works.
  const pending = api(page, (m, u) => m.signInWithPasskeyAutofill({ username: u }), name);
  await waitForGet(page, 3);
  await page.evaluate(async () => (await import('./pkg/cognito_wasm.js')).abortPasskeyCeremony());
  assertAuthError(await pending, 'PasskeyCeremonyAborted', 'signInWithPasskeyAutofill, then abortPasskeyCeremony()');
  await device.send('WebAuthn.setAutomaticPresenceSimulation', { enabled: true });
  await card(page, 'signin-card').getByLabel('Password').fill('');
  await pk.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await expectStep(page, 'DONE');
  assertNoPageErrors(page);
  await page.context().close();
});

test('tampered assertions are rejected: wrong challenge, wrong origin, bad signature; the untampered one signs in', async () => {
  const { page, device } = await openWithAuthenticator();
  const username = await passkeyUser(page);
  assertOk(await api(page, (m) => m.signOut()), 'signOut');

  // Rewrites the CREDENTIAL of RespondToAuthChallenge (the WEB_AUTHN answer) on its way out.
  let tamper = null;
  let seen = 0;
  const emulator = new URL(env.emu.endpoint).origin;
  await page.route(
    (url) => url.origin === emulator,
    async (route) => {
      const req = route.request();
      if (req.method() !== 'POST' || !/\.RespondToAuthChallenge$/.test(req.headers()['x-amz-target'] ?? '')) return route.continue();
      const body = JSON.parse(req.postData());
      if (body.ChallengeName !== 'WEB_AUTHN' || !tamper) return route.continue();
      seen += 1;
      const cred = JSON.parse(body.ChallengeResponses.CREDENTIAL);
      const clientData = JSON.parse(Buffer.from(cred.response.clientDataJSON, 'base64url').toString('utf8'));
      assert.equal(clientData.type, 'webauthn.get');
      assert.match(clientData.origin, /^http:\/\/localhost:\d+$/);
      tamper(clientData);
      cred.response.clientDataJSON = Buffer.from(JSON.stringify(clientData)).toString('base64url');
      body.ChallengeResponses.CREDENTIAL = JSON.stringify(cred);
      return route.continue({ postData: JSON.stringify(body) });
    },
  );

  tamper = (cd) => {
    cd.challenge = Buffer.alloc(32, 7).toString('base64url');
  };
  assertAuthError(await api(page, passkeySignIn, username), 'WebAuthnChallengeNotFoundException', 'another challenge');
  assertAuthError(await api(page, (m) => m.getCurrentUser()), 'UserUnAuthenticatedException', 'not signed in');

  tamper = (cd) => {
    cd.origin = 'https://evil.example';
  };
  assertAuthError(await api(page, passkeySignIn, username), 'WebAuthnOriginNotAllowedException', 'another origin');
  assert.equal(seen, 2, 'both answers went through the rewrite');
  tamper = null;

  // A bogus signature from the authenticator itself.
  await device.send('WebAuthn.setResponseOverrideBits', { isBogusSignature: true });
  assertAuthError(await api(page, passkeySignIn, username), 'NotAuthorizedException', 'bogus signature');
  await device.send('WebAuthn.setResponseOverrideBits', { isBogusSignature: false });

  assert.equal(assertOk(await api(page, passkeySignIn, username), 'untampered passkey sign-in').nextStep.signInStep, 'DONE');
  await page.unroute((url) => url.origin === emulator);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a passkey deleted from the pool but still on the device: the assertion is refused with NotAuthorizedException', async () => {
  const { page } = await openWithAuthenticator();
  const username = await passkeyUser(page);
  assertOk(await api(page, (m) => m.signOut()), 'signOut');

  // A second client (memory storage) signs in with the passkey: it will delete it.
  const second = await api(page, async (m, u) => {
    const q = new URLSearchParams(location.search);
    const config = { Auth: { Cognito: { userPoolEndpoint: q.get('endpoint'), userPoolId: q.get('userPoolId'), userPoolClientId: q.get('userPoolClientId') } } };
    window.__other = new m.AuthClient(config, { storage: 'memory' });
    return window.__other.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });
  }, username);
  assert.equal(assertOk(second, 'second client passkey sign-in').nextStep.signInStep, 'DONE');

  // The default client starts a passkey sign-in; while its assertion is on the way, the
  // other client deletes the passkey.
  const emulator = new URL(env.emu.endpoint).origin;
  let deleted = null;
  await page.route(
    (url) => url.origin === emulator,
    async (route) => {
      const req = route.request();
      if (req.method() === 'POST' && /\.RespondToAuthChallenge$/.test(req.headers()['x-amz-target'] ?? '') && !deleted) {
        deleted = await api(page, async () => {
          const { credentials } = await window.__other.listWebAuthnCredentials();
          await window.__other.deleteWebAuthnCredential({ credentialId: credentials[0].credentialId });
          return (await window.__other.listWebAuthnCredentials()).credentials.length;
        });
      }
      return route.continue();
    },
  );
  assertAuthError(await api(page, passkeySignIn, username), 'NotAuthorizedException', 'stale passkey');
  assert.equal(assertOk(deleted, 'delete from the other client'), 0);
  await page.unroute((url) => url.origin === emulator);
  assertNoPageErrors(page);
  await page.context().close();
});

/** A pool with one seeded, confirmed password user; opens the demo on it and signs in (API). */
async function seededPool(config) {
  const username = uniqueName('seed');
  const pool = await env.pool({
    ...config,
    users: [{ username, password: PASSWORD, confirmed: true, attributes: { email: `${username}@example.com`, email_verified: 'true' } }],
  });
  const { page, device } = await openWithAuthenticator(pool);
  assert.equal(assertOk(await api(page, (m, [u, p]) => m.signIn({ username: u, password: p }), [username, PASSWORD]), 'signIn').nextStep.signInStep, 'DONE');
  return { page, device };
}

test('pool settings: WEB_AUTHN not allowed is WebAuthnNotEnabledException (no prompt); another relying party id is RelyingPartyMismatch', async () => {
  {
    const { page, device } = await seededPool({ name: 'e2e-no-passkeys', allowedFirstAuthFactors: ['PASSWORD'] });
    assertAuthError(await api(page, (m) => m.associateWebAuthnCredential()), 'WebAuthnNotEnabledException', 'register, passkeys off');
    assert.equal((await ceremonies(page)).create, 0, 'no browser prompt');
    assert.equal((await device.credentials()).length, 0);
    assertNoPageErrors(page);
    await page.context().close();
  }
  {
    // The page is on localhost, the pool's relying party is example.com: the browser refuses.
    const { page, device } = await seededPool({ name: 'e2e-other-rp', relyingPartyId: 'example.com' });
    assertAuthError(await api(page, (m) => m.associateWebAuthnCredential()), 'RelyingPartyMismatch', 'register, other RP id');
    assert.equal((await ceremonies(page)).create, 1, 'the browser ceremony ran and refused');
    assert.equal((await device.credentials()).length, 0);
    assertNoPageErrors(page);
    await page.context().close();
  }
});
