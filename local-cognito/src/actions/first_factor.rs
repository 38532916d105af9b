//! First factors: a plaintext password, the SRP exchange (PASSWORD_VERIFIER), and the
//! USER_AUTH choices (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN).

use crate::actions::next_step::advance;
use crate::actions::password::{check_can_sign_in, password_matches};
use crate::actions::sign_in::{
    challenge, check_lockout, internal_name, password_failed, password_succeeded, send_otp,
    session_ms, srp_exchange, username_challenge, FlowCtx,
};
use crate::actions::{devices, passkeys};
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::policy::{valid_email, valid_phone};
use crate::srp;
use crate::state::Emulator;
use crate::store::{AuthProgress, Factor, OneTimeCode, Step};
use base64::{engine::general_purpose::STANDARD, Engine};
use num_bigint::BigUint;
use serde_json::Value;
use std::collections::BTreeMap;

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
    devices::check_device_key(emu, f, progress.device_key.as_deref())?;
    advance(emu, f, AuthProgress { first_factor: Some(Factor::Password), ..progress }, now)
}

/// Issue PASSWORD_VERIFIER for the flow's user. For an unknown user (a simulated flow)
/// or one without a password, the challenge can never succeed, and it hides which case
/// it is: the SALT and USER_ID_FOR_SRP are derived from the pool and the name given, so
/// every attempt answers the same ones, as for a real user ("Managing user existence error
/// responses", Amazon Cognito Developer Guide: with PreventUserExistenceErrors ENABLED the
/// SRP flow does not reveal that a user does not exist).
pub(crate) fn start_srp(
    emu: &mut Emulator,
    f: &FlowCtx,
    a_hex: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    if BigUint::parse_bytes(a_hex.as_bytes(), 16).is_none() {
        return Err(ApiError::invalid_param("SRP_A is not a valid hex number."));
    }
    let user = emu.user(&f.pool_id, &f.user_key);
    let user_id = user.map_or_else(|| simulated_user_id(emu, f), |u| u.username.clone());
    let real = user.and_then(|u| u.password.as_ref().map(|p| (p.salt.clone(), p.verifier.clone())));
    let key = real.is_some().then_some(f.user_key.as_str());
    let (salt, v) = match real {
        Some(sv) => sv,
        None => {
            let folded = emu.pool(&f.pool_id).key(&f.typed);
            let derived = emu.derive("srp-salt", &[&f.pool_id, &folded]);
            let x = BigUint::from_bytes_be(&emu.random_bytes(32));
            (BigUint::from_bytes_be(&derived[..16]), srp::g().modpow(&x, srp::n()))
        }
    };
    let (hs, block) = srp_exchange(emu, a_hex, v)?;
    let params = vec![
        ("SALT".to_string(), salt.to_str_radix(16)),
        ("SECRET_BLOCK".to_string(), STANDARD.encode(&block)),
        ("SRP_B".to_string(), hs.b_pub().to_str_radix(16)),
        ("USERNAME".to_string(), user_id.clone()),
        ("USER_ID_FOR_SRP".to_string(), user_id.clone()),
    ];
    let step = Step::PasswordVerifier { handshake: hs, secret_block: block.clone(), user_id };
    let out = challenge(emu, f, key, step, progress, params, now);
    if let Some(session) = out.get("Session").and_then(Value::as_str) {
        emu.index_secret_block(STANDARD.encode(&block), session);
    }
    Ok(out)
}

/// USER_ID_FOR_SRP for a user who does not exist: the name given (case-folded), unless a real user would
/// answer an internal name that differs from it (a `sub` in pools signing in by email or
/// phone, a username for an alias) — then a UUID derived from pool and name.
fn simulated_user_id(emu: &Emulator, f: &FlowCtx) -> String {
    let cfg = &emu.pool(&f.pool_id).cfg;
    let alias =
        |a: &str, ok: fn(&str) -> bool| cfg.alias_attributes.iter().any(|x| x == a) && ok(&f.typed);
    let differs = !cfg.username_attributes.is_empty()
        || alias("email", valid_email)
        || alias("phone_number", valid_phone);
    // Case-folded like a pool key, so every spelling answers the same, as for a real user.
    let folded = emu.pool(&f.pool_id).key(&f.typed);
    if !differs {
        return folded;
    }
    let d = emu.derive("srp-user-id", &[&f.pool_id, &folded]);
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    uuid::Builder::from_random_bytes(b).into_uuid().to_string()
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

/// Start a chosen USER_AUTH first factor; `params` may already carry its answer
/// (`PASSWORD` or `SRP_A`).
pub(crate) fn start_first_factor(
    emu: &mut Emulator,
    f: &FlowCtx,
    choice: &str,
    params: &BTreeMap<String, String>,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    match choice {
        "PASSWORD" => match params.get("PASSWORD") {
            Some(pw) => password_factor(emu, f, pw, progress, now),
            None => Ok(username_challenge(emu, f, Step::PasswordChallenge, progress, now)),
        },
        "PASSWORD_SRP" => match params.get("SRP_A") {
            Some(a) => start_srp(emu, f, a, progress, now),
            None => Ok(username_challenge(emu, f, Step::PasswordSrpChallenge, progress, now)),
        },
        "EMAIL_OTP" | "SMS_OTP" => {
            Ok(start_otp_factor(emu, f, choice == "EMAIL_OTP", progress, now))
        }
        "WEB_AUTHN" => passkeys::start_assertion(emu, f, progress, now),
        other => Err(ApiError::invalid_param(format!(
            "The challenge {other} is not available for the user."
        ))),
    }
}

/// Send a sign-in code by email or SMS and ask for it (EMAIL_OTP / SMS_OTP). A simulated
/// flow sends nothing and names a stand-in destination.
fn start_otp_factor(
    emu: &mut Emulator,
    f: &FlowCtx,
    email: bool,
    progress: AuthProgress,
    now: u64,
) -> Value {
    let attr = if email { "email" } else { "phone_number" };
    let address = emu.user(&f.pool_id, &f.user_key).map(|u| u.attr(attr).unwrap_or_default());
    let dest = match address {
        Some(a) if email => Destination::email(a),
        Some(a) => Destination::sms(a),
        None => Destination::simulated(&f.typed, email),
    };
    let code = match f.known() {
        Some(_) => send_otp(emu, f, &dest, "SIGN_IN_OTP", now),
        None => {
            let expires_ms = now.saturating_add(session_ms(emu, &f.pool_id, &f.client_id));
            OneTimeCode { code: emu.random_code(), expires_ms, failed: 0 }
        }
    };
    let step = if email {
        Step::EmailOtp { code, mfa: false, setup_email: None }
    } else {
        Step::SmsOtp { code, mfa: false }
    };
    let mut params = dest.challenge_params();
    params.push(("USERNAME".into(), internal_name(emu, f)));
    challenge(emu, f, f.known(), step, progress, params, now)
}
