//! Local Cognito: an emulator of the Amazon Cognito user-pool JSON API.
//!
//! The core is [`Emulator::handle`], a plain function from (action, JSON body,
//! emulator time) to (HTTP status, JSON body). The `local-cognito` binary wraps it
//! in a thin axum server (see `http`).

pub mod authenticator;
pub mod clock;
pub mod config;
mod control;
pub mod delivery;
pub mod emulator;
pub mod error;
mod hosted;
pub mod http;
mod identity;
pub mod jwt;
pub mod names;
pub mod policy;
mod request;
pub mod srp;
mod state;
pub mod store;
pub mod webauthn;

mod actions;

pub use actions::mfa::totp_code;
pub use config::{
    ClientConfig, EmulatorConfig, IdentityPoolConfig, IdentityProviderConfig, MfaMode, PoolConfig,
};
pub use emulator::{Emulator, PoolInfo};
pub use error::ApiError;
pub use identity::PUBLIC_ACTIONS as IDENTITY_PUBLIC_ACTIONS;
