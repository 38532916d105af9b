//! Sessions (tokens, refresh, sign-out) and the signed-in user's operations (attributes, MFA,
//! passkeys): every one of them runs as [`Authed`], which refreshes expired tokens first.

use super::events::AuthEvent;
use super::op::{Next, Operation, Poll};
use super::Client;
use crate::error::{AuthError, InvalidState, Validation};
use crate::flow::account::{self, MfaPreference};
use crate::flow::passkeys;
use crate::flow::session::{self, AuthSession};
use crate::flow::MfaType;
use crate::json::Json;
use crate::protocol::Request;
use crate::secret::Secret;
use crate::storage::tokens;
use crate::transport::Platform;
use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;

/// `fetchUserAttributes`'s output: attribute names and values.
pub type Attributes = Vec<(String, String)>;
/// `fetchMFAPreference`'s output: the enabled types and the preferred one.
pub type MfaSettings = (Vec<MfaType>, Option<MfaType>);
/// `listWebAuthnCredentials`'s output: Amplify-shaped items and the next page's token.
pub type PasskeyPage = (Vec<Json>, Option<String>);

/// A signed-in operation, run with fresh tokens by [`Authed`].
pub trait TokenOp {
    /// What it produces.
    type Output;
    /// The first request (or the output at once), with tokens known to be fresh.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in; the operation's own.
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<Self::Output>, AuthError>;
    /// Reads the response to the last request.
    ///
    /// # Errors
    /// A response Cognito would not send for it.
    fn on_response<P: Platform>(
        &mut self,
        c: &Client<P>,
        v: Json,
    ) -> Result<Poll<Self::Output>, AuthError>;
    /// The call failed (its request, or the refresh before it).
    fn on_error<P: Platform>(&mut self, c: &Client<P>) {
        let _ = c;
    }
}

/// A [`TokenOp`] preceded by a token refresh when the tokens are expired (or a refresh was
/// forced).
pub struct Authed<T> {
    op: T,
    refresh: Refresh,
}

/// The refresh due before a signed-in operation, if any.
struct Refresh {
    req: Option<Request>,
    refreshing: bool,
    /// The session it began in: a refresh answered after that changed is dropped.
    epoch: u32,
    /// The client's refresh count when it began: when that moved, another call's refresh
    /// already brought fresh tokens.
    seen: u32,
    /// The refresh token sent: when a refused refresh finds another one stored, another tab
    /// refreshed (and rotated it) meanwhile.
    used: Option<Secret>,
}

/// How often a call waiting for another call's token refresh looks again, ms.
const REFRESH_POLL_MS: u64 = 25;

/// Where a step of [`Authed`] goes: the refresh request, a wait for another call's refresh,
/// the operation's start, or its response.
enum Gate {
    Refresh(Request),
    Wait,
    Start,
    Response(Json),
}

/// Whose turn it is to refresh the tokens ([`Client::refresh_turn`]).
enum Turn {
    Mine,
    Wait,
    Done,
}

