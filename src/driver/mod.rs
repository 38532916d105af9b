//! The client: runs the pure flows against a [`Platform`] and the stores. Each operation is a
//! synchronous [`Task`], driven by [`Client::advance`] (`run.rs`, also the retry policy);
//! [`Client::run`] is the await loop for Rust callers. Everything that happens on
//! sign-in (store tokens, clear pending state, settle auto sign-in) is here, once.

use crate::error::{AuthError, InvalidState};
use crate::flow::password_reset::{self, ConfirmResetInput};
use crate::flow::sign_in::{self, Answer, Pending, SignInInput, SignedIn, Stopped, Who};
use crate::flow::sign_up::{self, AutoSignIn, ConfirmSignUpInput, SignUpInput, SignUpResult};
use crate::flow::Env;
use crate::json::Json;
use crate::jwt;
use crate::model::config::ClientConfig;
use crate::protocol::{CodeDelivery, TokenSet};
use crate::secret::Secret;
use crate::storage::{state, tokens, KeyValue};
use crate::transport::Platform;
mod account;
mod run;
mod task;

pub use account::{AuthSession, CurrentUser};
pub use run::{Effect, Event, Run};
pub(crate) use task::TokenOp;
pub use task::{Output, Task};

use alloc::boxed::Box;
use alloc::string::String;
use core::cell::RefCell;

/// How a sign-in call ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignInOutcome {
    /// Waiting for `confirmSignIn`.
    Ask(Pending),
    /// Signed in; tokens stored.
    Done,
    /// CONFIRM_SIGN_UP or RESET_PASSWORD.
    Stopped(Stopped),
}

/// A client for one user pool and app client.
pub struct Client<P: Platform> {
    pub(crate) config: ClientConfig,
    pub(crate) platform: P,
    pub(crate) tokens: Box<dyn KeyValue>,
    state: Box<dyn KeyValue>,
    /// The sign-up password of an armed password-flow auto sign-in: memory only.
    auto_password: RefCell<Option<(String, Secret)>>,
    /// An SRP ephemeral made in advance ([`Client::prepare_srp`]).
    spare_ephemeral: RefCell<Option<crate::srp::Ephemeral>>,
}

/// Errors after which a pending sign-in is still answerable (Cognito keeps the session).
fn keeps_pending(e: &AuthError) -> bool {
    match e {
        AuthError::Service { code, .. } => matches!(
            code.as_str(),
            "CodeMismatchException"
                | "InvalidPasswordException"
                | "InvalidParameterException"
                | "EnableSoftwareTokenMFAException"
        ),
        AuthError::Network(_) | AuthError::Validation(_) => true,
        _ => false,
    }
}

