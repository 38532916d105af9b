//! `signInWithRedirect`.

use super::{navigate_when, page_url, with_default, AuthClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signInWithRedirect({ provider?, customState?, options? })`: keeps a random state and
    /// a PKCE verifier under Amplify's keys, then sends the browser to the hosted UI's
    /// authorize endpoint. The sign-in completes when the hosted UI sends the browser back and
    /// a client is created on that page (`signInWithRedirect` and `signedIn` events).
    ///
    /// @throws AuthError `OAuthNotConfigureException` without `loginWith.oauth`,
    /// `UserAlreadyAuthenticatedException` when signed in, `InvalidOriginException` when no
    /// `redirectSignIn` URL is of the page's origin.
    #[wasm_bindgen(js_name = signInWithRedirect, unchecked_return_type = "Promise<void>")]
    pub fn sign_in_with_redirect(&self, input: Option<super::RedirectOptions>) -> Promise {
        let url = self.call(&super::opt(input), |c, v| {
            super::js(c.begin_sign_in_with_redirect(&v, &page_url()), |_, url| url.into())
        });
        navigate_when(&url)
    }
}

/// `signInWithRedirect` on the default client.
#[wasm_bindgen(js_name = signInWithRedirect, unchecked_return_type = "Promise<void>")]
pub fn sign_in_with_redirect(input: Option<super::RedirectOptions>) -> Promise {
    with_default(|c| c.sign_in_with_redirect(input))
}
