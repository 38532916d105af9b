//! Sign-up, sign-in and password-reset state machines. Pure: no async, no browser APIs, no
//! clock reads. Inputs are a Cognito response or the user's answer plus an [`Env`] (time and
//! randomness); outputs are the next request, the step to show, or the tokens.

pub mod account;
pub mod challenge;
pub mod devices;
pub mod identity;
pub mod oauth;
pub mod passkeys;
pub mod password_reset;
pub mod session;
pub mod sign_in;
pub mod sign_up;
pub mod steps;

use crate::error::{AuthError, Validation};
use crate::json::{Json, Obj};
use crate::secret::Secret;
use crate::srp;
use alloc::string::String;
use alloc::vec::Vec;

/// How long Cognito keeps a challenge session (`AuthSessionValidity`, default 3 minutes).
pub const SESSION_VALIDITY_MS: u64 = 3 * 60 * 1000;

/// Attributes as Cognito's `[{ Name, Value }]`; `None` when there are none.
pub fn attribute_list(pairs: &[(String, String)]) -> Option<Json> {
    if pairs.is_empty() {
        return None;
    }
    let list = pairs
        .iter()
        .map(|(k, v)| Obj::new().set("Name", k.as_str()).set("Value", v.as_str()).build())
        .collect();
    Some(Json::Arr(list))
}

/// The user pool and app client a client talks to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolConfig {
    /// e.g. `eu-west-1_AbCdEf`.
    pub user_pool_id: String,
    /// App client id.
    pub client_id: String,
    /// App client secret (server-side apps only; browsers should not have one).
    pub client_secret: Option<Secret>,
}

impl PoolConfig {
    /// `SECRET_HASH` for `username`, when the client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret.as_ref().map(|s| srp::secret_hash(s.expose(), username, &self.client_id))
    }

    /// A request body starting with `ClientId` and, with a secret, `SecretHash`.
    pub fn body(&self, username: &str) -> Obj {
        Obj::new()
            .set("ClientId", self.client_id.as_str())
            .opt("SecretHash", self.secret_hash(username))
    }
}

/// Time and randomness, supplied by the driver.
pub struct Env<'a> {
    /// Milliseconds since the Unix epoch.
    pub now_ms: u64,
    /// Fills a buffer with CSPRNG bytes.
    pub random: &'a mut dyn FnMut(&mut [u8]),
    /// An SRP ephemeral computed ahead of time (idle time), used instead of a fresh one.
    pub ephemeral: Option<srp::Ephemeral>,
    /// The device this browser remembers for a username, if any.
    pub devices: &'a dyn Fn(&str) -> Option<devices::Device>,
}

/// An [`Env::devices`] that knows no device.
pub fn no_devices(_: &str) -> Option<devices::Device> {
    None
}

macro_rules! str_enum {
    ($(#[$m:meta])* $ty:ident { $($(#[$vm:meta])* $v:ident = $s:literal,)* } $err:expr) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $ty { $($(#[$vm])* $v,)* }
        impl $ty {
            /// The spelling used by Amplify and Cognito.
            pub fn as_str(self) -> &'static str { match self { $($ty::$v => $s,)* } }
            /// Parses that spelling.
            pub fn parse(s: &str) -> Result<$ty, AuthError> {
                match s { $($s => Ok($ty::$v),)* _ => Err($err.into()) }
            }
            /// Every value, in declaration order.
            pub const ALL: &'static [$ty] = &[$($ty::$v,)*];
        }
    };
}
pub(crate) use str_enum;

str_enum! {
    /// Amplify's `authFlowType`.
    AuthFlow {
        /// SRP with a password (the default).
        UserSrp = "USER_SRP_AUTH",
        /// Plain password over TLS.
        UserPassword = "USER_PASSWORD_AUTH",
        /// SRP, then custom challenges.
        CustomWithSrp = "CUSTOM_WITH_SRP",
        /// Custom challenges only.
        CustomWithoutSrp = "CUSTOM_WITHOUT_SRP",
        /// Choice-based (passwordless-capable) sign-in.
        UserAuth = "USER_AUTH",
    }
    Validation::InvalidAuthFlowType
}

impl AuthFlow {
    /// Whether this flow cannot start without a password.
    pub fn needs_password(self, preferred: Option<FirstFactor>) -> bool {
        match self {
            AuthFlow::UserSrp | AuthFlow::UserPassword | AuthFlow::CustomWithSrp => true,
            AuthFlow::CustomWithoutSrp => false,
            AuthFlow::UserAuth => {
                matches!(preferred, Some(FirstFactor::Password | FirstFactor::PasswordSrp))
            }
        }
    }
}

str_enum! {
    /// A USER_AUTH first factor (`preferredChallenge`, `availableChallenges`).
    FirstFactor {
        /// Password sent over TLS.
        Password = "PASSWORD",
        /// Password proven with SRP.
        PasswordSrp = "PASSWORD_SRP",
        /// One-time code by email.
        EmailOtp = "EMAIL_OTP",
        /// One-time code by SMS.
        SmsOtp = "SMS_OTP",
        /// Passkey.
        WebAuthn = "WEB_AUTHN",
    }
    Validation::InvalidPreferredChallenge
}

str_enum! {
    /// An MFA type as Amplify names it (`allowedMFATypes`).
    MfaType {
        /// SMS code.
        Sms = "SMS",
        /// Authenticator app.
        Totp = "TOTP",
        /// Email code.
        Email = "EMAIL",
    }
    Validation::IncorrectMFAMethod
}

impl MfaType {
    /// Cognito's challenge name for this MFA type.
    pub fn challenge(self) -> &'static str {
        match self {
            MfaType::Sms => "SMS_MFA",
            MfaType::Totp => "SOFTWARE_TOKEN_MFA",
            MfaType::Email => "EMAIL_OTP",
        }
    }

    /// From Cognito's challenge name.
    pub fn from_challenge(s: &str) -> Option<MfaType> {
        match s {
            "SMS_MFA" => Some(MfaType::Sms),
            "SOFTWARE_TOKEN_MFA" => Some(MfaType::Totp),
            "EMAIL_OTP" => Some(MfaType::Email),
            _ => None,
        }
    }
}

/// Reads a JSON string array held in a string (e.g. `MFAS_CAN_CHOOSE`).
pub(crate) fn string_list(json_text: Option<&str>) -> Vec<String> {
    json_text
        .and_then(|t| Json::parse(t).ok())
        .and_then(|v| {
            v.as_array().map(|a| a.iter().filter_map(Json::as_str).map(Into::into).collect())
        })
        .unwrap_or_default()
}

/// Fresh SRP ephemeral from the environment's randomness.
pub(crate) fn new_ephemeral(env: &mut Env) -> Result<srp::Ephemeral, AuthError> {
    if let Some(e) = env.ephemeral.take() {
        return Ok(e);
    }
    fresh_ephemeral(env.random)
}

/// A new SRP ephemeral (`a` of 384 bits, `A = g^a`): the costly half of SRP that depends on
/// neither the password nor the server, so it can be made in advance.
pub fn fresh_ephemeral(random: &mut dyn FnMut(&mut [u8])) -> Result<srp::Ephemeral, AuthError> {
    let mut bytes = [0u8; 48];
    random(&mut bytes);
    let e =
        srp::Ephemeral::new(&bytes).map_err(|_| AuthError::Protocol("SRP random value rejected"));
    zeroize::Zeroize::zeroize(&mut bytes);
    e
}
