//! The emulator's WebAuthn relying party. Every check is done by `webauthn-rs-core`
//! (clientDataJSON type, challenge and origin; rpIdHash; user presence/verification;
//! the attestation statement; the COSE key and its algorithm; the assertion signature;
//! the signature counter; excluded credentials). This module only adapts Cognito's
//! pool settings and the emulator's seeded challenges to it; the Cognito-shaped option
//! JSON and the error codes live in `actions/passkeys.rs`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde::{de::DeserializeOwned, Serialize};
use std::time::Duration;
use url::Url;
use webauthn_rs_core::error::WebauthnError;
use webauthn_rs_core::proto::{AuthenticationResult, CredentialID};
use webauthn_rs_core::WebauthnCore;
use webauthn_rs_proto::{
    AttestationConveyancePreference, COSEAlgorithm, PublicKeyCredential,
    RegisterPublicKeyCredential, UserVerificationPolicy,
};

pub use webauthn_rs_core::proto::Credential;

/// Ceremony timeout sent in the options (ms).
pub const TIMEOUT_MS: u64 = 180_000;

/// The algorithms offered in `pubKeyCredParams` and accepted at registration.
pub fn algorithms() -> Vec<COSEAlgorithm> {
    vec![COSEAlgorithm::ES256, COSEAlgorithm::RS256]
}

/// Why a WebAuthn payload was rejected; mapped to Cognito errors by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAuthnError {
    /// Malformed JSON/CBOR/base64, missing members, or an attestation that does not verify.
    Malformed(String),
    ChallengeMismatch,
    OriginNotAllowed,
    RelyingPartyMismatch,
    UserNotPresent,
    UserNotVerified,
    /// Key type or algorithm not offered, or a credential in `excludeCredentials`.
    UnsupportedKey,
    /// The assertion was made with a credential that is not the user's.
    UnknownCredential,
    BadSignature,
    CounterRegressed,
    /// Backup eligibility went from true to false (or backed up without being eligible).
    BackupStateInconsistent,
}

impl WebAuthnError {
    fn from_core(e: WebauthnError, signing: bool) -> Self {
        use WebauthnError as E;
        match e {
            E::MismatchedChallenge | E::ChallengeNotFound => WebAuthnError::ChallengeMismatch,
            // A cross-origin (iframe) ceremony is an origin this relying party does not allow.
            E::InvalidRPOrigin | E::CredentialCrossOrigin => WebAuthnError::OriginNotAllowed,
            E::InvalidRPIDHash => WebAuthnError::RelyingPartyMismatch,
            E::UserNotPresent => WebAuthnError::UserNotPresent,
            E::UserNotVerified => WebAuthnError::UserNotVerified,
            E::CredentialNotFound => WebAuthnError::UnknownCredential,
            E::AuthenticationFailure => WebAuthnError::BadSignature,
            // In an assertion OpenSSL only runs the signature check (e.g. a signature that is not DER).
            E::OpenSSLError(_) if signing => WebAuthnError::BadSignature,
            E::CredentialPossibleCompromise => WebAuthnError::CounterRegressed,
            E::CredentialBackupEligibilityInconsistent | E::CredentialMayNotBeHardwareBound => {
                WebAuthnError::BackupStateInconsistent
            }
            E::CredentialAlteredAlgFromRequest
            | E::CredentialExcludedFromRequest
            | E::CredentialInsecureCryptography
            | E::COSEKeyInvalidType
            | E::COSEKeyEDUnsupported
            | E::COSEKeyECDSAXYInvalid
            | E::COSEKeyRSANEInvalid
            | E::COSEKeyECDSAInvalidCurve
            | E::COSEKeyEDDSAXInvalid
            | E::COSEKeyEDDSAInvalidCurve
            | E::COSEKeyInvalidAlgorithm
            | E::COSEKeyInvalidCBORValue
            | E::ECDSACurveInvalidNid
            | E::OpenSSLErrorNoCurveName
            | E::OpenSSLError(_) => WebAuthnError::UnsupportedKey,
            E::InvalidClientDataType => WebAuthnError::Malformed("clientDataJSON type".into()),
            other => WebAuthnError::Malformed(other.to_string()),
        }
    }
}

/// Decode b64url (padding and the standard alphabet tolerated).
pub fn b64url(s: &str) -> Option<Vec<u8>> {
    let t: String = s
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    URL_SAFE_NO_PAD.decode(t).ok()
}

