//! Remembered devices: `fetchDevices`, `rememberDevice`, `forgetDevice`; and `decodeJWT`.

use super::{with_default, AuthClient};
use crate::error::{AuthError, Validation};
use crate::model::account as m;
use js_sys::Promise;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    /// The devices' dates (seconds) as `Date`s.
    #[wasm_bindgen(js_name = withDates)]
    fn with_dates(devices: JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// `ForgetDeviceInput` (optional parameter).
    #[wasm_bindgen(typescript_type = "ForgetDeviceInput")]
    pub type ForgetDeviceOptions;
}

#[wasm_bindgen]
impl AuthClient {
    /// `fetchDevices()` → `[{ id, name?, attributes, createDate?, lastModifiedDate?,
    /// lastAuthenticatedDate? }]` (ListDevices; dates as `Date`s).
    #[wasm_bindgen(js_name = fetchDevices, unchecked_return_type = "Promise<AWSAuthDevice[]>")]
    pub fn fetch_devices(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| {
            super::js(c.begin_fetch_devices(), |_, list| {
                with_dates(super::write(&m::devices(&list)))
            })
        })
    }

    /// `rememberDevice()`: marks this browser's device remembered (UpdateDeviceStatus).
    ///
    /// @throws AuthError `DeviceMetadataNotFoundException` when this browser has no device.
    #[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<void>")]
    pub fn remember_device(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| super::js(c.begin_remember_device(), super::done))
    }

    /// `forgetDevice({ device? })`: forgets the given device, or this browser's (whose keys
    /// then go from storage).
    ///
    /// @throws AuthError `DeviceMetadataNotFoundException` without `device` when this browser
    /// has no device.
    #[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<void>")]
    pub fn forget_device(&self, input: Option<ForgetDeviceOptions>) -> Promise {
        self.call(&super::opt(input), |c, v| {
            let id = m::forget_device_input(&v)?;
            super::js(c.begin_forget_device(id.as_deref()), super::done)
        })
    }
}

/// `fetchDevices` on the default client.
#[wasm_bindgen(js_name = fetchDevices, unchecked_return_type = "Promise<AWSAuthDevice[]>")]
pub fn fetch_devices() -> Promise {
    with_default(|c| c.fetch_devices())
}

/// `rememberDevice` on the default client.
#[wasm_bindgen(js_name = rememberDevice, unchecked_return_type = "Promise<void>")]
pub fn remember_device() -> Promise {
    with_default(|c| c.remember_device())
}

/// `forgetDevice` on the default client.
#[wasm_bindgen(js_name = forgetDevice, unchecked_return_type = "Promise<void>")]
pub fn forget_device(input: Option<ForgetDeviceOptions>) -> Promise {
    with_default(|c| c.forget_device(input))
}

/// `decodeJWT(token)` → `{ payload, toString() }` (decodes; does not verify).
///
/// @throws AuthError `InvalidTokenException` when `token` is not a JWT with a JSON payload.
#[wasm_bindgen(js_name = decodeJWT, unchecked_return_type = "JWT")]
pub fn decode_jwt(token: &str) -> Result<JsValue, JsValue> {
    let claims = crate::jwt::claims(token)
        .filter(|c| matches!(c, crate::json::Json::Obj(_)) && token.split('.').count() == 3)
        .ok_or_else(|| super::js_error(&AuthError::from(Validation::InvalidToken)))?;
    Ok(super::jwt(token, &claims.to_json()))
}
