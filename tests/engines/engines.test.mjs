// Cross-engine end-to-end tier: the npm package (scripts/package.mjs, as published) in a plain
// page without a bundler, driven over standard WebDriver (selenium-webdriver against drivers
// we start: tests/harness/webdriver.mjs) in Chromium, Firefox ESR and WebKitGTK, against a
// private local Cognito. $ENGINES (space-separated) picks the engines, default all three.
//
// One browser session per engine for the whole file; each test starts from cleared storage
// on a freshly loaded page. Each step is one call of the package API in the page
// (executeAsyncScript), its result or error ({ name, message }) returned as JSON. Tokens,
// codes and passwords stay out of assertion messages and logs (tokens are compared by
// fingerprint).
//
//   node --test tests/engines/     (needs pkg/ built, local-cognito built, the engines: make setup)
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { By, until } from 'selenium-webdriver';
import { VirtualAuthenticatorOptions, Protocol, Transport } from 'selenium-webdriver/lib/virtual_authenticator.js';
import { createPool, injectStall, latestCode, startEmulator, stats } from '../harness/emulator.mjs';
import { totp, uniqueName } from '../harness/fixtures.mjs';
import { startStaticServer } from '../harness/static-server.mjs';
import { ENGINE_STARTERS, engines, inPage } from '../harness/webdriver.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const PASSWORD = 'Correct-Horse-9!';
const SCRIPT_TIMEOUT_MS = 30_000;
const PREFIX = 'CognitoIdentityServiceProvider';
/** Access and ID token validity of the refresh pool: expired for the client 3 s after issue (5 s tolerance). */
const SHORT_VALIDITY_S = 8;

/** A WebDriver virtual authenticator as a platform passkey provider (CTAP2, internal, UV). */
function authenticatorOptions() {
  const options = new VirtualAuthenticatorOptions();
  options.setProtocol(Protocol.CTAP2);
  options.setTransport(Transport.INTERNAL);
  options.setHasResidentKey(true);
  options.setHasUserVerification(true);
  options.setIsUserVerified(true);
  return options;
}

const fp = (token) => (typeof token === 'string' && token ? crypto.createHash('sha256').update(token).digest('hex').slice(0, 12) : null);
const claims = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

let tmp;
let web;
let emu;

before(async () => {
  if (!fs.existsSync(path.join(ROOT, 'pkg', 'cognito_wasm_bg.wasm'))) {
    throw new Error('pkg/ is missing: build it first (make build, or scripts/test.sh builds it)');
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cognito-wasm-engines-'));
  // The package as npm would install it, beside the fixture page.
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'package.mjs'), '--out', path.join(tmp, 'cognito-wasm')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  fs.copyFileSync(path.join(HERE, 'page', 'index.html'), path.join(tmp, 'index.html'));
  web = await startStaticServer({ root: tmp, port: 0 });
  emu = await startEmulator();
});

