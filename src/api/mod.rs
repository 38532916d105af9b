//! The JS binding: `AuthClient` (one per user pool) and Amplify-style top-level functions bound
//! to a default client set by `configure()`. One file per exported function; each parses its
//! input, calls the driver, and converts the output. Rust errors become JS `AuthError`s here
//! and nowhere else.

mod account;
mod auto_sign_in;
mod confirm_reset_password;
mod confirm_sign_in;
mod confirm_sign_up;
mod devices;
mod effects;
mod events;
mod fetch_auth_session;
mod mfa;
mod passkeys;
mod pending;
mod resend_sign_up_code;
mod reset_password;
mod sign_in;
mod sign_in_with_redirect;
mod sign_out;
mod sign_up;
mod user;

pub use account::{
    confirm_user_attribute, delete_user, delete_user_attributes,
    send_user_attribute_verification_code, update_password, update_user_attribute,
    update_user_attributes,
};
pub use auto_sign_in::auto_sign_in;
pub use confirm_reset_password::confirm_reset_password;
pub use confirm_sign_in::confirm_sign_in;
pub use confirm_sign_up::confirm_sign_up;
pub use devices::{decode_jwt, fetch_devices, forget_device, remember_device};
pub use events::on_auth_event;
pub use fetch_auth_session::fetch_auth_session;
pub use mfa::{fetch_mfa_preference, set_up_totp, update_mfa_preference, verify_totp_setup};
pub use passkeys::{
    abort_passkey_ceremony, associate_web_authn_credential, delete_web_authn_credential,
    is_passkey_autofill_supported, is_passkey_supported, list_web_authn_credentials,
    sign_in_with_passkey_autofill,
};
pub use resend_sign_up_code::resend_sign_up_code;
pub use reset_password::reset_password;
pub use sign_in::sign_in;
pub use sign_in_with_redirect::sign_in_with_redirect;
pub use sign_out::sign_out;
pub use sign_up::sign_up;
pub use user::{fetch_user_attributes, get_current_user};

use crate::driver::{Client, Effect, Event, Operation, Poll, Session, SignInOutcome, Tokens};
use crate::error::{AuthError, Validation};
use crate::flow::challenge::{SignInStep, Waiting};
use crate::json::Json;
use crate::model::{self, config::StorageKind};
use crate::secret::Secret;
use crate::storage::web::WebStore;
use crate::storage::{KeyValue, MemoryStore, Replica};
use crate::transport::fetch::Browser;
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    #[wasm_bindgen(js_name = AuthError)]
    type JsAuthError;
    #[wasm_bindgen(constructor, js_class = "AuthError")]
    fn new(name: &str, message: &str, recovery_suggestion: Option<String>) -> JsAuthError;
    /// Amplify's `{ payload, toString() }` JWT object.
    pub(crate) fn jwt(token: &str, payload_json: &str) -> JsValue;
    /// Runs the callback when the page is idle.
    #[wasm_bindgen(js_name = whenIdle)]
    fn when_idle(cb: &JsValue);
    /// Whether the object has `getItem`, `setItem` and `removeItem` functions.
    #[wasm_bindgen(js_name = isStore)]
    fn is_store(store: &JsValue) -> bool;
    /// Runs an operation's effects until it settles (the returned promise), after `gate`
    /// (a redirect sign-in being completed) when it is a promise.
    fn drive(step: &JsValue, gate: &JsValue) -> Promise;
    /// The page's URL (`location.href`).
    #[wasm_bindgen(js_name = pageUrl)]
    pub(crate) fn page_url() -> String;
    /// Navigates to the URL `p` resolves with, if any.
    #[wasm_bindgen(js_name = navigateWhen)]
    pub(crate) fn navigate_when(p: &Promise) -> Promise;
    /// `p` settled either way, never rejecting.
    fn quiet(p: &Promise) -> Promise;
    /// `history.replaceState` to `url`.
    #[wasm_bindgen(js_name = replaceUrl)]
    fn replace_url(url: &str);
}

/// Computes the next SRP ephemeral when the page is idle, so an SRP sign-in only pays for the
/// password proof (the ≤ 16 ms budget).
fn prepare_srp_when_idle(inner: &Rc<Inner>) {
    // Unoptimised (debug) builds take seconds for g^a, blocking the page's idle time for
    // little benefit: only optimised builds precompute.
    if cfg!(debug_assertions) {
        return;
    }
    let inner = Rc::downgrade(inner);
    when_idle(&Closure::once_into_js(move || {
        if let Some(inner) = inner.upgrade() {
            inner.client.prepare_srp();
        }
    }));
}

