//! SignUp, ConfirmSignUp, ResendConfirmationCode, and user creation.

use crate::actions::codes::redeem_code;
use crate::delivery::{sign_up_destination, Destination};
use crate::error::{ApiError, ApiResult};
use crate::policy::{check_attribute, check_password, check_secret_hash, valid_email, valid_phone};
use crate::request::{attr_list, obj, opt_str, req_str};
use crate::state::Emulator;
use crate::store::{AuthProgress, MfaSettings, OneTimeCode, Pending, Pool, Step, User, UserStatus};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Create a user record. `username` is what the caller typed; for pools whose
/// `usernameAttributes` include email/phone it must be one of those and the internal
/// username becomes the `sub`. Returns the storage key.
pub(crate) fn create_user(
    emu: &mut Emulator,
    pool_id: &str,
    username: &str,
    attrs: Vec<(String, String)>,
    status: UserStatus,
    now: u64,
) -> Result<String, ApiError> {
    let mut attributes = BTreeMap::new();
    for (n, v) in attrs {
        check_attribute(&n, &v)?;
        attributes.insert(n, v);
    }
    let sub = emu.random_uuid();
    let pool = emu.pool(pool_id);
    let internal = if pool.cfg.username_attributes.is_empty() {
        check_plain_username(pool, username)?;
        username.to_string()
    } else {
        let attr = username_attribute(&pool.cfg.username_attributes, username)?;
        attributes.entry(attr.to_string()).or_insert_with(|| username.to_string());
        sub.clone()
    };
    check_username_attributes_unique(pool, &attributes)?;
    let key = pool.key(&internal);
    emu.pool_mut(pool_id)
        .users
        .insert(key.clone(), new_user(internal, sub, attributes, status, now));
    Ok(key)
}

