//! `autoSignIn`.

use super::{with_default, AuthClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `autoSignIn()` → `{ isSignedIn, nextStep }` after `confirmSignUp` returned
    /// `COMPLETE_AUTO_SIGN_IN`. USER_AUTH uses the confirmation's session (no password);
    /// password flows use the sign-up password, which is held in memory only. The armed state
    /// survives a reload for the session's validity. Emits `autoSignIn` (and `signedIn`) or
    /// `autoSignIn_failure`.
    ///
    /// @throws AuthError `AutoSignInException` (nothing armed), `AutoSignInNotConfirmedException`,
    /// `AutoSignInExpiredException`, `AutoSignInPasswordLostException` (password flow after a
    /// reload), `UserAlreadyAuthenticatedException`; Cognito's errors.
    #[wasm_bindgen(js_name = autoSignIn, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn auto_sign_in(&self) -> Promise {
        self.sign_in_call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_auto_sign_in(), super::sign_in_shape)
        })
    }
}

/// `autoSignIn` on the default client.
#[wasm_bindgen(js_name = autoSignIn, unchecked_return_type = "Promise<SignInOutput>")]
pub fn auto_sign_in() -> Promise {
    with_default(|c| c.auto_sign_in())
}
