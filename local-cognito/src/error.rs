//! Cognito-shaped API errors. Messages never contain secrets.

use serde_json::{json, Value};

/// An error returned to the caller as `{"__type": code, "message": message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: u16,
    pub code: String,
    pub message: String,
}

/// Result of an action: the JSON response body or an error.
pub type ApiResult = Result<Value, ApiError>;

impl ApiError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ApiError { status: 400, code: code.into(), message: message.into() }
    }
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = status;
        self
    }
    pub fn body(&self) -> String {
        json!({"__type": self.code, "message": self.message}).to_string()
    }

    pub fn invalid_param(m: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", m)
    }
    pub fn not_authorized(m: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", m)
    }
    pub fn bad_credentials() -> Self {
        Self::not_authorized("Incorrect username or password.")
    }
    pub fn user_not_found() -> Self {
        Self::new("UserNotFoundException", "User does not exist.")
    }
    pub fn not_confirmed() -> Self {
        Self::new("UserNotConfirmedException", "User is not confirmed.")
    }
    pub fn code_mismatch() -> Self {
        Self::new("CodeMismatchException", "Invalid verification code provided, please try again.")
    }
    pub fn otp_mismatch() -> Self {
        Self::new("CodeMismatchException", "Invalid code or auth state for the user.")
    }
    pub fn expired_code() -> Self {
        Self::new("ExpiredCodeException", "Invalid code provided, please request a code again.")
    }
    pub fn session_expired() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
    pub fn session_invalid() -> Self {
        Self::not_authorized("Invalid session for the user.")
    }
    pub fn session_used() -> Self {
        Self::not_authorized("Invalid session for the user, session can only be used once.")
    }
    pub fn too_many_failed() -> Self {
        Self::new("TooManyFailedAttemptsException", "Too many failed attempts.")
    }
    pub fn missing(param: &str) -> Self {
        Self::invalid_param(format!("Missing required parameter {param}"))
    }
    pub fn internal(m: impl Into<String>) -> Self {
        Self::new("InternalErrorException", m).with_status(500)
    }
}
