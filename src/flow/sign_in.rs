//! The sign-in state machine: `signIn`, `confirmSignIn` and the sign-in half of `autoSignIn`.
//!
//! [`start`] or [`Pending::answer`] produce a [`Step`]. `Step::Send` carries the request and an
//! [`Expect`] that consumes its response; the driver loops until `Ask` (show the step, keep the
//! [`Pending`]), `Done` (store tokens), `Stop` (CONFIRM_SIGN_UP / RESET_PASSWORD) or `Passkey`
//! (run a WebAuthn ceremony, then [`PasskeyRequest::respond`]).

use super::challenge::{setup_types, waiting_for, PasswordVia, SignInStep, Waiting};
use super::{new_ephemeral, AuthFlow, Env, FirstFactor, MfaType, PoolConfig, SESSION_VALIDITY_MS};
use crate::error::{AuthError, InvalidState, Validation};
use crate::json::{Json, Obj};
use crate::protocol::{Action, AuthResponse, ChallengeName, Request, TokenSet};
use crate::secret::Secret;
use crate::srp;
use alloc::string::String;
use alloc::vec::Vec;

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
        .set("ChallengeResponses", answers(auth_params(pool, &who.username)))
        .map("ClientMetadata", metadata)
        .build();
    Request::once(Action::RespondToAuthChallenge, body)
}

/// Starts `signIn`.
///
/// # Errors
/// Validation errors for a missing username or password, or a password given to
/// CUSTOM_WITHOUT_SRP. Nothing is sent in those cases.
pub fn start(input: SignInInput, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(Validation::EmptySignInUsername.into());
    }
    let who = Who { username: username.into(), login_id: username.into(), flow: input.flow };
    let params = auth_params(pool, username);
    let password = &input.password;
    let first = match input.flow {
        AuthFlow::UserSrp => {
            let (params, srp) = with_srp(params, password, env)?;
            First { flow: "USER_SRP_AUTH", params, srp: Some(srp), safe: true }
        }
        AuthFlow::CustomWithSrp => {
            let (params, srp) = with_srp(params, password, env)?;
            let params = params.set("CHALLENGE_NAME", "SRP_A");
            First { flow: "CUSTOM_AUTH", params, srp: Some(srp), safe: false }
        }
        AuthFlow::UserPassword => {
            let params = params.set("PASSWORD", require_password(password)?.expose());
            First { flow: "USER_PASSWORD_AUTH", params, srp: None, safe: true }
        }
        AuthFlow::CustomWithoutSrp => {
            if password.as_ref().is_some_and(|p| !p.is_empty()) {
                return Err(Validation::CustomAuthSignInPassword.into());
            }
            First { flow: "CUSTOM_AUTH", params, srp: None, safe: false }
        }
        AuthFlow::UserAuth => user_auth(params, input.preferred, password, env)?,
    };
    let metadata = input.client_metadata;
    let body = initiate(pool, first.flow, first.params, None, &metadata);
    let req = if first.safe {
        Request::safe(Action::InitiateAuth, body)
    } else {
        Request::once(Action::InitiateAuth, body)
    };
    Ok(Step::Send(req, Expect::auth(who, first.srp, metadata)))
}

/// The first request of a sign-in: InitiateAuth's `AuthFlow` and `AuthParameters`.
struct First {
    flow: &'static str,
    params: Obj,
    /// What PASSWORD_VERIFIER will need, when SRP_A is sent.
    srp: Option<SrpPending>,
    /// Whether the request may be repeated (not when it sends a code or starts custom auth).
    safe: bool,
}

/// `params` with SRP_A, and what PASSWORD_VERIFIER will need.
fn with_srp(
    params: Obj,
    password: &Option<Secret>,
    env: &mut Env,
) -> Result<(Obj, SrpPending), AuthError> {
    let password = require_password(password)?.clone();
    let eph = new_ephemeral(env)?;
    let params = params.set("SRP_A", eph.public_hex());
    Ok((params, SrpPending { eph, password }))
}

