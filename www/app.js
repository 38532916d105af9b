// cognito-wasm demo: one dependency-free page that walks through every flow of the package
// against local-cognito (or any Cognito user pool).
//
// Config: URL parameters ?endpoint=&userPoolId=&userPoolClientId=[&storage=] win; otherwise
// ./local-cognito.json (written by `local-cognito --write-config www/local-cognito.json`,
// which `make demo` does).
//
// Structure, for whoever adds the next panel:
//   - every call goes through run(call, input, opts): it finds the function (AuthClient
//     method first, then the package's top-level export), logs input (passwords redacted)
//     and output/error, updates the card's result line, and routes sign-in / sign-up shaped
//     outputs to the Next step panel / the Confirm sign-up card.
//   - a new card = a <section class="card"> in index.html + a few lines in setupForms()
//     that call run(); a new sign-in step = an entry in STEP_RENDERERS.
//   - no-argument exports listed in SESSION_CALLS get a button in the Session card as soon
//     as the package exports them; cards marked data-needs="fnA fnB" stay hidden until the
//     package has those functions; cards marked data-signed-in are shown only while a user
//     is signed in (and forget what they showed on sign-out); the API explorer can call
//     anything with JSON input.
//   - auth events (onAuthEvent) go to the log and keep the auth state pill current.

const APP_NAME = 'cognito-wasm demo';
const INBOX_POLL_MS = 1500;
const REDACTED = '••••••••';
// No-argument calls that get a Session button once the package exports them.
const SESSION_CALLS = ['getCurrentUser', 'fetchAuthSession', 'fetchUserAttributes', 'fetchDevices', 'listWebAuthnCredentials'];
const MFA_PREFERENCES = ['ENABLED', 'DISABLED', 'PREFERRED', 'NOT_PREFERRED'];
// Calls whose failure may have changed (or ended) the pending sign-in.
const SIGN_IN_CALLS = new Set(['signIn', 'confirmSignIn', 'autoSignIn', 'resumeSignIn', 'signInWithPasskeyAutofill']);
const SS = { inboxUser: 'cognito-wasm-demo.inboxUser', username: 'cognito-wasm-demo.username' };
// The last username that signed in (localStorage, so it outlives the tab): passkey autofill
// needs a username before Cognito issues a WebAuthn challenge.
const LS_LAST_USER = 'cognito-wasm-demo.lastSignedInUser';

let wasm = null; // the package module
const state = { cfg: null, client: null, step: null, endpoint: '', autofillArmed: false };

// ---------------------------------------------------------------------------------- DOM
const $ = (id) => document.getElementById(id);

function h(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const kid of kids.flat(Infinity)) {
    if (kid === undefined || kid === null || kid === false) continue;
    e.append(kid instanceof Node ? kid : String(kid));
  }
  return e;
}

function setResult(id, kind, text) {
  const p = id && $(id);
  if (!p) return;
  p.dataset.state = kind;
  p.textContent = text;
}

function val(id) {
  return ($(id)?.value ?? '').trim();
}

function fill(id, value, { onlyIfEmpty = false } = {}) {
  const e = $(id);
  if (!e || value === undefined || value === null) return;
  if (onlyIfEmpty && e.value.trim()) return;
  e.value = value;
}

function fmtTime(d = new Date()) {
  return d.toLocaleTimeString([], { hour12: false });
}

// ---------------------------------------------------------------------------------- JSON
function toJson(v) {
  if (v === undefined) return 'undefined';
  // AWS credentials' secret parts never reach the log.
  const secret = (k, x) => typeof x === 'string' && (k === 'secretAccessKey' || k === 'sessionToken');
  return JSON.stringify(v, (k, x) => (typeof x === 'function' ? `ƒ ${k}()` : secret(k, x) ? REDACTED : x), 2);
}

/** Deep copy with every `*password*` key (and `extra` keys) replaced by dots. */
function redact(v, extra = []) {
  if (Array.isArray(v)) return v.map((x) => redact(x, extra));
  if (v && typeof v === 'object') {
    const o = {};
    for (const [k, x] of Object.entries(v)) {
      o[k] = typeof x === 'string' && (/password/i.test(k) || extra.includes(k)) ? REDACTED : redact(x, extra);
    }
    return o;
  }
  return v;
}

function errorInfo(e) {
  if (e && typeof e === 'object') {
    return { name: e.name || 'Error', message: e.message ?? String(e), recoverySuggestion: e.recoverySuggestion };
  }
  return { name: 'Error', message: String(e) };
}

function delivery(d) {
  if (!d) return '';
  const how = d.deliveryMedium ? `by ${d.deliveryMedium}` : '';
  const where = d.destination ? `to ${d.destination}` : '';
  return ['code sent', how, where].filter(Boolean).join(' ');
}

function attributeStep(n) {
  const d = delivery(n.codeDeliveryDetails);
  return `${n.updateAttributeStep}${d ? ` · ${d}` : ''}`;
}

function summarize(out) {
  if (out === undefined) return '✓ done';
  const n = out?.nextStep;
  if (n?.signInStep) return `✓ isSignedIn: ${out.isSignedIn} · signInStep: ${n.signInStep}`;
  if (n?.signUpStep) {
    const d = delivery(n.codeDeliveryDetails);
    return `✓ isSignUpComplete: ${out.isSignUpComplete} · signUpStep: ${n.signUpStep}${d ? ` · ${d}` : ''}`;
  }
  if (n?.resetPasswordStep) {
    const d = delivery(n.codeDeliveryDetails);
    return `✓ resetPasswordStep: ${n.resetPasswordStep}${d ? ` · ${d}` : ''}`;
  }
  if (n?.updateAttributeStep) return `✓ ${attributeStep(n)}`; // updateUserAttribute
  const updates = out && typeof out === 'object' && !Array.isArray(out) ? Object.entries(out) : [];
  if (updates.length && updates.every(([, x]) => x?.nextStep?.updateAttributeStep)) {
    return `✓ ${updates.map(([k, x]) => `${k}: ${attributeStep(x.nextStep)}`).join(' · ')}`; // updateUserAttributes
  }
  if (out && typeof out === 'object' && 'deliveryMedium' in out) return `✓ ${delivery(out)}`;
  if (out && typeof out.sharedSecret === 'string') return '✓ sharedSecret and getSetupUri received · add the key to an authenticator app, then enter its code';
  const aws = out?.identityId
    ? ` · identityId ${out.identityId}${out.credentials?.expiration ? ` · AWS credentials expire ${fmtTime(out.credentials.expiration)}` : ''}`
    : '';
  if (out?.tokens) {
    const exp = out.tokens.accessToken?.payload?.exp;
    return `✓ tokens: ${Object.keys(out.tokens).join(', ')} · userSub ${out.userSub ?? '?'}${exp ? ` · access token expires ${fmtTime(new Date(exp * 1000))}` : ''}${aws}`;
  }
  if (aws) return `✓ signed out, guest${aws}`;
  const s = JSON.stringify(out) ?? String(out);
  return `✓ ${s.length > 120 ? `${s.slice(0, 117)}…` : s}`;
}

// ----------------------------------------------------------------------------------- log
let logSeq = 0;

function logStart(call, input, hasInput) {
  const list = $('log');
  const seq = ++logSeq;
  const badge = h('span', { class: 'badge', 'data-testid': 'log-status' }, '…');
  const li = h(
    'li',
    { class: 'log-entry', 'data-testid': 'log-entry', 'data-call': call, 'data-status': 'pending', 'data-seq': seq },
    h('div', { class: 'log-head' }, h('code', { class: 'call' }, `${call}(${hasInput ? '…' : ''})`), badge, h('time', {}, fmtTime())),
    hasInput ? h('details', { class: 'log-input' }, h('summary', {}, 'input'), h('pre', {}, toJson(input))) : null,
  );
  list.prepend(li);
  while (list.children.length > 200) list.lastElementChild.remove();
  return { li, badge };
}

