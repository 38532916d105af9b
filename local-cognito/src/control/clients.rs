//! CreateUserPoolClient, DescribeUserPoolClient, UpdateUserPoolClient,
//! DeleteUserPoolClient, ListUserPoolClients.
//!
//! Defaults and limits from the API reference (CreateUserPoolClient): `ExplicitAuthFlows`
//! absent means ALLOW_REFRESH_TOKEN_AUTH, ALLOW_USER_SRP_AUTH and ALLOW_CUSTOM_AUTH;
//! `PreventUserExistenceErrors` defaults to LEGACY; token revocation is on; validities
//! default to 1 h (access, id) and 30 days (refresh) in the units hours, hours, days;
//! access and id tokens last 5 minutes to 1 day, refresh tokens 60 minutes to 10 years
//! (0 means the 30-day default); `AuthSessionValidity` is 3 to 15 minutes. UpdateUserPoolClient
//! resets what the request leaves out, as Cognito does; id, secret and creation date stay.

use super::input::{self, invalid};
use super::{date, page, pool_id, purge, MAX_CLIENTS_PER_POOL};
use crate::config::{ClientConfig, RefreshTokenRotation, TokenValidityUnits};
use crate::emulator::Emulator;
use crate::error::{ApiError, ApiResult};
use crate::store::Client;
use serde_json::{json, Map, Value};

const FLOWS: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
    "ALLOW_TOKEN_EXCHANGE_DELEGATION",
    "ALLOW_TOKEN_EXCHANGE_IMPERSONATION",
];
const LEGACY_FLOWS: &[&str] = &["ADMIN_NO_SRP_AUTH", "CUSTOM_AUTH_FLOW_ONLY", "USER_PASSWORD_AUTH"];
const UNITS: &[&str] = &["seconds", "minutes", "hours", "days"];
const STANDARD_SCOPES: &[&str] =
    &["phone", "email", "openid", "profile", "aws.cognito.signin.user.admin"];
/// Members without effect here, stored as sent and returned.
const KEPT: &[&str] = &["AnalyticsConfiguration", "EnablePropagateAdditionalUserContextData"];

fn unit_seconds(unit: &str) -> u64 {
    match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        _ => 86_400,
    }
}

/// The client settings a CreateUserPoolClient or UpdateUserPoolClient request describes.
fn client_config(req: &Value) -> Result<ClientConfig, ApiError> {
    let mut c = ClientConfig {
        name: input::name(req, "ClientName")?.to_string(),
        explicit_auth_flows: vec![
            "ALLOW_REFRESH_TOKEN_AUTH".into(),
            "ALLOW_USER_SRP_AUTH".into(),
            "ALLOW_CUSTOM_AUTH".into(),
        ],
        prevent_user_existence_errors: false,
        ..ClientConfig::default()
    };
    if let Some(flows) = input::strings(req, "ExplicitAuthFlows", 11, Some(FLOWS))? {
        let legacy = flows.iter().filter(|f| LEGACY_FLOWS.contains(&f.as_str())).count();
        if legacy != 0 && legacy != flows.len() {
            return Err(ApiError::invalid_param(
                "ExplicitAuthFlows cannot mix legacy values and ALLOW_ values.",
            ));
        }
        c.explicit_auth_flows = flows;
    }
    c.prevent_user_existence_errors =
        input::one_of(req, "PreventUserExistenceErrors", &["LEGACY", "ENABLED"])?
            == Some("ENABLED");
    c.enable_token_revocation = input::boolean(req, "EnableTokenRevocation")?.unwrap_or(true);
    c.auth_session_validity_minutes =
        input::integer(req, "AuthSessionValidity", 3, 15)?.unwrap_or(3);
    apply_validities(&mut c, req)?;
    if let Some(r) = input::structure(req, "RefreshTokenRotation")? {
        let feature = input::one_of(r, "Feature", &["ENABLED", "DISABLED"])?
            .ok_or_else(|| input::null_member("Feature"))?;
        let grace = input::integer(r, "RetryGracePeriodSeconds", 0, 60)?.unwrap_or(0);
        c.refresh_token_rotation = Some(RefreshTokenRotation {
            feature: feature.into(),
            retry_grace_period_seconds: grace,
        });
    }
    c.check().map_err(ApiError::invalid_param)?;
    apply_oauth(&mut c, req)?;
    c.read_attributes = input::strings(req, "ReadAttributes", 100, None)?.unwrap_or_default();
    c.write_attributes = input::strings(req, "WriteAttributes", 100, None)?.unwrap_or_default();
    input::keep(req, KEPT, &mut c.stored)?;
    Ok(c)
}

