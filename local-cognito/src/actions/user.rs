//! Access-token actions on the signed-in user: GetUser, attributes and their
//! verification, DeleteUser, GetUserAuthFactors.

use crate::actions::codes::redeem_code;
use crate::actions::first_factor::available_first_factors;
use crate::actions::mfa::mfa_summary;
use crate::actions::tokens::{authenticate, revoke_all};
use crate::delivery::Destination;
use crate::error::{ApiError, ApiResult};
use crate::policy::check_attribute;
use crate::request::{attr_list, obj, req_str};
use crate::state::Emulator;
use crate::store::OneTimeCode;
use serde_json::{json, Value};

/// Set attributes; a changed email/phone becomes unverified and, when auto-verified
/// in the pool and `send_codes`, a verification code is sent. Returns the
/// `CodeDeliveryDetailsList`.
pub(crate) fn update_attributes(
    emu: &mut Emulator,
    pool_id: &str,
    key: &str,
    attrs: Vec<(String, String)>,
    send_codes: bool,
    now: u64,
) -> Result<Vec<Value>, ApiError> {
    for (n, v) in &attrs {
        if n.ends_with("_verified") && (n == "email_verified" || n == "phone_number_verified") {
            continue;
        }
        check_attribute(n, v)?;
    }
    let cfg = emu.pool(pool_id).cfg.clone();
    // Username attributes must stay unique.
    for (n, v) in &attrs {
        if cfg.username_attributes.contains(n) || cfg.alias_attributes.contains(n) {
            let lv = v.to_lowercase();
            let taken = emu.pool(pool_id).users.iter().any(|(k, u)| {
                k != key
                    && u.attr(n).map(str::to_lowercase).as_deref() == Some(lv.as_str())
                    && (cfg.username_attributes.contains(n) || u.verified(n))
            });
            if taken {
                return Err(ApiError::new(
                    "AliasExistsException",
                    "An account with the given email already exists.",
                ));
            }
        }
    }
    let mut to_verify = Vec::new();
    {
        let user = emu.user_mut(pool_id, key).ok_or_else(ApiError::user_not_found)?;
        for (n, v) in &attrs {
            if (n == "email" || n == "phone_number") && user.attr(n) != Some(v.as_str()) {
                let explicit = attrs.iter().any(|(m, _)| *m == format!("{n}_verified"));
                if !explicit {
                    user.attributes.insert(format!("{n}_verified"), "false".into());
                    to_verify.push(n.clone());
                }
            }
            if v.is_empty() {
                user.attributes.remove(n);
            } else {
                user.attributes.insert(n.clone(), v.clone());
            }
        }
        user.modified_ms = now;
    }
    let mut list = Vec::new();
    if send_codes {
        for n in to_verify {
            if cfg.auto_verified_attributes.contains(&n) {
                list.push(send_attribute_code(emu, pool_id, key, &n, now)?);
            }
        }
    }
    Ok(list)
}

fn send_attribute_code(
    emu: &mut Emulator,
    pool_id: &str,
    key: &str,
    attr: &str,
    now: u64,
) -> Result<Value, ApiError> {
    let validity = emu.pool(pool_id).cfg.code_validity_seconds;
    let user = emu.user(pool_id, key).ok_or_else(ApiError::user_not_found)?;
    let addr = user
        .attr(attr)
        .ok_or_else(|| {
            ApiError::invalid_param(format!("User does not have the attribute {attr}."))
        })?
        .to_string();
    let dest = Destination::for_attr(attr, &addr);
    let code = emu.random_code();
    let user = emu.user_mut(pool_id, key).ok_or_else(ApiError::user_not_found)?;
    user.attr_codes.insert(
        attr.to_string(),
        OneTimeCode {
            code: code.clone(),
            expires_ms: crate::clock::after_secs(now, validity),
            failed: 0,
        },
    );
    emu.deliver(pool_id, key, &dest.medium, &dest.address, "VERIFY_ATTRIBUTE", &code, now);
    Ok(dest.details())
}

pub fn get_user(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let user = emu.user(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let mut pairs =
        vec![("Username", json!(user.username)), ("UserAttributes", user.attribute_list())];
    pairs.extend(mfa_summary(user));
    Ok(obj(pairs))
}

pub fn update_user_attributes(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let attrs = attr_list(req, "UserAttributes")?;
    if attrs.iter().any(|(n, _)| n.ends_with("_verified")) {
        return Err(ApiError::invalid_param(
            "Cannot modify the non-mutable attribute email_verified",
        ));
    }
    let list = update_attributes(emu, &who.pool_id, &who.user_key, attrs, true, now)?;
    if list.is_empty() {
        Ok(json!({}))
    } else {
        Ok(json!({ "CodeDeliveryDetailsList": list }))
    }
}

pub fn delete_user_attributes(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let names: Vec<String> = req
        .get("UserAttributeNames")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let required = emu.pool(&who.pool_id).cfg.required_attributes.clone();
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    for n in names {
        if required.contains(&n) {
            return Err(ApiError::invalid_param(format!("Cannot delete required attribute {n}")));
        }
        user.attributes.remove(&n);
        if n == "email" || n == "phone_number" {
            user.attributes.remove(&format!("{n}_verified"));
        }
    }
    user.modified_ms = now;
    Ok(json!({}))
}

pub fn get_user_attribute_verification_code(
    emu: &mut Emulator,
    req: &Value,
    now: u64,
) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let attr = req_str(req, "AttributeName")?;
    if attr != "email" && attr != "phone_number" {
        return Err(ApiError::invalid_param(format!("Cannot verify attribute {attr}.")));
    }
    let d = send_attribute_code(emu, &who.pool_id, &who.user_key, attr, now)?;
    Ok(json!({ "CodeDeliveryDetails": d }))
}

pub fn verify_user_attribute(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let attr = req_str(req, "AttributeName")?;
    let code = req_str(req, "Code")?;
    let max = emu.pool(&who.pool_id).cfg.max_code_attempts;
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let exhausted = ApiError::new(
        "LimitExceededException",
        "Attempt limit exceeded, please try after some time.",
    );
    redeem_code(user.attr_codes.get_mut(attr), code, now, max, exhausted)?;
    user.attr_codes.remove(attr);
    user.attributes.insert(format!("{attr}_verified"), "true".into());
    user.modified_ms = now;
    Ok(json!({}))
}

pub fn delete_user(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    revoke_all(emu, &who.pool_id, &who.user_key);
    emu.pool_mut(&who.pool_id).users.remove(&who.user_key);
    Ok(json!({}))
}

pub fn get_user_auth_factors(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let factors = available_first_factors(emu, &who.pool_id, &who.user_key);
    let user = emu.user(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let mut configured: Vec<&str> = Vec::new();
    for f in &factors {
        match f.as_str() {
            "PASSWORD" => configured.push("PASSWORD"),
            "EMAIL_OTP" => configured.push("EMAIL_OTP"),
            "SMS_OTP" => configured.push("SMS_OTP"),
            "WEB_AUTHN" => configured.push("WEB_AUTHN"),
            _ => {}
        }
    }
    let mut pairs =
        vec![("Username", json!(user.username)), ("ConfiguredUserAuthFactors", json!(configured))];
    pairs.extend(mfa_summary(user));
    Ok(obj(pairs))
}