/// USER_AUTH: a choice of first factor, or the preferred one right away.
fn user_auth(
    params: Obj,
    preferred: Option<FirstFactor>,
    password: &Option<Secret>,
    env: &mut Env,
) -> Result<First, AuthError> {
    let Some(f) = preferred else {
        return Ok(First { flow: "USER_AUTH", params, srp: None, safe: true });
    };
    let params = params.set("PREFERRED_CHALLENGE", f.as_str());
    let (params, srp, safe) = match f {
        FirstFactor::Password => {
            (params.set("PASSWORD", require_password(password)?.expose()), None, true)
        }
        FirstFactor::PasswordSrp => {
            let (params, srp) = with_srp(params, password, env)?;
            (params, Some(srp), true)
        }
        // These send a code: never repeat them automatically.
        FirstFactor::EmailOtp | FirstFactor::SmsOtp => (params, None, false),
        FirstFactor::WebAuthn => (params, None, true),
    };
    Ok(First { flow: "USER_AUTH", params, srp, safe })
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
    let who =
        Who { username: username.into(), login_id: username.into(), flow: AuthFlow::UserAuth };
    let params =
        auth_params(pool, username).opt("PREFERRED_CHALLENGE", preferred.map(FirstFactor::as_str));
    let body = initiate(pool, "USER_AUTH", params, Some(session), &metadata);
    Step::Send(Request::once(Action::InitiateAuth, body), Expect::auth(who, None, metadata))
}

impl Expect {
    /// The continuation for an InitiateAuth / RespondToAuthChallenge request.
    fn auth(who: Who, srp: Option<SrpPending>, metadata: Vec<(String, String)>) -> Expect {
        Expect { who, srp, kind: Kind::Auth, metadata }
    }

    /// Consumes the response to the request this continuation was sent with.
    ///
    /// # Errors
    /// Cognito's error (other than the two that end in a step), or a protocol error for a
    /// response Cognito would not send.
    pub fn on_response(
        self,
        r: Result<Json, AuthError>,
        pool: &PoolConfig,
        env: &mut Env,
    ) -> Result<Step, AuthError> {
        let v = match r {
            Ok(v) => v,
            Err(e) => return stopped(e).map(Step::Stop),
        };
        match self.kind {
            Kind::Auth => self.on_auth(&v, pool, env),
            Kind::Associate => self.on_associate(&v, env),
            Kind::Verify => self.on_verify(&v, pool),
        }
    }

    /// AssociateSoftwareToken's answer: show the shared secret, wait for the first code.
    fn on_associate(self, v: &Json, env: &Env) -> Result<Step, AuthError> {
        let secret = v
            .str("SecretCode")
            .ok_or(AuthError::Protocol("AssociateSoftwareToken without SecretCode"))?;
        let session = v.str("Session").map(Secret::new).ok_or(NO_SESSION)?;
        let waiting = Waiting::TotpSetup { shared_secret: Secret::new(secret) };
        Ok(Challenged { who: self.who, session, metadata: self.metadata }.ask(waiting, env))
    }

    /// VerifySoftwareToken's answer: on SUCCESS, finish MFA_SETUP with the session it returned.
    fn on_verify(self, v: &Json, pool: &PoolConfig) -> Result<Step, AuthError> {
        if v.str("Status") != Some("SUCCESS") {
            return Err(AuthError::Service {
                code: "EnableSoftwareTokenMFAException".into(),
                message: "The authenticator code was not accepted".into(),
            });
        }
        let session = v.str("Session").map(Secret::new).ok_or(NO_SESSION)?;
        let req = respond(pool, &self.who, "MFA_SETUP", &session, &self.metadata, |o| o);
        Ok(Step::Send(req, Expect::auth(self.who, None, self.metadata)))
    }

    /// An InitiateAuth / RespondToAuthChallenge answer: the tokens, or the next challenge.
    fn on_auth(self, v: &Json, pool: &PoolConfig, env: &mut Env) -> Result<Step, AuthError> {
        let Expect { mut who, srp, metadata, .. } = self;
        let resp = AuthResponse::read(v)?;
        if let Some(tokens) = resp.tokens {
            return Ok(Step::Done(SignedIn { who, tokens }));
        }
        if let Some(u) = resp.param("USERNAME").filter(|u| !u.is_empty()) {
            who.username = u.into();
        }
        let challenge = resp.challenge.clone().ok_or(AuthError::Protocol("no challenge"))?;
        let session = resp.session.clone().ok_or(NO_SESSION)?;
        let next = Challenged { who, session, metadata };
        match challenge {
            ChallengeName::PASSWORD_VERIFIER => next.password_verifier(&resp, srp, pool, env),
            ChallengeName::MFA_SETUP if setup_types(&resp) == [MfaType::Totp] => {
                Ok(associate(next.who, &next.session, next.metadata))
            }
            ChallengeName::WEB_AUTHN => next.web_authn(&resp),
            _ => Ok(next.ask(waiting_for(&resp)?, env)),
        }
    }
}

