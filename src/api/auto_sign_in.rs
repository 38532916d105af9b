//! `autoSignIn`.

use super::{js_error, with_default, write, AuthClient};
use crate::driver::SignInOutcome;
use crate::model;
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
        self.run(move |c| async move {
            match c.client.auto_sign_in().await {
                Ok(o) => {
                    let out = c.after_sign_in(&o);
                    if o == SignInOutcome::Done {
                        let user = c.client.current_user().map(|u| write(&model::current_user(&u))).ok();
                        c.hub.emit("autoSignIn", user.as_ref());
                    }
                    Ok(out)
                }
                Err(e) => {
                    c.hub.emit("autoSignIn_failure", Some(&js_error(&e)));
                    Err(e)
                }
            }
        })
    }
}

/// `autoSignIn` on the default client.
#[wasm_bindgen(js_name = autoSignIn, unchecked_return_type = "Promise<SignInOutput>")]
pub fn auto_sign_in() -> Promise {
    with_default(|c| c.auto_sign_in())
}
