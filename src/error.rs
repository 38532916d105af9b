//! `AuthError`: every failure the library reports, typed, comparable and free of secrets.
//!
//! The `name` JS sees is spelled as Amplify v6 spells it where Amplify has a name for the
//! situation, so apps that switch on `error.name` keep working.

use alloc::string::String;

macro_rules! names {
    ($(#[$m:meta])* $vis:vis enum $ty:ident { $($(#[$vm:meta])* $v:ident => $name:literal, $msg:literal;)* }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        $vis enum $ty { $($(#[$vm])* $v,)* }
        impl $ty {
            /// The name JS sees as `error.name`.
            pub fn name(self) -> &'static str { match self { $($ty::$v => $name,)* } }
            /// A human-readable message (no user data).
            pub fn message(self) -> &'static str { match self { $($ty::$v => $msg,)* } }
        }
    };
}

names! {
    /// Input rejected before any request was sent.
    pub enum Validation {
        /// signUp without a username.
        EmptySignUpUsername => "EmptySignUpUsername", "username is required to signUp";
        /// confirmSignUp without a username.
        EmptyConfirmSignUpUsername => "EmptyConfirmSignUpUsername", "username is required to confirmSignUp";
        /// confirmSignUp without a code.
        EmptyConfirmSignUpCode => "EmptyConfirmSignUpCode", "code is required to confirmSignUp";
        /// resendSignUpCode without a username.
        EmptyResendSignUpCodeUsername => "EmptyResendSignUpCodeUsername", "username is required to resendSignUpCode";
        /// signIn without a username.
        EmptySignInUsername => "EmptySignInUsername", "username is required to signIn";
        /// signIn with a password flow but no password.
        EmptySignInPassword => "EmptySignInPassword", "password is required to signIn";
        /// A password was given to CUSTOM_WITHOUT_SRP, which never sends one.
        CustomAuthSignInPassword => "CustomAuthSignInPassword", "A password is not needed when signing in with CUSTOM_WITHOUT_SRP";
        /// confirmSignIn without an answer.
        EmptyChallengeResponse => "EmptyChallengeResponse", "challengeResponse is required to confirmSignIn";
        /// An MFA type the current step does not offer.
        IncorrectMFAMethod => "IncorrectMFAMethod", "The MFA method given is not one of the methods offered for this step";
        /// A first factor the current step does not offer.
        IncorrectFirstFactor => "IncorrectFirstFactor", "The sign-in method given is not one of availableChallenges";
        /// A one-time code that is not 6 to 8 digits.
        InvalidCodeFormat => "InvalidCodeFormat", "The code must be 6 to 8 digits";
        /// An email address that is obviously not one.
        InvalidEmailFormat => "InvalidEmailFormat", "The answer must be an email address";
        /// resetPassword without a username.
        EmptyResetPasswordUsername => "EmptyResetPasswordUsername", "username is required to resetPassword";
        /// confirmResetPassword without a username.
        EmptyConfirmResetPasswordUsername => "EmptyConfirmResetPasswordUsername", "username is required to confirmResetPassword";
        /// confirmResetPassword without a code.
        EmptyConfirmResetPasswordConfirmationCode => "EmptyConfirmResetPasswordConfirmationCode", "confirmationCode is required to confirmResetPassword";
        /// confirmResetPassword without a new password.
        EmptyConfirmResetPasswordNewPassword => "EmptyConfirmResetPasswordNewPassword", "newPassword is required to confirmResetPassword";
        /// verifyTOTPSetup without a code.
        EmptyVerifyTOTPSetupCode => "EmptyVerifyTOTPSetupCode", "code is required to verifyTotpSetup";
        /// A sign-up without a password asked for an auto sign-in flow that needs one.
        AutoSignInNeedsPassword => "AutoSignInNeedsPassword", "This sign-up has no password, so autoSignIn cannot use a password flow (USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_WITH_SRP, or USER_AUTH with preferredChallenge PASSWORD/PASSWORD_SRP). Use autoSignIn: { authFlowType: 'USER_AUTH' }";
        /// An input that is not an object of the documented shape.
        InvalidInput => "InvalidParameterException", "The input does not have the documented shape";
        /// authFlowType is not one of the supported flows.
        InvalidAuthFlowType => "InvalidAuthFlowType", "authFlowType must be USER_SRP_AUTH, USER_PASSWORD_AUTH, CUSTOM_WITH_SRP, CUSTOM_WITHOUT_SRP or USER_AUTH";
        /// preferredChallenge is not one of the first factors.
        InvalidPreferredChallenge => "InvalidPreferredChallenge", "preferredChallenge must be PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP or WEB_AUTHN";
        /// `identityPoolId` is not `<region>:<uuid>`.
        InvalidIdentityPoolId => "InvalidIdentityPoolIdException", "identityPoolId must be <region>:<uuid>, e.g. us-east-1:0f3e2d1c-…";
        /// configure() got no user pool or app client id.
        InvalidConfig => "AuthUserPoolException", "Auth UserPool not configured: userPoolId and userPoolClientId are required";
        /// `options.storage` lacks `getItem`, `setItem` or `removeItem`.
        InvalidStorage => "InvalidStorage", "options.storage needs getItem, setItem and removeItem functions";
        /// An exported pending sign-in that does not parse.
        InvalidPendingSignIn => "InvalidPendingSignIn", "The pending sign-in to resume is not one this library exported";
        /// updatePassword without the old or the new password.
        EmptyUpdatePassword => "EmptyUpdatePassword", "oldPassword and newPassword are required to changePassword";
        /// confirmUserAttribute without a code.
        EmptyConfirmUserAttributeCode => "EmptyConfirmUserAttributeCode", "confirmation code is required to confirmUserAttribute";
        /// An attribute call without an attribute name (or with an empty list of them).
        EmptyUserAttributeKey => "InvalidParameterException", "An attribute name is empty (userAttributeKey, userAttributeKeys, or a key of userAttributes), or userAttributes has none";
        /// decodeJWT given something that is not a JWT.
        InvalidToken => "InvalidTokenException", "Invalid token: not three dot-separated parts with a JSON payload";
        /// An exported pending sign-in of another user pool or app client.
        ForeignPendingSignIn => "InvalidPendingSignIn", "The pending sign-in to resume belongs to another user pool or app client";
        /// `signInWithRedirect` without an `oauth` section, or one missing its `domain`.
        OAuthNotConfigured => "OAuthNotConfigureException", "oauth param not configured: loginWith.oauth (amplify_outputs.json auth.oauth) needs domain, scopes, redirectSignIn, redirectSignOut and responseType 'code'";
        /// An `oauth.domain` that is not a host name, or `http://` for a host other than
        /// `localhost` / `127.0.0.1`.
        InvalidOAuthDomain => "OAuthNotConfigureException", "oauth.domain must be a host name (https); http:// is accepted for localhost and 127.0.0.1 only";
        /// `responseType: 'token'` (the implicit grant).
        UnsupportedResponseType => "OAuthNotConfigureException", "oauth.responseType must be 'code' (the implicit grant, 'token', is not supported)";
        /// No redirect URL of the page's origin among `redirectSignIn` / `redirectSignOut`.
        InvalidOrigin => "InvalidOriginException", "redirect is coming from a different origin. The oauth flow needs to be initiated from the same origin";
        /// No redirect URL at all.
        InvalidRedirect => "InvalidRedirectException", "signin or signout redirect URL not found in the oauth config";
        /// `oauth.redirectUrl` that is not one of `redirectSignOut`.
        InvalidPreferredRedirectUrl => "InvalidPreferredRedirectUrlException", "The given preferred redirect URL does not match any URL in the oauth config";
        /// A `provider` that is not 'Google', 'Facebook', 'Amazon', 'Apple' or `{ custom }`.
        InvalidProvider => "InvalidParameterException", "provider must be 'Google', 'Facebook', 'Amazon', 'Apple' or { custom: '<name>' }";
    }
}

names! {
    /// The call does not fit the current state.
    pub enum InvalidState {
        /// confirmSignIn with no sign-in in progress.
        NoPendingSignIn => "SignInException", "confirmSignIn was called but no sign-in is in progress: call signIn first";
        /// The pending sign-in outlived Cognito's session validity.
        PendingSignInExpired => "SignInSessionExpiredException", "The sign-in session has expired: call signIn again";
        /// A call that would write tokens, answered after the user signed out or another sign-in
        /// finished (its tokens are dropped).
        SessionChanged => "SessionChangedException", "The user signed out or someone signed in while this call was in flight: its result was dropped";
        /// signIn while a user is signed in.
        AlreadySignedIn => "UserAlreadyAuthenticatedException", "There is already a signed in user: call signOut first";
        /// autoSignIn with no sign-up waiting for it.
        NoPendingAutoSignIn => "AutoSignInException", "autoSignIn was called but no sign-up with autoSignIn is pending";
        /// autoSignIn after its sign-up session expired.
        AutoSignInExpired => "AutoSignInExpiredException", "The sign-up session for autoSignIn has expired: call signIn";
        /// confirmSignUp for another user than the pending auto sign-in.
        AutoSignInUserMismatch => "AutoSignInUserMismatchException", "The pending autoSignIn belongs to a different username";
        /// A password-flow autoSignIn after a reload: the password is never stored.
        AutoSignInPasswordLost => "AutoSignInPasswordLostException", "The page was reloaded and the sign-up password is kept in memory only: call signIn";
        /// The pending auto sign-in still waits for confirmSignUp.
        AutoSignInNotConfirmed => "AutoSignInNotConfirmedException", "autoSignIn needs confirmSignUp to complete first";
        /// A device call with no remembered device in this browser.
        NoDeviceMetadata => "DeviceMetadataNotFoundException", "No device is remembered for this user in this browser (deviceKey, deviceGroupKey or the device secret is missing)";
        /// An API needing a signed-in user was called without one.
        NotSignedIn => "UserUnAuthenticatedException", "User needs to be authenticated to call this API";
    }
}

names! {
    /// A WebAuthn (passkey) ceremony failed in the browser; names follow Amplify's.
    pub enum PasskeyError {
        /// No WebAuthn in this browser, or the operation is not supported.
        NotSupported => "PasskeyNotSupported", "Passkeys are not supported in this browser";
        /// The user dismissed the sign-in prompt, it timed out, or no passkey matched.
        AuthenticationCanceled => "PasskeyAuthenticationCanceled", "The passkey sign-in was cancelled, timed out, or found no matching passkey";
        /// The user dismissed the registration prompt or it timed out.
        RegistrationCanceled => "PasskeyRegistrationCanceled", "The passkey registration was cancelled or timed out";
        /// This authenticator already holds a passkey for the user.
        AlreadyExists => "PasskeyAlreadyExists", "A passkey for this account already exists on this authenticator";
        /// The page's origin does not match the pool's relying party id.
        RelyingPartyMismatch => "RelyingPartyMismatch", "The page's origin does not match the user pool's passkey relying party";
        /// The ceremony was aborted (another one started, or the app aborted it).
        Aborted => "PasskeyCeremonyAborted", "The passkey ceremony was aborted";
        /// Any other failure while getting a passkey.
        RetrievalFailed => "PasskeyRetrievalFailed", "The passkey could not be read";
        /// Any other failure while creating a passkey.
        RegistrationFailed => "PasskeyRegistrationFailed", "The passkey could not be created";
        /// Cognito's WebAuthn options are unusable.
        InvalidOptions => "InvalidPasskeyOptions", "Cognito's passkey options are malformed";
    }
}

/// Every failure the library reports.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthError {
    /// Cognito answered with an error: its exception name (sanitised) and message.
    Service {
        /// e.g. `NotAuthorizedException`.
        code: String,
        /// Cognito's message.
        message: String,
    },
    /// Rejected before sending anything.
    Validation(Validation),
    /// The call does not fit the current state.
    InvalidState(InvalidState),
    /// The request got no HTTP answer (fetch rejected: offline, DNS, CORS).
    Network(String),
    /// No answer within the client's request timeout (milliseconds).
    Timeout(u32),
    /// The response is not what Cognito sends; the static text says which part.
    Protocol(&'static str),
    /// A passkey ceremony failed in the browser.
    Passkey(PasskeyError),
}

impl AuthError {
    /// The name JS sees.
    pub fn name(&self) -> &str {
        match self {
            AuthError::Service { code, .. } => code,
            AuthError::Validation(v) => v.name(),
            AuthError::InvalidState(s) => s.name(),
            AuthError::Network(_) => "NetworkError",
            AuthError::Timeout(_) => "TimeoutError",
            AuthError::Protocol(_) => "UnexpectedResponseException",
            AuthError::Passkey(p) => p.name(),
        }
    }

    /// The message JS sees. Never contains a password, code, token or session.
    pub fn message(&self) -> String {
        match self {
            AuthError::Service { message, .. } => message.clone(),
            AuthError::Validation(v) => v.message().into(),
            AuthError::InvalidState(s) => s.message().into(),
            AuthError::Network(m) => m.clone(),
            AuthError::Timeout(ms) => {
                let mut m = String::from("Cognito did not answer within ");
                m.push_str(&crate::json::Json::from_u64(u64::from(*ms)).to_json());
                m.push_str(" ms");
                m
            }
            AuthError::Passkey(p) => p.message().into(),
            AuthError::Protocol(what) => {
                let mut m = String::from("Cognito sent a response this client cannot read: ");
                m.push_str(what);
                m
            }
        }
    }

    /// What the app or user can do about it, where there is something useful to say.
    pub fn recovery_suggestion(&self) -> Option<&'static str> {
        Some(match self {
            AuthError::Service { code, .. } => match code.as_str() {
                "UserNotConfirmedException" => "Confirm the user with confirmSignUp first",
                "CodeMismatchException" => "Check the code and try again",
                "ExpiredCodeException" => "Request a new code and try again",
                "UsernameExistsException" => "Sign in, or sign up with another username",
                "InvalidPasswordException" => "Choose a password that meets the user pool's policy",
                "LimitExceededException"
                | "TooManyRequestsException"
                | "TooManyFailedAttemptsException" => "Wait a few minutes before trying again",
                "ResourceNotFoundException" => {
                    "Check userPoolId and userPoolClientId in the configuration"
                }
                _ => return None,
            },
            AuthError::Network(_) => {
                "Check the network connection and the userPoolEndpoint, then try again"
            }
            AuthError::Timeout(_) => "Check the network connection, then try again",
            AuthError::InvalidState(
                InvalidState::PendingSignInExpired | InvalidState::AutoSignInExpired,
            ) => "Call signIn again",
            _ => return None,
        })
    }

    /// `true` when this is the Cognito exception `code`.
    pub fn is_service(&self, code: &str) -> bool {
        matches!(self, AuthError::Service { code: c, .. } if c == code)
    }
}

