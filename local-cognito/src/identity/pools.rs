//! The identity-pool control plane: Create/Describe/Update/Delete/ListIdentityPools,
//! Set/GetIdentityPoolRoles and DescribeIdentity, mapped onto `IdentityPoolConfig` (the
//! config file's model), so a pool made by a setup script behaves like a configured one.

use super::{
    boolean, id_member, identity_pool, null_member, present, string, validation, wrong_type,
    MAX_IDENTITY_POOLS,
};
use crate::config::{IdentityPoolConfig, IdentityProviderConfig};
use crate::error::{ApiError, ApiResult};
use crate::state::Emulator;
use crate::store::IdentityPool;
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// A JSON type test.
type IsType = fn(&Value) -> bool;

/// Members stored verbatim (not emulated) and their JSON types.
const STORED: &[(&str, IsType)] = &[
    ("SupportedLoginProviders", Value::is_object),
    ("DeveloperProviderName", Value::is_string),
    ("OpenIdConnectProviderARNs", Value::is_array),
    ("SamlProviderARNs", Value::is_array),
    ("IdentityPoolTags", Value::is_object),
];

/// The `IdentityPool` shape of a pool.
fn shape(p: &IdentityPool) -> Value {
    let c = &p.cfg;
    let mut out = json!({
        "IdentityPoolId": p.id,
        "IdentityPoolName": c.name,
        "AllowUnauthenticatedIdentities": c.allow_unauthenticated_identities,
        "AllowClassicFlow": c.allow_classic_flow,
    });
    if !c.cognito_identity_providers.is_empty() {
        out["CognitoIdentityProviders"] = c
            .cognito_identity_providers
            .iter()
            .map(|p| {
                json!({
                    "ProviderName": p.provider_name,
                    "ClientId": p.client_id,
                    "ServerSideTokenCheck": p.server_side_token_check,
                })
            })
            .collect();
    }
    for (k, _) in STORED {
        if let Some(v) = c.stored.get(*k) {
            out[*k] = v.clone();
        }
    }
    out
}

/// The pool settings of a Create/UpdateIdentityPool request.
fn config_of(req: &Value) -> Result<IdentityPoolConfig, ApiError> {
    let name = string(req, "IdentityPoolName", 0, usize::MAX)?
        .ok_or_else(|| null_member("IdentityPoolName"))?;
    let allow_unauth = boolean(req, "AllowUnauthenticatedIdentities")?
        .ok_or_else(|| null_member("AllowUnauthenticatedIdentities"))?;
    let mut providers = Vec::new();
    match present(req, "CognitoIdentityProviders") {
        None => {}
        Some(Value::Array(list)) => {
            for p in list {
                if !p.is_object() {
                    return Err(wrong_type("CognitoIdentityProviders"));
                }
                let text = |k: &str| match present(p, k) {
                    None => Ok(String::new()),
                    Some(Value::String(s)) => Ok(s.clone()),
                    Some(_) => Err(wrong_type(k)),
                };
                providers.push(IdentityProviderConfig {
                    provider_name: text("ProviderName")?,
                    client_id: text("ClientId")?,
                    server_side_token_check: boolean(p, "ServerSideTokenCheck")?.unwrap_or(false),
                });
            }
        }
        Some(_) => return Err(wrong_type("CognitoIdentityProviders")),
    }
    let mut stored = Map::new();
    for (k, ok) in STORED {
        if let Some(v) = present(req, k) {
            if !ok(v) {
                return Err(wrong_type(k));
            }
            stored.insert((*k).to_string(), v.clone());
        }
    }
    Ok(IdentityPoolConfig {
        id: None,
        name: name.to_string(),
        allow_unauthenticated_identities: allow_unauth,
        allow_classic_flow: boolean(req, "AllowClassicFlow")?.unwrap_or(false),
        cognito_identity_providers: providers,
        roles: BTreeMap::new(),
        stored,
    })
}

pub(super) fn create_identity_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let cfg = config_of(req)?;
    super::check_config(&cfg)?;
    if emu.store.identity_pools.len() >= MAX_IDENTITY_POOLS {
        return Err(ApiError::new(
            "LimitExceededException",
            format!("You have reached the limit of {MAX_IDENTITY_POOLS} identity pools."),
        ));
    }
    let id = emu.add_identity_pool(cfg).map_err(ApiError::invalid_param)?;
    Ok(shape(&emu.store.identity_pools[&id]))
}

pub(super) fn describe_identity_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    Ok(shape(identity_pool(emu, req)?))
}

