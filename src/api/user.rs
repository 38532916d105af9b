//! `getCurrentUser`, `fetchUserAttributes`.

use super::{with_default, AuthClient};
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `getCurrentUser()` → `{ username, userId, signInDetails }` from the stored tokens (no
    /// request; resolves immediately).
    ///
    /// @throws AuthError `UserUnAuthenticatedException` when nobody is signed in.
    #[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
    pub fn get_current_user(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_current_user(), |_, u| super::write(&crate::model::current_user(&u)))
        })
    }

    /// `fetchUserAttributes()` → `{ email, email_verified, sub, … }` (GetUser).
    ///
    /// @throws AuthError `UserUnAuthenticatedException`; Cognito's errors.
    #[wasm_bindgen(js_name = fetchUserAttributes, unchecked_return_type = "Promise<AuthUserAttributes>")]
    pub fn fetch_user_attributes(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_user_attributes(), |_, a| {
                super::write(&crate::model::string_object(&a))
            })
        })
    }
}

/// `getCurrentUser` on the default client.
#[wasm_bindgen(js_name = getCurrentUser, unchecked_return_type = "Promise<AuthUser>")]
pub fn get_current_user() -> Promise {
    with_default(|c| c.get_current_user())
}

/// `fetchUserAttributes` on the default client.
#[wasm_bindgen(js_name = fetchUserAttributes, unchecked_return_type = "Promise<AuthUserAttributes>")]
pub fn fetch_user_attributes() -> Promise {
    with_default(|c| c.fetch_user_attributes())
}