impl Refresh {
    /// What a response (or the first call) means: the refresh's is taken here, once.
    fn gate<P: Platform>(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Gate, AuthError> {
        match resp {
            None => {
                let Some(req) = self.req.take() else { return Ok(Gate::Start) };
                match c.refresh_turn(self.seen) {
                    Turn::Mine => {
                        self.refreshing = true;
                        Ok(Gate::Refresh(req))
                    }
                    Turn::Wait => {
                        self.req = Some(req);
                        Ok(Gate::Wait)
                    }
                    Turn::Done => Ok(Gate::Start),
                }
            }
            Some(r) if self.refreshing => {
                self.refreshing = false;
                c.refreshing.set(None);
                c.same_session(self.epoch)?;
                c.refreshed(r, self.used.as_ref())?;
                c.refreshes.set(c.refreshes.get().wrapping_add(1));
                Ok(Gate::Start)
            }
            Some(r) => r.map(Gate::Response),
        }
    }
}

impl<P: Platform, T: TokenOp> Operation<P> for Authed<T> {
    type Output = T::Output;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<T::Output>, AuthError> {
        let gate = match self.refresh.gate(c, resp) {
            Ok(gate) => gate,
            Err(e) => {
                self.op.on_error(c);
                return Err(e);
            }
        };
        match gate {
            Gate::Refresh(req) => Ok(Poll::Next(Next::Send(req))),
            Gate::Wait => Ok(Poll::Next(Next::Wait(REFRESH_POLL_MS))),
            Gate::Start => self.op.start(c),
            Gate::Response(v) => self.op.on_response(c, v),
        }
    }
}

/// The access token, or `UserUnAuthenticatedException`.
pub(super) fn access_token<P: Platform>(c: &Client<P>) -> Result<Secret, AuthError> {
    Ok(c.stored_tokens().ok_or(InvalidState::NotSignedIn)?.access_token)
}

/// A refresh and nothing else ([`Client::refresh_tokens`]).
struct Refreshed;

impl TokenOp for Refreshed {
    type Output = ();
    fn start<P: Platform>(&mut self, _: &Client<P>) -> Result<Poll<()>, AuthError> {
        Ok(Poll::Ready(()))
    }
    fn on_response<P: Platform>(&mut self, _: &Client<P>, _: Json) -> Result<Poll<()>, AuthError> {
        Err(AuthError::Protocol("a refresh needs no other request"))
    }
}

type MakeRequest = Box<dyn FnOnce(&Secret) -> Result<Request, AuthError>>;

/// One request made with the access token, its response read by `read`.
pub struct Call<T> {
    make: Option<MakeRequest>,
    read: fn(&Json) -> Result<T, AuthError>,
}

impl<T> Call<T> {
    pub(super) fn new(
        make: impl FnOnce(&Secret) -> Result<Request, AuthError> + 'static,
        read: fn(&Json) -> Result<T, AuthError>,
    ) -> Self {
        Call { make: Some(Box::new(make)), read }
    }
}

impl<T> TokenOp for Call<T> {
    type Output = T;
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<T>, AuthError> {
        first_request(&mut self.make, c).map(Poll::Next)
    }
    fn on_response<P: Platform>(&mut self, _: &Client<P>, v: Json) -> Result<Poll<T>, AuthError> {
        (self.read)(&v).map(Poll::Ready)
    }
}

/// The request `make` builds with the access token (once).
fn first_request<P: Platform>(
    make: &mut Option<MakeRequest>,
    c: &Client<P>,
) -> Result<Next, AuthError> {
    let make = make.take().ok_or(AuthError::Protocol("a request sent twice"))?;
    Ok(Next::Send(make(&access_token(c)?)?))
}

/// `associateWebAuthnCredential`: StartWebAuthnRegistration, the browser ceremony, then
/// CompleteWebAuthnRegistration.
pub struct RegisterPasskey {
    stage: u8,
}

impl TokenOp for RegisterPasskey {
    type Output = ();
    fn start<P: Platform>(&mut self, c: &Client<P>) -> Result<Poll<()>, AuthError> {
        Ok(Poll::Next(Next::Send(passkeys::start_registration(&access_token(c)?))))
    }
    fn on_response<P: Platform>(&mut self, c: &Client<P>, v: Json) -> Result<Poll<()>, AuthError> {
        self.stage += 1;
        match (self.stage, v) {
            (1, v) => {
                Ok(Poll::Next(Next::PasskeyCreate { options: passkeys::creation_options(&v)? }))
            }
            (2, Json::Str(credential)) => Ok(Poll::Next(Next::Send(
                passkeys::complete_registration(&access_token(c)?, &credential)?,
            ))),
            (2, _) => Err(AuthError::Protocol("no credential")),
            _ => Ok(Poll::Ready(())),
        }
    }
}

/// `signOut`: forgets the session first, then sends GlobalSignOut or RevokeToken (when there is
/// one to send), so a stalled or failing revocation never leaves tokens behind; the network's
/// answer changes nothing (an offline sign-out still signs out locally).
pub struct SignOut {
    req: Option<Request>,
    /// The hosted UI's logout URL, for a session that came from it.
    logout: Option<Result<String, AuthError>>,
}

impl<P: Platform> Operation<P> for SignOut {
    /// The hosted UI's logout URL to send the browser to, if the session came from it.
    type Output = Option<String>;
    fn step(
        &mut self,
        c: &Client<P>,
        resp: Option<Result<Json, AuthError>>,
    ) -> Result<Poll<Option<String>>, AuthError> {
        if resp.is_none() {
            c.forget_session();
            c.emit(AuthEvent::SignedOut);
            if let Some(req) = self.req.take() {
                return Ok(Poll::Next(Next::Send(req)));
            }
        }
        self.logout.take().transpose().map(Poll::Ready)
    }
}

pub(super) fn unit(_: &Json) -> Result<(), AuthError> {
    Ok(())
}

impl<P: Platform> Client<P> {
    /// Whether a call that began at refresh count `seen` sends the refresh now, waits for the
    /// one in flight, or finds it done. A refresh in flight for longer than its attempts can
    /// take (a run dropped half-way) no longer holds the others back.
    fn refresh_turn(&self, seen: u32) -> Turn {
        if self.refreshes.get() != seen {
            return Turn::Done;
        }
        let now = self.platform.now_ms();
        let stale = u64::from(self.config.request_timeout_ms)
            .saturating_mul(u64::from(crate::protocol::MAX_ATTEMPTS) + 1);
        match self.refreshing.get() {
            Some(since) if now.saturating_sub(since) < stale => Turn::Wait,
            _ => {
                self.refreshing.set(Some(now));
                Turn::Mine
            }
        }
    }