function logOk({ li, badge }, shown) {
  li.dataset.status = 'ok';
  badge.textContent = 'ok';
  li.append(h('pre', { class: 'log-output', 'data-testid': 'log-output' }, shown));
}

function logFail({ li, badge }, err) {
  li.dataset.status = 'error';
  li.dataset.errorName = err.name;
  badge.textContent = 'error';
  li.append(
    h(
      'div',
      { class: 'log-error', 'data-testid': 'log-error' },
      h('strong', { 'data-testid': 'error-name' }, err.name),
      ': ',
      h('span', { 'data-testid': 'error-message' }, err.message),
      err.recoverySuggestion ? h('div', { class: 'hint' }, err.recoverySuggestion) : null,
    ),
  );
}

function logEvent(payload) {
  const event = payload?.event ?? '?';
  $('log').prepend(
    h(
      'li',
      { class: 'log-entry event', 'data-testid': 'log-event', 'data-event': event },
      h('div', { class: 'log-head' }, h('code', { class: 'call' }, `auth event: ${event}`), h('time', {}, fmtTime())),
      payload?.data !== undefined ? h('details', { class: 'log-input' }, h('summary', {}, 'data'), h('pre', {}, toJson(payload.data))) : null,
    ),
  );
}

function logNote(text) {
  $('log').prepend(h('li', { class: 'log-entry note', 'data-testid': 'log-note' }, h('div', { class: 'log-head' }, h('span', {}, text), h('time', {}, fmtTime()))));
}

// ---------------------------------------------------------------------------------- calls
function resolve(call) {
  const c = state.client;
  if (c && typeof c[call] === 'function') return c[call].bind(c);
  if (wasm && typeof wasm[call] === 'function') return wasm[call];
  return null;
}

/**
 * Calls `call` (AuthClient method, else top-level export) and reports it everywhere.
 * opts: resultId (the card's result line), noInput, button (disabled while running),
 * redactKeys (extra input keys to hide in the log), hideInput / hideOutput (log placeholders).
 */
async function run(call, input, opts = {}) {
  const { resultId, noInput = false, button, redactKeys = [], hideInput = false, hideOutput = null } = opts;
  const fn = resolve(call);
  const shownInput = hideInput ? REDACTED : redact(input, redactKeys);
  const entry = logStart(call, shownInput, !noInput);
  if (button) button.disabled = true;
  setResult(resultId, 'busy', `${call}…`);
  try {
    if (!fn) throw Object.assign(new Error(`${call} is not exported by this build of the package`), { name: 'NotExported' });
    const out = await (noInput ? fn() : fn(input));
    logOk(entry, hideOutput ? hideOutput(out) : toJson(out));
    setResult(resultId, 'ok', summarize(out));
    afterSuccess(call, out);
    return { ok: true, out };
  } catch (e) {
    const err = errorInfo(e);
    logFail(entry, err);
    setResult(resultId, 'error', `✗ ${err.name}: ${err.message}`);
    afterError(call, err);
    return { ok: false, err };
  } finally {
    if (button) button.disabled = false;
    refreshInbox();
  }
}

function afterSuccess(call, out) {
  const n = out?.nextStep;
  if (n?.signInStep) setStep(out);
  if (n?.signUpStep) onSignUpStep(call, out);
  if (call === 'signOut' || call === 'deleteUser') {
    setStep(null);
    setStatus('signed-out');
    clearPasskeyList();
  }
  if (call === 'confirmResetPassword') fill('si-username', val('rp-username'));
  if (call === 'getCurrentUser' && out?.username) setStatus('signed-in', out.username);
  if (call === 'setUpTOTP') showTotpSetup(out);
  if (call === 'verifyTOTPSetup') $('totp-setup').hidden = true;
}

function afterError(call) {
  if (!SIGN_IN_CALLS.has(call) || !state.client) return;
  // The pending sign-in may have survived (wrong code) or ended (session expired).
  const pending = state.client.getPendingSignIn();
  const now = pending?.nextStep?.signInStep;
  const shown = state.step?.nextStep?.signInStep;
  if (now && now === shown) return; // same step: keep what the user typed
  if (pending) setStep(pending);
  else if (shown && shown !== 'DONE') setStep(null);
}

// ---------------------------------------------------------------------------- auth state
function setStatus(kind, detail) {
  const pill = $('auth-status');
  pill.dataset.state = kind;
  const text = {
    'signed-in': `Signed in${detail ? ` as ${detail}` : ''}`,
    'signed-out': 'Signed out',
    pending: `Sign-in pending${detail ? `: ${detail}` : ''}`,
    unknown: 'Unknown',
  }[kind] ?? kind;
  pill.textContent = text;
  pill.title = text;
  syncAccount(kind, detail);
}

/**
 * Who is signed in: getCurrentUser() when the package has it (no request), else the
 * LastAuthUser key of the stored tokens. Returns the username or null. `log`: put the call in
 * the log (an error there only means "nobody signed in", so it is a note, not an error).
 */
async function currentUser({ log = false } = {}) {
  const fn = resolve('getCurrentUser');
  if (!fn) return storedUser();
  try {
    const u = await fn();
    if (log) logOk(logStart('getCurrentUser', undefined, false), toJson(u));
    return u?.username ?? '';
  } catch (e) {
    if (log) logNote(`getCurrentUser: ${errorInfo(e).name}, nobody is signed in`);
    return null;
  }
}

async function refreshStatus() {
  const who = await currentUser();
  rememberSignedIn(who);
  if (state.step && state.step.nextStep?.signInStep !== 'DONE') return; // a sign-in is pending
  setStatus(who !== null ? 'signed-in' : 'signed-out', who || undefined);
}

