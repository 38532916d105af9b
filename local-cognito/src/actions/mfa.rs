//! MFA: choosing the MFA step after a password, issuing SMS/EMAIL/TOTP challenges,
//! AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference.

use crate::actions::sign_in::{challenge, send_otp, FlowCtx};
use crate::actions::tokens::authenticate;
use crate::config::MfaMode;
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::request::{opt_str, req_str};
use crate::state::Emulator;
use crate::store::{AuthProgress, MfaSettings, Step, User};
use serde_json::{json, Value};
use totp_rs::{Algorithm, Secret, TOTP};

/// RFC 6238 (SHA-1, 6 digits, 30 s) with ±1 step, at wall time `now_ms`.
pub(crate) fn totp_ok(secret: &[u8], code: &str, now_ms: i64) -> bool {
    let Ok(t) = TOTP::new(Algorithm::SHA1, 6, 1, 30, secret.to_vec()) else { return false };
    let now = now_ms.max(60_000) as u64 / 1000;
    code.len() == 6 && t.check(code, now)
}

/// Current TOTP code for a base32 secret (tests and tooling).
pub fn totp_code(secret_base32: &str, now_ms: u64) -> Option<String> {
    let raw = Secret::Encoded(secret_base32.to_string()).to_bytes().ok()?;
    Some(TOTP::new(Algorithm::SHA1, 6, 1, 30, raw).ok()?.generate(now_ms / 1000))
}

fn base32(secret: &[u8]) -> String {
    match Secret::Raw(secret.to_vec()).to_encoded() {
        Secret::Encoded(s) => s,
        Secret::Raw(_) => unreachable!("to_encoded returns Encoded"),
    }
}

/// MFA methods the user can be challenged with in this pool.
pub(crate) fn usable_methods(mode: MfaMode, types: &[String], user: &User) -> Vec<String> {
    let mut m: Vec<String> = user
        .mfa
        .enabled()
        .into_iter()
        .filter(|t| types.contains(t))
        .filter(|t| match t.as_str() {
            "SMS_MFA" => user.attr("phone_number").is_some(),
            "EMAIL_OTP" => user.attr("email").is_some(),
            "SOFTWARE_TOKEN_MFA" => user.totp_secret.is_some(),
            _ => false,
        })
        .collect();
    // With required MFA, a user with a phone number gets SMS MFA by default.
    if m.is_empty()
        && mode == MfaMode::On
        && types.iter().any(|t| t == "SMS_MFA")
        && user.attr("phone_number").is_some()
    {
        m.push("SMS_MFA".into());
    }
    m
}

/// The MFA step due after a password factor, or `None` when no MFA applies.
pub(crate) fn mfa_step(
    emu: &mut Emulator,
    f: &FlowCtx,
    progress: AuthProgress,
    now: u64,
) -> Result<Option<Value>, ApiError> {
    let pool = emu.pool(&f.pool_id);
    let user = pool.users.get(&f.user_key).ok_or_else(ApiError::user_not_found)?;
    let methods = usable_methods(pool.cfg.mfa, &pool.cfg.mfa_types, user);
    let uname = user.username.clone();
    if methods.is_empty() {
        if pool.cfg.mfa != MfaMode::On {
            return Ok(None);
        }
        let options: Vec<String> = ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP"]
            .iter()
            .filter(|t| pool.cfg.mfa_types.iter().any(|p| p == *t))
            .map(|t| t.to_string())
            .collect();
        if options.is_empty() {
            return Err(ApiError::new(
                "InvalidUserPoolConfigurationException",
                "MFA is required but no MFA type is enabled for the user pool.",
            ));
        }
        let params =
            vec![("MFAS_CAN_SETUP".into(), json!(options).to_string()), ("USERNAME".into(), uname)];
        let step = Step::MfaSetup { options, totp_secret: None, totp_verified: false };
        return Ok(Some(challenge(emu, f, Some(&f.user_key), step, progress, params, now)));
    }
    let choice = if methods.len() == 1 {
        Some(methods[0].clone())
    } else {
        user.mfa.preferred.clone().filter(|p| methods.contains(p))
    };
    match choice {
        Some(c) => issue_mfa(emu, f, &c, progress, now).map(Some),
        None => {
            let params = vec![
                ("MFAS_CAN_CHOOSE".into(), json!(methods).to_string()),
                ("USERNAME".into(), uname),
            ];
            Ok(Some(challenge(
                emu,
                f,
                Some(&f.user_key),
                Step::SelectMfaType { options: methods },
                progress,
                params,
                now,
            )))
        }
    }
}

