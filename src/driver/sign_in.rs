//! `signIn`, `confirmSignIn`, `autoSignIn` and passkey autofill: one operation ([`SignIn`])
//! over the pure flow's steps; the pending sign-in kept between calls, exported and resumed.

use super::events::AuthEvent;
use super::op::{Next, Operation, Poll};
use super::Client;
use crate::error::{AuthError, InvalidState};
use crate::flow::devices::{self, Device};
pub(crate) use crate::flow::sign_in::Pending;
use crate::flow::sign_in::{
    self, Answer, Expect, PasskeyRequest, SignInInput, SignedIn, Step, Stopped,
};
use crate::flow::sign_up;
use crate::flow::{AuthFlow, FirstFactor};
use crate::json::Json;
use crate::storage::state;
use crate::transport::Platform;
use crate::webauthn;
use alloc::string::String;

/// How a sign-in call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
// Made once per call and moved out at once: boxing the pending sign-in would cost code size for
// nothing.
#[allow(clippy::large_enum_variant)]
pub enum SignInOutcome {
    /// Waiting for `confirmSignIn`.
    Ask(Pending),
    /// Signed in; tokens stored.
    Done,
    /// CONFIRM_SIGN_UP or RESET_PASSWORD.
    Stopped(Stopped),
}

/// A sign-in in progress: the flow's next step, what the request in flight expects, and what
/// to restore when a `confirmSignIn` answer fails.
pub struct SignIn {
    step: Option<Step>,
    expect: Option<Expect>,
    restore: Option<Pending>,
    passkey: Option<PasskeyRequest>,
    /// Conditional mediation for the passkey prompt (autofill).
    conditional: bool,
    /// Whether a passkey assertion already ran (a second one would loop).
    passkey_done: bool,
    /// `autoSignIn`: its events too.
    auto: bool,
    /// The session it began in: its tokens or pending state are dropped if that changed.
    epoch: u32,
    /// A sign-in that returned `NewDeviceMetadata`: stored once ConfirmDevice answered.
    confirming: Option<(SignedIn, Device)>,
    /// The device ConfirmDevice accepted, remembered with the tokens.
    confirmed: Option<Device>,
}

impl SignIn {
    fn new(step: Step, restore: Option<Pending>, epoch: u32) -> SignIn {
        SignIn {
            epoch,
            step: Some(step),
            expect: None,
            restore,
            passkey: None,
            conditional: false,
            passkey_done: false,
            auto: false,
            confirming: None,
            confirmed: None,
        }
    }

