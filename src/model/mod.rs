//! Amplify v6-shaped inputs and outputs (camelCase JSON) <-> the flow types. Pure.

pub mod account;
pub mod config;
pub mod ts;

use crate::error::{AuthError, Validation};
use crate::flow::challenge::{SignInStep, Waiting};
use crate::flow::password_reset::ConfirmResetInput;
use crate::flow::sign_in::{Answer, Pending, SignInInput};
use crate::flow::sign_up::{
    AutoSignInOptions, ConfirmSignUpInput, SignUpInput, SignUpResult, SignUpStep,
};
use crate::flow::{AuthFlow, FirstFactor};
use crate::json::{Json, Obj};
use crate::protocol::CodeDelivery;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// A required input object.
fn object(v: &Json) -> Result<&Json, AuthError> {
    match v {
        Json::Obj(_) => Ok(v),
        _ => Err(Validation::InvalidInput.into()),
    }
}

/// An optional string member; any other type is an input error.
fn opt_str(v: &Json, key: &str) -> Result<Option<String>, AuthError> {
    match v.get(key) {
        None | Some(Json::Null) => Ok(None),
        Some(Json::Str(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Validation::InvalidInput.into()),
    }
}

/// A string→string map member (`userAttributes`, `clientMetadata`).
fn string_map(v: Option<&Json>, key: &str) -> Result<Vec<(String, String)>, AuthError> {
    match v.and_then(|v| v.get(key)) {
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(Json::Obj(m)) => m
            .iter()
            .map(|(k, v)| match v {
                Json::Str(s) => Ok((k.clone(), s.clone())),
                _ => Err(Validation::InvalidInput.into()),
            })
            .collect(),
        Some(_) => Err(Validation::InvalidInput.into()),
    }
}

fn options(v: &Json) -> Option<&Json> {
    v.get("options").filter(|o| !o.is_null())
}

/// `authFlowType` and `preferredChallenge` of an options object.
fn flow_of(
    o: Option<&Json>,
    default: AuthFlow,
) -> Result<(AuthFlow, Option<FirstFactor>), AuthError> {
    let flow = match o.map(|o| opt_str(o, "authFlowType")).transpose()?.flatten() {
        Some(f) => AuthFlow::parse(&f)?,
        None => default,
    };
    let preferred = o.map(|o| opt_str(o, "preferredChallenge")).transpose()?.flatten();
    let preferred = preferred.map(|p| FirstFactor::parse(&p)).transpose()?;
    Ok((flow, preferred))
}

/// `signUp` input.
pub fn sign_up_input(v: &Json) -> Result<SignUpInput, AuthError> {
    let v = object(v)?;
    let o = options(v);
    let auto = match o.and_then(|o| o.get("autoSignIn")) {
        None | Some(Json::Null | Json::Bool(false)) => None,
        Some(Json::Bool(true)) => Some(AutoSignInOptions {
            flow: AuthFlow::UserSrp,
            preferred: None,
            client_metadata: Vec::new(),
        }),
        Some(a @ Json::Obj(_)) => {
            let (flow, preferred) = flow_of(Some(a), AuthFlow::UserSrp)?;
            Some(AutoSignInOptions {
                flow,
                preferred,
                client_metadata: string_map(Some(a), "clientMetadata")?,
            })
        }
        Some(_) => return Err(Validation::InvalidInput.into()),
    };
    Ok(SignUpInput {
        username: opt_str(v, "username")?.unwrap_or_default(),
        password: opt_str(v, "password")?.map(Secret::new),
        user_attributes: string_map(o, "userAttributes")?,
        validation_data: string_map(o, "validationData")?,
        client_metadata: string_map(o, "clientMetadata")?,
        auto,
    })
}

/// `confirmSignUp` input.
pub fn confirm_sign_up_input(v: &Json) -> Result<ConfirmSignUpInput, AuthError> {
    let v = object(v)?;
    let o = options(v);
    Ok(ConfirmSignUpInput {
        username: opt_str(v, "username")?.unwrap_or_default(),
        code: Secret::new(opt_str(v, "confirmationCode")?.unwrap_or_default()),
        client_metadata: string_map(o, "clientMetadata")?,
        force_alias_creation: o.and_then(|o| o.get("forceAliasCreation")).and_then(Json::as_bool),
    })
}

/// `{ username, options?: { clientMetadata } }` (resendSignUpCode, resetPassword).
pub fn username_input(v: &Json) -> Result<(String, Vec<(String, String)>), AuthError> {
    let v = object(v)?;
    Ok((opt_str(v, "username")?.unwrap_or_default(), string_map(options(v), "clientMetadata")?))
}

/// `signIn` input.
pub fn sign_in_input(v: &Json) -> Result<SignInInput, AuthError> {
    let v = object(v)?;
    let o = options(v);
    let (flow, preferred) = flow_of(o, AuthFlow::UserSrp)?;
    Ok(SignInInput {
        username: opt_str(v, "username")?.unwrap_or_default(),
        password: opt_str(v, "password")?.map(Secret::new),
        flow,
        preferred,
        client_metadata: string_map(o, "clientMetadata")?,
    })
}

/// `confirmSignIn` input.
pub fn confirm_sign_in_input(v: &Json) -> Result<Answer, AuthError> {
    let v = object(v)?;
    let o = options(v);
    Ok(Answer {
        response: Secret::new(opt_str(v, "challengeResponse")?.unwrap_or_default()),
        user_attributes: string_map(o, "userAttributes")?,
        client_metadata: string_map(o, "clientMetadata")?,
        friendly_device_name: o.map(|o| opt_str(o, "friendlyDeviceName")).transpose()?.flatten(),
    })
}

/// `confirmResetPassword` input.
pub fn confirm_reset_input(v: &Json) -> Result<ConfirmResetInput, AuthError> {
    let v = object(v)?;
    Ok(ConfirmResetInput {
        username: opt_str(v, "username")?.unwrap_or_default(),
        code: Secret::new(opt_str(v, "confirmationCode")?.unwrap_or_default()),
        new_password: Secret::new(opt_str(v, "newPassword")?.unwrap_or_default()),
        client_metadata: string_map(options(v), "clientMetadata")?,
    })
}

/// `codeDeliveryDetails`.
pub fn code_delivery(d: &CodeDelivery) -> Json {
    Obj::new()
        .opt("destination", d.destination.as_deref())
        .opt("deliveryMedium", d.delivery_medium.as_deref())
        .opt("attributeName", d.attribute_name.as_deref())
        .build()
}

fn strings<'a>(items: impl Iterator<Item = &'a str>) -> Json {
    Json::Arr(items.map(Json::from).collect())
}

