//! Size floor B: the Rust protocol (flows, driver, SRP, JSON) and the Amplify input/output
//! shaping stay in wasm behind one JSON-string entry point (`configure`, `call(op, input)`,
//! `sync_call`, `resume`); what `api` adds on top (the AuthClient class, one export per call,
//! JS objects, Hub events, JWT objects, `getSetupUri`, custom storage) would move to
//! hand-written JS. Not shipped: scripts/size-floors.sh swaps it in for `api` in a copy of the
//! tree to weigh that design.
#![allow(missing_docs)]
use crate::driver::{Client, Event, Output, Run, SignInOutcome, Task};
use crate::error::{AuthError, Validation};
use crate::flow::challenge::SignInStep;
use crate::json::{Json, Obj};
use crate::model::{self, config::StorageKind};
use crate::storage::{web::WebStore, KeyValue, MemoryStore};
use crate::transport::fetch::{self, Awaiting, Browser};
use alloc::boxed::Box;
use alloc::rc::Rc;
use alloc::string::String;
use core::cell::RefCell;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    fn drive(step: &JsValue) -> Promise;
}

struct D(RefCell<Option<Rc<Client<Browser>>>>);
// SAFETY: wasm32 without atomics has one thread (as in api/mod.rs).
unsafe impl Sync for D {}
static DEF: D = D(RefCell::new(None));

fn err(e: &AuthError) -> JsValue {
    let mut o = Obj::new().set("name", e.name()).set("message", e.message().as_str());
    if let Some(r) = e.recovery_suggestion() { o = o.set("recoverySuggestion", r); }
    JsValue::from(o.build().to_json())
}

fn store(kind: StorageKind) -> Box<dyn KeyValue> {
    match kind {
        StorageKind::Local => Box::new(WebStore::new(false)),
        StorageKind::Session => Box::new(WebStore::new(true)),
        _ => Box::new(MemoryStore::default()),
    }
}

#[wasm_bindgen]
pub fn configure(config: &str, options: &str) -> Result<(), JsValue> {
    let p = |s: &str| Json::parse(s).map_err(|_| err(&Validation::InvalidInput.into()));
    let config = model::config::parse(&p(config)?, &p(options)?).map_err(|e| err(&e))?;
    let tokens = store(config.storage);
    let state_kind = if config.storage == StorageKind::Memory { StorageKind::Memory } else { StorageKind::Session };
    let state = store(state_kind);
    *DEF.0.borrow_mut() = Some(Rc::new(Client::new(config, Browser, tokens, state)));
    Ok(())
}

fn pref(v: &Json, k: &str) -> Result<Option<crate::flow::account::MfaPreference>, AuthError> {
    v.str(k).map(crate::flow::account::MfaPreference::parse).transpose()
}

fn begin(c: &Client<Browser>, op: &str, v: &Json) -> Result<Option<Task>, AuthError> {
    Ok(Some(match op {
        "signUp" => c.begin_sign_up(model::sign_up_input(v)?)?,
        "confirmSignUp" => c.begin_confirm_sign_up(model::confirm_sign_up_input(v)?)?,
        "resendSignUpCode" => { let (u, m) = model::username_input(v)?; c.begin_resend_sign_up_code(&u, &m)? }
        "autoSignIn" => c.begin_auto_sign_in()?,
        "signIn" => c.begin_sign_in(model::sign_in_input(v)?)?,
        "confirmSignIn" => c.begin_confirm_sign_in(model::confirm_sign_in_input(v)?)?,
        "resetPassword" => { let (u, m) = model::username_input(v)?; c.begin_reset_password(&u, &m)? }
        "confirmResetPassword" => c.begin_confirm_reset_password(model::confirm_reset_input(v)?)?,
        "fetchAuthSession" => return c.begin_fetch_session(v.get("forceRefresh").and_then(Json::as_bool).unwrap_or(false)),
        "fetchUserAttributes" => c.begin_user_attributes()?,
        "signOut" => c.begin_sign_out(v.get("global").and_then(Json::as_bool).unwrap_or(false)),
        "setUpTOTP" => c.begin_set_up_totp()?,
        "verifyTOTPSetup" => c.begin_verify_totp_setup(v.str("code").unwrap_or_default(), v.get("options").and_then(|o| o.str("friendlyDeviceName")))?,
        "updateMFAPreference" => c.begin_update_mfa_preference(pref(v, "sms")?, pref(v, "totp")?, pref(v, "email")?)?,
        "fetchMFAPreference" => c.begin_fetch_mfa_preference()?,
        "associateWebAuthnCredential" => c.begin_register_passkey()?,
        "listWebAuthnCredentials" => c.begin_list_passkeys(v.get("pageSize").and_then(Json::as_u64), v.str("nextToken").map(Into::into))?,
        "deleteWebAuthnCredential" => c.begin_delete_passkey(v.str("credentialId").unwrap_or_default())?,
        "signInWithPasskeyAutofill" => c.begin_passkey_autofill(v.str("username").unwrap_or_default())?,
        _ => return Err(Validation::InvalidInput.into()),
    }))
}

