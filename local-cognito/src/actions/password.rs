//! Passwords: storage as SRP verifiers, ForgotPassword, ConfirmForgotPassword,
//! ChangePassword.

use crate::actions::codes::{count_call, redeem_code};
use crate::actions::tokens::authenticate;
use crate::clock::after_secs;
use crate::delivery::{recovery_destination, Destination};
use crate::error::{ApiError, ApiResult};
use crate::policy::{check_password, check_secret_hash, valid_phone};
use crate::request::{opt_str, req_str};
use crate::srp;
use crate::state::Emulator;
use crate::store::{OneTimeCode, PasswordRecord, UserStatus};
use num_bigint::BigUint;
use serde_json::{json, Value};

/// Store a password as (salt, verifier). `temporary` passwords expire.
pub(crate) fn set_password(
    emu: &mut Emulator,
    pool_id: &str,
    key: &str,
    password: &str,
    temporary: bool,
    now: u64,
) {
    let salt = BigUint::from_bytes_be(&emu.random_bytes(16));
    let pool_name = srp::pool_name(pool_id).to_string();
    let days = emu.pool(pool_id).cfg.password_policy.temporary_password_validity_days;
    let user = emu.user_mut(pool_id, key).expect("user exists");
    let verifier = srp::verifier(&salt, &pool_name, &user.username, password);
    let check = srp::password_check(&salt, &pool_name, &user.username, password);
    user.password = Some(PasswordRecord {
        salt,
        verifier,
        check,
        expires_ms: temporary.then(|| after_secs(now, days.saturating_mul(86_400))),
    });
    user.modified_ms = now;
}

/// Check a plaintext password against the stored check value (constant-time compare).
pub(crate) fn password_matches(emu: &Emulator, pool_id: &str, key: &str, password: &str) -> bool {
    let Some(user) = emu.user(pool_id, key) else { return false };
    let Some(rec) = &user.password else { return false };
    let given = srp::password_check(&rec.salt, srp::pool_name(pool_id), &user.username, password);
    subtle::ConstantTimeEq::ct_eq(&given[..], &rec.check[..]).into()
}

/// After a correct password: reject users who may not sign in yet.
pub(crate) fn check_can_sign_in(
    emu: &Emulator,
    pool_id: &str,
    key: &str,
    now: u64,
) -> Result<(), ApiError> {
    let user = emu.user(pool_id, key).ok_or_else(ApiError::bad_credentials)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    match user.status {
        UserStatus::Unconfirmed => return Err(ApiError::not_confirmed()),
        UserStatus::ResetRequired => return Err(reset_required()),
        _ => {}
    }
    if let Some(exp) = user.password.as_ref().and_then(|p| p.expires_ms) {
        if user.status == UserStatus::ForceChangePassword && now >= exp {
            return Err(ApiError::not_authorized(
                "Temporary password has expired and must be reset by an administrator.",
            ));
        }
    }
    Ok(())
}

pub(crate) fn reset_required() -> ApiError {
    ApiError::new("PasswordResetRequiredException", "Password reset required for the user")
}

pub fn forgot_password(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let username = req_str(req, "Username")?;
    let pool_id = emu.client_ids(client_id)?;
    let pue = emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors;
    let Some(key) = emu.pool(&pool_id).find(username) else {
        check_secret_hash(
            emu.client(&pool_id, client_id),
            &[username],
            opt_str(req, "SecretHash"),
        )?;
        if pue {
            let d = Destination::simulated(username, !valid_phone(username));
            return Ok(json!({ "CodeDeliveryDetails": d.details() }));
        }
        return Err(ApiError::user_not_found());
    };
    let internal = emu.user(&pool_id, &key).expect("found").username.clone();
    check_secret_hash(
        emu.client(&pool_id, client_id),
        &[username, &internal],
        opt_str(req, "SecretHash"),
    )?;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    count_call(&mut user.forgot_password_calls, now)?;
    // No verified email or phone: with PreventUserExistenceErrors the answer is simulated
    // delivery details, as for a user who does not exist ("Managing user existence error
    // responses", Amazon Cognito Developer Guide: password recovery answers that a code
    // went to a simulated destination).
    if pue && user.enabled && recovery_destination(user).is_none() {
        let d = Destination::simulated(username, !valid_phone(username));
        return Ok(json!({ "CodeDeliveryDetails": d.details() }));
    }
    let d = send_reset_code(emu, &pool_id, &key, now)?;
    Ok(json!({ "CodeDeliveryDetails": d }))
}

/// Generate and deliver a password-reset code (ForgotPassword, AdminResetUserPassword).
pub(crate) fn send_reset_code(
    emu: &mut Emulator,
    pool_id: &str,
    key: &str,
    now: u64,
) -> Result<Value, ApiError> {
    let validity = emu.pool(pool_id).cfg.reset_code_validity_seconds;
    let user = emu.user(pool_id, key).ok_or_else(ApiError::user_not_found)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    let Some(dest) = recovery_destination(user) else {
        return Err(ApiError::invalid_param(
            "Cannot reset password for the user as there is no registered/verified email or phone_number",
        ));
    };
    let code = emu.random_code();
    let user = emu.user_mut(pool_id, key).expect("exists");
    user.reset_code =
        Some(OneTimeCode { code: code.clone(), expires_ms: after_secs(now, validity), failed: 0 });
    emu.deliver(pool_id, key, &dest.medium, &dest.address, "FORGOT_PASSWORD", &code, now);
    Ok(dest.details())
}

pub fn confirm_forgot_password(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let username = req_str(req, "Username")?;
    let code = req_str(req, "ConfirmationCode")?;
    let password = req_str(req, "Password")?;
    let pool_id = emu.client_ids(client_id)?;
    let pue = emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors;
    let Some(key) = emu.pool(&pool_id).find(username) else {
        return Err(if pue { ApiError::code_mismatch() } else { ApiError::user_not_found() });
    };
    let internal = emu.user(&pool_id, &key).expect("found").username.clone();
    check_secret_hash(
        emu.client(&pool_id, client_id),
        &[username, &internal],
        opt_str(req, "SecretHash"),
    )?;
    check_password(&emu.pool(&pool_id).cfg.password_policy, password)?;
    let max = emu.pool(&pool_id).cfg.max_code_attempts;
    let user = emu.user_mut(&pool_id, &key).expect("found");
    redeem_code(user.reset_code.as_mut(), code, now, max, ApiError::too_many_failed())?;
    user.reset_code = None;
    if matches!(user.status, UserStatus::ResetRequired | UserStatus::ForceChangePassword) {
        user.status = UserStatus::Confirmed;
    }
    set_password(emu, &pool_id, &key, password, false, now);
    Ok(json!({}))
}

pub fn change_password(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let token = req_str(req, "AccessToken")?;
    let proposed = req_str(req, "ProposedPassword")?;
    let who = authenticate(emu, token, now)?;
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    count_call(&mut user.change_password_calls, now)?;
    let has_password = emu.user(&who.pool_id, &who.user_key).is_some_and(|u| u.password.is_some());
    match opt_str(req, "PreviousPassword") {
        Some(prev) if !password_matches(emu, &who.pool_id, &who.user_key, prev) => {
            return Err(ApiError::bad_credentials());
        }
        Some(_) => {}
        None if has_password => {
            return Err(ApiError::invalid_param(
                "PreviousPassword is required for users with a password.",
            ));
        }
        None => {}
    }
    check_password(&emu.pool(&who.pool_id).cfg.password_policy, proposed)?;
    set_password(emu, &who.pool_id, &who.user_key, proposed, false, now);
    Ok(json!({}))
}