const NO_SESSION: AuthError = AuthError::Protocol("challenge without Session");

/// The two Cognito errors that end a sign-in with a step instead of an error.
fn stopped(e: AuthError) -> Result<Stopped, AuthError> {
    if e.is_service("UserNotConfirmedException") {
        Ok(Stopped::ConfirmSignUp)
    } else if e.is_service("PasswordResetRequiredException") {
        Ok(Stopped::ResetPassword)
    } else {
        Err(e)
    }
}

/// A challenge just received: who answers it, its session, and the metadata to send back.
struct Challenged {
    who: Who,
    session: Secret,
    metadata: Vec<(String, String)>,
}

impl Challenged {
    /// PASSWORD_VERIFIER: prove the password with the ephemeral the first request sent.
    fn password_verifier(
        self,
        resp: &AuthResponse,
        srp: Option<SrpPending>,
        pool: &PoolConfig,
        env: &Env,
    ) -> Result<Step, AuthError> {
        let SrpPending { eph, password } =
            srp.ok_or(AuthError::Protocol("PASSWORD_VERIFIER without SRP"))?;
        let user_id =
            resp.param("USER_ID_FOR_SRP").ok_or(AuthError::Protocol("USER_ID_FOR_SRP missing"))?;
        let Challenged { mut who, session, metadata } = self;
        who.username = user_id.into();
        let get =
            |k| resp.param(k).ok_or(AuthError::Protocol("PASSWORD_VERIFIER parameter missing"));
        let block = get("SECRET_BLOCK")?;
        let ch = srp::PasswordChallenge {
            pool_name: srp::pool_name(&pool.user_pool_id),
            user_id_for_srp: user_id,
            srp_b_hex: get("SRP_B")?,
            salt_hex: get("SALT")?,
            secret_block_b64: block,
        };
        let timestamp = srp::timestamp(env.now_ms / 1000);
        let signature = srp::password_claim(eph, &ch, password.expose(), &timestamp)
            .map_err(|_| AuthError::Protocol("PASSWORD_VERIFIER values are malformed"))?;
        let req = respond(pool, &who, "PASSWORD_VERIFIER", &session, &metadata, |o| {
            o.set("PASSWORD_CLAIM_SECRET_BLOCK", block)
                .set("PASSWORD_CLAIM_SIGNATURE", signature)
                .set("TIMESTAMP", timestamp)
        });
        Ok(Step::Send(req, Expect::auth(who, None, metadata)))
    }

    /// WEB_AUTHN: the driver runs a passkey assertion with Cognito's options.
    fn web_authn(self, resp: &AuthResponse) -> Result<Step, AuthError> {
        let options_json = resp
            .param("CREDENTIAL_REQUEST_OPTIONS")
            .ok_or(AuthError::Protocol("WEB_AUTHN without CREDENTIAL_REQUEST_OPTIONS"))?
            .into();
        let Challenged { who, session, metadata } = self;
        Ok(Step::Passkey(PasskeyRequest { who, session, options_json, metadata }))
    }

    /// Any other challenge: the user is asked (`confirmSignIn`).
    fn ask(self, waiting: Waiting, env: &Env) -> Step {
        let expires_at_ms = env.now_ms + SESSION_VALIDITY_MS;
        Step::Ask(Pending { who: self.who, session: self.session, expires_at_ms, waiting })
    }
}

