//! `confirmSignUp`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `confirmSignUp({ username, confirmationCode, options?: { clientMetadata,
    /// forceAliasCreation } })` → `{ isSignUpComplete, nextStep: { signUpStep } }` where
    /// `signUpStep` is `COMPLETE_AUTO_SIGN_IN` when `signUp` armed an auto sign-in for this
    /// user, else `DONE`.
    ///
    /// @throws AuthError `EmptyConfirmSignUpUsername`, `EmptyConfirmSignUpCode`; Cognito's
    /// `CodeMismatchException`, `ExpiredCodeException`, `AliasExistsException`, ….
    #[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<SignUpOutput>")]
    pub fn confirm_sign_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(c.begin_confirm_sign_up(model::confirm_sign_up_input(&v)?), |_, o| {
                super::write(&model::sign_up_output(&o))
            })
        })
    }
}

/// `confirmSignUp` on the default client.
#[wasm_bindgen(js_name = confirmSignUp, unchecked_return_type = "Promise<SignUpOutput>")]
pub fn confirm_sign_up(
    #[wasm_bindgen(unchecked_param_type = "ConfirmSignUpInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.confirm_sign_up(input))
}
