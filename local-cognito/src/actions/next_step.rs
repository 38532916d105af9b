//! What follows a factor: NEW_PASSWORD_REQUIRED, the custom-auth rounds, MFA, the device
//! challenge, then tokens.

use crate::actions::sign_in::{challenge, internal_name, FlowCtx};
use crate::actions::{devices, mfa};
use crate::config::MfaMode;
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::state::Emulator;
use crate::store::{AuthProgress, Factor, Step, User, UserStatus};
use serde_json::{json, Map, Value};

/// After a factor: new password, custom rounds, MFA, or tokens.
pub(crate) fn advance(
    emu: &mut Emulator,
    f: &FlowCtx,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let pool = emu.pool(&f.pool_id);
    let user = pool.users.get(&f.user_key).ok_or_else(ApiError::user_not_found)?;
    if progress.first_factor == Some(Factor::Password)
        && user.status == UserStatus::ForceChangePassword
        && !progress.new_password_done
    {
        let params = new_password_params(&pool.cfg.required_attributes, user);
        let step = Step::NewPasswordRequired;
        return Ok(challenge(emu, f, Some(&f.user_key), step, progress, params, now));
    }
    if progress.flow == "CUSTOM_AUTH" {
        let rounds = pool.cfg.custom_auth.as_ref().map_or(0, |c| c.rounds.len());
        if progress.custom_round < rounds {
            return custom_round(emu, f, progress, now);
        }
        return devices::finish(emu, f, progress, now);
    }
    let mfa_applies = match progress.first_factor {
        Some(Factor::Password) => pool.cfg.mfa != MfaMode::Off,
        Some(Factor::SignUpCode) => pool.cfg.mfa == MfaMode::On,
        _ => false,
    };
    // MFA comes before the device challenge; a remembered device the pool trusts replaces it
    // (DeviceConfigurationType.ChallengeRequiredOnNewDevice).
    if mfa_applies && !progress.mfa_done && !devices::skips_mfa(emu, f, &progress) {
        if let Some(resp) = mfa::mfa_step(emu, f, progress.clone(), now)? {
            return Ok(resp);
        }
    }
    devices::finish(emu, f, progress, now)
}

/// NEW_PASSWORD_REQUIRED's parameters: the user's attributes and the required ones missing.
fn new_password_params(required_attributes: &[String], user: &User) -> Vec<(String, String)> {
    let uname = user.username.clone();
    let required: Vec<String> = required_attributes
        .iter()
        .filter(|a| user.attr(a).is_none())
        .map(|a| format!("userAttributes.{a}"))
        .collect();
    let attrs: Map<String, Value> =
        user.attributes.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
    vec![
        ("USER_ID_FOR_SRP".to_string(), uname.clone()),
        ("requiredAttributes".to_string(), json!(required).to_string()),
        ("userAttributes".to_string(), Value::Object(attrs).to_string()),
        ("USERNAME".to_string(), uname),
    ]
}

/// The public parameters of a custom-auth round plus `USERNAME`.
pub(crate) fn custom_round_params(
    emu: &Emulator,
    f: &FlowCtx,
    round: usize,
) -> Result<Vec<(String, String)>, ApiError> {
    let rounds = emu.pool(&f.pool_id).cfg.custom_auth.as_ref().map(|c| &c.rounds);
    let round = rounds.and_then(|r| r.get(round)).ok_or_else(ApiError::session_invalid)?;
    let mut params: Vec<(String, String)> =
        round.public_challenge_parameters.clone().into_iter().collect();
    params.push(("USERNAME".into(), internal_name(emu, f)));
    Ok(params)
}

/// Issue the next CUSTOM_CHALLENGE round; a round without a fixed answer sends a code.
fn custom_round(emu: &mut Emulator, f: &FlowCtx, progress: AuthProgress, now: u64) -> ApiResult {
    let idx = progress.custom_round;
    let params = custom_round_params(emu, f, idx)?;
    let custom = emu.pool(&f.pool_id).cfg.custom_auth.as_ref();
    let fixed = custom.and_then(|c| c.rounds.get(idx)).and_then(|r| r.answer.clone());
    let answer = match fixed {
        Some(a) => a,
        None => {
            let code = emu.random_code();
            let user = emu.user(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
            let dest = user
                .attr("email")
                .map(Destination::email)
                .or_else(|| user.attr("phone_number").map(Destination::sms));
            let (medium, addr) =
                dest.map(|d| (d.medium, d.address)).unwrap_or(("EMAIL".into(), String::new()));
            emu.deliver(&f.pool_id, &f.user_key, &medium, &addr, "CUSTOM_CHALLENGE", &code, now);
            code
        }
    };
    let step = Step::Custom { round: idx, answer };
    Ok(challenge(emu, f, Some(&f.user_key), step, progress, params, now))
}
