// The SRP benchmark page (served by bench/server.mjs, driven by bench/run.mjs).
//
// window.bench = {
//   ready: Promise<{ loaded }>,            // modules loaded, wasm instantiated
//   verify(): Promise<{ expected, ours?, amplify? }>,  // Vector B signatures (checked by run.mjs)
//   run(name): Promise<{ ms, out }>,       // one timed operation (performance.now() in the page)
//   setupE2E({ endpoint, userPoolId, userPoolClientId, username, password })
// }
//
// Operations (each is ONE call of the library code, timed around exactly that call):
//   ours.ephemeral[.N]  srpEphemeral(N random bytes; 48 = what signIn uses)  -> g^a, SRP_A hex
//   ours.claim          srpClaim(): u, x, g^x, S, HKDF, HMAC with the last ephemeral
//   amplify.ephemeral   getAuthenticationHelper(poolName) + A.toString(16), as Amplify's
//                       handleUserSRPAuthFlow does before InitiateAuth (128 random bytes, g^a)
//   amplify.claim       handlePasswordVerifierChallenge's crypto: BigInteger(SRP_B), BigInteger(SALT),
//                       getPasswordAuthenticationKey (u, x, g^x, S, HKDF), getSignatureString
//   ours.signIn / amplify.signIn   end-to-end USER_SRP_AUTH signIn against the emulator
//   ours.signOut / amplify.signOut (not timed by the report; resets the signed-in state)
//   noop                the measuring overhead
const params = new URLSearchParams(location.search);
const only = params.get('only'); // 'ours' | 'amplify' | null (both)
const wantOurs = only !== 'amplify';
const wantAmplify = only !== 'ours';
const wantE2E = params.get('e2e') === '1';
const PKG = params.get('pkg') || '/target/bench-pkg/';


const ops = { noop: () => 'noop' };
const state = {};
let wasm;
let amp;

async function loadOurs() {
  wasm = await import(`${PKG}cognito_wasm.js`);
  await wasm.default({ module_or_path: `${PKG}cognito_wasm_bg.wasm` });
  state.ch = wasm.srpChallenge();
  for (const n of [32, 48, 128]) ops[`ours.ephemeral.${n}`] = () => wasm.srpEphemeral(n);
  ops['ours.ephemeral'] = () => wasm.srpEphemeral(48);
  ops['ours.claim'] = () => wasm.srpClaim();
}

async function loadAmplify() {
  const [srp, BigIntegerMod, HelperMod, calc, constants] = await Promise.all([
    import('/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/index.mjs'),
    import('/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/BigInteger/BigInteger.mjs'),
    import('/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/AuthenticationHelper/AuthenticationHelper.mjs'),
    import('/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/calculate/index.mjs'),
    import('/node_modules/@aws-amplify/auth/dist/esm/providers/cognito/utils/srp/constants.mjs'),
  ]);
  amp = { ...srp, BigInteger: BigIntegerMod.default, AuthenticationHelper: HelperMod.default, calculateA: calc.calculateA, INIT_N: constants.INIT_N };
  ops['amplify.ephemeral'] = async () => {
    const helper = await amp.getAuthenticationHelper(ch().poolName);
    state.helper = helper;
    return helper.A.toString(16);
  };
  ops['amplify.claim'] = async () => {
    const helper = state.helper;
    if (!helper) throw new Error('amplify.claim: run amplify.ephemeral first');
    state.helper = null;
    return amplifyClaim(helper);
  };
}

/** The crypto of Amplify's handlePasswordVerifierChallenge for the fixed challenge. */
async function amplifyClaim(helper) {
  const c = ch();
  const serverBValue = new amp.BigInteger(c.SRP_B, 16);
  const salt = new amp.BigInteger(c.SALT, 16);
  const hkdf = await helper.getPasswordAuthenticationKey({ username: c.username, password: c.password, serverBValue, salt });
  return amp.getSignatureString({
    username: c.username,
    userPoolName: c.poolName,
    challengeParameters: { SECRET_BLOCK: c.SECRET_BLOCK },
    dateNow: c.TIMESTAMP,
    hkdf,
  });
}

// The challenge comes from the wasm package (one source for both sides); a page that loads
// only Amplify (cold runs) gets it from run.mjs through setChallenge().
function ch() {
  if (!state.ch) throw new Error('no challenge: load ours or call bench.setChallenge()');
  return state.ch;
}

async function loadE2E() {
  const [{ Amplify }, auth] = await Promise.all([import('aws-amplify'), import('aws-amplify/auth')]);
  state.Amplify = Amplify;
  state.auth = auth;
}

async function verify() {
  const c = ch();
  const out = { expected: c.vectorB.signature };
  if (wasm) out.ours = wasm.srpVectorB();
  if (amp) {
    const N = new amp.BigInteger(amp.INIT_N, 16);
    const g = new amp.BigInteger('2', 16);
    const a = new amp.BigInteger(c.vectorB.a, 16);
    const A = await amp.calculateA({ a, g, N });
    out.amplify = await amplifyClaim(new amp.AuthenticationHelper({ userPoolName: c.poolName, a, g, A, N }));
  }
  // Also one random sign-in each way, checked against each other by construction: both must
  // produce a 44-character base64 signature.
  if (wasm) {
    wasm.srpEphemeral(48);
    out.oursRandom = wasm.srpClaim();
  }
  if (amp) {
    await ops['amplify.ephemeral']();
    out.amplifyRandom = await ops['amplify.claim']();
  }
  return out;
}

function setupE2E({ endpoint, userPoolId, userPoolClientId, username, password }) {
  const config = { Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: endpoint } } };
  const input = { username, password };
  if (wasm) {
    const client = new wasm.AuthClient(config, { storage: 'memory' });
    ops['ours.signIn'] = async () => step(await client.signIn(input));
    ops['ours.signOut'] = () => client.signOut();
  }
  if (state.auth) {
    state.Amplify.configure(config);
    ops['amplify.signIn'] = async () => step(await state.auth.signIn(input));
    ops['amplify.signOut'] = () => state.auth.signOut();
  }
  return Object.keys(ops);
}

function step(out) {
  const s = out?.nextStep?.signInStep;
  if (s !== 'DONE') throw new Error(`signIn ended at step ${s ?? JSON.stringify(out)}`);
  return s;
}

async function run(name) {
  const op = ops[name];
  if (!op) throw new Error(`unknown operation ${name} (have: ${Object.keys(ops).join(', ')})`);
  const t0 = performance.now();
  const out = await op();
  const ms = performance.now() - t0;
  return { ms, out: typeof out === 'string' ? out.slice(0, 16) : out ?? null };
}

const ready = (async () => {
  const loaded = [];
  if (wantOurs) {
    await loadOurs();
    loaded.push('ours');
  }
  if (wantAmplify) {
    await loadAmplify();
    loaded.push('amplify');
  }
  if (wantE2E) {
    await loadE2E();
    loaded.push('e2e');
  }
  return { loaded, crossOriginIsolated: globalThis.crossOriginIsolated === true };
})();
ready.then(
  (r) => (document.getElementById('out').textContent = `ready: ${JSON.stringify(r)}`),
  (e) => (document.getElementById('out').textContent = `error: ${e?.stack || e}`),
);

window.bench = {
  ready,
  verify,
  run,
  setupE2E,
  setChallenge: (c) => {
    state.ch = c;
  },
  challenge: () => ch(),
};
