//! Admin* actions (accepted unsigned: dev only) and config-seeded users.

use crate::actions::mfa::{apply_preferences, mfa_summary};
use crate::actions::password::{send_reset_code, set_password};
use crate::actions::sign_up::create_user;
use crate::actions::tokens::revoke_all;
use crate::actions::user::update_attributes;
use crate::config::SeedUser;
use crate::error::{ApiError, ApiResult};
use crate::policy::check_password;
use crate::request::{attr_list, obj, opt_str, req_str};
use crate::state::Emulator;
use crate::store::{User, UserStatus};
use rand::seq::SliceRandom;
use serde_json::{json, Value};

fn pool_id_of(emu: &Emulator, req: &Value) -> Result<String, ApiError> {
    let id = req_str(req, "UserPoolId")?;
    if emu.store.pools.contains_key(id) {
        Ok(id.to_string())
    } else {
        Err(ApiError::new("ResourceNotFoundException", format!("User pool {id} does not exist.")))
    }
}

fn target(emu: &Emulator, req: &Value) -> Result<(String, String), ApiError> {
    let pool_id = pool_id_of(emu, req)?;
    let name = req_str(req, "Username")?;
    let key = emu.pool(&pool_id).find(name).ok_or_else(ApiError::user_not_found)?;
    Ok((pool_id, key))
}

fn secs(ms: u64) -> Value {
    json!(ms as f64 / 1000.0)
}

fn user_type(u: &User) -> Value {
    json!({
        "Username": u.username,
        "Attributes": u.attribute_list(),
        "UserCreateDate": secs(u.created_ms),
        "UserLastModifiedDate": secs(u.modified_ms),
        "Enabled": u.enabled,
        "UserStatus": u.status.as_str(),
    })
}

fn temp_password(emu: &mut Emulator) -> String {
    let mut chars: Vec<char> = emu.random_alnum(10, true).chars().collect();
    chars.extend(['A', 'z', '7', '!']);
    chars.shuffle(&mut emu.rng);
    chars.into_iter().collect()
}

pub fn admin_create_user(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let pool_id = pool_id_of(emu, req)?;
    let username = req_str(req, "Username")?;
    let action = opt_str(req, "MessageAction");
    let policy = emu.pool(&pool_id).cfg.password_policy.clone();
    let temp = match opt_str(req, "TemporaryPassword") {
        Some(p) => {
            check_password(&policy, p)?;
            p.to_string()
        }
        None => temp_password(emu),
    };
    let key = if action == Some("RESEND") {
        let key = emu.pool(&pool_id).find(username).ok_or_else(ApiError::user_not_found)?;
        if emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?.status
            != UserStatus::ForceChangePassword
        {
            return Err(ApiError::new(
                "UnsupportedUserStateException",
                "Resend not possible. User is not in FORCE_CHANGE_PASSWORD state.",
            ));
        }
        key
    } else {
        if emu.pool(&pool_id).find(username).is_some() {
            return Err(ApiError::new("UsernameExistsException", "User account already exists"));
        }
        let attrs = attr_list(req, "UserAttributes")?;
        create_user(emu, &pool_id, username, attrs, UserStatus::ForceChangePassword, now).map_err(
            |e| {
                if e.code == "UsernameExistsException" {
                    ApiError::new("UsernameExistsException", "User account already exists")
                } else {
                    e
                }
            },
        )?
    };
    set_password(emu, &pool_id, &key, &temp, true, now);
    if action != Some("SUPPRESS") {
        let mediums: Vec<String> = req
            .get("DesiredDeliveryMediums")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(String::from)).collect())
            .unwrap_or_default();
        let user = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
        let email = user.attr("email").map(String::from);
        let phone = user.attr("phone_number").map(String::from);
        let wants_sms = mediums.iter().any(|m| m == "SMS");
        let (medium, dest) = match (wants_sms, &email, &phone) {
            (true, _, Some(p)) => ("SMS", p.clone()),
            (_, Some(e), _) => ("EMAIL", e.clone()),
            (_, None, Some(p)) => ("SMS", p.clone()),
            _ => ("EMAIL", String::new()),
        };
        emu.deliver(&pool_id, &key, medium, &dest, "INVITATION", &temp, now);
    }
    let user = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    Ok(json!({ "User": user_type(user) }))
}

/// Create a user declared in the config (`users` of a pool).
pub(crate) fn seed_user(
    emu: &mut Emulator,
    pool_id: &str,
    su: SeedUser,
    now: u64,
) -> Result<(), ApiError> {
    let confirmed = su.confirmed.unwrap_or(true);
    let status = if confirmed { UserStatus::Confirmed } else { UserStatus::Unconfirmed };
    let attrs: Vec<(String, String)> = su.attributes.into_iter().collect();
    let key = create_user(emu, pool_id, &su.username, attrs, status, now)?;
    if let Some(pw) = su.password {
        set_password(emu, pool_id, &key, &pw, false, now);
    }
    Ok(())
}

