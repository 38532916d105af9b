//! The TypeScript declarations of the JS API. The `nextStep` unions come from the step
//! definitions in `flow::steps` (one macro makes both); the rest describes the shapes `model`
//! reads and writes, checked by the tests in this module and by `tsc` type tests.

use crate::flow::steps::{
    RESET_PASSWORD_STEP_TS, SIGN_IN_STEP_TS, SIGN_UP_STEP_TS, UPDATE_ATTRIBUTE_STEP_TS,
};

/// Plain object types of inputs and outputs.
pub const SHAPES_TS: &str = r#"
export type AuthFlowType = 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_WITH_SRP' | 'CUSTOM_WITHOUT_SRP' | 'USER_AUTH';
export type AuthFactorType = 'PASSWORD' | 'PASSWORD_SRP' | 'EMAIL_OTP' | 'SMS_OTP' | 'WEB_AUTHN';
export type AuthMFAType = 'SMS' | 'TOTP' | 'EMAIL';
export type MFAPreference = 'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED';
export type AuthUserAttributes = Record<string, string>;
export type ClientMetadata = Record<string, string>;

export interface CodeDeliveryDetails {
  destination?: string;
  deliveryMedium?: 'EMAIL' | 'SMS' | string;
  attributeName?: string;
}
export interface TOTPSetupDetails {
  sharedSecret: string;
  /** `otpauth://totp/{appName}:{accountName}?secret=…&issuer={appName}` (percent-encoded). */
  getSetupUri(appName: string, accountName?: string): string;
}

/** Amplify v6 `configure()` input, or an `amplify_outputs.json` object. */
export type AuthConfig =
  | { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint?: string; userPoolClientSecret?: string; identityPoolId?: string; allowGuestAccess?: boolean; identityPoolEndpoint?: string; loginWith?: { oauth?: OAuthConfig } } } }
  | { auth: { user_pool_id: string; user_pool_client_id: string; aws_region?: string; user_pool_endpoint?: string; identity_pool_id?: string; unauthenticated_identities_enabled?: boolean; identity_pool_endpoint?: string; oauth?: { domain: string; scopes?: string[]; redirect_sign_in_uri?: string[]; redirect_sign_out_uri?: string[]; response_type?: 'code'; identity_providers?: string[] } }; version?: string };
/** The hosted UI (`signInWithRedirect`): `domain` is `https://` (`http://` for localhost and 127.0.0.1). */
export interface OAuthConfig { domain: string; scopes: string[]; redirectSignIn: string[]; redirectSignOut: string[]; responseType: 'code'; providers?: Array<'Google' | 'Facebook' | 'Amazon' | 'Apple' | { custom: string }> }
/** A key-value store: synchronous (the Web Storage interface) or async (Amplify's KeyValueStorageInterface, e.g. its CookieStorage). */
export interface KeyValueStorage { getItem(key: string): string | null | Promise<string | null>; setItem(key: string, value: string): void | Promise<void>; removeItem(key: string): void | Promise<void> }
export interface AuthClientOptions {
  storage?: 'localStorage' | 'sessionStorage' | 'memory' | KeyValueStorage;
  /** Milliseconds a request may go unanswered before it fails with `TimeoutError` (default 30000, at most 600000). */
  requestTimeout?: number;
}

export interface AutoSignInOptions { authFlowType?: AuthFlowType; preferredChallenge?: AuthFactorType; clientMetadata?: ClientMetadata }
export interface SignUpInput {
  username: string;
  password?: string;
  options?: { userAttributes?: AuthUserAttributes; validationData?: AuthUserAttributes; clientMetadata?: ClientMetadata; autoSignIn?: boolean | AutoSignInOptions };
}
export interface SignUpOutput { isSignUpComplete: boolean; userId?: string; nextStep: SignUpStepName }
export interface ConfirmSignUpInput { username: string; confirmationCode: string; options?: { clientMetadata?: ClientMetadata; forceAliasCreation?: boolean } }
export interface ResendSignUpCodeInput { username: string; options?: { clientMetadata?: ClientMetadata } }

export interface SignInInput {
  username: string;
  password?: string;
  options?: { authFlowType?: AuthFlowType; preferredChallenge?: AuthFactorType; clientMetadata?: ClientMetadata };
}
export interface ConfirmSignInInput {
  challengeResponse: string;
  options?: { userAttributes?: AuthUserAttributes; clientMetadata?: ClientMetadata; friendlyDeviceName?: string };
}
export interface SignInOutput { isSignedIn: boolean; nextStep: SignInStep }

export interface ResetPasswordInput { username: string; options?: { clientMetadata?: ClientMetadata } }
export interface ResetPasswordOutput { isPasswordReset: boolean; nextStep: ResetPasswordStep }
export interface ConfirmResetPasswordInput { username: string; confirmationCode: string; newPassword: string; options?: { clientMetadata?: ClientMetadata } }

