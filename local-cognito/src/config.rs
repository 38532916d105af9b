//! Emulator, pool and app-client configuration (JSON, camelCase). See README.md.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Default pool id used when no `--config` is given.
pub const DEFAULT_POOL_ID: &str = "us-east-1_LocalPool1";
/// Default app client id used when no `--config` is given.
pub const DEFAULT_CLIENT_ID: &str = "localclient00000000000000001";
/// Default identity pool id used when no `--config` is given (`<region>:<uuid>`).
pub const DEFAULT_IDENTITY_POOL_ID: &str = "us-east-1:10ca1c09-0000-4000-8000-000000000001";

/// Top-level configuration: optional RNG seed and the pools to create.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EmulatorConfig {
    /// Seed for all randomness (codes, sessions, keys, subs). `None` = OS entropy.
    pub seed: Option<u64>,
    /// Base URL used for token `iss` until the HTTP shell sets the real one.
    pub base_url: Option<String>,
    /// Allowed skew in seconds between an SRP `TIMESTAMP` and the wall clock.
    pub srp_timestamp_skew_seconds: Option<u64>,
    /// Pools to create; empty = one default pool with one default client.
    pub pools: Vec<PoolConfig>,
    /// Identity pools (Cognito Identity) to create. Empty together with `pools` = the default
    /// identity pool, bound to the default pool and client.
    pub identity_pools: Vec<IdentityPoolConfig>,
}

impl EmulatorConfig {
    /// The default configuration: one pool, one client, as in docs/architecture.md.
    pub fn default_pool() -> Self {
        EmulatorConfig {
            pools: vec![PoolConfig::default_local()],
            identity_pools: vec![IdentityPoolConfig::default_local()],
            ..Default::default()
        }
    }
}

/// An identity pool (Cognito Identity's `IdentityPool`, members in camelCase).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentityPoolConfig {
    /// `<region>:<uuid>`; generated (region us-east-1) when absent.
    pub id: Option<String>,
    /// `IdentityPoolName`: 1–128 of `[\w ]`.
    pub name: String,
    pub allow_unauthenticated_identities: bool,
    /// Stored and returned (the basic flow is not served).
    pub allow_classic_flow: bool,
    /// User pools whose ID tokens GetId, GetCredentialsForIdentity and GetOpenIdToken accept.
    pub cognito_identity_providers: Vec<IdentityProviderConfig>,
    /// SetIdentityPoolRoles' `Roles`: `authenticated` / `unauthenticated` → role ARN. Stored
    /// and required (as Cognito requires them) but never evaluated.
    pub roles: BTreeMap<String, String>,
    /// Members stored and returned verbatim in Cognito's shapes (`SupportedLoginProviders`,
    /// `DeveloperProviderName`, `OpenIdConnectProviderARNs`, `SamlProviderARNs`,
    /// `IdentityPoolTags`, `RoleMappings`).
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub stored: serde_json::Map<String, serde_json::Value>,
}

/// Cognito Identity's `CognitoIdentityProvider`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct IdentityProviderConfig {
    /// `cognito-idp.<region>.amazonaws.com/<userPoolId>`.
    pub provider_name: String,
    /// An app client of that user pool (the ID token's `aud`).
    pub client_id: String,
    /// Also check with the user pool that the user exists, is enabled and was not signed out.
    pub server_side_token_check: bool,
}

impl IdentityProviderConfig {
    /// The provider of a user pool's client, named as Cognito names it.
    pub fn for_user_pool(user_pool_id: &str, client_id: &str) -> Self {
        IdentityProviderConfig {
            provider_name: provider_name(user_pool_id),
            client_id: client_id.into(),
            server_side_token_check: false,
        }
    }
}

/// `cognito-idp.<region>.amazonaws.com/<userPoolId>` (the region is the id's prefix).
pub fn provider_name(user_pool_id: &str) -> String {
    let region = user_pool_id.split('_').next().unwrap_or_default();
    format!("cognito-idp.{region}.amazonaws.com/{user_pool_id}")
}

impl Default for IdentityPoolConfig {
    fn default() -> Self {
        IdentityPoolConfig {
            id: None,
            name: "local_identities".into(),
            allow_unauthenticated_identities: false,
            allow_classic_flow: false,
            cognito_identity_providers: vec![],
            roles: BTreeMap::new(),
            stored: serde_json::Map::new(),
        }
    }
}

