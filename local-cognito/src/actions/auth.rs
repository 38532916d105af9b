//! InitiateAuth and the first factors (password, SRP, USER_AUTH choices, OTP), plus the
//! challenge-response builder shared by every step. RespondToAuthChallenge and the
//! chained steps live in `challenges.rs`.

use crate::actions::challenges::advance;
use crate::actions::passkeys;
use crate::actions::password::{check_can_sign_in, password_matches, reset_required};
use crate::actions::tokens::refresh_token_auth;
use crate::delivery::Destination;
use crate::emulator::{obj, opt_str, req_str, str_map, Emulator};
use crate::error::{ApiError, ApiResult};
use crate::policy::check_secret_hash;
use crate::srp::{self, ServerHandshake};
use crate::store::{AuthProgress, Factor, OneTimeCode, Pending, Step, UserStatus};
use base64::{engine::general_purpose::STANDARD, Engine};
use num_bigint::BigUint;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Wrong OTP answers allowed per session.
pub(crate) const OTP_ATTEMPTS: u32 = 3;

/// Identity of the flow a response belongs to.
pub(crate) struct FlowCtx {
    pub pool_id: String,
    pub client_id: String,
    pub user_key: String,
}

pub(crate) fn session_ms(emu: &Emulator, pool_id: &str, client_id: &str) -> u64 {
    emu.client(pool_id, client_id).cfg.auth_session_validity_minutes * 60_000
}

/// Build a challenge response with a fresh session holding `step`.
pub(crate) fn challenge(
    emu: &mut Emulator,
    f: &FlowCtx,
    user_key: Option<&str>,
    step: Step,
    progress: AuthProgress,
    params: Vec<(String, String)>,
    now: u64,
) -> Value {
    let name = step.challenge_name();
    let available = match &step {
        Step::SelectChallenge { available } => Some(available.clone()),
        _ => None,
    };
    let session = emu.put_pending(Pending {
        pool_id: f.pool_id.clone(),
        client_id: f.client_id.clone(),
        user_key: user_key.map(str::to_string),
        expires_ms: now + session_ms(emu, &f.pool_id, &f.client_id),
        failed: 0,
        step,
        progress,
    });
    let mut p = Map::new();
    for (k, v) in params {
        p.insert(k, json!(v));
    }
    obj(vec![
        ("ChallengeName", json!(name)),
        ("Session", json!(session)),
        ("ChallengeParameters", Value::Object(p)),
        ("AvailableChallenges", available.map(|a| json!(a)).unwrap_or(Value::Null)),
    ])
}

pub(crate) fn internal_name(emu: &Emulator, f: &FlowCtx) -> String {
    emu.user(&f.pool_id, &f.user_key).map(|u| u.username.clone()).unwrap_or_default()
}

fn unknown_user(emu: &Emulator, pool_id: &str, client_id: &str) -> ApiError {
    if emu.client(pool_id, client_id).cfg.prevent_user_existence_errors {
        ApiError::bad_credentials()
    } else {
        ApiError::user_not_found()
    }
}

fn flow_not_enabled(flow: &str) -> ApiError {
    ApiError::invalid_param(format!("{flow} flow not enabled for this client"))
}

pub fn initiate_auth(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    initiate(emu, req, now, false)
}