    /// Stores refreshed tokens (a `tokenRefresh` event), or on a definitive failure signs the
    /// user out (a `tokenRefresh_failure` event either way). A refusal of `used` while another
    /// refresh token is stored is another tab's refresh, done meanwhile (with rotation, it
    /// rotated `used` out): its tokens are this call's too, and nobody is signed out.
    fn refreshed(
        &self,
        r: Result<Json, AuthError>,
        used: Option<&Secret>,
    ) -> Result<(), AuthError> {
        let stored = self.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let username = stored.username;
        match r.and_then(|v| session::on_refresh(&v)) {
            Ok(t) => {
                self.store_tokens(&username, &t, None);
                self.emit(AuthEvent::TokenRefresh);
                Ok(())
            }
            Err(e) if session::ends_session(&e) && stored.refresh_token.as_ref() != used => Ok(()),
            Err(e) => {
                if session::ends_session(&e) {
                    tokens::clear(self.tokens(), &self.config.pool.client_id);
                }
                self.emit(AuthEvent::TokenRefreshFailure(e.clone()));
                Err(e)
            }
        }
    }

    /// `op` with fresh tokens: a refresh first when they are expired (or `force`).
    pub(super) fn authed<T: TokenOp>(&self, op: T, force: bool) -> Result<Authed<T>, AuthError> {
        let stored = self.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let (refresh, used) = if force || self.needs_refresh() {
            let token = stored.refresh_token.ok_or(InvalidState::NotSignedIn)?;
            let device = self.device_of(&stored.username).map(|d| d.key);
            let req = session::refresh_request(&self.config.pool, &token, device.as_deref());
            (Some(req), Some(token))
        } else {
            (None, None)
        };
        let (epoch, seen) = (self.epoch(), self.refreshes.get());
        let refresh = Refresh { req: refresh, refreshing: false, epoch, seen, used };
        Ok(Authed { op, refresh })
    }

