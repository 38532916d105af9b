//! Device tracking (pools with a `DeviceConfiguration`): the device step at the end of a
//! sign-in (DEVICE_SRP_AUTH, DEVICE_PASSWORD_VERIFIER, or `NewDeviceMetadata` with the
//! tokens), ConfirmDevice, UpdateDeviceStatus, GetDevice, ListDevices, ForgetDevice and
//! their Admin forms.
//!
//! Sources: Amazon Cognito API Reference (ConfirmDevice, UpdateDeviceStatus, ListDevices,
//! DeviceType, DeviceConfigurationType), "Working with user devices in your user pool"
//! (Developer Guide), the AWS CLI examples of `list-devices`/`admin-get-device` for the
//! device attributes, and amplify-js (`handleDeviceSRPAuth`, `getNewDeviceMetadata`,
//! `fetchDevices`) for the order of the challenges.

use crate::actions::sign_in::{challenge, internal_name, srp_exchange, FlowCtx};
use crate::actions::tokens::{authenticate, issue_tokens};
use crate::config::DeviceConfiguration;
use crate::error::{ApiError, ApiResult};
use crate::request::{obj, opt_str, req_str};
use crate::state::Emulator;
use crate::store::{AuthProgress, Device, Step, User};
use base64::{engine::general_purpose::STANDARD, engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use num_bigint::BigUint;
use serde_json::{json, Value};

/// ListDevices' largest page (and its default).
const MAX_LIMIT: u64 = 60;

fn tracking(emu: &Emulator, pool_id: &str) -> Option<DeviceConfiguration> {
    emu.pool(pool_id).cfg.device_configuration.clone()
}

fn no_device() -> ApiError {
    ApiError::new("ResourceNotFoundException", "Device does not exist.")
}

/// A device of the flow's user that Cognito tracks: one confirmed by ConfirmDevice ("the
/// call that begins device tracking", ConfirmDevice in the API Reference).
fn tracked<'a>(emu: &'a Emulator, f: &FlowCtx, key: &str) -> Option<&'a Device> {
    let d = emu.user(&f.pool_id, &f.user_key)?.devices.get(key)?;
    d.secret.as_ref().map(|_| d)
}

/// The flow's device: the `DEVICE_KEY` sent, when it names a tracked device of the user.
fn flow_device<'a>(emu: &'a Emulator, f: &FlowCtx, progress: &AuthProgress) -> Option<&'a Device> {
    tracked(emu, f, progress.device_key.as_deref()?)
}

/// The check of a sign-in's `DEVICE_KEY`, where the pool tracks devices: a key that names
/// no tracked device of the flow's user (unknown, another user's, forgotten, or never
/// confirmed) is ResourceNotFoundException "Device does not exist.". Cognito answers so
/// where Amplify retries the step without the key after clearing its device keys
/// (`retryOnResourceNotFoundException` around USER_PASSWORD_AUTH, the PASSWORD_VERIFIER
/// answer, CUSTOM_AUTH and the CUSTOM_CHALLENGE answer; amplify-js #12241, amplify-android
/// #2605, amazon-cognito-identity-js #200). Callers check after the password is verified
/// (so a wrong password is still reported, and counted, as such, and a wrong key is never
/// counted as a failed password attempt).
pub(crate) fn check_device_key(
    emu: &Emulator,
    f: &FlowCtx,
    key: Option<&str>,
) -> Result<(), ApiError> {
    match key {
        Some(k) if tracking(emu, &f.pool_id).is_some() && tracked(emu, f, k).is_none() => {
            Err(no_device())
        }
        _ => Ok(()),
    }
}

/// MFA is skipped when the pool trusts remembered devices (`ChallengeRequiredOnNewDevice`)
/// and the sign-in comes from a remembered device (which proves itself by DEVICE_SRP_AUTH
/// before tokens are issued).
pub(crate) fn skips_mfa(emu: &Emulator, f: &FlowCtx, progress: &AuthProgress) -> bool {
    let trusted = tracking(emu, &f.pool_id).is_some_and(|c| c.challenge_required_on_new_device);
    trusted && flow_device(emu, f, progress).is_some_and(|d| d.remembered)
}