after(async () => {
  await web?.close().catch(() => {});
  await emu?.stop().catch(() => {});
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** A Cognito JSON action sent from node straight to the emulator: { status, type, body }. */
async function cognito(action, body) {
  const res = await fetch(emu.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const json = text ? JSON.parse(text) : {};
  return { status: res.status, type: json.__type, body: json };
}

async function requests(action) {
  return (await stats(emu.endpoint)).requests?.[action] ?? 0;
}

/** A pool (POST /_local/pools) with confirmed password users `names` (email verified). */
async function pool(config, names) {
  const users = Object.fromEntries(names.map((n) => [n, uniqueName(n)]));
  const out = await createPool(emu.endpoint, {
    ...config,
    users: Object.values(users).map((username) => ({
      username,
      password: PASSWORD,
      confirmed: true,
      attributes: { email: `${username}@example.com`, email_verified: 'true' },
    })),
  });
  return { endpoint: out.userPoolEndpoint || emu.endpoint, userPoolId: out.userPoolId, userPoolClientId: out.userPoolClientId, users };
}

for (const engine of engines()) {
  describe(engine, { concurrency: false }, () => {
    let session;
    let driver;
    let main;
    let mfa;
    let short;
    let hosted;
    let started;

    before(async () => {
      started = Date.now();
      session = await ENGINE_STARTERS[engine]();
      driver = session.driver;
      await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS, pageLoad: 60_000 });
      main = await pool({ name: `engines-${engine}` }, ['srp', 'otp', 'reload', 'global', 'pk', 'pk2']);
      mfa = await pool({ name: `engines-${engine}-mfa`, mfa: 'ON', mfaTypes: ['SOFTWARE_TOKEN_MFA'] }, ['totp']);
      short = await pool(
        { name: `engines-${engine}-short`, clients: [{ accessTokenValiditySeconds: SHORT_VALIDITY_S, idTokenValiditySeconds: SHORT_VALIDITY_S }] },
        ['refresh'],
      );
      const page = `${web.url}index.html`;
      hosted = {
        oauth: true,
        ...(await pool(
          {
            name: `engines-${engine}-hosted`,
            clients: [{
              name: 'hosted-ui', explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'], allowedOAuthFlows: ['code'],
              allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'], allowedOAuthFlowsUserPoolClient: true,
              callbackURLs: [page], logoutURLs: [page], supportedIdentityProviders: ['COGNITO'],
            }],
          },
          ['web'],
        )),
      };
    });

    after(async () => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      await session?.stop();
      console.log(`# engines: ${engine} (${session?.browserName ?? '?'} ${session?.version ?? '?'}): ${secs} s`);
    });

    const pageUrl = (p = main) =>
      `${web.url}index.html?${new URLSearchParams({ endpoint: p.endpoint, userPoolId: p.userPoolId, userPoolClientId: p.userPoolClientId, ...(p.oauth ? { oauth: '1' } : {}) })}`;

    /** fn(lib, arg) in the page: { ok: true, out } or { ok: false, error: { name, message } }. */
    const call = (fn, arg = null) => inPage(driver, 'lib', fn, arg);
    async function ok(what, fn, arg) {
      const r = await call(fn, arg);
      assert.equal(r.ok, true, `${what}: rejected with ${JSON.stringify(r.error)}`);
      return r.out;
    }
    async function fails(what, name, fn, arg) {
      const r = await call(fn, arg);
      assert.equal(r.ok, false, `${what}: expected ${name}, it resolved`);
      assert.equal(r.error.name, name, `${what}: ${JSON.stringify(r.error)}`);
      assert.ok(r.error.message.length > 5, `${what}: has a message`);
      return r.error;
    }
    /** Loads the page for pool `p` with empty storage (a fresh page: nothing in memory). */
    async function fresh(p = main) {
      await driver.get(pageUrl(p));
      await driver.executeScript('localStorage.clear(); sessionStorage.clear();');
      await driver.get(pageUrl(p));
    }
    const stored = (p, suffix) =>
      driver.executeScript(
        (prefix, suffix) => {
          const user = localStorage.getItem(`${prefix}.LastAuthUser`);
          return user ? localStorage.getItem(`${prefix}.${user}.${suffix}`) : null;
        },
        `${PREFIX}.${p.userPoolClientId}`,
        suffix,
      );
    const signInSrp = (m, [username, password]) => m.signIn({ username, password });
    const accessToken = async (m, force) => (await m.fetchAuthSession(force ? { forceRefresh: true } : undefined)).tokens?.accessToken?.toString() ?? null;

    test('the package loads without a bundler; signed out, calls answer', async (t) => {
      await fresh();
      const env = await ok('environment', async (m) => {
        await m.preload();
        const s = await m.fetchAuthSession();
        return {
          idle: typeof requestIdleCallback,
          webauthn: typeof PublicKeyCredential,
          passkeys: await m.isPasskeySupported(),
          autofill: await m.isPasskeyAutofillSupported(),
          engineAutofill: typeof PublicKeyCredential === 'function' && typeof PublicKeyCredential.isConditionalMediationAvailable === 'function'
            && (await PublicKeyCredential.isConditionalMediationAvailable()),
          signedOut: s.tokens === undefined,
          secure: window.isSecureContext,
        };
      });
      assert.equal(env.signedOut, true);
      assert.equal(env.secure, true, 'http://localhost is a secure context');
      // The library's answers are the engine's own (WebKitGTK 2.50: no WebAuthn at all).
      assert.equal(env.passkeys, env.webauthn === 'function', 'isPasskeySupported() is whether WebAuthn is there');
      assert.equal(env.autofill, env.engineAutofill, "isPasskeyAutofillSupported() is the engine's conditional mediation");
      t.diagnostic(`${engine} ${session.version}: requestIdleCallback ${env.idle}, PublicKeyCredential ${env.webauthn}, isPasskeySupported ${env.passkeys}, isPasskeyAutofillSupported ${env.autofill}`);
      await fails('getCurrentUser signed out', 'UserUnAuthenticatedException', (m) => m.getCurrentUser());
    });

    test('passwordless sign-up, code from the inbox, COMPLETE_AUTO_SIGN_IN, autoSignIn, getCurrentUser', async () => {
      await fresh();
      const username = uniqueName('up');
      const up = await ok('signUp', (m, u) => m.signUp({ username: u, options: { userAttributes: { email: `${u}@example.com` }, autoSignIn: { authFlowType: 'USER_AUTH' } } }), username);
      assert.equal(up.isSignUpComplete, false);
      assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
      assert.equal(up.nextStep.codeDeliveryDetails?.deliveryMedium, 'EMAIL');
      const code = await latestCode(emu.endpoint, username, 'SIGN_UP');
      const confirmed = await ok('confirmSignUp', (m, [u, c]) => m.confirmSignUp({ username: u, confirmationCode: c }), [username, code]);
      assert.equal(confirmed.nextStep.signUpStep, 'COMPLETE_AUTO_SIGN_IN');
      const signedIn = await ok('autoSignIn', (m) => m.autoSignIn());
      assert.equal(signedIn.isSignedIn, true);
      assert.equal(signedIn.nextStep.signInStep, 'DONE');
      const user = await ok('getCurrentUser', (m) => m.getCurrentUser());
      assert.equal(user.username, username);
      assert.ok(user.userId, 'a userId (sub)');
    });

    test('SRP sign-in: a wrong password is NotAuthorizedException, the right one DONE', async () => {
      await fresh();
      const username = main.users.srp;
      await fails('wrong password', 'NotAuthorizedException', signInSrp, [username, `${PASSWORD}x`]);
      const out = await ok('signIn', signInSrp, [username, PASSWORD]);
      assert.equal(out.isSignedIn, true);
      assert.equal(out.nextStep.signInStep, 'DONE');
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
    });

    test('TOTP MFA: set-up (otpauth URI, a code) then a later sign-in asking for a TOTP code', async () => {
      await fresh(mfa);
      const username = mfa.users.totp;
      const setup = await ok('signIn (MFA required)', async (m, a) => {
        const out = await m.signIn({ username: a[0], password: a[1] });
        const d = out.nextStep.totpSetupDetails;
        return { step: out.nextStep.signInStep, secret: d?.sharedSecret ?? null, uri: d ? d.getSetupUri('App') : null };
      }, [username, PASSWORD]);
      assert.equal(setup.step, 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP');
      assert.ok(/^[A-Z2-7]{16,}=*$/.test(setup.secret ?? ''), 'sharedSecret is base32');
      assert.ok(setup.uri === `otpauth://totp/App:${username}?secret=${setup.secret}&issuer=App`, 'getSetupUri gives the otpauth URI of the secret');
      const done = await ok('confirmSignIn (set-up code)', (m, c) => m.confirmSignIn({ challengeResponse: c }), totp(setup.secret));
      assert.equal(done.nextStep.signInStep, 'DONE');
      await ok('signOut', (m) => m.signOut());

      const again = await ok('signIn', signInSrp, [username, PASSWORD]);
      assert.equal(again.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_TOTP_CODE');
      // The next 30-second window's code (accepted: ±1 step), never the one used above.
      const signedIn = await ok('confirmSignIn (TOTP code)', (m, c) => m.confirmSignIn({ challengeResponse: c }), totp(setup.secret, Date.now() + 30_000));
      assert.equal(signedIn.nextStep.signInStep, 'DONE');
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
    });

    test('USER_AUTH with EMAIL_OTP: CONFIRM_SIGN_IN_WITH_EMAIL_CODE, the inbox code, DONE', async () => {
      await fresh();
      const username = main.users.otp;
      const out = await ok('signIn', (m, u) => m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'EMAIL_OTP' } }), username);
      assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE');
      assert.equal(out.nextStep.codeDeliveryDetails?.deliveryMedium, 'EMAIL');
      const code = await latestCode(emu.endpoint, username);
      const done = await ok('confirmSignIn', (m, c) => m.confirmSignIn({ challengeResponse: c }), code);
      assert.equal(done.nextStep.signInStep, 'DONE');
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
    });

    test('token refresh: forceRefresh gives new tokens (one GetTokensFromRefreshToken); an expired access token is refreshed by fetchAuthSession()', async () => {
      await fresh(short);
      const username = short.users.refresh;
      await ok('signIn', signInSrp, [username, PASSWORD]);
      const t1 = await ok('fetchAuthSession', accessToken);
      assert.equal(claims(t1).exp - claims(t1).iat, SHORT_VALIDITY_S, `the pool issues ${SHORT_VALIDITY_S}-second tokens`);

      const [r0, i0] = [await requests('GetTokensFromRefreshToken'), await requests('InitiateAuth')];
      const t2 = await ok('fetchAuthSession({ forceRefresh: true })', accessToken, true);
      assert.notEqual(fp(t2), fp(t1), 'a new access token');
      assert.equal(claims(t2).origin_jti, claims(t1).origin_jti, 'of the same sign-in');
      assert.equal(await requests('GetTokensFromRefreshToken'), r0 + 1, 'one GetTokensFromRefreshToken');
      assert.equal(await requests('InitiateAuth'), i0, 'no InitiateAuth');
      assert.equal(fp(await stored(short, 'accessToken')), fp(t2), 'stored');
      // Still valid: a plain call sends nothing.
      assert.equal(fp(await ok('fetchAuthSession', accessToken)), fp(t2));
      assert.equal(await requests('GetTokensFromRefreshToken'), r0 + 1, 'no refresh while valid');

      // The client judges expiry by its own clock plus the stored drift (iat - local time when
      // stored) and 5 s of tolerance, so moving the emulator's clock does not expire tokens
      // for it: wait (polling, no fixed sleep) until the stored token counts as expired.
      const deadline = Date.now() + 30_000;
      for (;;) {
        const expired = await driver.executeScript((prefix) => {
          const user = localStorage.getItem(`${prefix}.LastAuthUser`);
          const token = user && localStorage.getItem(`${prefix}.${user}.accessToken`);
          if (!token) return null;
          const drift = Number(localStorage.getItem(`${prefix}.${user}.clockDrift`) ?? 0);
          const { exp } = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
          return Date.now() + drift + 5000 > exp * 1000;
        }, `${PREFIX}.${short.userPoolClientId}`);
        assert.notEqual(expired, null, 'the tokens are stored');
        if (expired) break;
        assert.ok(Date.now() < deadline, 'the stored token never counted as expired');
        await new Promise((r) => setTimeout(r, 200));
      }
      const t3 = await ok('fetchAuthSession after expiry', accessToken);
      assert.notEqual(fp(t3), fp(t2), 'a new access token');
      assert.ok(claims(t3).iat >= claims(t2).iat);
      assert.equal(await requests('GetTokensFromRefreshToken'), r0 + 2, 'one more GetTokensFromRefreshToken');
      const user = await ok('fetchUserAttributes with the refreshed token', (m) => m.fetchUserAttributes());
      assert.equal(user.email, `${username}@example.com`);
    });

    test('a reload keeps the session (localStorage): getCurrentUser and fetchAuthSession', async () => {
      await fresh();
      const username = main.users.reload;
      await ok('signIn', signInSrp, [username, PASSWORD]);
      const before = await ok('fetchAuthSession', accessToken);
      const refreshes = await requests('GetTokensFromRefreshToken');
      await driver.get(pageUrl());
      assert.equal(await driver.executeScript('return window.lib === undefined || document.documentElement.dataset.ready === "true"'), true);
      assert.equal((await ok('getCurrentUser after reload', (m) => m.getCurrentUser())).username, username);
      assert.equal(fp(await ok('fetchAuthSession after reload', accessToken)), fp(before), 'the same tokens');
      assert.equal(await requests('GetTokensFromRefreshToken'), refreshes, 'no refresh');
    });

    test('global sign-out: the old refresh token is revoked, getCurrentUser rejects', async () => {
      await fresh();
      const username = main.users.global;
      await ok('signIn', signInSrp, [username, PASSWORD]);
      const refreshToken = await stored(main, 'refreshToken');
      assert.ok(refreshToken, 'a stored refresh token');
      const refresh = () => cognito('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: main.userPoolClientId, AuthParameters: { REFRESH_TOKEN: refreshToken } });
      const control = await refresh();
      assert.equal(control.status, 200, `the refresh token works before sign-out (${control.type})`);
      await ok('signOut({ global: true })', (m) => m.signOut({ global: true }));
      const revoked = await refresh();
      assert.equal(revoked.status, 400);
      assert.equal(revoked.type, 'NotAuthorizedException');
      await fails('getCurrentUser after sign-out', 'UserUnAuthenticatedException', (m) => m.getCurrentUser());
      assert.equal(await stored(main, 'refreshToken'), null, 'nothing left in localStorage');
    });

    test("hosted UI: signInWithRedirect, the login page, back signed in with a clean address bar; signOut through the hosted UI's /logout", async () => {
      await fresh(hosted);
      const username = hosted.users.web;
      const page = `${web.url}index.html`;
      // A new document has loaded once the marker set on this one is gone.
      const mark = () => driver.executeScript(() => { window.enginesMark = true; });
      // Starts a call that navigates away, after the script has returned (WebKitWebDriver
      // fails a script whose page unloads before its answer: NoSuchFrameError).
      const leave = (fn) => driver.executeScript((src) => { setTimeout((0, eval)(`(${src})`), 10); }, fn.toString());
      const newDocumentAt = (url) => driver.wait(async () =>
        (await driver.getCurrentUrl()) === url && (await driver.executeScript(() => !window.enginesMark && document.readyState === 'complete')), 20_000);
      await leave(() => window.lib.signInWithRedirect());
      await driver.wait(until.elementLocated(By.id('password')), 20_000);
      assert.equal(new URL(await driver.getCurrentUrl()).host, new URL(emu.endpoint).host, 'the hosted UI is the local Cognito');
      await driver.findElement(By.id('username')).sendKeys(username);
      await driver.findElement(By.id('password')).sendKeys(PASSWORD);
      await driver.findElement(By.css('button[type=submit]')).click();
      await driver.wait(until.urlContains(web.url), 20_000);
      // The page the hosted UI came back to completes the sign-in; calls wait for it.
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
      assert.equal(await driver.getCurrentUrl(), page, 'code and state are gone from the address bar');
      assert.ok(await stored(hosted, 'accessToken'), 'tokens stored');
      const inflight = await driver.executeScript(() => Object.keys(localStorage).filter((k) => /\.(inflightOAuth|oauthPKCE|oauthState)$/.test(k)).length);
      assert.equal(inflight, 0, 'no in-flight state left');
      // Sign-out clears the session, ends the hosted UI's at /logout and comes back.
      await mark();
      await leave(() => window.lib.signOut());
      await newDocumentAt(page);
      await fails('getCurrentUser after signOut', 'UserUnAuthenticatedException', (m) => m.getCurrentUser());
      // The hosted UI's session is over too: authorize shows the login page again.
      await leave(() => window.lib.signInWithRedirect());
      await driver.wait(until.elementLocated(By.id('password')), 20_000);
    });

    test('a request past requestTimeout is a TimeoutError (server stalls before answering, and while sending the body)', async () => {
      await fresh();
      const cfg = { userPoolId: main.userPoolId, userPoolClientId: main.userPoolClientId, userPoolEndpoint: main.endpoint };
      const confirm = (m, [config, timeout]) => {
        const c = new m.AuthClient({ Auth: { Cognito: config } }, { storage: 'memory', requestTimeout: timeout });
        return c.confirmSignUp({ username: 'nobody', confirmationCode: '123456' });
      };
      // The emulator holds the request before handling it (no headers yet) …
      await injectStall(emu.endpoint, { action: 'ConfirmSignUp', stallMs: 2000 });
      const e1 = await fails('stalled before the headers', 'TimeoutError', confirm, [cfg, 500]);
      assert.match(e1.message, /500 ms/);
      // … or sends status, headers and one byte of the body, the rest later.
      await injectStall(emu.endpoint, { action: 'ConfirmSignUp', stallMs: 2000, during: 'body' });
      const e2 = await fails('stalled in the body', 'TimeoutError', confirm, [cfg, 500]);
      assert.match(e2.message, /500 ms/);
    });

    test('passkeys: register while signed in, sign out, USER_AUTH WEB_AUTHN sign-in, listed (where the driver offers a virtual authenticator)', async (t) => {
      await fresh();
      const username = main.users.pk;
      await ok('signIn', signInSrp, [username, PASSWORD]);
      if (!session.virtualAuthenticator) {
        // WebKitGTK: no PublicKeyCredential, no navigator.credentials, and WebKitWebDriver
        // has no virtual authenticator commands; the library answers with its typed error.
        t.diagnostic(`${engine} ${session.version} has no WebAuthn (no PublicKeyCredential); its driver offers no virtual authenticator: passkey calls must fail with PasskeyNotSupported`);
        assert.equal(await ok('isPasskeySupported', (m) => m.isPasskeySupported()), false);
        await fails('associateWebAuthnCredential', 'PasskeyNotSupported', (m) => m.associateWebAuthnCredential());
        await ok('signOut', (m) => m.signOut());
        // Cognito issues a WEB_AUTHN challenge only to a user with a passkey, and none can be
        // registered here: the preference falls back to the first-factor selection, without
        // WEB_AUTHN (as in every engine and in Amplify), and choosing it is refused locally.
        const out = await ok('USER_AUTH WEB_AUTHN sign-in', (m, u) => m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), username);
        assert.equal(out.nextStep.signInStep, 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION');
        assert.equal(out.nextStep.availableChallenges.includes('WEB_AUTHN'), false, 'no passkey, no WEB_AUTHN');
        await fails('choosing WEB_AUTHN', 'IncorrectFirstFactor', (m) => m.confirmSignIn({ challengeResponse: 'WEB_AUTHN' }));
        await fails('getCurrentUser', 'UserUnAuthenticatedException', (m) => m.getCurrentUser());

        // With a passkey registered in Chromium (whose driver has a virtual authenticator),
        // Cognito does issue the WEB_AUTHN challenge here: the ceremony cannot run, and the
        // call says so with the typed error before it sends an answer.
        const own = driver;
        const chromium = await ENGINE_STARTERS.chromium();
        try {
          driver = chromium.driver;
          await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS, pageLoad: 60_000 });
          await fresh();
          await ok('signIn (Chromium)', signInSrp, [username, PASSWORD]);
          await driver.addVirtualAuthenticator(authenticatorOptions());
          await ok('associateWebAuthnCredential (Chromium)', (m) => m.associateWebAuthnCredential());
        } finally {
          driver = own;
          await chromium.stop();
        }
        await fresh();
        const answers = await requests('RespondToAuthChallenge');
        await fails('USER_AUTH WEB_AUTHN sign-in with a passkey from Chromium', 'PasskeyNotSupported', (m, u) =>
          m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), username);
        assert.equal(await requests('RespondToAuthChallenge'), answers, 'no challenge answer was sent');
        // Nothing half-done stays behind: a password sign-in works.
        assert.equal((await ok('signIn', signInSrp, [username, PASSWORD])).nextStep.signInStep, 'DONE');
        return;
      }
      await driver.addVirtualAuthenticator(authenticatorOptions());
      t.after(() => driver.removeVirtualAuthenticator().catch(() => {}));
      assert.equal(await ok('isPasskeySupported', (m) => m.isPasskeySupported()), true);
      await ok('associateWebAuthnCredential', (m) => m.associateWebAuthnCredential());
      assert.equal((await driver.getCredentials()).length, 1, 'the authenticator holds one credential');
      await ok('signOut', (m) => m.signOut());
      const out = await ok('USER_AUTH WEB_AUTHN sign-in', (m, u) => m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), username);
      assert.equal(out.nextStep.signInStep, 'DONE');
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
      const list = await ok('listWebAuthnCredentials', (m) => m.listWebAuthnCredentials());
      assert.equal(list.credentials.length, 1, 'one passkey listed');
      assert.equal(list.credentials[0].relyingPartyId, 'localhost');

      // Autofill (conditional mediation). Chromium's virtual authenticator answers a
      // conditional request by itself; Firefox 153 waits for the user's pick in the autofill
      // list, which a headless page never shows: there the ceremony is aborted on demand.
      await ok('signOut', (m) => m.signOut());
      if (engine === 'chromium') {
        const auto = await ok('signInWithPasskeyAutofill', (m, u) => m.signInWithPasskeyAutofill({ username: u }), username);
        assert.equal(auto.nextStep.signInStep, 'DONE');
        assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
      } else {
        await fails('signInWithPasskeyAutofill, then abortPasskeyCeremony()', 'PasskeyCeremonyAborted', async (m, u) => {
          const pending = m.signInWithPasskeyAutofill({ username: u });
          let settled = false;
          pending.then(() => (settled = true), () => (settled = true));
          await new Promise((r) => setTimeout(r, 1500));
          if (settled) throw new Error('the conditional request settled by itself');
          m.abortPasskeyCeremony();
          return pending;
        }, username);
        await fails('getCurrentUser', 'UserUnAuthenticatedException', (m) => m.getCurrentUser());
        // Nothing half-done stays behind: a passkey sign-in works right after.
        const again = await ok('USER_AUTH WEB_AUTHN sign-in', (m, u) => m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), username);
        assert.equal(again.nextStep.signInStep, 'DONE');
      }
    });

    test("passkeys through the glue's own JSON conversion (an engine without parseCreationOptionsFromJSON / parseRequestOptionsFromJSON)", async (t) => {
      if (!session.virtualAuthenticator) {
        t.skip(`${engine} has no WebAuthn`);
        return;
      }
      await driver.addVirtualAuthenticator(authenticatorOptions());
      t.after(() => driver.removeVirtualAuthenticator().catch(() => {}));
      const username = main.users.pk2;
      // Engines before WebAuthn Level 3's JSON helpers (Safari before 18, Firefox before 119)
      // take the glue's base64url conversion: the same ceremonies, with the helpers removed.
      const withoutHelpers = async () => {
        await fresh();
        await driver.executeScript(() => {
          delete PublicKeyCredential.parseCreationOptionsFromJSON;
          delete PublicKeyCredential.parseRequestOptionsFromJSON;
        });
        assert.equal(await driver.executeScript(() => typeof PublicKeyCredential.parseRequestOptionsFromJSON), 'undefined');
      };
      await withoutHelpers();
      await ok('signIn', signInSrp, [username, PASSWORD]);
      await ok('associateWebAuthnCredential', (m) => m.associateWebAuthnCredential());
      assert.equal((await driver.getCredentials()).length, 1, 'the authenticator holds one credential');
      await withoutHelpers();
      const out = await ok('USER_AUTH WEB_AUTHN sign-in', (m, u) => m.signIn({ username: u, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }), username);
      assert.equal(out.nextStep.signInStep, 'DONE');
      assert.equal((await ok('getCurrentUser', (m) => m.getCurrentUser())).username, username);
    });
  });
}
