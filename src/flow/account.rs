//! Signed-in user operations: attributes and MFA settings (pure request building and reading).

use super::session::{attribute_pairs, with_access_token, TokenRequest};
use super::{str_enum, MfaType};
use crate::error::{AuthError, Validation};
use crate::json::{Json, Obj};
use crate::protocol::{Action, CodeDelivery, Request};
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

/// ChangePassword (`updatePassword`). Sent once: a wrong old password counts towards the
/// lockout.
///
/// # Errors
/// `EmptyUpdatePassword` when either password is empty.
pub fn change_password(
    old_password: &Secret,
    new_password: &Secret,
) -> Result<TokenRequest, AuthError> {
    if old_password.is_empty() || new_password.is_empty() {
        return Err(Validation::EmptyUpdatePassword.into());
    }
    let rest = Obj::new()
        .set("PreviousPassword", old_password.expose())
        .set("ProposedPassword", new_password.expose());
    Ok(TokenRequest::new(Action::ChangePassword, rest, false))
}

fn require_key(key: &str) -> Result<&str, AuthError> {
    Some(key.trim()).filter(|k| !k.is_empty()).ok_or(Validation::EmptyUserAttributeKey.into())
}

/// UpdateUserAttributes (`updateUserAttributes`). Sent once: a changed email or phone number
/// gets a verification code.
///
/// # Errors
/// `InvalidParameterException` for no attributes or an empty name.
pub fn update_attributes(
    attributes: &[(String, String)],
    client_metadata: &[(String, String)],
) -> Result<TokenRequest, AuthError> {
    for (k, _) in attributes {
        require_key(k)?;
    }
    let list = super::attribute_list(attributes).ok_or(Validation::EmptyUserAttributeKey)?;
    let rest = Obj::new().set("UserAttributes", list).map("ClientMetadata", client_metadata);
    Ok(TokenRequest::new(Action::UpdateUserAttributes, rest, false))
}

/// What `updateUserAttributes` reports for one attribute: updated, or waiting for the code
/// sent to `delivery`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttributeUpdate {
    /// The attribute name.
    pub name: String,
    /// Where the verification code went, when the new value needs confirming.
    pub delivery: Option<CodeDelivery>,
}

/// The outcome per attribute, as Amplify builds it: every attribute asked for is updated,
/// except those in `CodeDeliveryDetailsList`, which wait for a code.
pub fn updated_attributes(asked: &[(String, String)], v: &Json) -> Vec<AttributeUpdate> {
    let pending: Vec<CodeDelivery> = v
        .get("CodeDeliveryDetailsList")
        .and_then(Json::as_array)
        .map(|a| a.iter().map(CodeDelivery::read).filter(|d| d.attribute_name.is_some()).collect())
        .unwrap_or_default();
    let mut out: Vec<AttributeUpdate> = asked
        .iter()
        .filter(|(k, _)| !pending.iter().any(|d| d.attribute_name.as_deref() == Some(k)))
        .map(|(k, _)| AttributeUpdate { name: k.clone(), delivery: None })
        .collect();
    out.extend(pending.into_iter().map(|d| AttributeUpdate {
        name: d.attribute_name.clone().unwrap_or_default(),
        delivery: Some(d),
    }));
    out
}

/// VerifyUserAttribute (`confirmUserAttribute`). Sent once: it carries a one-time code.
///
/// # Errors
/// `EmptyConfirmUserAttributeCode`; `InvalidParameterException` for an empty attribute name.
pub fn verify_attribute(key: &str, code: &str) -> Result<TokenRequest, AuthError> {
    let code = code.trim();
    if code.is_empty() {
        return Err(Validation::EmptyConfirmUserAttributeCode.into());
    }
    let rest = Obj::new().set("AttributeName", require_key(key)?).set("Code", code);
    Ok(TokenRequest::new(Action::VerifyUserAttribute, rest, false))
}

/// GetUserAttributeVerificationCode (`sendUserAttributeVerificationCode`). Sent once: it
/// sends a code.
///
/// # Errors
/// `InvalidParameterException` for an empty attribute name.
pub fn send_attribute_code(
    key: &str,
    client_metadata: &[(String, String)],
) -> Result<TokenRequest, AuthError> {
    let rest =
        Obj::new().set("AttributeName", require_key(key)?).map("ClientMetadata", client_metadata);
    Ok(TokenRequest::new(Action::GetUserAttributeVerificationCode, rest, false))
}

/// Where GetUserAttributeVerificationCode sent the code.
pub fn code_delivery(v: &Json) -> CodeDelivery {
    v.get("CodeDeliveryDetails").map(CodeDelivery::read).unwrap_or_default()
}

