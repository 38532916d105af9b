//! In-memory state: pools, clients, users, pending auth sessions, token records and
//! the dev inbox. Pure data plus lookups; no protocol decisions.

use crate::config::{ClientConfig, PoolConfig};
use crate::srp::ServerHandshake;
use num_bigint::BigUint;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Cognito user status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserStatus {
    Unconfirmed,
    Confirmed,
    ForceChangePassword,
    ResetRequired,
    /// A federated user (signed in through a simulated social or OIDC provider).
    ExternalProvider,
}

impl UserStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Unconfirmed => "UNCONFIRMED",
            UserStatus::Confirmed => "CONFIRMED",
            UserStatus::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            UserStatus::ResetRequired => "RESET_REQUIRED",
            UserStatus::ExternalProvider => "EXTERNAL_PROVIDER",
        }
    }
}

/// A stored password: SRP salt and verifier only (the password itself is never kept).
#[derive(Clone)]
pub struct PasswordRecord {
    pub salt: BigUint,
    pub verifier: BigUint,
    /// `srp::password_check` of the password: proves a plaintext password (USER_PASSWORD_AUTH,
    /// PASSWORD, ChangePassword) with two SHA-256 runs instead of a 3072-bit modexp.
    pub check: [u8; 32],
    /// For temporary passwords: expiry (ms).
    pub expires_ms: Option<u64>,
}

/// A one-time code with expiry and failure counting. `Debug` hides the code.
#[derive(Clone)]
pub struct OneTimeCode {
    pub code: String,
    pub expires_ms: u64,
    pub failed: u32,
}

impl std::fmt::Debug for OneTimeCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OneTimeCode(expires_ms={}, failed={})", self.expires_ms, self.failed)
    }
}

/// Outcome of checking a code.
#[derive(Debug, PartialEq, Eq)]
pub enum CodeCheck {
    Ok,
    Mismatch,
    Expired,
}

impl OneTimeCode {
    pub fn check(&mut self, given: &str, now_ms: u64) -> CodeCheck {
        if now_ms >= self.expires_ms {
            return CodeCheck::Expired;
        }
        if subtle::ConstantTimeEq::ct_eq(self.code.as_bytes(), given.trim().as_bytes()).into() {
            CodeCheck::Ok
        } else {
            self.failed = self.failed.saturating_add(1);
            CodeCheck::Mismatch
        }
    }
}

/// MFA methods enabled for a user.
#[derive(Debug, Clone, Default)]
pub struct MfaSettings {
    pub sms: bool,
    pub totp: bool,
    pub email: bool,
    /// `SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`.
    pub preferred: Option<String>,
}

impl MfaSettings {
    /// Enabled methods as challenge names, in Cognito's order.
    pub fn enabled(&self) -> Vec<String> {
        let mut v = Vec::new();
        if self.sms {
            v.push("SMS_MFA".to_string());
        }
        if self.totp {
            v.push("SOFTWARE_TOKEN_MFA".to_string());
        }
        if self.email {
            v.push("EMAIL_OTP".to_string());
        }
        v
    }
}

/// A user of a pool.
#[derive(Clone)]
pub struct User {
    pub username: String,
    pub sub: String,
    /// All attributes except `sub` (which is added on output).
    pub attributes: BTreeMap<String, String>,
    pub status: UserStatus,
    pub enabled: bool,
    pub password: Option<PasswordRecord>,
    pub created_ms: u64,
    pub modified_ms: u64,
    pub mfa: MfaSettings,
    /// Verified TOTP secret (raw bytes).
    pub totp_secret: Option<Vec<u8>>,
    /// Secret from AssociateSoftwareToken (AccessToken form) awaiting VerifySoftwareToken.
    pub totp_pending: Option<Vec<u8>>,
    pub confirm_code: Option<OneTimeCode>,
    /// Attribute the sign-up code went to (`email` / `phone_number`).
    pub confirm_attr: Option<String>,
    pub reset_code: Option<OneTimeCode>,
    pub attr_codes: BTreeMap<String, OneTimeCode>,
    pub passkeys: Vec<Passkey>,
    /// Consecutive wrong passwords and the lockout they caused (emulator ms).
    pub failed_logins: u32,
    pub locked_until_ms: u64,
    /// Consecutive wrong MFA codes and the lockout they caused (emulator ms).
    pub failed_mfa: u32,
    pub mfa_locked_until_ms: u64,
    /// Recent ForgotPassword and ChangePassword calls (emulator ms), for their per-user quota.
    pub forgot_password_calls: Vec<u64>,
    pub change_password_calls: Vec<u64>,
    /// Pending StartWebAuthnRegistration: (challenge, client id, expiry ms).
    pub webauthn_registration: Option<(Vec<u8>, String, u64)>,
    /// Set once tokens were issued for this user (the ConfirmSignUp session only
    /// works for a first sign-in).
    pub signed_in: bool,
    /// Tracked devices (pools with a `DeviceConfiguration`), by device key.
    pub devices: BTreeMap<String, Device>,
}

