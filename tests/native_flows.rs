//! The client's driver and flows against the local Cognito core, in process: no sockets, no
//! browser, a fake clock. Every sign-up and sign-in path is walked here in milliseconds; the
//! browser tiers then prove the same over HTTP in Chromium.
#![cfg(not(target_arch = "wasm32"))]

use cognito_wasm::driver::{Client, Effect, Event, Io, SignInOutcome};
use cognito_wasm::error::{AuthError, InvalidState, Validation};
use cognito_wasm::flow::challenge::{SignInStep, Waiting};
use cognito_wasm::flow::sign_in::{Answer, SignInInput, Stopped};
use cognito_wasm::flow::sign_up::{AutoSignInOptions, ConfirmSignUpInput, SignUpInput, SignUpStep};
use cognito_wasm::flow::{AuthFlow, FirstFactor, PoolConfig};
use cognito_wasm::model::config::{ClientConfig, StorageKind};
use cognito_wasm::protocol::{Action, RawResponse};
use cognito_wasm::secret::Secret;
use cognito_wasm::storage::{KeyValue, MemoryStore};
use cognito_wasm::transport::Platform;
use local_cognito::authenticator::SoftwareAuthenticator;
use local_cognito::{Emulator, EmulatorConfig};
use std::cell::{Cell, RefCell};
use std::rc::Rc;

const START_MS: u64 = 1_750_000_000_000;

/// The emulator core as the client's platform, with a fake clock and a request log.
struct Local {
    emu: RefCell<Emulator>,
    now: Cell<u64>,
    sent: RefCell<Vec<&'static str>>,
    /// Every call of this action answered with this fault (the fault matrix).
    fault: Cell<Option<(&'static str, Fault)>>,
    /// The user's passkey device (the browser's `navigator.credentials`).
    authenticator: RefCell<SoftwareAuthenticator>,
}

/// How the network or the server fails one action (tests/native_flows.rs fault matrix).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    Status500,
    Status503,
    Status429,
    Dropped,
    Stalled,
    TruncatedJson,
    WrongContentType,
}

impl Fault {
    const ALL: [Fault; 7] = [
        Fault::Status500,
        Fault::Status503,
        Fault::Status429,
        Fault::Dropped,
        Fault::Stalled,
        Fault::TruncatedJson,
        Fault::WrongContentType,
    ];

    fn outcome(self) -> Result<RawResponse, AuthError> {
        let answer =
            |status, body: &str| Ok(RawResponse { status, error_type: None, body: body.into() });
        match self {
            Fault::Status500 => {
                answer(500, r#"{"__type":"InternalErrorException","message":"boom"}"#)
            }
            Fault::Status503 => {
                answer(503, r#"{"__type":"ServiceUnavailableException","message":"busy"}"#)
            }
            Fault::Status429 => {
                answer(429, r#"{"__type":"TooManyRequestsException","message":"slow down"}"#)
            }
            Fault::Dropped => Err(AuthError::Network("Failed to fetch".into())),
            Fault::Stalled => Err(AuthError::Timeout(30_000)),
            Fault::TruncatedJson => answer(200, r#"{"AuthenticationResult":{"AccessTo"#),
            Fault::WrongContentType => answer(200, "<html><body>Bad gateway</body></html>"),
        }
    }

    /// Worth sending again when the request is safe to repeat.
    fn transient(self) -> bool {
        !matches!(self, Fault::TruncatedJson | Fault::WrongContentType)
    }

    /// The typed error the caller gets.
    fn error_name(self) -> &'static str {
        match self {
            Fault::Status500 => "InternalErrorException",
            Fault::Status503 => "ServiceUnavailableException",
            Fault::Status429 => "TooManyRequestsException",
            Fault::Dropped => "NetworkError",
            Fault::Stalled => "TimeoutError",
            Fault::TruncatedJson | Fault::WrongContentType => "UnexpectedResponseException",
        }
    }
}

#[derive(Clone)]
struct Shared(Rc<Local>);

impl Platform for Shared {
    async fn send(
        &self,
        _endpoint: &str,
        action: Action,
        body: &str,
        _timeout_ms: u32,
    ) -> Result<RawResponse, AuthError> {
        self.0.sent.borrow_mut().push(action.name());
        if let Some((a, fault)) = self.0.fault.get() {
            if a == action.name() {
                return fault.outcome();
            }
        }
        let mut emu = self.0.emu.borrow_mut();
        let (status, body) = if action.is_identity() {
            emu.handle_identity(action.name(), body, self.0.now.get())
        } else {
            emu.handle(action.name(), body, self.0.now.get())
        };
        Ok(RawResponse { status, error_type: None, body })
    }
    async fn sleep(&self, ms: u64) {
        self.0.now.set(self.0.now.get() + ms);
    }
    fn now_ms(&self) -> u64 {
        self.0.now.get()
    }
    async fn passkey_create(&self, options_json: &str) -> Result<Secret, AuthError> {
        let options: serde_json::Value = serde_json::from_str(options_json).unwrap();
        let rp_id = options["rp"]["id"].as_str().unwrap().to_string();
        Ok(Secret::new(self.0.authenticator.borrow().create(&options, &rp_id).to_string()))
    }
    async fn passkey_get(
        &self,
        options_json: &str,
        _conditional: bool,
    ) -> Result<Secret, AuthError> {
        let options: serde_json::Value = serde_json::from_str(options_json).unwrap();
        Ok(Secret::new(self.0.authenticator.borrow_mut().get(&options)))
    }
}

/// Shares one store between clients (a "reload": new client, same sessionStorage).
#[derive(Clone, Default)]
struct SharedStore(Rc<MemoryStore>);

impl KeyValue for SharedStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.get(key)
    }
    fn set(&self, key: &str, value: &str) {
        self.0.set(key, value)
    }
    fn remove(&self, key: &str) {
        self.0.remove(key)
    }
}

struct World {
    local: Shared,
    tokens: SharedStore,
    state: SharedStore,
    config: ClientConfig,
}

impl World {
    fn new() -> World {
        Self::with_pool(None)
    }

    /// A world whose client talks to a pool made from `pool_json` (the emulator's pool config).
    fn with_pool(pool_json: Option<&str>) -> World {
        let mut emu =
            Emulator::new(EmulatorConfig { seed: Some(7), ..Default::default() }).unwrap();
        let (pool_id, client_id, secret) = match pool_json {
            None => {
                let (p, c) = emu.default_ids();
                (p, c, None)
            }
            Some(j) => {
                let info = emu.add_pool(serde_json::from_str(j).unwrap(), START_MS).unwrap();
                (info.user_pool_id, info.user_pool_client_id, info.client_secret)
            }
        };
        let local = Shared(Rc::new(Local {
            emu: RefCell::new(emu),
            now: Cell::new(START_MS),
            sent: RefCell::default(),
            fault: Cell::new(None),
            authenticator: RefCell::new(SoftwareAuthenticator::new()),
        }));
        let config = ClientConfig {
            pool: PoolConfig {
                user_pool_id: pool_id,
                client_id,
                client_secret: secret.map(Secret::new),
            },
            endpoint: "http://local.test/".into(),
            storage: StorageKind::Memory,
            request_timeout_ms: cognito_wasm::model::config::DEFAULT_TIMEOUT_MS,
            identity: None,
            oauth: None,
        };
        World { local, tokens: SharedStore::default(), state: SharedStore::default(), config }
    }

    /// A client; a second call is the same app after a page reload.
    fn client(&self) -> Client<Shared> {
        Client::new(
            self.config.clone(),
            self.local.clone(),
            Box::new(self.tokens.clone()),
            Box::new(self.state.clone()),
        )
    }

    fn code(&self, username: &str) -> String {
        let emu = self.local.0.emu.borrow();
        let msgs = emu.inbox(Some(username), None);
        msgs.last().expect("a message in the inbox").code.clone()
    }

    fn advance(&self, ms: u64) {
        self.local.0.now.set(self.local.0.now.get() + ms);
    }

    fn sent(&self) -> Vec<&'static str> {
        self.local.0.sent.borrow().clone()
    }

    fn admin_status(&self, action: &str, body: serde_json::Value) -> u16 {
        let pool = &self.config.pool.user_pool_id;
        let mut body = body;
        body["UserPoolId"] = serde_json::Value::String(pool.clone());
        self.local.0.emu.borrow_mut().handle(action, &body.to_string(), self.local.0.now.get()).0
    }

    fn admin(&self, action: &str, body: serde_json::Value) -> serde_json::Value {
        let (status, out) =
            self.local.0.emu.borrow_mut().handle(action, &body.to_string(), self.local.0.now.get());
        assert!(status < 300, "{action}: {out}");
        serde_json::from_str(&out).unwrap_or(serde_json::Value::Null)
    }
}

fn block<F: std::future::Future>(f: F) -> F::Output {
    pollster::block_on(f)
}

fn sign_up(
    username: &str,
    password: Option<&str>,
    email: &str,
    auto: Option<(AuthFlow, Option<FirstFactor>)>,
) -> SignUpInput {
    SignUpInput {
        username: username.into(),
        password: password.map(Secret::new),
        user_attributes: vec![("email".into(), email.into())],
        validation_data: vec![],
        client_metadata: vec![],
        auto: auto.map(|(flow, preferred)| AutoSignInOptions {
            flow,
            preferred,
            client_metadata: vec![],
        }),
    }
}

fn confirm(username: &str, code: &str) -> ConfirmSignUpInput {
    ConfirmSignUpInput {
        username: username.into(),
        code: Secret::new(code),
        client_metadata: vec![],
        force_alias_creation: None,
    }
}

fn sign_in(
    username: &str,
    password: Option<&str>,
    flow: AuthFlow,
    preferred: Option<FirstFactor>,
) -> SignInInput {
    SignInInput {
        username: username.into(),
        password: password.map(Secret::new),
        flow,
        preferred,
        client_metadata: vec![],
    }
}

fn answer(text: &str) -> Answer {
    Answer { response: Secret::new(text), ..Default::default() }
}

fn step_of(o: &SignInOutcome) -> SignInStep {
    match o {
        SignInOutcome::Ask(p) => p.step(),
        SignInOutcome::Done => SignInStep::DONE,
        SignInOutcome::Stopped(s) => s.step(),
    }
}

const PW: &str = "Correct-Horse-9";

/// Signs up and confirms `username` with a password.
fn registered(w: &World, username: &str) {
    let c = w.client();
    block(c.sign_up(sign_up(username, Some(PW), &format!("{username}@example.com"), None)))
        .unwrap();
    block(c.confirm_sign_up(confirm(username, &w.code(username)))).unwrap();
}

#[test]
fn passwordless_sign_up_then_auto_sign_in_with_email_otp() {
    let w = World::new();
    let c = w.client();
    let r =
        block(c.sign_up(sign_up("ann", None, "ann@example.com", Some((AuthFlow::UserAuth, None)))))
            .unwrap();
    assert!(!r.complete);
    let SignUpStep::ConfirmSignUp(d) = &r.step else { panic!("{r:?}") };
    assert_eq!(d.delivery_medium.as_deref(), Some("EMAIL"));
    assert_eq!(d.attribute_name.as_deref(), Some("email"));
    assert!(r.user_id.is_some());
    let r = block(c.confirm_sign_up(confirm("ann", &w.code("ann")))).unwrap();
    assert_eq!(r.step, SignUpStep::CompleteAutoSignIn);
    assert_eq!(block(c.auto_sign_in()).unwrap(), SignInOutcome::Done);
    let stored = c.stored_tokens().unwrap();
    assert_eq!(stored.username, "ann");
    assert!(stored.refresh_token.is_some());
    assert!(stored.sign_in_details.unwrap().contains("USER_AUTH"));
    assert_eq!(w.sent(), ["SignUp", "ConfirmSignUp", "InitiateAuth"]);
    // The auto sign-in is spent.
    assert_eq!(
        block(c.auto_sign_in()),
        Err(AuthError::InvalidState(InvalidState::NoPendingAutoSignIn))
    );
}

