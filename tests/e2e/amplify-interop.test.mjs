// End-to-end interop between the real aws-amplify v6 package and cognito-wasm, in ONE headless
// Chromium page per test that loads both libraries against the same local-cognito pool, on
// the same origin (http://localhost:<port>, so they share localStorage and WebAuthn's
// relying party id `localhost`).
//
// The page is tests/e2e/amplify/index.html + page.mjs, served by bench/server.mjs: Amplify's
// unbundled ESM straight from node_modules (import specifiers rewritten to file URLs, no
// bundler, offline) and cognito-wasm's release build from pkg/ (scripts/test.sh builds it;
// by hand `TIERS=wasm-pkg scripts/test.sh`). Tests call both libraries with page.evaluate
// through window.interop.run(fn, arg), fn(lib, arg) with lib = { amplify (aws-amplify/auth),
// cw (cognito-wasm), Amplify, config, jwt (WebCrypto JWT helpers) }.
//
// What "interop" means here: a session started by one library is the other's session
// (tokens under Amplify v6's localStorage keys), a sign-out by either ends it for both,
// a refresh by either is picked up by the other, the tokens verify against the pool's
// JWKS, and passkeys registered by one sign in with the other.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startBenchServer } from '../../bench/server.mjs';
import { advanceClock, createPool, latestCode, startEmulator, stats } from '../harness/emulator.mjs';
import { CHROMIUM, PASSWORD, ROOT, assertNoPageErrors, attachAuthenticator, newPage, uniqueName } from './support.mjs';

const TEST_TIMEOUT_MS = 60_000;
const PREFIX = 'CognitoIdentityServiceProvider.';
/** The per-user keys a signed-in session occupies (plus `{clientId}.LastAuthUser`). */
const SESSION_KEYS = ['accessToken', 'clockDrift', 'idToken', 'refreshToken', 'signInDetails'];
/** Both libraries treat tokens as expired this long before `exp` (Amplify's isTokenExpired). */
const EXPIRY_TOLERANCE_MS = 5_000;

let emu;
let web;
let browser;
let pageBase;
let defaultPool;

before(async () => {
  if (!existsSync(path.join(ROOT, 'pkg', 'cognito_wasm.js'))) {
    throw new Error('pkg/cognito_wasm.js is missing: build it with `TIERS=wasm-pkg scripts/test.sh` (or run TIERS=e2e scripts/test.sh)');
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (make setup installs it)`);
  emu = await startEmulator();
  defaultPool = { userPoolEndpoint: emu.endpoint, userPoolId: emu.userPoolId, userPoolClientId: emu.userPoolClientId };
  web = await startBenchServer({ root: ROOT });
  // The server listens on 127.0.0.1; the page is opened as localhost (the passkey RP id).
  pageBase = `http://localhost:${new URL(web.url).port}/tests/e2e/amplify/index.html`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await web?.close().catch(() => {});
  await emu?.stop().catch(() => {});
});

// ------------------------------------------------------------------------------- helpers

/** A fresh context (own storage) with the interop page loaded for `pool`, both libraries configured. */
async function open(pool = defaultPool) {
  const page = await newPage(browser);
  const q = new URLSearchParams({ endpoint: pool.userPoolEndpoint, userPoolId: pool.userPoolId, userPoolClientId: pool.userPoolClientId });
  await page.goto(`${pageBase}?${q}`);
  try {
    await page.evaluate(() => window.interop.ready);
  } catch (e) {
    throw new Error(`the interop page did not get ready: ${e.message}\n${page.problems.join('\n')}`);
  }
  assert.match(page.url(), /^http:\/\/localhost:\d+\//);
  return page;
}

/** fn(lib, arg) in the page → { ok, out } | { ok: false, error: { name, message, className, isError } }. */
function run(page, fn, arg) {
  return page.evaluate(([src, a]) => window.interop.run(src, a), [fn.toString(), arg]);
}

function ok(r, what) {
  assert.equal(r.ok, true, `${what}: ${JSON.stringify(r.error)}`);
  return r.out;
}

/** Asserts a rejection named `name` (an Error); returns the error. */
function rejects(r, name, what) {
  assert.equal(r.ok, false, `${what}: expected ${name}, it resolved ${JSON.stringify(r.out)}`);
  assert.equal(r.error.name, name, `${what}: ${JSON.stringify(r.error)}`);
  assert.equal(r.error.isError, true, `${what}: an Error`);
  return r.error;
}

/** Calls `lib[method](input)` where lib is 'amplify' or 'cw'. */
function call(page, lib, method, input) {
  return run(page, (L, [l, m, i]) => (i === null ? L[l][m]() : L[l][m](i)), [lib, method, input ?? null]);
}

const NAMES = { amplify: 'Amplify', cw: 'cognito-wasm' };

/** Both libraries' views of the session, read in one evaluate. */
async function views(page) {
  return ok(
    await run(page, async (L) => {
      const out = {};
      for (const lib of ['amplify', 'cw']) {
        const user = await L[lib].getCurrentUser().then(
          (u) => ({ username: u.username, userId: u.userId, signInDetails: u.signInDetails ?? null }),
          (e) => ({ error: e.name }),
        );
        const s = await L[lib].fetchAuthSession();
        out[lib] = {
          user,
          access: s.tokens?.accessToken?.toString() ?? null,
          id: s.tokens?.idToken?.toString() ?? null,
          accessPayload: s.tokens?.accessToken?.payload ?? null,
          idPayload: s.tokens?.idToken?.payload ?? null,
          userSub: s.userSub ?? null,
        };
      }
      return out;
    }),
    'views',
  );
}

/** Both libraries see the same signed-in user and the same tokens; returns the shared view. */
function assertSameSession(v, username) {
  for (const lib of ['amplify', 'cw']) {
    assert.equal(v[lib].user.username, username, `${NAMES[lib]} getCurrentUser: ${JSON.stringify(v[lib].user)}`);
    assert.match(v[lib].access ?? '', /^[\w-]+\.[\w-]+\.[\w-]+$/, `${NAMES[lib]} has an access token`);
  }
  assert.deepEqual(v.cw.user, v.amplify.user, 'getCurrentUser(): same username, userId, signInDetails');
  assert.equal(v.cw.access, v.amplify.access, 'fetchAuthSession(): the same access token string');
  assert.equal(v.cw.id, v.amplify.id, 'fetchAuthSession(): the same ID token string');
  assert.deepEqual(v.cw.accessPayload, v.amplify.accessPayload, 'the same decoded access token payload');
  assert.deepEqual(v.cw.idPayload, v.amplify.idPayload, 'the same decoded ID token payload');
  assert.equal(v.cw.userSub, v.amplify.userSub, 'userSub');
  assert.equal(v.cw.user.userId, v.cw.accessPayload.sub, 'userId is the sub');
  return v.amplify;
}

/** The CognitoIdentityServiceProvider.* localStorage entries. */
function cognitoStorage(page) {
  return page.evaluate((p) => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(p)).map((k) => [k, localStorage.getItem(k)])), PREFIX);
}

