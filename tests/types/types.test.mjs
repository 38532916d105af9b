// TypeScript type tests: the generated .d.ts (pkg/) makes the good code compile and each bad
// file fail. Run after the package is built (scripts/test.sh builds it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const tsc = join(root, 'node_modules', '.bin', 'tsc');

function run(project) {
  const r = spawnSync(tsc, ['-p', project], { cwd: root, encoding: 'utf8' });
  return { status: r.status, out: (r.stdout || '') + (r.stderr || '') };
}

test('the package declarations exist and have no any in the public API', async () => {
  const dts = join(root, 'pkg', 'cognito_wasm.d.ts');
  assert.ok(existsSync(dts), 'pkg/cognito_wasm.d.ts (build the package first)');
  const text = (await import('node:fs')).readFileSync(dts, 'utf8');
  // The API part (wasm-bindgen's own InitOutput below it lists raw wasm exports), without comments.
  const publicPart = text.split('export type InitInput')[0].replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(publicPart, /\bany\b/);
});

test('exhaustive switches and README usage compile', () => {
  const r = run(join(here, 'tsconfig.json'));
  assert.equal(r.status, 0, r.out);
});

for (const cfg of readdirSync(join(here, 'fail')).filter((f) => f.endsWith('.json'))) {
  test(`fails to compile: ${cfg.replace(/^tsconfig\.|\.json$/g, '')}`, () => {
    const r = run(join(here, 'fail', cfg));
    assert.notEqual(r.status, 0, 'expected a type error');
    assert.match(r.out, /error TS\d+/);
  });
}
