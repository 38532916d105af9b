//! RespondToAuthChallenge: checks the session and the USERNAME, then hands the answer to
//! the one function that handles the challenge the session waits for.

use crate::actions::first_factor::{password_factor, start_first_factor, start_srp};
use crate::actions::next_step::{advance, custom_round_params};
use crate::actions::password::{check_can_sign_in, set_password};
use crate::actions::sign_in::{
    challenge, check_lockout, check_mfa_lockout, internal_name, keep_session, mfa_attempt, otp_ok,
    password_failed, password_succeeded, send_otp, FlowCtx, OTP_ATTEMPTS,
};
use crate::actions::{devices, mfa, passkeys};
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::policy::{check_attribute, check_password, check_secret_hash};
use crate::request::{opt_str, req_str, str_map};
use crate::srp::{self, ServerHandshake};
use crate::state::Emulator;
use crate::store::{AuthProgress, Factor, OneTimeCode, Pending, Step, UserStatus};
use base64::{engine::general_purpose::STANDARD, Engine};
use serde_json::Value;
use std::collections::BTreeMap;

/// One answer, checked against its session: the flow, the `ChallengeResponses`, and the
/// session taken out of the store (put back by a failure that leaves it usable).
struct Answer<'a> {
    f: FlowCtx,
    resp: BTreeMap<String, String>,
    session: &'a str,
    pending: Pending,
}

impl Answer<'_> {
    fn get(&self, name: &str) -> Result<&str, ApiError> {
        self.resp.get(name).map(String::as_str).ok_or_else(|| ApiError::missing(name))
    }

    fn progress(&self) -> AuthProgress {
        self.pending.progress.clone()
    }

    /// The DEVICE_KEY check of an answer (`devices::check_device_key`). On failure the
    /// session is put back as it was, without the device key and without counting a
    /// failed attempt, so the same answer without DEVICE_KEY can follow on the same
    /// `Session` (Amplify's `retryOnResourceNotFoundException`).
    fn check_device(self, emu: &mut Emulator) -> Result<Self, ApiError> {
        let key = self.pending.progress.device_key.as_deref();
        match devices::check_device_key(emu, &self.f, key) {
            Ok(()) => Ok(self),
            Err(e) => {
                let mut p = self.pending;
                p.progress.device_key = None;
                emu.restore_pending(self.session, p);
                Err(e)
            }
        }
    }

    /// Fail with `e`, keeping the session for another try (bounded by `OTP_ATTEMPTS`).
    fn retry(self, emu: &mut Emulator, e: ApiError) -> ApiError {
        keep_session(emu, self.session, self.pending, e)
    }
}

pub fn respond_to_auth_challenge(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let name = req_str(req, "ChallengeName")?;
    let pool_id = emu.client_ids(client_id)?;
    let resp = str_map(req, "ChallengeResponses");
    let session = session_of(emu, req, name, &resp)?;
    let session = session.as_str();
    let username = resp.get("USERNAME").ok_or_else(|| ApiError::missing("USERNAME"))?.clone();
    let pending = emu.take_pending(session, Some(client_id), now)?;
    if pending.step.challenge_name() != name {
        return Err(ApiError::invalid_param(format!(
            "Invalid challenge name {name} for the session."
        )));
    }
    let user_key = session_user(emu, &pool_id, client_id, &pending, &username, &resp)?;
    let f = FlowCtx { pool_id, client_id: client_id.into(), user_key, typed: username.clone() };
    let step = pending.step.clone();
    let mut pending = pending;
    // Amplify sends DEVICE_KEY with its answers too (PASSWORD_VERIFIER, MFA codes).
    if let Some(k) = resp.get("DEVICE_KEY") {
        pending.progress.device_key = Some(k.clone());
    }
    let a = Answer { f, resp, session, pending };
    answer(emu, a, step, now)
}

