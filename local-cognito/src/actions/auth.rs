//! InitiateAuth: checks the flow and the client, then starts the flow's first step
//! (password, SRP, custom auth, USER_AUTH choices). RespondToAuthChallenge is in
//! `challenges.rs`; the shared machinery in `sign_in.rs`.

use crate::actions::devices;
use crate::actions::first_factor::{
    available_first_factors, password_factor, start_first_factor, start_srp,
};
use crate::actions::next_step::advance;
use crate::actions::password::{check_can_sign_in, reset_required};
use crate::actions::sign_in::{challenge, internal_name, unknown_user, FlowCtx};
use crate::actions::tokens::refresh_token_auth;
use crate::error::{ApiError, ApiResult};
use crate::policy::check_secret_hash;
use crate::request::{opt_str, req_str, str_map};
use crate::state::Emulator;
use crate::store::{AuthProgress, Factor, Step, UserStatus};
use serde_json::Value;
use std::collections::BTreeMap;

fn flow_not_enabled(flow: &str) -> ApiError {
    ApiError::invalid_param(format!("{flow} flow not enabled for this client"))
}

pub fn initiate_auth(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    initiate(emu, req, now, false)
}

/// One InitiateAuth call after the flow check: who asks, for whom, with what.
struct Start<'a> {
    req: &'a Value,
    pool_id: String,
    client_id: &'a str,
    /// The name the caller typed.
    username: String,
    /// Storage key of the user it names, if any.
    found: Option<String>,
    params: BTreeMap<String, String>,
    progress: AuthProgress,
}

impl Start<'_> {
    fn param(&self, name: &str) -> Result<&str, ApiError> {
        self.params.get(name).map(String::as_str).ok_or_else(|| ApiError::missing(name))
    }

    fn flow_ctx(&self, user_key: String) -> FlowCtx {
        let typed = self.username.clone();
        FlowCtx { pool_id: self.pool_id.clone(), client_id: self.client_id.into(), user_key, typed }
    }

    fn prevents_existence_errors(&self, emu: &Emulator) -> bool {
        emu.client(&self.pool_id, self.client_id).cfg.prevent_user_existence_errors
    }
}

/// The flow name checked against Cognito's enum (`REFRESH_TOKEN` is an alias).
fn checked_flow(flow: &str) -> Result<&str, ApiError> {
    let flow = if flow == "REFRESH_TOKEN" { "REFRESH_TOKEN_AUTH" } else { flow };
    match flow {
        "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "CUSTOM_AUTH" | "REFRESH_TOKEN_AUTH" | "USER_AUTH" => Ok(flow),
        "ADMIN_NO_SRP_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => Err(ApiError::invalid_param("Initiate Auth method not supported.")),
        other => Err(ApiError::invalid_param(format!(
            "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH, USER_AUTH]"
        ))),
    }
}

/// InitiateAuth; `admin` (AdminInitiateAuth's password flows) skips the client's flow gate.
pub(crate) fn initiate(emu: &mut Emulator, req: &Value, now: u64, admin: bool) -> ApiResult {
    let flow = req_str(req, "AuthFlow")?;
    let client_id = req_str(req, "ClientId")?;
    let pool_id = emu.client_ids(client_id)?;
    let params = str_map(req, "AuthParameters");
    let flow = checked_flow(flow)?;
    if !admin && !emu.client(&pool_id, client_id).cfg.allows(flow) {
        return Err(flow_not_enabled(flow));
    }
    if flow == "REFRESH_TOKEN_AUTH" {
        return refresh_token_auth(emu, &pool_id, client_id, &params, now);
    }
    let username = params.get("USERNAME").ok_or_else(|| ApiError::missing("USERNAME"))?.clone();
    let found = emu.pool(&pool_id).find(&username);
    let mut names = vec![username.as_str()];
    if let Some(u) = found.as_ref().and_then(|k| emu.user(&pool_id, k)) {
        names.push(u.username.as_str());
    }
    let secret_hash = params.get("SECRET_HASH").map(String::as_str);
    check_secret_hash(emu.client(&pool_id, client_id), &names, secret_hash)?;
    let device_key = params.get("DEVICE_KEY").cloned();
    let progress = AuthProgress { flow: flow.to_string(), device_key, ..Default::default() };
    let start = Start { req, pool_id, client_id, username, found, params, progress };
    match flow {
        "USER_PASSWORD_AUTH" => user_password_auth(emu, start, now),
        "USER_SRP_AUTH" => user_srp_auth(emu, start, now),
        "CUSTOM_AUTH" => custom_auth(emu, start, now),
        _ => user_auth(emu, start, now),
    }
}

fn user_password_auth(emu: &mut Emulator, s: Start, now: u64) -> ApiResult {
    let pw = s.param("PASSWORD")?;
    let key = s.found.clone().ok_or_else(|| unknown_user(emu, &s.pool_id, s.client_id))?;
    reject_reset_required(emu, &s.pool_id, &key)?;
    password_factor(emu, &s.flow_ctx(key), pw, s.progress.clone(), now)
}

/// SRP as the first step (USER_SRP_AUTH, or CUSTOM_AUTH with `CHALLENGE_NAME: SRP_A`).
fn srp_start(emu: &mut Emulator, s: Start, now: u64) -> ApiResult {
    let a = s.param("SRP_A")?;
    if s.found.is_none() && !s.prevents_existence_errors(emu) {
        return Err(ApiError::user_not_found());
    }
    let f = s.flow_ctx(s.found.clone().unwrap_or_default());
    start_srp(emu, &f, a, s.progress.clone(), now)
}

fn user_srp_auth(emu: &mut Emulator, s: Start, now: u64) -> ApiResult {
    s.param("SRP_A")?;
    if let Some(k) = &s.found {
        reject_reset_required(emu, &s.pool_id, k)?;
    }
    srp_start(emu, s, now)
}