/// `signUp` / `confirmSignUp` output.
pub fn sign_up_output(r: &SignUpResult) -> Json {
    let step = match &r.step {
        SignUpStep::ConfirmSignUp(d) => Obj::new()
            .set("signUpStep", "CONFIRM_SIGN_UP")
            .set("codeDeliveryDetails", code_delivery(d)),
        SignUpStep::CompleteAutoSignIn => Obj::new().set("signUpStep", "COMPLETE_AUTO_SIGN_IN"),
        SignUpStep::Done => Obj::new().set("signUpStep", "DONE"),
    };
    Obj::new()
        .set("isSignUpComplete", r.complete)
        .opt("userId", r.user_id.as_deref())
        .set("nextStep", step)
        .build()
}

/// A sign-in output for a step without extra fields (DONE, CONFIRM_SIGN_UP, RESET_PASSWORD).
pub fn sign_in_output_bare(step: SignInStep) -> Json {
    Obj::new()
        .set("isSignedIn", step == SignInStep::DONE)
        .set("nextStep", Obj::new().set("signInStep", step.as_str()))
        .build()
}

/// The sign-in output for a pending step, with that step's fields.
pub fn sign_in_output(p: &Pending) -> Json {
    let step = Obj::new().set("signInStep", p.step().as_str());
    let step = match &p.waiting {
        Waiting::SmsMfaCode { delivery }
        | Waiting::SmsOtpCode { delivery }
        | Waiting::EmailCode { delivery } => {
            step.set("codeDeliveryDetails", code_delivery(delivery))
        }
        Waiting::MfaSelection { allowed } | Waiting::MfaSetupSelection { allowed } => {
            step.set("allowedMFATypes", strings(allowed.iter().map(|t| t.as_str())))
        }
        Waiting::TotpSetup { shared_secret } => {
            step.set("totpSetupDetails", Obj::new().set("sharedSecret", shared_secret.expose()))
        }
        Waiting::FirstFactorSelection { available } => {
            step.set("availableChallenges", strings(available.iter().map(String::as_str)))
        }
        Waiting::CustomChallenge { params } => step.set(
            "additionalInfo",
            Json::Obj(params.iter().map(|(k, v)| (k.clone(), Json::Str(v.clone()))).collect()),
        ),
        Waiting::NewPassword { missing } => {
            step.set("missingAttributes", strings(missing.iter().map(String::as_str)))
        }
        Waiting::TotpCode | Waiting::EmailSetup | Waiting::Password { .. } => step,
    };
    Obj::new().set("isSignedIn", false).set("nextStep", step).build()
}