/// The `Session` of an answer. A PASSWORD_VERIFIER answer may leave it out: Cognito finds
/// the exchange from PASSWORD_CLAIM_SECRET_BLOCK, and SRP clients such as pycognito and
/// boto3-based scripts rely on that (RespondToAuthChallenge, Amazon Cognito API Reference:
/// `Session` is not required, and PASSWORD_VERIFIER's responses are
/// PASSWORD_CLAIM_SIGNATURE, PASSWORD_CLAIM_SECRET_BLOCK, TIMESTAMP and USERNAME).
fn session_of(
    emu: &Emulator,
    req: &Value,
    name: &str,
    resp: &BTreeMap<String, String>,
) -> Result<String, ApiError> {
    if let Some(s) = opt_str(req, "Session") {
        return Ok(s.to_string());
    }
    let verifier = matches!(name, "PASSWORD_VERIFIER" | "DEVICE_PASSWORD_VERIFIER");
    let block = resp.get("PASSWORD_CLAIM_SECRET_BLOCK").filter(|_| verifier);
    match block {
        Some(b) => emu.session_of_secret_block(b).ok_or_else(ApiError::session_invalid),
        None => Err(ApiError::invalid_param("Session is required for this challenge.")),
    }
}

/// The session's user, after checking that USERNAME names it (any alias) and the
/// SECRET_HASH; empty for a simulated flow of an unknown user.
fn session_user(
    emu: &Emulator,
    pool_id: &str,
    client_id: &str,
    p: &Pending,
    username: &str,
    resp: &BTreeMap<String, String>,
) -> Result<String, ApiError> {
    let given_hash = resp.get("SECRET_HASH").map(String::as_str);
    let Some(k) = &p.user_key else {
        check_secret_hash(emu.client(pool_id, client_id), &[username], given_hash)?;
        return Ok(String::new());
    };
    if emu.pool(pool_id).find(username).as_deref() != Some(k.as_str()) {
        return Err(ApiError::session_invalid());
    }
    let internal = emu.user(pool_id, k).map(|u| u.username.clone()).unwrap_or_default();
    check_secret_hash(emu.client(pool_id, client_id), &[username, &internal], given_hash)?;
    Ok(k.clone())
}

/// The challenge table: one handler per step a session can wait for.
fn answer(emu: &mut Emulator, a: Answer, step: Step, now: u64) -> ApiResult {
    match step {
        Step::SignUp | Step::SignUpConfirmed => Err(ApiError::session_invalid()),
        Step::PasswordVerifier { handshake, secret_block, user_id } => {
            answer_password_verifier(emu, a, handshake, &secret_block, &user_id, now)
        }
        Step::SelectChallenge { available } => answer_select_challenge(emu, a, &available, now),
        Step::PasswordChallenge => answer_password(emu, a, now),
        Step::PasswordSrpChallenge => answer_password_srp(emu, a, now),
        Step::EmailOtp { code, mfa, setup_email } => {
            answer_email_otp(emu, a, code, mfa, setup_email, now)
        }
        Step::SmsOtp { code, mfa } => answer_sms_otp(emu, a, code, mfa, now),
        Step::SoftwareTokenMfa => answer_software_token_mfa(emu, a, now),
        Step::SelectMfaType { options } => answer_select_mfa_type(emu, a, &options, now),
        Step::MfaSetup { options, totp_verified, .. } => {
            answer_mfa_setup(emu, a, &options, totp_verified, now)
        }
        Step::NewPasswordRequired => answer_new_password(emu, a, now),
        Step::WebAuthn { challenge } => answer_web_authn(emu, a, &challenge, now),
        Step::Custom { round, answer } => answer_custom(emu, a, round, answer, now),
        Step::DeviceSrpAuth { device_key } => {
            devices::answer_device_srp_auth(emu, &a.f, &a.resp, &device_key, a.progress(), now)
        }
        Step::DevicePasswordVerifier { handshake, secret_block, device_key } => {
            answer_device_password_verifier(emu, a, handshake, &secret_block, &device_key, now)
        }
    }
}

/// PASSWORD_VERIFIER: the SRP proof (PASSWORD_CLAIM_SIGNATURE over the secret block and
/// TIMESTAMP).
fn answer_password_verifier(
    emu: &mut Emulator,
    a: Answer,
    handshake: ServerHandshake,
    secret_block: &[u8],
    user_id: &str,
    now: u64,
) -> ApiResult {
    let (sig, ts) = srp_claim(emu, &a, secret_block, now)?;
    check_lockout(emu, &a.f, now)?;
    let pool_name = srp::pool_name(&a.f.pool_id);
    if handshake.verify(pool_name, user_id, secret_block, ts, &sig).is_err() {
        return Err(password_failed(emu, &a.f, now));
    }
    password_succeeded(emu, &a.f);
    check_can_sign_in(emu, &a.f.pool_id, &a.f.user_key, now)?;
    let a = a.check_device(emu)?;
    let progress = AuthProgress { first_factor: Some(Factor::Password), ..a.progress() };
    advance(emu, &a.f, progress, now)
}