/// Converts an error into the JS `AuthError` class.
pub(crate) fn js_error(e: &AuthError) -> JsValue {
    JsAuthError::new(e.name(), &e.message(), e.recovery_suggestion().map(Into::into)).into()
}

/// A JS value as JSON (`undefined`/`null` read as `{}`: every input object is optional at
/// the top level, and the flows report what is missing).
pub(crate) fn read(v: &JsValue) -> Result<Json, AuthError> {
    if v.is_undefined() || v.is_null() {
        return Ok(Json::Obj(alloc::vec::Vec::new()));
    }
    let text = js_sys::JSON::stringify(v).map_err(|_| Validation::InvalidInput)?;
    let text: String = text.into();
    Json::parse(&text).map_err(|_| Validation::InvalidInput.into())
}

/// JSON as a plain JS object.
pub(crate) fn write(v: &Json) -> JsValue {
    js_sys::JSON::parse(&v.to_json()).unwrap_or(JsValue::UNDEFINED)
}

/// A sign-in outcome as Amplify's `{ isSignedIn, nextStep }`, with
/// `totpSetupDetails.getSetupUri(appName, accountName?)` on the TOTP setup step.
pub(crate) fn sign_in_output(o: &SignInOutcome) -> JsValue {
    match o {
        SignInOutcome::Done => write(&model::sign_in_output_bare(SignInStep::DONE)),
        SignInOutcome::Stopped(s) => write(&model::sign_in_output_bare(s.step())),
        SignInOutcome::Ask(p) => {
            let out = write(&model::sign_in_output(p));
            if let Waiting::TotpSetup { shared_secret } = &p.waiting {
                let secret = shared_secret.clone();
                let account = p.who.login_id.clone();
                let get_uri = Closure::<dyn Fn(String, Option<String>) -> String>::new(
                    move |app: String, name: Option<String>| {
                        model::totp_setup_uri(
                            &app,
                            name.as_deref().unwrap_or(&account),
                            secret.expose(),
                        )
                    },
                );
                let details = js_sys::Reflect::get(&out, &"nextStep".into())
                    .and_then(|s| js_sys::Reflect::get(&s, &"totpSetupDetails".into()));
                if let Ok(d) = details {
                    let _ =
                        js_sys::Reflect::set(&d, &"getSetupUri".into(), &get_uri.into_js_value());
                }
            }
            out
        }
    }
}

/// The promise a call waits for first (a redirect sign-in being completed), or `undefined`.
fn inner_gate(inner: &Inner) -> JsValue {
    inner.gate.borrow().as_ref().map_or(JsValue::UNDEFINED, |p| p.clone().into())
}

/// What an `AuthClient` holds: the driver and the app's own store.
pub(crate) struct Inner {
    pub(crate) client: Client<Browser>,
    /// The app's own token store (the `storage` option object), read ahead of each call.
    store: Option<JsValue>,
    /// The completion of a redirect sign-in on this page: calls wait for it.
    gate: RefCell<Option<Promise>>,
}

/// Shapes an operation's typed output as its call's JS value.
pub(crate) type Shape<T> = fn(&Client<Browser>, T) -> JsValue;

/// What a call does when it ends, however it ended.
pub(crate) type End = fn(&Rc<Inner>);

/// The void output.
pub(crate) fn done(_: &Client<Browser>, (): ()) -> JsValue {
    JsValue::UNDEFINED
}

/// A `signIn`-like call's output.
pub(crate) fn sign_in_shape(_: &Client<Browser>, o: SignInOutcome) -> JsValue {
    sign_in_output(&o)
}