impl IdentityPoolConfig {
    /// The default identity pool: the default user pool and client, guests allowed, and
    /// placeholder roles (stored, never evaluated).
    pub fn default_local() -> Self {
        IdentityPoolConfig {
            id: Some(DEFAULT_IDENTITY_POOL_ID.into()),
            allow_unauthenticated_identities: true,
            cognito_identity_providers: vec![IdentityProviderConfig::for_user_pool(
                DEFAULT_POOL_ID,
                DEFAULT_CLIENT_ID,
            )],
            roles: BTreeMap::from([
                ("authenticated".into(), LOCAL_AUTH_ROLE.into()),
                ("unauthenticated".into(), LOCAL_UNAUTH_ROLE.into()),
            ]),
            ..Default::default()
        }
    }
}

/// Placeholder role ARNs of the default identity pool.
pub const LOCAL_AUTH_ROLE: &str = "arn:aws:iam::000000000000:role/local-cognito-authenticated";
pub const LOCAL_UNAUTH_ROLE: &str = "arn:aws:iam::000000000000:role/local-cognito-unauthenticated";

/// MFA mode of a pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum MfaMode {
    #[default]
    Off,
    Optional,
    On,
}

/// Password policy (Cognito defaults).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PasswordPolicy {
    pub minimum_length: usize,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_numbers: bool,
    pub require_symbols: bool,
    /// Days a temporary password (AdminCreateUser) stays valid.
    pub temporary_password_validity_days: u64,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

/// One round of the simulated custom-auth triggers.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomRound {
    /// Returned as `ChallengeParameters` (plus `USERNAME`).
    pub public_challenge_parameters: BTreeMap<String, String>,
    /// Expected `ANSWER`. When absent a 6-digit code is generated per round and written
    /// to the inbox (purpose `CUSTOM_CHALLENGE`).
    pub answer: Option<String>,
}

/// Simulated Define/Create/Verify Auth Challenge triggers.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomAuthConfig {
    pub rounds: Vec<CustomRound>,
    /// Wrong answers allowed per round before the flow fails (NotAuthorizedException).
    pub max_attempts: u32,
}

impl Default for CustomAuthConfig {
    fn default() -> Self {
        CustomAuthConfig { rounds: Vec::new(), max_attempts: 3 }
    }
}

/// A user created at startup.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SeedUser {
    pub username: String,
    pub password: Option<String>,
    pub attributes: BTreeMap<String, String>,
    /// Default true: CONFIRMED; false: UNCONFIRMED.
    pub confirmed: Option<bool>,
}

/// A user pool.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PoolConfig {
    /// `region_Id`; generated when absent.
    pub id: Option<String>,
    pub name: String,
    pub mfa: MfaMode,
    /// Enabled MFA types: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`.
    pub mfa_types: Vec<String>,
    /// USER_AUTH first factors: `PASSWORD`, `EMAIL_OTP`, `SMS_OTP`, `WEB_AUTHN`.
    pub allowed_first_auth_factors: Vec<String>,
    pub password_policy: PasswordPolicy,
    /// `email` and/or `phone_number` used as the sign-in username.
    pub username_attributes: Vec<String>,
    /// `email`, `phone_number`, `preferred_username` usable as aliases.
    pub alias_attributes: Vec<String>,
    pub auto_verified_attributes: Vec<String>,
    pub required_attributes: Vec<String>,
    /// Simulate a pre-sign-up trigger that auto-confirms every sign-up.
    pub auto_confirm: bool,
    /// With `autoConfirm`, also mark the email/phone verified (autoVerifyEmail/Phone).
    pub auto_verify_on_auto_confirm: bool,
    /// Usernames compared case-sensitively (Cognito default: false).
    pub case_sensitive: bool,
    /// Validity of sign-up / attribute verification codes.
    pub code_validity_seconds: u64,
    /// Validity of ForgotPassword codes.
    pub reset_code_validity_seconds: u64,
    /// Wrong codes accepted for ConfirmSignUp/ConfirmForgotPassword before
    /// TooManyFailedAttemptsException.
    pub max_code_attempts: u32,
    pub custom_auth: Option<CustomAuthConfig>,
    pub relying_party_id: String,
    /// WebAuthn user verification: `preferred` (default) or `required`.
    pub webauthn_user_verification: String,
    /// Cognito's `DeviceConfiguration` (stored and returned; device tracking is not emulated).
    pub device_configuration: Option<DeviceConfiguration>,
    /// Cognito's `AdminCreateUserConfig.AllowAdminCreateUserOnly`: SignUp is refused
    /// (NotAuthorizedException); users come from AdminCreateUser.
    pub allow_admin_create_user_only: bool,
    /// Cognito's `DeletionProtection` `ACTIVE`: DeleteUserPool answers InvalidParameterException.
    pub deletion_protection: bool,
    /// Settings of CreateUserPool/UpdateUserPool that change nothing here (`LambdaConfig`,
    /// `EmailConfiguration`, `UserPoolTags`, `Schema`, …), kept in Cognito's own JSON shapes
    /// and returned by DescribeUserPool.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub stored: serde_json::Map<String, serde_json::Value>,
    pub clients: Vec<ClientConfig>,
    pub users: Vec<SeedUser>,
}