/// InitiateAuth; `admin` (AdminInitiateAuth's password flows) skips the client's flow gate.
pub(crate) fn initiate(emu: &mut Emulator, req: &Value, now: u64, admin: bool) -> ApiResult {
    let flow = req_str(req, "AuthFlow")?;
    let client_id = req_str(req, "ClientId")?;
    let pool_id = emu.client_ids(client_id)?;
    let params = str_map(req, "AuthParameters");
    let flow = if flow == "REFRESH_TOKEN" { "REFRESH_TOKEN_AUTH" } else { flow };
    match flow {
        "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "CUSTOM_AUTH" | "REFRESH_TOKEN_AUTH" | "USER_AUTH" => {}
        "ADMIN_NO_SRP_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => return Err(ApiError::invalid_param("Initiate Auth method not supported.")),
        other => {
            return Err(ApiError::invalid_param(format!(
                "1 validation error detected: Value '{other}' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: [USER_SRP_AUTH, REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH, USER_AUTH]"
            )))
        }
    }
    if !admin && !emu.client(&pool_id, client_id).cfg.allows(flow) {
        return Err(flow_not_enabled(flow));
    }
    if flow == "REFRESH_TOKEN_AUTH" {
        return refresh_token_auth(emu, &pool_id, client_id, &params, now);
    }
    let username = params.get("USERNAME").ok_or_else(|| ApiError::missing("USERNAME"))?.clone();
    let found = emu.pool(&pool_id).find(&username);
    let mut names = vec![username.clone()];
    if let Some(k) = &found {
        names.push(emu.user(&pool_id, k).expect("found").username.clone());
    }
    let names_ref: Vec<&str> = names.iter().map(String::as_str).collect();
    check_secret_hash(
        emu.client(&pool_id, client_id),
        &names_ref,
        params.get("SECRET_HASH").map(String::as_str),
    )?;
    let progress = AuthProgress { flow: flow.to_string(), ..Default::default() };
    match flow {
        "USER_PASSWORD_AUTH" => {
            let pw = params.get("PASSWORD").ok_or_else(|| ApiError::missing("PASSWORD"))?;
            let key = found.ok_or_else(|| unknown_user(emu, &pool_id, client_id))?;
            reject_reset_required(emu, &pool_id, &key)?;
            let f = FlowCtx { pool_id, client_id: client_id.into(), user_key: key };
            password_factor(emu, &f, pw, progress, now)
        }
        "USER_SRP_AUTH" => {
            let a = params.get("SRP_A").ok_or_else(|| ApiError::missing("SRP_A"))?;
            if let Some(k) = &found {
                reject_reset_required(emu, &pool_id, k)?;
            } else if !emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors {
                return Err(ApiError::user_not_found());
            }
            start_srp(emu, &pool_id, client_id, found.as_deref(), &username, a, progress, now)
        }
        "CUSTOM_AUTH" => {
            if emu.pool(&pool_id).cfg.custom_auth.as_ref().is_none_or(|c| c.rounds.is_empty()) {
                return Err(ApiError::invalid_param(
                    "Custom auth lambda trigger is not configured for the user pool.",
                ));
            }
            if params.get("CHALLENGE_NAME").map(String::as_str) == Some("SRP_A") {
                let a = params.get("SRP_A").ok_or_else(|| ApiError::missing("SRP_A"))?;
                if found.is_none()
                    && !emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors
                {
                    return Err(ApiError::user_not_found());
                }
                return start_srp(
                    emu,
                    &pool_id,
                    client_id,
                    found.as_deref(),
                    &username,
                    a,
                    progress,
                    now,
                );
            }
            let key = found.ok_or_else(|| unknown_user(emu, &pool_id, client_id))?;
            check_can_sign_in(emu, &pool_id, &key, now)?;
            let f = FlowCtx { pool_id, client_id: client_id.into(), user_key: key };
            let progress = AuthProgress { first_factor: Some(Factor::Custom), ..progress };
            advance(emu, &f, progress, now)
        }
        _ => user_auth(emu, req, &pool_id, client_id, &username, found, &params, progress, now),
    }
}

fn reject_reset_required(emu: &Emulator, pool_id: &str, key: &str) -> Result<(), ApiError> {
    match emu.user(pool_id, key) {
        Some(u) if u.status == UserStatus::ResetRequired => Err(reset_required()),
        _ => Ok(()),
    }
}

/// Verify a plaintext password as the first factor, then continue.
pub(crate) fn password_factor(
    emu: &mut Emulator,
    f: &FlowCtx,
    pw: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    check_lockout(emu, f, now)?;
    if !password_matches(emu, &f.pool_id, &f.user_key, pw) {
        return Err(password_failed(emu, f, now));
    }
    password_succeeded(emu, f);
    check_can_sign_in(emu, &f.pool_id, &f.user_key, now)?;
    advance(emu, f, AuthProgress { first_factor: Some(Factor::Password), ..progress }, now)
}

/// Failed password attempts before Cognito's temporary lockout starts.
const LOCKOUT_AFTER: u32 = 5;

pub(crate) fn check_lockout(emu: &Emulator, f: &FlowCtx, now: u64) -> Result<(), ApiError> {
    match emu.user(&f.pool_id, &f.user_key) {
        Some(u) if now < u.locked_until_ms => {
            Err(ApiError::not_authorized("Password attempts exceeded"))
        }
        _ => Ok(()),
    }
}