    /// The flow's next step from what arrived.
    fn next_step<P: Platform>(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Step, AuthError> {
        if let Some((signed_in, device)) = self.confirming.take() {
            // A refused ConfirmDevice leaves the device unremembered; the sign-in stands.
            self.confirmed = matches!(resp, Some(Ok(_))).then_some(device);
            return Ok(Step::Done(signed_in));
        }
        let step = match (resp, self.passkey.take()) {
            (None, _) => self.step.take().ok_or(AuthError::Protocol("sign-in without a step")),
            // The browser's assertion (or its failure) answers the WEB_AUTHN challenge.
            (Some(r), Some(req)) => r.and_then(|v| match v {
                Json::Str(credential) => Ok(req.respond(credential, &c.config.pool)),
                _ => Err(AuthError::Protocol("a passkey ceremony without a credential")),
            }),
            (Some(r), None) => match self.expect.take() {
                Some(e) => c.with_env(|env| e.on_response(r, &c.config.pool, env)),
                None => Err(AuthError::Protocol("a response without a request")),
            },
        };
        step.map_err(|e| c.sign_in_failed(e, self.restore.take()))
    }

    fn on_step<P: Platform>(
        &mut self,
        c: &Client<P>,
        step: Step,
    ) -> Result<Poll<SignInOutcome>, AuthError> {
        Ok(match step {
            Step::Send(req, e) => {
                self.expect = Some(e);
                Poll::Next(Next::Send(req))
            }
            Step::ForgetDevice(req, e) => {
                c.forget_device_of(&e.who().username);
                c.forget_device_of(&e.who().login_id);
                self.expect = Some(e);
                Poll::Next(Next::Send(req))
            }
            Step::Ask(p) => {
                c.same_session(self.epoch)?;
                c.save_pending(Some(&p));
                Poll::Ready(SignInOutcome::Ask(p))
            }
            Step::Done(mut s) => {
                c.same_session(self.epoch)?;
                if let Some(new) = s.tokens.new_device.take() {
                    let name = c.platform.device_name();
                    let (req, device) =
                        c.with_env(|env| devices::confirm(&s.tokens.access_token, new, &name, env));
                    self.confirming = Some((s, device));
                    return Ok(Poll::Next(Next::Send(req)));
                }
                c.signed_in(s);
                if let (Some(d), Some(t)) = (self.confirmed.take(), c.stored_tokens()) {
                    c.store_device(&t.username, &d);
                }
                if self.auto {
                    if let Ok(user) = c.current_user() {
                        c.emit(AuthEvent::AutoSignIn(user));
                    }
                }
                Poll::Ready(SignInOutcome::Done)
            }
            Step::Stop(s) => Poll::Ready(SignInOutcome::Stopped(s)),
            Step::Passkey(req) => {
                // A second WEB_AUTHN challenge in a row would loop: refuse it, as Amplify does.
                if self.passkey_done {
                    return Err(AuthError::Protocol(
                        "Cognito asked for a second passkey assertion",
                    ));
                }
                self.passkey_done = true;
                webauthn::check_request_options(&req.options_json)?;
                let options = req.options_json.clone();
                self.passkey = Some(req);
                Poll::Next(Next::PasskeyGet { options, conditional: self.conditional })
            }
        })
    }
}

impl<P: Platform> Operation<P> for SignIn {
    type Output = SignInOutcome;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<SignInOutcome>, AuthError> {
        let r = self.next_step(c, resp).and_then(|s| self.on_step(c, s));
        if let (true, Err(e)) = (self.auto, &r) {
            c.emit(AuthEvent::AutoSignInFailure(e.clone()));
        }
        r
    }
}

/// Errors after which a pending sign-in is still answerable (Cognito keeps the session), or may
/// be: a failure of the network or of the service itself (5xx, throttling, an answer that
/// cannot be read) says nothing about the session, so it is kept for another try; if Cognito
/// did use it up, that try gets NotAuthorizedException and the pending sign-in goes then.
fn keeps_pending(e: &AuthError) -> bool {
    match e {
        AuthError::Service { code, .. } => matches!(
            code.as_str(),
            "CodeMismatchException"
                | "InvalidPasswordException"
                | "InvalidParameterException"
                | "EnableSoftwareTokenMFAException"
                | "InternalErrorException"
                | "ServiceUnavailableException"
                | "TooManyRequestsException"
                | "UnknownError"
        ),
        AuthError::Network(_)
        | AuthError::Timeout(_)
        | AuthError::Validation(_)
        | AuthError::Protocol(_) => true,
        _ => false,
    }
}

impl<P: Platform> Client<P> {
    /// The pending sign-in, if any (also after a reload).
    pub fn pending_sign_in(&self) -> Option<Pending> {
        let mut p =
            self.state.get(&self.key("signIn")).and_then(|t| state::pending_from_json(&t))?;
        // The device's secret is never in the pending state: the remembered device, if any.
        p.who.device = self.device_of(&p.who.username).or_else(|| self.device_of(&p.who.login_id));
        // The TOTP set-up's secret lives in memory only: put it back while this page has it.
        if let Some((session, secret)) = self.totp_secret.borrow().as_ref() {
            if *session == p.session {
                p.waiting =
                    crate::flow::challenge::Waiting::TotpSetup { shared_secret: secret.clone() };
            }
        }
        Some(p)
    }

    /// Who a sign-in call is for: the `username` of its input, or the pending sign-in's user.
    pub fn signing_in_user(&self, input: &Json) -> Option<String> {
        match input.str("username") {
            Some(u) => Some(u.trim().into()),
            None => self.pending_sign_in().map(|p| p.who.username),
        }
    }

    /// Starts `signIn`.
    ///
    /// # Errors
    /// `UserAlreadyAuthenticatedException`; the flow's validation errors.
    pub fn begin_sign_in(&self, input: SignInInput) -> Result<SignIn, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let step = self.with_env(|env| sign_in::start(input, &self.config.pool, env))?;
        self.save_pending(None);
        self.save_auto(None);
        Ok(SignIn::new(step, None, self.epoch()))
    }

