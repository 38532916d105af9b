// JS helpers of the browser tests (tests/browser.rs), one module: the test runner's small
// HTTP server has been seen to stall one of several module requests made at once (the page
// then never starts), so the tests load one helper module instead of one per helper block.

export async function getJson(url) { const r = await fetch(url); return r.json(); }
export async function postJson(url, body) {
  const r = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return r.json();
}
export function clearStorage() { localStorage.clear(); sessionStorage.clear(); }
export function storageKeys() { return Object.keys(localStorage).sort(); }
export function localItem(k) { return localStorage.getItem(k); }
export function setLocalItem(k, v) { localStorage.setItem(k, v); }
export function uniq(prefix) { return prefix + '-' + Math.random().toString(36).slice(2, 10); }
export function isError(e) { return e instanceof Error; }
export function callUri(details, app, account) { return details.getSetupUri(app, account); }

export function recorder() {
  const events = [];
  const cb = (capsule) => events.push(capsule.payload.event);
  return { events, cb };
}
export function both(a, b) { return Promise.all([a, b]); }

export async function admin(endpoint, action, body) {
  const r = await fetch(endpoint, { method: 'POST', headers: {
    'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.' + action },
    body: JSON.stringify(body) });
  const out = await r.json();
  if (!r.ok) throw new Error(action + ': ' + JSON.stringify(out));
  return out;
}

export function mapStore() {
  const m = new Map();
  return { map: m, store: { getItem: (k) => (m.has(k) ? m.get(k) : null), setItem: (k, v) => { m.set(k, String(v)); }, removeItem: (k) => { m.delete(k); } } };
}
/**
 * An async store (Amplify's KeyValueStorageInterface) over a Map, each answer `ms` late: a
 * write lands in the map only when its promise resolves.
 */
export function asyncStore(ms) {
  const m = new Map();
  const later = (f) => new Promise((resolve) => setTimeout(() => resolve(f()), ms));
  return { map: m, store: {
    getItem: (k) => later(() => (m.has(k) ? m.get(k) : null)),
    setItem: (k, v) => later(() => { m.set(k, String(v)); }),
    removeItem: (k) => later(() => { m.delete(k); }),
    clear: () => later(() => m.clear()),
  } };
}
/** An async store whose every answer is a rejection (say, cookies blocked). */
export function rejectingStore() {
  const no = () => Promise.reject(new Error('storage blocked'));
  return { getItem: no, setItem: no, removeItem: no };
}
/** Stores the constructor must refuse: one method missing or not a function. */
export function badStores() {
  return [
    { getItem: () => null, setItem: () => {} },
    { getItem: async () => null, setItem: async () => {}, removeItem: 'no' },
    {},
  ];
}
/** A store whose methods all throw (say, storage blocked): accepted, the client uses memory. */
export function throwingStore() {
  const no = () => { throw new Error('storage blocked'); };
  return { getItem: no, setItem: no, removeItem: no };
}
export function mapKeys(m) { return [...m.keys()].sort(); }
export function withStorage(store) { return { storage: store }; }

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Makes localStorage.setItem throw (as when the quota is full) for one key, until restored.
let realSetItem;
export function failSetItem(key) {
  realSetItem = realSetItem ?? Storage.prototype.setItem;
  const real = realSetItem;
  Storage.prototype.setItem = function (k, v) {
    if (k === key) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return real.call(this, k, v);
  };
}
export function restoreSetItem() {
  if (realSetItem) Storage.prototype.setItem = realSetItem;
  realSetItem = undefined;
}

// Records every console line (log, info, warn, error, debug) until stopped; returns them.
let consoleLines;
let realConsole;
export function recordConsole() {
  consoleLines = [];
  realConsole = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    realConsole[level] = console[level];
    console[level] = (...args) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : (() => { try { return JSON.stringify(a); } catch { return String(a); } })())).join(' '));
      realConsole[level].apply(console, args);
    };
  }
}
export function stopConsole() {
  for (const [level, f] of Object.entries(realConsole ?? {})) console[level] = f;
  realConsole = undefined;
  return consoleLines ?? [];
}

// Moves the page's clock (Date.now, which the library reads) by `ms`; 0 puts it back.
const realNow = Date.now;
export function shiftPageClock(ms) {
  Date.now = ms ? () => realNow() + ms : realNow;
}
