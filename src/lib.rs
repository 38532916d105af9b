//! A browser client for Amazon Cognito user pools, compiled to WebAssembly, with the calls and
//! shapes of AWS Amplify JS v6.
//!
//! Layers (see docs/architecture.md): [`flow`], [`srp`], [`protocol`] and [`json`] are pure and
//! tested natively; `transport` and `storage` are the thin browser I/O; `api` is the JS binding.

#![deny(missing_docs)]
#![warn(unreachable_pub)]

extern crate alloc;

pub mod error;
pub mod flow;
pub mod json;
pub mod model;
pub mod protocol;
pub mod secret;
pub mod srp;

pub use error::AuthError;
pub mod jwt;
pub mod storage;
pub mod transport;
pub mod driver;
#[cfg(target_arch = "wasm32")]
pub mod api;
