//! InitiateAuth / RespondToAuthChallenge responses, tokens and code delivery details.

use crate::error::AuthError;
use crate::json::Json;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

macro_rules! challenges {
    ($($v:ident,)*) => {
        /// A Cognito `ChallengeName`. Unknown names are kept in `Other`, so a new challenge
        /// becomes a clear error instead of a parse failure.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[allow(non_camel_case_types, missing_docs)]
        pub enum ChallengeName { $($v,)* Other(String) }
        impl ChallengeName {
            /// Parses Cognito's spelling.
            pub fn parse(s: &str) -> ChallengeName {
                match s { $(stringify!($v) => ChallengeName::$v,)* other => ChallengeName::Other(other.into()) }
            }
            /// Cognito's spelling.
            pub fn as_str(&self) -> &str {
                match self { $(ChallengeName::$v => stringify!($v),)* ChallengeName::Other(s) => s }
            }
        }
    };
}

challenges! {
    SMS_MFA,
    EMAIL_OTP,
    SOFTWARE_TOKEN_MFA,
    SELECT_MFA_TYPE,
    MFA_SETUP,
    PASSWORD_VERIFIER,
    CUSTOM_CHALLENGE,
    SELECT_CHALLENGE,
    DEVICE_SRP_AUTH,
    DEVICE_PASSWORD_VERIFIER,
    NEW_PASSWORD_REQUIRED,
    SMS_OTP,
    PASSWORD,
    PASSWORD_SRP,
    WEB_AUTHN,
}

/// Tokens from an `AuthenticationResult`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSet {
    /// The access token (JWT).
    pub access_token: Secret,
    /// The ID token (JWT).
    pub id_token: Secret,
    /// The refresh token; refreshes normally return none (keep the old one).
    pub refresh_token: Option<Secret>,
    /// Access token lifetime in seconds.
    pub expires_in: u64,
    /// `NewDeviceMetadata`: a device Cognito began tracking with this sign-in.
    pub new_device: Option<NewDevice>,
}

/// `NewDeviceMetadata` of an `AuthenticationResult`: the device's key and group key, for
/// `ConfirmDevice`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDevice {
    /// `DeviceKey`.
    pub key: String,
    /// `DeviceGroupKey`.
    pub group_key: String,
}

impl TokenSet {
    /// Reads an `AuthenticationResult` object. The access and ID tokens must be JWTs with a
    /// whole-number `exp`, not before their `iat` and at most [`MAX_TOKEN_LIFETIME_S`] after
    /// it: an absurd expiry would make the session look fresh forever (or never).
    pub fn read(v: &Json) -> Result<TokenSet, AuthError> {
        let token = |k| v.str(k).filter(|s| !s.is_empty()).map(Secret::new);
        let t = TokenSet {
            access_token: token("AccessToken")
                .ok_or(AuthError::Protocol("AuthenticationResult without AccessToken"))?,
            id_token: token("IdToken")
                .ok_or(AuthError::Protocol("AuthenticationResult without IdToken"))?,
            refresh_token: token("RefreshToken"),
            expires_in: v.get("ExpiresIn").and_then(Json::as_u64).unwrap_or(3600),
            new_device: v.get("NewDeviceMetadata").and_then(|d| {
                let non_empty = |k| d.str(k).filter(|s| !s.is_empty()).map(String::from);
                Some(NewDevice {
                    key: non_empty("DeviceKey")?,
                    group_key: non_empty("DeviceGroupKey")?,
                })
            }),
        };
        check_times(t.access_token.expose())?;
        check_times(t.id_token.expose())?;
        Ok(t)
    }
}

/// The longest lifetime believed for a token, from `iat` to `exp`: two days (Cognito's access
/// and ID tokens last at most one).
pub(crate) const MAX_TOKEN_LIFETIME_S: u64 = 2 * 86_400;

/// A whole number of seconds (`1.5`, `1e3`, `-1` and strings are not).
fn whole(v: &Json) -> Option<u64> {
    match v {
        Json::Num(n) if !n.contains('.') => v.as_u64(),
        _ => None,
    }
}

