//! `fetchAuthSession`: the tokens (refreshed first by [`Authed`]) and, with an identity pool,
//! AWS credentials for the signed-in user or, when allowed, a guest — as Amplify keeps them:
//! the signed-in user's identity id in memory, a guest's under
//! `com.amplify.Cognito.{identityPoolId}.identityId`; credentials in memory, used until five
//! minutes before they expire (at most 55 minutes) or until the ID token changes (sign-in,
//! refresh), shared by concurrent calls (one request), dropped with the identity at sign-out.

use super::account::{Authed, TokenOp};
use super::op::{Next, Poll};
use super::Client;
use crate::error::AuthError;
use crate::flow::identity::{self, Credentials};
use crate::flow::session::AuthSession;
use crate::json::Json;
use crate::secret::Secret;
use crate::transport::Platform;
use alloc::string::String;

/// What `fetchAuthSession` gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The signed-in user's tokens; `None` signed out.
    pub tokens: Option<AuthSession>,
    /// The identity pool's identity and its credentials, when an identity pool is configured
    /// and the user is signed in or guests are allowed.
    pub aws: Option<AwsSession>,
}

/// An identity and its AWS credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsSession {
    /// `identityId`.
    pub identity_id: String,
    /// `credentials`.
    pub credentials: Credentials,
}

/// The identity pool's state on this page.
#[derive(Default)]
pub(crate) struct IdentityCache {
    /// The signed-in user's identity id (memory only, as Amplify keeps it).
    primary: Option<String>,
    /// The credentials last fetched, for the ID token they were fetched with (`None`: a
    /// guest's).
    last: Option<Cached>,
    /// Credentials being fetched (since when, ms): concurrent calls wait for them.
    fetching: Option<u64>,
}

/// Credentials fetched earlier: for which ID token (`None`: a guest's), and until when they
/// are used (this device's clock, ms).
pub(crate) struct Cached {
    aws: AwsSession,
    for_token: Option<Secret>,
    until_ms: u64,
}

/// How often a call waiting for another call's credentials looks again, ms.
const POLL_MS: u64 = 25;

/// `fetchAuthSession`'s operation, run with fresh tokens by [`Authed`].
pub struct SessionOp {
    force: bool,
    /// The identity whose credentials were asked for (`None`: GetId in flight).
    asking: Option<Option<String>>,
    /// Whether this call is the one fetching (the others wait for it).
    fetching: bool,
}

impl SessionOp {
    pub(super) fn new(force: bool) -> SessionOp {
        SessionOp { force, asking: None, fetching: false }
    }

    /// This call's fetch is over (answered or failed): the waiting calls go on.
    fn done<P: Platform>(&mut self, c: &Client<P>) {
        if core::mem::take(&mut self.fetching) {
            c.identity.borrow_mut().fetching = None;
        }
    }
}

impl TokenOp for SessionOp {
    type Output = Session;
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<Session>, AuthError> {
        let tokens = c.stored_tokens().map(|s| c.session_of(s));
        let Some(pool) = c.config.identity.as_ref() else {
            return Ok(Poll::Ready(Session { tokens, aws: None }));
        };
        if tokens.is_none() && !pool.allow_guest {
            return Ok(Poll::Ready(Session { tokens, aws: None }));
        }
        let id_token = tokens.as_ref().map(|t| t.id_token.clone());
        let now = c.platform.now_ms();
        let mut cache = c.identity.borrow_mut();
        if core::mem::take(&mut self.force) {
            cache.last = None;
        }
        if let Some(last) = &cache.last {
            if last.for_token == id_token && now < last.until_ms {
                return Ok(Poll::Ready(Session { tokens, aws: Some(last.aws.clone()) }));
            }
        }
        let stale = u64::from(c.config.request_timeout_ms)
            .saturating_mul(u64::from(crate::protocol::MAX_ATTEMPTS) + 1);
        if cache.fetching.is_some_and(|since| now.saturating_sub(since) < stale) {
            return Ok(Poll::Next(Next::Wait(POLL_MS)));
        }
        cache.fetching = Some(now);
        self.fetching = true;
        let known = cache.primary.clone().or_else(|| c.tokens().get(&c.guest_identity_key()));
        drop(cache);
        let r = self.ask(c, known, id_token.as_ref()).map(|req| Poll::Next(Next::Send(req)));
        if r.is_err() {
            self.done(c);
        }
        r
    }

