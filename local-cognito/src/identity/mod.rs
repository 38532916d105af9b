//! Cognito Identity (identity pools), `X-Amz-Target: AWSCognitoIdentityService.<Action>`:
//! the control plane (`pools.rs`) and the credential exchange (`federation.rs`: GetId,
//! GetCredentialsForIdentity, GetOpenIdToken). Shapes, limits and errors: botocore's
//! `cognito-identity/2014-06-30/service-2.json` and the Amazon Cognito Identity API
//! reference. Cognito Identity answers constraint violations with `ValidationException`
//! (the user-pool API says InvalidParameterException), and its ids are `<region>:<uuid>`.

mod federation;
mod pools;

use crate::config::IdentityPoolConfig;
pub(crate) use crate::control::input::{boolean, present, wrong_type};
use crate::control::input::{path, string_as};
use crate::error::{ApiError, ApiResult};
use crate::state::Emulator;
use crate::store::IdentityPool;
use serde_json::Value;

/// Most identity pools the emulator keeps (LimitExceededException beyond).
const MAX_IDENTITY_POOLS: usize = 1000;
/// Most identities kept; past it the oldest guest identities are forgotten.
pub(crate) const MAX_IDENTITIES: usize = 100_000;

/// The handler of a Cognito Identity action, `None` for any other name.
pub(crate) fn route(action: &str) -> Option<fn(&mut Emulator, &Value, u64) -> ApiResult> {
    Some(match action {
        "CreateIdentityPool" => pools::create_identity_pool,
        "DescribeIdentityPool" => pools::describe_identity_pool,
        "UpdateIdentityPool" => pools::update_identity_pool,
        "DeleteIdentityPool" => pools::delete_identity_pool,
        "ListIdentityPools" => pools::list_identity_pools,
        "SetIdentityPoolRoles" => pools::set_identity_pool_roles,
        "GetIdentityPoolRoles" => pools::get_identity_pool_roles,
        "DescribeIdentity" => pools::describe_identity,
        "GetId" => federation::get_id,
        "GetCredentialsForIdentity" => federation::get_credentials_for_identity,
        "GetOpenIdToken" => federation::get_open_id_token,
        _ => return None,
    })
}

/// The actions Cognito Identity serves without IAM signing.
pub const PUBLIC_ACTIONS: &[&str] = &["GetId", "GetCredentialsForIdentity", "GetOpenIdToken"];

// ----- request members -----

pub(crate) fn validation(name: &str, shown: &str, constraint: &str) -> ApiError {
    ApiError::new(
        "ValidationException",
        format!(
            "1 validation error detected: Value {shown} at '{}' failed to satisfy constraint: {constraint}",
            path(name)
        ),
    )
}

fn null_member(name: &str) -> ApiError {
    validation(name, "null", "Member must not be null")
}

/// Optional string of `min..=max` characters (the value is never echoed: it may be a token).
fn string<'a>(
    req: &'a Value,
    name: &str,
    min: usize,
    max: usize,
) -> Result<Option<&'a str>, ApiError> {
    string_as(req, name, min, max, validation)
}

/// Is `s` of the pattern `[\w-]+:[0-9a-f-]+` (identity pool and identity ids)?
pub(crate) fn is_region_uuid(s: &str) -> bool {
    let Some((region, id)) = s.split_once(':') else { return false };
    !region.is_empty()
        && region.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-')
}

/// A required `<region>:<uuid>` member (1–55 characters).
fn id_member<'a>(req: &'a Value, name: &str) -> Result<&'a str, ApiError> {
    let s = string(req, name, 1, 55)?.ok_or_else(|| null_member(name))?;
    if is_region_uuid(s) {
        Ok(s)
    } else {
        Err(validation(
            name,
            &format!("'{s}'"),
            "Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
        ))
    }
}

/// The identity pool named by `IdentityPoolId`, or ResourceNotFoundException.
fn identity_pool<'a>(emu: &'a Emulator, req: &Value) -> Result<&'a IdentityPool, ApiError> {
    let id = id_member(req, "IdentityPoolId")?;
    emu.store.identity_pools.get(id).ok_or_else(|| pool_not_found(id))
}

