//! `signOut`.

use super::{with_default, AuthClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signOut()`: forgets the stored tokens and any pending sign-in.
    #[wasm_bindgen(js_name = signOut)]
    pub fn sign_out(&self) -> Promise {
        self.run(move |c| async move {
            c.sign_out().await?;
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// `signOut` on the default client.
#[wasm_bindgen(js_name = signOut)]
pub fn sign_out() -> Promise {
    with_default(|c| c.sign_out())
}
