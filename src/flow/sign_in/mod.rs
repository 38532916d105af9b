//! The sign-in state machine: `signIn`, `confirmSignIn` and the sign-in half of `autoSignIn`.
//!
//! [`start`] or [`Pending::answer`] produce a [`Step`]. `Step::Send` carries the request and an
//! [`Expect`] that consumes its response; the driver loops until `Ask` (show the step, keep the
//! [`Pending`]), `Done` (store tokens), `Stop` (CONFIRM_SIGN_UP / RESET_PASSWORD) or `Passkey`
//! (run a WebAuthn ceremony, then [`PasskeyRequest::respond`]).
//!
//! As in rustls's client handshake, each awaited message has its own handler: `expect.rs` has
//! one per response (`Expect::on_response` dispatches on the request sent, then on the
//! challenge received), `confirm.rs` one per waiting state (`Pending::answer` dispatches).

use super::challenge::{SignInStep, Waiting};
use super::devices::Device;
use super::{new_ephemeral, AuthFlow, Env, FirstFactor, PoolConfig};
use crate::error::{AuthError, Validation};
use crate::json::{Json, Obj};
use crate::protocol::{Action, Request, TokenSet};
use crate::secret::Secret;
use crate::srp;
use alloc::string::String;
use alloc::vec::Vec;

mod confirm;
mod expect;

/// What `signIn` was asked to do.
#[derive(Debug, Clone)]
pub struct SignInInput {
    /// The username as typed (may be an alias: email, phone).
    pub username: String,
    /// The password, for password flows.
    pub password: Option<Secret>,
    /// `authFlowType`.
    pub flow: AuthFlow,
    /// `preferredChallenge` (USER_AUTH only).
    pub preferred: Option<FirstFactor>,
    /// `clientMetadata`.
    pub client_metadata: Vec<(String, String)>,
}

/// Who is signing in, and how; carried through the whole sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The `USERNAME` Cognito expects in challenge responses (after SRP, `USER_ID_FOR_SRP`).
    pub username: String,
    /// What the user typed (`signInDetails.loginId`).
    pub login_id: String,
    /// The flow (`signInDetails.authFlowType`).
    pub flow: AuthFlow,
    /// The device this browser remembers for the user: its key goes with every answer, and
    /// it answers `DEVICE_SRP_AUTH`.
    pub device: Option<Device>,
}

impl Who {
    fn device_key(&self) -> Option<&str> {
        self.device.as_ref().map(|d| d.key.as_str())
    }
}

/// A sign-in waiting for the user (`confirmSignIn`). Serialisable so it survives a reload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// Who is signing in.
    pub who: Who,
    /// Cognito's challenge session.
    pub session: Secret,
    /// When the session stops being accepted (ms since epoch).
    pub expires_at_ms: u64,
    /// What is asked.
    pub waiting: Waiting,
}

/// Why a sign-in ended without tokens and without a pending step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stopped {
    /// The user exists but is not confirmed (`UserNotConfirmedException`).
    ConfirmSignUp,
    /// An administrator requires a password reset (`PasswordResetRequiredException`).
    ResetPassword,
}

impl Stopped {
    /// The Amplify step.
    pub fn step(self) -> SignInStep {
        match self {
            Stopped::ConfirmSignUp => SignInStep::CONFIRM_SIGN_UP,
            Stopped::ResetPassword => SignInStep::RESET_PASSWORD,
        }
    }
}

/// A completed sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    /// Who signed in.
    pub who: Who,
    /// The tokens.
    pub tokens: TokenSet,
}

/// A WebAuthn assertion the driver must obtain from the browser.
#[derive(Debug)]
pub struct PasskeyRequest {
    who: Who,
    session: Secret,
    /// `CREDENTIAL_REQUEST_OPTIONS`: a JSON string of `PublicKeyCredentialRequestOptionsJSON`.
    pub options_json: String,
    metadata: Vec<(String, String)>,
}

impl PasskeyRequest {
    /// Answers the WEB_AUTHN challenge with the assertion (`AuthenticationResponseJSON` text).
    pub fn respond(self, credential_json: String, pool: &PoolConfig) -> Step {
        let who = self.who;
        let req = respond(pool, &who, "WEB_AUTHN", &self.session, &self.metadata, |o| {
            o.set("CREDENTIAL", credential_json)
        });
        Step::Send(req, Expect::auth(who, None, self.metadata))
    }
}

