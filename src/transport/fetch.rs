//! The browser [`Platform`]: `fetch`, `setTimeout`, `Date.now`, and `crypto.getRandomValues`
//! (via getrandom). The JS binding starts the same requests and timers as promises
//! (`post_action`, `sleep`) from its own loop. `fetch` and `setTimeout` are called from js/glue.js: one small JS function
//! instead of web-sys's Request/Headers/Response bindings and a Rust closure per timer.

use super::Platform;
use crate::error::AuthError;
use crate::protocol::{Action, RawResponse};
use alloc::string::String;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    /// `{ status, errorType, body }` of one POST (js/glue.js `post`).
    type HttpResponse;
    #[wasm_bindgen(method, getter)]
    fn status(this: &HttpResponse) -> u16;
    #[wasm_bindgen(method, getter, js_name = errorType)]
    fn error_type(this: &HttpResponse) -> Option<String>;
    #[wasm_bindgen(method, getter)]
    fn body(this: &HttpResponse) -> String;
    /// POSTs one Cognito action with `fetch`; rejects when no HTTP answer came back (with a
    /// `TimeoutError` after `timeout_ms`).
    fn post(
        endpoint: &str,
        target: &str,
        user_agent: &str,
        body: &str,
        timeout_ms: u32,
    ) -> js_sys::Promise;
    /// POSTs a form with `fetch` (js/glue.js `postForm`); rejects as `post` does.
    #[wasm_bindgen(js_name = postForm)]
    pub(crate) fn post_form(url: &str, body: &str, timeout_ms: u32) -> js_sys::Promise;
    /// A promise that resolves after `ms` milliseconds.
    pub(crate) fn sleep(ms: f64) -> js_sys::Promise;
    /// The browser's user agent (js/glue.js `deviceName`).
    #[wasm_bindgen(js_name = deviceName)]
    fn device_name() -> String;
}

/// The browser platform.
#[derive(Debug, Default, Clone, Copy)]
pub struct Browser;

/// A rejected `fetch` as a network error, keeping the `Error`'s message; the abort of a
/// request that went unanswered for `timeout_ms` as [`AuthError::Timeout`].
fn network(e: JsValue, timeout_ms: u32) -> AuthError {
    let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string());
    if name.as_deref() == Some("TimeoutError") {
        return AuthError::Timeout(timeout_ms);
    }
    AuthError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| String::from("The request to Cognito failed")),
    )
}

/// POSTs one action through js/glue.js `post`.
pub(crate) fn post_action(
    endpoint: &str,
    action: Action,
    body: &str,
    timeout_ms: u32,
) -> js_sys::Promise {
    let mut target = String::from(action.target_prefix());
    target.push_str(action.name());
    post(endpoint, &target, concat!("cognito-wasm/", env!("CARGO_PKG_VERSION")), body, timeout_ms)
}

/// A settled `post` as the HTTP answer, or a network error (a timeout) when none came back.
pub(crate) fn http(
    settled: Result<JsValue, JsValue>,
    timeout_ms: u32,
) -> Result<RawResponse, AuthError> {
    let resp: HttpResponse = settled.map_err(|e| network(e, timeout_ms))?.unchecked_into();
    Ok(RawResponse { status: resp.status(), error_type: resp.error_type(), body: resp.body() })
}

impl Platform for Browser {
    async fn send(
        &self,
        endpoint: &str,
        action: Action,
        body: &str,
        timeout_ms: u32,
    ) -> Result<RawResponse, AuthError> {
        http(JsFuture::from(post_action(endpoint, action, body, timeout_ms)).await, timeout_ms)
    }

    async fn post_form(
        &self,
        url: &str,
        body: &str,
        timeout_ms: u32,
    ) -> Result<RawResponse, AuthError> {
        http(JsFuture::from(post_form(url, body, timeout_ms)).await, timeout_ms)
    }

    async fn sleep(&self, ms: u64) {
        let _ = JsFuture::from(sleep(ms as f64)).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    fn device_name(&self) -> String {
        device_name()
    }

    #[cfg(target_arch = "wasm32")]
    async fn passkey_get(
        &self,
        options_json: &str,
        conditional: bool,
    ) -> Result<crate::secret::Secret, AuthError> {
        crate::webauthn::browser::get(options_json, conditional).await
    }

    #[cfg(target_arch = "wasm32")]
    async fn passkey_create(&self, options_json: &str) -> Result<crate::secret::Secret, AuthError> {
        crate::webauthn::browser::create(options_json).await
    }
}
