//! `resetPassword`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `resetPassword({ username, options?: { clientMetadata } })` →
    /// `{ isPasswordReset: false, nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails } }`.
    ///
    /// @throws AuthError `EmptyResetPasswordUsername`; Cognito's `LimitExceededException`, ….
    #[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<ResetPasswordOutput>")]
    pub fn reset_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResetPasswordInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (username, metadata) = model::username_input(&v)?;
            super::js(c.begin_reset_password(&username, &metadata), |_, d| {
                super::write(&model::reset_password_output(&d))
            })
        })
    }
}

/// `resetPassword` on the default client.
#[wasm_bindgen(js_name = resetPassword, unchecked_return_type = "Promise<ResetPasswordOutput>")]
pub fn reset_password(
    #[wasm_bindgen(unchecked_param_type = "ResetPasswordInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.reset_password(input))
}
