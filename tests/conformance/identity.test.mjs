// Identity pools with aws-amplify v6: fetchAuthSession's guest and signed-in AWS credentials
// from local-cognito's Cognito Identity (GetId, GetCredentialsForIdentity on the same port),
// the identities Amplify ends up with across sign-out/sign-in, and how many calls it sends.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { Amplify } from 'aws-amplify';
import { signUp, confirmSignUp, signIn, signOut, fetchAuthSession } from 'aws-amplify/auth';
import { startEmulator, lastCode, uniqueName, stats } from './harness.mjs';

let emu;
let config;
const PASSWORD = 'Passw0rd!';
const ID_RE = /^us-east-1:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Call a Cognito Identity action directly. */
async function identity(action, body) {
  const r = await fetch(emu.endpoint + '/', {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityService.${action}` },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  if (!r.ok) {
    const e = new Error(json.message);
    e.name = json.__type;
    throw e;
  }
  return json;
}

/** Calls of GetId / GetCredentialsForIdentity made by `fn`. */
async function counted(fn) {
  const before = await stats(emu);
  const result = await fn();
  const after = await stats(emu);
  const n = (a) => (after[a] ?? 0) - (before[a] ?? 0);
  return { result, getId: n('GetId'), getCredentials: n('GetCredentialsForIdentity') };
}

before(async () => {
  emu = await startEmulator();
  assert.match(emu.config.identityPoolId, ID_RE, 'the ready line names the default identity pool');
  config = {
    userPoolId: emu.userPoolId,
    userPoolClientId: emu.userPoolClientId,
    userPoolEndpoint: emu.endpoint,
    identityPoolId: emu.config.identityPoolId,
    identityPoolEndpoint: emu.endpoint,
    allowGuestAccess: true,
  };
});
after(async () => { await emu?.stop(); });
beforeEach(async () => {
  await signOut().catch(() => {});
  Amplify.configure({ Auth: { Cognito: config } });
});

async function confirmedUser() {
  const username = uniqueName('idp');
  await signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  await confirmSignUp({ username, confirmationCode: await lastCode(emu, username, 'SIGN_UP') });
  return username;
}

function assertLocalCredentials(c) {
  assert.match(c.accessKeyId, /^ASIA[A-Z0-9]{16}$/);
  assert.ok(c.accessKeyId.includes('LOCAL'), c.accessKeyId);
  assert.equal(c.secretAccessKey.length, 40);
  assert.ok(c.sessionToken);
  assert.ok(c.expiration instanceof Date, 'Amplify parses Expiration (epoch seconds) into a Date');
  const ahead = c.expiration.getTime() - Date.now();
  assert.ok(ahead > 3590_000 && ahead <= 3600_000, `expires an hour ahead (${ahead} ms)`);
}

test('signed out: guest credentials and identityId (cold and warm request counts)', async () => {
  const cold = await counted(() => fetchAuthSession());
  const s = cold.result;
  assert.equal(s.tokens, undefined);
  assert.match(s.identityId, ID_RE);
  assertLocalCredentials(s.credentials);
  assert.deepEqual([cold.getId, cold.getCredentials], [1, 1], 'cold signed-out: one GetId, one GetCredentialsForIdentity');
  const warm = await counted(() => fetchAuthSession());
  assert.equal(warm.result.identityId, s.identityId);
  assert.equal(warm.result.credentials.accessKeyId, s.credentials.accessKeyId);
  assert.deepEqual([warm.getId, warm.getCredentials], [0, 0], 'warm: answered from Amplify\'s cache');
  const forced = await counted(() => fetchAuthSession({ forceRefresh: true }));
  assert.equal(forced.result.identityId, s.identityId);
  assert.notEqual(forced.result.credentials.accessKeyId, s.credentials.accessKeyId, 'fresh credentials');
  assert.deepEqual([forced.getId, forced.getCredentials], [0, 1]);
  const d = await identity('DescribeIdentity', { IdentityId: s.identityId });
  assert.equal(d.Logins, undefined, 'a guest identity has no logins');
});

test('signed in: authenticated credentials and a different identityId, stable across sign-out/sign-in', async () => {
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const cold = await counted(() => fetchAuthSession());
  const s = cold.result;
  assert.ok(s.tokens?.idToken);
  assert.match(s.identityId, ID_RE);
  assertLocalCredentials(s.credentials);
  assert.deepEqual([cold.getId, cold.getCredentials], [1, 1], 'cold signed-in: GetId with Logins, then GetCredentialsForIdentity');
  const d = await identity('DescribeIdentity', { IdentityId: s.identityId });
  assert.deepEqual(d.Logins, [`cognito-idp.us-east-1.amazonaws.com/${emu.userPoolId}`]);
  const warm = await counted(() => fetchAuthSession());
  assert.deepEqual([warm.getId, warm.getCredentials], [0, 0]);
  assert.equal(warm.result.identityId, s.identityId);

  await signOut();
  const guest = await fetchAuthSession();
  assert.match(guest.identityId, ID_RE);
  assert.notEqual(guest.identityId, s.identityId, 'signed out: a guest identity, not the user\'s');
  assert.notEqual(guest.credentials.accessKeyId, s.credentials.accessKeyId);

  // Signing in again on this guest session: Amplify sends the guest identity with the
  // user's login; Cognito merges the guest into the user's identity and says which.
  await signIn({ username, password: PASSWORD });
  const again = await counted(() => fetchAuthSession());
  assert.equal(again.result.identityId, s.identityId, 'the same identity after sign-out/sign-in');
  assert.deepEqual([again.getId, again.getCredentials], [0, 1], 'signed in over a guest session: GetCredentialsForIdentity only');
  assertLocalCredentials(again.result.credentials);
  await assert.rejects(identity('DescribeIdentity', { IdentityId: guest.identityId }), (e) => e.name === 'ResourceNotFoundException');
  await assert.rejects(identity('GetCredentialsForIdentity', { IdentityId: s.identityId }),
    (e) => e.name === 'NotAuthorizedException' && e.message === `Access to Identity '${s.identityId}' is forbidden.`);
});

test('a first sign-in over a guest session keeps the guest identity (its login is linked)', async () => {
  const guest = await fetchAuthSession();
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const s = await fetchAuthSession();
  assert.equal(s.identityId, guest.identityId);
  assert.notEqual(s.credentials.accessKeyId, guest.credentials.accessKeyId);
  const d = await identity('DescribeIdentity', { IdentityId: s.identityId });
  assert.deepEqual(d.Logins, [`cognito-idp.us-east-1.amazonaws.com/${emu.userPoolId}`]);
});

test('an identity pool without guest access refuses signed-out sessions', async () => {
  const pool = await identity('CreateIdentityPool', {
    IdentityPoolName: 'members only',
    AllowUnauthenticatedIdentities: false,
    CognitoIdentityProviders: [{ ProviderName: `cognito-idp.us-east-1.amazonaws.com/${emu.userPoolId}`, ClientId: emu.userPoolClientId }],
  });
  await identity('SetIdentityPoolRoles', { IdentityPoolId: pool.IdentityPoolId, Roles: { authenticated: 'arn:aws:iam::000000000000:role/members' } });
  Amplify.configure({ Auth: { Cognito: { ...config, identityPoolId: pool.IdentityPoolId } } });
  await assert.rejects(fetchAuthSession(), (e) => e.name === 'NotAuthorizedException'
    && e.message === 'Unauthenticated access is not supported for this identity pool.');
  const username = await confirmedUser();
  await signIn({ username, password: PASSWORD });
  const s = await fetchAuthSession();
  assertLocalCredentials(s.credentials);
});