function storedUser() {
  const key = `CognitoIdentityServiceProvider.${state.cfg.cognito.userPoolClientId}.LastAuthUser`;
  try {
    return localStorage.getItem(key) ?? sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------- sign-up UI
function onSignUpStep(call, out) {
  const step = out.nextStep.signUpStep;
  const auto = $('cs-auto');
  auto.classList.toggle('suggested', step === 'COMPLETE_AUTO_SIGN_IN');
  if (call === 'signUp') {
    fill('cs-username', val('su-username'));
    fill('si-username', val('su-username'), { onlyIfEmpty: true });
    if (step === 'CONFIRM_SIGN_UP') $('cs-code').focus();
  }
  if (step === 'COMPLETE_AUTO_SIGN_IN') {
    setResult(call === 'signUp' ? 'signup-result' : 'confirm-signup-result', 'ok', `${summarize(out)} · press Auto sign-in`);
    auto.focus();
  } else if (call === 'confirmSignUp' && step === 'DONE') {
    fill('si-username', val('cs-username'));
  }
}

function showTotpSetup(d) {
  let uri = '';
  try {
    uri = typeof d?.getSetupUri === 'function' ? String(d.getSetupUri(APP_NAME)) : '';
  } catch (e) {
    uri = `getSetupUri failed: ${errorInfo(e).message}`;
  }
  $('mfa-totp-secret').textContent = d?.sharedSecret ?? '';
  $('mfa-totp-uri').textContent = uri;
  $('totp-setup').hidden = false;
  $('totp-verify-code').value = '';
  $('totp-verify-code').focus();
}

// ----------------------------------------------------------------------- next step panel
function confirm(input, button, { secret = false } = {}) {
  return run('confirmSignIn', input, { resultId: 'next-step-result', button, redactKeys: secret ? ['challengeResponse'] : [] });
}

/** A form of text fields that answers the step with confirmSignIn(build(values)). */
function answerForm(box, fields, submitLabel, build, { secret = false } = {}) {
  const form = h('form', { id: 'ns-form', 'data-testid': 'next-step-form', novalidate: true });
  for (const f of fields) {
    form.append(
      h('label', { for: f.id }, f.label),
      h('input', {
        id: f.id,
        name: f.name ?? f.id,
        type: f.type ?? 'text',
        autocomplete: f.autocomplete ?? 'off',
        inputmode: f.inputmode,
        placeholder: f.placeholder,
      }),
    );
  }
  const submit = h('button', { type: 'submit', id: 'ns-submit' }, submitLabel);
  form.append(h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const values = Object.fromEntries(fields.map((f) => [f.id, $(f.id).value.trim()]));
    confirm(build(values), submit, { secret });
  });
  box.append(form);
  queueMicrotask(() => $(fields[0]?.id)?.focus());
}

function choiceButtons(box, label, items, testid, text) {
  const group = h('div', { class: 'choices', role: 'group', 'aria-label': label });
  for (const item of items ?? []) {
    const b = h('button', { type: 'button', class: 'choice', 'data-testid': `${testid}-${item}`, 'data-value': item }, text(item));
    b.addEventListener('click', () => confirm({ challengeResponse: item }, b));
    group.append(b);
  }
  box.append(group);
}

const codeField = (label = 'Code') => ({ id: 'ns-code', label, inputmode: 'numeric', autocomplete: 'one-time-code' });
const codeAnswer = (v) => ({ challengeResponse: v['ns-code'] });
const MFA_LABELS = { SMS: 'SMS code', TOTP: 'Authenticator app', EMAIL: 'Email code' };
const FACTOR_LABELS = {
  PASSWORD: 'Password',
  PASSWORD_SRP: 'Password (SRP)',
  EMAIL_OTP: 'Email code',
  SMS_OTP: 'SMS code',
  WEB_AUTHN: 'Passkey',
};
const para = (text, cls = 'muted') => h('p', { class: cls }, text);

// One renderer per Amplify signInStep; unknown steps fall back to renderGeneric.
const STEP_RENDERERS = {
  CONFIRM_SIGN_IN_WITH_SMS_CODE(box, n) {
    box.append(para(`Enter the SMS code (${delivery(n.codeDeliveryDetails) || 'sent by SMS'}).`));
    answerForm(box, [codeField('SMS code')], 'Confirm code', codeAnswer);
  },
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE(box, n) {
    box.append(para(`Enter the email code (${delivery(n.codeDeliveryDetails) || 'sent by email'}).`));
    answerForm(box, [codeField('Email code')], 'Confirm code', codeAnswer);
  },
  CONFIRM_SIGN_IN_WITH_TOTP_CODE(box) {
    box.append(para('Enter the 6-digit code from your authenticator app.'));
    answerForm(box, [codeField('Authenticator code')], 'Confirm code', codeAnswer);
  },
  CONTINUE_SIGN_IN_WITH_MFA_SELECTION(box, n) {
    box.append(para('Choose how to receive your MFA code (allowedMFATypes):'));
    choiceButtons(box, 'MFA type', n.allowedMFATypes, 'mfa-type', (t) => `${MFA_LABELS[t] ?? t} · ${t}`);
  },
  CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION(box, n) {
    box.append(para('MFA is required. Choose the MFA type to set up (allowedMFATypes):'));
    choiceButtons(box, 'MFA type to set up', n.allowedMFATypes, 'mfa-type', (t) => `${MFA_LABELS[t] ?? t} · ${t}`);
  },
  CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION(box, n) {
    box.append(para('Choose a first factor (availableChallenges):'));
    choiceButtons(box, 'First factor', n.availableChallenges, 'first-factor', (c) => `${FACTOR_LABELS[c] ?? c} · ${c}`);
  },
  CONTINUE_SIGN_IN_WITH_TOTP_SETUP(box, n) {
    const d = n.totpSetupDetails ?? {};
    let uri = '';
    try {
      uri = typeof d.getSetupUri === 'function' ? String(d.getSetupUri(APP_NAME)) : '';
    } catch (e) {
      uri = `getSetupUri failed: ${errorInfo(e).message}`;
    }
    box.append(
      para('Add this key to an authenticator app, then enter the code it shows.'),
      h(
        'dl',
        { class: 'kv' },
        h('dt', {}, 'sharedSecret'),
        h('dd', {}, h('code', { 'data-testid': 'totp-secret', id: 'totp-secret' }, d.sharedSecret ?? '')),
        h('dt', {}, `getSetupUri('${APP_NAME}')`),
        h('dd', {}, h('code', { 'data-testid': 'totp-uri', id: 'totp-uri', class: 'wrap' }, uri)),
      ),
    );
    answerForm(box, [codeField('Authenticator code')], 'Verify and continue', codeAnswer);
  },
  CONTINUE_SIGN_IN_WITH_EMAIL_SETUP(box) {
    box.append(para('Email MFA set-up: enter the email address to receive codes at.'));
    answerForm(box, [{ id: 'ns-email', label: 'Email address', type: 'email' }], 'Continue', (v) => ({ challengeResponse: v['ns-email'] }));
  },
  CONFIRM_SIGN_IN_WITH_PASSWORD(box) {
    box.append(para('Enter your password.'));
    answerForm(box, [{ id: 'ns-password', label: 'Password', type: 'password', autocomplete: 'current-password' }], 'Continue', (v) => ({ challengeResponse: v['ns-password'] }), { secret: true });
  },
  CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED(box, n) {
    const missing = n.missingAttributes ?? [];
    box.append(para(missing.length ? `Choose a new password and fill in: ${missing.join(', ')}.` : 'Choose a new password.'));
    const fields = [
      { id: 'ns-new-password', label: 'New password', type: 'password', autocomplete: 'new-password' },
      ...missing.map((a) => ({ id: `ns-attr-${a}`, label: a, name: a })),
    ];
    answerForm(box, fields, 'Set password', (v) => {
      const input = { challengeResponse: v['ns-new-password'] };
      if (missing.length) input.options = { userAttributes: Object.fromEntries(missing.map((a) => [a, v[`ns-attr-${a}`]])) };
      return input;
    }, { secret: true });
  },
  CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE(box, n) {
    const info = n.additionalInfo ?? {};
    box.append(para('Custom challenge. additionalInfo:'));
    box.append(h('dl', { class: 'kv', 'data-testid': 'additional-info' }, Object.entries(info).map(([k, v]) => [h('dt', {}, k), h('dd', {}, h('code', {}, v))])));
    answerForm(box, [{ id: 'ns-answer', label: 'Answer' }], 'Answer', (v) => ({ challengeResponse: v['ns-answer'] }));
  },
  CONFIRM_SIGN_UP(box) {
    box.append(para('This user has not confirmed the sign-up yet.'));
    box.append(h('button', {
      type: 'button', class: 'secondary', id: 'ns-goto-confirm',
      onclick: () => { fill('cs-username', val('si-username')); $('cs-code').focus(); },
    }, 'Go to Confirm sign-up'));
  },
  RESET_PASSWORD(box) {
    box.append(para('The password must be reset before signing in.'));
    box.append(h('button', {
      type: 'button', class: 'secondary', id: 'ns-goto-reset',
      onclick: () => { fill('rp-username', val('si-username')); $('rp-username').focus(); },
    }, 'Go to Reset password'));
  },
  DONE(box) {
    box.append(h('p', { class: 'done', 'data-testid': 'signed-in' }, '✓ Signed in'));
    box.append(para('Tokens are stored by the client. Use Sign out to forget them.'));
  },
};

function renderGeneric(box, n) {
  box.append(para('No dedicated form for this step; answer it with a raw challengeResponse.'), h('pre', {}, toJson(n)));
  answerForm(box, [{ id: 'ns-answer', label: 'challengeResponse' }], 'Answer', (v) => ({ challengeResponse: v['ns-answer'] }));
}

/** Shows `out` ({ isSignedIn, nextStep }) in the Next step panel; null = nothing pending. */
function setStep(out, { restored = false } = {}) {
  state.step = out ?? null;
  const box = $('next-step');
  box.replaceChildren();
  const step = out?.nextStep?.signInStep ?? 'NONE';
  box.dataset.step = step;
  if (!out) {
    box.append(para('No sign-in in progress. Start one with Sign in, or with Auto sign-in after a confirmed sign-up.'));
    return;
  }
  box.append(h('p', { class: 'step-name' }, 'signInStep ', h('code', { 'data-testid': 'step-name' }, step)));
  if (restored) box.append(h('p', { class: 'note', 'data-testid': 'restored-note' }, '↻ Restored after reload with getPendingSignIn().'));
  (STEP_RENDERERS[step] ?? renderGeneric)(box, out.nextStep);
  if (step === 'DONE') {
    setStatus('signed-in');
    refreshStatus();
    fill('si-password', '');
  } else if (step === 'CONFIRM_SIGN_UP' || step === 'RESET_PASSWORD') setStatus('signed-out');
  else setStatus('pending', step);
}

// ------------------------------------------------------------------------------ dev inbox
const inbox = { inflight: false, again: false, last: '' };
const PURPOSE_TARGET = {
  SIGN_UP: 'cs-code',
  FORGOT_PASSWORD: 'rp-code',
  SIGN_IN_OTP: 'ns-code',
  MFA: 'ns-code',
  CUSTOM_CHALLENGE: 'ns-answer',
  VERIFY_ATTRIBUTE: 'acc-verify-code',
};

function setInboxUser(name) {
  if (!name) return;
  if (val('inbox-username') !== name) {
    $('inbox-username').value = name;
    inbox.last = '';
  }
  try {
    sessionStorage.setItem(SS.inboxUser, name);
  } catch {
    // storage unavailable: fine
  }
}

function msgTime(t) {
  if (t === undefined || t === null) return '';
  const ms = typeof t === 'number' ? (t < 1e12 ? t * 1000 : t) : Date.parse(t);
  return Number.isFinite(ms) ? fmtTime(new Date(ms)) : String(t);
}

function renderInbox(user, messages) {
  const key = JSON.stringify([user, messages]);
  if (key === inbox.last) return;
  inbox.last = key;
  const list = $('inbox-list');
  list.replaceChildren();
  if (!messages.length) {
    list.append(h('li', { class: 'empty muted' }, `No messages for ${user} yet.`));
    return;
  }
  for (const m of [...messages].reverse()) {
    const target = PURPOSE_TARGET[m.purpose];
    const use = h('button', { type: 'button', class: 'link', 'aria-label': `Use ${m.purpose} code ${m.code}` }, 'use');
    use.addEventListener('click', () => {
      const input = $(target) ?? (m.purpose === 'CUSTOM_CHALLENGE' ? $('ns-code') : null);
      if (!input) return;
      input.value = m.code;
      input.focus();
    });
    list.append(
      h(
        'li',
        { class: 'inbox-message', 'data-testid': 'inbox-message', 'data-purpose': m.purpose, 'data-medium': m.medium, 'data-code': m.code },
        h('div', {}, h('span', { class: 'purpose' }, m.purpose), ' ', h('code', { class: 'code', 'data-testid': 'inbox-code' }, m.code), ' ', target ? use : null),
        h('div', { class: 'muted small' }, `${m.medium} → ${m.destination ?? '?'} · ${msgTime(m.createdAt)}`),
      ),
    );
  }
}

async function refreshInbox() {
  const user = val('inbox-username');
  if (!state.endpoint) return;
  if (!user) {
    renderInbox('', []);
    $('inbox-list').replaceChildren(h('li', { class: 'empty muted' }, 'Enter a username (filled in when you use one).'));
    inbox.last = '';
    return;
  }
  if (inbox.inflight) {
    inbox.again = true;
    return;
  }
  inbox.inflight = true;
  try {
    const res = await fetch(`${state.endpoint}/_local/inbox?username=${encodeURIComponent(user)}`, { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const body = await res.json();
    const messages = Array.isArray(body?.messages) ? body.messages : [];
    if (user === val('inbox-username')) renderInbox(user, messages);
    $('inbox-status').textContent = `Checked ${fmtTime()} · ${messages.length} message${messages.length === 1 ? '' : 's'}`;
  } catch (e) {
    $('inbox-status').textContent = `Inbox unavailable (${e.message}); it exists only on local-cognito.`;
  } finally {
    inbox.inflight = false;
    if (inbox.again) {
      inbox.again = false;
      refreshInbox();
    }
  }
}

// ---------------------------------------------------------------------------------- forms
function onSubmit(formId, handler) {
  $(formId).addEventListener('submit', (ev) => {
    ev.preventDefault();
    handler(ev.submitter ?? $(formId).querySelector('button[type=submit]'));
  });
}

function remember(username) {
  if (!username) return;
  setInboxUser(username);
  try {
    sessionStorage.setItem(SS.username, username);
  } catch {
    // ignore
  }
}

function setupForms() {
  // Sign up
  const syncSignUp = () => {
    const passwordless = $('su-mode-passwordless').checked;
    $('su-password-row').hidden = passwordless;
    $('su-auto-custom').hidden = $('su-auto').value !== 'custom';
  };
  for (const id of ['su-mode-password', 'su-mode-passwordless', 'su-auto']) $(id).addEventListener('change', syncSignUp);
  syncSignUp();
  onSubmit('signup-form', (button) => {
    const username = val('su-username');
    const input = { username };
    if (!$('su-mode-passwordless').checked) input.password = $('su-password').value;
    const userAttributes = {};
    if (val('su-email')) userAttributes.email = val('su-email');
    if (val('su-phone')) userAttributes.phone_number = val('su-phone');
    const options = {};
    if (Object.keys(userAttributes).length) options.userAttributes = userAttributes;
    const auto = $('su-auto').value;
    if (auto === 'true') options.autoSignIn = true;
    if (auto === 'custom') {
      options.autoSignIn = { authFlowType: $('su-auto-flow').value };
      if ($('su-auto-challenge').value) options.autoSignIn.preferredChallenge = $('su-auto-challenge').value;
    }
    if (Object.keys(options).length) input.options = options;
    remember(username);
    run('signUp', input, { resultId: 'signup-result', button });
  });

  // Confirm sign-up, resend, auto sign-in
  onSubmit('confirm-signup-form', (button) => {
    remember(val('cs-username'));
    run('confirmSignUp', { username: val('cs-username'), confirmationCode: val('cs-code') }, { resultId: 'confirm-signup-result', button });
  });
  $('cs-resend').addEventListener('click', (ev) => {
    remember(val('cs-username'));
    run('resendSignUpCode', { username: val('cs-username') }, { resultId: 'confirm-signup-result', button: ev.currentTarget });
  });
  $('cs-auto').addEventListener('click', async (ev) => {
    const r = await run('autoSignIn', undefined, { resultId: 'confirm-signup-result', noInput: true, button: ev.currentTarget });
    if (r.ok) $('cs-auto').classList.remove('suggested');
  });

  // Sign in
  onSubmit('signin-form', (button) => {
    abortAutofill('a sign-in started from the Sign in card');
    const username = val('si-username');
    const input = { username };
    const password = $('si-password').value;
    if (password) input.password = password;
    const options = { authFlowType: $('si-flow').value };
    if ($('si-challenge').value) options.preferredChallenge = $('si-challenge').value;
    input.options = options;
    remember(username);
    run('signIn', input, { resultId: 'signin-result', button });
  });

  // The hosted UI (signInWithRedirect): the browser leaves for the local Cognito's pages and
  // comes back here, where the client completes the sign-in (see hostedUi()).
  $('si-hosted').addEventListener('click', (ev) => run('signInWithRedirect', undefined, { resultId: 'signin-result', noInput: true, button: ev.currentTarget }));
  $('si-google').addEventListener('click', (ev) => run('signInWithRedirect', { provider: 'Google' }, { resultId: 'signin-result', button: ev.currentTarget }));

  $('si-password').addEventListener('input', () => abortAutofill('the user is typing a password'));

  setupPasskeys();
  setupAccount();

  // Reset password
  onSubmit('reset-form', (button) => {
    remember(val('rp-username'));
    run('resetPassword', { username: val('rp-username') }, { resultId: 'reset-result', button });
  });
  onSubmit('confirm-reset-form', (button) => {
    run(
      'confirmResetPassword',
      { username: val('rp-username'), confirmationCode: val('rp-code'), newPassword: $('rp-new-password').value },
      { resultId: 'confirm-reset-result', button },
    );
  });

  // Session
  $('signout-btn').addEventListener('click', (ev) => {
    const global = $('signout-global').checked;
    run('signOut', global ? { global: true } : undefined, { resultId: 'session-result', noInput: !global, button: ev.currentTarget });
  });
  for (const call of SESSION_CALLS) {
    if (!resolve(call)) continue;
    const b = h('button', { type: 'button', class: 'secondary', 'data-testid': `call-${call}` }, `${call}()`);
    b.addEventListener('click', () => run(call, undefined, { resultId: 'session-result', noInput: true, button: b }));
    $('session-calls').append(b);
  }
  $('session-calls').hidden = !$('session-calls').children.length;

  // MFA settings (signed-in user)
  for (const id of ['mfa-pref-totp', 'mfa-pref-email', 'mfa-pref-sms']) {
    $(id).replaceChildren(h('option', { value: '' }, '(keep)'), ...MFA_PREFERENCES.map((p) => h('option', { value: p }, p)));
  }
  $('mfa-fetch').addEventListener('click', (ev) => run('fetchMFAPreference', undefined, { resultId: 'mfa-result', noInput: true, button: ev.currentTarget }));
  $('totp-setup-btn').addEventListener('click', (ev) => run('setUpTOTP', undefined, { resultId: 'mfa-result', noInput: true, button: ev.currentTarget }));
  onSubmit('totp-verify-form', (button) => run('verifyTOTPSetup', { code: val('totp-verify-code') }, { resultId: 'mfa-result', button }));
  onSubmit('mfa-pref-form', (button) => {
    const input = {};
    for (const k of ['totp', 'email', 'sms']) if ($(`mfa-pref-${k}`).value) input[k] = $(`mfa-pref-${k}`).value;
    run('updateMFAPreference', input, { resultId: 'mfa-result', button });
  });

  // Cards that need exports this build may not have.
  syncCards();
  $('export-btn').addEventListener('click', async (ev) => {
    const r = await run('exportSignIn', undefined, {
      resultId: 'session-result', noInput: true, button: ev.currentTarget,
      hideOutput: (s) => (s === undefined ? 'undefined (nothing pending)' : `"${REDACTED}" (${s.length} characters, in the text box)`),
    });
    if (r.ok) $('export-text').value = r.out ?? '';
  });
  $('resume-btn').addEventListener('click', (ev) => {
    run('resumeSignIn', $('export-text').value.trim(), { resultId: 'session-result', button: ev.currentTarget, hideInput: true });
  });

  // API explorer
  const names = new Set();
  const methods = state.client ? Object.getOwnPropertyNames(Object.getPrototypeOf(state.client)) : [];
  for (const m of methods) if (m !== 'constructor' && m !== 'free' && !m.startsWith('_') && typeof state.client[m] === 'function') names.add(m);
  for (const [k, v] of Object.entries(wasm)) {
    if (typeof v !== 'function' || k === 'default' || k.startsWith('_') || k.startsWith('init') || /^[A-Z]/.test(k)) continue;
    names.add(k);
  }
  $('ex-call').replaceChildren(...[...names].sort().map((n) => h('option', { value: n }, n)));
  onSubmit('explorer-form', (button) => {
    const call = $('ex-call').value;
    const text = $('ex-input').value.trim();
    let input;
    if (text) {
      try {
        input = JSON.parse(text);
      } catch (e) {
        setResult('explorer-result', 'error', `✗ input is not JSON: ${e.message}`);
        return;
      }
    }
    run(call, input, { resultId: 'explorer-result', noInput: !text, button });
  });

  // Dev inbox
  onSubmit('inbox-form', () => {
    setInboxUser(val('inbox-username'));
    refreshInbox();
  });
  setInterval(() => {
    if ($('inbox-poll').checked && !document.hidden) refreshInbox();
  }, INBOX_POLL_MS);

  $('log-clear').addEventListener('click', () => $('log').replaceChildren());
}

// ------------------------------------------------------------------------------- passkeys
function lastSignedIn() {
  try {
    return localStorage.getItem(LS_LAST_USER) ?? '';
  } catch {
    return '';
  }
}

function rememberSignedIn(who) {
  if (!who) return;
  try {
    localStorage.setItem(LS_LAST_USER, who);
  } catch {
    // storage unavailable: fine
  }
  if ($('pk-last-user')) $('pk-last-user').textContent = who;
}

async function showPasskeySupport() {
  if ($('pk-last-user')) $('pk-last-user').textContent = lastSignedIn() || 'none';
  const supported = resolve('isPasskeySupported');
  $('pk-supported').textContent = supported ? String(supported()) : 'not exported';
  const autofill = resolve('isPasskeyAutofillSupported');
  try {
    $('pk-autofill-supported').textContent = autofill ? String(await autofill()) : 'not exported';
  } catch (e) {
    $('pk-autofill-supported').textContent = `error: ${errorInfo(e).name}`;
  }
}

function setAutofillState(armedFor) {
  state.autofillArmed = !!armedFor;
  const s = $('pk-autofill-state');
  s.dataset.state = armedFor ? 'armed' : 'off';
  s.textContent = armedFor ? `armed for ${armedFor}` : 'off';
}

function clearPasskeyList() {
  const list = $('pk-items');
  if (!list) return;
  list.replaceChildren();
  delete list.dataset.count;
}

function fmtDate(d) {
  const t = d instanceof Date ? d : new Date(d);
  return Number.isFinite(t.getTime()) ? t.toISOString() : String(d);
}

function renderPasskeys(credentials) {
  const list = $('pk-items');
  list.replaceChildren();
  list.dataset.count = String(credentials.length);
  if (!credentials.length) {
    list.append(h('li', { class: 'empty muted', 'data-testid': 'passkey-empty' }, 'No passkeys registered for this user.'));
    return;
  }
  for (const c of credentials) {
    const name = c.friendlyCredentialName || '(unnamed)';
    const del = h('button', { type: 'button', class: 'secondary', 'data-testid': 'passkey-delete', 'aria-label': `Delete passkey ${name}` }, 'Delete');
    del.addEventListener('click', async () => {
      const r = await run('deleteWebAuthnCredential', { credentialId: c.credentialId }, { resultId: 'passkeys-result', button: del });
      if (r.ok) listPasskeys();
    });
    list.append(
      h(
        'li',
        { 'data-testid': 'passkey-item', 'data-credential-id': c.credentialId },
        h(
          'div',
          { class: 'pk-meta' },
          h('strong', { 'data-testid': 'passkey-name' }, name),
          ' · created ',
          h('time', { 'data-testid': 'passkey-created', datetime: fmtDate(c.createdAt) }, fmtDate(c.createdAt)),
          h('div', {}, 'id ', h('code', { 'data-testid': 'passkey-id' }, c.credentialId)),
        ),
        del,
      ),
    );
  }
}

async function listPasskeys(button) {
  const r = await run('listWebAuthnCredentials', undefined, { resultId: 'passkeys-result', noInput: true, button });
  if (!r.ok) return r;
  const credentials = r.out?.credentials ?? [];
  renderPasskeys(credentials);
  setResult('passkeys-result', 'ok', `✓ ${credentials.length} passkey${credentials.length === 1 ? '' : 's'}${r.out?.nextToken ? ' (more: nextToken)' : ''}`);
  return r;
}

/** The username passkey sign-in uses: the Sign in card's, else the last signed-in one. */
function passkeyUsername() {
  return val('si-username') || lastSignedIn();
}

/** Aborts an armed autofill ceremony (abortPasskeyCeremony), noting why in the log. */
function abortAutofill(why) {
  if (!state.autofillArmed) return;
  setAutofillState(null);
  logNote(`Passkey autofill aborted: ${why}`);
  run('abortPasskeyCeremony', undefined, { noInput: true });
}

function setupPasskeys() {
  $('pk-register').addEventListener('click', async (ev) => {
    const r = await run('associateWebAuthnCredential', undefined, { resultId: 'passkeys-result', noInput: true, button: ev.currentTarget });
    if (r.ok) {
      await listPasskeys();
      setResult('passkeys-result', 'ok', `✓ passkey registered · ${$('pk-items').dataset.count ?? '?'} in total`);
    }
  });
  $('pk-list').addEventListener('click', (ev) => listPasskeys(ev.currentTarget));
  $('pk-signin').addEventListener('click', (ev) => {
    const username = passkeyUsername();
    fill('si-username', username, { onlyIfEmpty: true });
    remember(username);
    run('signIn', { username, options: { authFlowType: 'USER_AUTH', preferredChallenge: 'WEB_AUTHN' } }, { resultId: 'passkeys-result', button: ev.currentTarget });
  });
  $('pk-arm').addEventListener('click', async (ev) => {
    const button = ev.currentTarget;
    const username = passkeyUsername();
    if (!username) {
      setResult('passkeys-result', 'error', '✗ No username: type one in the Sign in card (or sign in once, it is remembered)');
      return;
    }
    const supported = resolve('isPasskeyAutofillSupported');
    if (!supported || !(await supported().catch(() => false))) {
      setResult('passkeys-result', 'error', '✗ Passkey autofill (conditional mediation) is not supported in this browser');
      return;
    }
    fill('si-username', username, { onlyIfEmpty: true });
    remember(username);
    setAutofillState(username);
    button.disabled = true;
    try {
      await run('signInWithPasskeyAutofill', { username }, { resultId: 'passkeys-result' });
    } finally {
      button.disabled = false;
      setAutofillState(null);
    }
  });
  $('pk-abort').addEventListener('click', () => run('abortPasskeyCeremony', undefined, { noInput: true }));
}

// -------------------------------------------------------------------------------- account
// The Account card: password, attributes (with verification codes), devices, the ID token's
// claims and account deletion, for the signed-in user. Nothing of it is stored: the lists are
// what the last call returned and are dropped when nobody is signed in any more.

// Attributes Cognito manages (never edited or deleted from here).
const FIXED_ATTRIBUTES = new Set(['sub', 'email_verified', 'phone_number_verified', 'identities']);
const VERIFIABLE_ATTRIBUTES = new Set(['email', 'phone_number']);
// Standard attributes offered in the name field (besides the user's own).
const STANDARD_ATTRIBUTES = [
  'name', 'given_name', 'family_name', 'middle_name', 'nickname', 'preferred_username', 'email', 'phone_number',
  'address', 'birthdate', 'gender', 'locale', 'picture', 'profile', 'website', 'zoneinfo', 'updated_at',
];
const account = { user: null, verifyKey: '' };

function needsMet(el) {
  return (el.dataset.needs ?? '').split(/\s+/).filter(Boolean).every((f) => resolve(f));
}

/** Shows cards whose exports exist (data-needs) and, for data-signed-in ones, while signed in. */
function syncCards() {
  const signedIn = $('auth-status').dataset.state === 'signed-in';
  for (const el of document.querySelectorAll('[data-needs], [data-signed-in]')) {
    el.hidden = !needsMet(el) || (el.hasAttribute('data-signed-in') && !signedIn);
  }
}

/** Called on every auth state change: forgets the Account card's data when the user changes. */
function syncAccount(kind, who) {
  if (kind !== 'signed-in' || (who && account.user && who !== account.user)) clearAccount();
  if (kind === 'signed-in' && who) {
    account.user = who;
    if ($('acc-delete-user')) $('acc-delete-user').textContent = who;
  }
  syncCards();
}

function clearAccount() {
  if (!$('account-card')) return;
  account.user = null;
  account.verifyKey = '';
  for (const id of ['acc-old-password', 'acc-new-password', 'acc-attr-name', 'acc-attr-value', 'acc-verify-code']) $(id).value = '';
  $('acc-attr-rows').replaceChildren();
  $('acc-attr-table').hidden = true;
  $('attr-verify-form').hidden = true;
  const devices = $('acc-dev-items');
  devices.replaceChildren();
  delete devices.dataset.count;
  $('acc-this-device').textContent = 'unknown (list devices)';
  $('acc-jwt-payload').textContent = '';
  $('acc-jwt-payload').hidden = true;
  $('acc-delete-confirm').hidden = true;
  $('acc-delete-user').textContent = 'this user';
  for (const id of ['password-result', 'attributes-result', 'devices-result', 'jwt-result', 'delete-result']) setResult(id, '', '');
}

function renderAttributes(attrs) {
  const names = Object.keys(attrs).sort((a, b) => (a === 'sub' ? -1 : b === 'sub' ? 1 : a.localeCompare(b)));
  const rows = names.map((name) => {
    const value = String(attrs[name] ?? '');
    const actions = h('td', { class: 'row-actions' });
    if (!FIXED_ATTRIBUTES.has(name)) {
      actions.append(h('button', { type: 'button', class: 'link', 'aria-label': `Edit ${name}`, onclick: () => editAttribute(name, value) }, 'edit'));
      if (VERIFIABLE_ATTRIBUTES.has(name) && attrs[`${name}_verified`] !== 'true') {
        actions.append(h('button', { type: 'button', class: 'link', 'aria-label': `Verify ${name}`, onclick: () => showVerify(name) }, 'verify'));
      }
      const del = h('button', { type: 'button', class: 'link danger-link', 'aria-label': `Delete ${name}` }, 'delete');
      del.addEventListener('click', () => deleteAttribute(name, del));
      actions.append(del);
    }
    return h(
      'tr',
      { 'data-testid': 'attribute-row', 'data-name': name },
      h('th', { scope: 'row' }, h('code', {}, name)),
      h('td', { class: 'wrap', 'data-testid': 'attribute-value' }, value),
      actions,
    );
  });
  $('acc-attr-rows').replaceChildren(...rows);
  $('acc-attr-table').hidden = false;
  $('acc-attr-table').dataset.count = String(names.length);
  const offered = [...new Set([...names.filter((n) => !FIXED_ATTRIBUTES.has(n)), ...STANDARD_ATTRIBUTES])];
  $('acc-attr-names').replaceChildren(...offered.map((n) => h('option', { value: n })));
}

/** fetchUserAttributes into the table; `resultId` '' keeps the result line (a refresh). */
async function fetchAttributes({ button, resultId = 'attributes-result' } = {}) {
  const r = await run('fetchUserAttributes', undefined, { resultId: resultId || undefined, noInput: true, button });
  if (r.ok) {
    renderAttributes(r.out ?? {});
    if (resultId) setResult(resultId, 'ok', `✓ ${Object.keys(r.out ?? {}).length} attributes`);
  }
  return r;
}

function editAttribute(name, value) {
  $('acc-attr-name').value = name;
  $('acc-attr-value').value = value;
  $('acc-attr-value').focus();
}

function showVerify(key, details) {
  account.verifyKey = key;
  $('acc-verify-key').textContent = key;
  $('acc-verify-delivery').textContent = details ? delivery(details) : 'press Send code again for a new one';
  $('acc-verify-code').value = '';
  $('attr-verify-form').hidden = false;
  $('acc-verify-code').focus();
}

async function deleteAttribute(name, button) {
  const r = await run('deleteUserAttributes', { userAttributeKeys: [name] }, { resultId: 'attributes-result', button });
  if (!r.ok) return;
  if (account.verifyKey === name) $('attr-verify-form').hidden = true;
  await fetchAttributes({ resultId: '' });
  setResult('attributes-result', 'ok', `✓ ${name} deleted`);
}

function renderDevices(devices, current) {
  const list = $('acc-dev-items');
  list.replaceChildren();
  list.dataset.count = String(devices.length);
  if (!devices.length) {
    list.append(h('li', { class: 'empty muted', 'data-testid': 'device-empty' }, 'No remembered devices.'));
    return;
  }
  for (const d of devices) {
    const name = d.name || d.attributes?.device_name || '(unnamed device)';
    const here = current && d.id === current;
    const status = d.attributes?.['dev:device_remembered_status'] ?? 'remembered';
    const forget = h('button', { type: 'button', class: 'secondary', 'data-testid': 'device-forget', 'aria-label': `Forget device ${d.id}` }, 'Forget');
    forget.addEventListener('click', async () => {
      const r = await run('forgetDevice', { device: { id: d.id } }, { resultId: 'devices-result', button: forget });
      if (r.ok) listDevices({ note: 'device forgotten' });
    });
    const date = (label, v, testid) => (v ? [` · ${label} `, h('time', { 'data-testid': testid, datetime: fmtDate(v) }, fmtDate(v))] : null);
    list.append(
      h(
        'li',
        { 'data-testid': 'device-item', 'data-device-id': d.id, 'data-current': here ? 'true' : 'false' },
        h(
          'div',
          { class: 'pk-meta' },
          h('strong', { class: 'wrap', 'data-testid': 'device-name', title: name }, name.length > 60 ? `${name.slice(0, 57)}…` : name),
          here ? h('span', { class: 'tag here', 'data-testid': 'device-here' }, 'this browser') : null,
          h('div', {}, h('span', { 'data-testid': 'device-status' }, status), date('created', d.createDate, 'device-created'),
            date('last sign-in', d.lastAuthenticatedDate, 'device-last-auth'), date('modified', d.lastModifiedDate, 'device-modified')),
          h('div', {}, 'id ', h('code', { 'data-testid': 'device-id' }, d.id)),
        ),
        forget,
      ),
    );
  }
}

/**
 * This browser's device key as the access token names it (its `device_key` claim), read with
 * fetchAuthSession without a log entry: a decoration for the list, not a call of its own.
 */
async function currentDeviceKey() {
  const fn = resolve('fetchAuthSession');
  if (!fn) return null;
  try {
    return (await fn())?.tokens?.accessToken?.payload?.device_key ?? null;
  } catch {
    return null;
  }
}

async function listDevices({ button, note = '' } = {}) {
  const r = await run('fetchDevices', undefined, { resultId: 'devices-result', noInput: true, button });
  if (!r.ok) return r;
  const devices = Array.isArray(r.out) ? r.out : [];
  const current = await currentDeviceKey();
  $('acc-this-device').textContent = current ?? 'none';
  renderDevices(devices, current);
  const n = `${devices.length} remembered device${devices.length === 1 ? '' : 's'}`;
  setResult('devices-result', 'ok', `✓ ${note ? `${note} · ` : ''}${n}`);
  return r;
}

function setupAccount() {
  if (!$('account-card')) return;
  onSubmit('password-form', async (button) => {
    const r = await run(
      'updatePassword',
      { oldPassword: $('acc-old-password').value, newPassword: $('acc-new-password').value },
      { resultId: 'password-result', button },
    );
    if (r.ok) {
      $('acc-old-password').value = '';
      $('acc-new-password').value = '';
      setResult('password-result', 'ok', '✓ password changed');
    }
  });

  $('acc-attr-fetch').addEventListener('click', (ev) => fetchAttributes({ button: ev.currentTarget }));
  onSubmit('attr-edit-form', async (button) => {
    const key = val('acc-attr-name');
    if (!key) {
      setResult('attributes-result', 'error', '✗ Enter an attribute name');
      $('acc-attr-name').focus();
      return;
    }
    const r = await run('updateUserAttributes', { userAttributes: { [key]: val('acc-attr-value') } }, { resultId: 'attributes-result', button });
    if (!r.ok) return;
    const pending = Object.entries(r.out ?? {}).find(([, x]) => x?.nextStep?.updateAttributeStep === 'CONFIRM_ATTRIBUTE_WITH_CODE');
    const shown = $('attributes-result').textContent;
    await fetchAttributes({ resultId: '' });
    setResult('attributes-result', 'ok', shown);
    $('acc-attr-name').value = '';
    $('acc-attr-value').value = '';
    if (pending) showVerify(pending[0], pending[1].nextStep.codeDeliveryDetails);
  });
  onSubmit('attr-verify-form', async (button) => {
    const key = account.verifyKey;
    const r = await run('confirmUserAttribute', { userAttributeKey: key, confirmationCode: val('acc-verify-code') }, { resultId: 'attributes-result', button });
    if (!r.ok) return;
    $('attr-verify-form').hidden = true;
    await fetchAttributes({ resultId: '' });
    setResult('attributes-result', 'ok', `✓ ${key} verified`);
  });
  $('acc-verify-resend').addEventListener('click', async (ev) => {
    const r = await run('sendUserAttributeVerificationCode', { userAttributeKey: account.verifyKey }, { resultId: 'attributes-result', button: ev.currentTarget });
    if (r.ok) {
      $('acc-verify-delivery').textContent = delivery(r.out);
      $('acc-verify-code').value = '';
      $('acc-verify-code').focus();
    }
  });

  $('acc-dev-list').addEventListener('click', (ev) => listDevices({ button: ev.currentTarget }));
  $('acc-dev-remember').addEventListener('click', async (ev) => {
    const r = await run('rememberDevice', undefined, { resultId: 'devices-result', noInput: true, button: ev.currentTarget });
    if (r.ok) listDevices({ note: 'this device remembered' });
  });
  $('acc-dev-forget').addEventListener('click', async (ev) => {
    const r = await run('forgetDevice', undefined, { resultId: 'devices-result', noInput: true, button: ev.currentTarget });
    if (r.ok) listDevices({ note: 'this device forgotten' });
  });

  $('acc-jwt-decode').addEventListener('click', async (ev) => {
    const button = ev.currentTarget;
    const s = await run('fetchAuthSession', undefined, { resultId: 'jwt-result', noInput: true, button });
    if (!s.ok) return;
    const token = s.out?.tokens?.idToken?.toString();
    if (!token) {
      setResult('jwt-result', 'error', '✗ NoIdToken: fetchAuthSession returned no idToken');
      return;
    }
    // The token itself is a credential: the log shows its decoded payload only.
    const r = await run('decodeJWT', token, { resultId: 'jwt-result', button, hideInput: true });
    if (!r.ok) return;
    const p = r.out?.payload ?? {};
    $('acc-jwt-payload').textContent = JSON.stringify(p, null, 2);
    $('acc-jwt-payload').hidden = false;
    const exp = typeof p.exp === 'number' ? ` · expires ${fmtTime(new Date(p.exp * 1000))}` : '';
    setResult('jwt-result', 'ok', `✓ decodeJWT(idToken) · token_use ${p.token_use ?? '?'} · sub ${p.sub ?? '?'}${exp}`);
  });

  $('acc-delete-start').addEventListener('click', () => {
    $('acc-delete-confirm').hidden = false;
    $('acc-delete-no').focus();
  });
  $('acc-delete-no').addEventListener('click', () => {
    $('acc-delete-confirm').hidden = true;
    $('acc-delete-start').focus();
  });
  $('acc-delete-yes').addEventListener('click', async (ev) => {
    const who = account.user;
    const r = await run('deleteUser', undefined, { resultId: 'delete-result', noInput: true, button: ev.currentTarget });
    // Signed out now, so this card is hidden: the Session card tells what happened.
    if (r.ok) setResult('session-result', 'ok', `✓ account${who ? ` ${who}` : ''} deleted · signed out`);
  });
}

// --------------------------------------------------------------------------------- config

/**
 * A token store over document.cookie whose methods answer with Promises, as Amplify's
 * KeyValueStorageInterface (e.g. its CookieStorage) does: the `storage` option takes it.
 */
function cookieStore() {
  const find = (key) => document.cookie.split('; ').find((c) => c.startsWith(`${encodeURIComponent(key)}=`));
  return {
    async getItem(key) {
      const c = find(key);
      return c === undefined ? null : decodeURIComponent(c.slice(c.indexOf('=') + 1));
    },
    async setItem(key, value) {
      document.cookie = `${encodeURIComponent(key)}=${encodeURIComponent(value)}; path=/; max-age=31536000; samesite=strict`;
    },
    async removeItem(key) {
      document.cookie = `${encodeURIComponent(key)}=; path=/; max-age=0; samesite=strict`;
    },
  };
}
/** Where the URL-parameter config is kept for the tab: the hosted UI comes back without them. */
const URL_CONFIG_KEY = 'cognito-wasm-demo.urlConfig';

async function loadConfig() {
  const q = new URLSearchParams(location.search);
  if (!q.has('endpoint') && !q.has('userPoolId') && !q.has('userPoolClientId')) {
    // Back from the hosted UI (its sign-in or its logout), the URL without the parameters:
    // the config this tab was opened with.
    const kept = sessionStorage.getItem(URL_CONFIG_KEY);
    if (kept) return JSON.parse(kept);
  }
  const cfg = await loadConfigFromPage(q);
  if (cfg.source === 'URL parameters') sessionStorage.setItem(URL_CONFIG_KEY, JSON.stringify(cfg));
  return cfg;
}

async function loadConfigFromPage(q) {
  const storage = q.get('storage') || '';
  if (q.has('endpoint') || q.has('userPoolId') || q.has('userPoolClientId')) {
    return {
      source: 'URL parameters',
      storage,
      cognito: withIdentityPool(
        { userPoolId: q.get('userPoolId') ?? '', userPoolClientId: q.get('userPoolClientId') ?? '', userPoolEndpoint: q.get('endpoint') ?? '' },
        q.get('identityPoolId'),
        q.get('endpoint'),
      ),
    };
  }
  let res;
  try {
    res = await fetch('./local-cognito.json', { cache: 'no-store' });
  } catch (e) {
    res = { ok: false, status: e.message };
  }
  if (!res.ok) {
    throw new Error(
      `No configuration: ./local-cognito.json is missing (${res.status}) and the URL has no ?endpoint=&userPoolId=&userPoolClientId=. ` +
        'Run `make demo`, or open the Pool settings above.',
    );
  }
  const j = await res.json();
  return {
    source: 'local-cognito.json',
    storage,
    cognito: withIdentityPool(
      { userPoolId: j.userPoolId ?? '', userPoolClientId: j.userPoolClientId ?? '', userPoolEndpoint: j.userPoolEndpoint ?? '' },
      j.identityPoolId,
      j.identityPoolEndpoint,
    ),
  };
}

/** The identity pool (AWS credentials in fetchAuthSession), guests allowed, when there is one. */
function withIdentityPool(cognito, identityPoolId, identityPoolEndpoint) {
  if (!identityPoolId) return cognito;
  return { ...cognito, identityPoolId, allowGuestAccess: true, ...(identityPoolEndpoint ? { identityPoolEndpoint } : {}) };
}

function showConfig(cfg) {
  const c = cfg?.cognito ?? {};
  $('config-summary').textContent = c.userPoolId ? `${c.userPoolId} @ ${(c.userPoolEndpoint || 'AWS').replace(/^https?:\/\//, '')}` : '–';
  $('config-summary').title = `${c.userPoolId ?? ''} · client ${c.userPoolClientId ?? ''} · ${c.userPoolEndpoint || 'AWS'}`;
  $('config-source').textContent = cfg?.source ?? 'nowhere';
  fill('cfg-endpoint', c.userPoolEndpoint ?? '');
  fill('cfg-pool', c.userPoolId ?? '');
  fill('cfg-client', c.userPoolClientId ?? '');
  $('cfg-storage').value = cfg?.storage ?? '';
  $('config-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    q.set('endpoint', val('cfg-endpoint'));
    q.set('userPoolId', val('cfg-pool'));
    q.set('userPoolClientId', val('cfg-client'));
    if ($('cfg-storage').value) q.set('storage', $('cfg-storage').value);
    location.search = q.toString();
  });
}

function fatal(text) {
  const f = $('fatal');
  f.hidden = false;
  f.textContent = text;
  setStatus('unknown');
}

/**
 * The hosted UI of a local Cognito (its own host serves /oauth2/authorize, /login, …), coming
 * back to this page: the default client lists the demo's URLs (http://localhost:8080/, …).
 */
function hostedUi(endpoint) {
  let host;
  try {
    host = new URL(endpoint).host;
  } catch {
    return {};
  }
  if (!/^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host)) return {};
  const here = `${location.origin}${location.pathname}`;
  return { loginWith: { oauth: { domain: host, scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'], redirectSignIn: [here], redirectSignOut: [here], responseType: 'code' } } };
}

// ----------------------------------------------------------------------------------- main
async function main() {
  let cfg = null;
  try {
    cfg = await loadConfig();
  } catch (e) {
    $('config-panel').open = true;
    fatal(e.message);
  }
  showConfig(cfg);
  try {
    wasm = await import('./pkg/cognito_wasm.js');
    await wasm.default();
  } catch (e) {
    fatal(`Could not load the package from ./pkg/ (${e.message}). Build it with \`make build\` and copy it to www/pkg (\`make demo\` does both).`);
    return;
  }
  if (cfg) {
    state.cfg = cfg;
    state.endpoint = (cfg.cognito.userPoolEndpoint || '').replace(/\/+$/, '');
    const config = { Auth: { Cognito: { ...cfg.cognito, ...hostedUi(cfg.cognito.userPoolEndpoint) } } };
    const options = cfg.storage ? { storage: cfg.storage === 'cookies' ? cookieStore() : cfg.storage } : undefined;
    try {
      state.client = new wasm.AuthClient(config, options);
      wasm.configure(config, options); // the top-level functions (API explorer, later exports)
    } catch (e) {
      const err = errorInfo(e);
      $('config-panel').open = true;
      fatal(`${err.name}: ${err.message}`);
    }
  }
  setupForms();
  try {
    const u = sessionStorage.getItem(SS.inboxUser);
    if (u) $('inbox-username').value = u;
    const last = sessionStorage.getItem(SS.username);
    if (last) for (const id of ['si-username', 'cs-username', 'rp-username']) fill(id, last);
  } catch {
    // ignore
  }
  fill('si-username', lastSignedIn(), { onlyIfEmpty: true });
  showPasskeySupport();

  if (state.client) {
    const pending = state.client.getPendingSignIn();
    if (pending) {
      logNote('Page loaded with a pending sign-in');
      logOk(logStart('getPendingSignIn', undefined, false), toJson(pending));
      setStep(pending, { restored: true });
    } else {
      setStep(null);
      const who = await currentUser({ log: true });
      rememberSignedIn(who);
      setStatus(who !== null ? 'signed-in' : 'signed-out', who || undefined);
    }
    if (typeof state.client.onAuthEvent === 'function') {
      state.client.onAuthEvent((capsule) => {
        const event = capsule?.payload?.event;
        logEvent(capsule?.payload);
        if (event === 'signedOut') {
          if (state.step?.nextStep?.signInStep === 'DONE') setStep(null);
          setStatus('signed-out');
          clearPasskeyList();
        } else if (event === 'signedIn') refreshStatus();
      });
    }
    refreshInbox();
  } else {
    setStep(null);
  }
  document.body.dataset.ready = 'true';
}

main().catch((e) => {
  fatal(`Unexpected error: ${e?.message ?? e}`);
  document.body.dataset.ready = 'error';
});
