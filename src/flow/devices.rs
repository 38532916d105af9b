//! Remembered devices (pure): the device secret `ConfirmDevice` registers after a sign-in that
//! returned `NewDeviceMetadata`, and the requests of `fetchDevices`, `rememberDevice` and
//! `forgetDevice`. The device's SRP answer during sign-in is in `sign_in/expect.rs`.

use super::session::{attribute_pairs, with_access_token, TokenRequest};
use super::Env;
use crate::json::{Json, Obj};
use crate::protocol::{Action, NewDevice, Request};
use crate::secret::Secret;
use crate::srp;
use alloc::string::String;
use alloc::vec::Vec;

/// A device this browser can sign in with: Amplify's `deviceKey`, `deviceGroupKey` and
/// `randomPasswordKey` (the device's secret).
#[derive(Clone, PartialEq, Eq)]
pub struct Device {
    /// `DeviceKey`.
    pub key: String,
    /// `DeviceGroupKey`.
    pub group_key: String,
    /// The random password whose verifier `ConfirmDevice` registered.
    pub password: Secret,
}

impl core::fmt::Debug for Device {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Device").field("key", &self.key).finish_non_exhaustive()
    }
}

/// Amplify's page size for `fetchDevices` (ListDevices' maximum).
pub const MAX_DEVICES: u64 = 60;

/// `ConfirmDevice` for a device Cognito just began tracking: a fresh random password (40
/// random bytes, base64, as Amplify makes it), its salt and verifier, and the device name.
/// Returns the request and the device to store once Cognito confirmed it.
pub fn confirm(
    access_token: &Secret,
    new: NewDevice,
    device_name: &str,
    env: &mut Env,
) -> (Request, Device) {
    let mut bytes = [0u8; 40];
    (env.random)(&mut bytes);
    let password = Secret::new(crate::base64::encode(&bytes));
    let mut salt = [0u8; 16];
    (env.random)(&mut salt);
    let v = srp::device_verifier(&new.group_key, &new.key, password.expose(), &salt);
    let config = Obj::new()
        .set("PasswordVerifier", crate::base64::encode(&v.verifier))
        .set("Salt", crate::base64::encode(&v.salt));
    let rest = Obj::new()
        .set("DeviceKey", new.key.as_str())
        .set("DeviceName", device_name)
        .set("DeviceSecretVerifierConfig", config);
    let req = with_access_token(Action::ConfirmDevice, access_token, rest, false);
    (req, Device { key: new.key, group_key: new.group_key, password })
}

/// `ListDevices` for `fetchDevices` (one page of [`MAX_DEVICES`], as Amplify asks).
pub fn list() -> TokenRequest {
    let rest = Obj::new().set("Limit", Json::Num(crate::json::u64_to_string(MAX_DEVICES)));
    TokenRequest::new(Action::ListDevices, rest, true)
}

/// One device of `fetchDevices` (Amplify's `AWSAuthDevice`; dates as Cognito's numbers of
/// seconds since the epoch, in their JSON text, which the binding turns into `Date`s).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceInfo {
    /// `DeviceKey`.
    pub id: String,
    /// The `device_name` attribute.
    pub name: Option<String>,
    /// Every attribute with a value.
    pub attributes: Vec<(String, String)>,
    /// `DeviceCreateDate`.
    pub create_date: Option<String>,
    /// `DeviceLastModifiedDate`.
    pub last_modified_date: Option<String>,
    /// `DeviceLastAuthenticatedDate`.
    pub last_authenticated_date: Option<String>,
}

/// The devices of a `ListDevices` answer.
pub fn read_list(v: &Json) -> Vec<DeviceInfo> {
    let items = v.get("Devices").and_then(Json::as_array).map_or(&[][..], |a| a);
    items
        .iter()
        .map(|d| {
            let attributes: Vec<(String, String)> = attribute_pairs(d.get("DeviceAttributes"))
                .into_iter()
                .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                .collect();
            let name = attributes.iter().find(|(k, _)| k == "device_name").map(|(_, v)| v.clone());
            let date = |k| match d.get(k) {
                Some(Json::Num(n)) => Some(n.clone()),
                _ => None,
            };
            DeviceInfo {
                id: d.str("DeviceKey").unwrap_or_default().into(),
                name,
                attributes,
                create_date: date("DeviceCreateDate"),
                last_modified_date: date("DeviceLastModifiedDate"),
                last_authenticated_date: date("DeviceLastAuthenticatedDate"),
            }
        })
        .collect()
}

