//! Sessions (tokens, refresh, sign-out) and signed-in user operations (attributes, MFA).

use super::{Client, Output, Task, TokenOp};
use crate::error::{AuthError, InvalidState};
use crate::flow::account::MfaPreference;
use crate::flow::session;
use crate::flow::MfaType;
use crate::json::Json;
use crate::jwt;
use crate::secret::Secret;
use crate::storage::tokens::Stored;
use crate::transport::Platform;
use alloc::string::String;
use alloc::vec::Vec;

/// The current tokens with their decoded claims (`fetchAuthSession`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession {
    /// Access token.
    pub access_token: Secret,
    /// ID token.
    pub id_token: Secret,
    /// Access token claims.
    pub access_claims: Json,
    /// ID token claims.
    pub id_claims: Json,
}

/// `getCurrentUser` output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    /// Cognito's username (`username` claim).
    pub username: String,
    /// The user's `sub`.
    pub user_id: String,
    /// `signInDetails` JSON, when this library or Amplify stored it.
    pub sign_in_details: Option<Json>,
}

fn claims(t: &Secret) -> Json {
    jwt::claims(t.expose()).unwrap_or(Json::Null)
}

impl<P: Platform> Client<P> {
    /// Whether a user is signed in and one of their tokens is expired.
    pub fn needs_refresh(&self) -> bool {
        let Some(stored) = self.stored_tokens() else { return false };
        let now = self.platform.now_ms();
        let exp = |t: &Secret| claims(t).get("exp").and_then(Json::as_u64);
        session::is_expired(exp(&stored.access_token), stored.clock_drift_ms, now)
            || session::is_expired(exp(&stored.id_token), stored.clock_drift_ms, now)
    }

    pub(crate) fn session_of(&self, s: Stored) -> AuthSession {
        AuthSession {
            access_claims: claims(&s.access_token),
            id_claims: claims(&s.id_token),
            access_token: s.access_token,
            id_token: s.id_token,
        }
    }

    /// A task for an operation needing fresh tokens: refreshes first when they are expired
    /// (or `force`), then runs `op`.
    fn authed(&self, op: TokenOp, force: bool) -> Result<Task, AuthError> {
        let stored = self.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let refresh = if force || self.needs_refresh() {
            let token = stored.refresh_token.as_ref().ok_or(InvalidState::NotSignedIn)?;
            Some(session::refresh_request(&self.config.pool, token, None))
        } else {
            None
        };
        Ok(Task::for_token_op(op, refresh))
    }

    /// Starts `fetchAuthSession`; signed out, the task sends nothing and yields no session.
    pub fn begin_fetch_session(&self, force_refresh: bool) -> Result<Task, AuthError> {
        if !self.is_signed_in() {
            return Ok(Task::ready(Output::Session(None)));
        }
        self.authed(TokenOp::Session, force_refresh)
    }

    /// Starts `getCurrentUser` (no request).
    pub fn begin_current_user(&self) -> Result<Task, AuthError> {
        Ok(Task::ready(Output::User(self.current_user()?)))
    }

    /// `getCurrentUser`: who is signed in, from the stored tokens (no request).
    pub fn current_user(&self) -> Result<CurrentUser, AuthError> {
        let stored = self.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let c = claims(&stored.access_token);
        Ok(CurrentUser {
            username: c.str("username").map_or(stored.username.clone(), Into::into),
            user_id: c.str("sub").unwrap_or_default().into(),
            sign_in_details: stored.sign_in_details.as_deref().and_then(|d| Json::parse(d).ok()),
        })
    }

    /// Starts `fetchUserAttributes` (GetUser).
    pub fn begin_user_attributes(&self) -> Result<Task, AuthError> {
        self.authed(TokenOp::Attributes, false)
    }

    /// Starts `signOut`: GlobalSignOut (`global`) or RevokeToken, then forgets tokens and
    /// pending state whatever the network said (an offline sign-out still signs out locally).
    pub fn begin_sign_out(&self, global: bool) -> Task {
        let req = self.stored_tokens().and_then(|s| {
            let revocable = claims(&s.access_token).get("origin_jti").is_some();
            session::sign_out_request(
                &self.config.pool,
                global,
                &s.access_token,
                s.refresh_token.as_ref(),
                revocable,
            )
        });
        if req.is_none() {
            self.forget_session();
        }
        Task::sign_out(req)
    }

