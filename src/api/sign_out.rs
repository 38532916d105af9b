//! `signOut`.

use super::{navigate_when, page_url, with_default, AuthClient};
use crate::json::Json;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signOut({ global?, oauth? })`: forgets the tokens and any pending sign-in first
    /// (`signedOut` is emitted then), then revokes the refresh token (or, with `global: true`,
    /// signs out every device with GlobalSignOut); a revocation that fails or stalls leaves
    /// nothing behind. A session from the hosted UI then ends there too: the browser goes to
    /// its logout endpoint, which sends it back to `oauth.redirectUrl` or the
    /// `redirectSignOut` URL of the page's origin (`oauth: { skipRedirect: true }`: not).
    #[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
    pub fn sign_out(&self, input: Option<super::SignOutOptions>) -> Promise {
        let logout = self.call(&super::opt(input), |c, v| {
            let global = v.get("global").and_then(Json::as_bool).unwrap_or(false);
            let oauth = v.get("oauth").cloned().unwrap_or(Json::Null);
            let page = page_url();
            super::js(Ok(c.begin_sign_out_from(global, Some((&page, &oauth)))), |_, url| {
                url.map_or(JsValue::UNDEFINED, Into::into)
            })
        });
        navigate_when(&logout)
    }
}

/// `signOut` on the default client.
#[wasm_bindgen(js_name = signOut, unchecked_return_type = "Promise<void>")]
pub fn sign_out(input: Option<super::SignOutOptions>) -> Promise {
    with_default(|c| c.sign_out(input))
}