/// `{ tokens: { accessToken, idToken }, userSub, credentials, identityId }`; signed out, the
/// guest's `credentials` and `identityId`, or `{}`.
pub(crate) fn session_output(session: Session) -> JsValue {
    let out = js_sys::Object::new();
    if let Some(aws) = session.aws {
        let c = &aws.credentials;
        let creds = js_sys::Object::new();
        let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(o, &k.into(), v);
        };
        set(&creds, "accessKeyId", &c.access_key_id.as_str().into());
        set(&creds, "secretAccessKey", &c.secret_key.expose().into());
        if let Some(t) = &c.session_token {
            set(&creds, "sessionToken", &t.expose().into());
        }
        if let Some(ms) = c.expires_at_ms() {
            set(&creds, "expiration", &js_sys::Date::new(&(ms as f64).into()).into());
        }
        set(&out, "credentials", &creds.into());
        set(&out, "identityId", &aws.identity_id.as_str().into());
    }
    if let Some(s) = session.tokens {
        let tokens = js_sys::Object::new();
        let _ = js_sys::Reflect::set(
            &tokens,
            &"accessToken".into(),
            &jwt(s.access_token.expose(), &s.access_claims.to_json()),
        );
        let _ = js_sys::Reflect::set(
            &tokens,
            &"idToken".into(),
            &jwt(s.id_token.expose(), &s.id_claims.to_json()),
        );
        let _ = js_sys::Reflect::set(&out, &"tokens".into(), &tokens);
        if let Some(sub) = s.access_claims.str("sub") {
            let _ = js_sys::Reflect::set(&out, &"userSub".into(), &sub.into());
        }
    }
    out.into()
}

/// `{ sharedSecret, getSetupUri(appName, accountName?) }`.
pub(crate) fn totp_setup_details(secret: Secret, account: String) -> JsValue {
    let out = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&out, &"sharedSecret".into(), &secret.expose().into());
    let get_uri = Closure::<dyn Fn(String, Option<String>) -> String>::new(
        move |app: String, name: Option<String>| {
            model::totp_setup_uri(&app, name.as_deref().unwrap_or(&account), secret.expose())
        },
    );
    let _ = js_sys::Reflect::set(&out, &"getSetupUri".into(), &get_uri.into_js_value());
    out.into()
}

/// A client for one user pool and app client. Several can live side by side.
#[wasm_bindgen]
#[derive(Clone)]
pub struct AuthClient {
    inner: Rc<Inner>,
}

/// A built-in store (`'localStorage'`, `'sessionStorage'`, `'memory'`); the app's own store
/// (`Custom`) is wrapped by the caller, never made here.
fn store(kind: StorageKind) -> Box<dyn KeyValue> {
    match kind {
        StorageKind::Session => Box::new(WebStore::new(true)),
        StorageKind::Memory => Box::new(MemoryStore::default()),
        StorageKind::Local | StorageKind::Custom => Box::new(WebStore::new(false)),
    }
}

/// A call's operation and the shaping of its output, behind one face: every call of the
/// binding runs as `Run<Browser, Box<dyn JsOp>>`, so the driver's loop and this binding's
/// are compiled once, and each operation's typed output becomes its JS value here.
pub(crate) trait JsOp {
    /// Steps the operation.
    fn step(
        &mut self,
        c: &Client<Browser>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<JsValue>, AuthError>;
}

/// A call's typed operation and the shaping of its output.
struct Js<O: Operation<Browser>> {
    op: O,
    shape: Shape<O::Output>,
}

impl<O: Operation<Browser>> JsOp for Js<O> {
    fn step(
        &mut self,
        c: &Client<Browser>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<JsValue>, AuthError> {
        Ok(match self.op.step(c, resp)? {
            Poll::Next(next) => Poll::Next(next),
            Poll::Ready(out) => Poll::Ready((self.shape)(c, out)),
        })
    }
}

/// Makes a call's operation from its input (see [`js`]).
pub(crate) type Begin = fn(&Client<Browser>, Json) -> Result<Box<dyn JsOp>, AuthError>;

/// A call's operation, typed, with the shaping of its output.
pub(crate) fn js<O: Operation<Browser> + 'static>(
    op: Result<O, AuthError>,
    shape: Shape<O::Output>,
) -> Result<Box<dyn JsOp>, AuthError> {
    Ok(Box::new(Js { op: op?, shape }))
}

impl Operation<Browser> for Box<dyn JsOp> {
    type Output = JsValue;
    fn step(
        &mut self,
        c: &Client<Browser>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<JsValue>, AuthError> {
        (**self).step(c, resp)
    }
}

impl AuthClient {
    fn create(config: &JsValue, options: &JsValue) -> Result<AuthClient, AuthError> {
        let config = model::config::parse(&read(config)?, &read(options)?)?;
        let store = match config.storage {
            StorageKind::Custom => {
                let given =
                    js_sys::Reflect::get(options, &"storage".into()).unwrap_or(JsValue::UNDEFINED);
                if !is_store(&given) {
                    return Err(Validation::InvalidStorage.into());
                }
                Some(given)
            }
            _ => None,
        };
        let tokens = match &store {
            Some(_) => Tokens::ReadAhead(Replica::default()),
            None => Tokens::Direct(self::store(config.storage)),
        };
        // Pending sign-ins live per tab (sessionStorage), unless tokens live in memory.
        let memory = config.storage == StorageKind::Memory;
        let state = self::store(if memory { StorageKind::Memory } else { StorageKind::Session });
        let mut client = Client::new(config, Browser, tokens, state);
        if memory {
            // The hosted UI's round trip leaves the page: its state and PKCE verifier wait in
            // this tab's sessionStorage (cleared when it comes back), the tokens stay in memory.
            client = client.with_redirect_store(self::store(StorageKind::Session));
        }
        let inner = Rc::new(Inner { client, store, gate: RefCell::new(None) });
        prepare_srp_when_idle(&inner);
        let client = AuthClient { inner };
        client.complete_redirect();
        Ok(client)
    }