/// Issue one MFA challenge (`SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`).
pub(crate) fn issue_mfa(
    emu: &mut Emulator,
    f: &FlowCtx,
    kind: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let user = emu.user(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
    let uname = user.username.clone();
    match kind {
        "SMS_MFA" | "EMAIL_OTP" => {
            let dest = if kind == "SMS_MFA" {
                Destination::sms(user.attr("phone_number").unwrap_or_default())
            } else {
                Destination::email(user.attr("email").unwrap_or_default())
            };
            let code = send_otp(emu, f, &dest, "MFA", now);
            let step = if kind == "SMS_MFA" {
                Step::SmsOtp { code, mfa: true }
            } else {
                Step::EmailOtp { code, mfa: true, setup_email: None }
            };
            let mut params = dest.challenge_params();
            params.push(("USERNAME".into(), uname));
            Ok(challenge(emu, f, Some(&f.user_key), step, progress, params, now))
        }
        "SOFTWARE_TOKEN_MFA" => Ok(challenge(
            emu,
            f,
            Some(&f.user_key),
            Step::SoftwareTokenMfa,
            progress,
            vec![("USERNAME".into(), uname)],
            now,
        )),
        other => Err(ApiError::new(
            "MFAMethodNotFoundException",
            format!("MFA method {other} is not available for the user."),
        )),
    }
}

pub fn associate_software_token(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let secret = emu.random_bytes(20);
    let code = base32(&secret);
    if let Some(token) = opt_str(req, "AccessToken") {
        let who = authenticate(emu, token, now)?;
        let user =
            emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
        user.totp_pending = Some(secret);
        return Ok(json!({ "SecretCode": code }));
    }
    let session = opt_str(req, "Session")
        .ok_or_else(|| ApiError::invalid_param("AccessToken or Session is required."))?;
    let mut p = emu.take_pending(session, None, now)?;
    match &mut p.step {
        Step::MfaSetup { options, totp_secret, .. }
            if options.iter().any(|o| o == "SOFTWARE_TOKEN_MFA") =>
        {
            *totp_secret = Some(secret);
        }
        _ => return Err(ApiError::session_invalid()),
    }
    let new_session = emu.put_pending(p);
    Ok(json!({ "SecretCode": code, "Session": new_session }))
}

fn code_mismatch_enable() -> ApiError {
    ApiError::new(
        "EnableSoftwareTokenMFAException",
        "Code mismatch and fail enable Software Token MFA",
    )
}

pub fn verify_software_token(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let code = req_str(req, "UserCode")?;
    let wall = emu.wall_ms(now);
    if let Some(token) = opt_str(req, "AccessToken") {
        let who = authenticate(emu, token, now)?;
        let user =
            emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
        let pending = user.totp_pending.clone().ok_or_else(|| {
            ApiError::new(
                "SoftwareTokenMFANotFoundException",
                "Software Token MFA has not been associated with the user.",
            )
        })?;
        if !totp_ok(&pending, code, wall) {
            return Err(code_mismatch_enable());
        }
        user.totp_secret = Some(pending);
        user.totp_pending = None;
        return Ok(json!({ "Status": "SUCCESS" }));
    }
    let session = opt_str(req, "Session")
        .ok_or_else(|| ApiError::invalid_param("AccessToken or Session is required."))?;
    let mut p = emu.take_pending(session, None, now)?;
    let Step::MfaSetup { totp_secret: Some(secret), .. } = &p.step else {
        return Err(ApiError::session_invalid());
    };
    let secret = secret.clone();
    if !totp_ok(&secret, code, wall) {
        p.failed = p.failed.saturating_add(1);
        if p.failed < 3 {
            emu.restore_pending(session, p);
        }
        return Err(code_mismatch_enable());
    }
    let key = p.user_key.clone().ok_or_else(ApiError::session_invalid)?;
    let user = emu.user_mut(&p.pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    user.totp_secret = Some(secret);
    user.mfa.totp = true;
    if user.mfa.preferred.is_none() {
        user.mfa.preferred = Some("SOFTWARE_TOKEN_MFA".into());
    }
    if let Step::MfaSetup { totp_verified, .. } = &mut p.step {
        *totp_verified = true;
    }
    let new_session = emu.put_pending(p);
    Ok(json!({ "Status": "SUCCESS", "Session": new_session }))
}

/// Apply `{SMSMfaSettings, SoftwareTokenMfaSettings, EmailMfaSettings}` to a user.
pub(crate) fn apply_preferences(user: &mut User, req: &Value) -> Result<(), ApiError> {
    let mut next: MfaSettings = user.mfa.clone();
    for (member, kind) in [
        ("SMSMfaSettings", "SMS_MFA"),
        ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"),
        ("EmailMfaSettings", "EMAIL_OTP"),
    ] {
        let Some(s) = req.get(member).filter(|v| v.is_object()) else { continue };
        let enabled = s.get("Enabled").and_then(Value::as_bool);
        let preferred_flag = s.get("PreferredMfa").and_then(Value::as_bool);
        let preferred = preferred_flag.unwrap_or(false);
        // `PreferredMfa: false` un-prefers this type (Amplify's NOT_PREFERRED).
        if preferred_flag == Some(false) && next.preferred.as_deref() == Some(kind) {
            next.preferred = None;
        }
        if let Some(e) = enabled {
            if e {
                match kind {
                    "SOFTWARE_TOKEN_MFA" if user.totp_secret.is_none() => {
                        return Err(ApiError::new(
                            "SoftwareTokenMFANotFoundException",
                            "Software Token MFA has not been enabled by the user.",
                        ));
                    }
                    "SMS_MFA" if user.attr("phone_number").is_none() => {
                        return Err(ApiError::invalid_param(
                            "User does not have delivery config set to turn on SMS_MFA",
                        ));
                    }
                    "EMAIL_OTP" if user.attr("email").is_none() => {
                        return Err(ApiError::invalid_param(
                            "User does not have delivery config set to turn on EMAIL_OTP",
                        ));
                    }
                    _ => {}
                }
            }
            match kind {
                "SMS_MFA" => next.sms = e,
                "SOFTWARE_TOKEN_MFA" => next.totp = e,
                _ => next.email = e,
            }
            if !e && next.preferred.as_deref() == Some(kind) {
                next.preferred = None;
            }
        }
        if preferred {
            if !next.enabled().iter().any(|k| k == kind) {
                return Err(ApiError::invalid_param(format!(
                    "{kind} cannot be preferred when it is not enabled."
                )));
            }
            next.preferred = Some(kind.to_string());
        }
    }
    user.mfa = next;
    Ok(())
}

pub fn set_user_mfa_preference(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let token = req_str(req, "AccessToken")?;
    let who = authenticate(emu, token, now)?;
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    apply_preferences(user, req)?;
    Ok(json!({}))
}

/// `PreferredMfaSetting` / `UserMFASettingList` members for GetUser/AdminGetUser.
pub(crate) fn mfa_summary(user: &User) -> Vec<(&'static str, Value)> {
    let enabled = user.mfa.enabled();
    let mut v = vec![];
    if !enabled.is_empty() {
        v.push(("UserMFASettingList", json!(enabled)));
    }
    if let Some(p) = &user.mfa.preferred {
        v.push(("PreferredMfaSetting", json!(p)));
    }
    v
}