fn associate(who: Who, session: &Secret, metadata: Vec<(String, String)>) -> Step {
    let body = Obj::new().set("Session", session.expose()).build();
    Step::Send(
        Request::once(Action::AssociateSoftwareToken, body),
        Expect { who, srp: None, kind: Kind::Associate, metadata },
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

fn code(answer: &str) -> Result<&str, AuthError> {
    if (6..=8).contains(&answer.len()) && answer.bytes().all(|b| b.is_ascii_digit()) {
        Ok(answer)
    } else {
        Err(Validation::InvalidCodeFormat.into())
    }
}

impl Pending {
    /// The Amplify step shown for this pending sign-in.
    pub fn step(&self) -> SignInStep {
        self.waiting.step()
    }

    /// Answers the step (`confirmSignIn`). Input errors leave `self` untouched for the caller
    /// to keep (it is only consumed on success).
    ///
    /// # Errors
    /// [`InvalidState::PendingSignInExpired`] after the session validity; validation errors
    /// for an empty answer, an answer of the wrong kind (e.g. `SMS` to a TOTP step) or a choice
    /// that was not offered.
    pub fn answer(
        &self,
        answer: Answer,
        pool: &PoolConfig,
        env: &mut Env,
    ) -> Result<Step, AuthError> {
        if env.now_ms >= self.expires_at_ms {
            return Err(InvalidState::PendingSignInExpired.into());
        }
        let text = answer.response.expose().trim();
        if text.is_empty() {
            return Err(Validation::EmptyChallengeResponse.into());
        }
        let to = Reply { pending: self, pool, metadata: answer.client_metadata };
        match &self.waiting {
            Waiting::SmsMfaCode { .. } => answer_code(to, "SMS_MFA", "SMS_MFA_CODE", text),
            Waiting::SmsOtpCode { .. } => answer_code(to, "SMS_OTP", "SMS_OTP_CODE", text),
            Waiting::EmailCode { .. } => answer_code(to, "EMAIL_OTP", "EMAIL_OTP_CODE", text),
            Waiting::TotpCode => {
                answer_code(to, "SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE", text)
            }
            Waiting::MfaSelection { allowed } => answer_mfa_selection(to, allowed, text),
            Waiting::MfaSetupSelection { allowed } => answer_mfa_setup_selection(to, allowed, text),
            Waiting::EmailSetup => answer_email_setup(to, text),
            Waiting::TotpSetup { .. } => {
                answer_totp_setup(to, text, answer.friendly_device_name.as_deref())
            }
            Waiting::FirstFactorSelection { available } => answer_first_factor(to, available, text),
            Waiting::Password { via } => answer_password(to, *via, &answer.response, env),
            Waiting::CustomChallenge { .. } => Ok(answer_custom_challenge(to, text)),
            Waiting::NewPassword { .. } => {
                Ok(answer_new_password(to, &answer.response, &answer.user_attributes))
            }
        }
    }
}

/// A `confirmSignIn` answer on its way: the pending sign-in it answers, and its metadata.
struct Reply<'a> {
    pending: &'a Pending,
    pool: &'a PoolConfig,
    metadata: Vec<(String, String)>,
}

impl Reply<'_> {
    /// RespondToAuthChallenge in the pending challenge session.
    fn request(&self, challenge: &str, answers: &dyn Fn(Obj) -> Obj) -> Request {
        let Pending { who, session, .. } = self.pending;
        respond(self.pool, who, challenge, session, &self.metadata, answers)
    }

    /// Sends `req`; its response is an auth response.
    fn send(self, req: Request, srp: Option<SrpPending>) -> Step {
        Step::Send(req, Expect::auth(self.pending.who.clone(), srp, self.metadata))
    }

    /// Answers `challenge` with `answers`.
    fn challenge(self, challenge: &str, answers: &dyn Fn(Obj) -> Obj) -> Step {
        let req = self.request(challenge, answers);
        self.send(req, None)
    }

    /// Asks the user something more, sending nothing yet (a choice that needs a second answer).
    fn ask(self, waiting: Waiting) -> Step {
        Step::Ask(Pending { waiting, ..self.pending.clone() })
    }
}

/// SMS_MFA, SMS_OTP, EMAIL_OTP, SOFTWARE_TOKEN_MFA: a 6 to 8 digit code, sent as `key`.
fn answer_code(to: Reply, challenge: &str, key: &str, text: &str) -> Result<Step, AuthError> {
    let c = code(text)?;
    Ok(to.challenge(challenge, &|o| o.set(key, c)))
}

/// SELECT_MFA_TYPE: one of the offered types.
fn answer_mfa_selection(to: Reply, allowed: &[MfaType], text: &str) -> Result<Step, AuthError> {
    let t = offered(MfaType::parse(text)?, allowed)?;
    Ok(to.challenge("SELECT_MFA_TYPE", &|o| o.set("ANSWER", t.challenge())))
}

