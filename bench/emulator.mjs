#!/usr/bin/env node
// Emulator throughput: USER_PASSWORD_AUTH sign-ins per second, local-cognito vs moto's Cognito,
// in one run (`make bench-emulator`, part of `make bench`).
//
//   node bench/emulator.mjs
//
// Needs: the optimised local-cognito ($LOCAL_COGNITO_BIN, else target/emulator/local-cognito:
// `cargo build -p local-cognito --profile emulator`) and moto's server ($MOTO_SERVER, else
// target/pyenv/bin/moto_server: scripts/pyenv.sh installs it).
//
// Both servers listen on 127.0.0.1 (port 0 / a free port). Each is set up the same way, through
// Cognito's own control plane: CreateUserPool, CreateUserPoolClient (ALLOW_USER_PASSWORD_AUTH),
// AdminCreateUser, AdminSetUserPassword (permanent). Then CLIENTS keep-alive connections each
// send InitiateAuth USER_PASSWORD_AUTH back to back, every answer checked for an
// AuthenticationResult, until REQUESTS sign-ins are done or SECONDS have passed. Rounds
// alternate ours and moto (ROUNDS each, after one warm-up round each); reported is the median
// round. Environment: CLIENTS (4), REQUESTS (2000), SECONDS (6), ROUNDS (3),
// BENCH_EMULATOR_JSON (target/bench-emulator.json).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLIENTS = Number(process.env.CLIENTS ?? 4);
const REQUESTS = Number(process.env.REQUESTS ?? 2000);
const SECONDS = Number(process.env.SECONDS ?? 6);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const OUT = process.env.BENCH_EMULATOR_JSON ?? path.join(ROOT, 'target', 'bench-emulator.json');
const OURS = process.env.LOCAL_COGNITO_BIN ?? path.join(ROOT, 'target', 'emulator', 'local-cognito');
const MOTO = process.env.MOTO_SERVER ?? path.join(ROOT, 'target', 'pyenv', 'bin', 'moto_server');
const PASSWORD = 'Bench-Passw0rd!';

const children = [];
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL')));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function start(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  child.stderr.resume();
  return child;
}

async function startOurs() {
  if (!fs.existsSync(OURS)) throw new Error(`local-cognito not found at ${OURS}`);
  const child = start(OURS, ['--host', '127.0.0.1', '--port', '0']);
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolve);
    child.once('exit', (c) => reject(new Error(`local-cognito exited (${c}) before ready`)));
  });
  return { name: 'local-cognito', child, endpoint: JSON.parse(line).userPoolEndpoint };
}

async function startMoto() {
  if (!fs.existsSync(MOTO)) throw new Error(`moto_server not found at ${MOTO}`);
  const port = await freePort();
  const child = start(MOTO, ['-H', '127.0.0.1', '-p', String(port)]);
  child.stdout.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await call({ endpoint, agent: new http.Agent() }, 'ListUserPools', { MaxResults: 1 });
      return { name: 'moto', child, endpoint };
    } catch (e) {
      if (Date.now() > deadline) throw new Error(`moto_server not ready on ${endpoint}: ${e.message}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

function call(server, action, body) {
  const data = Buffer.from(JSON.stringify(body));
  const url = new URL(server.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: '/',
        method: 'POST',
        agent: server.agent,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
          // moto routes by the SigV4 credential scope's service name.
          authorization:
            'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
          'content-length': data.length,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode !== 200) reject(new Error(`${action}: ${res.statusCode} ${text.slice(0, 200)}`));
          else resolve(text ? JSON.parse(text) : {});
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

async function setUp(server) {
  server.agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
  const pool = (await call(server, 'CreateUserPool', { PoolName: 'bench' })).UserPool;
  const client = (
    await call(server, 'CreateUserPoolClient', {
      UserPoolId: pool.Id,
      ClientName: 'bench',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    })
  ).UserPoolClient;
  await call(server, 'AdminCreateUser', {
    UserPoolId: pool.Id,
    Username: 'bench-user',
    TemporaryPassword: 'Temp-Passw0rd!',
    MessageAction: 'SUPPRESS',
  });
  await call(server, 'AdminSetUserPassword', {
    UserPoolId: pool.Id,
    Username: 'bench-user',
    Password: PASSWORD,
    Permanent: true,
  });
  server.signIn = {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: client.ClientId,
    AuthParameters: { USERNAME: 'bench-user', PASSWORD },
  };
}

async function round(server) {
  let done = 0;
  const started = process.hrtime.bigint();
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (done < REQUESTS && Date.now() < deadline) {
      done += 1;
      const r = await call(server, 'InitiateAuth', server.signIn);
      if (!r.AuthenticationResult?.AccessToken) throw new Error(`${server.name}: no tokens`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  const secs = Number(process.hrtime.bigint() - started) / 1e9;
  return { signIns: done, seconds: secs, perSecond: done / secs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const servers = [await startOurs(), await startMoto()];
  for (const s of servers) await setUp(s);
  const results = Object.fromEntries(servers.map((s) => [s.name, []]));
  for (let i = 0; i <= ROUNDS; i++) {
    const order = i % 2 === 0 ? servers : [...servers].reverse();
    for (const s of order) {
      const r = await round(s);
      if (i > 0) results[s.name].push(r); // round 0 warms both up
    }
  }
  const ours = median(results['local-cognito'].map((r) => r.perSecond));
  const moto = median(results.moto.map((r) => r.perSecond));
  const line = (name, v) => `  ${name.padEnd(14)} ${v.toFixed(0).padStart(7)} sign-ins/s`;
  console.log(`USER_PASSWORD_AUTH sign-ins per second, ${CLIENTS} keep-alive clients on loopback, median of ${ROUNDS} rounds (≤ ${REQUESTS} sign-ins or ${SECONDS} s each)`);
  console.log(line('local-cognito', ours));
  console.log(line('moto', moto));
  console.log(`  ratio          ${(ours / moto).toFixed(2)}× moto`);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(
    OUT,
    JSON.stringify({ clients: CLIENTS, rounds: results, oursPerSecond: ours, motoPerSecond: moto, ratio: ours / moto }, null, 2),
  );
  for (const s of servers) s.child.kill('SIGTERM');
}

main().catch((e) => {
  console.error(`bench-emulator: ${e.stack ?? e}`);
  process.exit(1);
});
