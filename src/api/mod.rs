//! The JS binding: `AuthClient` (one per user pool) and Amplify-style top-level functions bound
//! to a default client set by `configure()`. One file per exported function; each parses its
//! input, calls the driver, and converts the output. Rust errors become JS `AuthError`s here
//! and nowhere else.

mod auto_sign_in;
mod confirm_reset_password;
mod confirm_sign_in;
mod confirm_sign_up;
mod events;
mod fetch_auth_session;
mod mfa;
mod passkeys;
mod pending;
mod resend_sign_up_code;
mod reset_password;
mod sign_in;
mod sign_out;
mod sign_up;
mod user;

pub use auto_sign_in::auto_sign_in;
pub use confirm_reset_password::confirm_reset_password;
pub use confirm_sign_in::confirm_sign_in;
pub use confirm_sign_up::confirm_sign_up;
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
pub use sign_out::sign_out;
pub use sign_up::sign_up;
pub use user::{fetch_user_attributes, get_current_user};

use crate::driver::{AuthSession, Client, Event, Output, Run, SignInOutcome, Task};
use crate::error::{AuthError, Validation};
use crate::flow::challenge::{SignInStep, Waiting};
use crate::json::Json;
use crate::model::{self, config::StorageKind};
use crate::secret::Secret;
use crate::storage::web::{JsStore, WebStore};
use crate::storage::{tokens, KeyValue, MemoryStore};
use crate::transport::fetch::{self, Awaiting, Browser};
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
    /// Runs an operation's effects until it settles (the returned promise).
    fn drive(step: &JsValue) -> Promise;
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

/// What an `AuthClient` holds: the driver, its event listeners, and the refresh in flight.
pub(crate) struct Inner {
    pub(crate) client: Client<Browser>,
    pub(crate) hub: events::Hub,
    /// The `fetchAuthSession` in flight, shared by concurrent callers (one refresh request).
    pub(crate) session: RefCell<Option<Promise>>,
    /// The app's own token store (the `storage` option object), read ahead of each call.
    custom: Option<Rc<JsStore>>,
}

/// Which call a task came from: decides the output's shape and the events emitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tag {
    /// Outputs as they are.
    Plain,
    /// signIn / confirmSignIn: `signedIn` on success.
    SignIn,
    /// autoSignIn: `autoSignIn` + `signedIn`, or `autoSignIn_failure`.
    AutoSignIn,
    /// resetPassword: the delivery details wrapped in `nextStep`.
    Reset,
    /// fetchAuthSession; `refreshing` when a refresh is part of it.
    Session { refreshing: bool },
    /// signOut: `signedOut`.
    SignOut,
}

impl Inner {
    fn user(&self) -> Option<JsValue> {
        self.client.current_user().ok().map(|u| write(&model::current_user(&u)))
    }

    /// Turns a task's result into the JS value of the call that started it, emitting events.
    fn finish(&self, tag: Tag, r: Result<Output, AuthError>) -> Result<JsValue, JsValue> {
        match tag {
            Tag::Session { refreshing } => {
                *self.session.borrow_mut() = None;
                if refreshing {
                    match &r {
                        Ok(_) => self.hub.emit("tokenRefresh", None),
                        Err(e) => self.hub.emit("tokenRefresh_failure", Some(&js_error(e))),
                    }
                }
            }
            Tag::AutoSignIn => {
                if let Err(e) = &r {
                    self.hub.emit("autoSignIn_failure", Some(&js_error(e)));
                }
            }
            _ => {}
        }
        let out = r.map_err(|e| js_error(&e))?;
        Ok(match out {
            Output::SignUp(r) => write(&model::sign_up_output(&r)),
            Output::SignIn(o) => {
                if o == SignInOutcome::Done {
                    let user = self.user();
                    self.hub.emit("signedIn", user.as_ref());
                    if tag == Tag::AutoSignIn {
                        self.hub.emit("autoSignIn", user.as_ref());
                    }
                }
                sign_in_output(&o)
            }
            Output::Delivery(d) if tag == Tag::Reset => write(&model::reset_password_output(&d)),
            Output::Delivery(d) => write(&model::code_delivery(&d)),
            Output::Session(s) => session_output(s),
            Output::Attributes(a) => write(&model::string_object(&a)),
            Output::TotpSecret(secret) => {
                let account = self.client.current_user().map(|u| u.username).unwrap_or_default();
                totp_setup_details(secret, account)
            }
            Output::MfaPreference(enabled, preferred) => {
                write(&model::mfa_preference(&enabled, preferred))
            }
            Output::Credentials(items, next) => passkeys::credentials_output(items, next),
            Output::User(u) => write(&model::current_user(&u)),
            _ => {
                if tag == Tag::SignOut {
                    self.hub.emit("signedOut", None);
                }
                JsValue::UNDEFINED
            }
        })
    }
}