    /// `op` with fresh tokens when someone is signed in; signed out, `op` as it is (no refresh).
    pub(super) fn authed_or_guest<T: TokenOp>(
        &self,
        op: T,
        force: bool,
    ) -> Result<Authed<T>, AuthError> {
        if self.is_signed_in() {
            return self.authed(op, force);
        }
        let refresh = Refresh { req: None, refreshing: false, epoch: 0, seen: 0, used: None };
        Ok(Authed { op, refresh })
    }

    /// Starts `getCurrentUser` (no request).
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_current_user(&self) -> Result<super::Ready<session::CurrentUser>, AuthError> {
        Ok(super::Ready(Some(self.current_user()?)))
    }

    /// Starts `fetchUserAttributes` (GetUser).
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_user_attributes(&self) -> Result<Authed<Call<Attributes>>, AuthError> {
        self.authed(
            Call::new(|at| Ok(account::get_user(at)), |v| Ok(account::user_attributes(v))),
            false,
        )
    }

    /// Starts `signOut`: GlobalSignOut (`global`) or RevokeToken.
    pub fn begin_sign_out(&self, global: bool) -> SignOut {
        self.begin_sign_out_from(global, None)
    }

    /// `signOut({ global?, oauth? })` on a page at `page` (`None`: no hosted UI sign-out):
    /// a session that came from the hosted UI also ends there, at the logout URL the output
    /// names (`oauth.redirectUrl`: which of `redirectSignOut`; `oauth.skipRedirect`: not).
    pub fn begin_sign_out_from(&self, global: bool, page: Option<(&str, &Json)>) -> SignOut {
        let logout = page.and_then(|(page, oauth)| {
            let skip = oauth.get("skipRedirect").and_then(Json::as_bool).unwrap_or(false);
            self.hosted_logout(page, oauth.str("redirectUrl"), skip)
        });
        let req = self.stored_tokens().and_then(|s| {
            let revocable = super::claims(&s.access_token).get("origin_jti").is_some();
            session::sign_out_request(
                &self.config.pool,
                global,
                &s.access_token,
                s.refresh_token.as_ref(),
                revocable,
            )
        });
        SignOut { req, logout }
    }

    /// Starts `setUpTOTP`: the shared secret.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_set_up_totp(&self) -> Result<Authed<Call<Secret>>, AuthError> {
        self.authed(Call::new(|at| Ok(account::associate_token(at)), account::secret_code), false)
    }

    /// Starts `verifyTOTPSetup`.
    ///
    /// # Errors
    /// `EmptyVerifyTOTPSetupCode`; `UserUnAuthenticatedException`.
    pub fn begin_verify_totp_setup(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<Authed<Call<()>>, AuthError> {
        if code.trim().is_empty() {
            return Err(Validation::EmptyVerifyTOTPSetupCode.into());
        }
        let (code, name) = (String::from(code), friendly_device_name.map(String::from));
        let make = move |at: &Secret| account::verify_token(at, &code, name.as_deref());
        self.authed(Call::new(make, account::verified), false)
    }

    /// Starts `updateMFAPreference`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_update_mfa_preference(
        &self,
        sms: Option<MfaPreference>,
        totp: Option<MfaPreference>,
        email: Option<MfaPreference>,
    ) -> Result<Authed<Call<()>>, AuthError> {
        let make = move |at: &Secret| Ok(account::set_mfa_preference(at, sms, totp, email));
        self.authed(Call::new(make, unit), false)
    }