/// Token validities in their units, stored as seconds, range-checked as Cognito does.
fn apply_validities(c: &mut ClientConfig, req: &Value) -> Result<(), ApiError> {
    let mut units = TokenValidityUnits::default();
    let given_units = input::structure(req, "TokenValidityUnits")?;
    if let Some(u) = given_units {
        for (member, slot) in [
            ("AccessToken", &mut units.access_token),
            ("IdToken", &mut units.id_token),
            ("RefreshToken", &mut units.refresh_token),
        ] {
            if let Some(v) = input::one_of(u, member, UNITS)? {
                *slot = v.to_string();
            }
        }
    }
    let seconds = |member: &str,
                   unit: &str,
                   max: u64,
                   lo: u64,
                   hi: u64|
     -> Result<Option<u64>, ApiError> {
        let Some(v) = input::integer(req, member, 0, max)? else { return Ok(None) };
        let s = v.saturating_mul(unit_seconds(unit));
        if s < lo || s > hi {
            return Err(invalid(member, &format!("'{v}'"), "Invalid range for token validity."));
        }
        Ok(Some(s))
    };
    if let Some(s) = seconds("AccessTokenValidity", &units.access_token, 86_400, 300, 86_400)? {
        c.access_token_validity_seconds = s;
    }
    if let Some(s) = seconds("IdTokenValidity", &units.id_token, 86_400, 300, 86_400)? {
        c.id_token_validity_seconds = s;
    }
    let refresh_given = req.get("RefreshTokenValidity").and_then(Value::as_u64);
    if refresh_given != Some(0) {
        if let Some(s) =
            seconds("RefreshTokenValidity", &units.refresh_token, 315_360_000, 3600, 315_360_000)?
        {
            c.refresh_token_validity_seconds = s;
        }
    }
    c.token_validity_units = given_units.map(|_| units);
    Ok(())
}

/// OAuth members (used by the hosted UI and OAuth endpoints, `crate::hosted`). Checks as Cognito's: flows and
/// scopes from their sets, custom scopes need a resource server (none exist here),
/// `client_credentials` needs a secret and cannot be combined with `code`/`implicit`, which
/// need a callback URL.
fn apply_oauth(c: &mut ClientConfig, req: &Value) -> Result<(), ApiError> {
    c.allowed_oauth_flows = input::strings(
        req,
        "AllowedOAuthFlows",
        3,
        Some(&["code", "implicit", "client_credentials"]),
    )?
    .unwrap_or_default();
    c.allowed_oauth_scopes =
        input::strings(req, "AllowedOAuthScopes", 50, None)?.unwrap_or_default();
    if let Some(s) = c.allowed_oauth_scopes.iter().find(|s| !STANDARD_SCOPES.contains(&s.as_str()))
    {
        return Err(ApiError::new(
            "ScopeDoesNotExistException",
            format!("Invalid scope requested: {s}"),
        ));
    }
    c.allowed_oauth_flows_user_pool_client =
        input::boolean(req, "AllowedOAuthFlowsUserPoolClient")?.unwrap_or(false);
    c.callback_urls = input::strings(req, "CallbackURLs", 100, None)?.unwrap_or_default();
    c.logout_urls = input::strings(req, "LogoutURLs", 100, None)?.unwrap_or_default();
    c.default_redirect_uri = input::string(req, "DefaultRedirectURI", 1, 1024)?.map(String::from);
    c.supported_identity_providers =
        input::strings(req, "SupportedIdentityProviders", 50, None)?.unwrap_or_default();
    for url in c.callback_urls.iter().chain(&c.logout_urls).chain(&c.default_redirect_uri) {
        let local = ["http://localhost", "http://127.0.0.1"].iter().any(|p| {
            url.strip_prefix(p).is_some_and(|r| r.is_empty() || r.starts_with([':', '/']))
        });
        if !(url.starts_with("https://")
            || local
            || (url.contains("://") && !url.starts_with("http://")))
        {
            return Err(ApiError::invalid_param(format!(
                "{url} is not a valid redirect URL: use https, or http only for localhost."
            )));
        }
    }
    if let Some(d) = &c.default_redirect_uri {
        if !c.callback_urls.contains(d) {
            return Err(ApiError::invalid_param(
                "DefaultRedirectURI must be one of the CallbackURLs.",
            ));
        }
    }
    if c.allowed_oauth_flows_user_pool_client {
        if c.allowed_oauth_flows.is_empty() || c.allowed_oauth_scopes.is_empty() {
            return Err(ApiError::invalid_param(
                "AllowedOAuthFlows and AllowedOAuthScopes are required when AllowedOAuthFlowsUserPoolClient is true.",
            ));
        }
        let interactive = c.allowed_oauth_flows.iter().any(|f| f == "code" || f == "implicit");
        if interactive && c.callback_urls.is_empty() {
            return Err(ApiError::invalid_param(
                "CallbackURLs are required for the code and implicit flows.",
            ));
        }
        if interactive && c.allowed_oauth_flows.iter().any(|f| f == "client_credentials") {
            return Err(ApiError::new(
                "InvalidOAuthFlowException",
                "client_credentials flow can not be selected with either implicit or code flow.",
            ));
        }
    }
    Ok(())
}

