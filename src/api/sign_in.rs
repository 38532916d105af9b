//! `signIn`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signIn({ username, password?, options?: { authFlowType, preferredChallenge,
    /// clientMetadata } })` → `{ isSignedIn, nextStep: { signInStep, … } }`. `authFlowType`:
    /// `USER_SRP_AUTH` (default), `USER_PASSWORD_AUTH`, `CUSTOM_WITH_SRP`,
    /// `CUSTOM_WITHOUT_SRP`, `USER_AUTH`.
    ///
    /// @throws AuthError `UserAlreadyAuthenticatedException`, `EmptySignInUsername`,
    /// `EmptySignInPassword`, `InvalidAuthFlowType`; Cognito's `NotAuthorizedException`, ….
    #[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue,
    ) -> Promise {
        self.sign_in_call(&input, |c, v| {
            super::js(c.begin_sign_in(model::sign_in_input(&v)?), super::sign_in_shape)
        })
    }
}

/// `signIn` on the default client.
#[wasm_bindgen(js_name = signIn, unchecked_return_type = "Promise<SignInOutput>")]
pub fn sign_in(#[wasm_bindgen(unchecked_param_type = "SignInInput")] input: JsValue) -> Promise {
    with_default(|c| c.sign_in(input))
}
