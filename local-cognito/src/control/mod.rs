//! Cognito's control plane in its own request and response shapes: user pools
//! (`pools.rs`), app clients (`clients.rs`) and the pool's MFA configuration (`mfa.rs`).
//! Every call maps onto the same internal model as the config file and
//! `POST /_local/pools` (`PoolConfig`, `ClientConfig`), so a pool made by a setup script
//! written for Cognito (AWS CLI, boto3, the JS SDK) behaves exactly like a configured one.
//! Shapes and limits: botocore's `cognito-idp/2016-04-18/service-2.json` and the Amazon
//! Cognito API reference (CreateUserPool, CreateUserPoolClient, SetUserPoolMfaConfig, …).

mod clients;
pub(crate) mod input;
mod mfa;
mod pools;

use crate::emulator::Emulator;
use crate::error::{ApiError, ApiResult};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::Value;

/// Most pools and clients per pool the emulator keeps (LimitExceededException beyond).
const MAX_POOLS: usize = 1000;
const MAX_CLIENTS_PER_POOL: usize = 1000;

/// The handler of a control-plane action, `None` for any other name.
pub(crate) fn route(action: &str) -> Option<fn(&mut Emulator, &Value, u64) -> ApiResult> {
    Some(match action {
        "CreateUserPool" => pools::create_user_pool,
        "DescribeUserPool" => pools::describe_user_pool,
        "UpdateUserPool" => pools::update_user_pool,
        "DeleteUserPool" => pools::delete_user_pool,
        "ListUserPools" => pools::list_user_pools,
        "CreateUserPoolClient" => clients::create_user_pool_client,
        "DescribeUserPoolClient" => clients::describe_user_pool_client,
        "UpdateUserPoolClient" => clients::update_user_pool_client,
        "DeleteUserPoolClient" => clients::delete_user_pool_client,
        "ListUserPoolClients" => clients::list_user_pool_clients,
        "SetUserPoolMfaConfig" => mfa::set_user_pool_mfa_config,
        "GetUserPoolMfaConfig" => mfa::get_user_pool_mfa_config,
        _ => return None,
    })
}

/// The pool named by `UserPoolId`, or ResourceNotFoundException.
fn pool_id(emu: &Emulator, req: &Value) -> Result<String, ApiError> {
    let id =
        input::string(req, "UserPoolId", 1, 55)?.ok_or_else(|| input::null_member("UserPoolId"))?;
    if emu.store.pools.contains_key(id) {
        Ok(id.to_string())
    } else {
        Err(ApiError::new("ResourceNotFoundException", format!("User pool {id} does not exist.")))
    }
}

/// A JSON 1.1 timestamp: epoch seconds.
fn date(ms: u64) -> Value {
    Value::from(ms as f64 / 1000.0)
}

/// One page of `ids` (sorted) after the opaque `NextToken`, at most `max` long, and the
/// token of the next page. A token this emulator did not hand out is
/// InvalidParameterException.
fn page<'a>(
    ids: impl Iterator<Item = &'a String>,
    next_token: Option<&str>,
    max: usize,
) -> Result<(Vec<String>, Option<String>), ApiError> {
    let after = match next_token {
        None => None,
        Some(t) => Some(
            URL_SAFE_NO_PAD
                .decode(t)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| ApiError::invalid_param("Invalid pagination token."))?,
        ),
    };
    let mut rest = ids.filter(|id| after.as_ref().is_none_or(|a| id.as_str() > a.as_str()));
    let items: Vec<String> = rest.by_ref().take(max).cloned().collect();
    let next = match (rest.next(), items.last()) {
        (Some(_), Some(last)) => Some(URL_SAFE_NO_PAD.encode(last.as_bytes())),
        _ => None,
    };
    Ok((items, next))
}

/// Forgets every session and token family of `pool_id` (and, if given, only of one client),
/// so nothing still refers to a deleted pool or client.
fn purge(emu: &mut Emulator, pool_id: &str, client_id: Option<&str>) {
    let hit = |p: &str, c: &str| p == pool_id && client_id.is_none_or(|id| id == c);
    let store = &mut emu.store;
    store.sessions.retain(|_, s| !hit(&s.pool_id, &s.client_id));
    let gone: Vec<String> = store
        .origins
        .iter()
        .filter(|(_, o)| hit(&o.pool_id, &o.client_id))
        .map(|(jti, _)| jti.clone())
        .collect();
    for jti in &gone {
        store.origins.remove(jti);
    }
    store.refresh_index.retain(|token, jti| {
        let keep = !gone.contains(jti);
        if !keep {
            store.rotated_out.remove(token);
        }
        keep
    });
    if let (Some(c), Some(pool)) = (client_id, store.pools.get_mut(pool_id)) {
        for u in pool.users.values_mut() {
            if u.webauthn_registration.as_ref().is_some_and(|(_, cid, _)| cid == c) {
                u.webauthn_registration = None;
            }
        }
    }
}