/// `resetPassword` output.
pub fn reset_password_output(d: &CodeDelivery) -> Json {
    Obj::new()
        .set("isPasswordReset", false)
        .set(
            "nextStep",
            Obj::new()
                .set("resetPasswordStep", "CONFIRM_RESET_PASSWORD_WITH_CODE")
                .set("codeDeliveryDetails", code_delivery(d)),
        )
        .build()
}

/// `getCurrentUser` output: `{ username, userId, signInDetails? }`.
pub fn current_user(u: &crate::flow::session::CurrentUser) -> Json {
    Obj::new()
        .set("username", u.username.as_str())
        .set("userId", u.user_id.as_str())
        .opt("signInDetails", u.sign_in_details.clone())
        .build()
}

/// A string map as a JSON object (`fetchUserAttributes`).
pub fn string_object(pairs: &[(String, String)]) -> Json {
    Json::Obj(pairs.iter().map(|(k, v)| (k.clone(), Json::Str(v.clone()))).collect())
}

/// `fetchMFAPreference` output: `{ enabled?, preferred? }`.
pub fn mfa_preference(
    enabled: &[crate::flow::MfaType],
    preferred: Option<crate::flow::MfaType>,
) -> Json {
    let enabled = (!enabled.is_empty()).then(|| strings(enabled.iter().map(|t| t.as_str())));
    Obj::new().opt("enabled", enabled).opt("preferred", preferred.map(|t| t.as_str())).build()
}

/// `otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}` with the label and
/// issuer percent-encoded (Amplify leaves them raw, which breaks on spaces and `:`).
pub fn totp_setup_uri(app_name: &str, account_name: &str, shared_secret: &str) -> String {
    let mut uri = String::from("otpauth://totp/");
    percent_encode(app_name, &mut uri);
    uri.push(':');
    percent_encode(account_name, &mut uri);
    uri.push_str("?secret=");
    percent_encode(shared_secret, &mut uri);
    uri.push_str("&issuer=");
    percent_encode(app_name, &mut uri);
    uri
}

