//! The browser [`Platform`]: `fetch` through gloo-net, `setTimeout`, `Date.now`, and
//! `crypto.getRandomValues` (via getrandom).

use super::Platform;
use crate::error::AuthError;
use crate::protocol::{Action, RawResponse};
use alloc::string::String;
use gloo_net::http::Request;
use wasm_bindgen::JsCast;

/// The browser platform.
#[derive(Debug, Default, Clone, Copy)]
pub struct Browser;

const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

fn network(e: gloo_net::Error) -> AuthError {
    AuthError::Network(match e {
        gloo_net::Error::JsError(e) => e.message,
        _ => String::from("The request to Cognito failed"),
    })
}

impl Platform for Browser {
    async fn send(&self, endpoint: &str, action: Action, body: String) -> Result<RawResponse, AuthError> {
        let mut target = String::from(TARGET_PREFIX);
        target.push_str(action.name());
        let resp = Request::post(endpoint)
            .header("Content-Type", "application/x-amz-json-1.1")
            .header("X-Amz-Target", &target)
            .header("X-Amz-User-Agent", concat!("cognito-wasm/", env!("CARGO_PKG_VERSION")))
            .cache(web_sys::RequestCache::NoStore)
            .body(body)
            .map_err(network)?
            .send()
            .await
            .map_err(network)?;
        let status = resp.status();
        let error_type = resp.headers().get("x-amzn-errortype");
        let body = resp.text().await.map_err(network)?;
        Ok(RawResponse { status, error_type, body })
    }

    async fn sleep(&self, ms: u64) {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
            // `setTimeout` exists on both Window and worker scopes.
            let _ = global.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms.min(i32::MAX as u64) as i32);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }

    fn now_ms(&self) -> u64 {
        js_sys::Date::now() as u64
    }
}
