//! The browser [`Platform`]: `fetch`, `setTimeout`, `Date.now`, and `crypto.getRandomValues`
//! (via getrandom). `fetch` and `setTimeout` are called from js/glue.js: one small JS function
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
    /// POSTs one Cognito action with `fetch`; rejects when no HTTP answer came back.
    fn post(endpoint: &str, target: &str, user_agent: &str, body: &str) -> js_sys::Promise;
    /// A promise that resolves after `ms` milliseconds.
    fn sleep(ms: f64) -> js_sys::Promise;
}

/// The browser platform.
#[derive(Debug, Default, Clone, Copy)]
pub struct Browser;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// A rejected `fetch` as a network error, keeping the `Error`'s message.
fn network(e: JsValue) -> AuthError {
    AuthError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| String::from("The request to Cognito failed")),
    )
}

impl Platform for Browser {
    async fn send(&self, endpoint: &str, action: Action, body: String) -> Result<RawResponse, AuthError> {
        let mut target = String::from(TARGET_PREFIX);
        target.push_str(action.name());
        let user_agent = concat!("cognito-wasm/", env!("CARGO_PKG_VERSION"));
        let resp: HttpResponse = JsFuture::from(post(endpoint, &target, user_agent, &body)).await.map_err(network)?.unchecked_into();
        Ok(RawResponse { status: resp.status(), error_type: resp.error_type(), body: resp.body() })
    }

    async fn sleep(&self, ms: u64) {
        let _ = JsFuture::from(sleep(ms as f64)).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }

    #[cfg(target_arch = "wasm32")]
    async fn passkey_get(&self, options_json: &str, conditional: bool) -> Result<String, AuthError> {
        crate::webauthn::browser::get(options_json, conditional).await
    }

    #[cfg(target_arch = "wasm32")]
    async fn passkey_create(&self, options_json: &str) -> Result<String, AuthError> {
        crate::webauthn::browser::create(options_json).await
    }
}