export interface JWT { payload: Record<string, unknown> & { sub?: string; exp?: number; iat?: number }; toString(): string }
export interface AuthTokens { accessToken: JWT; idToken?: JWT }
/** AWS credentials from the identity pool (`expiration`: when they stop working). */
export interface AWSCredentials { accessKeyId: string; secretAccessKey: string; sessionToken?: string; expiration?: Date }
export interface AuthSession { tokens?: AuthTokens; credentials?: AWSCredentials; identityId?: string; userSub?: string }
export interface FetchAuthSessionOptions { forceRefresh?: boolean }
export interface AuthUser { username: string; userId: string; signInDetails?: { loginId?: string; authFlowType?: AuthFlowType } }
/** `oauth.redirectUrl`: which `redirectSignOut` URL the hosted UI returns to; `skipRedirect`: end the session here only. */
export interface SignOutInput { global?: boolean; oauth?: { redirectUrl?: string; skipRedirect?: boolean } }
export type SignInWithRedirectProvider = 'Google' | 'Facebook' | 'Amazon' | 'Apple' | { custom: string } | { idpIdentifier: string };
export interface SignInWithRedirectInput { provider?: SignInWithRedirectProvider; customState?: string; options?: { loginHint?: string; lang?: string; nonce?: string; prompt?: 'NONE' | 'LOGIN' | 'CONSENT' | 'SELECT_ACCOUNT' } }

export interface VerifyTOTPSetupInput { code: string; options?: { friendlyDeviceName?: string } }
export interface UpdateMFAPreferenceInput { sms?: MFAPreference; totp?: MFAPreference; email?: MFAPreference }
export interface FetchMFAPreferenceOutput { enabled?: AuthMFAType[]; preferred?: AuthMFAType }

export interface AuthWebAuthnCredential {
  credentialId: string;
  friendlyCredentialName?: string;
  relyingPartyId?: string;
  authenticatorAttachment?: string;
  authenticatorTransports?: string[];
  createdAt?: Date;
}
export interface ListWebAuthnCredentialsInput { pageSize?: number; nextToken?: string }
export interface ListWebAuthnCredentialsOutput { credentials: AuthWebAuthnCredential[]; nextToken?: string }
export interface DeleteWebAuthnCredentialInput { credentialId: string }
export interface PasskeyAutofillInput { username: string }

export interface UpdatePasswordInput { oldPassword: string; newPassword: string }
export interface UpdateUserAttributesInput { userAttributes: AuthUserAttributes; options?: { clientMetadata?: ClientMetadata } }
export interface UpdateUserAttributeInput { userAttribute: { attributeKey: string; value: string }; options?: { clientMetadata?: ClientMetadata } }
export interface UpdateUserAttributeOutput { isUpdated: boolean; nextStep: UpdateAttributeStep }
export type UpdateUserAttributesOutput = Record<string, UpdateUserAttributeOutput>;
export interface ConfirmUserAttributeInput { userAttributeKey: string; confirmationCode: string }
export interface SendUserAttributeVerificationCodeInput { userAttributeKey: string; options?: { clientMetadata?: ClientMetadata } }
export interface DeleteUserAttributesInput { userAttributeKeys: string[] }
export interface AWSAuthDevice { id: string; name?: string; attributes: Record<string, string>; createDate?: Date; lastModifiedDate?: Date; lastAuthenticatedDate?: Date }
export interface ForgetDeviceInput { device?: { id: string } }

export type AuthHubEventName = 'signedIn' | 'signedOut' | 'tokenRefresh' | 'tokenRefresh_failure' | 'autoSignIn' | 'autoSignIn_failure' | 'signInWithRedirect' | 'signInWithRedirect_failure' | 'customOAuthState';
export interface AuthHubCapsule { channel: 'auth'; payload: { event: AuthHubEventName; data?: unknown } }
"#;

