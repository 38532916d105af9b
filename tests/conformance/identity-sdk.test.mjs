// A setup script written for Amazon Cognito Identity with the AWS SDK for JavaScript v3
// (@aws-sdk/client-cognito-identity) works against local-cognito: `endpoint` pointed at it,
// the control plane creates an identity pool bound to a user pool, and a signed-in user's ID
// token is exchanged for an identity, local AWS credentials and an OpenID token.
// The SDK is installed like tests/conformance/js-sdk-setup.test.mjs installs the user-pool
// client (pinned, the same version, into target/jssdk, outside the workspace's package.json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator, latestCode } from '../harness/emulator.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREFIX = path.join(ROOT, 'target', 'jssdk');
const PKG = '@aws-sdk/client-cognito-identity';
const IDP_PKG = '@aws-sdk/client-cognito-identity-provider';
const VERSION = '3.1178.0';
let emu;
let sdk;
let idp;

async function load(pkg) {
  const main = path.join(PREFIX, 'node_modules', ...pkg.split('/'), 'package.json');
  if (!existsSync(main)) {
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--silent', `${pkg}@${VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  return import(pathToFileURL(path.join(PREFIX, 'node_modules', ...pkg.split('/'), 'dist-cjs', 'index.js')).href);
}

before(async () => {
  sdk = await load(PKG);
  idp = await load(IDP_PKG);
  emu = await startEmulator();
});
after(async () => { await emu?.stop(); });

const clientConfig = () => ({
  endpoint: emu.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

test('JS SDK v3 (client-cognito-identity): identity pool CRUD, GetId, credentials, OpenID token', async () => {
  const ci = new sdk.CognitoIdentityClient(clientConfig());
  const users = new idp.CognitoIdentityProviderClient(clientConfig());
  const provider = `cognito-idp.us-east-1.amazonaws.com/${emu.userPoolId}`;
  const created = await ci.send(new sdk.CreateIdentityPoolCommand({
    IdentityPoolName: 'sdk app',
    AllowUnauthenticatedIdentities: true,
    CognitoIdentityProviders: [{ ProviderName: provider, ClientId: emu.userPoolClientId, ServerSideTokenCheck: false }],
    IdentityPoolTags: { env: 'local' },
  }));
  const poolId = created.IdentityPoolId;
  assert.match(poolId, /^us-east-1:[0-9a-f-]{36}$/);
  assert.equal(created.AllowUnauthenticatedIdentities, true);
  await ci.send(new sdk.SetIdentityPoolRolesCommand({
    IdentityPoolId: poolId,
    Roles: { authenticated: 'arn:aws:iam::000000000000:role/sdk-auth', unauthenticated: 'arn:aws:iam::000000000000:role/sdk-guest' },
  }));
  const described = await ci.send(new sdk.DescribeIdentityPoolCommand({ IdentityPoolId: poolId }));
  assert.equal(described.IdentityPoolName, 'sdk app');
  assert.deepEqual(described.CognitoIdentityProviders, [{ ProviderName: provider, ClientId: emu.userPoolClientId, ServerSideTokenCheck: false }]);
  assert.deepEqual(described.IdentityPoolTags, { env: 'local' });
  const listed = await ci.send(new sdk.ListIdentityPoolsCommand({ MaxResults: 60 }));
  assert.ok(listed.IdentityPools.some((p) => p.IdentityPoolId === poolId && p.IdentityPoolName === 'sdk app'));

  // A signed-in user of the emulator's default user pool.
  const email = 'ida@example.com';
  await users.send(new idp.SignUpCommand({
    ClientId: emu.userPoolClientId, Username: email, Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: email }],
  }));
  const code = await latestCode(emu.endpoint, email, 'SIGN_UP');
  await users.send(new idp.ConfirmSignUpCommand({ ClientId: emu.userPoolClientId, Username: email, ConfirmationCode: code }));
  const auth = await users.send(new idp.InitiateAuthCommand({
    ClientId: emu.userPoolClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' },
  }));
  const Logins = { [provider]: auth.AuthenticationResult.IdToken };

  const { IdentityId } = await ci.send(new sdk.GetIdCommand({ IdentityPoolId: poolId, Logins }));
  assert.match(IdentityId, /^us-east-1:[0-9a-f-]{36}$/);
  const again = await ci.send(new sdk.GetIdCommand({ IdentityPoolId: poolId, Logins }));
  assert.equal(again.IdentityId, IdentityId);
  const creds = await ci.send(new sdk.GetCredentialsForIdentityCommand({ IdentityId, Logins }));
  assert.equal(creds.IdentityId, IdentityId);
  assert.match(creds.Credentials.AccessKeyId, /^ASIA[A-Z0-9]{16}$/);
  assert.equal(creds.Credentials.SecretKey.length, 40);
  assert.ok(creds.Credentials.SessionToken);
  assert.ok(creds.Credentials.Expiration instanceof Date, 'the SDK parses Expiration as a timestamp');
  const ahead = creds.Credentials.Expiration.getTime() - Date.now();
  assert.ok(ahead > 3590_000 && ahead <= 3600_000, `an hour ahead (${ahead} ms)`);
  const oidc = await ci.send(new sdk.GetOpenIdTokenCommand({ IdentityId, Logins }));
  assert.equal(oidc.IdentityId, IdentityId);
  const claims = JSON.parse(Buffer.from(oidc.Token.split('.')[1], 'base64url').toString());
  assert.equal(claims.iss, 'https://cognito-identity.amazonaws.com');
  assert.equal(claims.aud, poolId);
  assert.equal(claims.sub, IdentityId);
  assert.equal(claims.exp - claims.iat, 600);
  const jwks = await (await fetch(`${emu.endpoint}/.well-known/jwks_uri`)).json();
  assert.equal(jwks.keys[0].kid, JSON.parse(Buffer.from(oidc.Token.split('.')[0], 'base64url').toString()).kid);

  // Errors arrive as the SDK's modelled exceptions.
  await assert.rejects(ci.send(new sdk.GetCredentialsForIdentityCommand({ IdentityId })),
    (e) => e instanceof sdk.NotAuthorizedException && e.message === `Access to Identity '${IdentityId}' is forbidden.`);
  const tampered = Logins[provider].slice(0, -4) + (Logins[provider].endsWith('AAAA') ? 'BBBB' : 'AAAA');
  await assert.rejects(ci.send(new sdk.GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: tampered } })),
    (e) => e instanceof sdk.NotAuthorizedException && e.message.startsWith('Invalid login token.'));
  const guest = await ci.send(new sdk.GetIdCommand({ IdentityPoolId: poolId }));
  const guestCreds = await ci.send(new sdk.GetCredentialsForIdentityCommand({ IdentityId: guest.IdentityId }));
  assert.notEqual(guestCreds.Credentials.AccessKeyId, creds.Credentials.AccessKeyId);

  await ci.send(new sdk.DeleteIdentityPoolCommand({ IdentityPoolId: poolId }));
  await assert.rejects(ci.send(new sdk.DescribeIdentityPoolCommand({ IdentityPoolId: poolId })),
    (e) => e instanceof sdk.ResourceNotFoundException);
  await assert.rejects(ci.send(new sdk.GetIdCommand({ IdentityPoolId: 'not-a-pool' })),
    (e) => e.name === 'ValidationException');
});