/** Asserts the Amplify v6 key layout for `username` on `clientId` (no other session keys). */
function assertKeyLayout(entries, clientId, username, what) {
  const expected = [`${PREFIX}${clientId}.LastAuthUser`, ...SESSION_KEYS.map((k) => `${PREFIX}${clientId}.${username}.${k}`)].sort();
  assert.deepEqual(Object.keys(entries).sort(), expected, `${what}: localStorage keys`);
  assert.equal(entries[`${PREFIX}${clientId}.LastAuthUser`], username, `${what}: LastAuthUser`);
  assert.match(entries[`${PREFIX}${clientId}.${username}.clockDrift`], /^-?\d+$/, `${what}: clockDrift is an integer (ms)`);
  return (k) => entries[`${PREFIX}${clientId}.${username}.${k}`];
}

/** Signs a new user up with `lib` (password + email), confirms with the inbox code. */
async function signUpWith(page, lib, username, pool = defaultPool) {
  const up = ok(
    await run(page, (L, [l, u, p]) => L[l].signUp({ username: u, password: p, options: { userAttributes: { email: `${u}@example.com` } } }), [lib, username, PASSWORD]),
    `${NAMES[lib]} signUp`,
  );
  assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP', `${NAMES[lib]} signUp: ${JSON.stringify(up)}`);
  const code = await latestCode(pool.userPoolEndpoint, username, 'SIGN_UP');
  const done = ok(await call(page, lib, 'confirmSignUp', { username, confirmationCode: code }), `${NAMES[lib]} confirmSignUp`);
  assert.equal(done.isSignUpComplete, true, `${NAMES[lib]} confirmSignUp: ${JSON.stringify(done)}`);
  assert.equal(done.nextStep.signUpStep, 'DONE');
}

/** SRP sign-in (the default flow) with `lib`; asserts DONE. */
async function signInWith(page, lib, username, password = PASSWORD) {
  const out = ok(await call(page, lib, 'signIn', { username, password }), `${NAMES[lib]} signIn`);
  assert.equal(out.isSignedIn, true, `${NAMES[lib]} signIn: ${JSON.stringify(out)}`);
  assert.equal(out.nextStep.signInStep, 'DONE');
  return out;
}