/// The checks every SRP proof (PASSWORD_VERIFIER, DEVICE_PASSWORD_VERIFIER) passes before
/// its signature is verified: a TIMESTAMP in the strict format and within the allowed skew
/// of the wall clock, and the secret block of this exchange. Returns the signature bytes
/// and the TIMESTAMP.
fn srp_claim<'a>(
    emu: &Emulator,
    a: &'a Answer,
    secret_block: &[u8],
    now: u64,
) -> Result<(Vec<u8>, &'a str), ApiError> {
    let sig = a.get("PASSWORD_CLAIM_SIGNATURE")?;
    let block = a.get("PASSWORD_CLAIM_SECRET_BLOCK")?;
    let ts = a.get("TIMESTAMP")?;
    let ts_secs = srp::parse_timestamp(ts)
        .ok_or_else(|| ApiError::invalid_param("TIMESTAMP format is not valid."))?;
    let wall = emu.wall_ms(now) / 1000;
    if ts_secs.checked_sub(wall).is_none_or(|d| d.unsigned_abs() > emu.srp_skew_secs) {
        return Err(ApiError::bad_credentials());
    }
    if a.pending.user_key.is_none() || STANDARD.decode(block).ok().as_deref() != Some(secret_block)
    {
        return Err(ApiError::bad_credentials());
    }
    Ok((STANDARD.decode(sig).unwrap_or_default(), ts))
}

/// DEVICE_PASSWORD_VERIFIER: the device's SRP proof, with poolName := DeviceGroupKey and
/// userId := DeviceKey. A wrong proof is NotAuthorizedException (it does not count towards
/// the password lockout).
fn answer_device_password_verifier(
    emu: &mut Emulator,
    a: Answer,
    handshake: ServerHandshake,
    secret_block: &[u8],
    device_key: &str,
    now: u64,
) -> ApiResult {
    if a.get("DEVICE_KEY")? != device_key {
        return Err(ApiError::new("ResourceNotFoundException", "Device does not exist."));
    }
    let (sig, ts) = srp_claim(emu, &a, secret_block, now)?;
    let group = devices::group_key(emu, &a.f, device_key)?;
    if handshake.verify(&group, device_key, secret_block, ts, &sig).is_err() {
        return Err(ApiError::bad_credentials());
    }
    check_can_sign_in(emu, &a.f.pool_id, &a.f.user_key, now)?;
    let progress = AuthProgress {
        device_key: Some(device_key.to_string()),
        device_done: true,
        ..a.progress()
    };
    advance(emu, &a.f, progress, now)
}

/// SELECT_CHALLENGE: the first factor chosen (ANSWER), possibly with its answer.
fn answer_select_challenge(
    emu: &mut Emulator,
    a: Answer,
    available: &[String],
    now: u64,
) -> ApiResult {
    let choice = a.get("ANSWER")?.to_string();
    if !available.contains(&choice) {
        let e = ApiError::invalid_param(format!(
            "The challenge {choice} is not available for the user."
        ));
        return Err(a.retry(emu, e));
    }
    start_first_factor(emu, &a.f, &choice, &a.resp, a.progress(), now)
}

/// PASSWORD (USER_AUTH): the plaintext password.
fn answer_password(emu: &mut Emulator, a: Answer, now: u64) -> ApiResult {
    let pw = a.get("PASSWORD")?;
    password_factor(emu, &a.f, pw, a.progress(), now)
}

/// PASSWORD_SRP (USER_AUTH): SRP_A, answered by PASSWORD_VERIFIER.
fn answer_password_srp(emu: &mut Emulator, a: Answer, now: u64) -> ApiResult {
    let srp_a = a.get("SRP_A")?;
    start_srp(emu, &a.f, srp_a, a.progress(), now)
}