/// What to do next.
#[derive(Debug)]
#[must_use]
// `Send` carries the request and its continuation; boxing it would cost code size for nothing.
#[allow(clippy::large_enum_variant)]
pub enum Step {
    /// Send the request, then feed the response to the `Expect`.
    Send(Request, Expect),
    /// Show the step and keep the pending sign-in.
    Ask(Pending),
    /// Signed in.
    Done(SignedIn),
    /// Ended with CONFIRM_SIGN_UP or RESET_PASSWORD.
    Stop(Stopped),
    /// Run a WebAuthn assertion ceremony.
    Passkey(PasskeyRequest),
    /// Cognito does not know the remembered device: forget it here (for the `Expect`'s user),
    /// then send the request (the same step without it).
    ForgetDevice(Request, Expect),
}

struct SrpPending {
    eph: srp::Ephemeral,
    password: Secret,
}

impl core::fmt::Debug for SrpPending {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SrpPending(..)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An InitiateAuth / RespondToAuthChallenge response.
    Auth,
    /// AssociateSoftwareToken during MFA_SETUP.
    Associate,
    /// VerifySoftwareToken during MFA_SETUP.
    Verify,
}

/// The continuation for a request in flight.
#[derive(Debug)]
pub struct Expect {
    who: Who,
    srp: Option<SrpPending>,
    kind: Kind,
    metadata: Vec<(String, String)>,
    /// The same request without `DEVICE_KEY`, where Cognito checks the device: sent instead
    /// when it answers that the device does not exist (forgotten elsewhere), as Amplify does.
    fallback: Option<Request>,
}

impl Expect {
    /// Who the request is for.
    pub fn who(&self) -> &Who {
        &self.who
    }

    /// Keeps `req` without its `DEVICE_KEY` for Cognito's "Device does not exist".
    pub(super) fn or_without_device(mut self, req: &Request) -> Expect {
        if self.who.device.is_some() {
            self.fallback = Some(without_device(req));
        }
        self
    }
}