fn output(c: &Client<Browser>, op: &str, o: Output) -> Json {
    match o {
        Output::SignUp(r) => model::sign_up_output(&r),
        Output::SignIn(SignInOutcome::Done) => model::sign_in_output_bare(SignInStep::DONE),
        Output::SignIn(SignInOutcome::Stopped(s)) => model::sign_in_output_bare(s.step()),
        Output::SignIn(SignInOutcome::Ask(p)) => model::sign_in_output(&p),
        Output::Delivery(d) if op == "resetPassword" => model::reset_password_output(&d),
        Output::Delivery(d) => model::code_delivery(&d),
        Output::Session(None) => Json::Null,
        Output::Session(Some(s)) => Obj::new()
            .set("accessToken", s.access_token.expose())
            .set("idToken", s.id_token.expose())
            .set("accessClaims", s.access_claims)
            .set("idClaims", s.id_claims)
            .build(),
        Output::Attributes(a) => model::string_object(&a),
        Output::TotpSecret(s) => Obj::new().set("sharedSecret", s.expose()).set("account", c.current_user().map(|u| u.username).unwrap_or_default()).build(),
        Output::MfaPreference(e, p) => model::mfa_preference(&e, p),
        Output::Credentials(items, next) => Obj::new().set("credentials", Json::Arr(items)).opt("nextToken", next).build(),
        _ => Json::Null,
    }
}

#[wasm_bindgen]
pub fn sync_call(op: &str) -> Result<String, JsValue> {
    let c = DEF.0.borrow().clone().ok_or_else(|| err(&Validation::InvalidConfig.into()))?;
    Ok(match op {
        "getCurrentUser" => model::current_user(&c.current_user().map_err(|e| err(&e))?).to_json(),
        "getPendingSignIn" => c.pending_sign_in().map(|p| model::sign_in_output(&p).to_json()).unwrap_or_default(),
        "exportSignIn" => c.export_sign_in().unwrap_or_default(),
        "prepareSrp" => { c.prepare_srp(); String::new() }
        _ => return Err(err(&Validation::InvalidInput.into())),
    })
}

#[wasm_bindgen]
pub fn resume(text: &str) -> Result<String, JsValue> {
    let c = DEF.0.borrow().clone().ok_or_else(|| err(&Validation::InvalidConfig.into()))?;
    let p = c.resume_sign_in(text).map_err(|e| err(&e))?;
    Ok(model::sign_in_output(&p).to_json())
}

#[wasm_bindgen]
pub fn call(op: String, input: &str) -> Promise {
    let c = match DEF.0.borrow().clone() { Some(c) => c, None => return Promise::reject(&err(&Validation::InvalidConfig.into())) };
    let task = Json::parse(input).map_err(|_| AuthError::from(Validation::InvalidInput)).and_then(|v| begin(&c, &op, &v));
    let task = match task {
        Ok(Some(t)) => t,
        Ok(None) => return Promise::resolve(&JsValue::from("null")),
        Err(e) => return Promise::reject(&err(&e)),
    };
    let mut run = Run::new(task);
    let mut awaiting: Option<Awaiting> = None;
    let step = Closure::<dyn FnMut(bool, JsValue) -> Result<JsValue, JsValue>>::new(move |ok: bool, value: JsValue| {
        let event = awaiting.take().map_or(Event::Start, |a| a.event(ok, value));
        let effect = c.advance(&mut run, event);
        match fetch::start(&c.config().endpoint, effect) {
            Ok((promise, next)) => { awaiting = Some(next); Ok(promise.into()) }
            Err(Ok(o)) => Ok(JsValue::from(output(&c, &op, o).to_json())),
            Err(Err(e)) => Err(err(&e)),
        }
    });
    drive(&step.into_js_value())
}