/// DeleteUserAttributes (`deleteUserAttributes`). An empty list is sent as Amplify sends it
/// (Cognito answers it, changing nothing).
///
/// # Errors
/// `InvalidParameterException` for an empty name.
pub fn delete_attributes(keys: &[String]) -> Result<TokenRequest, AuthError> {
    let names = keys.iter().map(|k| require_key(k).map(Json::from)).collect::<Result<_, _>>()?;
    let rest = Obj::new().set("UserAttributeNames", Json::Arr(names));
    Ok(TokenRequest::new(Action::DeleteUserAttributes, rest, true))
}

/// DeleteUser (`deleteUser`). Sent once: repeated after the user is gone it would fail.
pub fn delete_user(access_token: &Secret) -> Request {
    with_access_token(Action::DeleteUser, access_token, Obj::new(), false)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
        p.iter().map(|(k, v)| (String::from(*k), String::from(*v))).collect()
    }

    fn body(r: Result<TokenRequest, AuthError>) -> String {
        r.ok().unwrap().with(&Secret::new("at")).body.to_json()
    }

    #[test]
    fn account_requests() {
        let r = change_password(&Secret::new("old"), &Secret::new("new")).ok().unwrap();
        let r = r.with(&Secret::new("at"));
        assert_eq!(r.action, Action::ChangePassword);
        assert_eq!(
            r.body.to_json(),
            r#"{"PreviousPassword":"old","ProposedPassword":"new","AccessToken":"at"}"#
        );
        for (old, new) in [("", "n"), ("o", "")] {
            assert_eq!(
                change_password(&Secret::new(old), &Secret::new(new)).err(),
                Some(AuthError::Validation(Validation::EmptyUpdatePassword))
            );
        }
        assert_eq!(
            body(update_attributes(&pairs(&[("email", "a@b.c")]), &pairs(&[("k", "v")]))),
            r#"{"UserAttributes":[{"Name":"email","Value":"a@b.c"}],"ClientMetadata":{"k":"v"},"AccessToken":"at"}"#
        );
        let empty = Some(AuthError::Validation(Validation::EmptyUserAttributeKey));
        assert_eq!(update_attributes(&[], &[]).err(), empty);
        assert_eq!(update_attributes(&pairs(&[(" ", "x")]), &[]).err(), empty);
        assert_eq!(
            body(verify_attribute("email", " 123456 ")),
            r#"{"AttributeName":"email","Code":"123456","AccessToken":"at"}"#
        );
        assert_eq!(
            verify_attribute("email", " ").err(),
            Some(AuthError::Validation(Validation::EmptyConfirmUserAttributeCode))
        );
        assert_eq!(verify_attribute("", "1").err(), empty);
        assert_eq!(
            body(send_attribute_code("phone_number", &[])),
            r#"{"AttributeName":"phone_number","AccessToken":"at"}"#
        );
        assert_eq!(
            body(delete_attributes(&["custom:a".into(), "nickname".into()])),
            r#"{"UserAttributeNames":["custom:a","nickname"],"AccessToken":"at"}"#
        );
        assert_eq!(body(delete_attributes(&[])), r#"{"UserAttributeNames":[],"AccessToken":"at"}"#);
        assert_eq!(delete_attributes(&["".into()]).err(), empty);
        assert_eq!(delete_user(&Secret::new("at")).action, Action::DeleteUser);
    }

    #[test]
    fn attribute_updates_as_amplify_reports_them() {
        let asked = pairs(&[("name", "Ann"), ("email", "new@example.com")]);
        let v = Json::parse(r#"{"CodeDeliveryDetailsList":[{"AttributeName":"email","DeliveryMedium":"EMAIL","Destination":"n***@e***"}]}"#).unwrap();
        let out = updated_attributes(&asked, &v);
        assert_eq!(out.len(), 2);
        assert_eq!((out[0].name.as_str(), out[0].delivery.is_none()), ("name", true));
        assert_eq!(out[1].name, "email");
        assert_eq!(out[1].delivery.as_ref().unwrap().destination.as_deref(), Some("n***@e***"));
        let none = Json::parse("{}").unwrap();
        assert!(updated_attributes(&asked, &none).iter().all(|u| u.delivery.is_none()));
        let d = code_delivery(
            &Json::parse(
                r#"{"CodeDeliveryDetails":{"AttributeName":"email","DeliveryMedium":"EMAIL"}}"#,
            )
            .unwrap(),
        );
        assert_eq!(d.attribute_name.as_deref(), Some("email"));
    }

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
