//! The sign-in machinery every auth action shares: the flow context, issuing a challenge
//! with a fresh session, one-time codes inside a session, and the lockout after wrong
//! passwords. It imports no other action module; `first_factor`, `next_step`, `mfa`,
//! `passkeys`, `auth` and `challenges` build on it.

use crate::clock::{after_ms, after_secs, minutes_ms};
use crate::delivery::Destination;
use crate::error::ApiError;
use crate::request::obj;
use crate::srp::ServerHandshake;
use crate::state::Emulator;
use crate::store::{AuthProgress, CodeCheck, OneTimeCode, Pending, Step};
use num_bigint::BigUint;
use serde_json::{json, Map, Value};

/// Wrong OTP answers allowed per session.
pub(crate) const OTP_ATTEMPTS: u32 = 3;

/// Identity of the flow a response belongs to. `user_key` is empty in a simulated flow
/// for a user who does not exist (see `unknown_user`).
pub(crate) struct FlowCtx {
    pub pool_id: String,
    pub client_id: String,
    pub user_key: String,
    /// The name the caller gave (USERNAME).
    pub typed: String,
}

impl FlowCtx {
    /// The flow's user, `None` in a simulated flow.
    pub fn known(&self) -> Option<&str> {
        Some(self.user_key.as_str()).filter(|k| !k.is_empty())
    }
}