fn not_found(client_id: &str) -> ApiError {
    ApiError::new(
        "ResourceNotFoundException",
        format!("User pool client {client_id} does not exist."),
    )
}

/// `(pool id, client id)` of a request naming both; ResourceNotFoundException if unknown.
fn ids(emu: &Emulator, req: &Value) -> Result<(String, String), ApiError> {
    let pool = pool_id(emu, req)?;
    let client =
        input::string(req, "ClientId", 1, 128)?.ok_or_else(|| input::null_member("ClientId"))?;
    if emu.store.pools[&pool].clients.contains_key(client) {
        Ok((pool, client.to_string()))
    } else {
        Err(not_found(client))
    }
}

pub(super) fn create_user_pool_client(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let pool = pool_id(emu, req)?;
    let mut cfg = client_config(req)?;
    let given_secret = input::string(req, "ClientSecret", 24, 64)?;
    if given_secret.is_some_and(|s| !s.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '+'))
    {
        return Err(invalid(
            "ClientSecret",
            "(hidden)",
            "Member must satisfy regular expression pattern: [\\w+]+",
        ));
    }
    let generate = input::boolean(req, "GenerateSecret")?.unwrap_or(false);
    if cfg.allowed_oauth_flows.iter().any(|f| f == "client_credentials")
        && !(generate || given_secret.is_some())
    {
        return Err(ApiError::new(
            "InvalidOAuthFlowException",
            "client_credentials flow can only be enabled for a client with a secret.",
        ));
    }
    if emu.store.pools[&pool].clients.len() >= MAX_CLIENTS_PER_POOL {
        return Err(ApiError::new(
            "LimitExceededException",
            "Maximum number of app clients reached.",
        ));
    }
    let id = loop {
        let id = emu.random_alnum(26, false);
        if !emu.store.client_index.contains_key(&id) {
            break id;
        }
    };
    let secret = match given_secret {
        Some(s) => Some(s.to_string()),
        None if generate => Some(emu.random_alnum(51, false)),
        None => None,
    };
    cfg.id = Some(id.clone());
    cfg.generate_secret = secret.is_some();
    let client = Client { id: id.clone(), secret, cfg, created_ms: now, modified_ms: now };
    let out = user_pool_client(&pool, &client);
    emu.store.client_index.insert(id.clone(), pool.clone());
    emu.pool_mut(&pool).clients.insert(id, client);
    Ok(json!({ "UserPoolClient": out }))
}

pub(super) fn describe_user_pool_client(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool, client) = ids(emu, req)?;
    Ok(json!({ "UserPoolClient": user_pool_client(&pool, emu.client(&pool, &client)) }))
}

pub(super) fn update_user_pool_client(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (pool, client_id) = ids(emu, req)?;
    let mut cfg = client_config(req)?;
    let client = emu.client(&pool, &client_id);
    if cfg.allowed_oauth_flows.iter().any(|f| f == "client_credentials") && client.secret.is_none()
    {
        return Err(ApiError::new(
            "InvalidOAuthFlowException",
            "client_credentials flow can only be enabled for a client with a secret.",
        ));
    }
    cfg.id = client.cfg.id.clone();
    cfg.generate_secret = client.cfg.generate_secret;
    cfg.secret = client.cfg.secret.clone();
    let Some(client) = emu.pool_mut(&pool).clients.get_mut(&client_id) else {
        return Err(not_found(&client_id));
    };
    client.cfg = cfg;
    client.modified_ms = now;
    Ok(json!({ "UserPoolClient": user_pool_client(&pool, client) }))
}

