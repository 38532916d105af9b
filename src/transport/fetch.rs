//! The browser [`Platform`]: `fetch`, `setTimeout`, `Date.now`, and `crypto.getRandomValues`
//! (via getrandom). Calls `fetch` through web-sys directly: gloo-net's `http` dependency
//! (header and status tables) cost ~7 KB gzip of the size budget for nothing we use.

use super::Platform;
use crate::error::AuthError;
use crate::protocol::{Action, RawResponse};
use alloc::string::String;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (present on windows and workers).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: i32) -> JsValue;
}

/// The browser platform.
#[derive(Debug, Default, Clone, Copy)]
pub struct Browser;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// A thrown JS value as a network error, keeping the `Error`'s message.
fn network(e: JsValue) -> AuthError {
    AuthError::Network(
        e.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| String::from("The request to Cognito failed")),
    )
}

async fn post(endpoint: &str, action: Action, body: String) -> Result<RawResponse, JsValue> {
    let mut target = String::from(TARGET_PREFIX);
    target.push_str(action.name());
    let headers = web_sys::Headers::new()?;
    headers.set("Content-Type", "application/x-amz-json-1.1")?;
    headers.set("X-Amz-Target", &target)?;
    headers.set("X-Amz-User-Agent", concat!("cognito-wasm/", env!("CARGO_PKG_VERSION")))?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(&body));
    init.set_cache(web_sys::RequestCache::NoStore);
    let request = web_sys::Request::new_with_str_and_init(endpoint, &init)?;
    let resp: web_sys::Response = JsFuture::from(global_fetch(&request)).await?.unchecked_into();
    let error_type = resp.headers().get("x-amzn-errortype").ok().flatten();
    let text = JsFuture::from(resp.text()?).await?;
    Ok(RawResponse { status: resp.status(), error_type, body: text.as_string().unwrap_or_default() })
}

impl Platform for Browser {
    async fn send(&self, endpoint: &str, action: Action, body: String) -> Result<RawResponse, AuthError> {
        post(endpoint, action, body).await.map_err(network)
    }

    async fn sleep(&self, ms: u64) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            set_timeout(&resolve, ms.min(i32::MAX as u64) as i32);
        });
        let _ = JsFuture::from(promise).await;
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
