//! `resendSignUpCode`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `resendSignUpCode({ username, options?: { clientMetadata } })` →
    /// `{ destination, deliveryMedium, attributeName }`.
    ///
    /// @throws AuthError `EmptyResendSignUpCodeUsername`; Cognito's `LimitExceededException`, ….
    #[wasm_bindgen(js_name = resendSignUpCode, unchecked_return_type = "Promise<CodeDeliveryDetails>")]
    pub fn resend_sign_up_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResendSignUpCodeInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (username, metadata) = model::username_input(&v)?;
            super::js(c.begin_resend_sign_up_code(&username, &metadata), |_, d| {
                super::write(&model::code_delivery(&d))
            })
        })
    }
}

/// `resendSignUpCode` on the default client.
#[wasm_bindgen(js_name = resendSignUpCode, unchecked_return_type = "Promise<CodeDeliveryDetails>")]
pub fn resend_sign_up_code(
    #[wasm_bindgen(unchecked_param_type = "ResendSignUpCodeInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.resend_sign_up_code(input))
}