#[test]
fn auto_sign_in_survives_a_reload_within_the_session() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("bo", None, "bo@example.com", Some((AuthFlow::UserAuth, None)))))
        .unwrap();
    block(c.confirm_sign_up(confirm("bo", &w.code("bo")))).unwrap();
    drop(c);
    let reloaded = w.client();
    assert_eq!(block(reloaded.auto_sign_in()).unwrap(), SignInOutcome::Done);
}

#[test]
fn auto_sign_in_expires_with_the_session() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("cy", None, "cy@example.com", Some((AuthFlow::UserAuth, None)))))
        .unwrap();
    block(c.confirm_sign_up(confirm("cy", &w.code("cy")))).unwrap();
    w.advance(3 * 60 * 1000 + 1);
    assert_eq!(
        block(c.auto_sign_in()),
        Err(AuthError::InvalidState(InvalidState::AutoSignInExpired))
    );
}

#[test]
fn passwordless_sign_up_with_srp_auto_sign_in_fails_before_any_request() {
    let w = World::new();
    let c = w.client();
    for (flow, preferred) in [
        (AuthFlow::UserSrp, None),
        (AuthFlow::UserPassword, None),
        (AuthFlow::CustomWithSrp, None),
        (AuthFlow::UserAuth, Some(FirstFactor::PasswordSrp)),
        (AuthFlow::UserAuth, Some(FirstFactor::Password)),
    ] {
        let e = block(c.sign_up(sign_up("dee", None, "dee@example.com", Some((flow, preferred)))))
            .unwrap_err();
        assert_eq!(e, AuthError::Validation(Validation::AutoSignInNeedsPassword));
        assert!(e.message().contains("USER_AUTH"));
    }
    assert!(w.sent().is_empty());
}

#[test]
fn password_sign_up_with_srp_auto_sign_in() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("eve", Some(PW), "eve@example.com", Some((AuthFlow::UserSrp, None)))))
        .unwrap();
    let r = block(c.confirm_sign_up(confirm("eve", &w.code("eve")))).unwrap();
    assert_eq!(r.step, SignUpStep::CompleteAutoSignIn);
    assert_eq!(block(c.auto_sign_in()).unwrap(), SignInOutcome::Done);
    assert_eq!(w.sent(), ["SignUp", "ConfirmSignUp", "InitiateAuth", "RespondToAuthChallenge"]);
}

#[test]
fn password_auto_sign_in_after_reload_says_the_password_is_gone() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("fay", Some(PW), "fay@example.com", Some((AuthFlow::UserSrp, None)))))
        .unwrap();
    block(c.confirm_sign_up(confirm("fay", &w.code("fay")))).unwrap();
    let reloaded = w.client();
    assert_eq!(
        block(reloaded.auto_sign_in()),
        Err(AuthError::InvalidState(InvalidState::AutoSignInPasswordLost))
    );
}

#[test]
fn auto_sign_in_before_confirmation_is_refused() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("hal", Some(PW), "hal@example.com", None))).unwrap();
    let hal_code = w.code("hal");
    block(c.sign_up(sign_up("gus", None, "gus@example.com", Some((AuthFlow::UserAuth, None)))))
        .unwrap();
    assert_eq!(
        block(c.auto_sign_in()),
        Err(AuthError::InvalidState(InvalidState::AutoSignInNotConfirmed))
    );
    // Confirming another user does not touch gus's armed auto sign-in.
    let r = block(c.confirm_sign_up(confirm("hal", &hal_code))).unwrap();
    assert_eq!(r.step, SignUpStep::Done);
    let r = block(c.confirm_sign_up(confirm("gus", &w.code("gus")))).unwrap();
    assert_eq!(r.step, SignUpStep::CompleteAutoSignIn);
    assert_eq!(block(c.auto_sign_in()).unwrap(), SignInOutcome::Done);
}

#[test]
fn sign_up_errors_are_typed_and_secret_free() {
    let w = World::new();
    registered(&w, "ida");
    let c = w.client();
    let e = block(c.sign_up(sign_up("ida", Some(PW), "ida@example.com", None))).unwrap_err();
    assert_eq!(e.name(), "UsernameExistsException");
    let e = block(c.sign_up(sign_up("jo", Some("weak"), "jo@example.com", None))).unwrap_err();
    assert_eq!(e.name(), "InvalidPasswordException");
    assert!(!e.message().contains("weak"));
    let e = block(c.sign_up(sign_up("  ", Some(PW), "x@example.com", None))).unwrap_err();
    assert_eq!(e, AuthError::Validation(Validation::EmptySignUpUsername));
    block(c.sign_up(sign_up("kim", Some(PW), "kim@example.com", None))).unwrap();
    let good = w.code("kim");
    let wrong = if good == "000000" { "111111" } else { "000000" };
    let e = block(c.confirm_sign_up(confirm("kim", wrong))).unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    assert!(!e.message().contains(wrong));
}

#[test]
fn srp_sign_in_and_wrong_password() {
    let w = World::new();
    registered(&w, "lee");
    let c = w.client();
    let e = block(c.sign_in(sign_in("lee", Some("Wrong-Password-1"), AuthFlow::UserSrp, None)))
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(!e.message().contains("Wrong-Password-1"));
    assert_eq!(
        block(c.sign_in(sign_in("lee", Some(PW), AuthFlow::UserSrp, None))).unwrap(),
        SignInOutcome::Done
    );
    assert!(c.is_signed_in());
    let e = block(c.sign_in(sign_in("lee", Some(PW), AuthFlow::UserSrp, None))).unwrap_err();
    assert_eq!(e.name(), "UserAlreadyAuthenticatedException");
}

#[test]
fn user_password_auth_and_empty_password() {
    let w = World::new();
    registered(&w, "max");
    let c = w.client();
    let e = block(c.sign_in(sign_in("max", None, AuthFlow::UserPassword, None))).unwrap_err();
    assert_eq!(e, AuthError::Validation(Validation::EmptySignInPassword));
    assert_eq!(
        block(c.sign_in(sign_in("max", Some(PW), AuthFlow::UserPassword, None))).unwrap(),
        SignInOutcome::Done
    );
    assert_eq!(w.sent().last(), Some(&"InitiateAuth"));
}