pub(super) fn delete_user_pool_client(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let (pool, client) = ids(emu, req)?;
    purge(emu, &pool, Some(&client));
    emu.pool_mut(&pool).clients.remove(&client);
    emu.store.client_index.remove(&client);
    Ok(json!({}))
}

pub(super) fn list_user_pool_clients(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let pool = pool_id(emu, req)?;
    let max = input::integer(req, "MaxResults", 1, 60)?.unwrap_or(60);
    let token = input::string(req, "NextToken", 1, 131_072)?;
    let clients = &emu.store.pools[&pool].clients;
    let (ids, next) = page(clients.keys(), token, max as usize)?;
    let list: Vec<Value> = ids
        .iter()
        .filter_map(|id| clients.get(id))
        .map(|c| json!({"ClientId": c.id, "UserPoolId": pool, "ClientName": c.cfg.name}))
        .collect();
    let mut out = json!({ "UserPoolClients": list });
    if let Some(n) = next {
        out["NextToken"] = json!(n);
    }
    Ok(out)
}

/// A validity in seconds as `(value, unit)`: in `unit` when it divides evenly, else in the
/// largest unit that does.
fn in_unit(seconds: u64, unit: &str) -> (u64, String) {
    for u in std::iter::once(unit).chain(["days", "hours", "minutes", "seconds"]) {
        if seconds.is_multiple_of(unit_seconds(u)) {
            return (seconds / unit_seconds(u), u.to_string());
        }
    }
    (seconds, "seconds".into())
}

/// `UserPoolClientType`, from the internal model (config-file clients describe the same way).
pub(super) fn user_pool_client(pool_id: &str, client: &Client) -> Value {
    let c = &client.cfg;
    let units = c.token_validity_units.clone().unwrap_or_default();
    let (access, access_unit) = in_unit(c.access_token_validity_seconds, &units.access_token);
    let (id, id_unit) = in_unit(c.id_token_validity_seconds, &units.id_token);
    let (refresh, refresh_unit) = in_unit(c.refresh_token_validity_seconds, &units.refresh_token);
    let mut out = Map::new();
    let mut put = |k: &str, v: Value| {
        out.insert(k.to_string(), v);
    };
    put("UserPoolId", json!(pool_id));
    put("ClientName", json!(c.name));
    put("ClientId", json!(client.id));
    if let Some(s) = &client.secret {
        put("ClientSecret", json!(s));
    }
    put("CreationDate", date(client.created_ms));
    put("LastModifiedDate", date(client.modified_ms));
    put("RefreshTokenValidity", json!(refresh));
    put("AccessTokenValidity", json!(access));
    put("IdTokenValidity", json!(id));
    put(
        "TokenValidityUnits",
        json!({"AccessToken": access_unit, "IdToken": id_unit, "RefreshToken": refresh_unit}),
    );
    for (k, v) in [
        ("ReadAttributes", &c.read_attributes),
        ("WriteAttributes", &c.write_attributes),
        ("ExplicitAuthFlows", &c.explicit_auth_flows),
        ("SupportedIdentityProviders", &c.supported_identity_providers),
        ("CallbackURLs", &c.callback_urls),
        ("LogoutURLs", &c.logout_urls),
        ("AllowedOAuthFlows", &c.allowed_oauth_flows),
        ("AllowedOAuthScopes", &c.allowed_oauth_scopes),
    ] {
        if !v.is_empty() {
            put(k, json!(v));
        }
    }
    if let Some(d) = &c.default_redirect_uri {
        put("DefaultRedirectURI", json!(d));
    }
    put("AllowedOAuthFlowsUserPoolClient", json!(c.allowed_oauth_flows_user_pool_client));
    put(
        "PreventUserExistenceErrors",
        json!(if c.prevent_user_existence_errors { "ENABLED" } else { "LEGACY" }),
    );
    put("EnableTokenRevocation", json!(c.enable_token_revocation));
    put("EnablePropagateAdditionalUserContextData", json!(false));
    put("AuthSessionValidity", json!(c.auth_session_validity_minutes));
    if let Some(r) = &c.refresh_token_rotation {
        put(
            "RefreshTokenRotation",
            json!({"Feature": r.feature, "RetryGracePeriodSeconds": r.retry_grace_period_seconds}),
        );
    }
    for (k, v) in &c.stored {
        put(k, v.clone());
    }
    Value::Object(out)
}
