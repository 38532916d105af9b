//! `confirmResetPassword`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `confirmResetPassword({ username, confirmationCode, newPassword, options?: { clientMetadata } })`
    /// → `undefined`.
    ///
    /// @throws AuthError `EmptyConfirmResetPasswordUsername`,
    /// `EmptyConfirmResetPasswordConfirmationCode`, `EmptyConfirmResetPasswordNewPassword`;
    /// Cognito's `CodeMismatchException`, `ExpiredCodeException`, `InvalidPasswordException`, ….
    #[wasm_bindgen(js_name = confirmResetPassword, unchecked_return_type = "Promise<void>")]
    pub fn confirm_reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmResetPasswordInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(c.begin_confirm_reset_password(model::confirm_reset_input(&v)?), super::done)
        })
    }
}

/// `confirmResetPassword` on the default client.
#[wasm_bindgen(js_name = confirmResetPassword, unchecked_return_type = "Promise<void>")]
pub fn confirm_reset_password(
    #[wasm_bindgen(unchecked_param_type = "ConfirmResetPasswordInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.confirm_reset_password(input))
}