/// A username in a pool without `usernameAttributes`: Cognito's pattern, not shaped like
/// an alias, not taken.
fn check_plain_username(pool: &Pool, username: &str) -> Result<(), ApiError> {
    if !crate::names::is_valid_username(username) {
        return Err(ApiError::invalid_param(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    let aliases = &pool.cfg.alias_attributes;
    if aliases.iter().any(|a| a == "email") && valid_email(username) {
        return Err(ApiError::invalid_param(
            "Username cannot be of email format, since user pool is configured for email alias.",
        ));
    }
    if aliases.iter().any(|a| a == "phone_number") && valid_phone(username) {
        return Err(ApiError::invalid_param(
            "Username cannot be of phone number format, since user pool is configured for phone_number alias.",
        ));
    }
    if pool.users.contains_key(&pool.key(username)) {
        return Err(ApiError::new("UsernameExistsException", "User already exists"));
    }
    Ok(())
}

/// Which username attribute (`email` / `phone_number`) the typed name is.
fn username_attribute(allowed: &[String], username: &str) -> Result<&'static str, ApiError> {
    let email = allowed.iter().any(|a| a == "email");
    if email && valid_email(username) {
        Ok("email")
    } else if allowed.iter().any(|a| a == "phone_number") && valid_phone(username) {
        Ok("phone_number")
    } else if email {
        Err(ApiError::invalid_param("Username should be an email."))
    } else {
        Err(ApiError::invalid_param("Username should be a phone number."))
    }
}

/// Username attributes must stay unique in the pool.
fn check_username_attributes_unique(
    pool: &Pool,
    attributes: &BTreeMap<String, String>,
) -> Result<(), ApiError> {
    for attr in &pool.cfg.username_attributes {
        let Some(v) = attributes.get(attr) else { continue };
        let v = v.to_lowercase();
        // Federated users (EXTERNAL_PROVIDER) are separate users: their email takes nothing.
        let taken = pool.users.values().any(|u| {
            u.status != UserStatus::ExternalProvider
                && u.attr(attr).map(str::to_lowercase).as_deref() == Some(&v)
        });
        if taken {
            return Err(ApiError::new(
                "UsernameExistsException",
                format!("An account with the given {attr} already exists."),
            ));
        }
    }
    Ok(())
}

pub(crate) fn new_user(
    username: String,
    sub: String,
    attributes: BTreeMap<String, String>,
    status: UserStatus,
    now: u64,
) -> User {
    User {
        username,
        sub,
        attributes,
        status,
        enabled: true,
        password: None,
        created_ms: now,
        modified_ms: now,
        mfa: MfaSettings::default(),
        totp_secret: None,
        totp_pending: None,
        confirm_code: None,
        confirm_attr: None,
        reset_code: None,
        attr_codes: BTreeMap::new(),
        passkeys: Vec::new(),
        failed_logins: 0,
        locked_until_ms: 0,
        failed_mfa: 0,
        mfa_locked_until_ms: 0,
        forgot_password_calls: Vec::new(),
        change_password_calls: Vec::new(),
        webauthn_registration: None,
        signed_in: false,
        devices: BTreeMap::new(),
    }
}

/// Required attributes missing from `attrs`, as Cognito reports them.
pub(crate) fn check_required(
    required: &[String],
    attrs: &[(String, String)],
    username_is: Option<&str>,
) -> Result<(), ApiError> {
    let missing: Vec<&String> = required
        .iter()
        .filter(|r| {
            Some(r.as_str()) != username_is && !attrs.iter().any(|(n, v)| n == *r && !v.is_empty())
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let list: Vec<String> =
        missing.iter().map(|m| format!("{m}: The attribute {m} is required")).collect();
    Err(ApiError::invalid_param(format!(
        "Attributes did not conform to the schema: {}",
        list.join(", ")
    )))
}

/// Generate and deliver a sign-up confirmation code. Returns `CodeDeliveryDetails`.
pub(crate) fn send_confirmation_code(
    emu: &mut Emulator,
    pool_id: &str,
    key: &str,
    now: u64,
) -> Option<Value> {
    let pool = emu.pool(pool_id);
    let validity = pool.cfg.code_validity_seconds;
    let dest = sign_up_destination(pool.users.get(key)?, &pool.cfg.auto_verified_attributes)?;
    let code = emu.random_code();
    let user = emu.user_mut(pool_id, key)?;
    user.confirm_code = Some(OneTimeCode {
        code: code.clone(),
        expires_ms: crate::clock::after_secs(now, validity),
        failed: 0,
    });
    user.confirm_attr = Some(dest.attribute.clone());
    emu.deliver(pool_id, key, &dest.medium, &dest.address, "SIGN_UP", &code, now);
    Some(dest.details())
}

/// A session that lets `key` start USER_AUTH without a password after sign-up (`Step::SignUp`)
/// or confirmation (`Step::SignUpConfirmed`), valid for the client's `AuthSessionValidity`.
fn sign_up_session(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    key: String,
    step: Step,
    now: u64,
) -> String {
    let minutes = emu.client(pool_id, client_id).cfg.auth_session_validity_minutes;
    emu.put_pending(Pending {
        pool_id: pool_id.to_string(),
        client_id: client_id.to_string(),
        user_key: Some(key),
        expires_ms: crate::clock::after_ms(now, crate::clock::minutes_ms(minutes)),
        failed: 0,
        step,
        progress: AuthProgress::default(),
    })
}

pub fn sign_up(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let username = req_str(req, "Username")?;
    let pool_id = emu.client_ids(client_id)?;
    check_secret_hash(emu.client(&pool_id, client_id), &[username], opt_str(req, "SecretHash"))?;
    let cfg = emu.pool(&pool_id).cfg.clone();
    if cfg.allow_admin_create_user_only {
        // API reference, AdminCreateUserConfigType.AllowAdminCreateUserOnly.
        return Err(ApiError::not_authorized("SignUp is not permitted for this user pool."));
    }
    let password = opt_str(req, "Password");
    match password {
        Some(pw) => check_password(&cfg.password_policy, pw)?,
        None => {
            let passwordless = cfg.allowed_first_auth_factors.iter().any(|f| f != "PASSWORD");
            if !passwordless {
                return Err(ApiError::new(
                    "InvalidPasswordException",
                    "Password did not conform with policy: Password not long enough",
                ));
            }
        }
    }
    let attrs = attr_list(req, "UserAttributes")?;
    let username_attr = if cfg.username_attributes.is_empty() {
        None
    } else if valid_email(username) {
        Some("email")
    } else {
        Some("phone_number")
    };
    check_required(&cfg.required_attributes, &attrs, username_attr)?;
    let status = if cfg.auto_confirm { UserStatus::Confirmed } else { UserStatus::Unconfirmed };
    let key = create_user(emu, &pool_id, username, attrs, status, now)?;
    if let Some(pw) = password {
        crate::actions::password::set_password(emu, &pool_id, &key, pw, false, now);
    }
    let mut details = Value::Null;
    if cfg.auto_confirm {
        if cfg.auto_verify_on_auto_confirm {
            let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
            for a in ["email", "phone_number"] {
                if user.attributes.contains_key(a) {
                    user.attributes.insert(format!("{a}_verified"), "true".into());
                }
            }
        }
    } else if let Some(d) = send_confirmation_code(emu, &pool_id, &key, now) {
        details = d;
    }
    let sub = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?.sub.clone();
    let session = sign_up_session(emu, &pool_id, client_id, key, Step::SignUp, now);
    Ok(obj(vec![
        ("UserConfirmed", json!(cfg.auto_confirm)),
        ("UserSub", json!(sub)),
        ("CodeDeliveryDetails", details),
        ("Session", json!(session)),
    ]))
}

pub fn confirm_sign_up(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let username = req_str(req, "Username")?;
    let code = req_str(req, "ConfirmationCode")?;
    let pool_id = emu.client_ids(client_id)?;
    let pue = emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors;
    let Some(key) = emu.pool(&pool_id).find(username) else {
        return Err(if pue {
            ApiError::code_mismatch()
        } else {
            ApiError::new("UserNotFoundException", "Username/client id combination not found.")
        });
    };
    let internal = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?.username.clone();
    check_secret_hash(
        emu.client(&pool_id, client_id),
        &[username, &internal],
        opt_str(req, "SecretHash"),
    )?;
    // An optional SignUp session is consumed if it belongs to this user.
    if let Some(s) = opt_str(req, "Session") {
        if matches!(emu.store.sessions.get(s), Some(p) if p.user_key.as_deref() == Some(key.as_str()) && matches!(p.step, Step::SignUp))
        {
            emu.store.sessions.remove(s);
        }
    }
    let max = emu.pool(&pool_id).cfg.max_code_attempts;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    if user.status != UserStatus::Unconfirmed {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        )));
    }
    redeem_code(user.confirm_code.as_mut(), code, now, max, ApiError::too_many_failed())?;
    user.confirm_code = None;
    user.status = UserStatus::Confirmed;
    user.modified_ms = now;
    if let Some(attr) = user.confirm_attr.take() {
        user.attributes.insert(format!("{attr}_verified"), "true".into());
    }
    if !emu.client(&pool_id, client_id).cfg.allows("USER_AUTH") {
        return Ok(json!({}));
    }
    let session = sign_up_session(emu, &pool_id, client_id, key, Step::SignUpConfirmed, now);
    Ok(json!({ "Session": session }))
}

pub fn resend_confirmation_code(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let username = req_str(req, "Username")?;
    let pool_id = emu.client_ids(client_id)?;
    let pue = emu.client(&pool_id, client_id).cfg.prevent_user_existence_errors;
    let Some(key) = emu.pool(&pool_id).find(username) else {
        if pue {
            check_secret_hash(
                emu.client(&pool_id, client_id),
                &[username],
                opt_str(req, "SecretHash"),
            )?;
            let d = if valid_phone(username) {
                Destination::sms(username)
            } else {
                Destination::email(&format!("{username}@example.com"))
            };
            return Ok(json!({ "CodeDeliveryDetails": d.details() }));
        }
        return Err(ApiError::new(
            "UserNotFoundException",
            "Username/client id combination not found.",
        ));
    };
    let internal = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?.username.clone();
    check_secret_hash(
        emu.client(&pool_id, client_id),
        &[username, &internal],
        opt_str(req, "SecretHash"),
    )?;
    if emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?.status
        != UserStatus::Unconfirmed
    {
        return Err(ApiError::invalid_param("User is already confirmed."));
    }
    match send_confirmation_code(emu, &pool_id, &key, now) {
        Some(d) => Ok(json!({ "CodeDeliveryDetails": d })),
        None => Err(ApiError::invalid_param(
            "Auto verification not turned on or no registered/verified email or phone_number for the user.",
        )),
    }
}
