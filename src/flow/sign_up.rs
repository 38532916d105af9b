//! Sign-up, confirmation, and the hand-off to auto sign-in (pure).

use super::sign_in::{self, SignInInput, Step};
use super::{AuthFlow, Env, FirstFactor, PoolConfig, SESSION_VALIDITY_MS};
use crate::error::{AuthError, InvalidState, Validation};
use crate::json::Json;
use crate::protocol::{Action, CodeDelivery, Request};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// `options.autoSignIn` of `signUp`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoSignInOptions {
    /// `authFlowType` (default USER_SRP_AUTH, as Amplify).
    pub flow: AuthFlow,
    /// `preferredChallenge` for USER_AUTH.
    pub preferred: Option<FirstFactor>,
    /// `clientMetadata` for the sign-in.
    pub client_metadata: Vec<(String, String)>,
}

/// What `signUp` was asked to do.
#[derive(Debug, Clone)]
pub struct SignUpInput {
    /// Username.
    pub username: String,
    /// Password; `None` for a passwordless user.
    pub password: Option<Secret>,
    /// `userAttributes`.
    pub user_attributes: Vec<(String, String)>,
    /// `validationData`.
    pub validation_data: Vec<(String, String)>,
    /// `clientMetadata`.
    pub client_metadata: Vec<(String, String)>,
    /// `autoSignIn`.
    pub auto: Option<AutoSignInOptions>,
}

/// Amplify's `nextStep.signUpStep`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignUpStep {
    /// Enter the code sent to `codeDeliveryDetails`.
    ConfirmSignUp(CodeDelivery),
    /// Call `autoSignIn()`.
    CompleteAutoSignIn,
    /// Nothing more to do.
    Done,
}

/// The result of signUp / confirmSignUp.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpResult {
    /// `isSignUpComplete`.
    pub complete: bool,
    /// `userId` (Cognito's `UserSub`), from signUp only.
    pub user_id: Option<String>,
    /// `nextStep`.
    pub step: SignUpStep,
}

/// An armed auto sign-in: between `signUp` and `autoSignIn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoSignIn {
    /// The username signed up.
    pub username: String,
    /// How to sign in.
    pub options: AutoSignInOptions,
    /// The latest session from SignUp / ConfirmSignUp.
    pub session: Option<Secret>,
    /// Whether the user is confirmed (auto sign-in may run).
    pub confirmed: bool,
    /// When the confirmed session expires (ms since epoch); 0 before confirmation.
    pub expires_at_ms: u64,
    /// The sign-up password, for password flows. Kept in memory only, never stored.
    pub password: Option<Secret>,
}

/// Validates `signUp` input and builds the SignUp request. A passwordless sign-up that asks
/// for a password-based auto sign-in fails here, before anything is sent.
pub fn sign_up(input: &SignUpInput, pool: &PoolConfig) -> Result<Request, AuthError> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(Validation::EmptySignUpUsername.into());
    }
    let password = input.password.as_ref().filter(|p| !p.is_empty());
    if let Some(auto) = &input.auto {
        if password.is_none() && auto.flow.needs_password(auto.preferred) {
            return Err(Validation::AutoSignInNeedsPassword.into());
        }
    }
    let body = pool
        .body(username)
        .set("Username", username)
        .opt("Password", password.map(Secret::expose))
        .opt("UserAttributes", super::attribute_list(&input.user_attributes))
        .opt("ValidationData", super::attribute_list(&input.validation_data))
        .map("ClientMetadata", &input.client_metadata)
        .build();
    Ok(Request::once(Action::SignUp, body))
}

/// Reads the SignUp response; arms auto sign-in when it was asked for.
pub fn on_sign_up(
    input: SignUpInput,
    v: &Json,
    env: &Env,
) -> Result<(SignUpResult, Option<AutoSignIn>), AuthError> {
    let confirmed = v.get("UserConfirmed").and_then(Json::as_bool).unwrap_or(false);
    let user_id = v.str("UserSub").map(Into::into);
    let auto = input.auto.map(|options| AutoSignIn {
        username: input.username.trim().into(),
        options,
        session: v.str("Session").map(Secret::new),
        confirmed,
        expires_at_ms: if confirmed { env.now_ms + SESSION_VALIDITY_MS } else { 0 },
        password: input.password.filter(|p| !p.is_empty()),
    });
    let step = match (confirmed, &auto) {
        (false, _) => SignUpStep::ConfirmSignUp(
            v.get("CodeDeliveryDetails").map(CodeDelivery::read).unwrap_or_default(),
        ),
        (true, Some(_)) => SignUpStep::CompleteAutoSignIn,
        (true, None) => SignUpStep::Done,
    };
    Ok((SignUpResult { complete: confirmed, user_id, step }, auto))
}

