//! MFA management for a signed-in user: `setUpTOTP`, `verifyTOTPSetup`,
//! `updateMFAPreference`, `fetchMFAPreference`.

use super::{with_default, AuthClient};
use crate::error::AuthError;
use crate::flow::account::MfaPreference;
use crate::json::Json;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

fn preference(v: &Json, key: &str) -> Result<Option<MfaPreference>, AuthError> {
    v.str(key).map(MfaPreference::parse).transpose()
}

#[wasm_bindgen]
impl AuthClient {
    /// `setUpTOTP()` → `{ sharedSecret, getSetupUri(appName, accountName?) }`.
    #[wasm_bindgen(js_name = setUpTOTP, unchecked_return_type = "Promise<TOTPSetupDetails>")]
    pub fn set_up_totp(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_set_up_totp(), |c, secret| {
                let account = c.current_user().map(|u| u.username).unwrap_or_default();
                super::totp_setup_details(secret, account)
            })
        })
    }

    /// `verifyTOTPSetup({ code, options?: { friendlyDeviceName } })`.
    ///
    /// @throws AuthError `EmptyVerifyTOTPSetupCode`; Cognito's `EnableSoftwareTokenMFAException`, ….
    #[wasm_bindgen(js_name = verifyTOTPSetup, unchecked_return_type = "Promise<void>")]
    pub fn verify_totp_setup(
        &self,
        #[wasm_bindgen(unchecked_param_type = "VerifyTOTPSetupInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            let name = v.get("options").and_then(|o| o.str("friendlyDeviceName"));
            super::js(
                c.begin_verify_totp_setup(v.str("code").unwrap_or_default(), name),
                super::done,
            )
        })
    }

    /// `updateMFAPreference({ sms?, totp?, email? })` with `'ENABLED' | 'DISABLED' | 'PREFERRED' | 'NOT_PREFERRED'`.
    #[wasm_bindgen(js_name = updateMFAPreference, unchecked_return_type = "Promise<void>")]
    pub fn update_mfa_preference(
        &self,
        #[wasm_bindgen(unchecked_param_type = "UpdateMFAPreferenceInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(
                c.begin_update_mfa_preference(
                    preference(&v, "sms")?,
                    preference(&v, "totp")?,
                    preference(&v, "email")?,
                ),
                super::done,
            )
        })
    }

    /// `fetchMFAPreference()` → `{ enabled?: ('SMS'|'TOTP'|'EMAIL')[], preferred? }`.
    #[wasm_bindgen(js_name = fetchMFAPreference, unchecked_return_type = "Promise<FetchMFAPreferenceOutput>")]
    pub fn fetch_mfa_preference(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_fetch_mfa_preference(), |_, (enabled, preferred)| {
                super::write(&crate::model::mfa_preference(&enabled, preferred))
            })
        })
    }
}

/// `setUpTOTP` on the default client.
#[wasm_bindgen(js_name = setUpTOTP, unchecked_return_type = "Promise<TOTPSetupDetails>")]
pub fn set_up_totp() -> Promise {
    with_default(|c| c.set_up_totp())
}

/// `verifyTOTPSetup` on the default client.
#[wasm_bindgen(js_name = verifyTOTPSetup, unchecked_return_type = "Promise<void>")]
pub fn verify_totp_setup(
    #[wasm_bindgen(unchecked_param_type = "VerifyTOTPSetupInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.verify_totp_setup(input))
}

/// `updateMFAPreference` on the default client.
#[wasm_bindgen(js_name = updateMFAPreference, unchecked_return_type = "Promise<void>")]
pub fn update_mfa_preference(
    #[wasm_bindgen(unchecked_param_type = "UpdateMFAPreferenceInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.update_mfa_preference(input))
}

/// `fetchMFAPreference` on the default client.
#[wasm_bindgen(js_name = fetchMFAPreference, unchecked_return_type = "Promise<FetchMFAPreferenceOutput>")]
pub fn fetch_mfa_preference() -> Promise {
    with_default(|c| c.fetch_mfa_preference())
}
