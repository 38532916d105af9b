//! SetUserPoolMfaConfig and GetUserPoolMfaConfig: the pool's MFA mode, which MFA types are
//! enabled (`mfaTypes` in the config file) and the WebAuthn relying party.
//!
//! SetUserPoolMfaConfig sets the whole MFA configuration: `SmsMfaConfiguration` present
//! enables SMS_MFA, `EmailMfaConfiguration` present enables EMAIL_OTP,
//! `SoftwareTokenMfaConfiguration.Enabled` enables SOFTWARE_TOKEN_MFA; an absent one is
//! disabled. `MfaConfiguration` and `WebAuthnConfiguration`, when absent, stay as they were.
//! MFA `ON` or `OPTIONAL` with no type enabled is InvalidParameterException.

use super::input;
use super::pool_id;
use crate::config::MfaMode;
use crate::emulator::Emulator;
use crate::error::{ApiError, ApiResult};
use crate::store::Pool;
use serde_json::{json, Value};

pub(super) fn set_user_pool_mfa_config(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let id = pool_id(emu, req)?;
    let sms = input::structure(req, "SmsMfaConfiguration")?;
    let email = input::structure(req, "EmailMfaConfiguration")?;
    let totp = match input::structure(req, "SoftwareTokenMfaConfiguration")? {
        Some(t) => input::boolean(t, "Enabled")?.unwrap_or(false),
        None => false,
    };
    let mode = input::one_of(req, "MfaConfiguration", &["OFF", "ON", "OPTIONAL"])?;
    let webauthn = input::structure(req, "WebAuthnConfiguration")?;
    let rp = match webauthn {
        Some(w) => input::string(w, "RelyingPartyId", 1, 127)?,
        None => None,
    };
    let uv = match webauthn {
        Some(w) => input::one_of(w, "UserVerification", &["required", "preferred"])?,
        None => None,
    };
    let mut types = Vec::new();
    if sms.is_some() {
        types.push("SMS_MFA".to_string());
    }
    if totp {
        types.push("SOFTWARE_TOKEN_MFA".to_string());
    }
    if email.is_some() {
        types.push("EMAIL_OTP".to_string());
    }
    let pool = emu.pool_mut(&id);
    let mfa = match mode {
        Some("ON") => MfaMode::On,
        Some("OPTIONAL") => MfaMode::Optional,
        Some(_) => MfaMode::Off,
        None => pool.cfg.mfa,
    };
    if mfa != MfaMode::Off && types.is_empty() {
        return Err(ApiError::invalid_param(
            "At least one MFA type (SMS, software token or email) must be enabled when MFA is ON or OPTIONAL.",
        ));
    }
    let cfg = &mut pool.cfg;
    cfg.mfa = mfa;
    cfg.mfa_types = types;
    for (key, v) in [("SmsMfaConfiguration", sms), ("EmailMfaConfiguration", email)] {
        match v {
            Some(v) => cfg.stored.insert(key.into(), v.clone()),
            None => cfg.stored.remove(key),
        };
    }
    if let Some(rp) = rp {
        cfg.relying_party_id = rp.to_string();
    }
    if let Some(uv) = uv {
        cfg.webauthn_user_verification = uv.to_string();
    }
    pool.modified_ms = now;
    Ok(mfa_config(pool))
}

pub(super) fn get_user_pool_mfa_config(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = pool_id(emu, req)?;
    Ok(mfa_config(&emu.store.pools[&id]))
}

/// `GetUserPoolMfaConfigResponse`.
fn mfa_config(pool: &Pool) -> Value {
    let c = &pool.cfg;
    let has = |t: &str| c.mfa_types.iter().any(|x| x == t);
    let mut out = json!({
        "MfaConfiguration": match c.mfa {
            MfaMode::Off => "OFF",
            MfaMode::On => "ON",
            MfaMode::Optional => "OPTIONAL",
        },
        "SoftwareTokenMfaConfiguration": {"Enabled": has("SOFTWARE_TOKEN_MFA")},
        "WebAuthnConfiguration": {
            "RelyingPartyId": c.relying_party_id,
            "UserVerification": c.webauthn_user_verification,
        },
    });
    for (key, ty) in [("SmsMfaConfiguration", "SMS_MFA"), ("EmailMfaConfiguration", "EMAIL_OTP")] {
        if has(ty) {
            out[key] = c.stored.get(key).cloned().unwrap_or(json!({}));
        }
    }
    out
}
