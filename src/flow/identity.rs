//! AWS credentials from a Cognito identity pool (pure): GetId and GetCredentialsForIdentity,
//! with the user pool's ID token as the login of a signed-in user, and when cached
//! credentials are still good.

use crate::error::AuthError;
use crate::json::{Json, Obj};
use crate::protocol::{Action, Request};
use crate::secret::Secret;
use alloc::string::String;

/// AWS credentials for an identity.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// `AccessKeyId`.
    pub access_key_id: String,
    /// `SecretKey`.
    pub secret_key: Secret,
    /// `SessionToken`.
    pub session_token: Option<Secret>,
    /// `Expiration`: seconds since the epoch, as Cognito's JSON number text.
    pub expiration: Option<String>,
}

impl core::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Credentials").field("expiration", &self.expiration).finish_non_exhaustive()
    }
}

/// Credentials are fetched again this long before they expire (AWS SDKs' margin).
pub const EXPIRY_MARGIN_MS: u64 = 5 * 60 * 1000;
/// The longest credentials are used after they were fetched (Cognito's last an hour).
pub const MAX_CREDENTIALS_TTL_MS: u64 = 55 * 60 * 1000;

impl Credentials {
    /// When they expire, ms since the epoch (whole seconds of `Expiration`).
    pub fn expires_at_ms(&self) -> Option<u64> {
        // Whole seconds, then an optional fraction. An exponent (1.7e9) is not Cognito's form:
        // unknown, so fetched again. (Bytes, not `str` patterns: those link panicking slicing.)
        let mut secs: Option<u64> = None;
        let mut fraction = false;
        for b in self.expiration.as_deref()?.bytes() {
            match b {
                b'0'..=b'9' if !fraction => {
                    secs = secs.unwrap_or(0).checked_mul(10)?.checked_add(u64::from(b - b'0'));
                    secs?;
                }
                b'0'..=b'9' => {}
                b'.' if !fraction => fraction = true,
                _ => return None,
            }
        }
        secs?.checked_mul(1000)
    }

    /// Until when (this device's clock, ms) credentials fetched at `now_ms` are used:
    /// [`EXPIRY_MARGIN_MS`] before they expire, the expiry read with `clock_drift_ms` (the
    /// service's clock minus this device's, known from the tokens; 0 for a guest), and at most
    /// [`MAX_CREDENTIALS_TTL_MS`] after the fetch, so a clock that is wrong by hours cannot
    /// keep them in use long past their end (as Amplify's 50-minute TTL).
    pub fn use_until(&self, now_ms: u64, clock_drift_ms: i64) -> u64 {
        let service_now = now_ms.saturating_add_signed(clock_drift_ms);
        let left = self
            .expires_at_ms()
            .map_or(0, |at| at.saturating_sub(EXPIRY_MARGIN_MS).saturating_sub(service_now));
        now_ms.saturating_add(left.min(MAX_CREDENTIALS_TTL_MS))
    }
}

/// The `Logins` map of a signed-in user, as Amplify makes it: the ID token under its issuer
/// without the scheme (`cognito-idp.<region>.amazonaws.com/<userPoolId>` for Cognito).
///
/// # Errors
/// `InvalidIdTokenException` for an ID token without `iss`.
fn logins(id_token: Option<&Secret>) -> Result<Option<Json>, AuthError> {
    let Some(t) = id_token else { return Ok(None) };
    let claims = crate::jwt::claims(t.expose()).unwrap_or(Json::Null);
    let iss = claims.str("iss").filter(|i| !i.is_empty()).ok_or(AuthError::Service {
        code: "InvalidIdTokenException".into(),
        message: "The ID token has no issuer".into(),
    })?;
    // The issuer without `scheme://` (bytes, not a `str` pattern: that links panicking slicing).
    let after_scheme = iss.as_bytes().windows(3).position(|w| w == b"://").map(|i| i + 3);
    let provider = after_scheme.and_then(|i| iss.get(i..)).unwrap_or(iss);
    Ok(Some(Obj::new().set(provider, t.expose()).build()))
}

/// GetId: the identity of the signed-in user (their ID token as the login), or a guest's.
///
/// # Errors
/// `InvalidIdTokenException` for an ID token without `iss`.
pub fn get_id(identity_pool_id: &str, id_token: Option<&Secret>) -> Result<Request, AuthError> {
    let body =
        Obj::new().set("IdentityPoolId", identity_pool_id).opt("Logins", logins(id_token)?).build();
    Ok(Request::safe(Action::GetId, body))
}

/// The `IdentityId` of a GetId answer.
pub fn identity_id(v: &Json) -> Result<String, AuthError> {
    v.str("IdentityId")
        .filter(|s| !s.is_empty())
        .map(String::from)
        .ok_or(AuthError::Protocol("GetId without IdentityId"))
}

/// GetCredentialsForIdentity for `identity_id` (with the ID token for a signed-in user).
///
/// # Errors
/// `InvalidIdTokenException` for an ID token without `iss`.
pub fn get_credentials(identity_id: &str, id_token: Option<&Secret>) -> Result<Request, AuthError> {
    let body = Obj::new().set("IdentityId", identity_id).opt("Logins", logins(id_token)?).build();
    Ok(Request::safe(Action::GetCredentialsForIdentity, body))
}

