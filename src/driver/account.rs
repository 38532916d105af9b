//! Sessions (tokens, refresh, sign-out) and signed-in user operations (attributes, MFA).

use super::Client;
use crate::error::{AuthError, InvalidState};
use crate::flow::account::{self, MfaPreference};
use crate::flow::session;
use crate::flow::MfaType;
use crate::json::Json;
use crate::jwt;
use crate::secret::Secret;
use crate::storage::tokens;
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
    /// The current session, refreshed first when a token is expired (or `force_refresh`).
    /// `Ok(None)` when nobody is signed in.
    ///
    /// # Errors
    /// A refresh failure. When it means the session is over (revoked or expired refresh token)
    /// the tokens are cleared first, so the user is signed out cleanly.
    pub async fn fetch_session(&self, force_refresh: bool) -> Result<Option<AuthSession>, AuthError> {
        let Some(stored) = self.stored_tokens() else { return Ok(None) };
        let stored = if force_refresh || self.needs_refresh() { self.refresh_tokens().await? } else { stored };
        Ok(Some(AuthSession {
            access_claims: claims(&stored.access_token),
            id_claims: claims(&stored.id_token),
            access_token: stored.access_token,
            id_token: stored.id_token,
        }))
    }

    /// Whether `fetch_session` would refresh: a user is signed in and a token is expired.
    pub fn needs_refresh(&self) -> bool {
        let Some(stored) = self.stored_tokens() else { return false };
        let now = self.platform.now_ms();
        let exp = |t: &Secret| claims(t).get("exp").and_then(Json::as_u64);
        session::is_expired(exp(&stored.access_token), stored.clock_drift_ms, now)
            || session::is_expired(exp(&stored.id_token), stored.clock_drift_ms, now)
    }

    /// Refreshes the tokens with the stored refresh token and stores the result.
    pub async fn refresh_tokens(&self) -> Result<tokens::Stored, AuthError> {
        let client_id = &self.config.pool.client_id;
        let stored = self.stored_tokens().ok_or(InvalidState::NotSignedIn)?;
        let refresh = stored.refresh_token.clone().ok_or(InvalidState::NotSignedIn)?;
        let req = session::refresh_request(&self.config.pool, &refresh, None);
        match self.call(&req).await.and_then(|v| session::on_refresh(&v)) {
            Ok(t) => {
                self.store_tokens(&stored.username, &t, None);
                tokens::load(&*self.tokens, client_id).ok_or(AuthError::Protocol("tokens vanished after refresh"))
            }
            Err(e) => {
                if session::ends_session(&e) {
                    tokens::clear(&*self.tokens, client_id);
                }
                Err(e)
            }
        }
    }

    /// A valid access token (refreshed when needed).
    pub(crate) async fn access_token(&self) -> Result<Secret, AuthError> {
        Ok(self.fetch_session(false).await?.ok_or(InvalidState::NotSignedIn)?.access_token)
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

    /// `fetchUserAttributes` (GetUser).
    pub async fn user_attributes(&self) -> Result<Vec<(String, String)>, AuthError> {
        let v = self.call(&account::get_user(&self.access_token().await?)).await?;
        Ok(account::user_attributes(&v))
    }

    /// `signOut`: GlobalSignOut (`global`) or RevokeToken, then forgets tokens and pending
    /// state whatever the network said (an offline sign-out still signs out locally).
    pub async fn sign_out(&self, global: bool) -> Result<(), AuthError> {
        if let Some(stored) = self.stored_tokens() {
            let revocable = claims(&stored.access_token).get("origin_jti").is_some();
            let req = session::sign_out_request(&self.config.pool, global, &stored.access_token, stored.refresh_token.as_ref(), revocable);
            if let Some(req) = req {
                let _ = self.call(&req).await;
            }
        }
        tokens::clear(&*self.tokens, &self.config.pool.client_id);
        self.save_pending(None);
        self.save_auto(None);
        Ok(())
    }

    /// `setUpTOTP`: the shared secret to enroll an authenticator.
    pub async fn set_up_totp(&self) -> Result<Secret, AuthError> {
        let v = self.call(&account::associate_token(&self.access_token().await?)).await?;
        account::secret_code(&v)
    }

    /// `verifyTOTPSetup`.
    pub async fn verify_totp_setup(&self, code: &str, friendly_device_name: Option<&str>) -> Result<(), AuthError> {
        let req = account::verify_token(&self.access_token().await?, code, friendly_device_name)?;
        account::verified(&self.call(&req).await?)
    }

    /// `updateMFAPreference`.
    pub async fn update_mfa_preference(&self, sms: Option<MfaPreference>, totp: Option<MfaPreference>, email: Option<MfaPreference>) -> Result<(), AuthError> {
        let req = account::set_mfa_preference(&self.access_token().await?, sms, totp, email);
        self.call(&req).await.map(|_| ())
    }

    /// `fetchMFAPreference`: enabled types and the preferred one.
    pub async fn fetch_mfa_preference(&self) -> Result<(Vec<MfaType>, Option<MfaType>), AuthError> {
        let v = self.call(&account::get_user(&self.access_token().await?)).await?;
        Ok(account::mfa_preference(&v))
    }
}
