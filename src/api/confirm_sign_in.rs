//! `confirmSignIn`.

use super::{with_default, AuthClient};
use crate::model;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `confirmSignIn({ challengeResponse, options?: { userAttributes, clientMetadata,
    /// friendlyDeviceName } })` → `{ isSignedIn, nextStep }`. The answer depends on the step:
    /// a code, `SMS`/`TOTP`/`EMAIL`, an email address, a first factor name, a password or a
    /// custom answer.
    ///
    /// @throws AuthError `UserAlreadyAuthenticatedException` while a user is signed in,
    /// `SignInException` (nothing pending), `SignInSessionExpiredException`,
    /// `EmptyChallengeResponse`, `InvalidCodeFormat`, `IncorrectMFAMethod`,
    /// `IncorrectFirstFactor`; Cognito's `CodeMismatchException` (the step stays answerable), ….
    #[wasm_bindgen(js_name = confirmSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn confirm_sign_in(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmSignInInput")] input: JsValue,
    ) -> Promise {
        self.sign_in_call(&input, |c, v| {
            super::js(
                c.begin_confirm_sign_in(model::confirm_sign_in_input(&v)?),
                super::sign_in_shape,
            )
        })
    }
}

/// `confirmSignIn` on the default client.
#[wasm_bindgen(js_name = confirmSignIn, unchecked_return_type = "Promise<SignInOutput>")]
pub fn confirm_sign_in(
    #[wasm_bindgen(unchecked_param_type = "ConfirmSignInInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.confirm_sign_in(input))
}
