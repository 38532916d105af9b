//! Signed-in user operations: attributes and MFA settings (pure request building and reading).

use super::session::{attribute_pairs, with_access_token};
use super::{str_enum, MfaType};
use crate::error::{AuthError, Validation};
use crate::json::{Json, Obj};
use crate::protocol::{Action, Request};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// GetUser (attributes, MFA settings).
pub fn get_user(access_token: &Secret) -> Request {
    with_access_token(Action::GetUser, access_token, Obj::new(), true)
}

/// `fetchUserAttributes` output pairs.
pub fn user_attributes(v: &Json) -> Vec<(String, String)> {
    attribute_pairs(v.get("UserAttributes"))
}

/// AssociateSoftwareToken with the access token (`setUpTOTP`).
pub fn associate_token(access_token: &Secret) -> Request {
    with_access_token(Action::AssociateSoftwareToken, access_token, Obj::new(), false)
}

/// The `SecretCode` of AssociateSoftwareToken.
pub fn secret_code(v: &Json) -> Result<Secret, AuthError> {
    v.str("SecretCode")
        .map(Secret::new)
        .ok_or(AuthError::Protocol("AssociateSoftwareToken without SecretCode"))
}

/// VerifySoftwareToken with the access token (`verifyTOTPSetup`).
pub fn verify_token(
    access_token: &Secret,
    code: &str,
    friendly_device_name: Option<&str>,
) -> Result<Request, AuthError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Validation::EmptyVerifyTOTPSetupCode.into());
    }
    let rest = Obj::new().set("UserCode", code).opt("FriendlyDeviceName", friendly_device_name);
    Ok(with_access_token(Action::VerifySoftwareToken, access_token, rest, false))
}

/// Whether VerifySoftwareToken accepted the code.
pub fn verified(v: &Json) -> Result<(), AuthError> {
    if v.str("Status") == Some("SUCCESS") {
        Ok(())
    } else {
        Err(AuthError::Service {
            code: "EnableSoftwareTokenMFAException".into(),
            message: "The authenticator code was not accepted".into(),
        })
    }
}

str_enum! {
    /// Amplify's `MFAPreference` for `updateMFAPreference`.
    #[allow(non_camel_case_types, missing_docs)]
    MfaPreference {
        ENABLED = "ENABLED",
        DISABLED = "DISABLED",
        PREFERRED = "PREFERRED",
        NOT_PREFERRED = "NOT_PREFERRED",
    }
    Validation::InvalidInput
}

fn settings(p: MfaPreference) -> Json {
    let o = Obj::new().set("Enabled", p != MfaPreference::DISABLED);
    match p {
        MfaPreference::PREFERRED => o.set("PreferredMfa", true),
        MfaPreference::NOT_PREFERRED => o.set("PreferredMfa", false),
        _ => o,
    }
    .build()
}

/// SetUserMFAPreference from `{ sms?, totp?, email? }`.
pub fn set_mfa_preference(
    access_token: &Secret,
    sms: Option<MfaPreference>,
    totp: Option<MfaPreference>,
    email: Option<MfaPreference>,
) -> Request {
    let rest = Obj::new()
        .opt("SMSMfaSettings", sms.map(settings))
        .opt("SoftwareTokenMfaSettings", totp.map(settings))
        .opt("EmailMfaSettings", email.map(settings));
    with_access_token(Action::SetUserMFAPreference, access_token, rest, false)
}

/// `fetchMFAPreference`: enabled types and the preferred one, from GetUser.
pub fn mfa_preference(v: &Json) -> (Vec<MfaType>, Option<MfaType>) {
    let enabled = v
        .get("UserMFASettingList")
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(Json::as_str).filter_map(MfaType::from_challenge).collect())
        .unwrap_or_default();
    (enabled, v.str("PreferredMfaSetting").and_then(MfaType::from_challenge))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mfa_preference_requests() {
        let r = set_mfa_preference(
            &Secret::new("at"),
            Some(MfaPreference::DISABLED),
            Some(MfaPreference::PREFERRED),
            None,
        );
        assert_eq!(
            r.body.to_json(),
            r#"{"SMSMfaSettings":{"Enabled":false},"SoftwareTokenMfaSettings":{"Enabled":true,"PreferredMfa":true},"AccessToken":"at"}"#
        );
    }

    #[test]
    fn reads_mfa_settings() {
        let v = Json::parse(r#"{"UserMFASettingList":["SMS_MFA","SOFTWARE_TOKEN_MFA","EMAIL_OTP"],"PreferredMfaSetting":"SOFTWARE_TOKEN_MFA"}"#).unwrap();
        assert_eq!(
            mfa_preference(&v),
            (vec![MfaType::Sms, MfaType::Totp, MfaType::Email], Some(MfaType::Totp))
        );
        assert_eq!(mfa_preference(&Json::parse("{}").unwrap()), (vec![], None));
    }

    #[test]
    fn verify_needs_a_code() {
        assert_eq!(
            verify_token(&Secret::new("at"), " ", None).unwrap_err(),
            AuthError::Validation(Validation::EmptyVerifyTOTPSetupCode)
        );
        assert!(verified(&Json::parse(r#"{"Status":"ERROR"}"#).unwrap()).is_err());
    }
}
