// A Vite app using the cognito-wasm npm package as documented: no Vite plugin, no config,
// no init call. The pool comes from the query string (?userPoolId=…&userPoolClientId=…&endpoint=…);
// the test drives the library through window.app.
import {
  configure, onAuthEvent, signUp, confirmSignUp, autoSignIn, fetchAuthSession, getCurrentUser, AuthClient, AuthError, WasmLoadError,
  decodeJWT, preload,
} from 'cognito-wasm';

const q = new URLSearchParams(location.search);
const config = {
  Auth: {
    Cognito: {
      userPoolId: q.get('userPoolId'),
      userPoolClientId: q.get('userPoolClientId'),
      userPoolEndpoint: q.get('endpoint'),
    },
  },
};
configure(config);
// Subscriptions and a client made before the wasm is ready.
window.authEvents = [];
onAuthEvent((e) => window.authEvents.push(e.payload.event));
const off = onAuthEvent(() => (window.unsubscribedListenerCalled = true));
off();
const client = new AuthClient(config, { storage: 'memory' });
try {
  window.pendingBeforeReady = client.getPendingSignIn();
} catch (e) {
  window.pendingBeforeReady = { name: e.name, isAuthError: e instanceof AuthError };
}

// decodeJWT is synchronous, before the wasm is ready too; the test holds both decoders to the
// same answers (the wasm's is the library's own).
const b64u = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const JWTS = [
  `h.${b64u('{"sub":"s-1","exp":1700000000,"name":"Zoë ✓","cognito:groups":["a"]}')}.sig`,
  `h.${b64u('{"a":{"b":[1,2.5,null,true]}}')}.`,
  'a.b', '', 'a.!!!.c', `h.${b64u('null')}.s`, `h.${b64u('[1]')}.s`, `h.${b64u('{"a":')}.s`, 'h.//79.s', 'a.e30.b.c',
];
const decodeAll = () => JWTS.map((t) => {
  try {
    const j = decodeJWT(t);
    return { payload: j.payload, string: j.toString() === t };
  } catch (e) {
    return { error: e.name, isAuthError: e instanceof AuthError };
  }
});
window.jwtBeforeReady = decodeAll();
window.jwtAfterReady = preload().then(decodeAll);

// The app renders without waiting for the wasm module.
document.getElementById('status').textContent = 'ready';
// The page's clock when the app rendered (the test compares it with the wasm's fetch start).
window.renderedAt = performance.now();

// Calls made at once, before the wasm module can be ready: they wait for it.
const settle = (p) =>
  p.then(
    (value) => ({ value }),
    (e) => ({ error: { name: e?.name, isAuthError: e instanceof AuthError, isWasmLoadError: e instanceof WasmLoadError } }),
  );
window.firstCalls = Promise.all([
  settle(fetchAuthSession().then((s) => ({ signedIn: s.tokens !== undefined }))),
  settle(getCurrentUser()),
  settle(client.fetchAuthSession().then((s) => ({ signedIn: s.tokens !== undefined }))),
]);

window.app = { signUp, confirmSignUp, autoSignIn, fetchAuthSession, getCurrentUser, AuthError, WasmLoadError, client };
document.documentElement.dataset.ready = 'true';
