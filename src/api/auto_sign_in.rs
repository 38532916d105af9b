//! `autoSignIn`.

use super::{sign_in_output, with_default, AuthClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `autoSignIn()` → `{ isSignedIn, nextStep }` after `confirmSignUp` returned
    /// `COMPLETE_AUTO_SIGN_IN`. USER_AUTH uses the confirmation's session (no password);
    /// password flows use the sign-up password, which is held in memory only. The armed state
    /// survives a reload for the session's validity.
    ///
    /// @throws AuthError `AutoSignInException` (nothing armed), `AutoSignInNotConfirmedException`,
    /// `AutoSignInExpiredException`, `AutoSignInPasswordLostException` (password flow after a
    /// reload), `UserAlreadyAuthenticatedException`; Cognito's errors.
    #[wasm_bindgen(js_name = autoSignIn)]
    pub fn auto_sign_in(&self) -> Promise {
        self.run(move |c| async move { Ok(sign_in_output(&c.auto_sign_in().await?)) })
    }
}

/// `autoSignIn` on the default client.
#[wasm_bindgen(js_name = autoSignIn)]
pub fn auto_sign_in() -> Promise {
    with_default(|c| c.auto_sign_in())
}
