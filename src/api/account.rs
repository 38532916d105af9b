//! Account settings of the signed-in user: `updatePassword`, `updateUserAttributes`,
//! `updateUserAttribute`, `confirmUserAttribute`, `sendUserAttributeVerificationCode`,
//! `deleteUserAttributes`, `deleteUser`.

use super::{with_default, AuthClient};
use crate::model::account as m;
use crate::model::code_delivery;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `updatePassword({ oldPassword, newPassword })` (ChangePassword).
    ///
    /// @throws AuthError `EmptyUpdatePassword`; Cognito's `NotAuthorizedException` (wrong old
    /// password), `InvalidPasswordException`, `LimitExceededException`, ….
    #[wasm_bindgen(js_name = updatePassword, unchecked_return_type = "Promise<void>")]
    pub fn update_password(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdatePasswordInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (old, new) = m::update_password_input(&v)?;
            super::js(c.begin_update_password(&old, &new), super::done)
        })
    }

    /// `updateUserAttributes({ userAttributes, options? })` → per attribute
    /// `{ isUpdated, nextStep: { updateAttributeStep, codeDeliveryDetails? } }`.
    #[wasm_bindgen(js_name = updateUserAttributes, unchecked_return_type = "Promise<UpdateUserAttributesOutput>")]
    pub fn update_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributesInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (attributes, metadata) = m::update_attributes_input(&v)?;
            super::js(c.begin_update_user_attributes(attributes, &metadata), |_, u| {
                super::write(&m::attribute_updates(&u))
            })
        })
    }

    /// `updateUserAttribute({ userAttribute: { attributeKey, value }, options? })` → that
    /// attribute's `{ isUpdated, nextStep }`.
    #[wasm_bindgen(js_name = updateUserAttribute, unchecked_return_type = "Promise<UpdateUserAttributeOutput>")]
    pub fn update_user_attribute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributeInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (attributes, metadata) = m::update_attribute_input(&v)?;
            super::js(c.begin_update_user_attributes(attributes, &metadata), |_, u| {
                u.first().map_or(JsValue::UNDEFINED, |u| super::write(&m::attribute_update(u)))
            })
        })
    }

    /// `confirmUserAttribute({ userAttributeKey, confirmationCode })` (VerifyUserAttribute).
    ///
    /// @throws AuthError `EmptyConfirmUserAttributeCode`; Cognito's `CodeMismatchException`,
    /// `ExpiredCodeException`, ….
    #[wasm_bindgen(js_name = confirmUserAttribute, unchecked_return_type = "Promise<void>")]
    pub fn confirm_user_attribute(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ConfirmUserAttributeInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (key, code, _) = m::attribute_key_input(&v)?;
            super::js(c.begin_confirm_user_attribute(&key, &code), super::done)
        })
    }

    /// `sendUserAttributeVerificationCode({ userAttributeKey, options? })` →
    /// `codeDeliveryDetails`.
    #[wasm_bindgen(js_name = sendUserAttributeVerificationCode, unchecked_return_type = "Promise<CodeDeliveryDetails>")]
    pub fn send_user_attribute_verification_code(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SendUserAttributeVerificationCodeInput")]
        input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let (key, _, metadata) = m::attribute_key_input(&v)?;
            super::js(c.begin_send_user_attribute_code(&key, &metadata), |_, d| {
                super::write(&code_delivery(&d))
            })
        })
    }

    /// `deleteUserAttributes({ userAttributeKeys })`.
    #[wasm_bindgen(js_name = deleteUserAttributes, unchecked_return_type = "Promise<void>")]
    pub fn delete_user_attributes(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeleteUserAttributesInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(c.begin_delete_user_attributes(&m::attribute_keys_input(&v)?), super::done)
        })
    }

    /// `deleteUser()`: deletes the signed-in user, then clears everything local (tokens, the
    /// remembered device, any pending sign-in) and emits `signedOut`.
    #[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Promise<void>")]
    pub fn delete_user(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| super::js(c.begin_delete_user(), super::done))
    }
}

/// `updatePassword` on the default client.
#[wasm_bindgen(js_name = updatePassword, unchecked_return_type = "Promise<void>")]
pub fn update_password(
    #[wasm_bindgen(unchecked_param_type = "UpdatePasswordInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.update_password(input))
}

/// `updateUserAttributes` on the default client.
#[wasm_bindgen(js_name = updateUserAttributes, unchecked_return_type = "Promise<UpdateUserAttributesOutput>")]
pub fn update_user_attributes(
    #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributesInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.update_user_attributes(input))
}

/// `updateUserAttribute` on the default client.
#[wasm_bindgen(js_name = updateUserAttribute, unchecked_return_type = "Promise<UpdateUserAttributeOutput>")]
pub fn update_user_attribute(
    #[wasm_bindgen(unchecked_param_type = "UpdateUserAttributeInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.update_user_attribute(input))
}

/// `confirmUserAttribute` on the default client.
#[wasm_bindgen(js_name = confirmUserAttribute, unchecked_return_type = "Promise<void>")]
pub fn confirm_user_attribute(
    #[wasm_bindgen(unchecked_param_type = "ConfirmUserAttributeInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.confirm_user_attribute(input))
}

/// `sendUserAttributeVerificationCode` on the default client.
#[wasm_bindgen(js_name = sendUserAttributeVerificationCode, unchecked_return_type = "Promise<CodeDeliveryDetails>")]
pub fn send_user_attribute_verification_code(
    #[wasm_bindgen(unchecked_param_type = "SendUserAttributeVerificationCodeInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.send_user_attribute_verification_code(input))
}

/// `deleteUserAttributes` on the default client.
#[wasm_bindgen(js_name = deleteUserAttributes, unchecked_return_type = "Promise<void>")]
pub fn delete_user_attributes(
    #[wasm_bindgen(unchecked_param_type = "DeleteUserAttributesInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.delete_user_attributes(input))
}

/// `deleteUser` on the default client.
#[wasm_bindgen(js_name = deleteUser, unchecked_return_type = "Promise<void>")]
pub fn delete_user() -> Promise {
    with_default(|c| c.delete_user())
}