impl<P: Platform> Client<P> {
    /// A client over `platform`, keeping tokens in `tokens` and pending sign-in state in `state`.
    pub fn new(
        config: ClientConfig,
        platform: P,
        tokens: Box<dyn KeyValue>,
        state: Box<dyn KeyValue>,
    ) -> Self {
        Client {
            config,
            platform,
            tokens,
            state,
            auto_password: RefCell::new(None),
            spare_ephemeral: RefCell::new(None),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The platform.
    pub fn platform(&self) -> &P {
        &self.platform
    }

    fn key(&self, name: &str) -> String {
        let mut k = String::from("cognito-wasm.");
        k.push_str(&self.config.pool.client_id);
        k.push('.');
        k.push_str(name);
        k
    }

    pub(crate) fn with_env<T>(&self, f: impl FnOnce(&mut Env) -> T) -> T {
        let mut random = |buf: &mut [u8]| self.platform.random(buf);
        let ephemeral = self.spare_ephemeral.borrow_mut().take();
        let mut env = Env { now_ms: self.platform.now_ms(), random: &mut random, ephemeral };
        let out = f(&mut env);
        if let Some(unused) = env.ephemeral.take() {
            *self.spare_ephemeral.borrow_mut() = Some(unused);
        }
        out
    }

    /// Whether an SRP ephemeral is ready for the next SRP sign-in.
    pub fn has_prepared_srp(&self) -> bool {
        self.spare_ephemeral.borrow().is_some()
    }

    /// Computes the SRP ephemeral (`A = g^a`, ~4 ms in a browser) ahead of the next SRP
    /// sign-in, so that sign-in only pays for the password proof. Call it when idle.
    pub fn prepare_srp(&self) {
        if self.spare_ephemeral.borrow().is_some() {
            return;
        }
        let mut random = |buf: &mut [u8]| self.platform.random(buf);
        if let Ok(e) = crate::flow::fresh_ephemeral(&mut random) {
            *self.spare_ephemeral.borrow_mut() = Some(e);
        }
    }

    // ---- persisted state ------------------------------------------------------------------

    /// The pending sign-in, if any (also after a reload).
    pub fn pending_sign_in(&self) -> Option<Pending> {
        self.state.get(&self.key("signIn")).and_then(|t| state::pending_from_json(&t))
    }

    pub(crate) fn save_pending(&self, p: Option<&Pending>) {
        match p {
            Some(p) => self.state.set(&self.key("signIn"), &state::pending_to_json(p)),
            None => self.state.remove(&self.key("signIn")),
        }
    }

    fn load_auto(&self) -> Option<AutoSignIn> {
        let (mut auto, _) = state::auto_from_json(&self.state.get(&self.key("autoSignIn"))?)?;
        if let Some((user, pw)) = self.auto_password.borrow().as_ref() {
            if *user == auto.username {
                auto.password = Some(pw.clone());
            }
        }
        Some(auto)
    }

    pub(crate) fn save_auto(&self, a: Option<&AutoSignIn>) {
        match a {
            Some(a) => {
                self.state.set(&self.key("autoSignIn"), &state::auto_to_json(a));
                *self.auto_password.borrow_mut() =
                    a.password.clone().map(|p| (a.username.clone(), p));
            }
            None => {
                self.state.remove(&self.key("autoSignIn"));
                *self.auto_password.borrow_mut() = None;
            }
        }
    }

    /// Whether tokens are stored for a user.
    pub fn is_signed_in(&self) -> bool {
        tokens::load(&*self.tokens, &self.config.pool.client_id).is_some()
    }

    /// The stored tokens.
    pub fn stored_tokens(&self) -> Option<tokens::Stored> {
        tokens::load(&*self.tokens, &self.config.pool.client_id)
    }

    // ---- sign-up --------------------------------------------------------------------------

    /// Starts `signUp`. A passwordless sign-up asking for a password-flow auto sign-in fails
    /// here, before any request.
    pub fn begin_sign_up(&self, input: SignUpInput) -> Result<Task, AuthError> {
        let req = sign_up::sign_up(&input, &self.config.pool)?;
        // A new sign-up replaces any armed auto sign-in, as in Amplify.
        self.save_auto(None);
        Ok(Task::sign_up(req, input))
    }

    /// Starts `confirmSignUp`.
    pub fn begin_confirm_sign_up(&self, input: ConfirmSignUpInput) -> Result<Task, AuthError> {
        let auto = self.load_auto().filter(|a| a.username == input.username.trim());
        let req = sign_up::confirm_sign_up(&input, auto.as_ref(), &self.config.pool)?;
        Ok(Task::confirm_sign_up(req, input.username, auto))
    }

    /// Starts `resendSignUpCode`.
    pub fn begin_resend_sign_up_code(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<Task, AuthError> {
        Ok(Task::delivery(sign_up::resend_code(username, metadata, &self.config.pool)?))
    }

    /// Starts `autoSignIn`.
    pub fn begin_auto_sign_in(&self) -> Result<Task, AuthError> {
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
        let step = self.with_env(|env| sign_up::auto_sign_in(auto, &self.config.pool, env))?;
        Ok(Task::for_sign_in(step, None))
    }

    // ---- sign-in --------------------------------------------------------------------------

    /// Starts `signIn`.
    pub fn begin_sign_in(&self, input: SignInInput) -> Result<Task, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let step = self.with_env(|env| sign_in::start(input, &self.config.pool, env))?;
        self.save_pending(None);
        self.save_auto(None);
        Ok(Task::for_sign_in(step, None))
    }

    /// Starts a passkey sign-in whose browser prompt uses conditional mediation (autofill on
    /// an `<input autocomplete="username webauthn">`): USER_AUTH with WEB_AUTHN preferred.
    pub fn begin_passkey_autofill(&self, username: &str) -> Result<Task, AuthError> {
        if self.is_signed_in() {
            return Err(InvalidState::AlreadySignedIn.into());
        }
        let input = SignInInput {
            username: username.into(),
            password: None,
            flow: crate::flow::AuthFlow::UserAuth,
            preferred: Some(crate::flow::FirstFactor::WebAuthn),
            client_metadata: alloc::vec::Vec::new(),
        };
        let step = self.with_env(|env| sign_in::start(input, &self.config.pool, env))?;
        self.save_pending(None);
        Ok(Task::for_autofill_sign_in(step))
    }

    /// Starts `confirmSignIn`.
    pub fn begin_confirm_sign_in(&self, answer: Answer) -> Result<Task, AuthError> {
        let pending = self.pending_sign_in().ok_or(InvalidState::NoPendingSignIn)?;
        match self.with_env(|env| pending.answer(answer, &self.config.pool, env)) {
            Ok(step) => {
                self.save_pending(None);
                Ok(Task::for_sign_in(step, Some(pending)))
            }
            Err(e) => {
                if e == AuthError::InvalidState(InvalidState::PendingSignInExpired) {
                    self.save_pending(None);
                }
                Err(e)
            }
        }
    }

    /// After a failed sign-in step: keeps the pending sign-in answerable when Cognito keeps
    /// its session, and names an expired session as such.
    pub(crate) fn sign_in_failed(&self, e: AuthError, restore: Option<Pending>) -> AuthError {
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
        self.pending_sign_in().map(|p| state::pending_to_json(&p))
    }

    /// Resumes a sign-in exported by [`Self::export_sign_in`]; returns it for its `nextStep`.
    pub fn resume_sign_in(&self, text: &str) -> Result<Pending, AuthError> {
        let p =
            state::pending_from_json(text).ok_or(crate::error::Validation::InvalidPendingSignIn)?;
        if self.platform.now_ms() >= p.expires_at_ms {
            return Err(InvalidState::PendingSignInExpired.into());
        }
        self.save_pending(Some(&p));
        Ok(p)
    }

    pub(crate) fn signed_in(&self, s: SignedIn) {
        self.store_tokens(&s.who.username, &s.tokens, Some(&s.who));
        self.save_pending(None);
        self.save_auto(None);
    }

    /// Stores tokens under the access token's `username` claim, with the clock drift.
    pub(crate) fn store_tokens(&self, fallback_username: &str, t: &TokenSet, who: Option<&Who>) {
        let now = self.platform.now_ms();
        let claims = jwt::claims(t.access_token.expose()).unwrap_or(Json::Null);
        let username = claims.str("username").unwrap_or(fallback_username);
        let drift = claims
            .get("iat")
            .and_then(Json::as_u64)
            .map_or(0, |iat| (iat * 1000) as i64 - now as i64);
        tokens::store(&*self.tokens, &self.config.pool.client_id, username, t, drift, who);
    }

    /// Forgets tokens, the pending sign-in and any armed auto sign-in.
    pub(crate) fn forget_session(&self) {
        tokens::clear(&*self.tokens, &self.config.pool.client_id);
        self.save_pending(None);
        self.save_auto(None);
    }

    // ---- password reset -------------------------------------------------------------------

    /// Starts `resetPassword`.
    pub fn begin_reset_password(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<Task, AuthError> {
        Ok(Task::delivery(password_reset::forgot_password(username, metadata, &self.config.pool)?))
    }

    /// Starts `confirmResetPassword`.
    pub fn begin_confirm_reset_password(
        &self,
        input: ConfirmResetInput,
    ) -> Result<Task, AuthError> {
        Ok(Task::unit(password_reset::confirm_reset(&input, &self.config.pool)?))
    }

    // ---- async conveniences for Rust apps and tests ---------------------------------------

    async fn sign_in_task(
        &self,
        task: Result<Task, AuthError>,
    ) -> Result<SignInOutcome, AuthError> {
        match self.run(task?).await? {
            Output::SignIn(o) => Ok(o),
            _ => Err(AuthError::Protocol("sign-in produced another output")),
        }
    }

    async fn sign_up_task(&self, task: Result<Task, AuthError>) -> Result<SignUpResult, AuthError> {
        match self.run(task?).await? {
            Output::SignUp(r) => Ok(r),
            _ => Err(AuthError::Protocol("sign-up produced another output")),
        }
    }

    async fn delivery_task(
        &self,
        task: Result<Task, AuthError>,
    ) -> Result<CodeDelivery, AuthError> {
        match self.run(task?).await? {
            Output::Delivery(d) => Ok(d),
            _ => Err(AuthError::Protocol("expected code delivery details")),
        }
    }

    /// `signUp`.
    pub async fn sign_up(&self, input: SignUpInput) -> Result<SignUpResult, AuthError> {
        self.sign_up_task(self.begin_sign_up(input)).await
    }

    /// `confirmSignUp`.
    pub async fn confirm_sign_up(
        &self,
        input: ConfirmSignUpInput,
    ) -> Result<SignUpResult, AuthError> {
        self.sign_up_task(self.begin_confirm_sign_up(input)).await
    }

    /// `resendSignUpCode`.
    pub async fn resend_sign_up_code(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<CodeDelivery, AuthError> {
        self.delivery_task(self.begin_resend_sign_up_code(username, metadata)).await
    }

    /// `autoSignIn`.
    pub async fn auto_sign_in(&self) -> Result<SignInOutcome, AuthError> {
        self.sign_in_task(self.begin_auto_sign_in()).await
    }

    /// `signIn`.
    pub async fn sign_in(&self, input: SignInInput) -> Result<SignInOutcome, AuthError> {
        self.sign_in_task(self.begin_sign_in(input)).await
    }

    /// `confirmSignIn`.
    pub async fn confirm_sign_in(&self, answer: Answer) -> Result<SignInOutcome, AuthError> {
        self.sign_in_task(self.begin_confirm_sign_in(answer)).await
    }

    /// `resetPassword`.
    pub async fn reset_password(
        &self,
        username: &str,
        metadata: &[(String, String)],
    ) -> Result<CodeDelivery, AuthError> {
        self.delivery_task(self.begin_reset_password(username, metadata)).await
    }

    /// `confirmResetPassword`.
    pub async fn confirm_reset_password(&self, input: ConfirmResetInput) -> Result<(), AuthError> {
        self.run(self.begin_confirm_reset_password(input)?).await.map(|_| ())
    }
}