/// The end of a sign-in: the device challenge for a confirmed device not yet proven, else
/// tokens (with `NewDeviceMetadata` for a new device when the pool tracks devices).
pub(crate) fn finish(
    emu: &mut Emulator,
    f: &FlowCtx,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    if tracking(emu, &f.pool_id).is_none() {
        return issue_tokens(emu, &f.pool_id, &f.client_id, &f.user_key, None, now);
    }
    // The first factors check the key already; this catches one sent later (an MFA
    // answer) or in a flow without such a check (USER_AUTH).
    check_device_key(emu, f, progress.device_key.as_deref())?;
    if let Some(key) = flow_device(emu, f, &progress).map(|d| d.key.clone()) {
        if !progress.device_done {
            let params = vec![
                ("DEVICE_KEY".to_string(), key.clone()),
                ("USERNAME".to_string(), internal_name(emu, f)),
            ];
            let step = Step::DeviceSrpAuth { device_key: key };
            return Ok(challenge(emu, f, Some(&f.user_key), step, progress, params, now));
        }
        if let Some(d) = emu.user_mut(&f.pool_id, &f.user_key).and_then(|u| u.devices.get_mut(&key))
        {
            d.last_authenticated_ms = now;
        }
        return issue_tokens(emu, &f.pool_id, &f.client_id, &f.user_key, Some(key), now);
    }
    let region = f.pool_id.split_once('_').map_or("us-east-1", |(r, _)| r).to_string();
    let key = format!("{region}_{}", emu.random_uuid());
    let group_key = format!("-{}", emu.random_alnum(9, true));
    let device = Device {
        key: key.clone(),
        group_key: group_key.clone(),
        name: None,
        secret: None,
        remembered: false,
        created_ms: now,
        modified_ms: now,
        last_authenticated_ms: now,
    };
    let user = emu.user_mut(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
    user.devices.insert(key.clone(), device);
    let mut out = issue_tokens(emu, &f.pool_id, &f.client_id, &f.user_key, Some(key.clone()), now)?;
    out["AuthenticationResult"]["NewDeviceMetadata"] =
        json!({ "DeviceKey": key, "DeviceGroupKey": group_key });
    Ok(out)
}

/// DEVICE_SRP_AUTH: the device's SRP_A; answered by DEVICE_PASSWORD_VERIFIER.
pub(crate) fn answer_device_srp_auth(
    emu: &mut Emulator,
    f: &FlowCtx,
    resp: &std::collections::BTreeMap<String, String>,
    expected: &str,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let get = |n: &str| resp.get(n).map(String::as_str).ok_or_else(|| ApiError::missing(n));
    let key = get("DEVICE_KEY")?;
    let srp_a = get("SRP_A")?;
    if key != expected {
        return Err(no_device());
    }
    let user = emu.user(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
    let d = user.devices.get(key).ok_or_else(no_device)?;
    let (salt, v) = d.secret.clone().ok_or_else(no_device)?;
    let (hs, block) = srp_exchange(emu, srp_a, v)?;
    let params = vec![
        ("DEVICE_KEY".to_string(), key.to_string()),
        ("SALT".to_string(), salt.to_str_radix(16)),
        ("SECRET_BLOCK".to_string(), STANDARD.encode(&block)),
        ("SRP_B".to_string(), hs.b_pub().to_str_radix(16)),
        ("USERNAME".to_string(), internal_name(emu, f)),
    ];
    let step =
        Step::DevicePasswordVerifier { handshake: hs, secret_block: block, device_key: key.into() };
    Ok(challenge(emu, f, Some(&f.user_key), step, progress, params, now))
}

/// The group key of a device of the flow's user (the SRP "pool name" of its proof).
pub(crate) fn group_key(emu: &Emulator, f: &FlowCtx, key: &str) -> Result<String, ApiError> {
    let user = emu.user(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
    user.devices.get(key).map(|d| d.group_key.clone()).ok_or_else(no_device)
}

// ----- device actions -----

/// A device of a user, or ResourceNotFoundException (also for another user's device).
fn device_mut<'a>(
    emu: &'a mut Emulator,
    pool_id: &str,
    user_key: &str,
    key: &str,
) -> Result<&'a mut Device, ApiError> {
    let user = emu.user_mut(pool_id, user_key).ok_or_else(ApiError::user_not_found)?;
    user.devices.get_mut(key).ok_or_else(no_device)
}

fn secs(ms: u64) -> Value {
    json!(ms as f64 / 1000.0)
}

/// Cognito's `DeviceType`. Attribute names and order follow the AWS CLI examples of
/// `list-devices` and `admin-get-device`; `last_ip_used` is left out (the core does not see
/// addresses).
fn device_type(pool_id: &str, user: &User, d: &Device) -> Value {
    let region = pool_id.split_once('_').map_or("us-east-1", |(r, _)| r);
    let owner = format!("{}.{pool_id}", user.username);
    let mut attrs = vec![json!({"Name": "device_status", "Value": "valid"})];
    if let Some(n) = &d.name {
        attrs.push(json!({"Name": "device_name", "Value": n}));
    }
    attrs.push(json!({
        "Name": "dev:device_arn",
        "Value": format!("arn:aws:cognito-idp:{region}:000000000000:owner/{owner}/device/{}", d.key),
    }));
    attrs.push(json!({"Name": "dev:device_owner", "Value": owner}));
    let status = if d.remembered { "remembered" } else { "not_remembered" };
    attrs.push(json!({"Name": "dev:device_remembered_status", "Value": status}));
    attrs.push(json!({"Name": "dev:device_sdk", "Value": "aws-sdk"}));
    json!({
        "DeviceKey": d.key,
        "DeviceAttributes": attrs,
        "DeviceCreateDate": secs(d.created_ms),
        "DeviceLastModifiedDate": secs(d.modified_ms),
        "DeviceLastAuthenticatedDate": secs(d.last_authenticated_ms),
    })
}

/// The `(pool, user)` an access token belongs to.
fn caller(emu: &mut Emulator, req: &Value, now: u64) -> Result<(String, String), ApiError> {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    Ok((who.pool_id, who.user_key))
}

/// The `(pool, user)` of an Admin request (`UserPoolId`, `Username`).
fn admin_target(emu: &Emulator, req: &Value) -> Result<(String, String), ApiError> {
    let pool_id = req_str(req, "UserPoolId")?;
    if !emu.store.pools.contains_key(pool_id) {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("User pool {pool_id} does not exist."),
        ));
    }
    let name = req_str(req, "Username")?;
    let key = emu.pool(pool_id).find(name).ok_or_else(ApiError::user_not_found)?;
    Ok((pool_id.to_string(), key))
}

