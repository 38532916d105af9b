//! CreateUserPool, DescribeUserPool, UpdateUserPool, DeleteUserPool, ListUserPools.
//!
//! Defaults are Cognito's for a pool created through the API (API reference, CreateUserPool
//! and UsernameConfigurationType): the default password policy, `AllowedFirstAuthFactors`
//! `[PASSWORD]`, MFA `OFF`, no auto-verified attributes, and case-sensitive usernames when
//! `UsernameConfiguration` is absent. UpdateUserPool, as in Cognito, resets every updatable
//! setting the request leaves out to its default; the immutable ones (username and alias
//! attributes, `UsernameConfiguration`, `Schema`) and the MFA configuration of
//! SetUserPoolMfaConfig are kept.

use super::input::{self, invalid};
use super::{date, page, pool_id, purge, MAX_POOLS};
use crate::config::{DeviceConfiguration, MfaMode, PasswordPolicy, PoolConfig};
use crate::emulator::Emulator;
use crate::error::{ApiError, ApiResult};
use crate::store::Pool;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// Settings without effect here, stored as sent and returned by DescribeUserPool.
const KEPT: &[&str] = &[
    "LambdaConfig",
    "SmsVerificationMessage",
    "EmailVerificationMessage",
    "EmailVerificationSubject",
    "VerificationMessageTemplate",
    "SmsAuthenticationMessage",
    "UserAttributeUpdateSettings",
    "EmailConfiguration",
    "SmsConfiguration",
    "UserPoolTags",
    "AdminCreateUserConfig",
    "UserPoolAddOns",
    "DcrConfiguration",
    "AccountRecoverySetting",
    "UserPoolTier",
    "KeyConfiguration",
    "IssuerConfiguration",
    "AcrConfiguration",
];

/// Stored settings that UpdateUserPool cannot change.
const IMMUTABLE_STORED: &[&str] =
    &["SchemaAttributes", "SmsMfaConfiguration", "EmailMfaConfiguration"];

const FIRST_FACTORS: &[&str] = &["PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN", "SOFTWARE_TOKEN"];

/// A pool as CreateUserPool makes it before the request is applied.
fn api_defaults() -> PoolConfig {
    PoolConfig {
        allowed_first_auth_factors: vec!["PASSWORD".into()],
        auto_verified_attributes: vec![],
        case_sensitive: true,
        ..PoolConfig::default()
    }
}

/// `Policies`: password policy and sign-in policy (absent parts take their defaults).
fn apply_policies(cfg: &mut PoolConfig, req: &Value) -> Result<(), ApiError> {
    let Some(policies) = input::structure(req, "Policies")? else { return Ok(()) };
    if let Some(pp) = input::structure(policies, "PasswordPolicy")? {
        let d = PasswordPolicy::default();
        let int = |n: &str, min: u64, max: u64| input::integer(pp, n, min, max);
        let flag = |n: &str| input::boolean(pp, n);
        cfg.password_policy = PasswordPolicy {
            minimum_length: int("MinimumLength", 6, 99)?.map_or(d.minimum_length, |v| v as usize),
            require_uppercase: flag("RequireUppercase")?.unwrap_or(false),
            require_lowercase: flag("RequireLowercase")?.unwrap_or(false),
            require_numbers: flag("RequireNumbers")?.unwrap_or(false),
            require_symbols: flag("RequireSymbols")?.unwrap_or(false),
            temporary_password_validity_days: int("TemporaryPasswordValidityDays", 0, 365)?
                .unwrap_or(d.temporary_password_validity_days),
        };
        if let Some(n) = int("PasswordHistorySize", 0, 24)? {
            cfg.stored.insert("PasswordHistorySize".into(), json!(n));
        }
    }
    if let Some(sp) = input::structure(policies, "SignInPolicy")? {
        if let Some(f) = input::strings(sp, "AllowedFirstAuthFactors", 5, Some(FIRST_FACTORS))? {
            // API reference, SignInPolicyType: SOFTWARE_TOKEN is not supported as a first
            // factor; the developer guide: PASSWORD cannot be removed from the sign-in policy.
            if f.iter().any(|x| x == "SOFTWARE_TOKEN") {
                return Err(ApiError::invalid_param(
                    "SOFTWARE_TOKEN is not supported as a first authentication factor.",
                ));
            }
            if !f.iter().any(|x| x == "PASSWORD") {
                return Err(ApiError::invalid_param(
                    "AllowedFirstAuthFactors must include PASSWORD.",
                ));
            }
            cfg.allowed_first_auth_factors = f;
        }
    }
    Ok(())
}