/// A pool's relying party: its id, name and user-verification setting.
pub struct RelyingParty {
    core: WebauthnCore,
    policy: UserVerificationPolicy,
}

impl RelyingParty {
    /// `user_verification` is the pool's setting: `required`, else preferred.
    pub fn new(rp_id: &str, rp_name: &str, user_verification: &str) -> Self {
        // Allowed origins: the RP id or any subdomain of it, any port, over https and also
        // http (the emulator serves dev pages such as http://localhost:5173).
        let origins = ["https", "http"]
            .iter()
            .filter_map(|s| Url::parse(&format!("{s}://{rp_id}")).ok())
            .collect();
        let core = WebauthnCore::new_unsafe_experts_only(
            rp_name,
            rp_id,
            origins,
            Duration::from_millis(TIMEOUT_MS),
            Some(true),
            Some(true),
        );
        let policy = if user_verification == "required" {
            UserVerificationPolicy::Required
        } else {
            UserVerificationPolicy::Preferred
        };
        RelyingParty { core, policy }
    }

    /// Verify a registration response against the challenge sent by
    /// StartWebAuthnRegistration; `existing` are the user's credentials (excluded).
    pub fn register(
        &self,
        challenge: &[u8],
        user: (&[u8], &str, &str),
        existing: &[Credential],
        response: &RegisterPublicKeyCredential,
    ) -> Result<Credential, WebAuthnError> {
        let (user_id, name, display) = user;
        let exclude: Vec<CredentialID> = existing.iter().map(|c| c.cred_id.clone()).collect();
        let builder = self
            .core
            .new_challenge_register_builder(user_id, name, display)
            .map_err(|e| WebAuthnError::from_core(e, false))?
            .attestation(AttestationConveyancePreference::None)
            .user_verification_policy(self.policy)
            .credential_algorithms(algorithms())
            .require_resident_key(true)
            .exclude_credentials(Some(exclude));
        let (_, state) = self
            .core
            .generate_challenge_register(builder)
            .map_err(|e| WebAuthnError::from_core(e, false))?;
        let state = with_challenge(state, challenge)?;
        self.core
            .register_credential(response, &state, None)
            .map_err(|e| WebAuthnError::from_core(e, false))
    }

    /// Verify an assertion against the challenge of the WEB_AUTHN step and the user's
    /// credentials. The caller stores the new counter.
    pub fn authenticate(
        &self,
        challenge: &[u8],
        creds: &[Credential],
        response: &PublicKeyCredential,
    ) -> Result<AuthenticationResult, WebAuthnError> {
        // Cognito requires UV by the pool's *current* setting only; webauthn-rs-core would also
        // demand it when the credential was registered with UV (or under `required`).
        let creds = creds
            .iter()
            .cloned()
            .map(|mut c| {
                c.registration_policy = self.policy;
                c.user_verified = false;
                c
            })
            .collect();
        let builder = self
            .core
            .new_challenge_authenticate_builder(creds, Some(self.policy))
            .map_err(|e| WebAuthnError::from_core(e, true))?
            .allow_backup_eligible_upgrade(true);
        let (_, state) = self
            .core
            .generate_challenge_authenticate(builder)
            .map_err(|e| WebAuthnError::from_core(e, true))?;
        let state = with_challenge(state, challenge)?;
        self.core
            .authenticate_credential(response, &state)
            .map_err(|e| WebAuthnError::from_core(e, true))
    }
}

/// webauthn-rs-core only makes ceremony states with a challenge from its own RNG, but the
/// emulator draws every challenge from its seeded RNG (`--seed` makes runs reproducible)
/// and sends it before the state is needed. The states are serde types meant to be
/// persisted, so the emulator's challenge is put in through that form.
fn with_challenge<T: Serialize + DeserializeOwned>(
    state: T,
    challenge: &[u8],
) -> Result<T, WebAuthnError> {
    let bad = |_| WebAuthnError::Malformed("ceremony state".into());
    let mut v = serde_json::to_value(state).map_err(bad)?;
    let slot = v.get_mut("challenge").ok_or(WebAuthnError::Malformed("ceremony state".into()))?;
    *slot = serde_json::Value::String(URL_SAFE_NO_PAD.encode(challenge));
    serde_json::from_value(v).map_err(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn b64url_is_tolerant() {
        assert_eq!(b64url("-_8="), Some(vec![0xfb, 0xff]));
        assert_eq!(b64url("+/8"), Some(vec![0xfb, 0xff]));
        assert_eq!(b64url("***"), None);
    }
}