    fn on_response<P: Platform>(
        &mut self,
        c: &Client<P>,
        v: Json,
    ) -> Result<Poll<Session>, AuthError> {
        let tokens = c.stored_tokens().map(|s| c.session_of(s));
        let id_token = tokens.as_ref().map(|t| t.id_token.clone());
        let r = match self.asking.take() {
            // GetId answered: now the credentials of that identity.
            Some(None) => identity::identity_id(&v).and_then(|id| {
                c.keep_identity(&id, id_token.is_some());
                self.ask(c, Some(id), id_token.as_ref()).map(|req| Poll::Next(Next::Send(req)))
            }),
            Some(Some(asked)) => identity::credentials(&v).map(|(credentials, id)| {
                let identity_id = id.unwrap_or(asked);
                c.keep_identity(&identity_id, id_token.is_some());
                let aws = AwsSession { identity_id, credentials };
                let drift = c.stored_tokens().map_or(0, |t| t.clock_drift_ms);
                let until_ms = aws.credentials.use_until(c.platform.now_ms(), drift);
                let cached = Cached { aws: aws.clone(), for_token: id_token, until_ms };
                c.identity.borrow_mut().last = Some(cached);
                self.done(c);
                Poll::Ready(Session { tokens, aws: Some(aws) })
            }),
            None => Err(AuthError::Protocol("a credentials answer without a request")),
        };
        if r.is_err() {
            self.done(c);
        }
        r
    }

    fn on_error<P: Platform>(&mut self, c: &Client<P>) {
        self.done(c);
    }
}

impl SessionOp {
    /// GetCredentialsForIdentity for a known identity, else GetId.
    fn ask<P: Platform>(
        &mut self,
        c: &Client<P>,
        identity_id: Option<String>,
        id_token: Option<&Secret>,
    ) -> Result<crate::protocol::Request, AuthError> {
        let pool = c.config.identity.as_ref().map_or("", |i| i.pool_id.as_str());
        let req = match &identity_id {
            Some(id) => identity::get_credentials(id, id_token)?,
            None => identity::get_id(pool, id_token)?,
        };
        self.asking = Some(identity_id);
        Ok(req)
    }
}

impl<P: Platform> Client<P> {
    /// Where a guest's identity id is kept (Amplify's key).
    pub(crate) fn guest_identity_key(&self) -> String {
        let mut k = String::from("com.amplify.Cognito.");
        if let Some(i) = &self.config.identity {
            k.push_str(&i.pool_id);
        }
        k.push_str(".identityId");
        k
    }

    /// Keeps an identity id as Amplify does: a signed-in user's in memory (a guest's stored
    /// one goes: the identity now belongs to the user), a guest's in the store.
    fn keep_identity(&self, id: &str, signed_in: bool) {
        let mut cache = self.identity.borrow_mut();
        if signed_in {
            cache.primary = Some(id.into());
            self.tokens().remove(&self.guest_identity_key());
        } else {
            cache.primary = None;
            self.tokens().set(&self.guest_identity_key(), id);
        }
    }

    /// Forgets the identity and its credentials (sign-out).
    pub(crate) fn forget_identity(&self) {
        if self.config.identity.is_some() {
            *self.identity.borrow_mut() = IdentityCache::default();
            self.tokens().remove(&self.guest_identity_key());
        }
    }

    /// Starts `fetchAuthSession`: the tokens, refreshed first when expired (or
    /// `force_refresh`), and with an identity pool the AWS credentials.
    ///
    /// # Errors
    /// None at the start: a signed-in user without a refresh token and with expired tokens
    /// gets `UserUnAuthenticatedException`.
    pub fn begin_fetch_session(&self, force_refresh: bool) -> Result<Authed<SessionOp>, AuthError> {
        self.authed_or_guest(SessionOp::new(force_refresh), force_refresh)
    }

    /// `fetchAuthSession` for Rust callers: tokens and, with an identity pool, credentials.
    ///
    /// # Errors
    /// As [`Self::fetch_session`]; Cognito Identity's errors.
    pub async fn auth_session(&self, force_refresh: bool) -> Result<Session, AuthError> {
        self.run(self.start(move |c| c.begin_fetch_session(force_refresh))).await
    }
}