    /// Completes a redirect sign-in when the page's URL carries the hosted UI's answer to one
    /// this browser started (with a `loginWith.oauth` config only); calls made meanwhile wait
    /// for it. The code and state leave the address bar either way.
    fn complete_redirect(&self) {
        if self.inner.client.config().oauth.is_none() {
            return;
        }
        // One completion per app client on a page: a second client (e.g. `configure()` next
        // to `new AuthClient` with the same config) waits for the first instead of posting
        // the single-use code again (a replay would revoke the tokens it gave).
        let id = self.inner.client.config().pool.client_id.clone();
        if let Some(p) = REDIRECTS.0.borrow().iter().find(|(c, _)| *c == id).map(|(_, p)| p.clone())
        {
            *self.inner.gate.borrow_mut() = Some(p);
            return;
        }
        let done = self.call(&JsValue::UNDEFINED, |c, _| {
            // Read when the stores are: the URL the hosted UI sent the browser back to.
            js(Ok(c.begin_complete_redirect(&page_url())), |_, landing| {
                if let Some(l) = landing {
                    replace_url(&l.clean_url);
                }
                JsValue::UNDEFINED
            })
        });
        let gate = quiet(&done);
        REDIRECTS.0.borrow_mut().push((id, gate.clone()));
        *self.inner.gate.borrow_mut() = Some(gate);
    }

    /// Runs a call as a promise. `input` is read now (`undefined` reads as `{}`); `begin`
    /// makes the call's operation from it once the stores hold what it needs.
    pub(crate) fn call(&self, input: &JsValue, begin: Begin) -> Promise {
        self.call_ending(input, begin, |_| {}, false)
    }

    /// A `signIn`-like call; the next SRP ephemeral is prepared when it ends. An app's async
    /// store is read for the signing-in user's remembered device too.
    pub(crate) fn sign_in_call(&self, input: &JsValue, begin: Begin) -> Promise {
        self.call_ending(input, begin, prepare_srp_when_idle, true)
    }