/** A Cognito JSON API call from Node (not through either library): { status, body }. */
async function cognito(endpoint, action, body) {
  const res = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

/** The emulator's answer to GetUser with `accessToken`: accepted (attributes) or the error. */
async function getUser(endpoint, accessToken) {
  const r = await cognito(endpoint, 'GetUser', { AccessToken: accessToken });
  return r.status === 200 ? { ok: true, username: r.body.Username } : { ok: false, type: r.body.__type, message: r.body.message };
}

async function requestCount(action) {
  return (await stats(emu.endpoint)).requests?.[action] ?? 0;
}

const decode = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

/** A pool with one confirmed user; returns { pool, username }. */
async function poolWithUser(config = {}) {
  const username = uniqueName('seed');
  const out = await createPool(emu.endpoint, {
    ...config,
    users: [{ username, password: PASSWORD, confirmed: true, attributes: { email: `${username}@example.com`, email_verified: 'true' } }],
  });
  return { pool: { userPoolEndpoint: out.userPoolEndpoint || emu.endpoint, userPoolId: out.userPoolId, userPoolClientId: out.userPoolClientId }, username };
}

/**
 * Waits (no fixed sleep) until the stored tokens count as expired for both libraries:
 * Date.now() + clockDrift + 5 s > exp, as Amplify's isTokenExpired and cognito-wasm's
 * session::is_expired compute it.
 */
async function waitUntilStoredTokensExpire(page, clientId, timeoutMs) {
  await page.waitForFunction(
    ([prefix, tolerance]) => {
      const user = localStorage.getItem(`${prefix}.LastAuthUser`);
      const token = user && localStorage.getItem(`${prefix}.${user}.accessToken`);
      if (!token) return false;
      const drift = Number(localStorage.getItem(`${prefix}.${user}.clockDrift`) ?? 0);
      const { exp } = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
      return Date.now() + drift + tolerance > exp * 1000;
    },
    [`${PREFIX}${clientId}`, EXPIRY_TOLERANCE_MS],
    { timeout: timeoutMs, polling: 100 },
  );
}

// --------------------------------------------------------------------------------- tests

test('tokens written by Amplify (signUp, confirmSignUp, SRP signIn) are cognito-wasm\'s session; cognito-wasm signOut signs Amplify out', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await open();
  const username = uniqueName('amp');
  const clientId = defaultPool.userPoolClientId;
  await signUpWith(page, 'amplify', username);
  const amplifySignIn = await signInWith(page, 'amplify', username);
  assert.equal(amplifySignIn.nextStep.signInStep, 'DONE');

  // Amplify's key layout; cognito-wasm reads it as its own.
  const stored = assertKeyLayout(await cognitoStorage(page), clientId, username, 'after Amplify signIn');
  assert.deepEqual(JSON.parse(stored('signInDetails')), { loginId: username, authFlowType: 'USER_SRP_AUTH' });
  const v = await views(page);
  const shared = assertSameSession(v, username);
  assert.equal(shared.access, stored('accessToken'), 'the token in localStorage');
  assert.deepEqual(v.cw.user.signInDetails, { loginId: username, authFlowType: 'USER_SRP_AUTH' }, 'cognito-wasm reads Amplify\'s signInDetails');

  // fetchUserAttributes from both: the emulator accepts the token either library sends.
  const attrs = ok(
    await run(page, async (L) => ({ amplify: await L.amplify.fetchUserAttributes(), cw: await L.cw.fetchUserAttributes() })),
    'fetchUserAttributes',
  );
  assert.equal(attrs.cw.email, `${username}@example.com`);
  assert.equal(attrs.cw.sub, v.cw.user.userId);
  assert.deepEqual(attrs.cw, attrs.amplify, 'the same attributes from both libraries');

  // cognito-wasm signs out: the shared session is gone for Amplify too, and revoked.
  const revokesBefore = await requestCount('RevokeToken');
  ok(await call(page, 'cw', 'signOut'), 'cognito-wasm signOut');
  assert.equal(await requestCount('RevokeToken'), revokesBefore + 1, 'cognito-wasm signOut sent RevokeToken');
  assert.deepEqual(await cognitoStorage(page), {}, 'no session keys left in localStorage');
  rejects(await call(page, 'amplify', 'getCurrentUser'), 'UserUnAuthenticatedException', 'Amplify getCurrentUser after cognito-wasm signOut');
  const amplifySession = ok(await run(page, async (L) => ({ tokens: (await L.amplify.fetchAuthSession()).tokens ?? null })), 'Amplify fetchAuthSession');
  assert.equal(amplifySession.tokens, null, 'Amplify fetchAuthSession has no tokens');
  rejects(await call(page, 'amplify', 'fetchUserAttributes'), 'UserUnAuthenticatedException', 'Amplify fetchUserAttributes after cognito-wasm signOut');
  const revoked = await getUser(emu.endpoint, shared.access);
  assert.deepEqual([revoked.ok, revoked.type], [false, 'NotAuthorizedException'], `the old access token is revoked: ${JSON.stringify(revoked)}`);

  // Nothing stale on either side: Amplify signs in again, cognito-wasm sees it.
  await signInWith(page, 'amplify', username);
  assertSameSession(await views(page), username);
  assertNoPageErrors(page);
  await page.context().close();
});

test('tokens written by cognito-wasm (signUp, confirmSignUp, SRP signIn) are Amplify\'s session; Amplify signOut signs cognito-wasm out', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await open();
  const username = uniqueName('cw');
  const clientId = defaultPool.userPoolClientId;
  await signUpWith(page, 'cw', username);
  await signInWith(page, 'cw', username);

  const stored = assertKeyLayout(await cognitoStorage(page), clientId, username, 'after cognito-wasm signIn');
  assert.deepEqual(JSON.parse(stored('signInDetails')), { loginId: username, authFlowType: 'USER_SRP_AUTH' }, 'signInDetails as Amplify writes it');
  const v = await views(page);
  const shared = assertSameSession(v, username);
  assert.equal(shared.access, stored('accessToken'));
  assert.deepEqual(v.amplify.user.signInDetails, { loginId: username, authFlowType: 'USER_SRP_AUTH' }, 'Amplify reads cognito-wasm\'s signInDetails');
  const attrs = ok(await call(page, 'amplify', 'fetchUserAttributes'), 'Amplify fetchUserAttributes');
  assert.equal(attrs.email, `${username}@example.com`);
  assert.equal(attrs.sub, v.amplify.user.userId);

  // Amplify refuses a second sign-in: it sees cognito-wasm's session as signed in.
  rejects(await call(page, 'amplify', 'signIn', { username, password: PASSWORD }), 'UserAlreadyAuthenticatedException', 'Amplify signIn while cognito-wasm is signed in');

  // Amplify signs out: cognito-wasm is signed out, the token family is revoked.
  const revokesBefore = await requestCount('RevokeToken');
  ok(await call(page, 'amplify', 'signOut'), 'Amplify signOut');
  assert.equal(await requestCount('RevokeToken'), revokesBefore + 1, 'Amplify signOut sent RevokeToken');
  assert.deepEqual(await cognitoStorage(page), {}, 'no session keys left in localStorage');
  const e = rejects(await call(page, 'cw', 'getCurrentUser'), 'UserUnAuthenticatedException', 'cognito-wasm getCurrentUser after Amplify signOut');
  assert.equal(e.className, 'AuthError');
  const cwSession = ok(await run(page, async (L) => ({ tokens: (await L.cw.fetchAuthSession()).tokens ?? null })), 'cognito-wasm fetchAuthSession');
  assert.equal(cwSession.tokens, null, 'cognito-wasm fetchAuthSession has no tokens');
  rejects(await call(page, 'cw', 'fetchUserAttributes'), 'UserUnAuthenticatedException', 'cognito-wasm fetchUserAttributes after Amplify signOut');
  const revoked = await getUser(emu.endpoint, shared.access);
  assert.deepEqual([revoked.ok, revoked.type], [false, 'NotAuthorizedException'], `the old access token is revoked: ${JSON.stringify(revoked)}`);

  // Nothing stale in cognito-wasm: it signs in again (no UserAlreadyAuthenticatedException).
  await signInWith(page, 'cw', username);
  assertSameSession(await views(page), username);
  assertNoPageErrors(page);
  await page.context().close();
});

