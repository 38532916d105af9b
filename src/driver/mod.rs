//! The client: one machine runs every operation against a [`Platform`] and the stores.
//!
//! # How to drive it
//!
//! An operation is an [`Operation`] value made by one of the `begin_*` methods. Wrap it in a
//! [`Run`] with [`Client::start`] (the `begin_*` call is deferred until the stores hold what it
//! needs), then call [`Client::advance`] with [`Event::Start`] and, after that, with what each
//! [`Io`] it asked for produced, until it returns [`Effect::Done`] with the operation's own
//! output type. [`Client::run`] is that loop, awaiting each [`Io`] on the platform; the JS
//! binding runs the same machine from a small JS loop. After each `advance`, drain the auth
//! events the client queued: [`Client::deliver_events`] hands them to the subscribers
//! ([`Client::subscribe`]); [`Client::poll_event`] takes them one at a time instead.
//!
//! The methods come in families: the persisted state (`pending_sign_in`, `stored_tokens`, …,
//! never a request), `begin_*` (each operation), `advance`/`run` (driving), and one `async`
//! convenience per operation for Rust callers (`sign_in`, `fetch_session`, …).
//!
//! Everything that happens on sign-in (store tokens, clear pending state, settle auto
//! sign-in, the `signedIn` event) is written once, here.

use crate::flow::session::{self, AuthSession, CurrentUser};
use crate::flow::Env;
use crate::json::Json;
use crate::jwt;
use crate::model::config::ClientConfig;
use crate::protocol::TokenSet;
use crate::secret::Secret;
use crate::storage::{state, tokens, KeyValue, Replica};
use crate::transport::Platform;

mod account;
mod credentials;
mod events;
mod oauth;
mod op;
mod run;
mod settings;
mod sign_in;
mod sign_up;

pub use account::{
    Attributes, Authed, Call, MfaSettings, PasskeyPage, RegisterPasskey, SignOut, TokenOp,
};
pub use credentials::{AwsSession, Session, SessionOp};
pub use events::{AuthEvent, Subscription};
pub use oauth::{CompleteRedirect, Completion, Landing};
pub use op::{Next, Operation, Poll, Ready, Single};
pub use run::{Effect, Event, Io, Run};
pub use settings::{DeleteUser, ForgetDevice, UpdateAttributes};
pub use sign_in::{SignIn, SignInOutcome};
pub use sign_up::{ConfirmSignUp, SignUp};

use alloc::boxed::Box;
use alloc::string::String;
use core::cell::{Cell, RefCell};

/// Where the tokens live.
pub enum Tokens {
    /// A store read and written synchronously: Web Storage, memory, an app's synchronous store.
    Direct(Box<dyn KeyValue>),
    /// An app's store that answers later (cookies, IndexedDB, Amplify's async
    /// `KeyValueStorageInterface`): the client works on this memory copy, asks for the keys a
    /// call needs before it runs ([`Io::Read`]) and for every change to be written through
    /// ([`Io::Write`]); the environment does the I/O ([`Platform::store_read`] /
    /// [`Platform::store_write`] for [`Client::run`]).
    ReadAhead(Replica),
}

impl<K: KeyValue + 'static> From<Box<K>> for Tokens {
    fn from(store: Box<K>) -> Tokens {
        Tokens::Direct(store)
    }
}

impl From<Box<dyn KeyValue>> for Tokens {
    fn from(store: Box<dyn KeyValue>) -> Tokens {
        Tokens::Direct(store)
    }
}