fn pool_not_found(id: &str) -> ApiError {
    ApiError::new("ResourceNotFoundException", format!("IdentityPool '{id}' not found."))
}

/// Checks an identity pool's settings as CreateIdentityPool does (also for the config file).
pub(crate) fn check_config(cfg: &IdentityPoolConfig) -> Result<(), ApiError> {
    let name = &cfg.name;
    let n = name.chars().count();
    if n == 0 || n > 128 {
        return Err(validation(
            "IdentityPoolName",
            &format!("'{name}'"),
            "Member must have length between 1 and 128",
        ));
    }
    if !name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ' ') {
        return Err(validation(
            "IdentityPoolName",
            &format!("'{name}'"),
            "Member must satisfy regular expression pattern: [\\w ]+",
        ));
    }
    if let Some(id) = &cfg.id {
        if id.len() > 55 || !is_region_uuid(id) {
            return Err(validation(
                "IdentityPoolId",
                &format!("'{id}'"),
                "Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
            ));
        }
    }
    if cfg.cognito_identity_providers.len() > 50 {
        return Err(ApiError::new(
            "LimitExceededException",
            "An identity pool can have at most 50 Cognito identity providers.",
        ));
    }
    for p in &cfg.cognito_identity_providers {
        let client_ok = !p.client_id.is_empty()
            && p.client_id.len() <= 128
            && p.client_id.chars().all(|c| c.is_alphanumeric() || c == '_');
        if user_pool_of_provider(&p.provider_name).is_none() || !client_ok {
            return Err(ApiError::invalid_param("Invalid Cognito Identity Provider"));
        }
    }
    for (k, arn) in &cfg.roles {
        if k != "authenticated" && k != "unauthenticated" {
            return Err(ApiError::invalid_param(format!(
                "Invalid role type {k}: roles are 'authenticated' or 'unauthenticated'."
            )));
        }
        if arn.len() < 20 || arn.len() > 2048 || !arn.starts_with("arn:") {
            return Err(ApiError::invalid_param(format!("Invalid role ARN for {k}.")));
        }
    }
    Ok(())
}

/// The user pool id of a provider name `cognito-idp.<region>.amazonaws.com/<userPoolId>`
/// whose region is the user pool id's.
pub(crate) fn user_pool_of_provider(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("cognito-idp.")?;
    let (region, pool) = rest.split_once(".amazonaws.com/")?;
    let (pool_region, suffix) = pool.split_once('_')?;
    let ok = pool_region == region
        && !suffix.is_empty()
        && suffix.chars().all(|c| c.is_ascii_alphanumeric())
        && name.len() <= 128;
    ok.then_some(pool)
}

impl Emulator {
    /// Create an identity pool from its config; returns its id.
    pub fn add_identity_pool(&mut self, cfg: IdentityPoolConfig) -> Result<String, String> {
        check_config(&cfg).map_err(|e| e.message)?;
        if self.store.identity_pools.len() >= MAX_IDENTITY_POOLS {
            return Err(format!("at most {MAX_IDENTITY_POOLS} identity pools"));
        }
        let id = match &cfg.id {
            Some(id) => id.clone(),
            None => format!("us-east-1:{}", self.random_uuid()),
        };
        if self.store.identity_pools.contains_key(&id) {
            return Err(format!("identity pool {id} already exists"));
        }
        self.store.identity_pools.insert(
            id.clone(),
            IdentityPool {
                id: id.clone(),
                cfg: IdentityPoolConfig { id: Some(id.clone()), ..cfg },
            },
        );
        Ok(id)
    }

    /// The first configured identity pool, if any (the ready line's `identityPoolId`).
    pub fn default_identity_pool_id(&self) -> Option<String> {
        self.default_identity_pool.clone()
    }

    /// JWKS of the key that signs GetOpenIdToken's tokens (Cognito Identity's
    /// `https://cognito-identity.amazonaws.com/.well-known/jwks_uri`).
    pub fn identity_jwks(&mut self) -> Value {
        serde_json::json!({ "keys": [self.identity_keys().jwk.clone()] })
    }
}
