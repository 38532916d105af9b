//! A browser client for Amazon Cognito user pools, compiled to WebAssembly, with the calls and
//! shapes of AWS Amplify JS v6.
//!
//! Layers (see docs/architecture.md): [`flow`], [`srp`], [`protocol`] and [`json`] are pure and
//! tested natively; `transport` and `storage` are the thin browser I/O; `api` is the JS binding.
//!
//! # From Rust (Leptos, Yew, Dioxus, …)
//!
//! The JS API is a thin layer over [`driver::Client`], which a Rust web app can use directly:
//!
//! ```no_run
//! use cognito_wasm::driver::{Client, SignInOutcome};
//! use cognito_wasm::flow::{sign_in::SignInInput, AuthFlow};
//! use cognito_wasm::json::Json;
//! use cognito_wasm::model::config;
//! use cognito_wasm::secret::Secret;
//! use cognito_wasm::storage::web::WebStore;
//! use cognito_wasm::transport::fetch::Browser;
//!
//! async fn sign_in(username: &str, password: &str) -> Result<bool, cognito_wasm::AuthError> {
//!     let cfg = Json::parse(r#"{"Auth":{"Cognito":{"userPoolId":"eu-west-1_AbC","userPoolClientId":"abc123"}}}"#)
//!         .expect("valid JSON");
//!     let client = Client::new(
//!         config::parse(&cfg, &Json::Null)?,
//!         Browser,
//!         Box::new(WebStore::new(false)), // tokens in localStorage (Amplify's keys)
//!         Box::new(WebStore::new(true)),  // pending sign-in in sessionStorage
//!     );
//!     let input = SignInInput {
//!         username: username.into(),
//!         password: Some(Secret::new(password)),
//!         flow: AuthFlow::UserSrp,
//!         preferred: None,
//!         client_metadata: vec![],
//!     };
//!     match client.sign_in(input).await? {
//!         SignInOutcome::Done => Ok(true),
//!         SignInOutcome::Ask(pending) => {
//!             // Show `pending.step()`, then answer with `client.confirm_sign_in(..)`.
//!             let _ = pending.step();
//!             Ok(false)
//!         }
//!         SignInOutcome::Stopped(_) => Ok(false),
//!     }
//! }
//! ```

// The shipped wasm links no std: with std, every panic path (bounds checks, unwraps) reaches
// the panic message formatting, ~30 KB of wasm that stable Rust cannot drop otherwise.
#![cfg_attr(all(target_arch = "wasm32", not(feature = "std")), no_std)]
#![deny(missing_docs)]
#![warn(unreachable_pub)]
// A panic traps the whole wasm instance: the library never asks for one.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

extern crate alloc;

#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Without std a panic traps (`unreachable`): the wasm instance reports a `RuntimeError` to
/// its caller, and the message is not formatted (nothing reads it).
#[cfg(all(target_arch = "wasm32", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    core::arch::wasm32::unreachable()
}

pub mod base64;
#[cfg(feature = "bench")]
pub mod bench;
pub mod error;
pub mod flow;
pub mod json;
pub mod model;
pub mod protocol;
pub mod secret;
pub mod srp;

pub use error::AuthError;
#[cfg(target_arch = "wasm32")]
pub mod api;
pub mod driver;
pub mod jwt;
pub mod storage;
pub mod transport;
pub mod webauthn;
