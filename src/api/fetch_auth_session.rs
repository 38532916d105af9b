//! `fetchAuthSession`.

use super::{with_default, AuthClient};
use crate::json::Json;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `fetchAuthSession({ forceRefresh? })` → `{ tokens: { accessToken, idToken }, userSub }`
    /// (tokens are `{ payload, toString() }`), or `{}` when nobody is signed in. Refreshes
    /// expired tokens first (clock drift included); concurrent calls share one refresh (the
    /// driver's, shared with every call that needs fresh tokens). Emits
    /// `tokenRefresh` / `tokenRefresh_failure`.
    ///
    /// @throws AuthError when the refresh fails; a revoked or expired refresh token
    /// (`NotAuthorizedException`) also signs the user out locally.
    #[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn fetch_auth_session(&self, input: Option<super::SessionOptions>) -> Promise {
        self.call(&super::opt(input), |c, v| {
            let force = v.get("forceRefresh").and_then(Json::as_bool).unwrap_or(false);
            super::js(c.begin_fetch_session(force), |_, s| super::session_output(s))
        })
    }
}

/// `fetchAuthSession` on the default client.
#[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
pub fn fetch_auth_session(input: Option<super::SessionOptions>) -> Promise {
    with_default(|c| c.fetch_auth_session(input))
}
