//! Operations: each is a synchronous state machine with its own output type. `step` takes the
//! last response (`None` on the first call) and says what to do next ([`Poll`]);
//! [`Client::advance`](super::Client::advance) drives every operation, so the library has one
//! loop, and the output reaches the caller typed.

use super::Client;
use crate::error::AuthError;
use crate::json::Json;
use crate::protocol::Request;
use crate::transport::Platform;
use alloc::string::String;

/// An operation of the client (`signIn`, `fetchAuthSession`, …).
pub trait Operation<P: Platform> {
    /// What the operation produces.
    type Output;
    /// Advances with the response to the last request, or with the outcome of a passkey
    /// ceremony (the credential JSON text as `Json::Str`); `None` on the first call.
    ///
    /// # Errors
    /// The operation's failure; it ends the run.
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<Self::Output>, AuthError>;
}

/// What an operation needs next.
#[derive(Debug)]
#[must_use]
pub enum Next {
    /// Send this request and step again with its response.
    Send(Request),
    /// POST this form to this URL (the hosted UI's token endpoint; sent once, never again)
    /// and step again with the JSON of the answer, whatever its status.
    PostForm {
        /// The endpoint.
        url: String,
        /// The form body (a code and a verifier: never printed).
        body: crate::secret::Secret,
    },
    /// Run a WebAuthn assertion with these options; step again with the credential JSON text
    /// (as `Json::Str`) or the ceremony's error.
    PasskeyGet {
        /// `PublicKeyCredentialRequestOptionsJSON` text.
        options: String,
        /// Conditional mediation (autofill).
        conditional: bool,
    },
    /// Run a WebAuthn registration; step again likewise.
    PasskeyCreate {
        /// `PublicKeyCredentialCreationOptionsJSON` text.
        options: String,
    },
    /// Wait this many milliseconds (for another run's token refresh), then step again with
    /// `None`.
    Wait(u64),
}

/// After a step: more to do, or the output.
#[derive(Debug)]
#[must_use]
pub enum Poll<O> {
    /// More to do.
    Next(Next),
    /// Finished.
    Ready(O),
}

/// One request whose response `read` turns into the output (`resendSignUpCode`,
/// `resetPassword`, `confirmResetPassword`).
pub struct Single<O> {
    req: Option<Request>,
    read: fn(&Json) -> Result<O, AuthError>,
}

impl<O> Single<O> {
    pub(crate) fn new(req: Request, read: fn(&Json) -> Result<O, AuthError>) -> Self {
        Single { req: Some(req), read }
    }
}

impl<P: Platform, O> Operation<P> for Single<O> {
    type Output = O;
    fn step(
        &mut self,
        _: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<O>, AuthError> {
        match resp {
            None => once(&mut self.req).map(Poll::Next),
            Some(r) => (self.read)(&r?).map(Poll::Ready),
        }
    }
}

/// The request, sent once.
pub(super) fn once(req: &mut Option<Request>) -> Result<Next, AuthError> {
    req.take().map(Next::Send).ok_or(AuthError::Protocol("a request sent twice"))
}

/// An output known without a request (`getCurrentUser`).
pub struct Ready<T>(pub(crate) Option<T>);

impl<P: Platform, T> Operation<P> for Ready<T> {
    type Output = T;
    fn step(
        &mut self,
        _: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<T>, AuthError> {
        match (resp, self.0.take()) {
            (None, Some(v)) => Ok(Poll::Ready(v)),
            _ => Err(AuthError::Protocol("a response to an operation that sends nothing")),
        }
    }
}