fn b64_member(cfg: &Value, name: &str) -> Result<BigUint, ApiError> {
    let s = req_str(cfg, name)?;
    let bytes = STANDARD
        .decode(s)
        .ok()
        .filter(|b| !b.is_empty())
        .ok_or_else(|| ApiError::invalid_param(format!("{name} is not valid base64.")))?;
    Ok(BigUint::from_bytes_be(&bytes))
}

/// ConfirmDevice: store the device's SRP salt and verifier. Remembered at once unless the
/// pool has `DeviceOnlyRememberedOnUserPrompt` (then `UserConfirmationNecessary` and the
/// device stays `not_remembered` until UpdateDeviceStatus).
pub fn confirm_device(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = caller(emu, req, now)?;
    let key = req_str(req, "DeviceKey")?;
    let Some(cfg) = tracking(emu, &pool_id) else {
        return Err(ApiError::invalid_param("Device tracking is not enabled for the user pool."));
    };
    let vc = match req.get("DeviceSecretVerifierConfig") {
        Some(v @ Value::Object(_)) => v,
        _ => {
            return Err(ApiError::invalid_param(
                "DeviceSecretVerifierConfig is required to confirm a device.",
            ))
        }
    };
    let verifier = b64_member(vc, "PasswordVerifier")?;
    let salt = b64_member(vc, "Salt")?;
    let name = opt_str(req, "DeviceName").map(str::to_string);
    if name.as_ref().is_some_and(|n| n.chars().count() > 1024) {
        return Err(ApiError::invalid_param(
            "1 validation error detected: Value at 'deviceName' failed to satisfy constraint: Member must have length less than or equal to 1024",
        ));
    }
    let d = device_mut(emu, &pool_id, &user_key, key)?;
    if d.secret.is_some() {
        return Err(ApiError::invalid_param("Device has already been confirmed."));
    }
    d.secret = Some((salt, verifier));
    d.name = name;
    d.remembered = !cfg.device_only_remembered_on_user_prompt;
    d.modified_ms = now;
    Ok(json!({ "UserConfirmationNecessary": cfg.device_only_remembered_on_user_prompt }))
}