/// MFA_SETUP with a choice: TOTP starts AssociateSoftwareToken, EMAIL asks for the address.
fn answer_mfa_setup_selection(
    to: Reply,
    allowed: &[MfaType],
    text: &str,
) -> Result<Step, AuthError> {
    Ok(match offered(MfaType::parse(text)?, allowed)? {
        MfaType::Totp => associate(to.pending.who.clone(), &to.pending.session, to.metadata),
        _ => to.ask(Waiting::EmailSetup),
    })
}

/// MFA_SETUP by email: the address.
fn answer_email_setup(to: Reply, text: &str) -> Result<Step, AuthError> {
    if !text.contains('@') || text.contains(char::is_whitespace) {
        return Err(Validation::InvalidEmailFormat.into());
    }
    Ok(to.challenge("MFA_SETUP", &|o| o.set("EMAIL", text)))
}

/// MFA_SETUP by TOTP: the authenticator's first code, to VerifySoftwareToken.
fn answer_totp_setup(to: Reply, text: &str, device: Option<&str>) -> Result<Step, AuthError> {
    let body = Obj::new()
        .set("Session", to.pending.session.expose())
        .set("UserCode", code(text)?)
        .opt("FriendlyDeviceName", device)
        .build();
    let req = Request::once(Action::VerifySoftwareToken, body);
    let who = to.pending.who.clone();
    Ok(Step::Send(req, Expect { who, srp: None, kind: Kind::Verify, metadata: to.metadata }))
}

/// SELECT_CHALLENGE: an offered first factor; PASSWORD and PASSWORD_SRP then ask for it.
fn answer_first_factor(to: Reply, available: &[String], text: &str) -> Result<Step, AuthError> {
    let f = FirstFactor::parse(text)?;
    if !available.iter().any(|a| a == f.as_str()) {
        return Err(Validation::IncorrectFirstFactor.into());
    }
    Ok(match f {
        FirstFactor::Password | FirstFactor::PasswordSrp => to.ask(Waiting::Password {
            via: PasswordVia::Selection { srp: f == FirstFactor::PasswordSrp },
        }),
        _ => to.challenge("SELECT_CHALLENGE", &|o| o.set("ANSWER", f.as_str())),
    })
}

/// A password: the PASSWORD / PASSWORD_SRP challenge, or the SELECT_CHALLENGE answer that
/// picked one. With SRP, PASSWORD_VERIFIER follows.
fn answer_password(
    to: Reply,
    via: PasswordVia,
    password: &Secret,
    env: &mut Env,
) -> Result<Step, AuthError> {
    // The whole answer is the password: spaces are significant.
    let password = password.clone();
    let (challenge, srp, selecting) = match via {
        PasswordVia::Selection { srp } => ("SELECT_CHALLENGE", srp, true),
        PasswordVia::Challenge { srp: false } => ("PASSWORD", false, false),
        PasswordVia::Challenge { srp: true } => ("PASSWORD_SRP", true, false),
    };
    if srp {
        let eph = new_ephemeral(env)?;
        let a = eph.public_hex();
        let req = to.request(challenge, &|o| {
            let o = if selecting { o.set("ANSWER", "PASSWORD_SRP") } else { o };
            o.set("SRP_A", a.as_str())
        });
        Ok(to.send(req, Some(SrpPending { eph, password })))
    } else {
        let req = to.request(challenge, &|o| {
            let o = if selecting { o.set("ANSWER", "PASSWORD") } else { o };
            o.set("PASSWORD", password.expose())
        });
        Ok(to.send(req, None))
    }
}

/// CUSTOM_CHALLENGE: the answer as typed (trimmed).
fn answer_custom_challenge(to: Reply, text: &str) -> Step {
    to.challenge("CUSTOM_CHALLENGE", &|o| o.set("ANSWER", text))
}

/// NEW_PASSWORD_REQUIRED: the new password, and the required attributes the user gave.
fn answer_new_password(to: Reply, new_password: &Secret, attrs: &[(String, String)]) -> Step {
    to.challenge("NEW_PASSWORD_REQUIRED", &|o| {
        attrs.iter().fold(o.set("NEW_PASSWORD", new_password.expose()), |o, (k, v)| {
            let mut key = String::from("userAttributes.");
            key.push_str(k);
            o.set(&key, v.as_str())
        })
    })
}

fn offered(t: MfaType, allowed: &[MfaType]) -> Result<MfaType, AuthError> {
    if allowed.contains(&t) {
        Ok(t)
    } else {
        Err(Validation::IncorrectMFAMethod.into())
    }
}