/// A token's `exp` and `iat` make sense.
fn check_times(token: &str) -> Result<(), AuthError> {
    let bad = AuthError::Protocol("a token whose expiry makes no sense");
    let claims =
        crate::jwt::claims(token).ok_or(AuthError::Protocol("a token that is not a JWT"))?;
    let exp = claims.get("exp").and_then(whole).ok_or(bad.clone())?;
    match claims.get("iat") {
        None => Ok(()),
        Some(iat) => match whole(iat) {
            Some(iat) if iat <= exp && exp - iat <= MAX_TOKEN_LIFETIME_S => Ok(()),
            _ => Err(bad),
        },
    }
}

/// Where a code was sent (Amplify's `codeDeliveryDetails`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CodeDelivery {
    /// Masked destination, e.g. `a***@e***`.
    pub destination: Option<String>,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: Option<String>,
    /// `email` / `phone_number`; only in sign-up, reset and attribute flows.
    pub attribute_name: Option<String>,
}

impl CodeDelivery {
    /// Reads a `CodeDeliveryDetails` object.
    pub fn read(v: &Json) -> CodeDelivery {
        CodeDelivery {
            destination: v.str("Destination").map(Into::into),
            delivery_medium: v.str("DeliveryMedium").map(Into::into),
            attribute_name: v.str("AttributeName").map(Into::into),
        }
    }

    /// Reads the `CODE_DELIVERY_*` challenge parameters.
    pub fn from_params(params: &[(String, String)]) -> CodeDelivery {
        let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        CodeDelivery {
            destination: get("CODE_DELIVERY_DESTINATION"),
            delivery_medium: get("CODE_DELIVERY_DELIVERY_MEDIUM"),
            attribute_name: None,
        }
    }
}

/// An InitiateAuth or RespondToAuthChallenge response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthResponse {
    /// The next challenge, if any.
    pub challenge: Option<ChallengeName>,
    /// The session for answering it.
    pub session: Option<Secret>,
    /// `ChallengeParameters` (nested structures arrive as JSON strings).
    pub params: Vec<(String, String)>,
    /// `AvailableChallenges` (USER_AUTH).
    pub available: Vec<String>,
    /// Tokens, when the sign-in is complete.
    pub tokens: Option<TokenSet>,
}

impl AuthResponse {
    /// Reads the response body.
    pub fn read(v: &Json) -> Result<AuthResponse, AuthError> {
        let params = match v.get("ChallengeParameters").and_then(Json::as_object) {
            Some(m) => m
                .iter()
                .map(|(k, v)| {
                    (k.clone(), v.as_str().map(Into::into).unwrap_or_else(|| v.to_json()))
                })
                .collect(),
            None => Vec::new(),
        };
        let available = v
            .get("AvailableChallenges")
            .and_then(Json::as_array)
            .map(|a| a.iter().filter_map(Json::as_str).map(Into::into).collect())
            .unwrap_or_default();
        let tokens = match v.get("AuthenticationResult") {
            Some(r) if !r.is_null() => Some(TokenSet::read(r)?),
            _ => None,
        };
        let challenge = v.str("ChallengeName").map(ChallengeName::parse);
        if tokens.is_none() && challenge.is_none() {
            return Err(AuthError::Protocol("neither AuthenticationResult nor ChallengeName"));
        }
        Ok(AuthResponse {
            challenge,
            session: v.str("Session").map(Secret::new),
            params,
            available,
            tokens,
        })
    }

    /// A challenge parameter.
    pub fn param(&self, key: &str) -> Option<&str> {
        self.params.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_challenge() {
        let v = Json::parse(
            r#"{"ChallengeName":"SELECT_CHALLENGE","Session":"s1","AvailableChallenges":["PASSWORD","EMAIL_OTP"],
                "ChallengeParameters":{"USERNAME":"bob","N":{"x":1}}}"#,
        )
        .unwrap();
        let r = AuthResponse::read(&v).unwrap();
        assert_eq!(r.challenge, Some(ChallengeName::SELECT_CHALLENGE));
        assert_eq!(r.session.as_ref().unwrap().expose(), "s1");
        assert_eq!(r.available, ["PASSWORD", "EMAIL_OTP"]);
        assert_eq!(r.param("USERNAME"), Some("bob"));
        assert_eq!(r.param("N"), Some("{\"x\":1}"));
        assert!(r.tokens.is_none());
    }