#[test]
fn unconfirmed_user_gets_confirm_sign_up_step() {
    let w = World::new();
    let c = w.client();
    block(c.sign_up(sign_up("ned", Some(PW), "ned@example.com", None))).unwrap();
    let o = block(c.sign_in(sign_in("ned", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    assert_eq!(o, SignInOutcome::Stopped(Stopped::ConfirmSignUp));
}

#[test]
fn user_auth_email_otp_with_wrong_then_right_code() {
    let w = World::new();
    registered(&w, "oli");
    let c = w.client();
    let o = block(c.sign_in(sign_in("oli", None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
        .unwrap();
    assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE);
    let SignInOutcome::Ask(p) = &o else { unreachable!() };
    let Waiting::EmailCode { delivery } = &p.waiting else { panic!() };
    assert_eq!(delivery.delivery_medium.as_deref(), Some("EMAIL"));
    let good = w.code("oli");
    let wrong = if good == "000000" { "111111" } else { "000000" };
    let e = block(c.confirm_sign_in(answer(wrong))).unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    // Wrong kind of answer: typed, and nothing sent.
    let before = w.sent().len();
    assert_eq!(
        block(c.confirm_sign_in(answer("SMS"))),
        Err(AuthError::Validation(Validation::InvalidCodeFormat))
    );
    assert_eq!(w.sent().len(), before);
    assert_eq!(block(c.confirm_sign_in(answer(&good))).unwrap(), SignInOutcome::Done);
}

#[test]
fn first_factor_selection_then_password_or_srp() {
    for (factor, srp) in [("PASSWORD", false), ("PASSWORD_SRP", true)] {
        let w = World::new();
        registered(&w, "pam");
        let c = w.client();
        let o = block(c.sign_in(sign_in("pam", None, AuthFlow::UserAuth, None))).unwrap();
        let SignInOutcome::Ask(p) = &o else { panic!("{o:?}") };
        let Waiting::FirstFactorSelection { available } = &p.waiting else { panic!("{p:?}") };
        assert!(
            available.iter().any(|a| a == "PASSWORD") && available.iter().any(|a| a == "EMAIL_OTP"),
            "{available:?}"
        );
        assert_eq!(
            block(c.confirm_sign_in(answer("WEB_AUTHN"))),
            Err(AuthError::Validation(Validation::IncorrectFirstFactor))
        );
        let sent = w.sent().len();
        let o = block(c.confirm_sign_in(answer(factor))).unwrap();
        assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_PASSWORD);
        assert_eq!(w.sent().len(), sent, "choosing a password factor is local");
        assert_eq!(block(c.confirm_sign_in(answer(PW))).unwrap(), SignInOutcome::Done);
        let after: Vec<_> = w.sent()[sent..].to_vec();
        assert_eq!(after.len(), if srp { 2 } else { 1 }, "{after:?}");
    }
}

#[test]
fn first_factor_selection_then_email_code() {
    let w = World::new();
    registered(&w, "quin");
    let c = w.client();
    block(c.sign_in(sign_in("quin", None, AuthFlow::UserAuth, None))).unwrap();
    let o = block(c.confirm_sign_in(answer("EMAIL_OTP"))).unwrap();
    assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE);
    assert_eq!(block(c.confirm_sign_in(answer(&w.code("quin")))).unwrap(), SignInOutcome::Done);
}

#[test]
fn confirm_sign_in_states() {
    let w = World::new();
    registered(&w, "ray");
    let c = w.client();
    assert_eq!(
        block(c.confirm_sign_in(answer("123456"))),
        Err(AuthError::InvalidState(InvalidState::NoPendingSignIn))
    );
    block(c.sign_in(sign_in("ray", None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
        .unwrap();
    assert_eq!(
        block(c.confirm_sign_in(answer("  "))),
        Err(AuthError::Validation(Validation::EmptyChallengeResponse))
    );
    // The pending sign-in survives a reload and can be exported and resumed.
    let exported = w.client().export_sign_in().unwrap();
    w.advance(3 * 60 * 1000);
    assert_eq!(
        block(w.client().confirm_sign_in(answer(&w.code("ray")))),
        Err(AuthError::InvalidState(InvalidState::PendingSignInExpired))
    );
    assert_eq!(
        block(c.confirm_sign_in(answer("123456"))),
        Err(AuthError::InvalidState(InvalidState::NoPendingSignIn))
    );
    assert_eq!(
        w.client().resume_sign_in(&exported),
        Err(AuthError::InvalidState(InvalidState::PendingSignInExpired))
    );
    assert_eq!(
        w.client().resume_sign_in("garbage"),
        Err(AuthError::Validation(Validation::InvalidPendingSignIn))
    );
}

#[test]
fn exported_sign_in_resumes_on_another_page() {
    let w = World::new();
    registered(&w, "sue");
    let page1 = w.client();
    block(page1.sign_in(sign_in("sue", None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
        .unwrap();
    let exported = page1.export_sign_in().unwrap();
    // Another tab: separate session storage.
    let other = World {
        local: w.local.clone(),
        config: w.config.clone(),
        tokens: SharedStore::default(),
        state: SharedStore::default(),
    };
    let page2 = other.client();
    let p = page2.resume_sign_in(&exported).unwrap();
    assert_eq!(p.step(), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE);
    assert_eq!(block(page2.confirm_sign_in(answer(&w.code("sue")))).unwrap(), SignInOutcome::Done);
}

#[test]
fn retry_safe_requests_retry_and_single_use_ones_never_do() {
    let w = World::new();
    registered(&w, "tom");
    let c = w.client();
    w.local.0.emu.borrow_mut().add_fault("InitiateAuth", "TooManyRequestsException", 400, 2, None);
    assert_eq!(
        block(c.sign_in(sign_in("tom", Some(PW), AuthFlow::UserSrp, None))).unwrap(),
        SignInOutcome::Done
    );
    let inits = w.sent().iter().filter(|a| **a == "InitiateAuth").count();
    assert_eq!(inits, 3, "two throttled attempts, then success");
    block(c.sign_out(false)).unwrap();
    // A third failure exhausts the attempts.
    w.local.0.emu.borrow_mut().add_fault("InitiateAuth", "InternalErrorException", 500, 3, None);
    let e = block(c.sign_in(sign_in("tom", Some(PW), AuthFlow::UserSrp, None))).unwrap_err();
    assert_eq!(e.name(), "InternalErrorException");
    // SignUp is never retried.
    let n = w.sent().len();
    w.local.0.emu.borrow_mut().add_fault("SignUp", "TooManyRequestsException", 400, 1, None);
    let e = block(c.sign_up(sign_up("uma", Some(PW), "uma@example.com", None))).unwrap_err();
    assert_eq!(e.name(), "TooManyRequestsException");
    assert_eq!(w.sent().len(), n + 1);
    // Nor is a one-time-code request (USER_AUTH with EMAIL_OTP), nor LimitExceeded.
    w.local.0.emu.borrow_mut().add_fault("InitiateAuth", "LimitExceededException", 400, 1, None);
    let n = w.sent().len();
    let e = block(c.sign_in(sign_in("tom", None, AuthFlow::UserAuth, None))).unwrap_err();
    assert_eq!(e.name(), "LimitExceededException");
    assert_eq!(w.sent().len(), n + 1);
}

#[test]
fn password_reset() {
    let w = World::new();
    registered(&w, "vic");
    let c = w.client();
    let d = block(c.reset_password("vic", &[])).unwrap();
    assert_eq!(d.delivery_medium.as_deref(), Some("EMAIL"));
    let input = cognito_wasm::flow::password_reset::ConfirmResetInput {
        username: "vic".into(),
        code: Secret::new(w.code("vic")),
        new_password: Secret::new("Brand-New-Pass-2"),
        client_metadata: vec![],
    };
    block(c.confirm_reset_password(input)).unwrap();
    assert_eq!(
        block(c.sign_in(sign_in("vic", Some("Brand-New-Pass-2"), AuthFlow::UserPassword, None)))
            .unwrap(),
        SignInOutcome::Done
    );
}

#[test]
fn admin_created_user_sets_a_new_password() {
    let w = World::new();
    w.admin(
        "AdminCreateUser",
        serde_json::json!({"UserPoolId": w.config.pool.user_pool_id, "Username": "wes", "TemporaryPassword": "Temp-Pass-123",
            "UserAttributes": [{"Name": "email", "Value": "wes@example.com"}, {"Name": "email_verified", "Value": "true"}], "MessageAction": "SUPPRESS"}),
    );
    let c = w.client();
    let o =
        block(c.sign_in(sign_in("wes", Some("Temp-Pass-123"), AuthFlow::UserSrp, None))).unwrap();
    assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED);
    let e = block(c.confirm_sign_in(answer("short"))).unwrap_err();
    assert_eq!(e.name(), "InvalidPasswordException");
    assert_eq!(block(c.confirm_sign_in(answer("Final-Pass-456"))).unwrap(), SignInOutcome::Done);
}

#[test]
fn client_secret_apps_send_secret_hash() {
    let w = World::with_pool(Some(
        r#"{"name":"secret-pool","clients":[{"name":"server","generateSecret":true}]}"#,
    ));
    assert!(w.config.pool.client_secret.is_some());
    registered(&w, "xia");
    let c = w.client();
    assert_eq!(
        block(c.sign_in(sign_in("xia", Some(PW), AuthFlow::UserSrp, None))).unwrap(),
        SignInOutcome::Done
    );
}

// ---- sessions and signed-in user operations ------------------------------------------------

fn signed_in_world(username: &str) -> (World, Client<Shared>) {
    signed_in_world_in(World::new(), username)
}

fn signed_in_world_in(w: World, username: &str) -> (World, Client<Shared>) {
    registered(&w, username);
    let c = w.client();
    assert_eq!(
        block(c.sign_in(sign_in(username, Some(PW), AuthFlow::UserSrp, None))).unwrap(),
        SignInOutcome::Done
    );
    (w, c)
}

#[test]
fn session_refreshes_after_expiry_and_keeps_the_refresh_token() {
    let (w, c) = signed_in_world("yan");
    let s1 = block(c.fetch_session(false)).unwrap().unwrap();
    assert_eq!(s1.access_claims.str("username"), Some("yan"));
    assert_eq!(s1.id_claims.str("token_use"), Some("id"));
    assert!(!c.needs_refresh());
    let n = w.sent().len();
    assert_eq!(block(c.fetch_session(false)).unwrap().unwrap(), s1, "fresh tokens: no request");
    assert_eq!(w.sent().len(), n);
    w.advance(3600 * 1000);
    assert!(c.needs_refresh());
    let s2 = block(c.fetch_session(false)).unwrap().unwrap();
    assert_eq!(w.sent()[n..], ["GetTokensFromRefreshToken"]);
    assert_ne!(s2.access_token, s1.access_token);
    assert!(c.stored_tokens().unwrap().refresh_token.is_some());
    let user = c.current_user().unwrap();
    assert_eq!(user.username, "yan");
    assert_eq!(user.sign_in_details.unwrap().str("authFlowType"), Some("USER_SRP_AUTH"));
}

#[test]
fn rotated_refresh_tokens_replace_the_stored_one_and_reuse_signs_out() {
    let w = World::with_pool(Some(
        r#"{"name":"rotating","clients":[{"name":"web","explicitAuthFlows":["USER_SRP_AUTH","USER_AUTH"],
            "refreshTokenRotation":{"feature":"ENABLED","retryGracePeriodSeconds":0}}]}"#,
    ));
    let (w, c) = signed_in_world_in(w, "rot");
    let first = c.stored_tokens().unwrap().refresh_token.unwrap();
    let key =
        format!("CognitoIdentityServiceProvider.{}.rot.refreshToken", w.config.pool.client_id);
    assert_eq!(w.tokens.get(&key).as_deref(), Some(first.expose()));
    // Each refresh stores the refresh token Cognito rotated in (at Amplify's key).
    block(c.fetch_session(true)).unwrap().unwrap();
    let second = c.stored_tokens().unwrap().refresh_token.unwrap();
    assert_ne!(second, first);
    assert_eq!(w.tokens.get(&key).as_deref(), Some(second.expose()));
    block(c.fetch_session(true)).unwrap().unwrap();
    let third = c.stored_tokens().unwrap().refresh_token.unwrap();
    assert_ne!(third, second);
    // Another tab still holding a rotated-out token: RefreshTokenReuseException ends the session.
    w.tokens.set(&key, first.expose());
    let e = block(c.fetch_session(true)).unwrap_err();
    assert_eq!(e.name(), "RefreshTokenReuseException");
    assert!(!c.is_signed_in());
}

#[test]
fn global_sign_out_revokes_the_refresh_token() {
    let (w, c) = signed_in_world("zed");
    let kept: Vec<(String, Option<String>)> =
        ["accessToken", "idToken", "refreshToken", "clockDrift", "LastAuthUser"]
            .iter()
            .map(|k| {
                let key = if *k == "LastAuthUser" {
                    format!(
                        "CognitoIdentityServiceProvider.{}.LastAuthUser",
                        w.config.pool.client_id
                    )
                } else {
                    format!("CognitoIdentityServiceProvider.{}.zed.{k}", w.config.pool.client_id)
                };
                let v = w.tokens.get(&key);
                (key, v)
            })
            .collect();
    block(c.sign_out(true)).unwrap();
    assert_eq!(w.sent().last(), Some(&"GlobalSignOut"));
    assert!(!c.is_signed_in());
    assert_eq!(c.current_user(), Err(AuthError::InvalidState(InvalidState::NotSignedIn)));
    // Put the old tokens back: the refresh token no longer works, and the failure signs out.
    for (k, v) in kept {
        w.tokens.set(&k, &v.unwrap());
    }
    let e = block(c.refresh_tokens()).unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(!c.is_signed_in());
}

#[test]
fn local_sign_out_clears_even_when_offline() {
    let (w, c) = signed_in_world("abe");
    w.local.0.emu.borrow_mut().add_fault("RevokeToken", "InternalErrorException", 500, 10, None);
    block(c.sign_out(false)).unwrap();
    assert!(!c.is_signed_in());
    assert_eq!(block(c.fetch_session(false)).unwrap(), None);
}

/// A revocation that stalls (the request is sent, nothing comes back) leaves no tokens behind:
/// local state is cleared, and `signedOut` queued, before the request goes out.
#[test]
fn sign_out_clears_local_state_before_the_revocation_is_sent() {
    let (w, c) = signed_in_world("ada");
    let access =
        format!("CognitoIdentityServiceProvider.{}.ada.accessToken", w.config.pool.client_id);
    assert!(w.tokens.get(&access).is_some());
    for global in [true, false] {
        if !c.is_signed_in() {
            block(c.sign_in(sign_in("ada", Some(PW), AuthFlow::UserSrp, None))).unwrap();
        }
        while c.poll_event().is_some() {}
        let mut run = c.start(move |c| Ok(c.begin_sign_out(global)));
        match c.advance(&mut run, Event::Start) {
            Effect::Io(Io::Send { action, .. }) => {
                assert_eq!(action.name(), if global { "GlobalSignOut" } else { "RevokeToken" })
            }
            e => panic!("expected the revocation request, got {e:?}"),
        }
        // The run is dropped here: the answer never comes.
        assert!(!c.is_signed_in());
        assert_eq!(w.tokens.get(&access), None);
        assert_eq!(c.poll_event().map(|e| e.name()), Some("signedOut"));
    }
}

/// `confirmSignIn` and `resumeSignIn` while someone is signed in: Amplify's
/// UserAlreadyAuthenticatedException, as for `signIn`; nothing of the session changes.
#[test]
fn signed_in_users_cannot_confirm_or_resume_a_sign_in() {
    let w = World::new();
    registered(&w, "bea");
    let c = w.client();
    block(c.sign_in(sign_in("bea", None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
        .unwrap();
    let exported = c.export_sign_in().unwrap();
    assert_eq!(block(c.confirm_sign_in(answer(&w.code("bea")))).unwrap(), SignInOutcome::Done);
    let signed_in = Err(AuthError::InvalidState(InvalidState::AlreadySignedIn));
    assert_eq!(block(c.confirm_sign_in(answer("123456"))).map(|_| ()), signed_in);
    assert_eq!(c.resume_sign_in(&exported).map(|_| ()), signed_in);
    assert_eq!(c.current_user().unwrap().username, "bea");
}

/// `exportSignIn`'s text names the user pool and app client; another client's text is refused
/// with a typed error, and so is text without them.
#[test]
fn an_exported_sign_in_resumes_only_on_its_own_pool_and_client() {
    let w = World::new();
    registered(&w, "cal");
    let c = w.client();
    block(c.sign_in(sign_in("cal", None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
        .unwrap();
    let exported = c.export_sign_in().unwrap();
    let pool = &w.config.pool;
    assert!(exported.contains(&format!(r#""userPoolId":"{}""#, pool.user_pool_id)), "{exported}");
    assert!(exported.contains(&format!(r#""clientId":"{}""#, pool.client_id)));
    let foreign = Err(AuthError::Validation(Validation::ForeignPendingSignIn));
    let other_client = exported.replace(&pool.client_id, "anotherclient0000000000001");
    assert_eq!(w.client().resume_sign_in(&other_client).map(|_| ()), foreign);
    let other_pool = exported.replace(&pool.user_pool_id, "eu-west-1_Another");
    assert_eq!(w.client().resume_sign_in(&other_pool).map(|_| ()), foreign);
    let unnamed = exported.replace(r#""clientId""#, r#""x""#);
    assert_eq!(w.client().resume_sign_in(&unnamed).map(|_| ()), foreign);
    // Its own text still resumes, and the sign-in finishes.
    let p = w.client().resume_sign_in(&exported).unwrap();
    assert_eq!(p.step(), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE);
    assert_eq!(block(c.confirm_sign_in(answer(&w.code("cal")))).unwrap(), SignInOutcome::Done);
}

/// Sends `run`'s requests to the emulator until it ends, except that `before` runs once when the
/// first request of `action` is in flight (so something else can happen meanwhile).
fn run_with<O: cognito_wasm::driver::Operation<Shared>>(
    w: &World,
    c: &Client<Shared>,
    mut run: cognito_wasm::driver::Run<Shared, O>,
    action: &str,
    before: impl FnOnce(),
) -> Result<O::Output, AuthError> {
    let mut before = Some(before);
    let mut event = Event::Start;
    loop {
        match c.advance(&mut run, event) {
            Effect::Io(Io::Send { action: a, body }) => {
                if a.name() == action {
                    if let Some(f) = before.take() {
                        f();
                    }
                }
                event = Event::Http(block(w.local.send("", a, body.expose(), 0)));
            }
            Effect::Io(io) => panic!("unexpected {io:?}"),
            Effect::Done(r) => return r,
        }
    }
}

/// Runs `runs` interleaved, a step of each in turn (requests answered by the emulator, waits
/// on the fake clock), until all are done; their results in order.
fn run_together<O: cognito_wasm::driver::Operation<Shared>>(
    w: &World,
    c: &Client<Shared>,
    mut runs: Vec<cognito_wasm::driver::Run<Shared, O>>,
) -> Vec<Result<O::Output, AuthError>> {
    let n = runs.len();
    let mut events: Vec<Event> = (0..n).map(|_| Event::Start).collect();
    let mut done: Vec<Option<Result<O::Output, AuthError>>> = (0..n).map(|_| None).collect();
    for _round in 0..200 {
        for i in 0..n {
            if done[i].is_some() {
                continue;
            }
            let event = std::mem::replace(&mut events[i], Event::Slept);
            events[i] = match c.advance(&mut runs[i], event) {
                Effect::Io(Io::Send { action, body }) => {
                    Event::Http(block(w.local.send("", action, body.expose(), 0)))
                }
                Effect::Io(Io::Sleep(ms)) => {
                    w.advance(ms);
                    Event::Slept
                }
                Effect::Io(io) => panic!("unexpected {io:?}"),
                Effect::Done(r) => {
                    done[i] = Some(r);
                    Event::Slept
                }
            };
        }
        if done.iter().all(Option::is_some) {
            break;
        }
    }
    done.into_iter().map(|r| r.expect("every run ends")).collect()
}

/// A refresh answered after the user signed out, or after another user signed in, is dropped:
/// its tokens are not stored, `LastAuthUser` stays, and the call gets SessionChangedException.
#[test]
fn a_token_response_landing_after_the_session_changed_is_dropped() {
    let (w, c) = signed_in_world("dee");
    registered(&w, "eve");
    let last_user =
        format!("CognitoIdentityServiceProvider.{}.LastAuthUser", w.config.pool.client_id);
    let changed = Err(AuthError::InvalidState(InvalidState::SessionChanged));
    // dee's refresh lands after dee signed out.
    let run = c.start(|c| c.begin_fetch_session(true));
    let r = run_with(&w, &c, run, "GetTokensFromRefreshToken", || {
        block(c.sign_out(false)).unwrap();
    });
    assert_eq!(r.map(|_| ()), changed);
    assert!(!c.is_signed_in());
    assert_eq!(w.tokens.get(&last_user), None);
    // dee's refresh lands after dee signed out and eve signed in: eve stays.
    block(c.sign_in(sign_in("dee", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    let run = c.start(|c| c.begin_fetch_session(true));
    let r = run_with(&w, &c, run, "GetTokensFromRefreshToken", || {
        block(c.sign_out(false)).unwrap();
        block(c.sign_in(sign_in("eve", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    });
    assert_eq!(r.map(|_| ()), changed);
    assert_eq!(w.tokens.get(&last_user).as_deref(), Some("eve"));
    assert_eq!(c.current_user().unwrap().username, "eve");
    // A sign-in answered after another one finished: the first one's tokens are dropped.
    block(c.sign_out(false)).unwrap();
    let input = sign_in("dee", Some(PW), AuthFlow::UserPassword, None);
    let run = c.start(move |c| c.begin_sign_in(input));
    let r = run_with(&w, &c, run, "InitiateAuth", || {
        block(c.sign_in(sign_in("eve", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    });
    assert_eq!(r.map(|_| ()), changed);
    assert_eq!(w.tokens.get(&last_user).as_deref(), Some("eve"));
    assert_eq!(c.current_user().unwrap().username, "eve");
}

/// Ten calls that need fresh tokens at once, with refresh-token rotation and no grace period:
/// one GetTokensFromRefreshToken; the other nine wait for it and use its tokens, and nobody is
/// signed out (a second refresh with the rotated-out token would end the session).
#[test]
fn concurrent_calls_share_one_token_refresh() {
    let w = World::with_pool(Some(
        r#"{"name":"rotating","clients":[{"name":"web","explicitAuthFlows":["USER_SRP_AUTH","USER_AUTH"],
            "refreshTokenRotation":{"feature":"ENABLED","retryGracePeriodSeconds":0}}]}"#,
    ));
    let (w, c) = signed_in_world_in(w, "fay");
    w.advance(3600 * 1000);
    assert!(c.needs_refresh());
    let sent_before = w.sent().len();
    let runs: Vec<_> = (0..10).map(|_| c.start(|c| c.begin_user_attributes())).collect();
    let done: Vec<_> = run_together(&w, &c, runs).into_iter().map(|r| r.map(|a| a.len())).collect();
    for r in &done {
        assert!(matches!(r, Ok(n) if *n > 0), "{r:?}");
    }
    let sent = &w.sent()[sent_before..];
    assert_eq!(sent.iter().filter(|a| **a == "GetTokensFromRefreshToken").count(), 1, "{sent:?}");
    assert_eq!(sent.iter().filter(|a| **a == "GetUser").count(), 10);
    assert!(c.is_signed_in());
}

/// The TOTP set-up's shared secret never reaches storage or `exportSignIn`'s text (whoever
/// reads it could mint codes). This page keeps it in memory; after a reload the step is TOTP
/// set-up selection again, choosing it shows a new secret, and the sign-in finishes.
#[test]
fn the_totp_setup_secret_stays_in_memory() {
    let w = World::with_pool(Some(
        r#"{"name":"mfa-on","mfa":"ON","mfaTypes":["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]}"#,
    ));
    registered(&w, "gil");
    let c = w.client();
    let o = block(c.sign_in(sign_in("gil", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    assert_eq!(step_of(&o), SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION);
    let secret_of = |o: &SignInOutcome| match o {
        SignInOutcome::Ask(p) => match &p.waiting {
            Waiting::TotpSetup { shared_secret } => shared_secret.expose().to_string(),
            w => panic!("expected TOTP set-up, got {w:?}"),
        },
        o => panic!("expected a step, got {o:?}"),
    };
    let secret = secret_of(&block(c.confirm_sign_in(answer("TOTP"))).unwrap());
    let stored = w.state.get(&format!("cognito-wasm.{}.signIn", w.config.pool.client_id)).unwrap();
    assert!(!stored.contains(&secret), "not in storage");
    assert!(!c.export_sign_in().unwrap().contains(&secret), "not in the export");
    assert!(matches!(c.pending_sign_in().unwrap().waiting, Waiting::TotpSetup { .. }));
    // A reload: TOTP set-up is chosen again and associates a new secret.
    let page2 = w.client();
    let p = page2.pending_sign_in().unwrap();
    assert_eq!(p.step(), SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION);
    let fresh = secret_of(&block(page2.confirm_sign_in(answer("TOTP"))).unwrap());
    assert_ne!(fresh, secret);
    let code = local_cognito::totp_code(&fresh, w.local.0.now.get()).unwrap();
    assert_eq!(block(page2.confirm_sign_in(answer(&code))).unwrap(), SignInOutcome::Done);
}

/// A call of the fault matrix: what it sends, whether that request may be sent again, and how
/// to make the call from a prepared world.
struct Case {
    call: &'static str,
    action: &'static str,
    /// Carries nothing single-use (no one-time code, SRP proof, passkey assertion, and does not
    /// start an OTP): retried on transient faults.
    safe: bool,
}

/// Every action the client sends, under every fault: only retry-safe requests are sent again
/// (MAX_ATTEMPTS times in all), single-use ones exactly once; the call fails with the fault's
/// typed error, whose message holds no password, code or token; afterwards the state is intact
/// (the pending sign-in can still be answered, the user is still signed in, or nothing was
/// stored), and the same call succeeds once the fault is gone.
#[test]
fn fault_matrix_every_action_under_every_fault() {
    let cases = [
        Case { call: "signUp", action: "SignUp", safe: false },
        Case { call: "confirmSignUp", action: "ConfirmSignUp", safe: false },
        Case { call: "resendSignUpCode", action: "ResendConfirmationCode", safe: false },
        Case { call: "signIn SRP: start", action: "InitiateAuth", safe: true },
        Case { call: "signIn SRP: proof", action: "RespondToAuthChallenge", safe: false },
        Case { call: "signIn USER_PASSWORD_AUTH", action: "InitiateAuth", safe: false },
        Case {
            call: "signIn USER_AUTH EMAIL_OTP (starts an OTP)",
            action: "InitiateAuth",
            safe: false,
        },
        Case { call: "confirmSignIn code", action: "RespondToAuthChallenge", safe: false },
        Case {
            call: "signIn USER_AUTH WEB_AUTHN: assertion",
            action: "RespondToAuthChallenge",
            safe: false,
        },
        Case { call: "resetPassword", action: "ForgotPassword", safe: false },
        Case { call: "confirmResetPassword", action: "ConfirmForgotPassword", safe: false },
        Case {
            call: "fetchAuthSession forceRefresh",
            action: "GetTokensFromRefreshToken",
            safe: true,
        },
        Case { call: "fetchUserAttributes", action: "GetUser", safe: true },
        // Sent once too, though they carry nothing single-use: a new secret or a preference
        // change is left for the user to repeat.
        Case { call: "setUpTOTP", action: "AssociateSoftwareToken", safe: false },
        Case { call: "verifyTOTPSetup", action: "VerifySoftwareToken", safe: false },
        Case { call: "updateMFAPreference", action: "SetUserMFAPreference", safe: false },
        Case { call: "fetchMFAPreference", action: "GetUser", safe: true },
        Case {
            call: "associateWebAuthnCredential: start",
            action: "StartWebAuthnRegistration",
            safe: false,
        },
        Case {
            call: "associateWebAuthnCredential: complete",
            action: "CompleteWebAuthnRegistration",
            safe: false,
        },
        Case { call: "listWebAuthnCredentials", action: "ListWebAuthnCredentials", safe: true },
        Case { call: "deleteWebAuthnCredential", action: "DeleteWebAuthnCredential", safe: false },
        Case { call: "updatePassword", action: "ChangePassword", safe: false },
        Case { call: "updateUserAttributes", action: "UpdateUserAttributes", safe: false },
        Case {
            call: "sendUserAttributeVerificationCode",
            action: "GetUserAttributeVerificationCode",
            safe: false,
        },
        Case { call: "confirmUserAttribute", action: "VerifyUserAttribute", safe: false },
        Case { call: "deleteUserAttributes", action: "DeleteUserAttributes", safe: true },
        Case { call: "deleteUser", action: "DeleteUser", safe: false },
        Case { call: "fetchDevices", action: "ListDevices", safe: true },
        Case { call: "signOut", action: "RevokeToken", safe: true },
        Case { call: "signOut global", action: "GlobalSignOut", safe: true },
    ];
    let (mut rows, mut checks) = (0, 0);
    for case in &cases {
        for fault in Fault::ALL {
            let w = World::new();
            checks += matrix_call(&w, case, Some(fault));
            rows += 1;
        }
        // Without the fault the same call goes through.
        let w = World::new();
        matrix_call(&w, case, None);
    }
    assert_eq!(rows, cases.len() * Fault::ALL.len());
    assert!(checks >= 2 * rows, "every error text checked against the secrets of its row");
    println!(
        "fault matrix: {} calls, {rows} rows, {checks} (text, secret) pairs checked",
        cases.len()
    );
}

/// Prepares the world for `case`, makes the call with `fault` on its action, and checks the
/// row (see the matrix's doc). Returns how many secrets the error text was checked against.
fn matrix_call(w: &World, case: &Case, fault: Option<Fault>) -> usize {
    let c = w.client();
    // Every event the client emits, as text, for the leak scan.
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = events.clone();
    let _subscription = c.subscribe(move |e| log.borrow_mut().push(format!("{e:?}")));
    let name = "max";
    let mut secrets = vec![PW.to_string()];
    let faulted =
        |on: bool| w.local.0.fault.set(if on { fault.map(|f| (case.action, f)) } else { None });
    let count = || w.sent().iter().filter(|a| **a == case.action).count();
    // Set-up (no fault yet), then the call under the fault.
    let before;
    let r: Result<(), AuthError> = match case.call {
        "signUp" => {
            before = count();
            faulted(true);
            block(c.sign_up(sign_up(name, Some(PW), "max@example.com", None))).map(|_| ())
        }
        "confirmSignUp" | "resendSignUpCode" => {
            block(c.sign_up(sign_up(name, Some(PW), "max@example.com", None))).unwrap();
            let code = w.code(name);
            secrets.push(code.clone());
            before = count();
            faulted(true);
            if case.call == "confirmSignUp" {
                block(c.confirm_sign_up(confirm(name, &code))).map(|_| ())
            } else {
                block(c.resend_sign_up_code(name, &[])).map(|_| ())
            }
        }
        "signIn SRP: start" | "signIn SRP: proof" | "signIn USER_PASSWORD_AUTH" => {
            registered(w, name);
            before = count();
            faulted(true);
            let flow = if case.call.contains("USER_PASSWORD") {
                AuthFlow::UserPassword
            } else {
                AuthFlow::UserSrp
            };
            block(c.sign_in(sign_in(name, Some(PW), flow, None))).map(|_| ())
        }
        "signIn USER_AUTH EMAIL_OTP (starts an OTP)" => {
            registered(w, name);
            before = count();
            faulted(true);
            block(c.sign_in(sign_in(name, None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
                .map(|_| ())
        }
        "signIn USER_AUTH WEB_AUTHN: assertion" => {
            registered(w, name);
            block(c.sign_in(sign_in(name, Some(PW), AuthFlow::UserSrp, None))).unwrap();
            block(c.run(c.start(|c| c.begin_register_passkey()))).unwrap();
            block(c.sign_out(false)).unwrap();
            before = count();
            faulted(true);
            block(c.sign_in(sign_in(name, None, AuthFlow::UserAuth, Some(FirstFactor::WebAuthn))))
                .map(|_| ())
        }
        "confirmSignIn code" => {
            registered(w, name);
            block(c.sign_in(sign_in(name, None, AuthFlow::UserAuth, Some(FirstFactor::EmailOtp))))
                .unwrap();
            let code = w.code(name);
            secrets.push(code.clone());
            before = count();
            faulted(true);
            block(c.confirm_sign_in(answer(&code))).map(|_| ())
        }
        "resetPassword" | "confirmResetPassword" => {
            registered(w, name);
            if case.call == "resetPassword" {
                before = count();
                faulted(true);
                block(c.reset_password(name, &[])).map(|_| ())
            } else {
                block(c.reset_password(name, &[])).unwrap();
                let code = w.code(name);
                secrets.push(code.clone());
                before = count();
                faulted(true);
                let input = cognito_wasm::flow::password_reset::ConfirmResetInput {
                    username: name.into(),
                    code: Secret::new(&code),
                    new_password: Secret::new("New-Password-2"),
                    client_metadata: vec![],
                };
                block(c.confirm_reset_password(input)).map(|_| ())
            }
        }
        _ => {
            // The signed-in calls.
            registered(w, name);
            block(c.sign_in(sign_in(name, Some(PW), AuthFlow::UserSrp, None))).unwrap();
            let s = c.stored_tokens().unwrap();
            secrets.push(s.access_token.expose().into());
            secrets.push(s.id_token.expose().into());
            secrets.extend(s.refresh_token.map(|t| t.expose().to_string()));
            if case.call == "confirmUserAttribute" {
                block(c.update_user_attributes(vec![("email".into(), "max2@example.com".into())]))
                    .unwrap();
                let code = w.code(name);
                secrets.push(code.clone());
                before = count();
                faulted(true);
                block(c.confirm_user_attribute("email", &code))
            } else if case.call == "verifyTOTPSetup" {
                let secret = block(c.set_up_totp()).unwrap();
                secrets.push(secret.expose().into());
                let code = local_cognito::totp_code(secret.expose(), w.local.0.now.get()).unwrap();
                secrets.push(code.clone());
                before = count();
                faulted(true);
                block(c.verify_totp_setup(&code, None)).map(|_| ())
            } else {
                before = count();
                faulted(true);
                match case.call {
                    "fetchAuthSession forceRefresh" => block(c.fetch_session(true)).map(|_| ()),
                    "fetchUserAttributes" => block(c.user_attributes()).map(|_| ()),
                    "setUpTOTP" => block(c.set_up_totp()).map(|_| ()),
                    "updateMFAPreference" => {
                        block(c.update_mfa_preference(None, None, None)).map(|_| ())
                    }
                    "fetchMFAPreference" => block(c.fetch_mfa_preference()).map(|_| ()),
                    "associateWebAuthnCredential: start"
                    | "associateWebAuthnCredential: complete" => {
                        block(c.run(c.start(|c| c.begin_register_passkey())))
                    }
                    "listWebAuthnCredentials" => {
                        block(c.run(c.start(|c| c.begin_list_passkeys(None, None)))).map(|_| ())
                    }
                    "deleteWebAuthnCredential" => {
                        let run = c.start(|c| c.begin_delete_passkey("no-such-credential"));
                        block(c.run(run)).map(|_| ())
                    }
                    "updatePassword" => {
                        secrets.push("New-Pass-22".into());
                        block(c.update_password(&Secret::new(PW), &Secret::new("New-Pass-22")))
                    }
                    "updateUserAttributes" => {
                        block(c.update_user_attributes(vec![("name".into(), "Max".into())]))
                            .map(|_| ())
                    }
                    "sendUserAttributeVerificationCode" => {
                        block(c.send_user_attribute_code("email")).map(|_| ())
                    }
                    "deleteUserAttributes" => block(c.delete_user_attributes(&["name".into()])),
                    "deleteUser" => block(c.delete_user()),
                    "fetchDevices" => block(c.fetch_devices()).map(|_| ()),
                    "signOut" => block(c.sign_out(false)),
                    "signOut global" => block(c.sign_out(true)),
                    other => panic!("no such call {other}"),
                }
            }
        }
    };
    faulted(false);
    let sent = count() - before;
    let row = format!("{} under {fault:?}", case.call);
    let Some(fault) = fault else {
        match r {
            // Cognito's own answer for a credential that does not exist.
            Err(e) if case.call == "deleteWebAuthnCredential" => {
                assert_eq!(e.name(), "ResourceNotFoundException", "{row}")
            }
            r => r.unwrap_or_else(|e| panic!("{row}: {e:?}")),
        }
        return 0;
    };
    let expected = if case.safe && fault.transient() {
        cognito_wasm::protocol::MAX_ATTEMPTS as usize
    } else {
        1
    };
    assert_eq!(sent, expected, "{row}: requests sent");
    if case.call.starts_with("signOut") {
        // Local state goes first; a failing revocation changes nothing: the call succeeds.
        r.unwrap_or_else(|e| panic!("{row}: {e:?}"));
        assert!(!c.is_signed_in(), "{row}");
        c.deliver_events();
        let texts = events.borrow().clone();
        assert!(texts.iter().any(|t| t.contains("SignedOut")), "{row}: {texts:?}");
        for t in &texts {
            for s in &secrets {
                assert!(!t.contains(s.as_str()), "{row}: an event shows a secret: {t}");
            }
        }
        return secrets.len() * texts.len();
    }
    let e = r.expect_err(&row);
    assert_eq!(e.name(), fault.error_name(), "{row}: {e:?}");
    let text = format!("{} {} {:?} {e:?}", e.name(), e.message(), e.recovery_suggestion());
    c.deliver_events();
    let texts: Vec<String> = std::iter::once(text).chain(events.borrow().iter().cloned()).collect();
    for t in &texts {
        for s in &secrets {
            assert!(!t.contains(s.as_str()), "{row}: an error or event shows a secret: {t}");
        }
    }
    // The state is intact, and the call can be made again (or continued).
    match case.call {
        "confirmSignIn code" => {
            let p = c.pending_sign_in().unwrap_or_else(|| panic!("{row}: pending lost"));
            assert_eq!(p.step(), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE, "{row}");
        }
        "signIn SRP: start"
        | "signIn SRP: proof"
        | "signIn USER_PASSWORD_AUTH"
        | "signIn USER_AUTH EMAIL_OTP (starts an OTP)"
        | "signIn USER_AUTH WEB_AUTHN: assertion" => {
            assert!(!c.is_signed_in(), "{row}");
            let o = block(c.sign_in(sign_in(name, Some(PW), AuthFlow::UserSrp, None)));
            assert_eq!(
                o.unwrap_or_else(|e| panic!("{row}: restart: {e:?}")),
                SignInOutcome::Done,
                "{row}"
            );
        }
        "signUp"
        | "confirmSignUp"
        | "resendSignUpCode"
        | "resetPassword"
        | "confirmResetPassword" => {
            assert!(!c.is_signed_in(), "{row}");
        }
        "fetchAuthSession forceRefresh"
            if matches!(fault, Fault::TruncatedJson | Fault::WrongContentType) =>
        {
            // A refresh answer that cannot be read is not Cognito's "session over": kept.
            assert!(c.is_signed_in(), "{row}");
        }
        _ => assert!(c.is_signed_in(), "{row}: still signed in"),
    }
    secrets.len() * texts.len()
}

/// Two tabs (two clients over one token store) refresh at once, with refresh-token rotation
/// and no grace period: the second refresh is refused (its token was rotated out by the
/// first), but the first one's tokens are stored by then, so the second tab uses them and
/// nobody is signed out.
#[test]
fn two_tabs_refreshing_at_once_both_stay_signed_in() {
    let w = World::with_pool(Some(
        r#"{"name":"rotating","clients":[{"name":"web","explicitAuthFlows":["USER_SRP_AUTH","USER_AUTH"],
            "refreshTokenRotation":{"feature":"ENABLED","retryGracePeriodSeconds":0}}]}"#,
    ));
    let (w, tab1) = signed_in_world_in(w, "hal");
    let tab2 = w.client();
    w.advance(3600 * 1000);
    let mut run1 = tab1.start(|c| c.begin_fetch_session(false));
    let mut run2 = tab2.start(|c| c.begin_fetch_session(false));
    let send = |e: Effect<_>| match e {
        Effect::Io(Io::Send { action, body }) => {
            assert_eq!(action.name(), "GetTokensFromRefreshToken");
            Event::Http(block(w.local.send("", action, body.expose(), 0)))
        }
        e => panic!("expected the refresh, got {e:?}"),
    };
    // Both send the refresh with the same token before either answer is read.
    let first = tab1.advance(&mut run1, Event::Start);
    let second = tab2.advance(&mut run2, Event::Start);
    let (answer1, answer2) = (send(first), send(second));
    assert!(
        matches!(&answer2, Event::Http(Ok(r)) if r.body.contains("RefreshTokenReuseException"))
    );
    let s1 = match tab1.advance(&mut run1, answer1) {
        Effect::Done(Ok(cognito_wasm::driver::Session { tokens: Some(s), .. })) => s,
        e => panic!("tab 1: {e:?}"),
    };
    let s2 = match tab2.advance(&mut run2, answer2) {
        Effect::Done(Ok(cognito_wasm::driver::Session { tokens: Some(s), .. })) => s,
        e => panic!("tab 2: {e:?}"),
    };
    assert_eq!(s1.access_token, s2.access_token, "the second tab uses the first tab's tokens");
    assert!(tab1.is_signed_in() && tab2.is_signed_in());
    assert!(!tab2.needs_refresh());
}

/// Answers every step of a sign-in until it is done, reloading (a new client over the same
/// sessionStorage) before each answer; only the TOTP set-up code is answered on the page that
/// showed its secret (a reload shows a new one). Returns the steps seen.
fn finish_reloading(w: &World, name: &str, first: SignInOutcome, mfa: &str) -> Vec<SignInStep> {
    finish_reloading_with(w, name, first, mfa, None)
}

/// [`finish_reloading`], with the user's TOTP secret for a TOTP code step.
fn finish_reloading_with(
    w: &World,
    name: &str,
    first: SignInOutcome,
    mfa: &str,
    totp: Option<&Secret>,
) -> Vec<SignInStep> {
    let mut seen = Vec::new();
    let mut cur = w.client();
    let mut o = first;
    while let SignInOutcome::Ask(p) = &o {
        seen.push(p.step());
        assert!(seen.len() < 10, "no end: {seen:?}");
        let reply = if let Waiting::TotpSetup { shared_secret } = &p.waiting {
            local_cognito::totp_code(shared_secret.expose(), w.local.0.now.get()).unwrap()
        } else {
            cur = w.client();
            let p = cur.pending_sign_in().expect("the pending sign-in after a reload");
            match p.step() {
                SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE
                | SignInStep::CONFIRM_SIGN_IN_WITH_SMS_CODE => w.code(name),
                SignInStep::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION
                    if mfa == "PASSWORD" || mfa == "WEB_AUTHN" =>
                {
                    mfa.into()
                }
                SignInStep::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION => "EMAIL_OTP".into(),
                SignInStep::CONFIRM_SIGN_IN_WITH_PASSWORD => PW.into(),
                SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SELECTION => mfa.into(),
                SignInStep::CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE => "4".into(),
                SignInStep::CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED => "Final-Pass-456".into(),
                SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION => mfa.into(),
                SignInStep::CONTINUE_SIGN_IN_WITH_EMAIL_SETUP => format!("{name}@example.com"),
                SignInStep::CONFIRM_SIGN_IN_WITH_TOTP_CODE => {
                    let secret = totp.expect("the user's TOTP secret");
                    local_cognito::totp_code(secret.expose(), w.local.0.now.get()).unwrap()
                }
                other => panic!("no answer for {other:?}"),
            }
        };
        o = block(cur.confirm_sign_in(answer(&reply)))
            .unwrap_or_else(|e| panic!("{seen:?}: {e:?}"));
    }
    assert_eq!(o, SignInOutcome::Done);
    assert!(w.client().is_signed_in());
    seen
}

/// A reload before each answer of every multi-step sign-in: each one finishes.
#[test]
fn every_multi_step_sign_in_survives_a_reload_before_each_answer() {
    use SignInStep as S;
    // USER_AUTH with an email code.
    let w = World::new();
    registered(&w, "ivy");
    let first = block(w.client().sign_in(sign_in(
        "ivy",
        None,
        AuthFlow::UserAuth,
        Some(FirstFactor::EmailOtp),
    )));
    assert_eq!(
        finish_reloading(&w, "ivy", first.unwrap(), ""),
        [S::CONFIRM_SIGN_IN_WITH_EMAIL_CODE]
    );
    // First-factor selection, then an email code.
    let w = World::new();
    registered(&w, "jon");
    let first = block(w.client().sign_in(sign_in("jon", None, AuthFlow::UserAuth, None)));
    assert_eq!(
        finish_reloading(&w, "jon", first.unwrap(), ""),
        [S::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION, S::CONFIRM_SIGN_IN_WITH_EMAIL_CODE]
    );
    // An admin-created user: a new password.
    let w = World::new();
    w.admin(
        "AdminCreateUser",
        serde_json::json!({"UserPoolId": w.config.pool.user_pool_id, "Username": "kim", "TemporaryPassword": "Temp-Pass-123",
            "UserAttributes": [{"Name": "email", "Value": "kim@example.com"}, {"Name": "email_verified", "Value": "true"}], "MessageAction": "SUPPRESS"}),
    );
    let first =
        block(w.client().sign_in(sign_in("kim", Some("Temp-Pass-123"), AuthFlow::UserSrp, None)));
    assert_eq!(
        finish_reloading(&w, "kim", first.unwrap(), ""),
        [S::CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED]
    );
    // Required MFA: set-up selection, then TOTP set-up, or email set-up and its code.
    for (mfa, steps) in [
        (
            "TOTP",
            &[S::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION, S::CONTINUE_SIGN_IN_WITH_TOTP_SETUP][..],
        ),
        (
            "EMAIL",
            &[
                S::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION,
                S::CONTINUE_SIGN_IN_WITH_EMAIL_SETUP,
                S::CONFIRM_SIGN_IN_WITH_EMAIL_CODE,
            ][..],
        ),
    ] {
        let w = World::with_pool(Some(
            r#"{"name":"mfa-on","mfa":"ON","mfaTypes":["SOFTWARE_TOKEN_MFA","EMAIL_OTP"]}"#,
        ));
        registered(&w, "lea");
        let first = block(w.client().sign_in(sign_in("lea", Some(PW), AuthFlow::UserSrp, None)));
        assert_eq!(finish_reloading(&w, "lea", first.unwrap(), mfa), steps, "{mfa}");
    }
    // First-factor selection, then a password.
    let w = World::new();
    registered(&w, "ned");
    let first = block(w.client().sign_in(sign_in("ned", None, AuthFlow::UserAuth, None)));
    assert_eq!(
        finish_reloading(&w, "ned", first.unwrap(), "PASSWORD"),
        [S::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION, S::CONFIRM_SIGN_IN_WITH_PASSWORD]
    );
    // First-factor selection, then a passkey (the ceremony runs inside confirmSignIn).
    let (w, c) = signed_in_world("pam");
    block(c.run(c.start(|c| c.begin_register_passkey()))).unwrap();
    block(c.sign_out(false)).unwrap();
    let first = block(w.client().sign_in(sign_in("pam", None, AuthFlow::UserAuth, None)));
    assert_eq!(
        finish_reloading(&w, "pam", first.unwrap(), "WEB_AUTHN"),
        [S::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION]
    );
    // SMS MFA; then SMS and email both enabled, none preferred: the choice, then the code.
    let w = World::with_pool(Some(r#"{"name":"mfa-opt","mfa":"OPTIONAL"}"#));
    registered(&w, "ola");
    let pool = w.config.pool.user_pool_id.clone();
    w.admin(
        "AdminUpdateUserAttributes",
        serde_json::json!({"UserPoolId": pool, "Username": "ola", "UserAttributes": [
            {"Name": "phone_number", "Value": "+15550100"}, {"Name": "phone_number_verified", "Value": "true"}]}),
    );
    w.admin(
        "AdminSetUserMFAPreference",
        serde_json::json!({"UserPoolId": pool, "Username": "ola",
            "SMSMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    let first = block(w.client().sign_in(sign_in("ola", Some(PW), AuthFlow::UserSrp, None)));
    assert_eq!(finish_reloading(&w, "ola", first.unwrap(), ""), [S::CONFIRM_SIGN_IN_WITH_SMS_CODE]);
    block(w.client().sign_out(false)).unwrap();
    w.admin(
        "AdminSetUserMFAPreference",
        serde_json::json!({"UserPoolId": pool, "Username": "ola",
            "SMSMfaSettings": {"Enabled": true, "PreferredMfa": false},
            "EmailMfaSettings": {"Enabled": true, "PreferredMfa": false}}),
    );
    let first = block(w.client().sign_in(sign_in("ola", Some(PW), AuthFlow::UserSrp, None)));
    assert_eq!(
        finish_reloading(&w, "ola", first.unwrap(), "SMS"),
        [S::CONTINUE_SIGN_IN_WITH_MFA_SELECTION, S::CONFIRM_SIGN_IN_WITH_SMS_CODE]
    );
    // A custom challenge, with and without SRP.
    for flow in [AuthFlow::CustomWithoutSrp, AuthFlow::CustomWithSrp] {
        let w = World::with_pool(Some(
            r#"{"name":"custom","customAuth":{"rounds":[{"publicChallengeParameters":{"question":"2+2?"},"answer":"4"}]}}"#,
        ));
        registered(&w, "pia");
        let pw = (flow == AuthFlow::CustomWithSrp).then_some(PW);
        let first = block(w.client().sign_in(sign_in("pia", pw, flow, None)));
        assert_eq!(
            finish_reloading(&w, "pia", first.unwrap(), ""),
            [S::CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE],
            "{flow:?}"
        );
    }
    // An enrolled TOTP user: the code step.
    let (w, c) =
        signed_in_world_in(World::with_pool(Some(r#"{"name":"mfa","mfa":"OPTIONAL"}"#)), "mel");
    let secret = block(c.set_up_totp()).unwrap();
    let code = local_cognito::totp_code(secret.expose(), w.local.0.now.get()).unwrap();
    block(c.verify_totp_setup(&code, None)).unwrap();
    use cognito_wasm::flow::account::MfaPreference;
    block(c.update_mfa_preference(None, Some(MfaPreference::PREFERRED), None)).unwrap();
    block(c.sign_out(false)).unwrap();
    w.advance(30_000);
    let first = block(c.sign_in(sign_in("mel", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    assert_eq!(
        finish_reloading_with(&w, "mel", first, "", Some(&secret)),
        [S::CONFIRM_SIGN_IN_WITH_TOTP_CODE]
    );
}

#[test]
fn user_attributes() {
    let (_w, c) = signed_in_world("bea");
    let attrs = block(c.user_attributes()).unwrap();
    assert!(attrs.contains(&("email".into(), "bea@example.com".into())), "{attrs:?}");
    assert!(attrs.iter().any(|(k, _)| k == "sub"));
}

#[test]
fn account_settings_password_attributes_and_delete_user() {
    let (w, c) = signed_in_world("kim");
    let attr = |c: &Client<Shared>, k: &str| {
        block(c.user_attributes()).unwrap().into_iter().find(|(n, _)| n == k).map(|(_, v)| v)
    };
    // updatePassword: a wrong old password is Cognito's NotAuthorizedException; empty ones
    // never leave the client; the new password signs in.
    let sent = w.sent().len();
    let e = block(c.update_password(&Secret::new(""), &Secret::new("x"))).unwrap_err();
    assert_eq!(e.name(), "EmptyUpdatePassword");
    assert_eq!(w.sent().len(), sent, "nothing sent");
    let e = block(c.update_password(&Secret::new("Wrong-Pass-1"), &Secret::new("New-Pass-22")))
        .unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(!e.message().contains("Wrong-Pass-1"));
    block(c.update_password(&Secret::new(PW), &Secret::new("New-Pass-22"))).unwrap();
    // updateUserAttributes: a plain attribute is updated at once; a new email waits for its code.
    let out = block(c.update_user_attributes(vec![
        ("name".into(), "Kim K".into()),
        ("email".into(), "kim2@example.com".into()),
    ]))
    .unwrap();
    assert_eq!(out.len(), 2, "{out:?}");
    let email = out.iter().find(|u| u.name == "email").unwrap();
    let d = email.delivery.as_ref().expect("the new email needs its code");
    assert_eq!(d.delivery_medium.as_deref(), Some("EMAIL"));
    assert!(out.iter().any(|u| u.name == "name" && u.delivery.is_none()));
    assert_eq!(attr(&c, "name").as_deref(), Some("Kim K"));
    // A wrong code is refused; the code sent again is accepted.
    let e = block(c.confirm_user_attribute("email", "000000")).unwrap_err();
    assert_eq!(e.name(), "CodeMismatchException");
    let d = block(c.send_user_attribute_code("email")).unwrap();
    assert_eq!(d.attribute_name.as_deref(), Some("email"));
    block(c.confirm_user_attribute("email", &w.code("kim"))).unwrap();
    assert_eq!(attr(&c, "email").as_deref(), Some("kim2@example.com"));
    assert_eq!(attr(&c, "email_verified").as_deref(), Some("true"));
    // deleteUserAttributes.
    block(c.delete_user_attributes(&["name".into()])).unwrap();
    assert_eq!(attr(&c, "name"), None);
    // An empty list changes nothing (Cognito answers it); an empty name never leaves.
    block(c.delete_user_attributes(&[])).unwrap();
    let e = block(c.delete_user_attributes(&[String::new()])).unwrap_err();
    assert_eq!(e.name(), "InvalidParameterException");
    // deleteUser: gone on the server, gone here, signedOut emitted.
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let log = events.clone();
    let _s = c.subscribe(move |e| log.borrow_mut().push(e.name().to_string()));
    block(c.delete_user()).unwrap();
    c.deliver_events();
    assert!(!c.is_signed_in());
    assert_eq!(*events.borrow(), ["signedOut"]);
    let e =
        block(c.sign_in(sign_in("kim", Some("New-Pass-22"), AuthFlow::UserSrp, None))).unwrap_err();
    // (The pool hides whether a user exists: the same answer as a wrong password.)
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(w.admin_status("AdminGetUser", serde_json::json!({"Username": "kim"})) >= 400);
    // Signed out, the calls say so before sending anything.
    let sent = w.sent().len();
    assert_eq!(block(c.fetch_devices()).unwrap_err().name(), "UserUnAuthenticatedException");
    assert_eq!(block(c.delete_user()).unwrap_err().name(), "UserUnAuthenticatedException");
    assert_eq!(w.sent().len(), sent);
}

const DEVICE_POOL: &str = r#"{"name":"devices","mfa":"ON","mfaTypes":["EMAIL_OTP"],
    "deviceConfiguration":{"challengeRequiredOnNewDevice":true,"deviceOnlyRememberedOnUserPrompt":false}}"#;

/// Signs in with SRP (answering an email MFA code when asked); returns the actions sent.
fn sign_in_answering_mfa(w: &World, c: &Client<Shared>, name: &str) -> Vec<&'static str> {
    let before = w.sent().len();
    let o = block(c.sign_in(sign_in(name, Some(PW), AuthFlow::UserSrp, None))).unwrap();
    if o != SignInOutcome::Done {
        assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE);
        let code = w.code(name);
        assert_eq!(block(c.confirm_sign_in(answer(&code))).unwrap(), SignInOutcome::Done);
    }
    w.sent()[before..].to_vec()
}

/// A registered user whose MFA is by email (the device pools require MFA).
fn registered_with_email_mfa(w: &World, name: &str) {
    registered(w, name);
    let pool = w.config.pool.user_pool_id.clone();
    let mfa = serde_json::json!({"UserPoolId": pool, "Username": name,
        "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}});
    w.admin("AdminSetUserMFAPreference", mfa);
}

fn device_key(w: &World, name: &str) -> Option<String> {
    let key =
        format!("CognitoIdentityServiceProvider.{}.{name}.deviceKey", w.config.pool.client_id);
    w.tokens.get(&key)
}

#[test]
fn a_remembered_device_signs_in_by_its_own_srp_proof_instead_of_mfa() {
    let w = World::with_pool(Some(DEVICE_POOL));
    registered_with_email_mfa(&w, "dan");
    let c = w.client();
    // First sign-in: MFA, then the new device is confirmed (one ConfirmDevice) and kept.
    let sent = sign_in_answering_mfa(&w, &c, "dan");
    assert_eq!(
        sent,
        ["InitiateAuth", "RespondToAuthChallenge", "RespondToAuthChallenge", "ConfirmDevice"]
    );
    let key = device_key(&w, "dan").expect("the device is remembered under Amplify's keys");
    let devices = block(c.fetch_devices()).unwrap();
    assert_eq!(devices.len(), 1, "{devices:?}");
    assert_eq!(
        (devices[0].id.as_str(), devices[0].name.as_deref()),
        (key.as_str(), Some("cognito-wasm"))
    );
    // The access token names the device; a refresh sends the device key (the emulator, as
    // Cognito, refuses a device's refresh token without it).
    block(c.fetch_session(true)).unwrap();
    // Sign-out keeps the device; the next sign-in has no MFA step: the device proves itself.
    block(c.sign_out(false)).unwrap();
    assert_eq!(device_key(&w, "dan").as_deref(), Some(key.as_str()));
    let sent = sign_in_answering_mfa(&w, &c, "dan");
    assert_eq!(
        sent,
        [
            "InitiateAuth",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge",
            "RespondToAuthChallenge"
        ],
        "SRP, then DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER; no MFA, no new device"
    );
    assert!(c.is_signed_in());
    // A reloaded page (a new client over the same storage) uses the same device.
    block(c.sign_out(false)).unwrap();
    let page2 = w.client();
    assert_eq!(sign_in_answering_mfa(&w, &page2, "dan").len(), 4);
    // A wrong device secret is refused by Cognito's check of the device proof.
    block(page2.sign_out(false)).unwrap();
    let secret_key =
        format!("CognitoIdentityServiceProvider.{}.dan.randomPasswordKey", w.config.pool.client_id);
    let secret = w.tokens.get(&secret_key).unwrap();
    w.tokens.set(&secret_key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==");
    let e = block(c.sign_in(sign_in("dan", Some(PW), AuthFlow::UserSrp, None))).unwrap_err();
    assert_eq!(e.name(), "NotAuthorizedException");
    assert!(!e.message().contains(&secret));
    w.tokens.set(&secret_key, &secret);
    // forgetDevice: gone on the server and here; the next sign-in asks for MFA again and
    // remembers a new device.
    sign_in_answering_mfa(&w, &c, "dan");
    block(c.forget_device(None)).unwrap();
    assert_eq!(device_key(&w, "dan"), None);
    assert!(block(c.fetch_devices()).unwrap().is_empty());
    block(c.sign_out(false)).unwrap();
    let sent = sign_in_answering_mfa(&w, &c, "dan");
    assert_eq!(sent.len(), 4, "MFA again, and a new ConfirmDevice: {sent:?}");
    assert_eq!(sent[3], "ConfirmDevice");
    assert_ne!(device_key(&w, "dan"), Some(key));
    // With no device here, rememberDevice and forgetDevice() say so before sending.
    block(c.forget_device(None)).unwrap();
    let before = w.sent().len();
    assert_eq!(block(c.remember_device()).unwrap_err().name(), "DeviceMetadataNotFoundException");
    assert_eq!(block(c.forget_device(None)).unwrap_err().name(), "DeviceMetadataNotFoundException");
    assert_eq!(w.sent().len(), before);
}

/// A device forgotten elsewhere (another app, an administrator): Cognito answers that it does
/// not exist; the client forgets it and sends the same step again without it (as Amplify
/// does, one request more), then remembers the new device.
#[test]
fn a_device_forgotten_elsewhere_is_dropped_and_the_step_sent_again() {
    for flow in [AuthFlow::UserSrp, AuthFlow::UserPassword] {
        let w = World::with_pool(Some(DEVICE_POOL));
        registered_with_email_mfa(&w, "gus");
        let c = w.client();
        sign_in_answering_mfa(&w, &c, "gus");
        let old = device_key(&w, "gus").unwrap();
        block(c.sign_out(false)).unwrap();
        let pool = w.config.pool.user_pool_id.clone();
        w.admin(
            "AdminForgetDevice",
            serde_json::json!({"UserPoolId": pool, "Username": "gus", "DeviceKey": old}),
        );
        let before = w.sent().len();
        let o = block(c.sign_in(sign_in("gus", Some(PW), flow, None))).unwrap();
        assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE, "{flow:?}");
        assert_eq!(device_key(&w, "gus"), None, "{flow:?}: forgotten here too");
        block(c.confirm_sign_in(answer(&w.code("gus")))).unwrap();
        let sent = w.sent()[before..].to_vec();
        let expected: &[&str] = match flow {
            AuthFlow::UserSrp => &[
                "InitiateAuth",
                "RespondToAuthChallenge",
                "RespondToAuthChallenge",
                "RespondToAuthChallenge",
                "ConfirmDevice",
            ],
            _ => &["InitiateAuth", "InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"],
        };
        assert_eq!(sent, expected, "{flow:?}");
        let new = device_key(&w, "gus").unwrap();
        assert_ne!(new, old);
    }
}

/// Under every fault of the device's own requests, the sign-in still ends signed in: a failed
/// ConfirmDevice only leaves the device unremembered (as in Amplify); and the device calls fail
/// with the fault's typed error, retried only where safe, nothing lost.
#[test]
fn device_requests_under_faults() {
    for fault in Fault::ALL {
        let w = World::with_pool(Some(DEVICE_POOL));
        registered_with_email_mfa(&w, "fay");
        let c = w.client();
        w.local.0.fault.set(Some(("ConfirmDevice", fault)));
        let sent = sign_in_answering_mfa(&w, &c, "fay");
        w.local.0.fault.set(None);
        assert!(c.is_signed_in(), "{fault:?}");
        assert_eq!(sent.iter().filter(|a| **a == "ConfirmDevice").count(), 1, "{fault:?}: once");
        assert_eq!(device_key(&w, "fay"), None, "{fault:?}: not remembered");
        // The next sign-in confirms a device; the device calls under the fault.
        block(c.sign_out(false)).unwrap();
        sign_in_answering_mfa(&w, &c, "fay");
        assert!(device_key(&w, "fay").is_some());
        for (action, call) in [("UpdateDeviceStatus", "remember"), ("ForgetDevice", "forget")] {
            let before = w.sent().iter().filter(|a| **a == action).count();
            w.local.0.fault.set(Some((action, fault)));
            let r = match call {
                "remember" => block(c.remember_device()),
                _ => block(c.forget_device(None)),
            };
            w.local.0.fault.set(None);
            let e = r.expect_err(action);
            assert_eq!(e.name(), fault.error_name(), "{action} {fault:?}");
            let sent = w.sent().iter().filter(|a| **a == action).count() - before;
            let expected =
                if fault.transient() { cognito_wasm::protocol::MAX_ATTEMPTS as usize } else { 1 };
            assert_eq!(sent, expected, "{action} {fault:?}: safe to repeat");
            assert!(device_key(&w, "fay").is_some(), "{action} {fault:?}: kept");
            assert!(c.is_signed_in());
        }
    }
}

#[test]
fn a_device_remembered_on_the_users_word_skips_mfa_only_after_remember_device() {
    let w = World::with_pool(Some(
        r#"{"name":"prompt","mfa":"ON","mfaTypes":["EMAIL_OTP"],
        "deviceConfiguration":{"challengeRequiredOnNewDevice":true,"deviceOnlyRememberedOnUserPrompt":true}}"#,
    ));
    registered_with_email_mfa(&w, "eve");
    let c = w.client();
    sign_in_answering_mfa(&w, &c, "eve");
    assert!(device_key(&w, "eve").is_some());
    // Confirmed but not remembered: not listed, and MFA is still asked (then the device proof).
    assert!(block(c.fetch_devices()).unwrap().is_empty());
    block(c.sign_out(false)).unwrap();
    let sent = sign_in_answering_mfa(&w, &c, "eve");
    assert_eq!(sent.len(), 5, "SRP, MFA code, device SRP: {sent:?}");
    block(c.remember_device()).unwrap();
    assert_eq!(block(c.fetch_devices()).unwrap().len(), 1);
    block(c.sign_out(false)).unwrap();
    assert_eq!(sign_in_answering_mfa(&w, &c, "eve").len(), 4, "no MFA once remembered");
    // deleteUser takes the device keys with it.
    block(c.delete_user()).unwrap();
    assert_eq!(device_key(&w, "eve"), None);
}

/// A world whose client also has the emulator's default identity pool (guests allowed).
fn identity_world() -> World {
    let mut w = World::new();
    let id = w.local.0.emu.borrow().default_identity_pool_id().expect("a default identity pool");
    w.config.identity = Some(cognito_wasm::model::config::IdentityPoolConfig {
        pool_id: id,
        allow_guest: true,
        endpoint: "http://local.test/".into(),
    });
    w
}

fn sent_since(w: &World, before: usize) -> Vec<&'static str> {
    w.sent()[before..].to_vec()
}

#[test]
fn aws_credentials_for_guests_and_signed_in_users() {
    let w = identity_world();
    registered(&w, "ida");
    let c = w.client();
    let guest_key =
        format!("com.amplify.Cognito.{}.identityId", w.config.identity.as_ref().unwrap().pool_id);
    // Signed out: a guest identity (stored) and its credentials; warm: nothing sent.
    let before = w.sent().len();
    let s = block(c.auth_session(false)).unwrap();
    assert!(s.tokens.is_none());
    let guest = s.aws.expect("guest credentials");
    assert_eq!(sent_since(&w, before), ["GetId", "GetCredentialsForIdentity"]);
    assert!(guest.credentials.access_key_id.starts_with("ASIA"));
    let expires = guest.credentials.expires_at_ms().unwrap();
    assert_eq!(
        expires / 1000,
        w.local.0.now.get() / 1000 + 3600,
        "an hour ahead by the emulator clock"
    );
    assert_eq!(w.tokens.get(&guest_key).as_deref(), Some(guest.identity_id.as_str()));
    let before = w.sent().len();
    assert_eq!(block(c.auth_session(false)).unwrap().aws.unwrap(), guest);
    assert!(sent_since(&w, before).is_empty(), "warm");
    // A reloaded page reuses the stored guest identity: credentials only.
    let page2 = w.client();
    let before = w.sent().len();
    assert_eq!(
        block(page2.auth_session(false)).unwrap().aws.unwrap().identity_id,
        guest.identity_id
    );
    assert_eq!(sent_since(&w, before), ["GetCredentialsForIdentity"]);
    // Signed in: the ID token changed, so new (authenticated) credentials for the identity the
    // guest one becomes (Cognito links it); the guest key goes, the id stays in memory.
    block(c.sign_in(sign_in("ida", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    let before = w.sent().len();
    let s = block(c.auth_session(false)).unwrap();
    let user = s.aws.unwrap();
    assert!(s.tokens.is_some());
    assert_eq!(sent_since(&w, before), ["GetCredentialsForIdentity"]);
    assert_ne!(user.credentials, guest.credentials);
    assert_eq!(w.tokens.get(&guest_key), None);
    // Near expiry: fetched again (credentials only); forceRefresh: tokens and credentials.
    w.advance(56 * 60 * 1000);
    let before = w.sent().len();
    let again = block(c.auth_session(false)).unwrap().aws.unwrap();
    let sent = sent_since(&w, before);
    assert!(sent.contains(&"GetCredentialsForIdentity") && !sent.contains(&"GetId"), "{sent:?}");
    assert_eq!(again.identity_id, user.identity_id);
    let before = w.sent().len();
    block(c.auth_session(true)).unwrap();
    assert_eq!(sent_since(&w, before), ["GetTokensFromRefreshToken", "GetCredentialsForIdentity"]);
    // Sign-out forgets the identity; the user's identity is the same at the next sign-in.
    block(c.sign_out(false)).unwrap();
    let guest2 = block(c.auth_session(false)).unwrap().aws.unwrap();
    assert_ne!(guest2.identity_id, user.identity_id);
    block(c.sign_in(sign_in("ida", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    let back = block(c.auth_session(false)).unwrap().aws.unwrap();
    assert_eq!(back.identity_id, user.identity_id, "one identity per user");
}

/// GetId and GetCredentialsForIdentity under every fault: retried where the fault is
/// transient (both are safe to repeat), then a typed error without a token or credential in
/// it; the user stays signed in and the next call gets credentials.
#[test]
fn aws_credentials_under_faults() {
    for fault in Fault::ALL {
        for action in ["GetId", "GetCredentialsForIdentity"] {
            let w = identity_world();
            registered(&w, "kai");
            let c = w.client();
            block(c.sign_in(sign_in("kai", Some(PW), AuthFlow::UserSrp, None))).unwrap();
            let id_token = c.stored_tokens().unwrap().id_token;
            let count = || w.sent().iter().filter(|a| **a == action).count();
            let before = count();
            w.local.0.fault.set(Some((action, fault)));
            let e = block(c.auth_session(false)).unwrap_err();
            w.local.0.fault.set(None);
            let row = format!("{action} under {fault:?}");
            assert_eq!(e.name(), fault.error_name(), "{row}");
            let expected =
                if fault.transient() { cognito_wasm::protocol::MAX_ATTEMPTS as usize } else { 1 };
            assert_eq!(count() - before, expected, "{row}: sent");
            let text = format!("{} {} {e:?}", e.name(), e.message());
            assert!(!text.contains(id_token.expose()) && !text.contains("ASIA"), "{row}: {text}");
            assert!(c.is_signed_in(), "{row}");
            let aws = block(c.auth_session(false)).unwrap_or_else(|e| panic!("{row}: {e:?}")).aws;
            assert!(aws.is_some(), "{row}: credentials after the fault");
        }
    }
}

#[test]
fn aws_credentials_without_guest_access_and_shared_by_concurrent_calls() {
    let mut w = identity_world();
    w.config.identity.as_mut().unwrap().allow_guest = false;
    registered(&w, "jan");
    let c = w.client();
    let before = w.sent().len();
    let s = block(c.auth_session(false)).unwrap();
    assert_eq!((s.tokens.is_none(), s.aws.is_none()), (true, true));
    assert!(sent_since(&w, before).is_empty());
    block(c.sign_in(sign_in("jan", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    // Ten calls at once: one GetId, one GetCredentialsForIdentity, the same answer for all.
    let before = w.sent().len();
    let runs: Vec<_> = (0..10).map(|_| c.start(|c| c.begin_fetch_session(false))).collect();
    let done: Vec<_> = run_together(&w, &c, runs)
        .into_iter()
        .map(|r| Some(r.map(|s| s.aws.map(|a| a.identity_id))))
        .collect();
    let first = done[0].clone().unwrap().unwrap();
    assert!(first.is_some());
    for r in &done {
        assert_eq!(r.clone().unwrap().unwrap(), first);
    }
    assert_eq!(sent_since(&w, before), ["GetId", "GetCredentialsForIdentity"]);
    // A failed fetch does not hold the next call back.
    w.local.0.fault.set(Some(("GetCredentialsForIdentity", Fault::Status500)));
    let e = block(c.auth_session(true)).unwrap_err();
    w.local.0.fault.set(None);
    assert_eq!(e.name(), "InternalErrorException");
    assert!(block(c.auth_session(false)).unwrap().aws.is_some());
}

#[test]
fn totp_enrolment_then_totp_sign_in() {
    let (w, c) =
        signed_in_world_in(World::with_pool(Some(r#"{"name":"mfa","mfa":"OPTIONAL"}"#)), "cal");
    let secret = block(c.set_up_totp()).unwrap();
    let totp = |w: &World| local_cognito::totp_code(secret.expose(), w.local.0.now.get()).unwrap();
    let wrong = if totp(&w) == "000000" { "111111" } else { "000000" };
    assert!(block(c.verify_totp_setup(wrong, None)).is_err());
    block(c.verify_totp_setup(&totp(&w), Some("phone"))).unwrap();
    use cognito_wasm::flow::account::MfaPreference;
    block(c.update_mfa_preference(None, Some(MfaPreference::PREFERRED), None)).unwrap();
    let (enabled, preferred) = block(c.fetch_mfa_preference()).unwrap();
    assert_eq!(
        (enabled, preferred),
        (vec![cognito_wasm::flow::MfaType::Totp], Some(cognito_wasm::flow::MfaType::Totp))
    );
    block(c.sign_out(false)).unwrap();
    let o = block(c.sign_in(sign_in("cal", Some(PW), AuthFlow::UserSrp, None))).unwrap();
    assert_eq!(step_of(&o), SignInStep::CONFIRM_SIGN_IN_WITH_TOTP_CODE);
    assert_eq!(
        block(c.confirm_sign_in(answer("TOTP"))),
        Err(AuthError::Validation(Validation::InvalidCodeFormat))
    );
    w.advance(30_000);
    assert_eq!(block(c.confirm_sign_in(answer(&totp(&w)))).unwrap(), SignInOutcome::Done);
}

#[test]
fn srp_sign_in_uses_the_ephemeral_prepared_in_advance() {
    let w = World::new();
    registered(&w, "dot");
    let c = w.client();
    c.prepare_srp();
    assert!(c.has_prepared_srp());
    // A non-SRP sign-in leaves it for later.
    assert_eq!(
        block(c.sign_in(sign_in("dot", Some(PW), AuthFlow::UserPassword, None))).unwrap(),
        SignInOutcome::Done
    );
    assert!(c.has_prepared_srp());
    block(c.sign_out(false)).unwrap();
    assert_eq!(
        block(c.sign_in(sign_in("dot", Some(PW), AuthFlow::UserSrp, None))).unwrap(),
        SignInOutcome::Done
    );
    assert!(!c.has_prepared_srp(), "the prepared ephemeral was used");
}

/// The client's platform with an app's own asynchronous token store (a cookie store, say),
/// counting the reads and writes the driver asks for.
#[derive(Clone)]
struct WithAppStore {
    inner: Shared,
    store: Rc<RefCell<std::collections::BTreeMap<String, String>>>,
    reads: Rc<Cell<u32>>,
    writes: Rc<Cell<u32>>,
}

impl Platform for WithAppStore {
    async fn send(
        &self,
        e: &str,
        action: Action,
        body: &str,
        t: u32,
    ) -> Result<RawResponse, AuthError> {
        self.inner.send(e, action, body, t).await
    }
    async fn sleep(&self, ms: u64) {
        self.inner.sleep(ms).await
    }
    fn now_ms(&self) -> u64 {
        self.inner.now_ms()
    }
    async fn store_read(&self, keys: &[String]) -> Vec<Option<Option<Secret>>> {
        self.reads.set(self.reads.get() + 1);
        let store = self.store.borrow();
        keys.iter().map(|k| Some(store.get(k).map(|v| Secret::new(v.as_str())))).collect()
    }
    async fn store_write(&self, writes: &[(String, Option<Secret>)]) {
        self.writes.set(self.writes.get() + 1);
        let mut store = self.store.borrow_mut();
        for (k, v) in writes {
            match v {
                Some(v) => store.insert(k.clone(), v.expose().into()),
                None => store.remove(k),
            };
        }
    }
}

/// A Rust caller gets what a JS caller gets from `Client::run`: an app's async store read
/// ahead and written through, and auth events delivered to its subscribers.
#[test]
fn rust_callers_get_app_stores_and_events_through_run() {
    use cognito_wasm::driver::{AuthEvent, Tokens};
    use cognito_wasm::storage::Replica;
    let w = World::new();
    registered(&w, "rita");
    let platform = WithAppStore {
        inner: w.local.clone(),
        store: Rc::default(),
        reads: Rc::default(),
        writes: Rc::default(),
    };
    let app_client = || {
        let tokens = Tokens::ReadAhead(Replica::default());
        Client::new(w.config.clone(), platform.clone(), tokens, Box::new(MemoryStore::default()))
    };
    let c = app_client();
    let seen: Rc<RefCell<Vec<String>>> = Rc::default();
    let log = seen.clone();
    let sub = c.subscribe(move |e| {
        let who = match e {
            AuthEvent::SignedIn(u) => u.username.clone(),
            _ => String::new(),
        };
        log.borrow_mut().push(format!("{} {who}", e.name()).trim().into());
    });
    let out = block(c.sign_in(sign_in("rita", Some(PW), AuthFlow::UserPassword, None))).unwrap();
    assert_eq!(out, SignInOutcome::Done);
    assert_eq!(*seen.borrow(), ["signedIn rita"]);
    // The tokens are in the app's store (Amplify's keys) by the time the call returns.
    let key = format!("CognitoIdentityServiceProvider.{}.LastAuthUser", w.config.pool.client_id);
    assert_eq!(platform.store.borrow().get(&key).map(String::as_str), Some("rita"));
    assert!(platform.store.borrow().keys().any(|k| k.ends_with(".rita.accessToken")));
    // Signed out: the LastAuthUser round, then the signing-in user's keys (a remembered device).
    assert_eq!((platform.reads.get(), platform.writes.get()), (2, 1), "signed out: two rounds");
    // A new client (another tab, a reload) finds the session in the app's store: two rounds.
    let other = app_client();
    let session = block(other.fetch_session(false)).unwrap().expect("the stored session");
    assert_eq!(session.access_claims.str("username"), Some("rita"));
    assert_eq!(platform.reads.get(), 4);
    // Forced refresh: a tokenRefresh event; sign-out clears the app's store.
    block(c.fetch_session(true)).unwrap();
    block(c.sign_out(false)).unwrap();
    assert_eq!(*seen.borrow(), ["signedIn rita", "tokenRefresh", "signedOut"]);
    assert!(!platform.store.borrow().keys().any(|k| k.ends_with(".rita.accessToken")));
    // Unsubscribed: nothing more is delivered.
    c.unsubscribe(sub);
    block(c.sign_in(sign_in("rita", Some(PW), AuthFlow::UserPassword, None))).unwrap();
    assert_eq!(seen.borrow().len(), 3);
}
