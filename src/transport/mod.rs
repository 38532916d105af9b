//! Sending requests: the [`Platform`] trait (HTTP, timers, clock, randomness) the driver runs
//! on. The driver applies the retry policy (`driver/run.rs`). The browser implementation is in
//! `fetch` (HTTP through a small function in js/glue.js); native tests plug in the emulator.

pub mod fetch;

use crate::error::AuthError;
use crate::protocol::{Action, RawResponse};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// What the driver needs from its environment.
#[allow(async_fn_in_trait)]
pub trait Platform {
    /// POSTs `body` for `action` to `endpoint`; `Err` only when no HTTP answer came back
    /// ([`AuthError::Network`]), or none within `timeout_ms` ([`AuthError::Timeout`]).
    async fn send(
        &self,
        endpoint: &str,
        action: Action,
        body: &str,
        timeout_ms: u32,
    ) -> Result<RawResponse, AuthError>;
    /// POSTs a form `body` to `url` (the hosted UI's token endpoint); errors as [`Self::send`].
    async fn post_form(
        &self,
        url: &str,
        body: &str,
        timeout_ms: u32,
    ) -> Result<RawResponse, AuthError> {
        let _ = (url, body, timeout_ms);
        Err(AuthError::Network(String::from("This platform cannot POST forms")))
    }
    /// Waits `ms` milliseconds.
    async fn sleep(&self, ms: u64);
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> u64;
    /// Runs a WebAuthn assertion (`navigator.credentials.get`, conditional mediation when
    /// `conditional`); returns the AuthenticationResponseJSON text.
    async fn passkey_get(
        &self,
        options_json: &str,
        conditional: bool,
    ) -> Result<Secret, AuthError> {
        let _ = (options_json, conditional);
        Err(crate::error::PasskeyError::NotSupported.into())
    }
    /// Runs a WebAuthn registration (`navigator.credentials.create`); returns the
    /// RegistrationResponseJSON text.
    async fn passkey_create(&self, options_json: &str) -> Result<Secret, AuthError> {
        let _ = options_json;
        Err(crate::error::PasskeyError::NotSupported.into())
    }
    /// Reads `keys` from the app's token store (asked only of a client whose tokens live
    /// in a read-ahead store): per key, `Some(None)` when
    /// absent, `None` when the read failed.
    async fn store_read(&self, keys: &[String]) -> Vec<Option<Option<Secret>>> {
        keys.iter().map(|_| None).collect()
    }
    /// Writes changes to the app's token store, in order (`None`: remove the key). A failed
    /// write is dropped: the client keeps the value in memory.
    async fn store_write(&self, writes: &[(String, Option<Secret>)]) {
        let _ = writes;
    }
    /// The name `ConfirmDevice` gives this device (the browser's user agent, as Amplify's).
    fn device_name(&self) -> String {
        String::from("cognito-wasm")
    }
    /// Fills `buf` from a CSPRNG.
    fn random(&self, buf: &mut [u8]) {
        // A failing CSPRNG leaves zeros, which every consumer rejects (e.g. an all-zero SRP
        // secret), so this cannot silently weaken anything.
        if getrandom::fill(buf).is_err() {
            buf.fill(0);
        }
    }
}
