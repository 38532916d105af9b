//! `resetPassword` / `confirmResetPassword` (ForgotPassword / ConfirmForgotPassword).

use super::PoolConfig;
use crate::error::{AuthError, Validation};
use crate::protocol::{Action, Request};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// Builds ForgotPassword.
pub fn forgot_password(
    username: &str,
    metadata: &[(String, String)],
    pool: &PoolConfig,
) -> Result<Request, AuthError> {
    let username = username.trim();
    if username.is_empty() {
        return Err(Validation::EmptyResetPasswordUsername.into());
    }
    let body =
        pool.body(username).set("Username", username).map("ClientMetadata", metadata).build();
    Ok(Request::once(Action::ForgotPassword, body))
}

/// What `confirmResetPassword` was given.
#[derive(Debug, Clone)]
pub struct ConfirmResetInput {
    /// Username.
    pub username: String,
    /// The code from the message.
    pub code: Secret,
    /// The new password.
    pub new_password: Secret,
    /// `options.clientMetadata`.
    pub client_metadata: Vec<(String, String)>,
}

/// Builds ConfirmForgotPassword.
pub fn confirm_reset(input: &ConfirmResetInput, pool: &PoolConfig) -> Result<Request, AuthError> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(Validation::EmptyConfirmResetPasswordUsername.into());
    }
    if input.code.expose().trim().is_empty() {
        return Err(Validation::EmptyConfirmResetPasswordConfirmationCode.into());
    }
    if input.new_password.is_empty() {
        return Err(Validation::EmptyConfirmResetPasswordNewPassword.into());
    }
    let body = pool
        .body(username)
        .set("Username", username)
        .set("ConfirmationCode", input.code.expose().trim())
        .set("Password", input.new_password.expose())
        .map("ClientMetadata", &input.client_metadata)
        .build();
    Ok(Request::once(Action::ConfirmForgotPassword, body))
}