/// A client for one user pool and app client.
pub struct Client<P: Platform> {
    pub(crate) config: ClientConfig,
    pub(crate) platform: P,
    tokens: Tokens,
    state: Box<dyn KeyValue>,
    /// Where a redirect sign-in's state and PKCE verifier wait while the browser is at the
    /// hosted UI, when not beside the tokens ([`Client::with_redirect_store`]).
    redirect: Option<Box<dyn KeyValue>>,
    /// The sign-up password of an armed password-flow auto sign-in: memory only.
    auto_password: RefCell<Option<(String, Secret)>>,
    /// The TOTP shared secret of a pending CONTINUE_SIGN_IN_WITH_TOTP_SETUP, with the session it
    /// belongs to: memory only, never in storage or `exportSignIn`'s text.
    totp_secret: RefCell<Option<(Secret, Secret)>>,
    /// An SRP ephemeral made in advance ([`Client::prepare_srp`]).
    spare_ephemeral: RefCell<Option<crate::srp::Ephemeral>>,
    events: events::Events,
    /// Which session this is: changed when the user signs out or someone signs in. A token
    /// response that arrives after it changed belongs to a session that is over, and is
    /// dropped ([`Client::epoch`]).
    epoch: Cell<u32>,
    /// The token refresh in flight (when it was sent, ms), shared by every call that needs
    /// fresh tokens: the others wait for it ([`Client::refresh_turn`]).
    refreshing: Cell<Option<u64>>,
    /// Refreshes done so far: a call that waited sees the count move and uses the new tokens.
    refreshes: Cell<u32>,
    /// The identity pool's identity and credentials on this page.
    identity: RefCell<credentials::IdentityCache>,
}

impl<P: Platform> Client<P> {
    /// A client over `platform`, keeping tokens in `tokens` (a `Box<dyn KeyValue>` or
    /// [`Tokens::ReadAhead`]) and pending sign-in state in `state`.
    pub fn new(
        config: ClientConfig,
        platform: P,
        tokens: impl Into<Tokens>,
        state: Box<dyn KeyValue>,
    ) -> Self {
        Client {
            config,
            platform,
            tokens: tokens.into(),
            state,
            redirect: None,
            auto_password: RefCell::new(None),
            spare_ephemeral: RefCell::new(None),
            totp_secret: RefCell::new(None),
            events: events::Events::default(),
            epoch: Cell::new(0),
            refreshing: Cell::new(None),
            refreshes: Cell::new(0),
            identity: RefCell::default(),
        }
    }

    /// Keeps a redirect sign-in's state and PKCE verifier (Amplify's in-flight OAuth keys) in
    /// `store` instead of beside the tokens: for tokens kept in memory, which the navigation
    /// to the hosted UI and back would lose (Amplify keeps them in localStorage whatever the
    /// token store is).
    #[must_use]
    pub fn with_redirect_store(mut self, store: Box<dyn KeyValue>) -> Self {
        self.redirect = Some(store);
        self
    }

    /// Where a redirect sign-in in flight is kept.
    pub(crate) fn redirect_store(&self) -> &dyn KeyValue {
        self.redirect.as_deref().unwrap_or_else(|| self.tokens())
    }

    /// The session's epoch; operations that will write tokens note it when they begin.
    pub(crate) fn epoch(&self) -> u32 {
        self.epoch.get()
    }

    /// `SessionChangedException` when the session changed since `epoch`.
    pub(crate) fn same_session(&self, epoch: u32) -> Result<(), crate::error::AuthError> {
        if epoch == self.epoch.get() {
            Ok(())
        } else {
            Err(crate::error::InvalidState::SessionChanged.into())
        }
    }

    /// A new session begins (sign-out, sign-in).
    pub(crate) fn next_epoch(&self) {
        self.epoch.set(self.epoch.get().wrapping_add(1));
    }

    /// The configuration.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The platform.
    pub fn platform(&self) -> &P {
        &self.platform
    }

    /// The token store as the flows see it (the memory copy of a read-ahead store).
    pub(crate) fn tokens(&self) -> &dyn KeyValue {
        match &self.tokens {
            Tokens::Direct(kv) => &**kv,
            Tokens::ReadAhead(copy) => copy,
        }
    }

