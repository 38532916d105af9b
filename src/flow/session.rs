//! Tokens over time: expiry with clock drift, refresh, and what a failed refresh means (pure).

use super::PoolConfig;
use crate::error::AuthError;
use crate::json::{Json, Obj};
use crate::protocol::{Action, Request, TokenSet};
use crate::secret::Secret;
use alloc::string::String;

/// Tokens count as expired this long before their `exp` (Amplify's tolerance).
pub const EXPIRY_TOLERANCE_MS: i64 = 5_000;

/// Whether a token with claims `exp` (seconds) is expired at `now_ms`, given the stored clock
/// drift (`iat * 1000 - local time` when it was stored): `now + drift + 5 s > exp`.
/// Saturating: a stored drift or a claim out of range (a corrupt store, a hostile token) must
/// neither overflow nor wrap into "never expires".
pub fn is_expired(exp_s: Option<u64>, clock_drift_ms: i64, now_ms: u64) -> bool {
    let Some(exp) = exp_s else { return true };
    let now = i64::try_from(now_ms).unwrap_or(i64::MAX);
    let exp_ms = i64::try_from(exp).unwrap_or(i64::MAX).saturating_mul(1000);
    now.saturating_add(clock_drift_ms).saturating_add(EXPIRY_TOLERANCE_MS) > exp_ms
}

/// GetTokensFromRefreshToken (as Amplify 6.22 does); safe to retry.
pub fn refresh_request(
    pool: &PoolConfig,
    refresh_token: &Secret,
    device_key: Option<&str>,
) -> Request {
    let body = Obj::new()
        .set("ClientId", pool.client_id.as_str())
        .set("RefreshToken", refresh_token.expose())
        .opt("ClientSecret", pool.client_secret.as_ref().map(Secret::expose))
        .opt("DeviceKey", device_key)
        .build();
    Request::safe(Action::GetTokensFromRefreshToken, body)
}

/// Reads a refresh response.
pub fn on_refresh(v: &Json) -> Result<TokenSet, AuthError> {
    let r = v
        .get("AuthenticationResult")
        .ok_or(AuthError::Protocol("refresh without AuthenticationResult"))?;
    TokenSet::read(r)
}

/// Whether a refresh failure means the session is over (sign the user out) rather than a
/// passing fault (keep tokens for a later try).
pub fn ends_session(e: &AuthError) -> bool {
    matches!(e, AuthError::Service { code, .. } if matches!(code.as_str(),
        "NotAuthorizedException" | "TokenRevokedException" | "UserNotFoundException"
        | "PasswordResetRequiredException" | "UserNotConfirmedException" | "RefreshTokenReuseException"))
}

/// A request authorised by the access token (`AccessToken` member in the body).
pub fn with_access_token(action: Action, access_token: &Secret, rest: Obj, safe: bool) -> Request {
    let body = rest.set("AccessToken", access_token.expose()).build();
    if safe {
        Request::safe(action, body)
    } else {
        Request::once(action, body)
    }
}

/// A request waiting for the access token: checked when the call begins, sent with the
/// tokens as they are once any refresh is done.
#[must_use = "a request does nothing until the driver sends it"]
pub struct TokenRequest {
    action: Action,
    rest: Obj,
    safe: bool,
}

impl TokenRequest {
    /// `rest` for `action`; `safe` when it may be repeated after a transient failure.
    pub fn new(action: Action, rest: Obj, safe: bool) -> TokenRequest {
        TokenRequest { action, rest, safe }
    }

    /// The request, with `access_token`.
    pub fn with(self, access_token: &Secret) -> Request {
        with_access_token(self.action, access_token, self.rest, self.safe)
    }
}

/// Sign-out requests: GlobalSignOut (global) or RevokeToken (local, when the token carries
/// `origin_jti`, i.e. revocation is enabled on the app client).
pub fn sign_out_request(
    pool: &PoolConfig,
    global: bool,
    access_token: &Secret,
    refresh_token: Option<&Secret>,
    revocable: bool,
) -> Option<Request> {
    if global {
        return Some(with_access_token(Action::GlobalSignOut, access_token, Obj::new(), true));
    }
    let refresh = refresh_token.filter(|_| revocable)?;
    let body = Obj::new()
        .set("ClientId", pool.client_id.as_str())
        .set("Token", refresh.expose())
        .opt("ClientSecret", pool.client_secret.as_ref().map(Secret::expose))
        .build();
    Some(Request::safe(Action::RevokeToken, body))
}

/// `{Name, Value}` attribute lists as pairs.
pub fn attribute_pairs(v: Option<&Json>) -> alloc::vec::Vec<(String, String)> {
    v.and_then(Json::as_array)
        .map(|a| {
            a.iter().filter_map(|x| Some((x.str("Name")?.into(), x.str("Value")?.into()))).collect()
        })
        .unwrap_or_default()
}

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

/// Who is signed in (`getCurrentUser`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentUser {
    /// Cognito's username (`username` claim).
    pub username: String,
    /// The user's `sub`.
    pub user_id: String,
    /// `signInDetails` JSON, when this library or Amplify stored it.
    pub sign_in_details: Option<Json>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_uses_drift_and_tolerance() {
        let exp = 1_000_000; // seconds
        assert!(!is_expired(Some(exp), 0, exp * 1000 - 5_001));
        assert!(is_expired(Some(exp), 0, exp * 1000 - 4_999));
        // The local clock runs 60 s slow: drift +60 s brings expiry a minute earlier.
        assert!(is_expired(Some(exp), 60_000, exp * 1000 - 60_000));
        assert!(!is_expired(Some(exp), -60_000, exp * 1000));
        assert!(is_expired(None, 0, 0));
    }

    #[test]
    fn expiry_saturates_out_of_range_values() {
        // Found by tests/fuzz_parsers.rs: these overflowed (a panic in test builds, a wrapped
        // comparison in release).
        assert!(!is_expired(Some(u64::MAX), 0, 1_750_000_000_000));
        assert!(is_expired(Some(1_750_000_000), i64::MAX, 1_750_000_000_000));
        assert!(!is_expired(Some(1_750_000_000), i64::MIN, 1_750_000_000_000));
        assert!(is_expired(Some(0), 0, u64::MAX));
    }

    #[test]
    fn definitive_refresh_failures() {
        let e = |c: &str| AuthError::Service { code: c.into(), message: String::new() };
        assert!(ends_session(&e("NotAuthorizedException")));
        assert!(ends_session(&e("RefreshTokenReuseException")));
        assert!(!ends_session(&e("TooManyRequestsException")));
        assert!(!ends_session(&AuthError::Network("offline".into())));
    }

    #[test]
    fn sign_out_requests() {
        let pool =
            PoolConfig { user_pool_id: "a_b".into(), client_id: "c".into(), client_secret: None };
        let at = Secret::new("at");
        let rt = Secret::new("rt");
        let r = sign_out_request(&pool, true, &at, Some(&rt), true).unwrap();
        assert_eq!(
            (r.action, r.body.to_json()),
            (Action::GlobalSignOut, r#"{"AccessToken":"at"}"#.into())
        );
        let r = sign_out_request(&pool, false, &at, Some(&rt), true).unwrap();
        assert_eq!(r.body.to_json(), r#"{"ClientId":"c","Token":"rt"}"#);
        assert!(sign_out_request(&pool, false, &at, Some(&rt), false).is_none());
    }
}
