//! `signUp`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `signUp({ username, password?, options?: { userAttributes, validationData,
    /// clientMetadata, autoSignIn?: true | { authFlowType?, preferredChallenge?, clientMetadata? } } })`
    /// → `{ isSignUpComplete, userId, nextStep: { signUpStep, codeDeliveryDetails? } }`.
    ///
    /// @throws AuthError `EmptySignUpUsername`; `AutoSignInNeedsPassword` (before any request)
    /// when a sign-up without password asks for a password-based auto sign-in; Cognito's
    /// `UsernameExistsException`, `InvalidPasswordException`, `InvalidParameterException`, ….
    #[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpOutput>")]
    pub fn sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SignUpInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(c.begin_sign_up(model::sign_up_input(&v)?), |_, o| {
                super::write(&model::sign_up_output(&o))
            })
        })
    }
}

/// `signUp` on the default client.
#[wasm_bindgen(js_name = signUp, unchecked_return_type = "Promise<SignUpOutput>")]
pub fn sign_up(#[wasm_bindgen(unchecked_param_type = "SignUpInput")] input: JsValue) -> Promise {
    with_default(|c| c.sign_up(input))
}
