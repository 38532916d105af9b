//! RespondToAuthChallenge and what follows a factor: NEW_PASSWORD_REQUIRED, custom
//! rounds, MFA, then tokens.

use crate::actions::auth::{
    challenge, check_lockout, internal_name, password_factor, password_failed, password_succeeded,
    send_otp, start_first_factor, start_srp, FlowCtx, OTP_ATTEMPTS,
};
use crate::actions::password::{check_can_sign_in, set_password};
use crate::actions::tokens::issue_tokens;
use crate::actions::{mfa, passkeys};
use crate::config::MfaMode;
use crate::delivery::Destination;
use crate::emulator::{opt_str, req_str, str_map, Emulator};
use crate::error::{ApiError, ApiResult};
use crate::policy::{check_attribute, check_password, check_secret_hash};
use crate::srp;
use crate::store::{AuthProgress, CodeCheck, Factor, OneTimeCode, Pending, Step, UserStatus};
use base64::{engine::general_purpose::STANDARD, Engine};
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
    let uname = user.username.clone();
    if progress.first_factor == Some(Factor::Password)
        && user.status == UserStatus::ForceChangePassword
        && !progress.new_password_done
    {
        let required: Vec<String> = pool
            .cfg
            .required_attributes
            .iter()
            .filter(|a| user.attr(a).is_none())
            .map(|a| format!("userAttributes.{a}"))
            .collect();
        let attrs: Map<String, Value> =
            user.attributes.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        let params = vec![
            ("USER_ID_FOR_SRP".to_string(), uname.clone()),
            ("requiredAttributes".to_string(), json!(required).to_string()),
            ("userAttributes".to_string(), Value::Object(attrs).to_string()),
            ("USERNAME".to_string(), uname),
        ];
        return Ok(challenge(
            emu,
            f,
            Some(&f.user_key),
            Step::NewPasswordRequired,
            progress,
            params,
            now,
        ));
    }
    if progress.flow == "CUSTOM_AUTH" {
        let rounds = pool.cfg.custom_auth.as_ref().map(|c| c.rounds.clone()).unwrap_or_default();
        if progress.custom_round < rounds.len() {
            return Ok(custom_round(emu, f, progress, now));
        }
        return issue_tokens(emu, &f.pool_id, &f.client_id, &f.user_key, now);
    }
    let mfa_applies = match progress.first_factor {
        Some(Factor::Password) => pool.cfg.mfa != MfaMode::Off,
        Some(Factor::SignUpCode) => pool.cfg.mfa == MfaMode::On,
        _ => false,
    };
    if mfa_applies && !progress.mfa_done {
        if let Some(resp) = mfa::mfa_step(emu, f, progress.clone(), now)? {
            return Ok(resp);
        }
    }
    issue_tokens(emu, &f.pool_id, &f.client_id, &f.user_key, now)
}