    /// [`Self::call`], and `end` when it ends, however it ended. The one loop of every call: js/glue.js `drive` awaits each I/O the driver asks for and
    /// answers with how it settled; the client's queued events go to the listeners after each
    /// step.
    pub(crate) fn call_ending(
        &self,
        input: &JsValue,
        begin: Begin,
        end: End,
        signing_in: bool,
    ) -> Promise {
        let v = match read(input) {
            Ok(v) => v,
            Err(e) => return Promise::reject(&js_error(&e)),
        };
        let inner = self.inner.clone();
        let user = signing_in.then(|| inner.client.signing_in_user(&v)).flatten();
        let mut run = inner.client.start(move |c| begin(c, v)).reading_also(user);
        let mut awaiting: Option<effects::Awaiting> = None;
        let step = Closure::<dyn FnMut(bool, JsValue) -> Result<JsValue, JsValue>>::new(
            move |ok: bool, value: JsValue| {
                let event = match awaiting.take() {
                    Some(a) => a.event(ok, value),
                    None => Event::Start,
                };
                let effect = inner.client.advance(&mut run, event);
                inner.client.deliver_events();
                let io = match effect {
                    Effect::Io(io) => io,
                    Effect::Done(r) => {
                        end(&inner);
                        return r.map_err(|e| js_error(&e));
                    }
                };
                let (promise, a) = effects::start(&inner, io);
                awaiting = Some(a);
                Ok(promise.into())
            },
        );
        let gate = inner_gate(&self.inner);
        drive(&step.into_js_value(), &gate)
    }
}

#[wasm_bindgen]
impl AuthClient {
    /// A client for `config`: Amplify's `{ Auth: { Cognito: { userPoolId, userPoolClientId,
    /// userPoolEndpoint? } } }` or an `amplify_outputs.json` object. `options.storage`:
    /// `'localStorage'` (default), `'sessionStorage'`, `'memory'` or an object with `getItem` /
    /// `setItem` / `removeItem`, synchronous or answering with Promises (Amplify's
    /// `KeyValueStorageInterface`, e.g. its `CookieStorage`).
    ///
    /// @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
    /// `InvalidStorage` when `options.storage` lacks one of the three methods.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "AuthConfig")] config: JsValue,
        options: Option<ClientOptions>,
    ) -> Result<AuthClient, JsValue> {
        AuthClient::create(&config, &opt(options)).map_err(|e| js_error(&e))
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = crate::model::ts::ALL_TS;

#[wasm_bindgen]
extern "C" {
    /// `AuthClientOptions` (optional parameter).
    #[wasm_bindgen(typescript_type = "AuthClientOptions")]
    pub type ClientOptions;
    /// `SignOutInput` (optional parameter).
    #[wasm_bindgen(typescript_type = "SignOutInput")]
    pub type SignOutOptions;
    /// `SignInWithRedirectInput` (optional parameter).
    #[wasm_bindgen(typescript_type = "SignInWithRedirectInput")]
    pub type RedirectOptions;
    /// `FetchAuthSessionOptions` (optional parameter).
    #[wasm_bindgen(typescript_type = "FetchAuthSessionOptions")]
    pub type SessionOptions;
}

/// An optional typed parameter as a plain value (`undefined` when absent).
pub(crate) fn opt(v: Option<impl Into<JsValue>>) -> JsValue {
    v.map_or(JsValue::UNDEFINED, Into::into)
}

/// The default client of the top-level functions. The wasm module is single-threaded (built
/// without `atomics`), so one cell is the whole "thread-local"; `thread_local!` needs std.
struct DefaultClient(RefCell<Option<AuthClient>>);
// SAFETY: wasm32 without the `atomics` target feature has exactly one thread.
#[cfg(not(target_feature = "atomics"))]
unsafe impl Sync for DefaultClient {}
static DEFAULT: DefaultClient = DefaultClient(RefCell::new(None));

/// The redirect sign-in completions started on this page, per app client id.
struct Redirects(RefCell<alloc::vec::Vec<(String, Promise)>>);
// SAFETY: as for `DefaultClient`: one thread.
#[cfg(not(target_feature = "atomics"))]
unsafe impl Sync for Redirects {}
static REDIRECTS: Redirects = Redirects(RefCell::new(alloc::vec::Vec::new()));

/// Configures the default client used by the top-level functions (same input as
/// `new AuthClient(config, options)`).
///
/// @throws AuthError `AuthUserPoolException` when the pool or client id is missing,
/// `InvalidStorage` when `options.storage` lacks one of the three methods.
#[wasm_bindgen]
pub fn configure(
    #[wasm_bindgen(unchecked_param_type = "AuthConfig")] config: JsValue,
    options: Option<ClientOptions>,
) -> Result<(), JsValue> {
    let client = AuthClient::create(&config, &opt(options)).map_err(|e| js_error(&e))?;
    *DEFAULT.0.borrow_mut() = Some(client);
    Ok(())
}

/// The default client, or the error to throw when `configure()` was not called.
pub(crate) fn default_client() -> Result<AuthClient, JsValue> {
    DEFAULT.0.borrow().clone().ok_or_else(|| js_error(&Validation::InvalidConfig.into()))
}

/// Runs `f` on the default client, or returns a rejected promise when `configure()` was not
/// called.
pub(crate) fn with_default(f: impl FnOnce(&AuthClient) -> Promise) -> Promise {
    match default_client() {
        Ok(c) => f(&c),
        Err(e) => Promise::reject(&e),
    }
}