    #[test]
    fn reads_tokens() {
        const A: &str = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJhY2Nlc3MiLCJleHAiOjE3NTAwMDM2MDAsImlhdCI6MTc1MDAwMDAwMH0.c2ln";
        const I: &str = "eyJhbGciOiJSUzI1NiJ9.eyJ0b2tlbl91c2UiOiJpZCIsImV4cCI6MTc1MDAwMzYwMCwiaWF0IjoxNzUwMDAwMDAwfQ.c2ln";
        let text = r#"{"AuthenticationResult":{"AccessToken":"A","IdToken":"I","RefreshToken":"r","ExpiresIn":300,"TokenType":"Bearer"},"ChallengeParameters":{}}"#;
        let v = Json::parse(
            &text.replace("\"A\"", &format!("\"{A}\"")).replace("\"I\"", &format!("\"{I}\"")),
        )
        .unwrap();
        let t = AuthResponse::read(&v).unwrap().tokens.unwrap();
        assert_eq!((t.access_token.expose(), t.id_token.expose()), (A, I));
        assert_eq!(t.refresh_token.unwrap().expose(), "r");
        assert_eq!(t.expires_in, 300);
    }

    #[test]
    fn tokens_with_absurd_expiry_are_refused() {
        let token = |claims: &str| {
            let mut t = String::from("eyJhbGciOiJSUzI1NiJ9.");
            t.push_str(crate::base64::encode(claims.as_bytes()).trim_end_matches('='));
            t.push_str(".c2ln");
            t
        };
        for claims in [
            r#"{"exp":1e400}"#,
            r#"{"exp":99999999999999999999999}"#,
            r#"{"exp":-1}"#,
            r#"{"exp":1.5}"#,
            r#"{"exp":"soon"}"#,
            r#"{}"#,
            r#"{"exp":100,"iat":200}"#,
            r#"{"exp":1750172801,"iat":1750000000}"#,
            r#"{"exp":1750003600,"iat":"x"}"#,
        ] {
            assert!(check_times(&token(claims)).is_err(), "{claims}");
        }
        assert!(check_times("not-a-jwt").is_err());
        assert!(check_times(&token(r#"{"exp":1750003600,"iat":1750000000}"#)).is_ok());
        assert!(check_times(&token(r#"{"exp":1750003600}"#)).is_ok());
    }

    #[test]
    fn rejects_responses_with_nothing_to_do() {
        assert!(AuthResponse::read(&Json::parse("{}").unwrap()).is_err());
        let v = Json::parse(r#"{"AuthenticationResult":{"IdToken":"i"}}"#).unwrap();
        assert_eq!(
            AuthResponse::read(&v),
            Err(AuthError::Protocol("AuthenticationResult without AccessToken"))
        );
    }

    #[test]
    fn unknown_challenges_are_kept() {
        assert_eq!(ChallengeName::parse("NEW_THING"), ChallengeName::Other("NEW_THING".into()));
        assert_eq!(ChallengeName::parse("NEW_THING").as_str(), "NEW_THING");
        assert_eq!(ChallengeName::parse("WEB_AUTHN").as_str(), "WEB_AUTHN");
    }

    #[test]
    fn code_delivery_from_params() {
        let p = vec![
            ("CODE_DELIVERY_DESTINATION".into(), "+*******1234".into()),
            ("CODE_DELIVERY_DELIVERY_MEDIUM".into(), "SMS".into()),
        ];
        let d = CodeDelivery::from_params(&p);
        assert_eq!(d.destination.as_deref(), Some("+*******1234"));
        assert_eq!(d.delivery_medium.as_deref(), Some("SMS"));
        assert_eq!(d.attribute_name, None);
    }
}
