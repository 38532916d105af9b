//! Stored one-time codes (sign-up confirmation, password reset, attribute verification).

use crate::error::ApiError;

/// Calls of one kind a user may make per hour (ChangePassword, ForgotPassword).
const CALLS_PER_HOUR: usize = 5;
const HOUR_MS: u64 = 3_600_000;

/// Count one call against a per-user hourly quota: LimitExceededException once
/// `CALLS_PER_HOUR` calls fall within the last hour (emulator clock). Source: "Quotas in
/// Amazon Cognito", Amazon Cognito Developer Guide (per-user quotas: ChangePassword and
/// ForgotPassword calls per user per hour), and the LimitExceededException of those
/// actions in the API reference.
pub(crate) fn count_call(calls: &mut Vec<u64>, now: u64) -> Result<(), ApiError> {
    calls.retain(|&t| t.saturating_add(HOUR_MS) > now);
    if calls.len() >= CALLS_PER_HOUR {
        return Err(ApiError::new(
            "LimitExceededException",
            "Attempt limit exceeded, please try after some time.",
        ));
    }
    calls.push(now);
    Ok(())
}
use crate::store::{CodeCheck, OneTimeCode};

/// Redeems a stored one-time code: missing or expired → ExpiredCodeException, too many
/// wrong tries → `exhausted`, wrong → CodeMismatchException (counted). The caller removes the
/// code on success.
pub(crate) fn redeem_code(
    stored: Option<&mut OneTimeCode>,
    given: &str,
    now: u64,
    max_attempts: u32,
    exhausted: ApiError,
) -> Result<(), ApiError> {
    let stored = stored.ok_or_else(ApiError::expired_code)?;
    if stored.failed >= max_attempts {
        return Err(exhausted);
    }
    match stored.check(given, now) {
        CodeCheck::Expired => Err(ApiError::expired_code()),
        CodeCheck::Mismatch => Err(ApiError::code_mismatch()),
        CodeCheck::Ok => Ok(()),
    }
}