/// A device Cognito tracks for a user: created when a sign-in returns `NewDeviceMetadata`,
/// confirmed by ConfirmDevice (which stores its SRP salt and verifier).
#[derive(Clone)]
pub struct Device {
    pub key: String,
    pub group_key: String,
    pub name: Option<String>,
    /// `(salt, verifier)` from ConfirmDevice; `None` while unconfirmed.
    pub secret: Option<(BigUint, BigUint)>,
    pub remembered: bool,
    pub created_ms: u64,
    pub modified_ms: u64,
    pub last_authenticated_ms: u64,
}

impl User {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
    pub fn verified(&self, attr: &str) -> bool {
        self.attr(attr).is_some() && self.attr(&format!("{attr}_verified")) == Some("true")
    }
    /// Attributes as Cognito `[{Name, Value}]`, `sub` first.
    pub fn attribute_list(&self) -> serde_json::Value {
        let mut v = vec![serde_json::json!({"Name": "sub", "Value": self.sub})];
        for (k, val) in &self.attributes {
            v.push(serde_json::json!({"Name": k, "Value": val}));
        }
        serde_json::Value::Array(v)
    }
}

/// A registered passkey.
#[derive(Debug, Clone)]
pub struct Passkey {
    pub id: Vec<u8>,
    /// The verified credential (public key, counter, flags) as webauthn-rs-core keeps it.
    pub credential: crate::webauthn::Credential,
    pub transports: Vec<String>,
    pub attachment: Option<String>,
    pub friendly_name: String,
    pub created_ms: u64,
}

/// A user pool with its clients and users.
pub struct Pool {
    pub id: String,
    pub cfg: PoolConfig,
    pub clients: BTreeMap<String, Client>,
    /// Keyed by the normalised (case-folded unless case-sensitive) username.
    pub users: BTreeMap<String, User>,
    pub created_ms: u64,
    pub modified_ms: u64,
}

/// An app client.
pub struct Client {
    pub id: String,
    pub secret: Option<String>,
    pub cfg: ClientConfig,
    pub created_ms: u64,
    pub modified_ms: u64,
}

impl Pool {
    /// The storage key of a name (see `names::fold`).
    pub fn key(&self, username: &str) -> String {
        crate::names::fold(username, self.cfg.case_sensitive)
    }

    /// Resolve a sign-in name: the username itself, or (for `usernameAttributes`
    /// pools) the email/phone, or (for `aliasAttributes` pools) a verified alias of a
    /// confirmed user. Returns the storage key.
    pub fn find(&self, name: &str) -> Option<String> {
        let key = self.key(name);
        if self.users.contains_key(&key) {
            return Some(key);
        }
        let fold = |s: &str| self.key(s);
        let wanted = fold(name);
        // Federated users sign in through their provider only: no email/phone/alias look-up.
        let native = |u: &User| u.status != UserStatus::ExternalProvider;
        for attr in &self.cfg.username_attributes {
            if let Some((k, _)) = self.users.iter().find(|(_, u)| {
                native(u) && u.attr(attr).map(fold).as_deref() == Some(wanted.as_str())
            }) {
                return Some(k.clone());
            }
        }
        for attr in &self.cfg.alias_attributes {
            if let Some((k, _)) = self.users.iter().find(|(_, u)| {
                u.status != UserStatus::Unconfirmed
                    && native(u)
                    && u.attr(attr).map(fold).as_deref() == Some(wanted.as_str())
                    && (attr == "preferred_username" || u.verified(attr))
            }) {
                return Some(k.clone());
            }
        }
        None
    }

    pub fn user(&self, name: &str) -> Option<&User> {
        self.find(name).and_then(|k| self.users.get(&k))
    }

