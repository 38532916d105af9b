//! `signOut`.

use super::{read, with_default, AuthClient};
use crate::json::Json;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signOut({ global? })`: revokes the refresh token (or, with `global: true`, signs out
    /// every device with GlobalSignOut), then forgets the tokens and any pending sign-in, also
    /// when offline. Emits `signedOut`.
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self, input: Option<super::SignOutOptions>) -> Promise {
        self.run(move |c| async move {
            let global = read(&super::opt(input))?.get("global").and_then(Json::as_bool).unwrap_or(false);
            c.client.sign_out(global).await?;
            c.hub.emit("signedOut", None);
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// `signOut` on the default client.
#[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
pub fn sign_out(input: Option<super::SignOutOptions>) -> Promise {
    with_default(|c| c.sign_out(input))
}