/// The members CreateUserPool and UpdateUserPool share.
fn apply_updatable(cfg: &mut PoolConfig, req: &Value) -> Result<(), ApiError> {
    if req.get("PoolName").is_some_and(|v| !v.is_null()) {
        cfg.name = input::name(req, "PoolName")?.to_string();
    }
    apply_policies(cfg, req)?;
    cfg.mfa = match input::one_of(req, "MfaConfiguration", &["OFF", "ON", "OPTIONAL"])? {
        Some("ON") => MfaMode::On,
        Some("OPTIONAL") => MfaMode::Optional,
        _ => MfaMode::Off,
    };
    if let Some(v) =
        input::strings(req, "AutoVerifiedAttributes", 2, Some(&["phone_number", "email"]))?
    {
        cfg.auto_verified_attributes = v;
    }
    if let Some(d) = input::structure(req, "DeviceConfiguration")? {
        cfg.device_configuration = Some(DeviceConfiguration {
            challenge_required_on_new_device: input::boolean(d, "ChallengeRequiredOnNewDevice")?
                .unwrap_or(false),
            device_only_remembered_on_user_prompt: input::boolean(
                d,
                "DeviceOnlyRememberedOnUserPrompt",
            )?
            .unwrap_or(false),
        });
    }
    cfg.deletion_protection =
        input::one_of(req, "DeletionProtection", &["ACTIVE", "INACTIVE"])? == Some("ACTIVE");
    cfg.allow_admin_create_user_only = match input::structure(req, "AdminCreateUserConfig")? {
        Some(a) => input::boolean(a, "AllowAdminCreateUserOnly")?.unwrap_or(false),
        None => false,
    };
    if let Some(tier) = input::one_of(req, "UserPoolTier", &["LITE", "ESSENTIALS", "PLUS"])? {
        cfg.stored.insert("UserPoolTier".into(), json!(tier));
    }
    input::keep(req, KEPT, &mut cfg.stored)
}

/// `Schema`: required attributes for SignUp; the list is stored as `SchemaAttributes`.
fn apply_schema(cfg: &mut PoolConfig, req: &Value) -> Result<(), ApiError> {
    let Some(list) = req.get("Schema").filter(|v| !v.is_null()) else { return Ok(()) };
    let Value::Array(list) = list else {
        return Err(ApiError::new("SerializationException", "Invalid type for member Schema"));
    };
    if list.is_empty() || list.len() > 50 {
        return Err(invalid("Schema", "(list)", "Member must have length between 1 and 50"));
    }
    let mut out = Vec::new();
    for attr in list {
        let name = input::string(attr, "Name", 1, 20)?.ok_or_else(|| input::null_member("Name"))?;
        let mut a = attr.clone();
        // Cognito's standard attributes (`Schema` names outside them become `custom:`).
        if !crate::policy::STANDARD_ATTRS.contains(&name) && !name.starts_with("custom:") {
            a["Name"] = json!(format!("custom:{name}"));
        } else if input::boolean(attr, "Required")? == Some(true) {
            cfg.required_attributes.push(name.to_string());
        }
        out.push(a);
    }
    cfg.stored.insert("SchemaAttributes".into(), Value::Array(out));
    Ok(())
}

