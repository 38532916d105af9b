//! Cognito actions, one file per family.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod challenges;
pub(crate) mod mfa;
pub(crate) mod passkeys;
pub(crate) mod password;
pub(crate) mod sign_up;
pub(crate) mod tokens;
pub(crate) mod user;
