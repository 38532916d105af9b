//! Cognito challenge → what the user is asked next (pure mapping), and Amplify's step names.

use super::{string_list, FirstFactor, MfaType};
use crate::error::AuthError;
use crate::protocol::{AuthResponse, ChallengeName, CodeDelivery};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

pub use super::steps::SignInStep;

/// How a password answer is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordVia {
    /// As the `ANSWER` of SELECT_CHALLENGE, after the user picked PASSWORD / PASSWORD_SRP.
    Selection {
        /// PASSWORD_SRP rather than PASSWORD.
        srp: bool,
    },
    /// As the response to a PASSWORD / PASSWORD_SRP challenge.
    Challenge {
        /// PASSWORD_SRP rather than PASSWORD.
        srp: bool,
    },
}

/// What a pending sign-in waits for from the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Waiting {
    /// SMS_MFA code.
    SmsMfaCode {
        /// Where it went.
        delivery: CodeDelivery,
    },
    /// SMS_OTP first-factor code.
    SmsOtpCode {
        /// Where it went.
        delivery: CodeDelivery,
    },
    /// EMAIL_OTP code (first factor or MFA: Cognito uses one challenge for both).
    EmailCode {
        /// Where it went.
        delivery: CodeDelivery,
    },
    /// SOFTWARE_TOKEN_MFA code.
    TotpCode,
    /// SELECT_MFA_TYPE.
    MfaSelection {
        /// Offered types.
        allowed: Vec<MfaType>,
    },
    /// MFA_SETUP with more than one type to set up.
    MfaSetupSelection {
        /// Offered types (TOTP, EMAIL).
        allowed: Vec<MfaType>,
    },
    /// MFA_SETUP by email: an address is needed.
    EmailSetup,
    /// MFA_SETUP by TOTP: the authenticator's first code is needed.
    TotpSetup {
        /// The shared secret (base32) to show as a QR code.
        shared_secret: Secret,
    },
    /// SELECT_CHALLENGE.
    FirstFactorSelection {
        /// `AvailableChallenges`, as Cognito spelled them.
        available: Vec<String>,
    },
    /// A password is needed.
    Password {
        /// How it is sent.
        via: PasswordVia,
    },
    /// CUSTOM_CHALLENGE.
    CustomChallenge {
        /// Public challenge parameters.
        params: Vec<(String, String)>,
    },
    /// NEW_PASSWORD_REQUIRED.
    NewPassword {
        /// Required attributes without a value (prefix `userAttributes.` removed).
        missing: Vec<String>,
    },
}

impl Waiting {
    /// The Amplify step this waiting state is shown as.
    pub fn step(&self) -> SignInStep {
        match self {
            Waiting::SmsMfaCode { .. } | Waiting::SmsOtpCode { .. } => {
                SignInStep::CONFIRM_SIGN_IN_WITH_SMS_CODE
            }
            Waiting::EmailCode { .. } => SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE,
            Waiting::TotpCode => SignInStep::CONFIRM_SIGN_IN_WITH_TOTP_CODE,
            Waiting::MfaSelection { .. } => SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SELECTION,
            Waiting::MfaSetupSelection { .. } => {
                SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION
            }
            Waiting::EmailSetup => SignInStep::CONTINUE_SIGN_IN_WITH_EMAIL_SETUP,
            Waiting::TotpSetup { .. } => SignInStep::CONTINUE_SIGN_IN_WITH_TOTP_SETUP,
            Waiting::FirstFactorSelection { .. } => {
                SignInStep::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION
            }
            Waiting::Password { .. } => SignInStep::CONFIRM_SIGN_IN_WITH_PASSWORD,
            Waiting::CustomChallenge { .. } => SignInStep::CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE,
            Waiting::NewPassword { .. } => SignInStep::CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED,
        }
    }
}