    pub fn user_mut(&mut self, name: &str) -> Option<&mut User> {
        let k = self.find(name)?;
        self.users.get_mut(&k)
    }
}

/// First factor used in an auth flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Factor {
    Password,
    EmailOtp,
    SmsOtp,
    WebAuthn,
    SignUpCode,
    Custom,
}

/// Progress of one sign-in attempt, carried from session to session.
#[derive(Debug, Clone, Default)]
pub struct AuthProgress {
    /// `USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `CUSTOM_AUTH`, `USER_AUTH`.
    pub flow: String,
    pub first_factor: Option<Factor>,
    pub new_password_done: bool,
    /// CUSTOM_AUTH: index of the next round to issue.
    pub custom_round: usize,
    pub mfa_done: bool,
    /// The `DEVICE_KEY` the client sent last (InitiateAuth or a challenge answer).
    pub device_key: Option<String>,
    /// DEVICE_PASSWORD_VERIFIER answered for `device_key`.
    pub device_done: bool,
}

/// The step a pending session waits for. Only the auth/MFA/sign-up actions create
/// these; callers see nothing but an opaque random `Session` string. `Debug` shows the
/// challenge name only (no codes, answers or SRP state).
#[derive(Clone)]
pub enum Step {
    /// Returned by SignUp (accepted back by ConfirmSignUp).
    SignUp,
    /// Returned by ConfirmSignUp: first sign-in through InitiateAuth USER_AUTH.
    SignUpConfirmed,
    SelectChallenge {
        available: Vec<String>,
    },
    /// USER_AUTH PASSWORD chosen without a password: respond with PASSWORD.
    PasswordChallenge,
    /// USER_AUTH PASSWORD_SRP chosen without SRP_A: respond with SRP_A.
    PasswordSrpChallenge,
    /// `user_id` = internal username for the SRP math (for a simulated challenge of
    /// an unknown user, `Pending::user_key` is `None` and the exchange always fails).
    PasswordVerifier {
        handshake: ServerHandshake,
        secret_block: Vec<u8>,
        user_id: String,
    },
    /// EMAIL_OTP as first factor (`mfa: false`) or MFA; `setup_email` when the code
    /// verifies an address entered in MFA_SETUP.
    EmailOtp {
        code: OneTimeCode,
        mfa: bool,
        setup_email: Option<String>,
    },
    /// SMS_OTP (first factor) or SMS_MFA.
    SmsOtp {
        code: OneTimeCode,
        mfa: bool,
    },
    SoftwareTokenMfa,
    SelectMfaType {
        options: Vec<String>,
    },
    MfaSetup {
        options: Vec<String>,
        totp_secret: Option<Vec<u8>>,
        totp_verified: bool,
    },
    NewPasswordRequired,
    Custom {
        round: usize,
        answer: String,
    },
    /// WEB_AUTHN assertion with this challenge.
    WebAuthn {
        challenge: Vec<u8>,
    },
    /// DEVICE_SRP_AUTH for a confirmed device: respond with its SRP_A.
    DeviceSrpAuth {
        device_key: String,
    },
    /// DEVICE_PASSWORD_VERIFIER: the device's SRP proof (poolName := DeviceGroupKey,
    /// userId := DeviceKey).
    DevicePasswordVerifier {
        handshake: ServerHandshake,
        secret_block: Vec<u8>,
        device_key: String,
    },
}

impl std::fmt::Debug for Step {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::SignUp => f.write_str("Step(SignUp)"),
            Step::SignUpConfirmed => f.write_str("Step(SignUpConfirmed)"),
            other => write!(f, "Step({})", other.challenge_name()),
        }
    }
}

impl Step {
    /// The `ChallengeName` a response to this step must carry.
    pub fn challenge_name(&self) -> &'static str {
        match self {
            Step::SignUp | Step::SignUpConfirmed => "",
            Step::SelectChallenge { .. } => "SELECT_CHALLENGE",
            Step::PasswordChallenge => "PASSWORD",
            Step::PasswordSrpChallenge => "PASSWORD_SRP",
            Step::PasswordVerifier { .. } => "PASSWORD_VERIFIER",
            Step::EmailOtp { .. } => "EMAIL_OTP",
            Step::SmsOtp { mfa: false, .. } => "SMS_OTP",
            Step::SmsOtp { mfa: true, .. } => "SMS_MFA",
            Step::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Step::SelectMfaType { .. } => "SELECT_MFA_TYPE",
            Step::MfaSetup { .. } => "MFA_SETUP",
            Step::NewPasswordRequired => "NEW_PASSWORD_REQUIRED",
            Step::Custom { .. } => "CUSTOM_CHALLENGE",
            Step::WebAuthn { .. } => "WEB_AUTHN",
            Step::DeviceSrpAuth { .. } => "DEVICE_SRP_AUTH",
            Step::DevicePasswordVerifier { .. } => "DEVICE_PASSWORD_VERIFIER",
        }
    }
}