impl From<Validation> for AuthError {
    fn from(v: Validation) -> AuthError {
        AuthError::Validation(v)
    }
}

impl From<PasskeyError> for AuthError {
    fn from(p: PasskeyError) -> AuthError {
        AuthError::Passkey(p)
    }
}

impl From<InvalidState> for AuthError {
    fn from(s: InvalidState) -> AuthError {
        AuthError::InvalidState(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_amplify() {
        assert_eq!(
            AuthError::from(InvalidState::AlreadySignedIn).name(),
            "UserAlreadyAuthenticatedException"
        );
        assert_eq!(AuthError::from(InvalidState::NoPendingSignIn).name(), "SignInException");
        assert_eq!(
            AuthError::from(InvalidState::NoPendingAutoSignIn).name(),
            "AutoSignInException"
        );
        assert_eq!(AuthError::from(Validation::EmptySignInPassword).name(), "EmptySignInPassword");
        assert_eq!(AuthError::Network("Failed to fetch".into()).name(), "NetworkError");
        let t = AuthError::Timeout(400);
        assert_eq!(
            (t.name(), t.message().as_str()),
            ("TimeoutError", "Cognito did not answer within 400 ms")
        );
        let e = AuthError::Service {
            code: "CodeMismatchException".into(),
            message: "Invalid code".into(),
        };
        assert_eq!(e.name(), "CodeMismatchException");
        assert!(e.is_service("CodeMismatchException"));
        assert_eq!(e.recovery_suggestion(), Some("Check the code and try again"));
    }

    #[test]
    fn passwordless_auto_sign_in_error_says_what_to_do() {
        let e = AuthError::from(Validation::AutoSignInNeedsPassword);
        assert!(e.message().contains("authFlowType: 'USER_AUTH'"));
    }
}