/// Count a wrong password: from the fifth failure on the user is locked out for 1 s,
/// doubling per further failure up to 15 minutes (emulator clock).
pub(crate) fn password_failed(emu: &mut Emulator, f: &FlowCtx, now: u64) -> ApiError {
    if let Some(u) = emu.user_mut(&f.pool_id, &f.user_key) {
        u.failed_logins += 1;
        if u.failed_logins >= LOCKOUT_AFTER {
            let secs = 1u64 << (u.failed_logins - LOCKOUT_AFTER).min(10);
            u.locked_until_ms = now + secs.min(900) * 1000;
        }
    }
    ApiError::bad_credentials()
}

pub(crate) fn password_succeeded(emu: &mut Emulator, f: &FlowCtx) {
    if let Some(u) = emu.user_mut(&f.pool_id, &f.user_key) {
        u.failed_logins = 0;
        u.locked_until_ms = 0;
    }
}

/// Issue PASSWORD_VERIFIER. For an unknown user (or one without a password) a
/// simulated challenge is returned that can never succeed.
#[allow(clippy::too_many_arguments)]
pub(crate) fn start_srp(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    key: Option<&str>,
    typed: &str,
    a_hex: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let a = BigUint::parse_bytes(a_hex.as_bytes(), 16)
        .ok_or_else(|| ApiError::invalid_param("SRP_A is not a valid hex number."))?;
    let real = key.and_then(|k| emu.user(pool_id, k)).and_then(|u| {
        u.password.as_ref().map(|p| (u.username.clone(), p.salt.clone(), p.verifier.clone()))
    });
    let (user_id, salt, v, key) = match real {
        Some((name, salt, v)) => (name, salt, v, key),
        None => {
            let salt = BigUint::from_bytes_be(&emu.random_bytes(16));
            let x = BigUint::from_bytes_be(&emu.random_bytes(32));
            let name = key
                .and_then(|k| emu.user(pool_id, k))
                .map(|u| u.username.clone())
                .unwrap_or_else(|| typed.to_string());
            (name, salt, srp::g().modpow(&x, srp::n()), None)
        }
    };
    let b = emu.random_bytes(64);
    let hs = ServerHandshake::start(a, v, &b)
        .map_err(|_| ApiError::invalid_param("SRP_A cannot be zero mod N."))?;
    let block = emu.random_bytes(512);
    let params = vec![
        ("SALT".to_string(), salt.to_str_radix(16)),
        ("SECRET_BLOCK".to_string(), STANDARD.encode(&block)),
        ("SRP_B".to_string(), hs.b_pub().to_str_radix(16)),
        ("USERNAME".to_string(), user_id.clone()),
        ("USER_ID_FOR_SRP".to_string(), user_id.clone()),
    ];
    let f = FlowCtx {
        pool_id: pool_id.into(),
        client_id: client_id.into(),
        user_key: key.unwrap_or_default().into(),
    };
    Ok(challenge(
        emu,
        &f,
        key,
        Step::PasswordVerifier { handshake: hs, secret_block: block, user_id },
        progress,
        params,
        now,
    ))
}

