//! Cognito actions, one file per family. The action table is in `emulator.rs`; the
//! machinery shared by the sign-in actions is in `sign_in.rs`. Imports run one way:
//! `auth`/`challenges` → `first_factor` → `next_step` → `mfa`/`passkeys`/`devices` → `sign_in` →
//! `state`, and no action module imports `emulator.rs`.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod challenges;
pub(crate) mod codes;
pub(crate) mod devices;
pub(crate) mod first_factor;
pub(crate) mod mfa;
pub(crate) mod next_step;
pub(crate) mod passkeys;
pub(crate) mod password;
pub(crate) mod sign_in;
pub(crate) mod sign_up;
pub(crate) mod tokens;
pub(crate) mod user;