/// MFA types Amplify offers for setup in-flow (SMS setup needs a phone number and a new
/// sign-in, so it is left out as Amplify does).
pub fn setup_types(resp: &AuthResponse) -> Vec<MfaType> {
    let mut v: Vec<MfaType> = string_list(resp.param("MFAS_CAN_SETUP"))
        .iter()
        .filter_map(|c| MfaType::from_challenge(c))
        .filter(|t| *t != MfaType::Sms)
        .collect();
    v.dedup();
    v
}

/// The user-facing waiting state for a challenge that needs the user. Challenges the driver
/// answers by itself (PASSWORD_VERIFIER, WEB_AUTHN, MFA_SETUP with one type) are not mapped
/// here.
pub fn waiting_for(resp: &AuthResponse) -> Result<Waiting, AuthError> {
    let challenge = resp.challenge.as_ref().ok_or(AuthError::Protocol("no challenge"))?;
    Ok(match challenge {
        ChallengeName::SMS_MFA => {
            Waiting::SmsMfaCode { delivery: CodeDelivery::from_params(&resp.params) }
        }
        ChallengeName::SMS_OTP => {
            Waiting::SmsOtpCode { delivery: CodeDelivery::from_params(&resp.params) }
        }
        ChallengeName::EMAIL_OTP => {
            Waiting::EmailCode { delivery: CodeDelivery::from_params(&resp.params) }
        }
        ChallengeName::SOFTWARE_TOKEN_MFA => Waiting::TotpCode,
        ChallengeName::SELECT_MFA_TYPE => Waiting::MfaSelection {
            allowed: string_list(resp.param("MFAS_CAN_CHOOSE"))
                .iter()
                .filter_map(|c| MfaType::from_challenge(c))
                .collect(),
        },
        ChallengeName::MFA_SETUP => match setup_types(resp).as_slice() {
            [MfaType::Email] => Waiting::EmailSetup,
            [] => return Err(AuthError::Protocol("MFA_SETUP offers neither TOTP nor EMAIL")),
            types => Waiting::MfaSetupSelection { allowed: types.into() },
        },
        ChallengeName::SELECT_CHALLENGE => Waiting::FirstFactorSelection {
            available: resp
                .available
                .iter()
                .filter(|c| FirstFactor::parse(c).is_ok())
                .cloned()
                .collect(),
        },
        ChallengeName::PASSWORD => Waiting::Password { via: PasswordVia::Challenge { srp: false } },
        ChallengeName::PASSWORD_SRP => {
            Waiting::Password { via: PasswordVia::Challenge { srp: true } }
        }
        ChallengeName::CUSTOM_CHALLENGE => Waiting::CustomChallenge {
            params: resp.params.iter().filter(|(k, _)| k != "USERNAME").cloned().collect(),
        },
        ChallengeName::NEW_PASSWORD_REQUIRED => Waiting::NewPassword {
            missing: string_list(resp.param("requiredAttributes"))
                .into_iter()
                .map(|a| a.strip_prefix("userAttributes.").map(Into::into).unwrap_or(a))
                .collect(),
        },
        _ => return Err(AuthError::Protocol("a challenge this client does not handle")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    fn resp(json: &str) -> AuthResponse {
        AuthResponse::read(&Json::parse(json).unwrap()).unwrap()
    }

    #[test]
    fn maps_each_user_challenge() {
        let cases: &[(&str, SignInStep)] = &[
            (
                r#"{"ChallengeName":"SMS_MFA","ChallengeParameters":{"CODE_DELIVERY_DESTINATION":"+***1","CODE_DELIVERY_DELIVERY_MEDIUM":"SMS"}}"#,
                SignInStep::CONFIRM_SIGN_IN_WITH_SMS_CODE,
            ),
            (r#"{"ChallengeName":"SMS_OTP"}"#, SignInStep::CONFIRM_SIGN_IN_WITH_SMS_CODE),
            (r#"{"ChallengeName":"EMAIL_OTP"}"#, SignInStep::CONFIRM_SIGN_IN_WITH_EMAIL_CODE),
            (
                r#"{"ChallengeName":"SOFTWARE_TOKEN_MFA"}"#,
                SignInStep::CONFIRM_SIGN_IN_WITH_TOTP_CODE,
            ),
            (
                r#"{"ChallengeName":"SELECT_MFA_TYPE","ChallengeParameters":{"MFAS_CAN_CHOOSE":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"}}"#,
                SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SELECTION,
            ),
            (
                r#"{"ChallengeName":"MFA_SETUP","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}}"#,
                SignInStep::CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION,
            ),
            (
                r#"{"ChallengeName":"MFA_SETUP","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SMS_MFA\",\"EMAIL_OTP\"]"}}"#,
                SignInStep::CONTINUE_SIGN_IN_WITH_EMAIL_SETUP,
            ),
            (
                r#"{"ChallengeName":"SELECT_CHALLENGE","AvailableChallenges":["PASSWORD","WEB_AUTHN"]}"#,
                SignInStep::CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION,
            ),
            (r#"{"ChallengeName":"PASSWORD"}"#, SignInStep::CONFIRM_SIGN_IN_WITH_PASSWORD),
            (r#"{"ChallengeName":"PASSWORD_SRP"}"#, SignInStep::CONFIRM_SIGN_IN_WITH_PASSWORD),
            (
                r#"{"ChallengeName":"CUSTOM_CHALLENGE","ChallengeParameters":{"q":"2+2?","USERNAME":"u"}}"#,
                SignInStep::CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE,
            ),
            (
                r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ChallengeParameters":{"requiredAttributes":"[\"userAttributes.given_name\"]"}}"#,
                SignInStep::CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED,
            ),
        ];
        for (json, step) in cases {
            assert_eq!(waiting_for(&resp(json)).unwrap().step(), *step, "{json}");
        }
    }

    #[test]
    fn extracts_step_details() {
        let w = waiting_for(&resp(r#"{"ChallengeName":"SELECT_MFA_TYPE","ChallengeParameters":{"MFAS_CAN_CHOOSE":"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]"}}"#)).unwrap();
        assert_eq!(
            w,
            Waiting::MfaSelection { allowed: vec![MfaType::Sms, MfaType::Totp, MfaType::Email] }
        );
        let w = waiting_for(&resp(r#"{"ChallengeName":"NEW_PASSWORD_REQUIRED","ChallengeParameters":{"requiredAttributes":"[\"userAttributes.given_name\",\"userAttributes.family_name\"]","userAttributes":"{}"}}"#)).unwrap();
        assert_eq!(
            w,
            Waiting::NewPassword { missing: vec!["given_name".into(), "family_name".into()] }
        );
        let w = waiting_for(&resp(r#"{"ChallengeName":"CUSTOM_CHALLENGE","ChallengeParameters":{"q":"2+2?","USERNAME":"u"}}"#)).unwrap();
        assert_eq!(w, Waiting::CustomChallenge { params: vec![("q".into(), "2+2?".into())] });
        let w = waiting_for(&resp(r#"{"ChallengeName":"SELECT_CHALLENGE","AvailableChallenges":["PASSWORD","FUTURE_THING","EMAIL_OTP"]}"#)).unwrap();
        assert_eq!(
            w,
            Waiting::FirstFactorSelection {
                available: vec!["PASSWORD".into(), "EMAIL_OTP".into()]
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_map() {
        assert!(waiting_for(&resp(r#"{"ChallengeName":"MFA_SETUP","ChallengeParameters":{"MFAS_CAN_SETUP":"[\"SMS_MFA\"]"}}"#)).is_err());
        assert!(waiting_for(&resp(r#"{"ChallengeName":"SOMETHING_NEW"}"#)).is_err());
        assert!(waiting_for(&resp(r#"{"ChallengeName":"DEVICE_SRP_AUTH"}"#)).is_err());
    }
}
