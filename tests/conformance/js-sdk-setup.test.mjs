// A setup script written for Amazon Cognito with the AWS SDK for JavaScript v3 works against
// local-cognito: `endpoint` pointed at it, the control plane creates a pool and a client,
// then a user signs up, confirms with the code from the dev inbox and signs in.
// The SDK is installed (pinned, idempotent, seconds) into target/jssdk, outside the
// workspace's package.json: only this test needs it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator, latestCode } from '../harness/emulator.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PREFIX = path.join(ROOT, 'target', 'jssdk');
const PKG = '@aws-sdk/client-cognito-identity-provider';
const VERSION = '3.1178.0';
let emu;
let sdk;

before(async () => {
  const main = path.join(PREFIX, 'node_modules', ...PKG.split('/'), 'package.json');
  if (!existsSync(main)) {
    execFileSync('npm', ['install', '--prefix', PREFIX, '--no-save', '--no-audit', '--no-fund', '--silent', `${PKG}@${VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
  }
  sdk = await import(pathToFileURL(path.join(PREFIX, 'node_modules', ...PKG.split('/'), 'dist-cjs', 'index.js')).href);
  emu = await startEmulator();
});
after(async () => { await emu?.stop(); });

test('JS SDK v3 with endpoint: create pool + client, sign up, confirm, sign in', async () => {
  const idp = new sdk.CognitoIdentityProviderClient({
    endpoint: emu.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { UserPool: pool } = await idp.send(new sdk.CreateUserPoolCommand({
    PoolName: 'js-sdk-app',
    AutoVerifiedAttributes: ['email'],
    UsernameAttributes: ['email'],
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } },
  }));
  assert.ok(pool.CreationDate instanceof Date);
  const { UserPoolClient: client } = await idp.send(new sdk.CreateUserPoolClientCommand({
    UserPoolId: pool.Id,
    ClientName: 'spa',
    ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email'],
    AllowedOAuthFlowsUserPoolClient: true,
    CallbackURLs: ['http://localhost:5173/'],
    SupportedIdentityProviders: ['COGNITO'],
  }));
  const email = 'kim@example.com';
  await idp.send(new sdk.SignUpCommand({ ClientId: client.ClientId, Username: email, Password: 'Passw0rd!' }));
  const code = await latestCode(emu.endpoint, email, 'SIGN_UP');
  await idp.send(new sdk.ConfirmSignUpCommand({ ClientId: client.ClientId, Username: email, ConfirmationCode: code }));
  const auth = await idp.send(new sdk.InitiateAuthCommand({
    ClientId: client.ClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: email, PASSWORD: 'Passw0rd!' },
  }));
  assert.ok(auth.AuthenticationResult.IdToken);
  const choice = await idp.send(new sdk.InitiateAuthCommand({
    ClientId: client.ClientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: email },
  }));
  assert.deepEqual(choice.AvailableChallenges, ['PASSWORD', 'PASSWORD_SRP', 'EMAIL_OTP']);
  const described = await idp.send(new sdk.DescribeUserPoolClientCommand({ UserPoolId: pool.Id, ClientId: client.ClientId }));
  assert.deepEqual(described.UserPoolClient.CallbackURLs, ['http://localhost:5173/']);
  const pages = [];
  for await (const page of sdk.paginateListUserPools({ client: idp, pageSize: 1 }, { MaxResults: 1 })) pages.push(...page.UserPools);
  assert.ok(pages.some((p) => p.Id === pool.Id), 'paginated ListUserPools includes the new pool');
  await assert.rejects(
    idp.send(new sdk.DescribeUserPoolCommand({ UserPoolId: 'us-east-1_missing' })),
    (e) => e.name === 'ResourceNotFoundException',
  );
});