/// A pending session.
#[derive(Debug, Clone)]
pub struct Pending {
    pub pool_id: String,
    pub client_id: String,
    /// Storage key of the user; `None` for a simulated flow of an unknown user.
    pub user_key: Option<String>,
    pub expires_ms: u64,
    pub failed: u32,
    pub step: Step,
    pub progress: AuthProgress,
}

/// State of a sign-in's token family (one refresh token, many access/id tokens).
#[derive(Clone)]
pub struct Origin {
    pub pool_id: String,
    pub client_id: String,
    pub user_key: String,
    pub sub: String,
    pub refresh_token: String,
    pub refresh_expires_ms: u64,
    pub auth_time: u64,
    pub revoked: bool,
    /// The device the family was issued to (access-token `device_key` claim).
    pub device_key: Option<String>,
    /// OAuth scopes granted at the token endpoint (hosted UI); `None` for a sign-in through
    /// the JSON API (scope `aws.cognito.signin.user.admin`).
    pub scopes: Option<Vec<String>>,
}

impl std::fmt::Debug for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Origin")
            .field("pool_id", &self.pool_id)
            .field("client_id", &self.client_id)
            .field("user_key", &self.user_key)
            .field("refresh_token", &"<redacted>")
            .field("revoked", &self.revoked)
            .finish()
    }
}

/// One message of the dev inbox.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboxMessage {
    pub user_pool_id: String,
    pub username: String,
    pub destination: String,
    pub medium: String,
    pub purpose: String,
    pub code: String,
    /// Emulator clock, epoch milliseconds.
    pub created_at: u64,
    #[serde(skip)]
    pub aliases: Vec<String>,
}

/// Everything the emulator keeps.
#[derive(Default)]
pub struct Store {
    pub pools: BTreeMap<String, Pool>,
    /// client id -> pool id
    pub client_index: HashMap<String, String>,
    pub sessions: HashMap<String, Pending>,
    /// PASSWORD_VERIFIER secret block (base64, as sent) -> its session, for SRP answers
    /// that come without a `Session` (pycognito, boto3 scripts).
    pub secret_blocks: HashMap<String, String>,
    /// Sessions already consumed (to tell "used once" from "unknown").
    pub used_sessions: HashMap<String, u64>,
    /// origin_jti -> token family
    pub origins: HashMap<String, Origin>,
    /// refresh token -> origin_jti (rotated-out tokens stay, to answer RefreshTokenReuseException)
    pub refresh_index: HashMap<String, String>,
    /// rotated-out refresh token -> end of its grace period (ms)
    pub rotated_out: HashMap<String, u64>,
    pub inbox: Vec<InboxMessage>,
    /// Cognito Identity: identity pools by id.
    pub identity_pools: BTreeMap<String, IdentityPool>,
    /// Identities by id (`<region>:<uuid>`).
    pub identities: HashMap<String, Identity>,
    /// `identity pool id \0 provider name \0 sub` -> identity id.
    pub identity_logins: HashMap<String, String>,
    /// Unauthenticated identities, oldest first (the first evicted past the cap).
    pub guest_order: std::collections::VecDeque<String>,
}

/// An identity pool.
#[derive(Debug, Clone)]
pub struct IdentityPool {
    pub id: String,
    pub cfg: crate::config::IdentityPoolConfig,
}

/// An identity of an identity pool: a guest, or linked to one user-pool login.
#[derive(Debug, Clone)]
pub struct Identity {
    pub id: String,
    pub pool_id: String,
    /// `(provider name, sub)` of each linked login; empty for a guest.
    pub logins: Vec<(String, String)>,
    pub created_ms: u64,
    pub modified_ms: u64,
}

impl Store {
    pub fn pool_of_client(&self, client_id: &str) -> Option<&str> {
        self.client_index.get(client_id).map(String::as_str)
    }
}
