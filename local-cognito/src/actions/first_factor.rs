//! First factors: a plaintext password, the SRP exchange (PASSWORD_VERIFIER), and the
//! USER_AUTH choices (PASSWORD, PASSWORD_SRP, EMAIL_OTP, SMS_OTP, WEB_AUTHN).

use crate::actions::next_step::advance;
use crate::actions::passkeys;
use crate::actions::password::{check_can_sign_in, password_matches};
use crate::actions::sign_in::{
    challenge, check_lockout, internal_name, password_failed, password_succeeded, send_otp,
    username_challenge, FlowCtx,
};
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::srp::{self, ServerHandshake};
use crate::state::Emulator;
use crate::store::{AuthProgress, Factor, Step};
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
    advance(emu, f, AuthProgress { first_factor: Some(Factor::Password), ..progress }, now)
}

/// Issue PASSWORD_VERIFIER for the flow's user. For an unknown user (`f.user_key` names
/// nobody) or one without a password, a simulated challenge is returned that can never
/// succeed; `typed` is the name the caller gave.
pub(crate) fn start_srp(
    emu: &mut Emulator,
    f: &FlowCtx,
    typed: &str,
    a_hex: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let a = BigUint::parse_bytes(a_hex.as_bytes(), 16)
        .ok_or_else(|| ApiError::invalid_param("SRP_A is not a valid hex number."))?;
    let user = emu.user(&f.pool_id, &f.user_key);
    let name = user.map_or_else(|| typed.to_string(), |u| u.username.clone());
    let real = user.and_then(|u| u.password.as_ref().map(|p| (p.salt.clone(), p.verifier.clone())));
    let key = real.is_some().then_some(f.user_key.as_str());
    let (salt, v) = match real {
        Some(sv) => sv,
        None => {
            let salt = BigUint::from_bytes_be(&emu.random_bytes(16));
            let x = BigUint::from_bytes_be(&emu.random_bytes(32));
            (salt, srp::g().modpow(&x, srp::n()))
        }
    };
    let user_id = name;
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
    let step = Step::PasswordVerifier { handshake: hs, secret_block: block, user_id };
    Ok(challenge(emu, f, key, step, progress, params, now))
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
            Some(a) => {
                let uname = internal_name(emu, f);
                start_srp(emu, f, &uname, a, progress, now)
            }
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

/// Send a sign-in code by email or SMS and ask for it (EMAIL_OTP / SMS_OTP).
fn start_otp_factor(
    emu: &mut Emulator,
    f: &FlowCtx,
    email: bool,
    progress: AuthProgress,
    now: u64,
) -> Value {
    let user = emu.user(&f.pool_id, &f.user_key);
    let attr = |name| user.and_then(|u| u.attr(name)).unwrap_or_default();
    let dest = if email {
        Destination::email(attr("email"))
    } else {
        Destination::sms(attr("phone_number"))
    };
    let code = send_otp(emu, f, &dest, "SIGN_IN_OTP", now);
    let step = if email {
        Step::EmailOtp { code, mfa: false, setup_email: None }
    } else {
        Step::SmsOtp { code, mfa: false }
    };
    let mut params = dest.challenge_params();
    params.push(("USERNAME".into(), internal_name(emu, f)));
    challenge(emu, f, Some(&f.user_key), step, progress, params, now)
}
