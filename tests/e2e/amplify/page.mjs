// The interop page: the real aws-amplify v6 (its ESM straight from node_modules, import
// specifiers rewritten by bench/server.mjs) and cognito-wasm (the release build in pkg/),
// both configured for the same pool, both on this origin's localStorage.
//
// window.interop = {
//   ready: Promise<{ amplify, cognitoWasm }>,   // both loaded and configured
//   run(src, arg): Promise<{ ok, out } | { ok: false, error }>,
// }
// run() evaluates `src` (a function's source) as f(lib, arg) with
// lib = { Amplify, amplify (aws-amplify/auth), cw (cognito-wasm), config, jwt, CookieStorage
// (aws-amplify/utils), cognitoUserPoolsTokenProvider (aws-amplify/auth/cognito) }; the result
// goes through JSON, a rejection is { name, message, className, isError }.
import { Amplify } from 'aws-amplify';
import * as amplify from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { CookieStorage } from 'aws-amplify/utils';
import init, * as cw from '../../../pkg/cognito_wasm.js';

const q = new URLSearchParams(location.search);
const config = {
  Auth: {
    Cognito: {
      userPoolEndpoint: q.get('endpoint'),
      userPoolId: q.get('userPoolId'),
      userPoolClientId: q.get('userPoolClientId'),
    },
  },
};

const b64urlDecode = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(s.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
const text = new TextDecoder();

/** JWT helpers with WebCrypto (no library code involved). */
const jwt = {
  parts(token) {
    const [h, p, s] = String(token).split('.');
    return { header: JSON.parse(text.decode(b64urlDecode(h))), payload: JSON.parse(text.decode(b64urlDecode(p))), signed: `${h}.${p}`, signature: b64urlDecode(s) };
  },
  /** Verifies an RS256 JWT against a JWKS: { ok, kid, alg, header, payload }. */
  async verify(token, jwks) {
    const { header, payload, signed, signature } = jwt.parts(token);
    const jwk = jwks.keys.find((k) => k.kid === header.kid);
    if (!jwk) return { ok: false, reason: `no key ${header.kid}`, header, payload };
    const key = await crypto.subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['verify']);
    const ok = await crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature, new TextEncoder().encode(signed));
    return { ok, kid: header.kid, alg: header.alg, header, payload };
  },
};

async function run(src, arg) {
  // eslint-disable-next-line no-eval
  const f = (0, eval)(`(${src})`);
  try {
    const out = await f({ Amplify, amplify, cw, config, jwt, CookieStorage, cognitoUserPoolsTokenProvider }, arg);
    return { ok: true, out: out === undefined ? null : JSON.parse(JSON.stringify(out)) };
  } catch (e) {
    return { ok: false, error: { name: e?.name, message: e?.message, className: e?.constructor?.name, isError: e instanceof Error } };
  }
}

const ready = (async () => {
  await init();
  Amplify.configure(config);
  cw.configure(config);
  return { amplify: Object.keys(amplify).length, cognitoWasm: Object.keys(cw).length, origin: location.origin };
})();
ready.then(
  (r) => (document.getElementById('out').textContent = `ready: ${JSON.stringify(r)}`),
  (e) => (document.getElementById('out').textContent = `error: ${e?.stack || e}`),
);

window.interop = { ready, run };