fn set_status(
    emu: &mut Emulator,
    pool_id: &str,
    user_key: &str,
    req: &Value,
    now: u64,
) -> ApiResult {
    let key = req_str(req, "DeviceKey")?;
    let status = match req.get("DeviceRememberedStatus") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s == "remembered" => Some(true),
        Some(Value::String(s)) if s == "not_remembered" => Some(false),
        Some(other) => {
            let shown = other.as_str().map_or_else(|| other.to_string(), str::to_string);
            return Err(ApiError::invalid_param(format!(
                "1 validation error detected: Value '{shown}' at 'deviceRememberedStatus' failed to satisfy constraint: Member must satisfy enum value set: [remembered, not_remembered]"
            )));
        }
    };
    let d = device_mut(emu, pool_id, user_key, key)?;
    if let Some(r) = status {
        d.remembered = r;
    }
    d.modified_ms = now;
    Ok(json!({}))
}

pub fn update_device_status(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = caller(emu, req, now)?;
    set_status(emu, &pool_id, &user_key, req, now)
}

pub fn admin_update_device_status(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = admin_target(emu, req)?;
    set_status(emu, &pool_id, &user_key, req, now)
}

fn get(emu: &mut Emulator, pool_id: &str, user_key: &str, req: &Value) -> ApiResult {
    let key = req_str(req, "DeviceKey")?;
    let user = emu.user(pool_id, user_key).ok_or_else(ApiError::user_not_found)?;
    let d = user.devices.get(key).ok_or_else(no_device)?;
    Ok(json!({ "Device": device_type(pool_id, user, d) }))
}

pub fn get_device(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = caller(emu, req, now)?;
    get(emu, &pool_id, &user_key, req)
}

pub fn admin_get_device(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, user_key) = admin_target(emu, req)?;
    get(emu, &pool_id, &user_key, req)
}

fn forget(emu: &mut Emulator, pool_id: &str, user_key: &str, req: &Value) -> ApiResult {
    let key = req_str(req, "DeviceKey")?;
    let user = emu.user_mut(pool_id, user_key).ok_or_else(ApiError::user_not_found)?;
    user.devices.remove(key).ok_or_else(no_device)?;
    Ok(json!({}))
}

/// ForgetDevice: the device is dropped; it can no longer answer DEVICE_SRP_AUTH and its
/// token families no longer refresh.
pub fn forget_device(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = caller(emu, req, now)?;
    forget(emu, &pool_id, &user_key, req)
}

pub fn admin_forget_device(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, user_key) = admin_target(emu, req)?;
    forget(emu, &pool_id, &user_key, req)
}

/// ListDevices: the user's remembered devices (as Cognito: amplify-js's `fetchDevices`
/// "fetches devices that have been remembered"; its PR #12171 checked that only remembered
/// devices are listed), oldest first, `Limit` (1–60, default 60) per page.
fn list(emu: &Emulator, pool_id: &str, user_key: &str, req: &Value) -> ApiResult {
    let limit = match req.get("Limit") {
        None | Some(Value::Null) => MAX_LIMIT,
        Some(v) => match v.as_u64() {
            Some(n) if (0..=MAX_LIMIT).contains(&n) => n.max(1),
            _ => {
                return Err(ApiError::invalid_param(format!(
                    "1 validation error detected: Value '{v}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60"
                )))
            }
        },
    };
    let user = emu.user(pool_id, user_key).ok_or_else(ApiError::user_not_found)?;
    let mut devices: Vec<&Device> = user.devices.values().filter(|d| d.remembered).collect();
    devices.sort_by(|a, b| (a.created_ms, &a.key).cmp(&(b.created_ms, &b.key)));
    let start = match opt_str(req, "PaginationToken") {
        None => 0,
        Some(t) => {
            let key = URL_SAFE_NO_PAD
                .decode(t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::invalid_param("Invalid pagination token."))?;
            devices
                .iter()
                .position(|d| d.key == key)
                .ok_or_else(|| ApiError::invalid_param("Invalid pagination token."))?
        }
    };
    let end = start.saturating_add(limit as usize).min(devices.len());
    let page: Vec<Value> =
        devices[start..end].iter().map(|d| device_type(pool_id, user, d)).collect();
    let next = devices.get(end).map(|d| json!(URL_SAFE_NO_PAD.encode(&d.key)));
    Ok(obj(vec![("Devices", json!(page)), ("PaginationToken", next.unwrap_or(Value::Null))]))
}

pub fn list_devices(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, user_key) = caller(emu, req, now)?;
    list(emu, &pool_id, &user_key, req)
}

pub fn admin_list_devices(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, user_key) = admin_target(emu, req)?;
    list(emu, &pool_id, &user_key, req)
}