/// Cognito's `DeviceConfigurationType`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DeviceConfiguration {
    pub challenge_required_on_new_device: bool,
    pub device_only_remembered_on_user_prompt: bool,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            id: None,
            name: "local".into(),
            mfa: MfaMode::Off,
            mfa_types: vec!["SMS_MFA".into(), "SOFTWARE_TOKEN_MFA".into(), "EMAIL_OTP".into()],
            allowed_first_auth_factors: vec![
                "PASSWORD".into(),
                "EMAIL_OTP".into(),
                "SMS_OTP".into(),
                "WEB_AUTHN".into(),
            ],
            password_policy: PasswordPolicy::default(),
            username_attributes: vec![],
            alias_attributes: vec![],
            auto_verified_attributes: vec!["email".into()],
            required_attributes: vec![],
            auto_confirm: false,
            auto_verify_on_auto_confirm: true,
            case_sensitive: false,
            code_validity_seconds: 24 * 3600,
            reset_code_validity_seconds: 3600,
            max_code_attempts: 5,
            custom_auth: None,
            relying_party_id: "localhost".into(),
            webauthn_user_verification: "preferred".into(),
            device_configuration: None,
            allow_admin_create_user_only: false,
            deletion_protection: false,
            stored: serde_json::Map::new(),
            clients: vec![],
            users: vec![],
        }
    }
}

/// The longest duration a config may give (10 years, Cognito's longest refresh-token
/// validity): every validity, expiry and lockout is computed in u64 milliseconds from it.
pub const MAX_VALIDITY_SECONDS: u64 = 315_360_000;

impl PoolConfig {
    /// Rejects durations and limits outside what the emulator's arithmetic accepts.
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in [
            ("codeValiditySeconds", self.code_validity_seconds),
            ("resetCodeValiditySeconds", self.reset_code_validity_seconds),
            (
                "passwordPolicy.temporaryPasswordValidityDays",
                self.password_policy.temporary_password_validity_days.saturating_mul(86_400),
            ),
        ] {
            if v > MAX_VALIDITY_SECONDS {
                return Err(format!("{name} must be at most {MAX_VALIDITY_SECONDS} seconds"));
            }
        }
        if self.password_policy.minimum_length > 256 {
            return Err("passwordPolicy.minimumLength must be at most 256".into());
        }
        Ok(())
    }

    /// The default pool of docs/architecture.md.
    pub fn default_local() -> Self {
        let mut client = ClientConfig { id: Some(DEFAULT_CLIENT_ID.into()), ..Default::default() };
        crate::hosted::default_local_oauth(&mut client);
        PoolConfig { id: Some(DEFAULT_POOL_ID.into()), clients: vec![client], ..Default::default() }
    }
}

/// An app client.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientConfig {
    pub id: Option<String>,
    pub name: String,
    pub generate_secret: bool,
    /// Explicit secret (implies a secret client).
    pub secret: Option<String>,
    /// With or without the `ALLOW_` prefix.
    pub explicit_auth_flows: Vec<String>,
    pub prevent_user_existence_errors: bool,
    pub auth_session_validity_minutes: u64,
    pub access_token_validity_seconds: u64,
    pub id_token_validity_seconds: u64,
    pub refresh_token_validity_seconds: u64,
    pub enable_token_revocation: bool,
    /// Cognito's `RefreshTokenRotation` (absent: disabled).
    pub refresh_token_rotation: Option<RefreshTokenRotation>,
    /// The units DescribeUserPoolClient shows the validities in (Cognito's
    /// `TokenValidityUnits`; absent: hours, hours, days). The validities above stay seconds.
    pub token_validity_units: Option<TokenValidityUnits>,
    /// OAuth settings: used by the hosted UI and the OAuth 2.0 endpoints (`hosted`).
    #[serde(rename = "allowedOAuthFlows")]
    pub allowed_oauth_flows: Vec<String>,
    #[serde(rename = "allowedOAuthScopes")]
    pub allowed_oauth_scopes: Vec<String>,
    #[serde(rename = "allowedOAuthFlowsUserPoolClient")]
    pub allowed_oauth_flows_user_pool_client: bool,
    #[serde(rename = "callbackURLs")]
    pub callback_urls: Vec<String>,
    #[serde(rename = "logoutURLs")]
    pub logout_urls: Vec<String>,
    #[serde(rename = "defaultRedirectURI")]
    pub default_redirect_uri: Option<String>,
    pub supported_identity_providers: Vec<String>,
    /// Client attribute permissions, stored and returned (not enforced).
    pub read_attributes: Vec<String>,
    pub write_attributes: Vec<String>,
    /// Other CreateUserPoolClient settings without effect here, in Cognito's JSON shapes.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub stored: serde_json::Map<String, serde_json::Value>,
}