fn custom_round(emu: &mut Emulator, f: &FlowCtx, progress: AuthProgress, now: u64) -> Value {
    let round = emu.pool(&f.pool_id).cfg.custom_auth.as_ref().expect("configured").rounds
        [progress.custom_round]
        .clone();
    let answer = match round.answer {
        Some(a) => a,
        None => {
            let code = emu.random_code();
            let user = emu.user(&f.pool_id, &f.user_key).expect("user");
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
    let mut params: Vec<(String, String)> = round.public_challenge_parameters.into_iter().collect();
    params.push(("USERNAME".into(), internal_name(emu, f)));
    let idx = progress.custom_round;
    challenge(emu, f, Some(&f.user_key), Step::Custom { round: idx, answer }, progress, params, now)
}

pub fn respond_to_auth_challenge(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let name = req_str(req, "ChallengeName")?;
    let pool_id = emu.client_ids(client_id)?;
    let resp = str_map(req, "ChallengeResponses");
    let session = opt_str(req, "Session")
        .ok_or_else(|| ApiError::invalid_param("Session is required for this challenge."))?;
    let username = resp.get("USERNAME").ok_or_else(|| ApiError::missing("USERNAME"))?.clone();
    let mut p = emu.take_pending(session, Some(client_id), now)?;
    if p.step.challenge_name() != name {
        return Err(ApiError::invalid_param(format!(
            "Invalid challenge name {name} for the session."
        )));
    }
    // The USERNAME must name the session's user (any alias).
    let key = match &p.user_key {
        Some(k) => {
            if emu.pool(&pool_id).find(&username).as_deref() != Some(k.as_str()) {
                return Err(ApiError::session_invalid());
            }
            let internal = emu.user(&pool_id, k).map(|u| u.username.clone()).unwrap_or_default();
            check_secret_hash(
                emu.client(&pool_id, client_id),
                &[&username, &internal],
                resp.get("SECRET_HASH").map(String::as_str),
            )?;
            k.clone()
        }
        None => {
            check_secret_hash(
                emu.client(&pool_id, client_id),
                &[&username],
                resp.get("SECRET_HASH").map(String::as_str),
            )?;
            String::new()
        }
    };
    let f = FlowCtx { pool_id: pool_id.clone(), client_id: client_id.into(), user_key: key };
    let progress = p.progress.clone();
    let step = p.step.clone();
    match step {
        Step::SignUp | Step::SignUpConfirmed => Err(ApiError::session_invalid()),
        Step::PasswordVerifier { handshake, secret_block, user_id } => {
            let sig = resp
                .get("PASSWORD_CLAIM_SIGNATURE")
                .ok_or_else(|| ApiError::missing("PASSWORD_CLAIM_SIGNATURE"))?;
            let block = resp
                .get("PASSWORD_CLAIM_SECRET_BLOCK")
                .ok_or_else(|| ApiError::missing("PASSWORD_CLAIM_SECRET_BLOCK"))?;
            let ts = resp.get("TIMESTAMP").ok_or_else(|| ApiError::missing("TIMESTAMP"))?;
            let ts_secs = srp::parse_timestamp(ts)
                .ok_or_else(|| ApiError::invalid_param("TIMESTAMP format is not valid."))?;
            let wall = emu.wall_ms(now) / 1000;
            if (ts_secs - wall).unsigned_abs() > emu.srp_skew_secs {
                return Err(ApiError::bad_credentials());
            }
            if p.user_key.is_none()
                || STANDARD.decode(block).ok().as_deref() != Some(secret_block.as_slice())
            {
                return Err(ApiError::bad_credentials());
            }
            check_lockout(emu, &f, now)?;
            let sig = STANDARD.decode(sig).unwrap_or_default();
            if handshake
                .verify(srp::pool_name(&pool_id), &user_id, &secret_block, ts, &sig)
                .is_err()
            {
                return Err(password_failed(emu, &f, now));
            }
            password_succeeded(emu, &f);
            check_can_sign_in(emu, &f.pool_id, &f.user_key, now)?;
            advance(emu, &f, AuthProgress { first_factor: Some(Factor::Password), ..progress }, now)
        }
        Step::SelectChallenge { available } => {
            let answer = resp.get("ANSWER").ok_or_else(|| ApiError::missing("ANSWER"))?;
            if !available.iter().any(|a| a == answer) {
                let e = ApiError::invalid_param(format!(
                    "The challenge {answer} is not available for the user."
                ));
                return Err(keep_session(emu, session, p, e));
            }
            start_first_factor(emu, &f, answer, &resp, progress, now)
        }
        Step::PasswordChallenge => {
            let pw = resp.get("PASSWORD").ok_or_else(|| ApiError::missing("PASSWORD"))?;
            password_factor(emu, &f, pw, progress, now)
        }
        Step::PasswordSrpChallenge => {
            let a = resp.get("SRP_A").ok_or_else(|| ApiError::missing("SRP_A"))?;
            start_srp(emu, &f.pool_id, &f.client_id, Some(&f.user_key), &username, a, progress, now)
        }
        Step::EmailOtp { code, mfa, setup_email } => {
            let given =
                resp.get("EMAIL_OTP_CODE").ok_or_else(|| ApiError::missing("EMAIL_OTP_CODE"))?;
            if !otp_ok(emu, session, &mut p, code, given, now)? {
                return Err(ApiError::otp_mismatch());
            }
            let mut progress = progress;
            if let Some(email) = setup_email {
                let user =
                    emu.user_mut(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
                user.attributes.insert("email".into(), email);
                user.attributes.insert("email_verified".into(), "true".into());
                user.mfa.email = true;
                if user.mfa.preferred.is_none() {
                    user.mfa.preferred = Some("EMAIL_OTP".into());
                }
            }
            if mfa {
                progress.mfa_done = true;
            } else {
                progress.first_factor = Some(Factor::EmailOtp);
            }
            advance(emu, &f, progress, now)
        }
        Step::SmsOtp { code, mfa } => {
            let field = if mfa { "SMS_MFA_CODE" } else { "SMS_OTP_CODE" };
            let given = resp.get(field).ok_or_else(|| ApiError::missing(field))?;
            if !otp_ok(emu, session, &mut p, code, given, now)? {
                return Err(ApiError::otp_mismatch());
            }
            let mut progress = progress;
            if mfa {
                progress.mfa_done = true;
            } else {
                progress.first_factor = Some(Factor::SmsOtp);
            }
            advance(emu, &f, progress, now)
        }
        Step::SoftwareTokenMfa => {
            let given = resp
                .get("SOFTWARE_TOKEN_MFA_CODE")
                .ok_or_else(|| ApiError::missing("SOFTWARE_TOKEN_MFA_CODE"))?;
            let secret = emu
                .user(&f.pool_id, &f.user_key)
                .and_then(|u| u.totp_secret.clone())
                .ok_or_else(|| {
                    ApiError::new(
                        "SoftwareTokenMFANotFoundException",
                        "Software Token MFA has not been enabled by the user.",
                    )
                })?;
            if !mfa::totp_ok(&secret, given, emu.wall_ms(now)) {
                p.failed += 1;
                if p.failed < OTP_ATTEMPTS {
                    emu.restore_pending(session, p);
                }
                return Err(ApiError::otp_mismatch());
            }
            advance(emu, &f, AuthProgress { mfa_done: true, ..progress }, now)
        }
        Step::SelectMfaType { options } => {
            let answer = resp.get("ANSWER").ok_or_else(|| ApiError::missing("ANSWER"))?;
            if !options.iter().any(|o| o == answer) {
                return Err(keep_session(
                    emu,
                    session,
                    p,
                    ApiError::invalid_param(format!("Invalid MFA type {answer}.")),
                ));
            }
            mfa::issue_mfa(emu, &f, answer, progress, now)
        }
        Step::MfaSetup { options, totp_verified, .. } => {
            if let Some(email) = resp.get("EMAIL") {
                if !options.iter().any(|o| o == "EMAIL_OTP") {
                    return Err(ApiError::invalid_param(
                        "Email MFA is not enabled for the user pool.",
                    ));
                }
                if let Err(e) = check_attribute("email", email) {
                    return Err(keep_session(emu, session, p, e));
                }
                let dest = Destination::email(email);
                let code = send_otp(emu, &f, &dest, "MFA", now);
                let mut params = dest.challenge_params();
                params.push(("USERNAME".into(), internal_name(emu, &f)));
                let step = Step::EmailOtp { code, mfa: true, setup_email: Some(email.clone()) };
                return Ok(challenge(emu, &f, Some(&f.user_key), step, progress, params, now));
            }
            if !totp_verified {
                return Err(ApiError::invalid_param(
                    "Software token MFA has not been verified for this session.",
                ));
            }
            advance(emu, &f, AuthProgress { mfa_done: true, ..progress }, now)
        }
        Step::NewPasswordRequired => {
            // Validation failures leave the session usable (bounded like wrong codes).
            let validated = (|| -> Result<(String, Vec<(String, String)>), ApiError> {
                let pw =
                    resp.get("NEW_PASSWORD").ok_or_else(|| ApiError::missing("NEW_PASSWORD"))?;
                check_password(&emu.pool(&pool_id).cfg.password_policy, pw)?;
                let mut updates = Vec::new();
                for (k, v) in &resp {
                    if let Some(attr) = k.strip_prefix("userAttributes.") {
                        check_attribute(attr, v)?;
                        updates.push((attr.to_string(), v.clone()));
                    }
                }
                let user = emu.user(&pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
                for r in &emu.pool(&pool_id).cfg.required_attributes {
                    if user.attr(r).is_none()
                        && !updates.iter().any(|(n, v)| n == r && !v.is_empty())
                    {
                        return Err(ApiError::invalid_param(format!(
                            "Invalid attributes given, {r} is missing"
                        )));
                    }
                }
                Ok((pw.clone(), updates))
            })();
            let (pw, updates) = match validated {
                Ok(v) => v,
                Err(e) => return Err(keep_session(emu, session, p, e)),
            };
            let user = emu.user_mut(&pool_id, &f.user_key).expect("user");
            for (n, v) in updates {
                user.attributes.insert(n, v);
            }
            user.status = UserStatus::Confirmed;
            set_password(emu, &pool_id, &f.user_key, &pw, false, now);
            advance(emu, &f, AuthProgress { new_password_done: true, ..progress }, now)
        }
        Step::WebAuthn { challenge } => {
            let cred = resp.get("CREDENTIAL").ok_or_else(|| ApiError::missing("CREDENTIAL"))?;
            passkeys::finish_assertion(emu, &f, &challenge, cred)?;
            check_can_sign_in(emu, &f.pool_id, &f.user_key, now)?;
            advance(emu, &f, AuthProgress { first_factor: Some(Factor::WebAuthn), ..progress }, now)
        }
        Step::Custom { round, answer } => {
            let given = resp.get("ANSWER").ok_or_else(|| ApiError::missing("ANSWER"))?;
            if subtle::ConstantTimeEq::ct_eq(given.as_bytes(), answer.as_bytes()).into() {
                return advance(emu, &f, AuthProgress { custom_round: round + 1, ..progress }, now);
            }
            let max = emu.pool(&pool_id).cfg.custom_auth.as_ref().map_or(3, |c| c.max_attempts);
            let failed = p.failed + 1;
            if failed >= max {
                return Err(ApiError::bad_credentials());
            }
            let mut params: Vec<(String, String)> =
                emu.pool(&pool_id).cfg.custom_auth.as_ref().expect("configured").rounds[round]
                    .public_challenge_parameters
                    .clone()
                    .into_iter()
                    .collect();
            params.push(("USERNAME".into(), internal_name(emu, &f)));
            let mut out = challenge(
                emu,
                &f,
                Some(&f.user_key),
                Step::Custom { round, answer },
                progress,
                params,
                now,
            );
            if let Some(s) = out.get("Session").and_then(Value::as_str) {
                if let Some(np) = emu.store.sessions.get_mut(s) {
                    np.failed = failed;
                }
            }
            if let Value::Object(m) = &mut out {
                m.remove("AvailableChallenges");
            }
            Ok(out)
        }
    }
}

/// An input error that leaves the session usable (up to `OTP_ATTEMPTS` failures).
fn keep_session(emu: &mut Emulator, session: &str, mut p: Pending, e: ApiError) -> ApiError {
    p.failed += 1;
    if p.failed < OTP_ATTEMPTS {
        emu.restore_pending(session, p);
    }
    e
}

/// Check an OTP; on a wrong code keep the session for up to `OTP_ATTEMPTS` tries.
fn otp_ok(
    emu: &mut Emulator,
    session: &str,
    p: &mut Pending,
    mut code: OneTimeCode,
    given: &str,
    now: u64,
) -> Result<bool, ApiError> {
    match code.check(given, now) {
        CodeCheck::Ok => Ok(true),
        CodeCheck::Expired => Err(ApiError::expired_code()),
        CodeCheck::Mismatch => {
            p.failed += 1;
            if p.failed < OTP_ATTEMPTS {
                emu.restore_pending(session, p.clone());
            }
            Ok(false)
        }
    }
}