pub fn admin_set_user_password(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let pw = req_str(req, "Password")?;
    let permanent = req.get("Permanent").and_then(Value::as_bool).unwrap_or(false);
    check_password(&emu.pool(&pool_id).cfg.password_policy, pw)?;
    set_password(emu, &pool_id, &key, pw, !permanent, now);
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    user.status = if permanent { UserStatus::Confirmed } else { UserStatus::ForceChangePassword };
    user.reset_code = None;
    Ok(json!({}))
}

pub fn admin_confirm_sign_up(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    if user.status != UserStatus::Unconfirmed {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status.as_str()
        )));
    }
    user.status = UserStatus::Confirmed;
    user.confirm_code = None;
    user.modified_ms = now;
    Ok(json!({}))
}

pub fn admin_get_user(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let u = emu.user(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    let mut pairs = vec![
        ("Username", json!(u.username)),
        ("UserAttributes", u.attribute_list()),
        ("UserCreateDate", secs(u.created_ms)),
        ("UserLastModifiedDate", secs(u.modified_ms)),
        ("Enabled", json!(u.enabled)),
        ("UserStatus", json!(u.status.as_str())),
    ];
    pairs.extend(mfa_summary(u));
    Ok(obj(pairs))
}

pub fn admin_delete_user(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    revoke_all(emu, &pool_id, &key);
    emu.pool_mut(&pool_id).users.remove(&key);
    Ok(json!({}))
}

pub fn admin_update_user_attributes(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let attrs = attr_list(req, "UserAttributes")?;
    update_attributes(emu, &pool_id, &key, attrs, true, now)?;
    Ok(json!({}))
}

pub fn admin_set_user_mfa_preference(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    apply_preferences(user, req)?;
    Ok(json!({}))
}

pub fn admin_reset_user_password(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    send_reset_code(emu, &pool_id, &key, now)?;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    if user.status != UserStatus::Unconfirmed {
        user.status = UserStatus::ResetRequired;
    }
    user.modified_ms = now;
    Ok(json!({}))
}

pub fn admin_disable_user(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    admin_set_enabled(emu, req, now, false)
}

pub fn admin_enable_user(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    admin_set_enabled(emu, req, now, true)
}

fn admin_set_enabled(emu: &mut Emulator, req: &Value, now: u64, enabled: bool) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    let user = emu.user_mut(&pool_id, &key).ok_or_else(ApiError::user_not_found)?;
    user.enabled = enabled;
    user.modified_ms = now;
    if !enabled {
        revoke_all(emu, &pool_id, &key);
    }
    Ok(json!({}))
}

pub fn admin_user_global_sign_out(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool_id, key) = target(emu, req)?;
    revoke_all(emu, &pool_id, &key);
    Ok(json!({}))
}

/// ListUsers with an optional simple filter `attr = "value"` or `attr ^= "prefix"`.
pub fn list_users(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let pool_id = pool_id_of(emu, req)?;
    let filter = opt_str(req, "Filter").map(|f| {
        let (attr, rest, prefix) = match f.split_once("^=") {
            Some((a, r)) => (a, r, true),
            None => {
                let (a, r) = f.split_once('=').unwrap_or((f, ""));
                (a, r, false)
            }
        };
        (attr.trim().to_string(), rest.trim().trim_matches('"').to_string(), prefix)
    });
    let users: Vec<Value> = emu
        .pool(&pool_id)
        .users
        .values()
        .filter(|u| {
            filter.as_ref().is_none_or(|(a, v, prefix)| {
                let got = match a.as_str() {
                    "username" => Some(u.username.as_str()),
                    "sub" => Some(u.sub.as_str()),
                    "status" | "cognito:user_status" => Some(u.status.as_str()),
                    other => u.attr(other),
                };
                got.is_some_and(|g| if *prefix { g.starts_with(v.as_str()) } else { g == v })
            })
        })
        .map(user_type)
        .collect();
    Ok(json!({ "Users": users }))
}

/// AdminInitiateAuth: the ADMIN_* password flows become USER_PASSWORD_AUTH; other flows
/// run as with InitiateAuth (the pool must own the client).
pub fn admin_initiate_auth(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let pool_id = pool_id_of(emu, req)?;
    let client_id = req_str(req, "ClientId")?;
    if emu.client_ids(client_id)? != pool_id {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("User pool client {client_id} does not exist."),
        ));
    }
    let mut inner = req.clone();
    let admin = match req_str(req, "AuthFlow")? {
        "ADMIN_USER_PASSWORD_AUTH" | "ADMIN_NO_SRP_AUTH" => {
            inner["AuthFlow"] = json!("USER_PASSWORD_AUTH");
            true
        }
        "USER_PASSWORD_AUTH" => {
            return Err(ApiError::invalid_param("Initiate Auth method not supported."))
        }
        _ => false,
    };
    crate::actions::auth::initiate(emu, &inner, now, admin)
}

/// AdminRespondToAuthChallenge: RespondToAuthChallenge for a pool's client.
pub fn admin_respond_to_auth_challenge(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let pool_id = pool_id_of(emu, req)?;
    let client_id = req_str(req, "ClientId")?;
    if emu.client_ids(client_id)? != pool_id {
        return Err(ApiError::new(
            "ResourceNotFoundException",
            format!("User pool client {client_id} does not exist."),
        ));
    }
    crate::actions::challenges::respond_to_auth_challenge(emu, req, now)
}