/// UpdateIdentityPool replaces the settings: members left out go back to their defaults
/// (as Cognito documents); the roles, set by SetIdentityPoolRoles, stay.
pub(super) fn update_identity_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = identity_pool(emu, req)?.id.clone();
    let mut cfg = config_of(req)?;
    super::check_config(&cfg)?;
    let pool = emu.store.identity_pools.get_mut(&id).ok_or_else(|| super::pool_not_found(&id))?;
    cfg.id = Some(id);
    cfg.roles = std::mem::take(&mut pool.cfg.roles);
    if let Some(m) = pool.cfg.stored.remove("RoleMappings") {
        cfg.stored.insert("RoleMappings".into(), m);
    }
    pool.cfg = cfg;
    Ok(shape(pool))
}

pub(super) fn delete_identity_pool(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = identity_pool(emu, req)?.id.clone();
    let store = &mut emu.store;
    store.identity_pools.remove(&id);
    store.identities.retain(|_, i| i.pool_id != id);
    let prefix = format!("{id}\0");
    store.identity_logins.retain(|k, _| !k.starts_with(&prefix));
    let live = &store.identities;
    store.guest_order.retain(|g| live.contains_key(g));
    if emu.default_identity_pool.as_deref() == Some(id.as_str()) {
        emu.default_identity_pool = None;
    }
    Ok(json!({}))
}

pub(super) fn list_identity_pools(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let max = match present(req, "MaxResults") {
        None => return Err(null_member("MaxResults")),
        Some(v) => match v.as_u64() {
            Some(n @ 1..=60) => n as usize,
            Some(_) | None if v.is_number() => {
                return Err(validation(
                    "MaxResults",
                    &format!("'{v}'"),
                    "Member must have value between 1 and 60",
                ))
            }
            _ => return Err(wrong_type("MaxResults")),
        },
    };
    let after = match string(req, "NextToken", 1, 65535)? {
        None => None,
        Some(t) => Some(
            URL_SAFE_NO_PAD
                .decode(t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::invalid_param("Invalid pagination token."))?,
        ),
    };
    let mut rest = emu
        .store
        .identity_pools
        .values()
        .filter(|p| after.as_ref().is_none_or(|a| p.id.as_str() > a.as_str()));
    let items: Vec<&IdentityPool> = rest.by_ref().take(max).collect();
    let mut out = json!({
        "IdentityPools": items
            .iter()
            .map(|p| json!({"IdentityPoolId": p.id, "IdentityPoolName": p.cfg.name}))
            .collect::<Vec<_>>(),
    });
    if let (Some(_), Some(last)) = (rest.next(), items.last()) {
        out["NextToken"] = json!(URL_SAFE_NO_PAD.encode(last.id.as_bytes()));
    }
    Ok(out)
}

pub(super) fn set_identity_pool_roles(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = identity_pool(emu, req)?.id.clone();
    let roles = match present(req, "Roles") {
        None => return Err(null_member("Roles")),
        Some(Value::Object(m)) => {
            let mut roles = BTreeMap::new();
            for (k, v) in m {
                let arn = v.as_str().ok_or_else(|| wrong_type("Roles"))?;
                roles.insert(k.clone(), arn.to_string());
            }
            roles
        }
        Some(_) => return Err(wrong_type("Roles")),
    };
    if roles.len() > 2 {
        return Err(validation(
            "Roles",
            "(map)",
            "Member must have length less than or equal to 2",
        ));
    }
    let mappings = match present(req, "RoleMappings") {
        None => None,
        Some(v @ Value::Object(_)) => Some(v.clone()),
        Some(_) => return Err(wrong_type("RoleMappings")),
    };
    let pool = emu.store.identity_pools.get_mut(&id).ok_or_else(|| super::pool_not_found(&id))?;
    let mut cfg = pool.cfg.clone();
    cfg.roles = roles;
    super::check_config(&cfg)?;
    match mappings {
        Some(m) => cfg.stored.insert("RoleMappings".into(), m),
        None => cfg.stored.remove("RoleMappings"),
    };
    pool.cfg = cfg;
    Ok(json!({}))
}

pub(super) fn get_identity_pool_roles(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let pool = identity_pool(emu, req)?;
    let mut out = json!({ "IdentityPoolId": pool.id, "Roles": pool.cfg.roles });
    if let Some(m) = pool.cfg.stored.get("RoleMappings") {
        out["RoleMappings"] = m.clone();
    }
    Ok(out)
}

pub(super) fn describe_identity(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let id = id_member(req, "IdentityId")?;
    let i =
        emu.store.identities.get(id).ok_or_else(|| super::federation::identity_not_found(id))?;
    let mut out = json!({
        "IdentityId": i.id,
        "CreationDate": i.created_ms as f64 / 1000.0,
        "LastModifiedDate": i.modified_ms as f64 / 1000.0,
    });
    if !i.logins.is_empty() {
        out["Logins"] = i.logins.iter().map(|(p, _)| json!(p)).collect();
    }
    Ok(out)
}