/// `{ tokens: { accessToken, idToken }, userSub }`, or `{}` when signed out.
pub(crate) fn session_output(s: Option<AuthSession>) -> JsValue {
    let out = js_sys::Object::new();
    if let Some(s) = s {
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

/// What a call does once the stores hold what it needs: builds the task from the call's input.
pub(crate) type Begin = fn(&Client<Browser>, Json) -> Result<Task, AuthError>;

/// A read of the app's store ahead of a call: `keys`, the `LastAuthUser` round when `first`.
struct Reading {
    store: Rc<JsStore>,
    keys: alloc::vec::Vec<String>,
    first: bool,
    /// The read's mark ([`JsStore::read`]).
    mark: u32,
    begin: Begin,
    input: Json,
}

/// Where a call is ([`AuthClient::start`]).
enum Stage {
    /// Ask the app's store for the keys.
    Ask(Reading),
    /// The store answers.
    Read(Reading),
    /// The task is running; its last effect answers through `Awaiting`.
    Run(Box<Run>, Option<Awaiting>),
    /// The call's result, before the app's store has finished writing.
    Settle(Result<Output, AuthError>),
    /// The result, held until the app's store has finished writing.
    Flush(Result<Output, AuthError>),
    /// Settled.
    Over,
}

impl AuthClient {
    fn create(config: &JsValue, options: &JsValue) -> Result<AuthClient, AuthError> {
        let config = model::config::parse(&read(config)?, &read(options)?)?;
        let custom = match config.storage {
            StorageKind::Custom => {
                let given =
                    js_sys::Reflect::get(options, &"storage".into()).unwrap_or(JsValue::UNDEFINED);
                Some(Rc::new(JsStore::new(given)?))
            }
            _ => None,
        };
        let tokens: Box<dyn KeyValue> = match &custom {
            Some(c) => Box::new(c.clone()),
            None => store(config.storage),
        };
        // Pending sign-ins live per tab (sessionStorage), unless tokens live in memory.
        let state = store(if config.storage == StorageKind::Memory {
            StorageKind::Memory
        } else {
            StorageKind::Session
        });
        let client = Client::new(config, Browser, tokens, state);
        let inner = Rc::new(Inner {
            client,
            hub: events::Hub::default(),
            session: RefCell::new(None),
            custom,
        });
        prepare_srp_when_idle(&inner);
        Ok(AuthClient { inner })
    }

    /// Runs a call as a promise: js/glue.js `drive` awaits each effect the driver asks for
    /// ([`Client::advance`]). Every call goes through here. `begin` builds the task from
    /// `input` (read now; `undefined` reads as `{}`): at once with the built-in stores, and
    /// with an app-provided store once the keys the call needs are read from it; the promise
    /// settles after the store's writes.
    #[inline(never)]
    pub(crate) fn start(&self, mut tag: Tag, input: &JsValue, begin: Begin) -> Promise {
        let inner = self.inner.clone();
        fn begun(inner: &Inner, tag: &mut Tag, begin: Begin, input: Json) -> Stage {
            match begin(&inner.client, input) {
                Ok(task) => {
                    if let Tag::Session { .. } = tag {
                        *tag = Tag::Session { refreshing: task.refreshes() };
                    }
                    Stage::Run(Box::new(Run::new(task)), None)
                }
                Err(e) => Stage::Settle(Err(e)),
            }
        }
        let mut stage = match (read(input), &inner.custom) {
            (Err(e), _) => Stage::Settle(Err(e)),
            (Ok(input), Some(store)) => {
                let keys = tokens::keys(&inner.client.config().pool.client_id, None);
                Stage::Ask(Reading {
                    store: store.clone(),
                    keys,
                    first: true,
                    mark: 0,
                    begin,
                    input,
                })
            }
            (Ok(input), None) => begun(&inner, &mut tag, begin, input),
        };
        let step = Closure::<dyn FnMut(bool, JsValue) -> Result<JsValue, JsValue>>::new(
            move |ok: bool, value: JsValue| {
                let mut answer = Some((ok, value));
                loop {
                    stage = match core::mem::replace(&mut stage, Stage::Over) {
                        Stage::Ask(mut r) => {
                            let p;
                            (p, r.mark) = r.store.read(r.keys.clone());
                            stage = Stage::Read(r);
                            return Ok(p.into());
                        }
                        Stage::Read(r) => {
                            if let Some((true, values)) = answer.take() {
                                r.store.fill(&r.keys, &values, r.mark);
                            }
                            match r.first.then(|| r.store.get(&r.keys[0])).flatten() {
                                Some(user) => {
                                    let keys = tokens::keys(
                                        &inner.client.config().pool.client_id,
                                        Some(&user),
                                    );
                                    Stage::Ask(Reading { keys, first: false, ..r })
                                }
                                None => begun(&inner, &mut tag, r.begin, r.input),
                            }
                        }
                        Stage::Run(mut run, awaiting) => {
                            let event = match (awaiting, answer.take()) {
                                (Some(a), Some((ok, value))) => a.event(ok, value),
                                _ => Event::Start,
                            };
                            let effect = inner.client.advance(&mut run, event);
                            match fetch::start(&inner.client.config().endpoint, effect) {
                                Ok((promise, next)) => {
                                    stage = Stage::Run(run, Some(next));
                                    return Ok(promise.into());
                                }
                                Err(r) => {
                                    if matches!(tag, Tag::SignIn | Tag::AutoSignIn) {
                                        prepare_srp_when_idle(&inner);
                                    }
                                    Stage::Settle(r)
                                }
                            }
                        }
                        Stage::Settle(r) => match inner.custom.as_ref().and_then(|s| s.flushed()) {
                            Some(p) => {
                                stage = Stage::Flush(r);
                                return Ok(p.into());
                            }
                            None => return inner.finish(tag, r),
                        },
                        Stage::Flush(r) => return inner.finish(tag, r),
                        Stage::Over => {
                            return Err(js_error(&AuthError::Protocol(
                                "a settled call was stepped",
                            )))
                        }
                    };
                }
            },
        );
        drive(&step.into_js_value())
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
