//! Stored one-time codes (sign-up confirmation, password reset, attribute verification).

use crate::error::ApiError;
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