/// EMAIL_OTP: a first factor, MFA, or the code confirming an address given in MFA_SETUP.
fn answer_email_otp(
    emu: &mut Emulator,
    mut a: Answer,
    code: OneTimeCode,
    mfa: bool,
    setup_email: Option<String>,
    now: u64,
) -> ApiResult {
    let given = a.get("EMAIL_OTP_CODE")?.to_string();
    check_code(emu, &mut a, code, &given, mfa, now)?;
    if let Some(email) = setup_email {
        let user =
            emu.user_mut(&a.f.pool_id, &a.f.user_key).ok_or_else(ApiError::user_not_found)?;
        user.attributes.insert("email".into(), email);
        user.attributes.insert("email_verified".into(), "true".into());
        user.mfa.email = true;
        if user.mfa.preferred.is_none() {
            user.mfa.preferred = Some("EMAIL_OTP".into());
        }
    }
    let mut progress = a.progress();
    if mfa {
        progress.mfa_done = true;
    } else {
        progress.first_factor = Some(Factor::EmailOtp);
    }
    advance(emu, &a.f, progress, now)
}

/// Check a code sent by email or SMS. For MFA, wrong codes count towards the user's MFA
/// lockout (see `sign_in::mfa_attempt`).
fn check_code(
    emu: &mut Emulator,
    a: &mut Answer,
    code: OneTimeCode,
    given: &str,
    mfa: bool,
    now: u64,
) -> Result<(), ApiError> {
    if mfa {
        check_mfa_lockout(emu, &a.f, now)?;
    }
    let ok = otp_ok(emu, a.session, &mut a.pending, code, given, now)?;
    if mfa {
        mfa_attempt(emu, &a.f, ok, now);
    }
    if ok {
        Ok(())
    } else {
        Err(ApiError::otp_mismatch())
    }
}

/// SMS_OTP (first factor) or SMS_MFA.
fn answer_sms_otp(
    emu: &mut Emulator,
    mut a: Answer,
    code: OneTimeCode,
    mfa: bool,
    now: u64,
) -> ApiResult {
    let field = if mfa { "SMS_MFA_CODE" } else { "SMS_OTP_CODE" };
    let given = a.get(field)?.to_string();
    check_code(emu, &mut a, code, &given, mfa, now)?;
    let mut progress = a.progress();
    if mfa {
        progress.mfa_done = true;
    } else {
        progress.first_factor = Some(Factor::SmsOtp);
    }
    advance(emu, &a.f, progress, now)
}

/// SOFTWARE_TOKEN_MFA: a TOTP code.
fn answer_software_token_mfa(emu: &mut Emulator, mut a: Answer, now: u64) -> ApiResult {
    let given = a.get("SOFTWARE_TOKEN_MFA_CODE")?.to_string();
    let secret = emu
        .user(&a.f.pool_id, &a.f.user_key)
        .and_then(|u| u.totp_secret.clone())
        .ok_or_else(|| {
            ApiError::new(
                "SoftwareTokenMFANotFoundException",
                "Software Token MFA has not been enabled by the user.",
            )
        })?;
    check_mfa_lockout(emu, &a.f, now)?;
    let ok = mfa::totp_ok(&secret, &given, emu.wall_ms(now));
    mfa_attempt(emu, &a.f, ok, now);
    if !ok {
        a.pending.failed = a.pending.failed.saturating_add(1);
        if a.pending.failed < OTP_ATTEMPTS {
            emu.restore_pending(a.session, a.pending);
        }
        return Err(ApiError::otp_mismatch());
    }
    advance(emu, &a.f, AuthProgress { mfa_done: true, ..a.progress() }, now)
}

/// SELECT_MFA_TYPE: the MFA method chosen (ANSWER).
fn answer_select_mfa_type(
    emu: &mut Emulator,
    a: Answer,
    options: &[String],
    now: u64,
) -> ApiResult {
    let choice = a.get("ANSWER")?.to_string();
    if !options.contains(&choice) {
        let e = ApiError::invalid_param(format!("Invalid MFA type {choice}."));
        return Err(a.retry(emu, e));
    }
    mfa::issue_mfa(emu, &a.f, &choice, a.progress(), now)
}

/// MFA_SETUP: an EMAIL to verify by code, or the go-ahead after VerifySoftwareToken.
fn answer_mfa_setup(
    emu: &mut Emulator,
    a: Answer,
    options: &[String],
    totp_verified: bool,
    now: u64,
) -> ApiResult {
    let Some(email) = a.resp.get("EMAIL").cloned() else {
        if !totp_verified {
            return Err(ApiError::invalid_param(
                "Software token MFA has not been verified for this session.",
            ));
        }
        return advance(emu, &a.f, AuthProgress { mfa_done: true, ..a.progress() }, now);
    };
    if !options.iter().any(|o| o == "EMAIL_OTP") {
        return Err(ApiError::invalid_param("Email MFA is not enabled for the user pool."));
    }
    if let Err(e) = check_attribute("email", &email) {
        return Err(a.retry(emu, e));
    }
    let dest = Destination::email(&email);
    let code = send_otp(emu, &a.f, &dest, "MFA", now);
    let mut params = dest.challenge_params();
    params.push(("USERNAME".into(), internal_name(emu, &a.f)));
    let step = Step::EmailOtp { code, mfa: true, setup_email: Some(email) };
    Ok(challenge(emu, &a.f, Some(&a.f.user_key), step, a.progress(), params, now))
}

