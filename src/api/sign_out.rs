//! `signOut`.

use super::{with_default, AuthClient};
use crate::json::Json;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signOut({ global? })`: forgets the tokens and any pending sign-in first (`signedOut`
    /// is emitted then), then revokes the refresh token (or, with `global: true`, signs out
    /// every device with GlobalSignOut); a revocation that fails or stalls leaves nothing
    /// behind.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self, input: Option<super::SignOutOptions>) -> Promise {
        self.call(&super::opt(input), |c, v| {
            super::js(
                Ok(c.begin_sign_out(v.get("global").and_then(Json::as_bool).unwrap_or(false))),
                super::done,
            )
        })
    }
}

/// `signOut` on the default client.
#[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
pub fn sign_out(input: Option<super::SignOutOptions>) -> Promise {
    with_default(|c| c.sign_out(input))
}