/// First factors the user can use under USER_AUTH, in the pool's order.
pub(crate) fn available_first_factors(emu: &Emulator, pool_id: &str, key: &str) -> Vec<String> {
    let pool = emu.pool(pool_id);
    let Some(user) = pool.users.get(key) else { return vec![] };
    let mut out = Vec::new();
    for f in &pool.cfg.allowed_first_auth_factors {
        match f.as_str() {
            "PASSWORD" if user.password.is_some() => {
                out.push("PASSWORD".to_string());
                out.push("PASSWORD_SRP".to_string());
            }
            "EMAIL_OTP" if user.verified("email") => out.push("EMAIL_OTP".into()),
            "SMS_OTP" if user.verified("phone_number") => out.push("SMS_OTP".into()),
            "WEB_AUTHN" if !user.passkeys.is_empty() => out.push("WEB_AUTHN".into()),
            _ => {}
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn user_auth(
    emu: &mut Emulator,
    req: &Value,
    pool_id: &str,
    client_id: &str,
    typed: &str,
    found: Option<String>,
    params: &BTreeMap<String, String>,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    // Sign-in with the session from SignUp / ConfirmSignUp (auto sign-in).
    if let Some(session) = opt_str(req, "Session") {
        let p = emu.take_pending(session, Some(client_id), now)?;
        let key = found.ok_or_else(ApiError::session_invalid)?;
        let user = emu.user(pool_id, &key).ok_or_else(ApiError::session_invalid)?;
        let ok_step = match p.step {
            Step::SignUpConfirmed => true,
            Step::SignUp => user.status == UserStatus::Confirmed,
            _ => false,
        };
        if !ok_step || p.user_key.as_deref() != Some(key.as_str()) || user.signed_in {
            return Err(ApiError::session_invalid());
        }
        check_can_sign_in(emu, pool_id, &key, now)?;
        let f = FlowCtx { pool_id: pool_id.into(), client_id: client_id.into(), user_key: key };
        return advance(
            emu,
            &f,
            AuthProgress { first_factor: Some(Factor::SignUpCode), ..progress },
            now,
        );
    }
    let preferred = params.get("PREFERRED_CHALLENGE").map(String::as_str);
    let Some(key) = found else {
        if !emu.client(pool_id, client_id).cfg.prevent_user_existence_errors {
            return Err(ApiError::user_not_found());
        }
        if let (Some("PASSWORD_SRP"), Some(a)) = (preferred, params.get("SRP_A")) {
            return start_srp(emu, pool_id, client_id, None, typed, a, progress, now);
        }
        return Err(ApiError::bad_credentials());
    };
    {
        let user = emu.user(pool_id, &key).expect("found");
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
    }
    let available = available_first_factors(emu, pool_id, &key);
    let f = FlowCtx { pool_id: pool_id.into(), client_id: client_id.into(), user_key: key.clone() };
    if let Some(p) = preferred {
        if available.iter().any(|a| a == p) {
            return start_first_factor(emu, &f, p, params, progress, now);
        }
    }
    if available.is_empty() {
        return Err(ApiError::not_authorized("No sign-in method is available for the user."));
    }
    let uname = internal_name(emu, &f);
    Ok(challenge(
        emu,
        &f,
        Some(&key),
        Step::SelectChallenge { available },
        progress,
        vec![("USERNAME".into(), uname)],
        now,
    ))
}

/// Start a chosen USER_AUTH first factor.
pub(crate) fn start_first_factor(
    emu: &mut Emulator,
    f: &FlowCtx,
    choice: &str,
    params: &BTreeMap<String, String>,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let uname = internal_name(emu, f);
    match choice {
        "PASSWORD" => match params.get("PASSWORD") {
            Some(pw) => password_factor(emu, f, pw, progress, now),
            None => Ok(challenge(
                emu,
                f,
                Some(&f.user_key),
                Step::PasswordChallenge,
                progress,
                vec![("USERNAME".into(), uname)],
                now,
            )),
        },
        "PASSWORD_SRP" => match params.get("SRP_A") {
            Some(a) => start_srp(
                emu,
                &f.pool_id,
                &f.client_id,
                Some(&f.user_key),
                &uname,
                a,
                progress,
                now,
            ),
            None => Ok(challenge(
                emu,
                f,
                Some(&f.user_key),
                Step::PasswordSrpChallenge,
                progress,
                vec![("USERNAME".into(), uname)],
                now,
            )),
        },
        "EMAIL_OTP" | "SMS_OTP" => {
            let user = emu.user(&f.pool_id, &f.user_key).expect("user");
            let dest = if choice == "EMAIL_OTP" {
                Destination::email(user.attr("email").unwrap_or_default())
            } else {
                Destination::sms(user.attr("phone_number").unwrap_or_default())
            };
            let code = send_otp(emu, f, &dest, "SIGN_IN_OTP", now);
            let step = if choice == "EMAIL_OTP" {
                Step::EmailOtp { code, mfa: false, setup_email: None }
            } else {
                Step::SmsOtp { code, mfa: false }
            };
            let mut p = dest.challenge_params();
            p.push(("USERNAME".into(), uname));
            Ok(challenge(emu, f, Some(&f.user_key), step, progress, p, now))
        }
        "WEB_AUTHN" => passkeys::start_assertion(emu, f, progress, now),
        other => Err(ApiError::invalid_param(format!(
            "The challenge {other} is not available for the user."
        ))),
    }
}

/// Generate and deliver a sign-in OTP valid for the auth session.
pub(crate) fn send_otp(
    emu: &mut Emulator,
    f: &FlowCtx,
    dest: &Destination,
    purpose: &str,
    now: u64,
) -> OneTimeCode {
    let code = emu.random_code();
    emu.deliver(&f.pool_id, &f.user_key, &dest.medium, &dest.address, purpose, &code, now);
    OneTimeCode { code, expires_ms: now + session_ms(emu, &f.pool_id, &f.client_id), failed: 0 }
}