/// `req` with `DEVICE_KEY` taken out of its `AuthParameters` / `ChallengeResponses`.
fn without_device(req: &Request) -> Request {
    let strip = |v: &Json| match v {
        Json::Obj(m) => Json::Obj(m.iter().filter(|(k, _)| k != "DEVICE_KEY").cloned().collect()),
        other => other.clone(),
    };
    let body = match &req.body {
        Json::Obj(m) => Json::Obj(
            m.iter()
                .map(|(k, v)| match k.as_str() {
                    "AuthParameters" | "ChallengeResponses" => (k.clone(), strip(v)),
                    _ => (k.clone(), v.clone()),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Request { body, ..req.clone() }
}

fn require_password(p: &Option<Secret>) -> Result<&Secret, AuthError> {
    p.as_ref().filter(|p| !p.is_empty()).ok_or(Validation::EmptySignInPassword.into())
}

fn initiate(
    pool: &PoolConfig,
    flow: &str,
    params: Obj,
    session: Option<&Secret>,
    metadata: &[(String, String)],
) -> Json {
    Obj::new()
        .set("AuthFlow", flow)
        .set("ClientId", pool.client_id.as_str())
        .set("AuthParameters", params)
        .map("ClientMetadata", metadata)
        .opt("Session", session.map(|s| s.expose()))
        .build()
}

fn auth_params(pool: &PoolConfig, username: &str) -> Obj {
    Obj::new().set("USERNAME", username).opt("SECRET_HASH", pool.secret_hash(username))
}

fn respond(
    pool: &PoolConfig,
    who: &Who,
    challenge: &str,
    session: &Secret,
    metadata: &[(String, String)],
    answers: impl FnOnce(Obj) -> Obj,
) -> Request {
    let body = Obj::new()
        .set("ChallengeName", challenge)
        .set("ClientId", pool.client_id.as_str())
        .set("Session", session.expose())
        .set(
            "ChallengeResponses",
            answers(auth_params(pool, &who.username).opt("DEVICE_KEY", who.device_key())),
        )
        .map("ClientMetadata", metadata)
        .build();
    Request::once(Action::RespondToAuthChallenge, body)
}

/// Starts `signIn`.
///
/// # Errors
/// Validation errors for a missing username or password, or a password given to
/// CUSTOM_WITHOUT_SRP. Nothing is sent in those cases.
/// The device this browser remembers for the username, if any, is used: its `DEVICE_KEY` goes
/// with the first request (except USER_AUTH's, as in Amplify) and every answer.
pub fn start(input: SignInInput, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(Validation::EmptySignInUsername.into());
    }
    let device = (env.devices)(username);
    let who =
        Who { username: username.into(), login_id: username.into(), flow: input.flow, device };
    let mut params = auth_params(pool, username);
    if input.flow != AuthFlow::UserAuth {
        params = params.opt("DEVICE_KEY", who.device_key());
    }
    let password = &input.password;
    let mut srp = None;
    let (flow, params, safe) = match input.flow {
        AuthFlow::UserSrp => ("USER_SRP_AUTH", with_srp(params, password, &mut srp, env)?, true),
        AuthFlow::CustomWithSrp => {
            let params = with_srp(params, password, &mut srp, env)?;
            ("CUSTOM_AUTH", params.set("CHALLENGE_NAME", "SRP_A"), false)
        }
        // Sent once: a right password may start an MFA one-time code (SMS or email), and a
        // wrong one counts towards the lockout.
        AuthFlow::UserPassword => {
            let params = params.set("PASSWORD", require_password(password)?.expose());
            ("USER_PASSWORD_AUTH", params, false)
        }
        AuthFlow::CustomWithoutSrp => {
            if password.as_ref().is_some_and(|p| !p.is_empty()) {
                return Err(Validation::CustomAuthSignInPassword.into());
            }
            ("CUSTOM_AUTH", params, false)
        }
        AuthFlow::UserAuth => {
            let (params, safe) = user_auth(params, input.preferred, password, &mut srp, env)?;
            ("USER_AUTH", params, safe)
        }
    };
    let metadata = input.client_metadata;
    let body = initiate(pool, flow, params, None, &metadata);
    let req = if safe {
        Request::safe(Action::InitiateAuth, body)
    } else {
        Request::once(Action::InitiateAuth, body)
    };
    // Cognito checks the device key here when this request proves the first factor.
    let checked = matches!(input.flow, AuthFlow::UserPassword | AuthFlow::CustomWithoutSrp);
    let expect = Expect::auth(who, srp, metadata);
    let expect = if checked { expect.or_without_device(&req) } else { expect };
    Ok(Step::Send(req, expect))
}

/// `params` with SRP_A; `srp` keeps what PASSWORD_VERIFIER will need.
fn with_srp(
    params: Obj,
    password: &Option<Secret>,
    srp: &mut Option<SrpPending>,
    env: &mut Env,
) -> Result<Obj, AuthError> {
    let password = require_password(password)?.clone();
    let eph = new_ephemeral(env)?;
    let params = params.set("SRP_A", eph.public_hex());
    *srp = Some(SrpPending { eph, password });
    Ok(params)
}

/// USER_AUTH's parameters, with the preferred first factor if any, and whether the request
/// may be repeated (not when it sends a code).
fn user_auth(
    params: Obj,
    preferred: Option<FirstFactor>,
    password: &Option<Secret>,
    srp: &mut Option<SrpPending>,
    env: &mut Env,
) -> Result<(Obj, bool), AuthError> {
    let Some(f) = preferred else {
        return Ok((params, true));
    };
    let params = params.set("PREFERRED_CHALLENGE", f.as_str());
    Ok(match f {
        FirstFactor::Password => {
            // Once, as USER_PASSWORD_AUTH: it may start an MFA code.
            (params.set("PASSWORD", require_password(password)?.expose()), false)
        }
        FirstFactor::PasswordSrp => (with_srp(params, password, srp, env)?, true),
        // These send a code: never repeat them automatically.
        FirstFactor::EmailOtp | FirstFactor::SmsOtp => (params, false),
        FirstFactor::WebAuthn => (params, true),
    })
}

/// Starts the USER_AUTH auto sign-in with the session `ConfirmSignUp` (or an auto-confirming
/// `SignUp`) returned: no password.
pub fn start_with_session(
    username: &str,
    session: &Secret,
    preferred: Option<FirstFactor>,
    metadata: Vec<(String, String)>,
    pool: &PoolConfig,
) -> Step {
    let who = Who {
        username: username.into(),
        login_id: username.into(),
        flow: AuthFlow::UserAuth,
        device: None,
    };
    let params =
        auth_params(pool, username).opt("PREFERRED_CHALLENGE", preferred.map(FirstFactor::as_str));
    let body = initiate(pool, "USER_AUTH", params, Some(session), &metadata);
    Step::Send(Request::once(Action::InitiateAuth, body), Expect::auth(who, None, metadata))
}

/// MFA_SETUP by TOTP: AssociateSoftwareToken, whose answer holds the shared secret to show.
fn associate(who: Who, session: &Secret, metadata: Vec<(String, String)>) -> Step {
    let body = Obj::new().set("Session", session.expose()).build();
    Step::Send(
        Request::once(Action::AssociateSoftwareToken, body),
        Expect { who, srp: None, kind: Kind::Associate, metadata, fallback: None },
    )
}

/// What `confirmSignIn` was given.
#[derive(Debug, Clone, Default)]
pub struct Answer {
    /// `challengeResponse`: a code, a choice, a password or an answer, depending on the step.
    pub response: Secret,
    /// `options.userAttributes` (NEW_PASSWORD_REQUIRED).
    pub user_attributes: Vec<(String, String)>,
    /// `options.clientMetadata`.
    pub client_metadata: Vec<(String, String)>,
    /// `options.friendlyDeviceName` (TOTP setup).
    pub friendly_device_name: Option<String>,
}
