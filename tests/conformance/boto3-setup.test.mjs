// A setup script written for Amazon Cognito works against local-cognito: boto3 with
// endpoint_url creates a pool and a client through the control plane, then signs users up
// and in (tests/conformance/boto3_setup.py). boto3 is installed into target/pyenv by
// scripts/pyenv.sh (idempotent; seconds once installed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from '../harness/emulator.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
let emu;
let python;

before(async () => {
  const out = execFileSync(path.join(ROOT, 'scripts', 'pyenv.sh'), ['boto3'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  python = out.trim().split('\n').pop();
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