    /// Starts a passkey sign-in whose browser prompt uses conditional mediation (autofill on
    /// an `<input autocomplete="username webauthn">`): USER_AUTH with WEB_AUTHN preferred.
    ///
    /// # Errors
    /// As [`Self::begin_sign_in`].
    pub fn begin_passkey_autofill(&self, username: &str) -> Result<SignIn, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let input = SignInInput {
            username: username.into(),
            password: None,
            flow: AuthFlow::UserAuth,
            preferred: Some(FirstFactor::WebAuthn),
            client_metadata: alloc::vec::Vec::new(),
        };
        let step = self.with_env(|env| sign_in::start(input, &self.config.pool, env))?;
        self.save_pending(None);
        Ok(SignIn { conditional: true, ..SignIn::new(step, None, self.epoch()) })
    }

    /// Starts `confirmSignIn`.
    ///
    /// # Errors
    /// `SignInException` when nothing is pending; the answer's validation errors (the pending
    /// sign-in stays answerable).
    pub fn begin_confirm_sign_in(&self, answer: Answer) -> Result<SignIn, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let pending = self.pending_sign_in().ok_or(InvalidState::NoPendingSignIn)?;
        match self.with_env(|env| pending.answer(answer, &self.config.pool, env)) {
            Ok(step) => {
                self.save_pending(None);
                Ok(SignIn::new(step, Some(pending), self.epoch()))
            }
            Err(e) => {
                if e == AuthError::InvalidState(InvalidState::PendingSignInExpired) {
                    self.save_pending(None);
                }
                Err(e)
            }
        }
    }

    /// Starts `autoSignIn`; its failure is also an `autoSignIn_failure` event.
    ///
    /// # Errors
    /// `AutoSignInException` kinds when nothing is armed, not confirmed yet, or the password of
    /// a password-flow auto sign-in was lost with a reload.
    pub fn begin_auto_sign_in(&self) -> Result<SignIn, AuthError> {
        let r = self
            .auto_sign_in_step()
            .map(|step| SignIn { auto: true, ..SignIn::new(step, None, self.epoch()) });
        if let Err(e) = &r {
            self.emit(AuthEvent::AutoSignInFailure(e.clone()));
        }
        r
    }

    fn auto_sign_in_step(&self) -> Result<Step, AuthError> {
        let stored = self.state.get(&self.key("autoSignIn"));
        let Some((_, had_password)) = stored.as_deref().and_then(state::auto_from_json) else {
            return Err(InvalidState::NoPendingAutoSignIn.into());
        };
        let auto = self.load_auto().ok_or(InvalidState::NoPendingAutoSignIn)?;
        if !auto.confirmed {
            return Err(InvalidState::AutoSignInNotConfirmed.into());
        }
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let lost = had_password && auto.password.is_none();
        // Any outcome but "not confirmed yet" ends the auto sign-in, as in Amplify.
        self.save_auto(None);
        if lost {
            return Err(InvalidState::AutoSignInPasswordLost.into());
        }
        self.save_pending(None);
        self.with_env(|env| sign_up::auto_sign_in(auto, &self.config.pool, env))
    }

    /// After a failed sign-in step: keeps the pending sign-in answerable when Cognito keeps
    /// its session, and names an expired session as such.
    fn sign_in_failed(&self, e: AuthError, restore: Option<Pending>) -> AuthError {
        if let Some(p) = restore {
            if keeps_pending(&e) {
                self.save_pending(Some(&p));
                return e;
            }
            // A byte-window search: `str::contains` links a pattern searcher with panicking
            // slicing (~4 KB of wasm) for this one test.
            if e.is_service("NotAuthorizedException")
                && e.message().as_bytes().windows(7).any(|w| w == b"session")
            {
                return InvalidState::PendingSignInExpired.into();
            }
        }
        e
    }

    /// The pending sign-in as text, to resume on another page or tab ([`Self::resume_sign_in`]).
    /// Holds Cognito's challenge session: treat it as a secret. `None` when nothing is pending.
    pub fn export_sign_in(&self) -> Option<String> {
        let pool = &self.config.pool;
        self.pending_sign_in().map(|p| state::export(&p, &pool.user_pool_id, &pool.client_id))
    }

    /// Resumes a sign-in exported by [`Self::export_sign_in`]; returns it for its `nextStep`.
    ///
    /// # Errors
    /// `UserAlreadyAuthenticatedException` while a user is signed in; `InvalidPendingSignIn`
    /// for text that is not an exported sign-in, or one exported by a client of another user
    /// pool or app client; `SignInSessionExpiredException` when its session has expired.
    pub fn resume_sign_in(&self, text: &str) -> Result<Pending, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let pool = &self.config.pool;
        let p = state::import(text, &pool.user_pool_id, &pool.client_id)?;
        if self.platform.now_ms() >= p.expires_at_ms {
            return Err(InvalidState::PendingSignInExpired.into());
        }
        self.save_pending(Some(&p));
        Ok(p)
    }

    /// Stores a sign-in's tokens, clears the pending and auto sign-in, queues `signedIn`.
    pub(crate) fn signed_in(&self, s: SignedIn) {
        self.next_epoch();
        self.store_tokens(&s.who.username, &s.tokens, Some(&s.who));
        self.save_pending(None);
        self.save_auto(None);
        if let Ok(user) = self.current_user() {
            self.emit(AuthEvent::SignedIn(user));
        }
    }

    // ---- async conveniences for Rust apps and tests ---------------------------------------

    /// `signIn`.
    ///
    /// # Errors
    /// As [`Self::begin_sign_in`], and Cognito's errors.
    pub async fn sign_in(&self, input: SignInInput) -> Result<SignInOutcome, AuthError> {
        // A read-ahead store is read for this user's remembered device too.
        let user = Some(String::from(input.username.trim()));
        self.run(self.start(move |c| c.begin_sign_in(input)).reading_also(user)).await
    }

    /// `confirmSignIn`.
    ///
    /// # Errors
    /// As [`Self::begin_confirm_sign_in`], and Cognito's errors.
    pub async fn confirm_sign_in(&self, answer: Answer) -> Result<SignInOutcome, AuthError> {
        let user = self.pending_sign_in().map(|p| p.who.username);
        self.run(self.start(move |c| c.begin_confirm_sign_in(answer)).reading_also(user)).await
    }

    /// `autoSignIn`.
    ///
    /// # Errors
    /// As [`Self::begin_auto_sign_in`], and Cognito's errors.
    pub async fn auto_sign_in(&self) -> Result<SignInOutcome, AuthError> {
        self.run(self.start(|c| c.begin_auto_sign_in())).await
    }
}
