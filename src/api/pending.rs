//! The pending sign-in beyond Amplify: read it after a reload, export it, resume it elsewhere.

use super::{js_error, sign_in_output, AuthClient};
use crate::driver::SignInOutcome;
use alloc::string::String;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// The pending sign-in's `{ isSignedIn: false, nextStep }`, e.g. after a reload, or
    /// `undefined` when none is pending.
    #[wasm_bindgen(js_name = getPendingSignIn, unchecked_return_type = "SignInOutput | undefined")]
    pub fn get_pending_sign_in(&self) -> JsValue {
        self.inner
            .client
            .pending_sign_in()
            .map_or(JsValue::UNDEFINED, |p| sign_in_output(&SignInOutcome::Ask(p)))
    }

    /// The pending sign-in as an opaque string for `resumeSignIn` on another page, or
    /// `undefined`. It holds Cognito's challenge session: keep it as secret as a password. It
    /// names its user pool and app client; only a client of the same ones resumes it.
    #[wasm_bindgen(js_name = exportSignIn)]
    pub fn export_sign_in(&self) -> Option<String> {
        self.inner.client.export_sign_in()
    }

    /// Resumes an exported sign-in; returns its `{ isSignedIn: false, nextStep }`, then answer
    /// it with `confirmSignIn`.
    ///
    /// @throws AuthError `UserAlreadyAuthenticatedException` while a user is signed in;
    /// `InvalidPendingSignIn` (not an exported sign-in, or another pool's or client's);
    /// `SignInSessionExpiredException`.
    #[wasm_bindgen(js_name = resumeSignIn, unchecked_return_type = "SignInOutput")]
    pub fn resume_sign_in(&self, exported: &str) -> Result<JsValue, JsValue> {
        let p = self.inner.client.resume_sign_in(exported).map_err(|e| js_error(&e))?;
        Ok(sign_in_output(&SignInOutcome::Ask(p)))
    }
}