test('Amplify\'s CookieStorage (async KeyValueStorageInterface) as the token store of both libraries: each one\'s session, refresh and sign-out are the other\'s, and nothing goes to localStorage', { timeout: TEST_TIMEOUT_MS }, async () => {
  const page = await open();
  const username = uniqueName('ck');
  await signUpWith(page, 'cw', username);
  // Both libraries on cookies: Amplify through its token provider, cognito-wasm through an
  // AuthClient made with the same kind of store (cookies are shared by the page's origin).
  const setup = (L) => {
    L.cognitoUserPoolsTokenProvider.setKeyValueStorage(new L.CookieStorage({ sameSite: 'strict' }));
    window.cookieClient = new L.cw.AuthClient(L.config, { storage: new L.CookieStorage({ sameSite: 'strict' }) });
  };
  ok(await run(page, setup), 'cookie stores');
  const cookieView = (L) => Promise.all([
    L.amplify.getCurrentUser().then((u) => u.username, (e) => e.name),
    window.cookieClient.getCurrentUser().then((u) => u.username, (e) => e.name),
    L.amplify.fetchAuthSession().then((s) => s.tokens?.accessToken?.toString() ?? null),
    window.cookieClient.fetchAuthSession().then((s) => s.tokens?.accessToken?.toString() ?? null),
  ]);
  const cookieNames = () => page.evaluate(() => document.cookie.split('; ').filter(Boolean).map((c) => c.split('=')[0]).sort());

  // cognito-wasm signs in: the session is in cookies, and it is Amplify's session.
  const out = ok(await run(page, (L, [u, p]) => window.cookieClient.signIn({ username: u, password: p }), [username, PASSWORD]), 'cognito-wasm signIn');
  assert.equal(out.nextStep.signInStep, 'DONE');
  const clientId = defaultPool.userPoolClientId;
  const names = await cookieNames();
  for (const k of [`${clientId}.LastAuthUser`, `${clientId}.${username}.accessToken`, `${clientId}.${username}.refreshToken`]) {
    assert.ok(names.includes(`${PREFIX}${k}`), `cookie ${k} after cognito-wasm signIn: ${names}`);
  }
  assert.deepEqual(await cognitoStorage(page), {}, 'nothing in localStorage');
  let [aUser, cUser, aAccess, cAccess] = ok(await run(page, cookieView), 'views');
  assert.deepEqual([aUser, cUser], [username, username]);
  assert.ok(cAccess && aAccess === cAccess, 'the same access token from the cookies');

  // Amplify refreshes: cognito-wasm's next call reads the cookies again and has the new token.
  const refreshed = ok(await run(page, async (L) => (await L.amplify.fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString()), 'Amplify forceRefresh');
  assert.notEqual(refreshed, cAccess);
  [aUser, cUser, aAccess, cAccess] = ok(await run(page, cookieView), 'views after the refresh');
  assert.deepEqual([aAccess, cAccess], [refreshed, refreshed]);

  // cognito-wasm signs out: Amplify is signed out too, the cookies are gone.
  ok(await run(page, () => window.cookieClient.signOut()), 'cognito-wasm signOut');
  [aUser, cUser, aAccess, cAccess] = ok(await run(page, cookieView), 'views after signOut');
  assert.deepEqual([aUser, cUser, aAccess, cAccess], ['UserUnAuthenticatedException', 'UserUnAuthenticatedException', null, null]);
  assert.ok(!(await cookieNames()).some((n) => n.endsWith('.accessToken')), 'no token cookie left');

  // Amplify signs in on cookies: cognito-wasm (a new client, as after a reload) finds the session.
  await signInWith(page, 'amplify', username);
  const again = ok(await run(page, async (L) => {
    const c = new L.cw.AuthClient(L.config, { storage: new L.CookieStorage({ sameSite: 'strict' }) });
    const [u, s] = await Promise.all([c.getCurrentUser(), c.fetchAuthSession()]);
    return { username: u.username, access: s.tokens.accessToken.toString() };
  }), 'cognito-wasm after Amplify signIn');
  assert.equal(again.username, username);
  [aUser, cUser, aAccess, cAccess] = ok(await run(page, cookieView), 'views after Amplify signIn');
  assert.equal(again.access, aAccess);
  assert.deepEqual(await cognitoStorage(page), {}, 'still nothing in localStorage');
  assertNoPageErrors(page);
  await page.context().close();
});

test('refresh interop: tokens expire in the browser (12 s validity); each library refreshes the other\'s session (on expiry and with forceRefresh) and the other uses the new tokens', { timeout: TEST_TIMEOUT_MS }, async () => {
  // The emulator clock (/_local/clock) does not move the browser's clock, so tokens are made
  // to expire for the browser with a short validity: 12 s, i.e. expired for both libraries
  // (5 s tolerance) about 7 s after they were issued.
  const { pool, username } = await poolWithUser({ clients: [{ accessTokenValiditySeconds: 12, idTokenValiditySeconds: 12 }] });
  const clientId = pool.userPoolClientId;
  const page = await open(pool);
  const refreshes = () => requestCount('GetTokensFromRefreshToken');
  const key = (k) => `${PREFIX}${clientId}.${username}.${k}`;

  for (const [signer, refresher] of [['amplify', 'cw'], ['cw', 'amplify']]) {
    const what = `${NAMES[signer]} signs in, ${NAMES[refresher]} refreshes`;
    await signInWith(page, signer, username);
    const before = await cognitoStorage(page);
    const t1 = before[key('accessToken')];
    assert.equal(decode(t1).exp - decode(t1).iat, 12, 'the pool issues 12-second tokens');

    // On expiry: the refresher's fetchAuthSession() refreshes with the signer's refresh token.
    await waitUntilStoredTokensExpire(page, clientId, 20_000);
    const n0 = await refreshes();
    const refreshed = ok(
      await run(page, async (L, l) => {
        const s = await L[l].fetchAuthSession();
        await L[l].fetchUserAttributes();
        return { access: s.tokens.accessToken.toString(), id: s.tokens.idToken.toString() };
      }, refresher),
      `${what}: fetchAuthSession + fetchUserAttributes after expiry`,
    );
    assert.equal(await refreshes(), n0 + 1, `${what}: one GetTokensFromRefreshToken`);
    assert.notEqual(refreshed.access, t1, `${what}: a new access token`);
    assert.ok(decode(refreshed.access).iat > decode(t1).iat, `${what}: issued later`);
    assert.equal(decode(refreshed.access).origin_jti, decode(t1).origin_jti, `${what}: same token family`);
    const after = await cognitoStorage(page);
    assert.equal(after[key('accessToken')], refreshed.access, `${what}: stored under the shared keys`);
    assert.equal(after[key('idToken')], refreshed.id);
    assert.equal(after[key('refreshToken')], before[key('refreshToken')], `${what}: refresh token kept (no rotation)`);
    assert.equal(after[`${PREFIX}${clientId}.LastAuthUser`], username);
    assert.deepEqual(after[key('signInDetails')], before[key('signInDetails')], `${what}: signInDetails kept`);

    // The signer uses the refreshed tokens as they are (no second refresh), the emulator accepts them.
    const signerView = ok(
      await run(page, async (L, l) => {
        const s = await L[l].fetchAuthSession();
        const attrs = await L[l].fetchUserAttributes();
        return { access: s.tokens.accessToken.toString(), id: s.tokens.idToken.toString(), email: attrs.email };
      }, signer),
      `${what}: the signer's fetchAuthSession + fetchUserAttributes`,
    );
    assert.equal(signerView.access, refreshed.access, `${what}: ${NAMES[signer]} returns the refreshed access token`);
    assert.equal(signerView.id, refreshed.id);
    assert.equal(signerView.email, `${username}@example.com`);
    assert.equal(await refreshes(), n0 + 1, `${what}: no further refresh`);

    // forceRefresh by the refresher, then the signer again: the forced tokens.
    const forced = ok(
      await run(page, async (L, l) => (await L[l].fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString(), refresher),
      `${what}: fetchAuthSession({ forceRefresh: true })`,
    );
    assert.equal(await refreshes(), n0 + 2, `${what}: forceRefresh sent GetTokensFromRefreshToken`);
    assert.notEqual(forced, refreshed.access);
    const seen = ok(
      await run(page, async (L, l) => {
        const s = await L[l].fetchAuthSession();
        await L[l].fetchUserAttributes();
        return s.tokens.accessToken.toString();
      }, signer),
      `${what}: the signer after forceRefresh`,
    );
    assert.equal(seen, forced, `${what}: ${NAMES[signer]} returns the force-refreshed access token`);
    assert.deepEqual(await getUser(pool.userPoolEndpoint, forced), { ok: true, username }, `${what}: the emulator accepts it`);

    ok(await call(page, signer, 'signOut'), `${what}: signOut`);
    assert.deepEqual(await cognitoStorage(page), {});
  }
  assertNoPageErrors(page);
  await page.context().close();
});

test('refresh-token rotation: each library stores the refresh token the other\'s forceRefresh rotated in, refreshes with it, and the rotated-out one is refused (RefreshTokenReuseException)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { pool, username } = await poolWithUser({
    clients: [{ explicitAuthFlows: ['USER_SRP_AUTH', 'USER_AUTH'], refreshTokenRotation: { feature: 'ENABLED', retryGracePeriodSeconds: 0 } }],
  });
  const clientId = pool.userPoolClientId;
  const page = await open(pool);
  const key = (k) => `${PREFIX}${clientId}.${username}.${k}`;
  const stored = async () => (await cognitoStorage(page))[key('refreshToken')];
  const force = async (lib, what) => ok(
    await run(page, async (L, l) => (await L[l].fetchAuthSession({ forceRefresh: true })).tokens.accessToken.toString(), lib),
    what,
  );

  for (const [signer, refresher] of [['amplify', 'cw'], ['cw', 'amplify']]) {
    const what = `${NAMES[signer]} signs in, ${NAMES[refresher]} then ${NAMES[signer]} force a refresh`;
    await signInWith(page, signer, username);
    const r0 = await stored();
    await force(refresher, `${what}: ${NAMES[refresher]} forceRefresh`);
    const r1 = await stored();
    assert.ok(r1 && r1 !== r0, `${what}: ${NAMES[refresher]} stored the rotated refresh token`);
    // The signer refreshes with the token the other library stored (r0 is already refused).
    const access = await force(signer, `${what}: ${NAMES[signer]} forceRefresh with the rotated token`);
    const r2 = await stored();
    assert.ok(r2 && r2 !== r1, `${what}: ${NAMES[signer]} stored the next rotated refresh token`);
    assert.deepEqual(await getUser(pool.userPoolEndpoint, access), { ok: true, username }, `${what}: the emulator accepts the new access token`);
    const reused = await cognito(pool.userPoolEndpoint, 'GetTokensFromRefreshToken', { ClientId: clientId, RefreshToken: r0 });
    assert.equal(reused.body.__type, 'RefreshTokenReuseException', `${what}: the first refresh token is rotated out`);
    ok(await call(page, signer, 'signOut'), `${what}: signOut`);
  }
  assertNoPageErrors(page);
  await page.context().close();
});

