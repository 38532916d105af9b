// JS-side helpers of cognito-wasm, imported by the wasm module (wasm-bindgen snippet).

// The error class every rejected call throws. `name` is spelled as in Amplify v6
// (e.g. 'UserAlreadyAuthenticatedException', 'CodeMismatchException').
export class AuthError extends Error {
  constructor(name, message, recoverySuggestion) {
    super(message);
    this.name = name;
    if (recoverySuggestion !== undefined) this.recoverySuggestion = recoverySuggestion;
  }
}

// ---- the app's own store (the `storage` client option) ------------------------------------
// Synchronous (the Web Storage interface) or asynchronous (Amplify's KeyValueStorageInterface,
// e.g. its CookieStorage): the client reads the keys a call needs before it runs (`storeRead`)
// and has its changes written through before it goes on (`storeWrites`).

/** Whether `s` has `getItem`, `setItem` and `removeItem` (nothing is called). */
export function isStore(s) {
  return ['getItem', 'setItem', 'removeItem'].every((k) => typeof s?.[k] === 'function');
}

const writes = new WeakMap();

/**
 * Sets (`value` a string) or removes (`value` undefined) `key`. A synchronous store is written
 * at once; an async store's writes run one after another, in call order. A failing write is
 * dropped (the client keeps the value in memory for this page).
 */
function storeWrite(s, key, value) {
  const go = () => (value === undefined ? s.removeItem(key) : s.setItem(key, value));
  let p = writes.get(s);
  if (p) p = p.then(go);
  else {
    try {
      p = go();
    } catch {
      return;
    }
    if (typeof p?.then !== 'function') return;
  }
  const done = Promise.resolve(p).then(() => {}, () => {});
  writes.set(s, done);
  done.then(() => { if (writes.get(s) === done) writes.delete(s); });
}

/** Writes `[key, value | undefined, …]` in order; resolves when the store has finished. */
export function storeWrites(s, flat) {
  for (let i = 0; i < flat.length; i += 2) storeWrite(s, flat[i], flat[i + 1]);
  return Promise.resolve(writes.get(s));
}

/** The values at `keys` (null: absent; undefined: the read failed), after pending writes. */
export async function storeRead(s, keys) {
  await writes.get(s);
  return Promise.all(keys.map(async (k) => {
    try {
      const v = await s.getItem(k);
      return typeof v === 'string' ? v : null;
    } catch {
      return undefined;
    }
  }));
}

// Runs `cb` when the page is idle (or soon, where requestIdleCallback is missing).
export function whenIdle(cb) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => cb(), { timeout: 2000 });
  else setTimeout(() => cb(), 0);
}

// Amplify's JWT shape: `{ payload, toString() }`.
export function jwt(token, payloadJson) {
  return { payload: JSON.parse(payloadJson), toString: () => token };
}

// The name ConfirmDevice gives this browser: its user agent, as Amplify's.
export function deviceName() {
  return globalThis.navigator?.userAgent || 'cognito-wasm';
}

// fetchDevices: Cognito's seconds since the epoch as Dates, as Amplify returns them.
export function withDates(devices) {
  for (const d of devices) {
    for (const k of ['createDate', 'lastModifiedDate', 'lastAuthenticatedDate']) {
      if (typeof d[k] === 'number') d[k] = new Date(d[k] * 1000);
    }
  }
  return devices;
}

// ---- WebAuthn ceremonies (passkeys) -------------------------------------------------------
// Options arrive and credentials leave as WebAuthn Level 3 JSON text; the Level 3 helpers are
// used when the browser has them, with a manual base64url conversion otherwise.

const b64u = {
  encode(buf) {
    const bytes = new Uint8Array(buf);
    let s = '';
    for (const b of bytes) s += String.fromCharCode(b);
    return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  },
  decode(str) {
    const s = str.replace(/-/g, '+').replace(/_/g, '/');
    const bin = atob(s + '==='.slice((s.length + 3) % 4));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0)).buffer;
  },
};

let ceremony = null;

// Aborts the running ceremony, if any (a new ceremony also aborts the previous one).
export function passkeyAbort() {
  if (ceremony) ceremony.abort(new DOMException('Replaced by another passkey ceremony', 'AbortError'));
  ceremony = null;
}

function freshSignal() {
  passkeyAbort();
  ceremony = new AbortController();
  return ceremony.signal;
}

export function passkeySupported() {
  return typeof PublicKeyCredential === 'function' && !!(globalThis.navigator && navigator.credentials);
}

export async function passkeyConditionalSupported() {
  return passkeySupported() && typeof PublicKeyCredential.isConditionalMediationAvailable === 'function'
    && (await PublicKeyCredential.isConditionalMediationAvailable());
}

function requireSupport() {
  if (!passkeySupported()) throw new DOMException('Passkeys are not supported in this browser', 'NotSupportedError');
}

function requestOptions(json) {
  if (typeof PublicKeyCredential.parseRequestOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: b64u.decode(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  };
}

function creationOptions(json) {
  if (typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function') {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return {
    ...json,
    challenge: b64u.decode(json.challenge),
    user: { ...json.user, id: b64u.decode(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: b64u.decode(c.id) })),
  };
}