/// `UpdateDeviceStatus` to `remembered` (`rememberDevice`).
pub fn remember(device_key: &str) -> TokenRequest {
    let rest = Obj::new().set("DeviceKey", device_key).set("DeviceRememberedStatus", "remembered");
    TokenRequest::new(Action::UpdateDeviceStatus, rest, true)
}

/// `ForgetDevice` (`forgetDevice`).
pub fn forget(device_key: &str) -> TokenRequest {
    let rest = Obj::new().set("DeviceKey", device_key);
    TokenRequest::new(Action::ForgetDevice, rest, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirm_registers_a_verifier_of_a_fresh_secret() {
        let mut n = 0u8;
        let mut random = |b: &mut [u8]| {
            for x in b.iter_mut() {
                n = n.wrapping_add(1);
                *x = n;
            }
        };
        let mut env = Env {
            now_ms: 0,
            random: &mut random,
            ephemeral: None,
            devices: &super::super::no_devices,
        };
        let new = NewDevice { key: "us-east-1_dev".into(), group_key: "-grp".into() };
        let (req, device) = confirm(&Secret::new("at"), new, "Firefox", &mut env);
        assert_eq!(req.action, Action::ConfirmDevice);
        assert_eq!(device.key, "us-east-1_dev");
        assert_eq!(crate::base64::decode(device.password.expose()).map(|b| b.len()), Some(40));
        let body = &req.body;
        assert_eq!(body.str("DeviceKey"), Some("us-east-1_dev"));
        assert_eq!(body.str("DeviceName"), Some("Firefox"));
        assert_eq!(body.str("AccessToken"), Some("at"));
        let config = body.get("DeviceSecretVerifierConfig").unwrap();
        let salt: [u8; 16] = core::array::from_fn(|i| 41 + i as u8);
        let v = srp::device_verifier("-grp", "us-east-1_dev", device.password.expose(), &salt);
        assert_eq!(config.str("Salt"), Some(crate::base64::encode(&v.salt).as_str()));
        assert_eq!(
            config.str("PasswordVerifier"),
            Some(crate::base64::encode(&v.verifier).as_str())
        );
        assert!(!format!("{device:?}").contains(device.password.expose()));
    }

    #[test]
    fn reads_devices_as_amplify_does() {
        let v = Json::parse(
            r#"{"Devices":[{"DeviceKey":"k1","DeviceAttributes":[{"Name":"device_name","Value":"Chrome"},{"Name":"device_status","Value":"valid"},{"Name":"empty","Value":""}],"DeviceCreateDate":1700000000,"DeviceLastModifiedDate":1700000100.5},{"DeviceAttributes":[]}]}"#,
        )
        .unwrap();
        let list = read_list(&v);
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].id, "k1");
        assert_eq!(list[0].name.as_deref(), Some("Chrome"));
        assert_eq!(list[0].attributes.len(), 2);
        assert_eq!(list[0].create_date.as_deref(), Some("1700000000"));
        assert_eq!(list[0].last_modified_date.as_deref(), Some("1700000100.5"));
        assert_eq!(list[0].last_authenticated_date, None);
        assert_eq!((list[1].id.as_str(), list[1].name.as_ref()), ("", None));
        assert!(read_list(&Json::parse("{}").unwrap()).is_empty());
        let r = list_request_body();
        assert_eq!(r, r#"{"Limit":60,"AccessToken":"at"}"#);
    }

    fn list_request_body() -> String {
        list().with(&Secret::new("at")).body.to_json()
    }

    #[test]
    fn remember_and_forget() {
        let r = remember("k").with(&Secret::new("at"));
        assert_eq!(
            r.body.to_json(),
            r#"{"DeviceKey":"k","DeviceRememberedStatus":"remembered","AccessToken":"at"}"#
        );
        assert_eq!(forget("k").with(&Secret::new("at")).action, Action::ForgetDevice);
    }
}