/// How long a challenge session (and a code sent inside one) stays valid, in ms.
pub(crate) fn session_ms(emu: &Emulator, pool_id: &str, client_id: &str) -> u64 {
    minutes_ms(emu.client(pool_id, client_id).cfg.auth_session_validity_minutes)
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
        user_key: user_key.filter(|k| !k.is_empty()).map(str::to_string),
        expires_ms: after_ms(now, session_ms(emu, &f.pool_id, &f.client_id)),
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

/// Start an SRP exchange (PASSWORD_VERIFIER or DEVICE_PASSWORD_VERIFIER) against the
/// verifier `v`: parse `SRP_A`, pick the server secret, make the secret block.
pub(crate) fn srp_exchange(
    emu: &mut Emulator,
    a_hex: &str,
    v: BigUint,
) -> Result<(ServerHandshake, Vec<u8>), ApiError> {
    let a = BigUint::parse_bytes(a_hex.as_bytes(), 16)
        .ok_or_else(|| ApiError::invalid_param("SRP_A is not a valid hex number."))?;
    let b = emu.random_bytes(64);
    let hs = ServerHandshake::start(a, v, &b)
        .map_err(|_| ApiError::invalid_param("SRP_A cannot be zero mod N."))?;
    Ok((hs, emu.random_bytes(512)))
}

/// A challenge for the flow's own user whose only parameter is `USERNAME`.
pub(crate) fn username_challenge(
    emu: &mut Emulator,
    f: &FlowCtx,
    step: Step,
    progress: AuthProgress,
    now: u64,
) -> Value {
    let params = vec![("USERNAME".to_string(), internal_name(emu, f))];
    challenge(emu, f, Some(&f.user_key), step, progress, params, now)
}

/// The internal username of the flow's user (the name given, in a simulated flow).
pub(crate) fn internal_name(emu: &Emulator, f: &FlowCtx) -> String {
    emu.user(&f.pool_id, &f.user_key).map_or_else(|| f.typed.clone(), |u| u.username.clone())
}

/// The error for an unknown user: hidden behind NotAuthorizedException when the client
/// prevents user-existence errors.
pub(crate) fn unknown_user(emu: &Emulator, pool_id: &str, client_id: &str) -> ApiError {
    if emu.client(pool_id, client_id).cfg.prevent_user_existence_errors {
        ApiError::bad_credentials()
    } else {
        ApiError::user_not_found()
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
    OneTimeCode {
        code,
        expires_ms: after_ms(now, session_ms(emu, &f.pool_id, &f.client_id)),
        failed: 0,
    }
}

/// An input error that leaves the session usable (up to `OTP_ATTEMPTS` failures).
pub(crate) fn keep_session(
    emu: &mut Emulator,
    session: &str,
    mut p: Pending,
    e: ApiError,
) -> ApiError {
    p.failed = p.failed.saturating_add(1);
    if p.failed < OTP_ATTEMPTS {
        emu.restore_pending(session, p);
    }
    e
}

/// Check an OTP; on a wrong code keep the session for up to `OTP_ATTEMPTS` tries.
pub(crate) fn otp_ok(
    emu: &mut Emulator,
    session: &str,
    p: &mut Pending,
    mut code: OneTimeCode,
    given: &str,
    now: u64,
) -> Result<bool, ApiError> {
    // A simulated flow (no such user) has no code to match.
    let check = match p.user_key {
        Some(_) => code.check(given, now),
        None if now >= code.expires_ms => CodeCheck::Expired,
        None => CodeCheck::Mismatch,
    };
    match check {
        CodeCheck::Ok => Ok(true),
        CodeCheck::Expired => Err(ApiError::expired_code()),
        CodeCheck::Mismatch => {
            p.failed = p.failed.saturating_add(1);
            if p.failed < OTP_ATTEMPTS {
                emu.restore_pending(session, p.clone());
            }
            Ok(false)
        }
    }
}

/// Failed attempts before the temporary lockout starts.
const LOCKOUT_AFTER: u32 = 5;

/// Lockout after repeated wrong passwords, and separately after repeated wrong MFA codes:
/// from the fifth failure on the user is locked out for 1 s, doubling per further failure
/// up to about 15 minutes (emulator clock). Source: "Lockout behavior for failed sign-in
/// attempts", Amazon Cognito Developer Guide (user pool authentication flow). A correct
/// password clears only the password count, so signing in again does not reset the count
/// of wrong MFA codes.
fn locked_until(failures: u32, now: u64) -> Option<u64> {
    let extra = failures.checked_sub(LOCKOUT_AFTER)?;
    let secs = (1u64 << extra.min(10)).min(900);
    Some(after_secs(now, secs))
}

/// NotAuthorizedException while the user is locked out after wrong passwords.
pub(crate) fn check_lockout(emu: &Emulator, f: &FlowCtx, now: u64) -> Result<(), ApiError> {
    match emu.user(&f.pool_id, &f.user_key) {
        Some(u) if now < u.locked_until_ms => {
            Err(ApiError::not_authorized("Password attempts exceeded"))
        }
        _ => Ok(()),
    }
}

/// Count a wrong password; answers the error to return.
pub(crate) fn password_failed(emu: &mut Emulator, f: &FlowCtx, now: u64) -> ApiError {
    if let Some(u) = emu.user_mut(&f.pool_id, &f.user_key) {
        u.failed_logins = u.failed_logins.saturating_add(1);
        if let Some(t) = locked_until(u.failed_logins, now) {
            u.locked_until_ms = t;
        }
    }
    ApiError::bad_credentials()
}

/// A correct password clears the password failure count.
pub(crate) fn password_succeeded(emu: &mut Emulator, f: &FlowCtx) {
    if let Some(u) = emu.user_mut(&f.pool_id, &f.user_key) {
        u.failed_logins = 0;
        u.locked_until_ms = 0;
    }
}

/// NotAuthorizedException while the user is locked out after wrong MFA codes.
pub(crate) fn check_mfa_lockout(emu: &Emulator, f: &FlowCtx, now: u64) -> Result<(), ApiError> {
    match emu.user(&f.pool_id, &f.user_key) {
        Some(u) if now < u.mfa_locked_until_ms => {
            Err(ApiError::not_authorized("Too many invalid MFA codes. Try again later."))
        }
        _ => Ok(()),
    }
}

/// Count a wrong MFA code (or, with `ok`, clear the count after a correct one).
pub(crate) fn mfa_attempt(emu: &mut Emulator, f: &FlowCtx, ok: bool, now: u64) {
    if let Some(u) = emu.user_mut(&f.pool_id, &f.user_key) {
        if ok {
            u.failed_mfa = 0;
            u.mfa_locked_until_ms = 0;
            return;
        }
        u.failed_mfa = u.failed_mfa.saturating_add(1);
        if let Some(t) = locked_until(u.failed_mfa, now) {
            u.mfa_locked_until_ms = t;
        }
    }
}