test('the access and ID tokens of both libraries verify (RS256, WebCrypto) against the pool\'s JWKS; iss, token_use, client_id/aud, username', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { pool, username } = await poolWithUser({ name: 'interop-jwks' });
  const page = await open(pool);
  const jwksUrl = `${pool.userPoolEndpoint}/${pool.userPoolId}/.well-known/jwks.json`;
  const issuer = `${pool.userPoolEndpoint}/${pool.userPoolId}`;
  const tokens = [];
  for (const lib of ['amplify', 'cw']) {
    await signInWith(page, lib, username);
    const s = ok(
      await run(page, async (L, l) => {
        const first = (await L[l].fetchAuthSession()).tokens;
        const refreshed = (await L[l].fetchAuthSession({ forceRefresh: true })).tokens;
        return [first, refreshed].map((t) => ({ access: t.accessToken.toString(), id: t.idToken.toString() }));
      }, lib),
      `${NAMES[lib]} fetchAuthSession`,
    );
    s.forEach((t, i) => tokens.push({ what: `${NAMES[lib]} ${i === 0 ? 'sign-in' : 'refreshed'}`, ...t }));
    ok(await call(page, lib, 'signOut'), `${NAMES[lib]} signOut`);
  }

  // In the page: fetch the JWKS (CORS), verify every token with WebCrypto, and a tampered one.
  const checked = ok(
    await run(page, async (L, [url, list]) => {
      const res = await fetch(url);
      const jwks = await res.json();
      const out = { status: res.status, jwks, results: [] };
      for (const t of list) {
        out.results.push({ what: t.what, access: await L.jwt.verify(t.access, jwks), id: await L.jwt.verify(t.id, jwks) });
      }
      // Tampered: the access token's payload with another username, the signature kept.
      const [h, p, sig] = list[0].access.split('.');
      const claims = L.jwt.parts(list[0].access).payload;
      const forged = btoa(JSON.stringify({ ...claims, username: 'mallory' })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      out.tampered = (await L.jwt.verify(`${h}.${forged}.${sig}`, jwks)).ok;
      out.unchanged = p === list[0].access.split('.')[1];
      return out;
    }, [jwksUrl, tokens]),
    'verify in the page',
  );
  assert.equal(checked.status, 200);
  assert.ok(checked.jwks.keys.length >= 1, 'the JWKS has a key');
  for (const k of checked.jwks.keys) {
    assert.equal(k.kty, 'RSA');
    assert.equal(k.alg, 'RS256');
    assert.equal(k.use, 'sig');
    assert.match(k.kid, /\S/);
    assert.match(k.n, /^[\w-]{300,}$/, 'a 2048-bit modulus');
    assert.equal(k.e, 'AQAB');
  }
  assert.equal(checked.tampered, false, 'a tampered payload does not verify');
  assert.equal(checked.unchanged, true);
  assert.equal(checked.results.length, 4);
  const subs = new Set();
  for (const r of checked.results) {
    for (const kind of ['access', 'id']) {
      const v = r[kind];
      assert.equal(v.ok, true, `${r.what} ${kind} token: the RS256 signature verifies (${v.reason ?? ''})`);
      assert.equal(v.alg, 'RS256');
      assert.ok(checked.jwks.keys.some((k) => k.kid === v.kid), `${r.what} ${kind}: kid in the JWKS`);
      assert.equal(v.payload.iss, issuer, `${r.what} ${kind}: iss`);
      assert.equal(v.payload.token_use, kind, `${r.what} ${kind}: token_use`);
      assert.ok(v.payload.exp > v.payload.iat && Math.abs(v.payload.iat * 1000 - Date.now()) < 120_000, `${r.what} ${kind}: iat/exp`);
      subs.add(v.payload.sub);
    }
    assert.equal(r.access.payload.client_id, pool.userPoolClientId, `${r.what}: access client_id`);
    assert.equal(r.access.payload.username, username, `${r.what}: access username`);
    assert.equal(r.access.payload.scope, 'aws.cognito.signin.user.admin');
    assert.equal(r.access.payload.aud, undefined, `${r.what}: no aud in the access token (as Cognito)`);
    assert.equal(r.id.payload.aud, pool.userPoolClientId, `${r.what}: ID aud`);
    assert.equal(r.id.payload['cognito:username'], username, `${r.what}: cognito:username`);
    assert.equal(r.id.payload.email, `${username}@example.com`);
    assert.equal(r.id.payload.email_verified, true);
  }
  assert.equal(subs.size, 1, 'one sub everywhere');

  // The same in Node (node:crypto), independently of the browser.
  const jwks = await (await fetch(jwksUrl)).json();
  for (const t of tokens) {
    for (const token of [t.access, t.id]) {
      const [h, p, s] = token.split('.');
      const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
      const jwk = jwks.keys.find((k) => k.kid === header.kid);
      const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
      assert.equal(crypto.verify('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), true, `${t.what}: verifies in Node`);
    }
  }
  assertNoPageErrors(page);
  await page.context().close();
});

test('emulator clock 1 h ahead: the old token is refused, a forceRefresh by one library stores clockDrift ≈ +1 h, and the other library honours it (refreshes 7 s later, not an hour later)', { timeout: TEST_TIMEOUT_MS }, async () => {
  const { pool, username } = await poolWithUser({ clients: [{ accessTokenValiditySeconds: 12, idTokenValiditySeconds: 12 }] });
  const clientId = pool.userPoolClientId;
  const page = await open(pool);
  const refreshes = () => requestCount('GetTokensFromRefreshToken');
  const key = (k) => `${PREFIX}${clientId}.${username}.${k}`;
  const AHEAD_S = 3700;
  const accessOf = (lib) =>
    run(page, async (L, l) => {
      const s = await L[l].fetchAuthSession();
      return s.tokens?.accessToken?.toString() ?? null;
    }, lib);
  try {
    for (const [signer, refresher] of [['amplify', 'cw'], ['cw', 'amplify']]) {
      const what = `${NAMES[signer]} signs in, ${NAMES[refresher]} force-refreshes`;
      await resetClock();
      await signInWith(page, signer, username);
      const t1 = (await cognitoStorage(page))[key('accessToken')];

      // The emulator's clock jumps ahead: it refuses the token both libraries still hold
      // as valid (the browser's clock did not move).
      await advanceClock(pool.userPoolEndpoint, AHEAD_S);
      const refused = await getUser(pool.userPoolEndpoint, t1);
      assert.deepEqual([refused.ok, refused.type, refused.message], [false, 'NotAuthorizedException', 'Access Token has expired'], `${what}: ${JSON.stringify(refused)}`);
      const n0 = await refreshes();
      for (const lib of ['amplify', 'cw']) assert.equal(ok(await accessOf(lib), `${NAMES[lib]} fetchAuthSession`), t1, `${what}: ${NAMES[lib]} still holds the old token`);
      rejects(await call(page, signer, 'fetchUserAttributes'), 'NotAuthorizedException', `${what}: ${NAMES[signer]} fetchUserAttributes with the old token`);
      assert.equal(await refreshes(), n0, `${what}: nobody refreshed yet`);

      // forceRefresh by the refresher: tokens issued an hour ahead, clockDrift ≈ +1 h stored.
      const t2 = ok(
        await run(page, async (L, l) => {
          const s = await L[l].fetchAuthSession({ forceRefresh: true });
          await L[l].fetchUserAttributes();
          return s.tokens.accessToken.toString();
        }, refresher),
        `${what}: forceRefresh + fetchUserAttributes`,
      );
      assert.equal(await refreshes(), n0 + 1);
      const drift = Number((await cognitoStorage(page))[key('clockDrift')]);
      assert.ok(Math.abs(drift - AHEAD_S * 1000) < 5_000, `${what}: clockDrift ${drift} ms ≈ ${AHEAD_S * 1000} ms`);
      assert.ok(decode(t2).iat * 1000 - Date.now() > (AHEAD_S - 10) * 1000, `${what}: the new token is issued an hour ahead`);

      // The signer uses them as they are, and counts expiry with the stored drift: they
      // expire for it ~7 s later (without the drift it would wait an hour).
      assert.equal(ok(await accessOf(signer), `${NAMES[signer]} fetchAuthSession`), t2, `${what}: ${NAMES[signer]} uses the refreshed token`);
      assert.equal(ok(await call(page, signer, 'fetchUserAttributes'), `${NAMES[signer]} fetchUserAttributes`).email, `${username}@example.com`);
      assert.equal(await refreshes(), n0 + 1, `${what}: no second refresh while valid`);
      await waitUntilStoredTokensExpire(page, clientId, 20_000);
      assert.ok(decode(t2).exp * 1000 - Date.now() > (AHEAD_S - 60) * 1000, 'by the local clock alone the token has an hour left');
      const t3 = ok(await accessOf(signer), `${NAMES[signer]} fetchAuthSession after the drift-adjusted expiry`);
      assert.equal(await refreshes(), n0 + 2, `${what}: ${NAMES[signer]} refreshed by the drift written by ${NAMES[refresher]}`);
      assert.notEqual(t3, t2);
      assert.deepEqual(await getUser(pool.userPoolEndpoint, t3), { ok: true, username });
      ok(await call(page, signer, 'signOut'), `${what}: signOut`);
    }
  } finally {
    await resetClock();
  }
  assertNoPageErrors(page);
  await page.context().close();
});

/** POST /_local/clock {"reset": true}: the emulator clock back to the wall clock. */
async function resetClock() {
  const res = await fetch(`${emu.endpoint}/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ reset: true }) });
  assert.equal(res.status, 200, `clock reset: ${await res.text()}`);
}

// ------------------------------------------------------------------------------ passkeys

/** Opens the interop page with a CDP virtual authenticator and ceremony counters. */
async function openWithAuthenticator(pool = defaultPool) {
  const page = await open(pool);
  return { page, device: await attachAuthenticator(page) };
}

const ceremonies = (page) => page.evaluate(() => ({ ...window.__webauthn }));
const b64url = (b64) => Buffer.from(b64, 'base64').toString('base64url');
const passkeySignInInput = (username) => ({ username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } });

/** Both libraries' listWebAuthnCredentials() (JSON: dates as ISO strings). */
async function listBoth(page) {
  return ok(
    await run(page, async (L) => ({ amplify: await L.amplify.listWebAuthnCredentials(), cw: await L.cw.listWebAuthnCredentials() })),
    'listWebAuthnCredentials',
  );
}

/**
 * One direction of the passkey interop: `registrar` registers a passkey for a new user,
 * both list it, the user signs out, `signer` signs in with it (USER_AUTH, WEB_AUTHN).
 */
async function passkeyInterop(registrar, signer) {
  const { page, device } = await openWithAuthenticator();
  const username = uniqueName(`pk${registrar}`);
  await signUpWith(page, registrar, username);
  await signInWith(page, registrar, username);
  ok(await call(page, registrar, 'associateWebAuthnCredential'), `${NAMES[registrar]} associateWebAuthnCredential`);
  assert.equal((await ceremonies(page)).create, 1, 'one navigator.credentials.create');
  const onDevice = await device.credentials();
  assert.equal(onDevice.length, 1, 'one credential on the authenticator');
  assert.equal(onDevice[0].rpId, 'localhost');
  assert.equal(onDevice[0].userName, username);
  const credentialId = b64url(onDevice[0].credentialId);

  // Both libraries list it, identically.
  const lists = await listBoth(page);
  for (const lib of ['amplify', 'cw']) {
    assert.equal(lists[lib].credentials.length, 1, `${NAMES[lib]} lists one passkey: ${JSON.stringify(lists[lib])}`);
    const c = lists[lib].credentials[0];
    assert.equal(c.credentialId, credentialId, `${NAMES[lib]}: the authenticator's credential id`);
    assert.equal(c.relyingPartyId, 'localhost');
    assert.match(c.friendlyCredentialName ?? '', /\S/);
    assert.ok(Math.abs(Date.parse(c.createdAt) - Date.now()) < 10 * 60_000, `${NAMES[lib]}: createdAt is a recent date: ${c.createdAt}`);
  }
  assert.deepEqual(lists.cw.credentials, lists.amplify.credentials, 'the same credential description from both libraries');

  // Sign out (the other library), then the signer's passkey sign-in.
  ok(await call(page, signer, 'signOut'), `${NAMES[signer]} signOut`);
  for (const lib of ['amplify', 'cw']) rejects(await call(page, lib, 'getCurrentUser'), 'UserUnAuthenticatedException', `${NAMES[lib]} after signOut`);
  const countBefore = onDevice[0].signCount;
  const out = ok(await call(page, signer, 'signIn', passkeySignInInput(username)), `${NAMES[signer]} passkey signIn`);
  assert.equal(out.isSignedIn, true, `${NAMES[signer]} passkey signIn: ${JSON.stringify(out)}`);
  assert.equal(out.nextStep.signInStep, 'DONE');
  assert.equal((await ceremonies(page)).get, 1, 'one navigator.credentials.get');
  assert.ok((await device.credentials())[0].signCount > countBefore, 'the authenticator signed an assertion');

  // The passkey session is both libraries' session.
  const v = await views(page);
  assertSameSession(v, username);
  assert.deepEqual(v.amplify.user.signInDetails, { loginId: username, authFlowType: 'USER_AUTH' });
  ok(await run(page, async (L) => Promise.all([L.amplify.fetchUserAttributes(), L.cw.fetchUserAttributes()])), 'fetchUserAttributes after the passkey sign-in');
  assertNoPageErrors(page);
  await page.context().close();
}

test('passkeys: registered with cognito-wasm associateWebAuthnCredential, listed by Amplify, Amplify signIn USER_AUTH/WEB_AUTHN → isSignedIn', { timeout: TEST_TIMEOUT_MS }, async () => {
  await passkeyInterop('cw', 'amplify');
});

test('passkeys: registered with Amplify associateWebAuthnCredential, listed by cognito-wasm, cognito-wasm signIn USER_AUTH/WEB_AUTHN → DONE', { timeout: TEST_TIMEOUT_MS }, async () => {
  await passkeyInterop('amplify', 'cw');
});

/**
 * Signs `username` in with `lib`, answering the email MFA code when asked; returns whether MFA
 * was asked.
 */
async function signInAnsweringMfa(page, lib, username, pool) {
  const out = ok(await call(page, lib, 'signIn', { username, password: PASSWORD }), `${NAMES[lib]} signIn`);
  if (out.nextStep.signInStep === 'DONE') return false;
  assert.equal(out.nextStep.signInStep, 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `${NAMES[lib]} signIn: ${JSON.stringify(out)}`);
  const code = await latestCode(pool.userPoolEndpoint, username);
  const done = ok(await call(page, lib, 'confirmSignIn', { challengeResponse: code }), `${NAMES[lib]} confirmSignIn`);
  assert.equal(done.nextStep.signInStep, 'DONE');
  return true;
}

test('remembered devices: a device confirmed by either library signs in with the other without MFA (DEVICE_SRP_AUTH), and both list and forget it', { timeout: TEST_TIMEOUT_MS }, async () => {
  for (const [first, second] of [['amplify', 'cw'], ['cw', 'amplify']]) {
    const { pool, username } = await poolWithUser({
      mfa: 'ON',
      mfaTypes: ['EMAIL_OTP'],
      deviceConfiguration: { challengeRequiredOnNewDevice: true, deviceOnlyRememberedOnUserPrompt: false },
    });
    const mfa = await cognito(pool.userPoolEndpoint, 'AdminSetUserMFAPreference', {
      UserPoolId: pool.userPoolId, Username: username, EmailMfaSettings: { Enabled: true, PreferredMfa: true },
    });
    assert.equal(mfa.status, 200, JSON.stringify(mfa.body));
    const page = await open(pool);
    const what = `${NAMES[first]} remembers the device, ${NAMES[second]} uses it`;
    const confirms = await requestCount('ConfirmDevice');
    assert.equal(await signInAnsweringMfa(page, first, username, pool), true, `${what}: MFA on a new device`);
    assert.equal(await requestCount('ConfirmDevice'), confirms + 1, `${what}: ${NAMES[first]} confirmed the device`);
    const deviceKey = (await cognitoStorage(page))[`${PREFIX}${pool.userPoolClientId}.${username}.deviceKey`];
    assert.match(deviceKey ?? '', /^us-east-1_/, `${what}: the device key under Amplify's name`);
    ok(await call(page, first, 'signOut'), `${what}: signOut`);
    // The other library finds the device and proves it: no MFA, no new device.
    const answers = await requestCount('RespondToAuthChallenge');
    assert.equal(await signInAnsweringMfa(page, second, username, pool), false, `${what}: no MFA`);
    assert.equal(await requestCount('RespondToAuthChallenge'), answers + 3, `${what}: PASSWORD_VERIFIER, DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER`);
    assert.equal(await requestCount('ConfirmDevice'), confirms + 1, `${what}: no second device`);
    // Both list the same device; the second forgets it and both see that.
    const lists = ok(await run(page, async (L) => {
      const a = await L.amplify.fetchDevices();
      const c = await L.cw.fetchDevices();
      return { a: a.map((d) => [d.id, d.name, d.createDate instanceof Date]), c: c.map((d) => [d.id, d.name, d.createDate instanceof Date]) };
    }), `${what}: fetchDevices`);
    assert.deepEqual(lists.c, lists.a, `${what}: the same devices`);
    assert.deepEqual(lists.c.map((d) => d[0]), [deviceKey]);
    ok(await call(page, second, 'forgetDevice'), `${what}: forgetDevice`);
    const after = await cognitoStorage(page);
    assert.equal(after[`${PREFIX}${pool.userPoolClientId}.${username}.deviceKey`], undefined, `${what}: keys gone`);
    assert.deepEqual(ok(await run(page, async (L) => (await L.amplify.fetchDevices()).length), 'Amplify fetchDevices'), 0);
    ok(await call(page, second, 'signOut'), `${what}: signOut`);
    assertNoPageErrors(page);
    await page.context().close();
  }
});