fn custom_auth(emu: &mut Emulator, s: Start, now: u64) -> ApiResult {
    if emu.pool(&s.pool_id).cfg.custom_auth.as_ref().is_none_or(|c| c.rounds.is_empty()) {
        return Err(ApiError::invalid_param(
            "Custom auth lambda trigger is not configured for the user pool.",
        ));
    }
    if s.params.get("CHALLENGE_NAME").map(String::as_str) == Some("SRP_A") {
        return srp_start(emu, s, now);
    }
    let key = s.found.clone().ok_or_else(|| unknown_user(emu, &s.pool_id, s.client_id))?;
    check_can_sign_in(emu, &s.pool_id, &key, now)?;
    let f = s.flow_ctx(key);
    devices::check_device_key(emu, &f, s.progress.device_key.as_deref())?;
    let progress = AuthProgress { first_factor: Some(Factor::Custom), ..s.progress.clone() };
    advance(emu, &f, progress, now)
}

fn reject_reset_required(emu: &Emulator, pool_id: &str, key: &str) -> Result<(), ApiError> {
    match emu.user(pool_id, key) {
        Some(u) if u.status == UserStatus::ResetRequired => Err(reset_required()),
        _ => Ok(()),
    }
}

/// USER_AUTH: the session from SignUp/ConfirmSignUp, a preferred first factor, or
/// SELECT_CHALLENGE with the factors the user has.
///
/// For a user who does not exist, with PreventUserExistenceErrors ENABLED, the answer is a
/// simulated flow shaped like a real one: the same choice of challenges (every first
/// factor the pool allows), a challenge for the preferred one, and answers that always
/// fail ("Managing user existence error responses", Amazon Cognito Developer Guide: for
/// choice-based authentication Cognito answers with a challenge type the pool allows).
fn user_auth(emu: &mut Emulator, s: Start, now: u64) -> ApiResult {
    if let Some(session) = opt_str(s.req, "Session") {
        return sign_up_session_auth(emu, &s, session, now);
    }
    let preferred = s.params.get("PREFERRED_CHALLENGE").map(String::as_str);
    let Some(key) = s.found.clone() else {
        if !s.prevents_existence_errors(emu) {
            return Err(ApiError::user_not_found());
        }
        let available = simulated_first_factors(emu, &s.pool_id);
        return choose_first_factor(emu, &s, s.flow_ctx(String::new()), available, preferred, now);
    };
    check_may_choose(emu, &s.pool_id, &key, preferred)?;
    let available = available_first_factors(emu, &s.pool_id, &key);
    choose_first_factor(emu, &s, s.flow_ctx(key), available, preferred, now)
}

/// Start the preferred factor when the user has it, else offer SELECT_CHALLENGE.
fn choose_first_factor(
    emu: &mut Emulator,
    s: &Start,
    f: FlowCtx,
    available: Vec<String>,
    preferred: Option<&str>,
    now: u64,
) -> ApiResult {
    if let Some(p) = preferred.filter(|p| available.iter().any(|a| a == p)) {
        return start_first_factor(emu, &f, p, &s.params, s.progress.clone(), now);
    }
    if available.is_empty() {
        return Err(ApiError::not_authorized("No sign-in method is available for the user."));
    }
    let params = vec![("USERNAME".into(), internal_name(emu, &f))];
    let step = Step::SelectChallenge { available };
    Ok(challenge(emu, &f, f.known(), step, s.progress.clone(), params, now))
}

/// The first factors a simulated flow offers: all the pool allows.
fn simulated_first_factors(emu: &Emulator, pool_id: &str) -> Vec<String> {
    let mut out = Vec::new();
    for f in &emu.pool(pool_id).cfg.allowed_first_auth_factors {
        if f == "PASSWORD" {
            out.extend(["PASSWORD".to_string(), "PASSWORD_SRP".to_string()]);
        } else if ["EMAIL_OTP", "SMS_OTP", "WEB_AUTHN"].contains(&f.as_str()) {
            out.push(f.clone());
        }
    }
    out
}

/// Refuse USER_AUTH for a user who cannot sign in at all, before offering factors.
fn check_may_choose(
    emu: &Emulator,
    pool_id: &str,
    key: &str,
    preferred: Option<&str>,
) -> Result<(), ApiError> {
    let user = emu.user(pool_id, key).ok_or_else(ApiError::bad_credentials)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    if user.status == UserStatus::Unconfirmed {
        return Err(ApiError::not_confirmed());
    }
    if user.status == UserStatus::ResetRequired
        && matches!(preferred, Some("PASSWORD" | "PASSWORD_SRP"))
    {
        return Err(reset_required());
    }
    Ok(())
}

/// Sign-in with the session from SignUp / ConfirmSignUp (Amplify's auto sign-in).
fn sign_up_session_auth(emu: &mut Emulator, s: &Start, session: &str, now: u64) -> ApiResult {
    let p = emu.take_pending(session, Some(s.client_id), now)?;
    let key = s.found.clone().ok_or_else(ApiError::session_invalid)?;
    let user = emu.user(&s.pool_id, &key).ok_or_else(ApiError::session_invalid)?;
    let ok_step = match p.step {
        Step::SignUpConfirmed => true,
        Step::SignUp => user.status == UserStatus::Confirmed,
        _ => false,
    };
    if !ok_step || p.user_key.as_deref() != Some(key.as_str()) || user.signed_in {
        return Err(ApiError::session_invalid());
    }
    check_can_sign_in(emu, &s.pool_id, &key, now)?;
    let progress = AuthProgress { first_factor: Some(Factor::SignUpCode), ..s.progress.clone() };
    advance(emu, &s.flow_ctx(key), progress, now)
}