/// NEW_PASSWORD_REQUIRED: NEW_PASSWORD plus any `userAttributes.*`. Validation failures
/// leave the session usable (bounded like wrong codes).
fn answer_new_password(emu: &mut Emulator, a: Answer, now: u64) -> ApiResult {
    let (pw, updates) = match validate_new_password(emu, &a) {
        Ok(v) => v,
        Err(e) => return Err(a.retry(emu, e)),
    };
    let user = emu.user_mut(&a.f.pool_id, &a.f.user_key).ok_or_else(ApiError::user_not_found)?;
    for (n, v) in updates {
        user.attributes.insert(n, v);
    }
    user.status = UserStatus::Confirmed;
    set_password(emu, &a.f.pool_id, &a.f.user_key, &pw, false, now);
    advance(emu, &a.f, AuthProgress { new_password_done: true, ..a.progress() }, now)
}

type NewPassword = (String, Vec<(String, String)>);

fn validate_new_password(emu: &Emulator, a: &Answer) -> Result<NewPassword, ApiError> {
    let pw = a.get("NEW_PASSWORD")?;
    let cfg = &emu.pool(&a.f.pool_id).cfg;
    check_password(&cfg.password_policy, pw)?;
    let mut updates = Vec::new();
    for (k, v) in &a.resp {
        if let Some(attr) = k.strip_prefix("userAttributes.") {
            check_attribute(attr, v)?;
            updates.push((attr.to_string(), v.clone()));
        }
    }
    let user = emu.user(&a.f.pool_id, &a.f.user_key).ok_or_else(ApiError::user_not_found)?;
    for r in &cfg.required_attributes {
        if user.attr(r).is_none() && !updates.iter().any(|(n, v)| n == r && !v.is_empty()) {
            return Err(ApiError::invalid_param(format!(
                "Invalid attributes given, {r} is missing"
            )));
        }
    }
    Ok((pw.to_string(), updates))
}

/// WEB_AUTHN: a passkey assertion (CREDENTIAL).
fn answer_web_authn(emu: &mut Emulator, a: Answer, challenge: &[u8], now: u64) -> ApiResult {
    let cred = a.get("CREDENTIAL")?;
    passkeys::finish_assertion(emu, &a.f, challenge, cred)?;
    check_can_sign_in(emu, &a.f.pool_id, &a.f.user_key, now)?;
    advance(emu, &a.f, AuthProgress { first_factor: Some(Factor::WebAuthn), ..a.progress() }, now)
}

/// CUSTOM_CHALLENGE: the round's ANSWER. A wrong one re-issues the round in a new session
/// until the pool's `maxAttempts`.
fn answer_custom(
    emu: &mut Emulator,
    a: Answer,
    round: usize,
    expected: String,
    now: u64,
) -> ApiResult {
    a.get("ANSWER")?;
    let a = a.check_device(emu)?;
    let given = a.get("ANSWER")?;
    if subtle::ConstantTimeEq::ct_eq(given.as_bytes(), expected.as_bytes()).into() {
        return advance(emu, &a.f, AuthProgress { custom_round: round + 1, ..a.progress() }, now);
    }
    let max = emu.pool(&a.f.pool_id).cfg.custom_auth.as_ref().map_or(3, |c| c.max_attempts);
    let failed = a.pending.failed + 1;
    if failed >= max {
        return Err(ApiError::bad_credentials());
    }
    let params = custom_round_params(emu, &a.f, round)?;
    let step = Step::Custom { round, answer: expected };
    let out = challenge(emu, &a.f, Some(&a.f.user_key), step, a.progress(), params, now);
    if let Some(np) =
        out.get("Session").and_then(Value::as_str).and_then(|s| emu.store.sessions.get_mut(s))
    {
        np.failed = failed;
    }
    Ok(out)
}