fn percent_encode(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 15) as usize] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::challenge::PasswordVia;
    use crate::flow::sign_in::Who;
    use crate::flow::MfaType;

    fn j(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    #[test]
    fn passwordless_sign_up_input() {
        let i = sign_up_input(&j(
            r#"{"username":"ann","options":{"userAttributes":{"email":"a@example.com"},"autoSignIn":{"authFlowType":"USER_AUTH"}}}"#,
        ))
        .unwrap();
        assert_eq!(i.username, "ann");
        assert!(i.password.is_none());
        assert_eq!(i.user_attributes, [("email".into(), "a@example.com".into())]);
        let auto = i.auto.unwrap();
        assert_eq!((auto.flow, auto.preferred), (AuthFlow::UserAuth, None));
    }

    #[test]
    fn auto_sign_in_true_means_srp() {
        let i =
            sign_up_input(&j(r#"{"username":"a","password":"p","options":{"autoSignIn":true}}"#))
                .unwrap();
        assert_eq!(i.auto.unwrap().flow, AuthFlow::UserSrp);
        let i = sign_up_input(&j(r#"{"username":"a","options":{"autoSignIn":false}}"#)).unwrap();
        assert!(i.auto.is_none());
    }

    #[test]
    fn wrong_shapes_are_typed_errors() {
        for bad in [
            r#""just a string""#,
            r#"{"username":5}"#,
            r#"{"username":"a","options":{"userAttributes":{"email":1}}}"#,
            r#"{"username":"a","options":{"autoSignIn":"yes"}}"#,
        ] {
            assert_eq!(
                sign_up_input(&j(bad)).unwrap_err(),
                AuthError::Validation(Validation::InvalidInput),
                "{bad}"
            );
        }
        assert_eq!(
            sign_in_input(&j(r#"{"username":"a","options":{"authFlowType":"MAGIC"}}"#))
                .unwrap_err(),
            AuthError::Validation(Validation::InvalidAuthFlowType)
        );
        assert_eq!(
            sign_in_input(&j(r#"{"username":"a","options":{"authFlowType":"USER_AUTH","preferredChallenge":"SMS"}}"#)).unwrap_err(),
            AuthError::Validation(Validation::InvalidPreferredChallenge)
        );
    }

    #[test]
    fn sign_up_outputs() {
        let r = SignUpResult {
            complete: false,
            user_id: Some("sub-1".into()),
            step: SignUpStep::ConfirmSignUp(CodeDelivery {
                destination: Some("a***@e***".into()),
                delivery_medium: Some("EMAIL".into()),
                attribute_name: Some("email".into()),
            }),
        };
        assert_eq!(
            sign_up_output(&r).to_json(),
            r#"{"isSignUpComplete":false,"userId":"sub-1","nextStep":{"signUpStep":"CONFIRM_SIGN_UP","codeDeliveryDetails":{"destination":"a***@e***","deliveryMedium":"EMAIL","attributeName":"email"}}}"#
        );
        let r =
            SignUpResult { complete: true, user_id: None, step: SignUpStep::CompleteAutoSignIn };
        assert_eq!(
            sign_up_output(&r).to_json(),
            r#"{"isSignUpComplete":true,"nextStep":{"signUpStep":"COMPLETE_AUTO_SIGN_IN"}}"#
        );
    }

    fn pending(waiting: Waiting) -> Pending {
        Pending {
            who: Who {
                username: "u".into(),
                login_id: "u".into(),
                flow: AuthFlow::UserAuth,
                device: None,
            },
            session: Secret::new("s"),
            expires_at_ms: 1,
            waiting,
        }
    }

    #[test]
    fn sign_in_outputs_carry_their_fields() {
        let out = sign_in_output(&pending(Waiting::MfaSelection {
            allowed: vec![MfaType::Sms, MfaType::Totp],
        }));
        assert_eq!(
            out.to_json(),
            r#"{"isSignedIn":false,"nextStep":{"signInStep":"CONTINUE_SIGN_IN_WITH_MFA_SELECTION","allowedMFATypes":["SMS","TOTP"]}}"#
        );
        let out = sign_in_output(&pending(Waiting::FirstFactorSelection {
            available: vec!["PASSWORD".into(), "WEB_AUTHN".into()],
        }));
        assert_eq!(
            out.get("nextStep").unwrap().get("availableChallenges").unwrap().to_json(),
            r#"["PASSWORD","WEB_AUTHN"]"#
        );
        let out = sign_in_output(&pending(Waiting::Password {
            via: PasswordVia::Selection { srp: true },
        }));
        assert_eq!(
            out.to_json(),
            r#"{"isSignedIn":false,"nextStep":{"signInStep":"CONFIRM_SIGN_IN_WITH_PASSWORD"}}"#
        );
        let out = sign_in_output(&pending(Waiting::CustomChallenge {
            params: vec![("q".into(), "2+2".into())],
        }));
        assert_eq!(
            out.get("nextStep").unwrap().get("additionalInfo").unwrap().to_json(),
            r#"{"q":"2+2"}"#
        );
        assert_eq!(
            sign_in_output_bare(SignInStep::DONE).to_json(),
            r#"{"isSignedIn":true,"nextStep":{"signInStep":"DONE"}}"#
        );
    }

    #[test]
    fn setup_uri_is_encoded() {
        assert_eq!(
            totp_setup_uri("My App", "ann@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/My%20App:ann@example.com?secret=JBSWY3DPEHPK3PXP&issuer=My%20App"
        );
    }
}
