//! Cognito's wire protocol: actions, requests, and reading responses and errors (pure).

mod auth;

pub use auth::{AuthResponse, ChallengeName, CodeDelivery, NewDevice, TokenSet};

use crate::error::AuthError;
use crate::json::Json;
use alloc::string::String;

macro_rules! actions {
    ($($v:ident,)*) => {
        /// A Cognito user-pool action this client sends.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        #[allow(missing_docs)]
        pub enum Action { $($v,)* }
        impl Action {
            /// The action name, as in `X-Amz-Target: AWSCognitoIdentityProviderService.<name>`.
            pub fn name(self) -> &'static str { match self { $(Action::$v => stringify!($v),)* } }
        }
    };
}

actions! {
    SignUp,
    ConfirmSignUp,
    ResendConfirmationCode,
    InitiateAuth,
    RespondToAuthChallenge,
    AssociateSoftwareToken,
    VerifySoftwareToken,
    SetUserMFAPreference,
    GetUser,
    GetUserAuthFactors,
    ForgotPassword,
    ConfirmForgotPassword,
    ChangePassword,
    GlobalSignOut,
    RevokeToken,
    GetTokensFromRefreshToken,
    StartWebAuthnRegistration,
    CompleteWebAuthnRegistration,
    ListWebAuthnCredentials,
    DeleteWebAuthnCredential,
    UpdateUserAttributes,
    VerifyUserAttribute,
    GetUserAttributeVerificationCode,
    DeleteUserAttributes,
    DeleteUser,
    ConfirmDevice,
    ListDevices,
    UpdateDeviceStatus,
    ForgetDevice,
    GetId,
    GetCredentialsForIdentity,
}

impl Action {
    /// Whether it is an action of Cognito Identity (identity pools), not of the user pool.
    pub fn is_identity(self) -> bool {
        matches!(self, Action::GetId | Action::GetCredentialsForIdentity)
    }

    /// The `X-Amz-Target` prefix of its service.
    pub fn target_prefix(self) -> &'static str {
        if self.is_identity() {
            "AWSCognitoIdentityService."
        } else {
            "AWSCognitoIdentityProviderService."
        }
    }
}

/// Whether a request may be sent again after a throttling, 5xx or network failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Carries a single-use value (session, code, SRP proof) or triggers a delivery.
    Never,
    /// Idempotent enough to repeat.
    Safe,
}

/// One request to Cognito.
#[must_use = "a request does nothing until the driver sends it"]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The action.
    pub action: Action,
    /// The JSON body (PascalCase members).
    pub body: Json,
    /// Retry policy for this request.
    pub retry: Retry,
}

impl Request {
    /// A request that is never retried.
    pub fn once(action: Action, body: Json) -> Request {
        Request { action, body, retry: Retry::Never }
    }

    /// A request that may be retried.
    pub fn safe(action: Action, body: Json) -> Request {
        Request { action, body, retry: Retry::Safe }
    }
}

/// What came back over HTTP, before interpretation. `Debug` leaves the body out (tokens).
#[derive(Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The `x-amzn-errortype` header, if any.
    pub error_type: Option<String>,
    /// The body text.
    pub body: String,
}

impl core::fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("error_type", &self.error_type)
            .finish_non_exhaustive()
    }
}

/// Reads a response: the JSON body of a success, or the `AuthError` of a failure.
pub fn read(resp: &RawResponse) -> Result<Json, AuthError> {
    if resp.status >= 300 {
        return Err(read_error(resp));
    }
    if resp.body.trim().is_empty() {
        return Ok(Json::Obj(alloc::vec::Vec::new()));
    }
    Json::parse(&resp.body).map_err(|_| AuthError::Protocol("response body is not JSON"))
}

/// Cognito's error name from the header or body, sanitised as Amplify does:
/// cut at `:` or `,`, then keep what follows a `#`.
fn read_error(resp: &RawResponse) -> AuthError {
    let body = Json::parse(&resp.body).unwrap_or(Json::Null);
    let raw = resp
        .error_type
        .as_deref()
        .or_else(|| body.str("code"))
        .or_else(|| body.str("__type"))
        .unwrap_or("UnknownError");
    let cut = raw.split([':', ',']).next().unwrap_or(raw);
    let code = cut.rsplit('#').next().unwrap_or(cut).trim();
    let code = if code.is_empty() { "UnknownError" } else { code };
    let message = body
        .str("message")
        .or_else(|| body.str("Message"))
        .unwrap_or("Cognito returned an error without a message");
    AuthError::Service { code: code.into(), message: message.into() }
}