function credentialJson(c) {
  const r = c.response;
  const out = {
    id: c.id,
    rawId: b64u.encode(c.rawId),
    type: c.type,
    clientExtensionResults: c.getClientExtensionResults ? c.getClientExtensionResults() : {},
    response: { clientDataJSON: b64u.encode(r.clientDataJSON) },
  };
  if (c.authenticatorAttachment) out.authenticatorAttachment = c.authenticatorAttachment;
  if (r.signature) {
    out.response.authenticatorData = b64u.encode(r.authenticatorData);
    out.response.signature = b64u.encode(r.signature);
    if (r.userHandle) out.response.userHandle = b64u.encode(r.userHandle);
  } else {
    out.response.attestationObject = b64u.encode(r.attestationObject);
    if (r.getTransports) out.response.transports = r.getTransports();
    if (r.getPublicKeyAlgorithm) out.response.publicKeyAlgorithm = r.getPublicKeyAlgorithm();
    const pk = r.getPublicKey && r.getPublicKey();
    if (pk) out.response.publicKey = b64u.encode(pk);
    if (r.getAuthenticatorData) out.response.authenticatorData = b64u.encode(r.getAuthenticatorData());
  }
  return out;
}

// navigator.credentials.get → AuthenticationResponseJSON text. Throws the DOMException.
export async function passkeyGet(optionsJson, conditional) {
  requireSupport();
  const signal = freshSignal();
  const publicKey = requestOptions(JSON.parse(optionsJson));
  const cred = await navigator.credentials.get({ publicKey, signal, ...(conditional ? { mediation: 'conditional' } : {}) });
  if (!cred) throw new DOMException('No passkey was returned', 'NotAllowedError');
  return JSON.stringify(credentialJson(cred));
}

// navigator.credentials.create → RegistrationResponseJSON text. Throws the DOMException.
export async function passkeyCreate(optionsJson) {
  requireSupport();
  const signal = freshSignal();
  const publicKey = creationOptions(JSON.parse(optionsJson));
  const cred = await navigator.credentials.create({ publicKey, signal });
  if (!cred) throw new DOMException('No passkey was created', 'NotAllowedError');
  return JSON.stringify(credentialJson(cred));
}

// ---- transport ------------------------------------------------------------------------------

// POSTs one Cognito action. Resolves with the HTTP answer, whatever its status; rejects only
// when none came back (network, CORS, DNS), with fetch's TypeError.
export function post(endpoint, target, userAgent, body, timeoutMs) {
  const headers = { 'Content-Type': 'application/x-amz-json-1.1', 'X-Amz-Target': target, 'X-Amz-User-Agent': userAgent };
  return send(endpoint, headers, body, timeoutMs, true);
}

// POSTs a form (the hosted UI's token endpoint: not a Cognito JSON action).
export function postForm(url, body, timeoutMs) {
  return send(url, { 'Content-Type': 'application/x-www-form-urlencoded' }, body, timeoutMs, false);
}

// A request unanswered for `timeoutMs` (reading the body included) is aborted and rejects with
// a DOMException named TimeoutError, which the caller reports as AuthError TimeoutError. The
// engines disagree on what fetch itself rejects with then: Chromium with the signal's
// TimeoutError, Firefox 153 with an AbortError once the body is being read, WebKitGTK 2.50
// with an AbortError always; so the signal, not fetch's error, tells a timeout.
async function send(url, headers, body, timeoutMs, withErrorType) {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const r = await fetch(url, { method: 'POST', cache: 'no-store', headers, body, signal });
    const errorType = withErrorType ? r.headers.get('x-amzn-errortype') ?? undefined : undefined;
    return { status: r.status, errorType, body: await r.text() };
  } catch (e) {
    throw signal.aborted ? signal.reason : e;
  }
}

// ---- the page's address (signInWithRedirect) ---------------------------------------------
export function pageUrl() {
  return String(globalThis.location?.href ?? '');
}

// Sends the browser to `url` once `p` resolves with it (nothing when it resolves otherwise).
export function navigateWhen(p) {
  return p.then((url) => {
    if (typeof url === 'string' && url) globalThis.location.assign(url);
  });
}

// `p` settled, never rejecting (a redirect sign-in's completion, which calls wait for).
export function quiet(p) {
  return p.then(() => {}, () => {});
}

// Shows `url` in the address bar without loading it (the code and state are gone from it).
export function replaceUrl(url) {
  try {
    globalThis.history?.replaceState(globalThis.history.state, '', url);
  } catch {
    // Another origin (cannot happen for the page's own redirect URL): leave it.
  }
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---- the operation loop ---------------------------------------------------------------------

// Runs one operation. `step(ok, value)` takes how the last effect's promise settled and
// returns the next effect's promise (a request, a retry wait, a passkey ceremony), or the
// operation's result; it throws the operation's AuthError.
export async function drive(step, gate) {
  // Nothing runs before the caller has its promise (as with any promise-returning call).
  await null;
  // A redirect sign-in being completed on this page: calls wait for it, as Amplify's do.
  if (gate) await gate.catch(() => {});
  let ok = true;
  let value;
  for (;;) {
    const next = step(ok, value);
    if (!(next instanceof Promise)) return next;
    try {
      value = await next;
      ok = true;
    } catch (e) {
      value = e;
      ok = false;
    }
  }
}