/// Every declaration, in one string for wasm-bindgen's `typescript_custom_section`.
pub const ALL_TS: &str = {
    // `concat!` needs literals; join the consts at compile time instead.
    const PARTS: [&str; 5] = [
        SHAPES_TS,
        SIGN_IN_STEP_TS,
        SIGN_UP_STEP_TS,
        RESET_PASSWORD_STEP_TS,
        UPDATE_ATTRIBUTE_STEP_TS,
    ];
    const LEN: usize = {
        let mut n = 0;
        let mut p = 0;
        while p < PARTS.len() {
            n += PARTS[p].len();
            p += 1;
        }
        n
    };
    const BYTES: [u8; LEN] = {
        let mut out = [0u8; LEN];
        let mut i = 0;
        let mut p = 0;
        while p < PARTS.len() {
            let b = PARTS[p].as_bytes();
            let mut j = 0;
            while j < b.len() {
                out[i] = b[j];
                i += 1;
                j += 1;
            }
            p += 1;
        }
        out
    };
    match core::str::from_utf8(&BYTES) {
        Ok(s) => s,
        Err(_) => panic!("TypeScript declarations are not UTF-8"),
    }
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::challenge::{PasswordVia, Waiting};
    use crate::flow::sign_in::{Pending, Stopped, Who};
    use crate::flow::sign_up::{SignUpResult, SignUpStep};
    use crate::flow::steps::{ResetPasswordStep, SignInStep, SignUpStepName};
    use crate::flow::{AuthFlow, MfaType};
    use crate::json::Json;
    use crate::model;
    use crate::protocol::CodeDelivery;
    use crate::secret::Secret;

    fn keys(next_step: &Json) -> Vec<String> {
        next_step.as_object().unwrap().iter().map(|(k, _)| k.clone()).collect()
    }

    /// Every output the state machine can produce, one per waiting state / end.
    fn every_sign_in_output() -> Vec<Json> {
        let d = CodeDelivery::default();
        let waiting = [
            Waiting::SmsMfaCode { delivery: d.clone() },
            Waiting::SmsOtpCode { delivery: d.clone() },
            Waiting::EmailCode { delivery: d },
            Waiting::TotpCode,
            Waiting::MfaSelection { allowed: vec![MfaType::Sms] },
            Waiting::MfaSetupSelection { allowed: vec![MfaType::Totp, MfaType::Email] },
            Waiting::EmailSetup,
            Waiting::TotpSetup { shared_secret: Secret::new("S") },
            Waiting::FirstFactorSelection { available: vec!["PASSWORD".into()] },
            Waiting::Password { via: PasswordVia::Selection { srp: false } },
            Waiting::CustomChallenge { params: vec![] },
            Waiting::NewPassword { missing: vec![] },
        ];
        let who = Who {
            username: "u".into(),
            login_id: "u".into(),
            flow: AuthFlow::UserSrp,
            device: None,
        };
        let mut out: Vec<Json> = waiting
            .into_iter()
            .map(|waiting| {
                model::sign_in_output(&Pending {
                    who: who.clone(),
                    session: Secret::new("s"),
                    expires_at_ms: 0,
                    waiting,
                })
            })
            .collect();
        out.push(model::sign_in_output_bare(Stopped::ConfirmSignUp.step()));
        out.push(model::sign_in_output_bare(Stopped::ResetPassword.step()));
        out.push(model::sign_in_output_bare(SignInStep::DONE));
        out
    }

    #[test]
    fn the_union_members_are_exactly_the_steps_the_machine_produces() {
        let mut produced = Vec::new();
        for out in every_sign_in_output() {
            let next = out.get("nextStep").unwrap();
            let step = SignInStep::parse(next.str("signInStep").unwrap()).unwrap();
            let mut expected = vec!["signInStep".to_string()];
            expected.extend(step.fields().iter().map(|f| f.to_string()));
            // `getSetupUri` is added in JS next to `sharedSecret`; the union lists the object.
            assert_eq!(keys(next), expected, "{}", step.as_str());
            produced.push(step);
        }
        for step in SignInStep::ALL {
            assert!(
                produced.contains(step),
                "{} is in the union but never produced",
                step.as_str()
            );
            assert!(SIGN_IN_STEP_TS.contains(&format!("signInStep: '{}'", step.as_str())));
        }
        assert_eq!(SIGN_IN_STEP_TS.matches("signInStep: '").count(), SignInStep::ALL.len());
    }

    #[test]
    fn sign_up_and_reset_unions_match_outputs() {
        for (step, result) in [
            (SignUpStepName::CONFIRM_SIGN_UP, SignUpStep::ConfirmSignUp(CodeDelivery::default())),
            (SignUpStepName::COMPLETE_AUTO_SIGN_IN, SignUpStep::CompleteAutoSignIn),
            (SignUpStepName::DONE, SignUpStep::Done),
        ] {
            let out = model::sign_up_output(&SignUpResult {
                complete: true,
                user_id: None,
                step: result,
            });
            let next = out.get("nextStep").unwrap();
            assert_eq!(next.str("signUpStep"), Some(step.as_str()));
            let mut expected = vec!["signUpStep".to_string()];
            expected.extend(step.fields().iter().map(|f| f.to_string()));
            assert_eq!(keys(next), expected);
        }
        let out = model::reset_password_output(&CodeDelivery::default());
        let next = out.get("nextStep").unwrap();
        assert_eq!(
            next.str("resetPasswordStep"),
            Some(ResetPasswordStep::CONFIRM_RESET_PASSWORD_WITH_CODE.as_str())
        );
        assert_eq!(keys(next), ["resetPasswordStep", "codeDeliveryDetails"]);
    }

    #[test]
    fn union_text_is_well_formed() {
        assert!(SIGN_IN_STEP_TS.starts_with("export type SignInStep =\n  | { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE'; codeDeliveryDetails: CodeDeliveryDetails }"));
        assert!(SIGN_IN_STEP_TS.contains("| { signInStep: 'DONE' };"));
        assert!(ALL_TS.contains("export type SignUpStepName ="));
        assert!(ALL_TS.contains("export type ResetPasswordStep ="));
        assert!(ALL_TS.contains(
            "export type UpdateAttributeStep =\n  | { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE'; codeDeliveryDetails: CodeDeliveryDetails }\n  | { updateAttributeStep: 'DONE' };"
        ));
        assert!(!ALL_TS.contains("any"));
    }
}
