// End-to-end: signInWithRedirect through the local Cognito's hosted UI in headless Chromium.
// The app is <static server>/app/ (no such file: a blank page of the demo's origin) where the
// test imports the package; the pool's client lists that URL as its callback and sign-out
// URL. The hosted UI is the emulator's own (`oauth.domain` = its 127.0.0.1 host and port:
// plain http). Playwright does not route the requests of a redirect, so the app is not a
// routed page, and the tampered state is made in the hosted UI's redirect itself.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PASSWORD, assertNoPageErrors, newPage, startEnv, uniqueName } from './support.mjs';

let env;
let pool;
let appUrl;
const user = uniqueName('oauth');

before(async () => {
  env = await startEnv();
  appUrl = `${env.web.url}app/`;
  const created = await env.pool({
    name: 'e2e-oauth',
    users: [{ username: user, password: PASSWORD, confirmed: true, attributes: { email: `${user}@example.com`, email_verified: 'true' } }],
    clients: [{
      name: 'oauth-app',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
      allowedOAuthFlowsUserPoolClient: true,
      callbackURLs: [appUrl],
      logoutURLs: [appUrl],
      supportedIdentityProviders: ['COGNITO', 'Google'],
    }],
  });
  pool = created;
});
after(async () => {
  await env?.close();
});

function config() {
  return {
    Auth: {
      Cognito: {
        userPoolId: pool.userPoolId,
        userPoolClientId: pool.userPoolClientId,
        userPoolEndpoint: pool.userPoolEndpoint,
        loginWith: {
          oauth: {
            domain: new URL(pool.userPoolEndpoint).host,
            scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
            redirectSignIn: [appUrl],
            redirectSignOut: [appUrl],
            responseType: 'code',
          },
        },
      },
    },
  };
}

/** A page of the app (fresh context unless `page` is given), the client made there. */
async function openApp(page, url = appUrl) {
  if (!page) {
    page = await newPage(env.browser);
    page.tokenPosts = 0;
    page.on('request', (r) => { if (r.url().includes('/oauth2/token')) page.tokenPosts += 1; });
  }
  await page.goto(url);
  await makeClient(page);
  return page;
}

/** Loads the package's client on the current page; its events go to window.events. */
async function makeClient(page, options) {
  await page.evaluate(async ([cfg, options]) => {
    const m = await import('/pkg/cognito_wasm.js');
    await m.default();
    window.m = m;
    window.events = [];
    window.c = new window.m.AuthClient(cfg, options);
    window.c.onAuthEvent((e) => {
      const d = e.payload.data;
      window.events.push({ event: e.payload.event, data: d && typeof d === 'object' ? { name: d.name, message: d.message, username: d.username } : d });
    });
  }, [config(), options]);
}

const events = (page) => page.evaluate(() => window.events.map((e) => e.event));
const currentUser = (page) => page.evaluate(() => window.c.getCurrentUser().then((u) => u.username, (e) => e.name));

/** Starts signInWithRedirect and waits for the hosted UI's page. */
async function startRedirect(page, input, hosted = /\/(login|oauth2\/authorize|simulated-idp)/) {
  await Promise.all([
    page.waitForURL(hosted),
    page.evaluate((i) => { window.c.signInWithRedirect(i); }, input),
  ]);
}