/// Whether a failed attempt is worth retrying (for requests marked [`Retry::Safe`]):
/// network failures, HTTP 429/500/502/503/504, throttling and internal errors.
/// Never `LimitExceededException`: in Cognito it is a quota that clears after minutes.
pub fn is_transient(outcome: &Result<RawResponse, AuthError>) -> bool {
    match outcome {
        Err(AuthError::Network(_) | AuthError::Timeout(_)) => true,
        Err(_) => false,
        Ok(r) if matches!(r.status, 429 | 500 | 502 | 503 | 504) => true,
        Ok(r) if r.status >= 300 => matches!(
            read_error(r),
            AuthError::Service { ref code, .. }
                if code == "TooManyRequestsException" || code == "InternalErrorException"
        ),
        Ok(_) => false,
    }
}

/// How long to wait before retry number `attempt` (1-based): capped exponential backoff with
/// full jitter. `jitter` is a random value in `0..=u16::MAX`.
pub fn backoff_ms(attempt: u32, jitter: u16) -> u64 {
    const BASE_MS: u64 = 100;
    const CAP_MS: u64 = 2_000;
    let ceiling = (BASE_MS << attempt.min(5)).min(CAP_MS);
    // Between half the ceiling and the ceiling: never zero, never above the cap.
    ceiling / 2 + (ceiling / 2) * u64::from(jitter) / u64::from(u16::MAX)
}

/// Most attempts for a retryable request (the first try included), as Amplify.
pub const MAX_ATTEMPTS: u32 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, header: Option<&str>, body: &str) -> RawResponse {
        RawResponse { status, error_type: header.map(Into::into), body: body.into() }
    }

    #[test]
    fn reads_success_and_empty_bodies() {
        assert_eq!(read(&resp(200, None, "{\"a\":\"b\"}")).unwrap().str("a"), Some("b"));
        assert_eq!(read(&resp(200, None, "")).unwrap(), Json::Obj(vec![]));
        assert_eq!(
            read(&resp(200, None, "<html>")),
            Err(AuthError::Protocol("response body is not JSON"))
        );
    }

    #[test]
    fn debug_leaves_the_body_out() {
        let printed = format!(
            "{:?}",
            resp(200, None, r#"{"AuthenticationResult":{"AccessToken":"eyJ-secret"}}"#)
        );
        assert!(printed.contains("200") && !printed.contains("eyJ-secret"), "{printed}");
    }

    #[test]
    fn error_name_sources_and_sanitising() {
        let e = read(&resp(
            400,
            None,
            r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#,
        ));
        assert_eq!(
            e,
            Err(AuthError::Service {
                code: "NotAuthorizedException".into(),
                message: "Incorrect username or password.".into()
            })
        );
        let e = read(&resp(
            400,
            Some(
                "UserNotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
            ),
            r#"{"Message":"User does not exist."}"#,
        ))
        .unwrap_err();
        assert_eq!(e.name(), "UserNotFoundException");
        assert_eq!(e.message(), "User does not exist.");
        let e = read(&resp(
            400,
            None,
            r#"{"code":"com.amazonaws#CodeMismatchException","message":"x"}"#,
        ))
        .unwrap_err();
        assert_eq!(e.name(), "CodeMismatchException");
        let e = read(&resp(502, None, "Bad gateway")).unwrap_err();
        assert_eq!(e.name(), "UnknownError");
        let e = read(&resp(400, Some("a#B,C"), "{}")).unwrap_err();
        assert_eq!(e.name(), "B");
    }

    #[test]
    fn transient_failures() {
        assert!(is_transient(&Err(AuthError::Network("Failed to fetch".into()))));
        for s in [429, 500, 502, 503, 504] {
            assert!(is_transient(&Ok(resp(s, None, ""))), "{s}");
        }
        assert!(is_transient(&Ok(resp(400, None, r#"{"__type":"TooManyRequestsException"}"#))));
        assert!(is_transient(&Ok(resp(400, Some("InternalErrorException"), ""))));
        assert!(!is_transient(&Ok(resp(400, None, r#"{"__type":"LimitExceededException"}"#))));
        assert!(!is_transient(&Ok(resp(400, None, r#"{"__type":"NotAuthorizedException"}"#))));
        assert!(!is_transient(&Ok(resp(200, None, "{}"))));
        assert!(!is_transient(&Err(AuthError::Protocol("x"))));
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        for attempt in 1..10 {
            for jitter in [0, 1, 32768, u16::MAX] {
                let d = backoff_ms(attempt, jitter);
                assert!((50..=2_000).contains(&d), "{attempt} {jitter} {d}");
            }
        }
        assert_eq!(backoff_ms(1, 0), 100);
        assert_eq!(backoff_ms(1, u16::MAX), 200);
        assert_eq!(backoff_ms(2, u16::MAX), 400);
        assert_eq!(backoff_ms(9, u16::MAX), 2_000);
    }

    #[test]
    fn action_names_are_cognitos() {
        assert_eq!(Action::InitiateAuth.name(), "InitiateAuth");
        assert_eq!(Action::SetUserMFAPreference.name(), "SetUserMFAPreference");
    }
}
