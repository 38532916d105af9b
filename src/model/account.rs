//! Inputs and outputs of the account calls (`updatePassword`, the attribute calls,
//! `forgetDevice`, `fetchDevices`) in Amplify's shapes.

use super::{code_delivery, object, opt_str, options, string_map};
use crate::error::{AuthError, Validation};
use crate::flow::account::AttributeUpdate;
use crate::flow::devices::DeviceInfo;
use crate::flow::steps::UpdateAttributeStep;
use crate::json::{Json, Obj};
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

/// Attribute pairs and `options.clientMetadata`.
pub type AttributesInput = (Vec<(String, String)>, Vec<(String, String)>);

/// `updatePassword` input: `{ oldPassword, newPassword }`.
pub fn update_password_input(v: &Json) -> Result<(Secret, Secret), AuthError> {
    let v = object(v)?;
    let get = |k| opt_str(v, k).map(|s| Secret::new(s.unwrap_or_default()));
    Ok((get("oldPassword")?, get("newPassword")?))
}

/// `updateUserAttributes` input: `{ userAttributes, options?: { clientMetadata } }`.
pub fn update_attributes_input(v: &Json) -> Result<AttributesInput, AuthError> {
    let v = object(v)?;
    Ok((string_map(Some(v), "userAttributes")?, string_map(options(v), "clientMetadata")?))
}

/// `updateUserAttribute` input: `{ userAttribute: { attributeKey, value }, options? }`.
pub fn update_attribute_input(v: &Json) -> Result<AttributesInput, AuthError> {
    let v = object(v)?;
    let a = object(v.get("userAttribute").unwrap_or(&Json::Null))?;
    let key = opt_str(a, "attributeKey")?.unwrap_or_default();
    let value = opt_str(a, "value")?.unwrap_or_default();
    Ok((alloc::vec![(key, value)], string_map(options(v), "clientMetadata")?))
}

/// An attribute name, a code and `options.clientMetadata`.
pub type AttributeKeyInput = (String, String, Vec<(String, String)>);

/// `userAttributeKey` and `options.clientMetadata` (`sendUserAttributeVerificationCode`);
/// `confirmationCode` too (`confirmUserAttribute`).
pub fn attribute_key_input(v: &Json) -> Result<AttributeKeyInput, AuthError> {
    let v = object(v)?;
    Ok((
        opt_str(v, "userAttributeKey")?.unwrap_or_default(),
        opt_str(v, "confirmationCode")?.unwrap_or_default(),
        string_map(options(v), "clientMetadata")?,
    ))
}

/// `deleteUserAttributes` input: `{ userAttributeKeys: string[] }`.
pub fn attribute_keys_input(v: &Json) -> Result<Vec<String>, AuthError> {
    match object(v)?.get("userAttributeKeys") {
        Some(Json::Arr(items)) => items
            .iter()
            .map(|k| k.as_str().map(String::from).ok_or(Validation::InvalidInput.into()))
            .collect(),
        None | Some(Json::Null) => Ok(Vec::new()),
        Some(_) => Err(Validation::InvalidInput.into()),
    }
}

/// `forgetDevice` input: `{ device?: { id } }` (no device: this browser's).
pub fn forget_device_input(v: &Json) -> Result<Option<String>, AuthError> {
    match object(v)?.get("device") {
        None | Some(Json::Null) => Ok(None),
        Some(d) => opt_str(object(d)?, "id"),
    }
}

/// One attribute's outcome: `{ isUpdated, nextStep: { updateAttributeStep, codeDeliveryDetails? } }`.
pub fn attribute_update(u: &AttributeUpdate) -> Json {
    let step = match &u.delivery {
        Some(d) => Obj::new()
            .set("updateAttributeStep", UpdateAttributeStep::CONFIRM_ATTRIBUTE_WITH_CODE.as_str())
            .set("codeDeliveryDetails", code_delivery(d)),
        None => Obj::new().set("updateAttributeStep", UpdateAttributeStep::DONE.as_str()),
    };
    Obj::new().set("isUpdated", u.delivery.is_none()).set("nextStep", step).build()
}

/// `updateUserAttributes` output: the outcome per attribute name.
pub fn attribute_updates(updates: &[AttributeUpdate]) -> Json {
    Json::Obj(updates.iter().map(|u| (u.name.clone(), attribute_update(u))).collect())
}