async function logIn(page) {
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${appUrl}?**`), page.getByRole('button', { name: 'Sign in' }).click()]);
}

test('hosted UI: sign in, custom state, clean address bar, refresh, sign out back to the app', async () => {
  const page = await openApp();
  await startRedirect(page, { customState: 'to /cart?x=1' });
  assert.equal(new URL(page.url()).host, new URL(pool.userPoolEndpoint).host, 'the hosted UI is the emulator');
  // A reload in the middle of the flow (on the hosted UI's page): the flow survives it.
  await page.reload();
  await page.getByLabel('Username').waitFor();
  await logIn(page);
  // Back on the app with ?code&state: a new client completes the sign-in.
  assert.match(page.url(), /[?&]code=/);
  await makeClient(page);
  assert.equal(await currentUser(page), user, 'getCurrentUser waits for the completion');
  assert.deepEqual(await events(page), ['customOAuthState', 'signInWithRedirect', 'signedIn']);
  const custom = await page.evaluate(() => window.events[0].data);
  assert.equal(custom, 'to /cart?x=1');
  assert.equal(page.url(), appUrl, 'code and state gone from the address bar');
  assert.equal(page.tokenPosts, 1);
  const stored = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => /^(oauth|inflightOAuth)/.test(k.split('.').pop()))));
  const names = Object.keys(stored).map((k) => k.split('.').pop()).sort();
  assert.deepEqual(names, ['oauthMetadata', 'oauthSignIn'], JSON.stringify(names));
  assert.equal(Object.entries(stored).find(([k]) => k.endsWith('.oauthSignIn'))[1], 'true,false');
  // The user-pool API takes the hosted UI's tokens; they refresh.
  const before = await page.evaluate(() => window.c.fetchAuthSession().then((s) => s.tokens.accessToken.toString()));
  const attrs = await page.evaluate(() => window.c.fetchUserAttributes());
  assert.equal(attrs.email, `${user}@example.com`);
  const after = await page.evaluate(() => window.c.fetchAuthSession({ forceRefresh: true }).then((s) => s.tokens.accessToken.toString()));
  assert.notEqual(after, before, 'refreshed');
  // A reload is signed in without another token request.
  await openApp(page);
  assert.equal(await currentUser(page), user);
  assert.equal(page.tokenPosts, 1);
  // Sign-out ends the hosted UI's session too and comes back to the app.
  const logout = page.waitForRequest((r) => r.url().startsWith(`${new URL(pool.userPoolEndpoint).origin}/logout?`));
  await Promise.all([
    page.waitForNavigation({ url: appUrl }),
    page.evaluate(() => { window.c.signOut(); }),
  ]);
  const logoutUrl = new URL((await logout).url());
  assert.deepEqual([logoutUrl.searchParams.get('client_id'), logoutUrl.searchParams.get('logout_uri')], [pool.userPoolClientId, appUrl]);
  await makeClient(page);
  assert.equal(await currentUser(page), 'UserUnAuthenticatedException');
  // The hosted UI's session is over: authorize shows the login page again.
  await startRedirect(page, undefined);
  await page.getByLabel('Username').waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

test("hosted UI with tokens in memory: the state and verifier wait in the tab's sessionStorage, nothing is left behind", async () => {
  const page = await newPage(env.browser);
  await page.goto(appUrl);
  await makeClient(page, { storage: 'memory' });
  await startRedirect(page, undefined);
  await logIn(page);
  // Back on the app's origin, before the new client completes: the values waited here.
  const waiting = await page.evaluate(() => Object.keys(sessionStorage).map((k) => k.split('.').pop()).sort());
  assert.deepEqual(waiting, ['inflightOAuth', 'inflightOAuthDeadline', 'oauthPKCE', 'oauthState']);
  await makeClient(page, { storage: 'memory' });
  assert.equal(await currentUser(page), user, 'signed in on the page the hosted UI came back to');
  assert.deepEqual(await events(page), ['signInWithRedirect', 'signedIn']);
  const left = await page.evaluate(() => [localStorage.length, sessionStorage.length]);
  assert.deepEqual(left, [0, 0], 'the tokens stay in memory; the in-flight values are gone');
  assertNoPageErrors(page);
  await page.context().close();
});

test('hosted UI: a simulated Google sign-in; refused when already signed in', async () => {
  const page = await openApp();
  await startRedirect(page, { provider: 'Google' }, /simulated-idp/);
  await page.getByLabel('Email').fill(`${user}@gmail.example`);
  await Promise.all([page.waitForURL(`${appUrl}?**`), page.getByRole('button', { name: 'Continue' }).click()]);
  await makeClient(page);
  const username = await currentUser(page);
  assert.match(username, /^Google_\d+$/);
  assert.deepEqual(await events(page), ['signInWithRedirect', 'signedIn']);
  const again = await page.evaluate(() => window.c.signInWithRedirect().then(() => 'navigated', (e) => e.name));
  assert.equal(again, 'UserAlreadyAuthenticatedException');
  // Sign out without the hosted UI's logout (the option to skip it).
  await page.evaluate(() => window.c.signOut({ oauth: { skipRedirect: true } }));
  assert.equal(page.url(), appUrl);
  assert.equal(await currentUser(page), 'UserUnAuthenticatedException');
  assertNoPageErrors(page);
  await page.context().close();
});

test('hosted UI: a tampered state is refused without a token request', async () => {
  const page = await openApp();
  await startRedirect(page, {});
  // The hosted UI's answer reaches the app with another state.
  await page.route('**/login**', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    const resp = await route.fetch({ maxRedirects: 0 });
    const u = new URL(resp.headers().location);
    u.searchParams.set('state', `${u.searchParams.get('state')}x`);
    u.searchParams.set('tampered', '1');
    return route.fulfill({ response: resp, headers: { ...resp.headers(), location: u.href } });
  });
  await logIn(page);
  await page.waitForURL(/tampered=1/);
  await makeClient(page);
  assert.equal(await currentUser(page), 'UserUnAuthenticatedException');
  const failure = await page.evaluate(() => window.events);
  assert.deepEqual(failure.map((e) => e.event), ['signInWithRedirect_failure']);
  assert.equal(failure[0].data.name, 'OAuthSignInException');
  assert.doesNotMatch(failure[0].data.message, /code|verifier/i);
  assert.equal(page.tokenPosts, 0, 'no token request');
  assert.equal(page.url(), appUrl, 'the address bar is cleaned');
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => /^(oauthPKCE|oauthState|inflightOAuth)/.test(k.split('.').pop())));
  assert.deepEqual(left, [], 'the flow state is forgotten');
  assertNoPageErrors(page);
  await page.context().close();
});

test('hosted UI: ?error=access_denied is a signInWithRedirect_failure', async () => {
  const page = await openApp();
  await startRedirect(page, {});
  await openApp(page, `${appUrl}?error=access_denied&error_description=The+user+said+no`);
  assert.equal(await currentUser(page), 'UserUnAuthenticatedException');
  const failure = await page.evaluate(() => window.events);
  assert.deepEqual(failure.map((e) => e.event), ['signInWithRedirect_failure']);
  assert.deepEqual([failure[0].data.name, failure[0].data.message], ['OAuthSignInException', 'The user said no']);
  assert.equal(page.url(), appUrl);
  // A URL with a code but no flow started here is left alone.
  await openApp(page, `${appUrl}?code=abc&state=def`);
  assert.equal(await currentUser(page), 'UserUnAuthenticatedException');
  assert.deepEqual(await events(page), []);
  assert.equal(page.tokenPosts, 0);
  assertNoPageErrors(page);
  await page.context().close();
});

test('the demo\'s buttons: "Continue with the hosted UI" and "Continue with Google (simulated)" come back signed in', async () => {
  const demoPool = await env.pool({
    name: 'e2e-oauth-demo',
    users: [{ username: user, password: PASSWORD, confirmed: true, attributes: { email: `${user}@example.com`, email_verified: 'true' } }],
    clients: [{
      name: 'demo',
      explicitAuthFlows: ['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH'],
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
      allowedOAuthFlowsUserPoolClient: true,
      callbackURLs: [env.web.url],
      logoutURLs: [env.web.url],
      supportedIdentityProviders: ['COGNITO', 'Google'],
    }],
  });
  const page = await env.open(demoPool);
  const signedIn = (name) => page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: `Signed in as ${name}` }).waitFor();
  await Promise.all([page.waitForURL(/\/login|\/oauth2\/authorize/), page.getByRole('button', { name: 'Continue with the hosted UI' }).click()]);
  await page.getByLabel('Username').fill(user);
  await page.getByLabel('Password').fill(PASSWORD);
  await Promise.all([page.waitForURL(`${env.web.url}?**`), page.getByRole('button', { name: 'Sign in' }).click()]);
  await signedIn(user);
  // Out (through the hosted UI's logout, back to the demo), then in with the simulated Google.
  await Promise.all([page.waitForURL(`${env.web.url}**`), page.locator('[data-testid="session-card"]').getByRole('button', { name: 'Sign out' }).click()]);
  await page.locator('[data-testid="auth-status"][data-state="signed-out"]').waitFor();
  await Promise.all([page.waitForURL(/simulated-idp/), page.getByRole('button', { name: 'Continue with Google (simulated)' }).click()]);
  await page.getByLabel('Email').fill(`${user}@gmail.example`);
  await Promise.all([page.waitForURL(`${env.web.url}?**`), page.getByRole('button', { name: 'Continue' }).click()]);
  await page.locator('[data-testid="auth-status"][data-state="signed-in"]', { hasText: 'Signed in as Google_' }).waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});