/// Cognito's `TokenValidityUnitsType`: `seconds`, `minutes`, `hours` or `days` each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TokenValidityUnits {
    pub access_token: String,
    pub id_token: String,
    pub refresh_token: String,
}

impl Default for TokenValidityUnits {
    fn default() -> Self {
        TokenValidityUnits {
            access_token: "hours".into(),
            id_token: "hours".into(),
            refresh_token: "days".into(),
        }
    }
}

/// `RefreshTokenRotationType`: with `feature: "ENABLED"`, GetTokensFromRefreshToken also
/// returns a new refresh token and the submitted one stops working after
/// `retryGracePeriodSeconds` (0–60); InitiateAuth REFRESH_TOKEN_AUTH is refused.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefreshTokenRotation {
    /// `ENABLED` or `DISABLED`.
    pub feature: String,
    #[serde(default)]
    pub retry_grace_period_seconds: u64,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            id: None,
            name: "local-client".into(),
            generate_secret: false,
            secret: None,
            explicit_auth_flows: vec![
                "USER_SRP_AUTH".into(),
                "USER_PASSWORD_AUTH".into(),
                "CUSTOM_AUTH".into(),
                "REFRESH_TOKEN_AUTH".into(),
                "USER_AUTH".into(),
            ],
            prevent_user_existence_errors: true,
            auth_session_validity_minutes: 3,
            access_token_validity_seconds: 3600,
            id_token_validity_seconds: 3600,
            refresh_token_validity_seconds: 30 * 24 * 3600,
            enable_token_revocation: true,
            refresh_token_rotation: None,
            token_validity_units: None,
            allowed_oauth_flows: vec![],
            allowed_oauth_scopes: vec![],
            allowed_oauth_flows_user_pool_client: false,
            callback_urls: vec![],
            logout_urls: vec![],
            default_redirect_uri: None,
            supported_identity_providers: vec![],
            read_attributes: vec![],
            write_attributes: vec![],
            stored: serde_json::Map::new(),
        }
    }
}

impl ClientConfig {
    /// Whether `flow` (e.g. `USER_SRP_AUTH`) is allowed on this client.
    pub fn allows(&self, flow: &str) -> bool {
        let flow = if flow == "REFRESH_TOKEN" { "REFRESH_TOKEN_AUTH" } else { flow };
        self.explicit_auth_flows.iter().any(|f| f.strip_prefix("ALLOW_").unwrap_or(f) == flow)
    }

    /// The grace period in seconds when refresh-token rotation is enabled.
    pub fn rotation_grace_seconds(&self) -> Option<u64> {
        self.refresh_token_rotation
            .as_ref()
            .filter(|r| r.feature == "ENABLED")
            .map(|r| r.retry_grace_period_seconds)
    }

    /// Rejects settings Cognito rejects, and durations too long for the emulator's
    /// millisecond arithmetic (at most [`MAX_VALIDITY_SECONDS`]).
    pub fn check(&self) -> Result<(), String> {
        for (name, v) in [
            ("accessTokenValiditySeconds", self.access_token_validity_seconds),
            ("idTokenValiditySeconds", self.id_token_validity_seconds),
            ("refreshTokenValiditySeconds", self.refresh_token_validity_seconds),
            ("authSessionValidityMinutes", self.auth_session_validity_minutes.saturating_mul(60)),
        ] {
            if v == 0 || v > MAX_VALIDITY_SECONDS {
                return Err(format!("{name} must be between 1 and {MAX_VALIDITY_SECONDS} seconds"));
            }
        }
        if let Some(r) = &self.refresh_token_rotation {
            if r.feature != "ENABLED" && r.feature != "DISABLED" {
                return Err(format!(
                    "refreshTokenRotation.feature must be ENABLED or DISABLED, not {}",
                    r.feature
                ));
            }
            if r.retry_grace_period_seconds > 60 {
                return Err("refreshTokenRotation.retryGracePeriodSeconds must be 0 to 60".into());
            }
            // Cognito: rotation cannot coexist with the REFRESH_TOKEN_AUTH flow.
            if r.feature == "ENABLED" && self.allows("REFRESH_TOKEN_AUTH") {
                return Err("refreshTokenRotation ENABLED needs REFRESH_TOKEN_AUTH removed from explicitAuthFlows".into());
            }
        }
        Ok(())
    }
}
