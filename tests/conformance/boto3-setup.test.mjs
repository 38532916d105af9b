// A setup script written for Amazon Cognito works against local-cognito: boto3 with
// endpoint_url creates a pool and a client through the control plane, then signs users up
// and in (tests/conformance/boto3_setup.py); the AWS CLI (v1, PyPI's awscli) with
// --endpoint-url does the same. scripts/pyenv.sh installs boto3 into target/pyenv and awscli
// into target/pyenv-awscli (its own venv: it pins its own botocore); idempotent, seconds once
// installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../harness/emulator.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu;
let python;
let aws;

function venv(pkg, dir) {
  const out = execFileSync(path.join(ROOT, 'scripts', 'pyenv.sh'), [pkg], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PY_VENV: path.join(ROOT, 'target', dir) },
  });
  return out.trim().split('\n').pop();
}

before(async () => {
  python = venv('boto3', 'pyenv');
  aws = path.join(path.dirname(venv('awscli', 'pyenv-awscli')), 'aws');
  emu = await startEmulator();
});
after(async () => { await emu?.stop(); });

test('boto3 with endpoint_url: create pool + client, sign up, sign in, delete', () => {
  let out;
  try {
    out = execFileSync(python, [path.join(ROOT, 'tests', 'conformance', 'boto3_setup.py'), emu.endpoint], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
  } catch (e) {
    assert.fail(`boto3_setup.py failed:\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n--- local-cognito stderr:\n${emu.stderr().slice(-3000)}`);
  }
  assert.equal(out.trim().split('\n').pop(), 'ok');
});

test('AWS CLI with --endpoint-url: create pool + client, create a user, sign in', () => {
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  const cli = (...args) => {
    try {
      const out = execFileSync(aws, ['cognito-idp', ...args, '--endpoint-url', emu.endpoint, '--output', 'json'], {
        encoding: 'utf8',
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      return out.trim() ? JSON.parse(out) : {};
    } catch (e) {
      assert.fail(`aws cognito-idp ${args[0]} failed:\n${e.stderr ?? e.message}`);
    }
  };
  const pool = cli('create-user-pool', '--pool-name', 'cli-app', '--policies', 'PasswordPolicy={MinimumLength=9}').UserPool;
  assert.equal(pool.Policies.PasswordPolicy.MinimumLength, 9);
  const client = cli(
    'create-user-pool-client', '--user-pool-id', pool.Id, '--client-name', 'web',
    '--explicit-auth-flows', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH',
  ).UserPoolClient;
  assert.deepEqual(client.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  cli('admin-create-user', '--user-pool-id', pool.Id, '--username', 'cli-user', '--message-action', 'SUPPRESS');
  cli('admin-set-user-password', '--user-pool-id', pool.Id, '--username', 'cli-user', '--password', 'Passw0rd!x', '--permanent');
  const auth = cli(
    'initiate-auth', '--client-id', client.ClientId, '--auth-flow', 'USER_PASSWORD_AUTH',
    '--auth-parameters', 'USERNAME=cli-user,PASSWORD=Passw0rd!x',
  );
  assert.ok(auth.AuthenticationResult.AccessToken);
  const listed = cli('list-user-pool-clients', '--user-pool-id', pool.Id).UserPoolClients;
  assert.deepEqual(listed.map((c) => c.ClientId), [client.ClientId]);
});