/// The credentials of a GetCredentialsForIdentity answer, and the identity id it names.
pub fn credentials(v: &Json) -> Result<(Credentials, Option<String>), AuthError> {
    let c = v.get("Credentials");
    let text = |k| c.and_then(|c| c.str(k)).filter(|s| !s.is_empty());
    let missing = AuthError::Service {
        code: "CredentialsException".into(),
        message: "Cognito did not answer with an AccessKeyId and a SecretKey".into(),
    };
    let (Some(key), Some(secret)) = (text("AccessKeyId"), text("SecretKey")) else {
        return Err(missing);
    };
    let expiration = match c.and_then(|c| c.get("Expiration")) {
        Some(Json::Num(n)) => Some(n.clone()),
        _ => None,
    };
    let creds = Credentials {
        access_key_id: key.into(),
        secret_key: Secret::new(secret),
        session_token: text("SessionToken").map(Secret::new),
        expiration,
    };
    Ok((creds, v.str("IdentityId").filter(|s| !s.is_empty()).map(String::from)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_with_logins_keyed_by_the_issuer() {
        // {"iss":"https://cognito-idp.us-east-1.amazonaws.com/us-east-1_P"}
        let t = Secret::new("h.eyJpc3MiOiJodHRwczovL2NvZ25pdG8taWRwLnVzLWVhc3QtMS5hbWF6b25hd3MuY29tL3VzLWVhc3QtMV9QIn0.s");
        let r = get_id("us-east-1:abc", Some(&t)).unwrap();
        assert_eq!(
            r.body.to_json(),
            format!(
                r#"{{"IdentityPoolId":"us-east-1:abc","Logins":{{"cognito-idp.us-east-1.amazonaws.com/us-east-1_P":"{}"}}}}"#,
                t.expose()
            )
        );
        assert_eq!(
            get_id("us-east-1:abc", None).unwrap().body.to_json(),
            r#"{"IdentityPoolId":"us-east-1:abc"}"#
        );
        let r = get_credentials("us-east-1:id", Some(&t)).unwrap();
        assert_eq!(r.action, Action::GetCredentialsForIdentity);
        assert!(r
            .body
            .to_json()
            .contains(r#""IdentityId":"us-east-1:id","Logins":{"cognito-idp."#));
        // {"sub":"x"}: no issuer.
        let no_iss = Secret::new("h.eyJzdWIiOiJ4In0.s");
        assert_eq!(get_id("p", Some(&no_iss)).unwrap_err().name(), "InvalidIdTokenException");
    }

    #[test]
    fn reads_credentials_and_their_expiry() {
        let v = Json::parse(r#"{"IdentityId":"us-east-1:x","Credentials":{"AccessKeyId":"ASIA","SecretKey":"s","SessionToken":"t","Expiration":1700003600.5}}"#).unwrap();
        let (c, id) = credentials(&v).unwrap();
        assert_eq!(id.as_deref(), Some("us-east-1:x"));
        assert_eq!(c.expires_at_ms(), Some(1_700_003_600_000));
        // Fetched an hour before they expire: used 55 minutes; 20 minutes before, 15.
        let fetched = 1_700_000_000_000;
        assert_eq!(c.use_until(fetched, 0), fetched + MAX_CREDENTIALS_TTL_MS);
        let late = 1_700_003_600_000 - 20 * 60 * 1000;
        assert_eq!(c.use_until(late, 0), late + 15 * 60 * 1000);
        // This device's clock 2 h behind the service's (drift +2 h): they end soon after.
        assert_eq!(c.use_until(late - 7_200_000, 7_200_000), late - 7_200_000 + 15 * 60 * 1000);
        // Ahead by 2 h (drift -2 h): capped at 55 minutes, not 2 h 55.
        assert_eq!(c.use_until(late + 7_200_000, -7_200_000), late + 7_200_000 + 15 * 60 * 1000);
        assert_eq!(c.use_until(fetched, -7_200_000), fetched + MAX_CREDENTIALS_TTL_MS);
        // Already past: not used again.
        assert_eq!(c.use_until(1_800_000_000_000, 0), 1_800_000_000_000);
        let shown = format!("{c:?}");
        assert!(!shown.contains("ASIA") && !shown.contains("\"t\""), "{shown}");
        for bad in [
            r#"{}"#,
            r#"{"Credentials":{"AccessKeyId":"A"}}"#,
            r#"{"Credentials":{"SecretKey":"s"}}"#,
        ] {
            assert_eq!(
                credentials(&Json::parse(bad).unwrap()).unwrap_err().name(),
                "CredentialsException"
            );
        }
        let odd = Credentials {
            access_key_id: "a".into(),
            secret_key: Secret::new("s"),
            session_token: None,
            expiration: Some("1.7e9".into()),
        };
        assert_eq!(odd.use_until(5, 0), 5, "an unknown expiry: fetched again");
        let at =
            |t: &str| Credentials { expiration: Some(t.into()), ..odd.clone() }.expires_at_ms();
        assert_eq!(at("12"), Some(12_000));
        assert_eq!(at("12.5"), Some(12_000));
        for bad in ["-1", "1.2.3", "", "99999999999999999999", "1e3"] {
            assert_eq!(at(bad), None, "{bad}");
        }
        assert_eq!(
            identity_id(&Json::parse(r#"{"IdentityId":""}"#).unwrap()).unwrap_err().name(),
            "UnexpectedResponseException"
        );
    }
}