/// CreateUserPool-only members: username/alias attributes, case sensitivity, schema.
fn apply_immutable(cfg: &mut PoolConfig, req: &Value) -> Result<(), ApiError> {
    let alias = input::strings(
        req,
        "AliasAttributes",
        3,
        Some(&["phone_number", "email", "preferred_username"]),
    )?;
    let username = input::strings(req, "UsernameAttributes", 2, Some(&["phone_number", "email"]))?;
    if alias.as_ref().is_some_and(|a| !a.is_empty())
        && username.as_ref().is_some_and(|u| !u.is_empty())
    {
        return Err(ApiError::invalid_param(
            "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
        ));
    }
    cfg.alias_attributes = alias.unwrap_or_default();
    cfg.username_attributes = username.unwrap_or_default();
    if let Some(uc) = input::structure(req, "UsernameConfiguration")? {
        cfg.case_sensitive = input::boolean(uc, "CaseSensitive")?
            .ok_or_else(|| input::null_member("CaseSensitive"))?;
        cfg.stored
            .insert("UsernameConfiguration".into(), json!({"CaseSensitive": cfg.case_sensitive}));
    }
    apply_schema(cfg, req)
}

fn new_pool_id(emu: &mut Emulator) -> String {
    loop {
        let id = format!("us-east-1_{}", emu.random_alnum(9, true));
        if !emu.store.pools.contains_key(&id) {
            return id;
        }
    }
}

pub(super) fn create_user_pool(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let mut cfg = api_defaults();
    cfg.name = input::name(req, "PoolName")?.to_string();
    apply_immutable(&mut cfg, req)?;
    apply_updatable(&mut cfg, req)?;
    if emu.store.pools.len() >= MAX_POOLS {
        return Err(ApiError::new(
            "LimitExceededException",
            "Maximum number of user pools reached.",
        ));
    }
    let id = new_pool_id(emu);
    cfg.id = Some(id.clone());
    let pool = Pool {
        id: id.clone(),
        cfg,
        clients: BTreeMap::new(),
        users: BTreeMap::new(),
        created_ms: now,
        modified_ms: now,
    };
    let out = user_pool(&pool);
    emu.store.pools.insert(id, pool);
    Ok(json!({ "UserPool": out }))
}

pub(super) fn describe_user_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = pool_id(emu, req)?;
    Ok(json!({ "UserPool": user_pool(&emu.store.pools[&id]) }))
}

pub(super) fn update_user_pool(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let id = pool_id(emu, req)?;
    let old = &emu.store.pools[&id].cfg;
    let mut cfg = PoolConfig {
        id: old.id.clone(),
        name: old.name.clone(),
        username_attributes: old.username_attributes.clone(),
        alias_attributes: old.alias_attributes.clone(),
        case_sensitive: old.case_sensitive,
        required_attributes: old.required_attributes.clone(),
        mfa_types: old.mfa_types.clone(),
        relying_party_id: old.relying_party_id.clone(),
        webauthn_user_verification: old.webauthn_user_verification.clone(),
        // Emulator-only settings (config file) are not Cognito's to reset.
        auto_confirm: old.auto_confirm,
        auto_verify_on_auto_confirm: old.auto_verify_on_auto_confirm,
        code_validity_seconds: old.code_validity_seconds,
        reset_code_validity_seconds: old.reset_code_validity_seconds,
        max_code_attempts: old.max_code_attempts,
        custom_auth: old.custom_auth.clone(),
        ..api_defaults()
    };
    for k in IMMUTABLE_STORED.iter().chain(["UsernameConfiguration"].iter()) {
        if let Some(v) = old.stored.get(*k) {
            cfg.stored.insert((*k).to_string(), v.clone());
        }
    }
    apply_updatable(&mut cfg, req)?;
    let pool = emu.pool_mut(&id);
    pool.cfg = cfg;
    pool.modified_ms = now;
    Ok(json!({}))
}

pub(super) fn delete_user_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = pool_id(emu, req)?;
    if emu.store.pools[&id].cfg.deletion_protection {
        return Err(ApiError::invalid_param(
            "The user pool cannot be deleted because deletion protection is activated. Deactivate deletion protection first.",
        ));
    }
    purge(emu, &id, None);
    if let Some(pool) = emu.store.pools.remove(&id) {
        for cid in pool.clients.keys() {
            emu.store.client_index.remove(cid);
        }
    }
    emu.store.inbox.retain(|m| m.user_pool_id != id);
    Ok(json!({}))
}