    /// The memory copy of a read-ahead token store.
    pub(crate) fn read_ahead(&self) -> Option<&Replica> {
        match &self.tokens {
            Tokens::ReadAhead(copy) => Some(copy),
            Tokens::Direct(_) => None,
        }
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
        let devices = |username: &str| self.device_of(username);
        let mut env = Env {
            now_ms: self.platform.now_ms(),
            random: &mut random,
            ephemeral,
            devices: &devices,
        };
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

    pub(crate) fn save_pending(&self, p: Option<&crate::flow::sign_in::Pending>) {
        *self.totp_secret.borrow_mut() = p.and_then(|p| match &p.waiting {
            crate::flow::challenge::Waiting::TotpSetup { shared_secret } => {
                Some((p.session.clone(), shared_secret.clone()))
            }
            _ => None,
        });
        match p {
            Some(p) => self.state.set(&self.key("signIn"), &state::pending_to_json(p)),
            None => self.state.remove(&self.key("signIn")),
        }
    }

    fn load_auto(&self) -> Option<crate::flow::sign_up::AutoSignIn> {
        let (mut auto, _) = state::auto_from_json(&self.state.get(&self.key("autoSignIn"))?)?;
        if let Some((user, pw)) = self.auto_password.borrow().as_ref() {
            if *user == auto.username {
                auto.password = Some(pw.clone());
            }
        }
        Some(auto)
    }

    pub(crate) fn save_auto(&self, a: Option<&crate::flow::sign_up::AutoSignIn>) {
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
        self.stored_tokens().is_some()
    }

    /// The stored tokens.
    pub fn stored_tokens(&self) -> Option<tokens::Stored> {
        tokens::load(self.tokens(), &self.config.pool.client_id)
    }

    /// Stores tokens under the access token's `username` claim, with the clock drift.
    pub(crate) fn store_tokens(
        &self,
        fallback_username: &str,
        t: &TokenSet,
        who: Option<&crate::flow::sign_in::Who>,
    ) {
        let now = self.platform.now_ms();
        let claims = claims(&t.access_token);
        let username = claims.str("username").unwrap_or(fallback_username);
        let drift = claims.get("iat").and_then(Json::as_u64).map_or(0, |iat| {
            // A hostile `iat` must not overflow: saturate.
            i64::try_from(iat.saturating_mul(1000)).unwrap_or(i64::MAX).saturating_sub(now as i64)
        });
        tokens::store(self.tokens(), &self.config.pool.client_id, username, t, drift, who);
    }

    /// The device this browser remembers for `username`.
    pub(crate) fn device_of(&self, username: &str) -> Option<crate::flow::devices::Device> {
        tokens::load_device(self.tokens(), &self.config.pool.client_id, username)
    }

    /// Remembers `device` for `username` (the name its tokens are stored under).
    pub(crate) fn store_device(&self, username: &str, device: &crate::flow::devices::Device) {
        tokens::store_device(self.tokens(), &self.config.pool.client_id, username, device);
    }

    /// Forgets the device remembered for `username`.
    pub(crate) fn forget_device_of(&self, username: &str) {
        tokens::forget_device(self.tokens(), &self.config.pool.client_id, username);
    }

    /// Forgets tokens (and the hosted UI's sign-in marker), the pending sign-in and any armed
    /// auto sign-in.
    pub(crate) fn forget_session(&self) {
        self.next_epoch();
        tokens::clear(self.tokens(), &self.config.pool.client_id);
        self.forget_oauth_sign_in();
        self.forget_identity();
        self.save_pending(None);
        self.save_auto(None);
    }

    /// Whether a user is signed in and one of their tokens is expired.
    pub fn needs_refresh(&self) -> bool {
        let Some(stored) = self.stored_tokens() else { return false };
        let now = self.platform.now_ms();
        let exp = |t: &Secret| claims(t).get("exp").and_then(Json::as_u64);
        session::is_expired(exp(&stored.access_token), stored.clock_drift_ms, now)
            || session::is_expired(exp(&stored.id_token), stored.clock_drift_ms, now)
    }

    pub(crate) fn session_of(&self, s: tokens::Stored) -> AuthSession {
        AuthSession {
            access_claims: claims(&s.access_token),
            id_claims: claims(&s.id_token),
            access_token: s.access_token,
            id_token: s.id_token,
        }
    }

    /// `getCurrentUser`: who is signed in, from the stored tokens (no request).
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn current_user(&self) -> Result<CurrentUser, crate::AuthError> {
        let stored = self.stored_tokens().ok_or(crate::error::InvalidState::NotSignedIn)?;
        let c = claims(&stored.access_token);
        Ok(CurrentUser {
            username: c.str("username").map_or(stored.username.clone(), Into::into),
            user_id: c.str("sub").unwrap_or_default().into(),
            sign_in_details: stored.sign_in_details.as_deref().and_then(|d| Json::parse(d).ok()),
        })
    }
}

fn claims(t: &Secret) -> Json {
    jwt::claims(t.expose()).unwrap_or(Json::Null)
}