/// What `confirmSignUp` was given.
#[derive(Debug, Clone)]
pub struct ConfirmSignUpInput {
    /// Username.
    pub username: String,
    /// The code.
    pub code: Secret,
    /// `options.clientMetadata`.
    pub client_metadata: Vec<(String, String)>,
    /// `options.forceAliasCreation`.
    pub force_alias_creation: Option<bool>,
}

/// Builds ConfirmSignUp, passing the sign-up session when an auto sign-in for this user is
/// armed (the API reference recommends it; it makes the confirmation the first factor).
pub fn confirm_sign_up(
    input: &ConfirmSignUpInput,
    auto: Option<&AutoSignIn>,
    pool: &PoolConfig,
) -> Result<Request, AuthError> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(Validation::EmptyConfirmSignUpUsername.into());
    }
    let code = input.code.expose().trim();
    if code.is_empty() {
        return Err(Validation::EmptyConfirmSignUpCode.into());
    }
    let session = auto.filter(|a| a.username == username).and_then(|a| a.session.as_ref());
    let body = pool
        .body(username)
        .set("Username", username)
        .set("ConfirmationCode", code)
        .opt("ForceAliasCreation", input.force_alias_creation)
        .map("ClientMetadata", &input.client_metadata)
        .opt("Session", session.map(Secret::expose))
        .build();
    Ok(Request::once(Action::ConfirmSignUp, body))
}

/// Reads the ConfirmSignUp response. With an auto sign-in armed for this user, it becomes
/// ready (COMPLETE_AUTO_SIGN_IN); an armed auto sign-in for another user is dropped.
pub fn on_confirm_sign_up(
    username: &str,
    v: &Json,
    auto: Option<AutoSignIn>,
    env: &Env,
) -> (SignUpResult, Option<AutoSignIn>) {
    let auto = auto.filter(|a| a.username == username.trim()).map(|mut a| {
        if let Some(s) = v.str("Session") {
            a.session = Some(Secret::new(s));
        }
        a.confirmed = true;
        a.expires_at_ms = env.now_ms + SESSION_VALIDITY_MS;
        a
    });
    let step = if auto.is_some() { SignUpStep::CompleteAutoSignIn } else { SignUpStep::Done };
    (SignUpResult { complete: true, user_id: None, step }, auto)
}

/// Builds ResendConfirmationCode.
pub fn resend_code(
    username: &str,
    metadata: &[(String, String)],
    pool: &PoolConfig,
) -> Result<Request, AuthError> {
    let username = username.trim();
    if username.is_empty() {
        return Err(Validation::EmptyResendSignUpCodeUsername.into());
    }
    let body =
        pool.body(username).set("Username", username).map("ClientMetadata", metadata).build();
    Ok(Request::once(Action::ResendConfirmationCode, body))
}

/// Starts the sign-in of an armed auto sign-in.
///
/// # Errors
/// [`InvalidState::AutoSignInNotConfirmed`] before confirmation,
/// [`InvalidState::AutoSignInExpired`] after the session validity (USER_AUTH), and
/// [`InvalidState::AutoSignInPasswordLost`] for a password flow whose password did not
/// survive a reload.
pub fn auto_sign_in(auto: AutoSignIn, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
    if !auto.confirmed {
        return Err(InvalidState::AutoSignInNotConfirmed.into());
    }
    let AutoSignIn { username, options, session, password, expires_at_ms, .. } = auto;
    if options.flow == AuthFlow::UserAuth && password.is_none() {
        if env.now_ms >= expires_at_ms {
            return Err(InvalidState::AutoSignInExpired.into());
        }
        let session = session
            .ok_or(AuthError::Protocol("ConfirmSignUp returned no Session for USER_AUTH"))?;
        return Ok(sign_in::start_with_session(
            &username,
            &session,
            options.preferred,
            options.client_metadata,
            pool,
        ));
    }
    if options.flow.needs_password(options.preferred) && password.is_none() {
        return Err(InvalidState::AutoSignInPasswordLost.into());
    }
    let input = SignInInput {
        username,
        password,
        flow: options.flow,
        preferred: options.preferred,
        client_metadata: options.client_metadata,
    };
    sign_in::start(input, pool, env)
}