    /// Starts `setUpTOTP`.
    pub fn begin_set_up_totp(&self) -> Result<Task, AuthError> {
        self.authed(TokenOp::Associate, false)
    }

    /// Starts `verifyTOTPSetup`.
    pub fn begin_verify_totp_setup(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<Task, AuthError> {
        if code.trim().is_empty() {
            return Err(crate::error::Validation::EmptyVerifyTOTPSetupCode.into());
        }
        self.authed(
            TokenOp::Verify { code: code.into(), name: friendly_device_name.map(Into::into) },
            false,
        )
    }

    /// Starts `updateMFAPreference`.
    pub fn begin_update_mfa_preference(
        &self,
        sms: Option<MfaPreference>,
        totp: Option<MfaPreference>,
        email: Option<MfaPreference>,
    ) -> Result<Task, AuthError> {
        self.authed(TokenOp::SetMfa([sms, totp, email]), false)
    }

    /// Starts `fetchMFAPreference`.
    pub fn begin_fetch_mfa_preference(&self) -> Result<Task, AuthError> {
        self.authed(TokenOp::FetchMfa, false)
    }

    /// Starts `associateWebAuthnCredential`: registration options, the browser ceremony, then
    /// CompleteWebAuthnRegistration.
    pub fn begin_register_passkey(&self) -> Result<Task, AuthError> {
        self.authed(TokenOp::Register(super::task::RegisterStage::Start), false)
    }

    /// Starts `listWebAuthnCredentials`.
    pub fn begin_list_passkeys(
        &self,
        page_size: Option<u64>,
        next_token: Option<String>,
    ) -> Result<Task, AuthError> {
        self.authed(TokenOp::ListPasskeys { page_size, next_token }, false)
    }

    /// Starts `deleteWebAuthnCredential`.
    pub fn begin_delete_passkey(&self, credential_id: &str) -> Result<Task, AuthError> {
        if credential_id.is_empty() {
            return Err(crate::error::Validation::InvalidInput.into());
        }
        self.authed(TokenOp::DeletePasskey { id: credential_id.into() }, false)
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
        match self.run(self.begin_fetch_session(force_refresh)?).await? {
            Output::Session(s) => Ok(s),
            _ => Err(AuthError::Protocol("expected a session")),
        }
    }

    /// Refreshes the tokens now.
    pub async fn refresh_tokens(&self) -> Result<(), AuthError> {
        self.run(self.authed(TokenOp::Session, true)?).await.map(|_| ())
    }

    /// `fetchUserAttributes`.
    pub async fn user_attributes(&self) -> Result<Vec<(String, String)>, AuthError> {
        match self.run(self.begin_user_attributes()?).await? {
            Output::Attributes(a) => Ok(a),
            _ => Err(AuthError::Protocol("expected attributes")),
        }
    }

    /// `signOut`.
    pub async fn sign_out(&self, global: bool) -> Result<(), AuthError> {
        self.run(self.begin_sign_out(global)).await.map(|_| ())
    }

    /// `setUpTOTP`: the shared secret.
    pub async fn set_up_totp(&self) -> Result<Secret, AuthError> {
        match self.run(self.begin_set_up_totp()?).await? {
            Output::TotpSecret(s) => Ok(s),
            _ => Err(AuthError::Protocol("expected a secret")),
        }
    }

    /// `verifyTOTPSetup`.
    pub async fn verify_totp_setup(
        &self,
        code: &str,
        friendly_device_name: Option<&str>,
    ) -> Result<(), AuthError> {
        self.run(self.begin_verify_totp_setup(code, friendly_device_name)?).await.map(|_| ())
    }

    /// `updateMFAPreference`.
    pub async fn update_mfa_preference(
        &self,
        sms: Option<MfaPreference>,
        totp: Option<MfaPreference>,
        email: Option<MfaPreference>,
    ) -> Result<(), AuthError> {
        self.run(self.begin_update_mfa_preference(sms, totp, email)?).await.map(|_| ())
    }

    /// `fetchMFAPreference`.
    pub async fn fetch_mfa_preference(&self) -> Result<(Vec<MfaType>, Option<MfaType>), AuthError> {
        match self.run(self.begin_fetch_mfa_preference()?).await? {
            Output::MfaPreference(e, p) => Ok((e, p)),
            _ => Err(AuthError::Protocol("expected MFA settings")),
        }
    }
}