    /// Starts `fetchMFAPreference`: the enabled types and the preferred one.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_fetch_mfa_preference(&self) -> Result<Authed<Call<MfaSettings>>, AuthError> {
        let read = |v: &Json| Ok(account::mfa_preference(v));
        self.authed(Call::new(|at| Ok(account::get_user(at)), read), false)
    }

    /// Starts `associateWebAuthnCredential`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_register_passkey(&self) -> Result<Authed<RegisterPasskey>, AuthError> {
        self.authed(RegisterPasskey { stage: 0 }, false)
    }

    /// Starts `listWebAuthnCredentials`: Amplify-shaped items and the next page's token.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException` when nobody is signed in.
    pub fn begin_list_passkeys(
        &self,
        page_size: Option<u64>,
        next_token: Option<String>,
    ) -> Result<Authed<Call<PasskeyPage>>, AuthError> {
        let make = move |at: &Secret| Ok(passkeys::list(at, page_size, next_token.as_deref()));
        self.authed(Call::new(make, |v| Ok(passkeys::read_list(v))), false)
    }

    /// Starts `deleteWebAuthnCredential`.
    ///
    /// # Errors
    /// `InvalidInput` for an empty id; `UserUnAuthenticatedException`.
    pub fn begin_delete_passkey(&self, credential_id: &str) -> Result<Authed<Call<()>>, AuthError> {
        if credential_id.is_empty() {
            return Err(Validation::InvalidInput.into());
        }
        let id = String::from(credential_id);
        self.authed(Call::new(move |at: &Secret| Ok(passkeys::delete(at, &id)), unit), false)
    }

    // ---- async conveniences --------------------------------------------------------------

    /// The current session, refreshed first when a token is expired (or `force_refresh`).
    /// `Ok(None)` when nobody is signed in.
    ///
    /// # Errors
    /// A refresh failure. When it means the session is over (revoked or expired refresh token)
    /// the tokens are cleared first, so the user is signed out cleanly.
    pub async fn fetch_session(
        &self,
        force_refresh: bool,
    ) -> Result<Option<AuthSession>, AuthError> {
        self.auth_session(force_refresh).await.map(|s| s.tokens)
    }

    /// Refreshes the tokens now.
    ///
    /// # Errors
    /// As [`Self::fetch_session`]; `UserUnAuthenticatedException` when signed out.
    pub async fn refresh_tokens(&self) -> Result<(), AuthError> {
        self.run(self.start(|c| c.authed(Refreshed, true))).await
    }

    /// `fetchUserAttributes`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException`; Cognito's errors.
    pub async fn user_attributes(&self) -> Result<Vec<(String, String)>, AuthError> {
        self.run(self.start(|c| c.begin_user_attributes())).await
    }

    /// `signOut`.
    ///
    /// # Errors
    /// None in practice: a failed revocation still signs out locally.
    pub async fn sign_out(&self, global: bool) -> Result<(), AuthError> {
        self.run(self.start(move |c| Ok(c.begin_sign_out(global)))).await.map(|_| ())
    }

    /// `setUpTOTP`: the shared secret.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException`; Cognito's errors.
    pub async fn set_up_totp(&self) -> Result<Secret, AuthError> {
        self.run(self.start(|c| c.begin_set_up_totp())).await
    }

    /// `verifyTOTPSetup`.
    ///
    /// # Errors
    /// As [`Self::begin_verify_totp_setup`]; Cognito's errors.
    pub async fn verify_totp_setup(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<(), AuthError> {
        let (code, name) = (String::from(code), friendly_device_name.map(String::from));
        self.run(self.start(move |c| c.begin_verify_totp_setup(&code, name.as_deref()))).await
    }

    /// `updateMFAPreference`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException`; Cognito's errors.
    pub async fn update_mfa_preference(
        &self,
        sms: Option<MfaPreference>,
        totp: Option<MfaPreference>,
        email: Option<MfaPreference>,
    ) -> Result<(), AuthError> {
        self.run(self.start(move |c| c.begin_update_mfa_preference(sms, totp, email))).await
    }

    /// `fetchMFAPreference`.
    ///
    /// # Errors
    /// `UserUnAuthenticatedException`; Cognito's errors.
    pub async fn fetch_mfa_preference(&self) -> Result<(Vec<MfaType>, Option<MfaType>), AuthError> {
        self.run(self.start(|c| c.begin_fetch_mfa_preference())).await
    }
}