/// `fetchDevices` output, with each date as Cognito's number of seconds (the binding makes
/// them `Date`s): `[{ id, name?, attributes, createDate?, lastModifiedDate?, lastAuthenticatedDate? }]`.
pub fn devices(list: &[DeviceInfo]) -> Json {
    let date = |d: &Option<String>| d.clone().map(Json::Num);
    Json::Arr(
        list.iter()
            .map(|d| {
                Obj::new()
                    .set("id", d.id.as_str())
                    .opt("name", d.name.as_deref())
                    .set("attributes", super::string_object(&d.attributes))
                    .opt("createDate", date(&d.create_date))
                    .opt("lastModifiedDate", date(&d.last_modified_date))
                    .opt("lastAuthenticatedDate", date(&d.last_authenticated_date))
                    .build()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::CodeDelivery;

    fn parse(s: &str) -> Json {
        Json::parse(s).unwrap()
    }

    #[test]
    fn inputs() {
        let (old, new) =
            update_password_input(&parse(r#"{"oldPassword":"a","newPassword":"b"}"#)).unwrap();
        assert_eq!((old.expose(), new.expose()), ("a", "b"));
        let (attrs, meta) = update_attributes_input(&parse(
            r#"{"userAttributes":{"name":"Ann","email":"a@b.c"},"options":{"clientMetadata":{"k":"v"}}}"#,
        ))
        .unwrap();
        assert_eq!(attrs.len(), 2);
        assert_eq!(meta, [("k".into(), "v".into())]);
        let (attrs, _) = update_attribute_input(&parse(
            r#"{"userAttribute":{"attributeKey":"name","value":"Bo"}}"#,
        ))
        .unwrap();
        assert_eq!(attrs, [("name".into(), "Bo".into())]);
        let (key, code, _) =
            attribute_key_input(&parse(r#"{"userAttributeKey":"email","confirmationCode":"1"}"#))
                .unwrap();
        assert_eq!((key.as_str(), code.as_str()), ("email", "1"));
        assert_eq!(
            attribute_keys_input(&parse(r#"{"userAttributeKeys":["a","b"]}"#)).unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            forget_device_input(&parse(r#"{"device":{"id":"k"}}"#)).unwrap().as_deref(),
            Some("k")
        );
        assert_eq!(forget_device_input(&parse("{}")).unwrap(), None);
        for bad in [r#"{"userAttributeKeys":"a"}"#, r#"{"userAttributeKeys":[1]}"#] {
            assert!(attribute_keys_input(&parse(bad)).is_err(), "{bad}");
        }
        assert!(update_attributes_input(&parse(r#"{"userAttributes":{"a":1}}"#)).is_err());
        assert!(update_attribute_input(&parse(r#"{"userAttribute":"x"}"#)).is_err());
        assert!(forget_device_input(&parse(r#"{"device":{"id":5}}"#)).is_err());
        assert!(update_password_input(&parse(r#"{"oldPassword":1}"#)).is_err());
    }

    #[test]
    fn outputs() {
        let d = CodeDelivery {
            destination: Some("a***".into()),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        };
        let out = attribute_updates(&[
            AttributeUpdate { name: "name".into(), delivery: None },
            AttributeUpdate { name: "email".into(), delivery: Some(d) },
        ]);
        assert_eq!(
            out.to_json(),
            r#"{"name":{"isUpdated":true,"nextStep":{"updateAttributeStep":"DONE"}},"email":{"isUpdated":false,"nextStep":{"updateAttributeStep":"CONFIRM_ATTRIBUTE_WITH_CODE","codeDeliveryDetails":{"destination":"a***","deliveryMedium":"EMAIL","attributeName":"email"}}}}"#
        );
        let list = devices(&[DeviceInfo {
            id: "k".into(),
            name: Some("Chrome".into()),
            attributes: alloc::vec![("device_name".into(), "Chrome".into())],
            create_date: Some("1700000000.5".into()),
            last_modified_date: None,
            last_authenticated_date: None,
        }]);
        assert_eq!(
            list.to_json(),
            r#"[{"id":"k","name":"Chrome","attributes":{"device_name":"Chrome"},"createDate":1700000000.5}]"#
        );
    }
}