pub(super) fn list_user_pools(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let max = input::integer(req, "MaxResults", 1, 60)?
        .ok_or_else(|| input::null_member("MaxResults"))?;
    let token = input::string(req, "NextToken", 1, 131_072)?;
    let (ids, next) = page(emu.store.pools.keys(), token, max as usize)?;
    let pools: Vec<Value> = ids
        .iter()
        .filter_map(|id| emu.store.pools.get(id))
        .map(|p| {
            json!({
                "Id": p.id,
                "Name": p.cfg.name,
                "LambdaConfig": p.cfg.stored.get("LambdaConfig").cloned().unwrap_or(json!({})),
                "CreationDate": date(p.created_ms),
                "LastModifiedDate": date(p.modified_ms),
            })
        })
        .collect();
    let mut out = json!({ "UserPools": pools });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

fn mfa_name(m: MfaMode) -> &'static str {
    match m {
        MfaMode::Off => "OFF",
        MfaMode::On => "ON",
        MfaMode::Optional => "OPTIONAL",
    }
}

/// `UserPoolType`, from the internal model (so config-file pools describe the same way).
pub(super) fn user_pool(pool: &Pool) -> Value {
    let c = &pool.cfg;
    let p = &c.password_policy;
    let region = pool.id.split_once('_').map_or("us-east-1", |(r, _)| r);
    let mut password_policy = json!({
        "MinimumLength": p.minimum_length,
        "RequireUppercase": p.require_uppercase,
        "RequireLowercase": p.require_lowercase,
        "RequireNumbers": p.require_numbers,
        "RequireSymbols": p.require_symbols,
        "TemporaryPasswordValidityDays": p.temporary_password_validity_days,
    });
    if let Some(h) = c.stored.get("PasswordHistorySize") {
        password_policy["PasswordHistorySize"] = h.clone();
    }
    let mut out = Map::new();
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    put("Id", json!(pool.id));
    put("Name", json!(c.name));
    put("Arn", json!(format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{}", pool.id)));
    put(
        "Policies",
        json!({
            "PasswordPolicy": password_policy,
            "SignInPolicy": {"AllowedFirstAuthFactors": c.allowed_first_auth_factors},
        }),
    );
    put("DeletionProtection", json!(if c.deletion_protection { "ACTIVE" } else { "INACTIVE" }));
    put("LambdaConfig", json!({}));
    put("CreationDate", date(pool.created_ms));
    put("LastModifiedDate", date(pool.modified_ms));
    put("MfaConfiguration", json!(mfa_name(c.mfa)));
    put("EstimatedNumberOfUsers", json!(pool.users.len()));
    put("UserPoolTier", json!("ESSENTIALS"));
    put(
        "AdminCreateUserConfig",
        json!({
            "AllowAdminCreateUserOnly": c.allow_admin_create_user_only,
            "UnusedAccountValidityDays": p.temporary_password_validity_days,
        }),
    );
    for (k, v) in [
        ("AutoVerifiedAttributes", &c.auto_verified_attributes),
        ("AliasAttributes", &c.alias_attributes),
        ("UsernameAttributes", &c.username_attributes),
    ] {
        if !v.is_empty() {
            put(k, json!(v));
        }
    }
    if !c.case_sensitive {
        put("UsernameConfiguration", json!({"CaseSensitive": false}));
    }
    if let Some(d) = &c.device_configuration {
        put(
            "DeviceConfiguration",
            json!({
                "ChallengeRequiredOnNewDevice": d.challenge_required_on_new_device,
                "DeviceOnlyRememberedOnUserPrompt": d.device_only_remembered_on_user_prompt,
            }),
        );
    }
    for (k, v) in &c.stored {
        if KEPT.contains(&k.as_str()) || k == "SchemaAttributes" || k == "UsernameConfiguration" {
            put(k, v.clone());
        }
    }
    if let Some(a) = out.get_mut("AdminCreateUserConfig") {
        a["AllowAdminCreateUserOnly"] = json!(c.allow_admin_create_user_only);
    }
    Value::Object(out)
}
