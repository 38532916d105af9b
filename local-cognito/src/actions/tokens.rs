//! Token issuance and use: AuthenticationResult, access-token checks,
//! REFRESH_TOKEN_AUTH, GetTokensFromRefreshToken, RevokeToken, GlobalSignOut.

use crate::clock::after_secs;
use crate::error::{ApiError, ApiResult};
use crate::policy::check_secret_hash;
use crate::request::{opt_str, req_str};
use crate::state::Emulator;
use crate::store::Origin;
use serde_json::{json, Map, Value};

/// Who an access token belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub pool_id: String,
    pub user_key: String,
    pub client_id: String,
}

fn iss(emu: &Emulator, pool_id: &str) -> String {
    format!("{}/{}", emu.base_url, pool_id)
}

/// The scope an access token of the API carries (and that the user-pool API requires).
pub(crate) const ADMIN_SCOPE: &str = "aws.cognito.signin.user.admin";

/// Mint access + id tokens for an origin (token family). `nonce` (an authorize request's)
/// goes into the id token.
fn mint(
    emu: &mut Emulator,
    origin_jti: &str,
    now: u64,
    nonce: Option<&str>,
) -> Result<(String, String, u64), ApiError> {
    let o = emu.store.origins.get(origin_jti).cloned().ok_or_else(ApiError::session_invalid)?;
    let user = emu.user(&o.pool_id, &o.user_key).cloned().ok_or_else(ApiError::user_not_found)?;
    let ccfg = emu.client(&o.pool_id, &o.client_id).cfg.clone();
    let iat = now / 1000;
    let issuer = iss(emu, &o.pool_id);
    let event_id = emu.random_uuid();
    let access_jti = emu.random_uuid();
    let id_jti = emu.random_uuid();
    let mut access = json!({
        "sub": user.sub,
        "iss": issuer,
        "client_id": o.client_id,
        "origin_jti": origin_jti,
        "event_id": event_id,
        "token_use": "access",
        "scope": o.scopes.as_ref().map_or_else(|| ADMIN_SCOPE.to_string(), |s| s.join(" ")),
        "auth_time": o.auth_time,
        "exp": iat.saturating_add(ccfg.access_token_validity_seconds),
        "iat": iat,
        "jti": access_jti,
        "username": user.username,
    });
    // Cognito's access tokens name the device of the sign-in (ConfirmDevice and the device
    // actions are called with them).
    if let Some(d) = &o.device_key {
        access["device_key"] = json!(d);
    }
    let mut id = Map::new();
    id.insert("sub".into(), json!(user.sub));
    for (k, v) in &user.attributes {
        let val = if k.ends_with("_verified") {
            json!(v == "true")
        } else if k == "identities" {
            crate::hosted::identities_claim(v)
        } else {
            json!(v)
        };
        id.insert(k.clone(), val);
    }
    if let Some(n) = nonce {
        id.insert("nonce".into(), json!(n));
    }
    for (k, v) in [
        ("iss", json!(issuer)),
        ("cognito:username", json!(user.username)),
        ("origin_jti", json!(origin_jti)),
        ("aud", json!(o.client_id)),
        ("event_id", json!(event_id)),
        ("token_use", json!("id")),
        ("auth_time", json!(o.auth_time)),
        ("exp", json!(iat.saturating_add(ccfg.id_token_validity_seconds))),
        ("iat", json!(iat)),
        ("jti", json!(id_jti)),
    ] {
        id.insert(k.into(), v);
    }
    let (access_key, id_key) = (emu.keys(), emu.id_keys());
    let (access, id) = (access_key.sign(&access), id_key.sign(&Value::Object(id)));
    Ok((access, id, ccfg.access_token_validity_seconds))
}

/// What differs between the token families of a sign-in and of the OAuth token endpoint.
struct Family {
    /// When the user authenticated, seconds.
    auth_time: u64,
    /// The device the family is bound to.
    device_key: Option<String>,
    /// The scopes granted (OAuth); `None`: the API's full access.
    scopes: Option<Vec<String>>,
}

/// A new token family for the user: its origin `jti` and its refresh token.
fn new_family(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    user_key: &str,
    family: Family,
    now: u64,
) -> Result<(String, String), ApiError> {
    let origin_jti = emu.random_uuid();
    let refresh = format!("{}.{}", emu.random_token(32), emu.random_token(96));
    let validity = emu.client(pool_id, client_id).cfg.refresh_token_validity_seconds;
    let user = emu.user_mut(pool_id, user_key).ok_or_else(ApiError::user_not_found)?;
    user.signed_in = true;
    let sub = user.sub.clone();
    emu.store.origins.insert(
        origin_jti.clone(),
        Origin {
            pool_id: pool_id.into(),
            client_id: client_id.into(),
            user_key: user_key.into(),
            sub,
            refresh_token: refresh.clone(),
            refresh_expires_ms: after_secs(now, validity),
            auth_time: family.auth_time,
            revoked: false,
            device_key: family.device_key,
            scopes: family.scopes,
        },
    );
    emu.store.refresh_index.insert(refresh.clone(), origin_jti.clone());
    Ok((origin_jti, refresh))
}

/// Complete a sign-in: new token family, `{AuthenticationResult, ChallengeParameters}`;
/// `device_key` is the device it is bound to (pools tracking devices).
pub(crate) fn issue_tokens(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    user_key: &str,
    device_key: Option<String>,
    now: u64,
) -> ApiResult {
    let family = Family { auth_time: now / 1000, device_key, scopes: None };
    let (origin_jti, refresh) = new_family(emu, pool_id, client_id, user_key, family, now)?;
    let (access, id, expires_in) = mint(emu, &origin_jti, now, None)?;
    Ok(json!({
        "AuthenticationResult": {
            "AccessToken": access,
            "ExpiresIn": expires_in,
            "IdToken": id,
            "RefreshToken": refresh,
            "TokenType": "Bearer",
        },
        "ChallengeParameters": {},
    }))
}

/// Validate an access token against the emulator clock and revocations.
pub(crate) fn authenticate(emu: &mut Emulator, token: &str, now: u64) -> Result<Caller, ApiError> {
    let invalid = || ApiError::not_authorized("Invalid Access Token");
    let claims = emu.keys().verify(token).ok_or_else(invalid)?;
    if claims.get("token_use").and_then(Value::as_str) != Some("access") {
        return Err(invalid());
    }
    let exp = claims.get("exp").and_then(Value::as_u64).ok_or_else(invalid)?;
    if now / 1000 >= exp {
        return Err(ApiError::not_authorized("Access Token has expired"));
    }
    // Tokens from the OAuth token endpoint call the API only with this scope.
    let scope = claims.get("scope").and_then(Value::as_str).unwrap_or("");
    if !scope.split(' ').any(|s| s == ADMIN_SCOPE) {
        return Err(ApiError::not_authorized("Access Token does not have required scopes"));
    }
    let origin = claims.get("origin_jti").and_then(Value::as_str).ok_or_else(invalid)?;
    let o = emu.store.origins.get(origin).ok_or_else(invalid)?;
    if o.revoked {
        return Err(ApiError::not_authorized("Access Token has been revoked"));
    }
    let caller = Caller {
        pool_id: o.pool_id.clone(),
        user_key: o.user_key.clone(),
        client_id: o.client_id.clone(),
    };
    let user = emu.user(&caller.pool_id, &caller.user_key).ok_or_else(ApiError::user_not_found)?;
    if user.sub != o.sub {
        return Err(ApiError::user_not_found());
    }
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    Ok(caller)
}

/// The token family of a refresh token, checked. A family bound to a device refreshes only
/// with that device's key while the device is tracked: with device tracking, "if a refresh
/// token is used on any other device, the call fails", and after ForgetDevice "all future
/// calls to revalidate that device's refresh tokens will fail" (AWS Mobile Blog, "Tracking
/// and Remembering Devices Using Amazon Cognito Your User Pools").
fn refresh_origin(
    emu: &Emulator,
    token: &str,
    client_id: &str,
    device_key: Option<&str>,
    now: u64,
) -> Result<String, ApiError> {
    let invalid = || ApiError::not_authorized("Invalid Refresh Token");
    let jti = emu.store.refresh_index.get(token).ok_or_else(invalid)?;
    let o = &emu.store.origins[jti];
    if o.client_id != client_id {
        return Err(invalid());
    }
    if o.revoked {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    }
    if emu.store.rotated_out.get(token).is_some_and(|&grace_end| now >= grace_end) {
        return Err(ApiError::new(
            "RefreshTokenReuseException",
            "Refresh Token has been rotated out and can no longer be used",
        ));
    }
    if now >= o.refresh_expires_ms {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    let user = emu
        .user(&o.pool_id, &o.user_key)
        .filter(|u| u.sub == o.sub)
        .ok_or_else(ApiError::user_not_found)?;
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    if let Some(bound) = &o.device_key {
        if device_key != Some(bound.as_str()) || !user.devices.contains_key(bound) {
            return Err(invalid());
        }
    }
    Ok(jti.clone())
}

fn refreshed(emu: &mut Emulator, jti: &str, now: u64) -> Result<Value, ApiError> {
    let (access, id, expires_in) = mint(emu, jti, now, None)?;
    Ok(
        json!({"AccessToken": access, "ExpiresIn": expires_in, "IdToken": id, "TokenType": "Bearer"}),
    )
}

/// InitiateAuth REFRESH_TOKEN_AUTH.
pub(crate) fn refresh_token_auth(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    params: &std::collections::BTreeMap<String, String>,
    now: u64,
) -> ApiResult {
    let token = params.get("REFRESH_TOKEN").ok_or_else(|| ApiError::missing("REFRESH_TOKEN"))?;
    let device_key = params.get("DEVICE_KEY").map(String::as_str);
    let jti = refresh_origin(emu, token, client_id, device_key, now)?;
    let o = emu.store.origins[&jti].clone();
    if emu.client(pool_id, client_id).secret.is_some() {
        let user = emu.user(pool_id, &o.user_key).ok_or_else(ApiError::user_not_found)?;
        let (name, sub) = (user.username.clone(), user.sub.clone());
        let given = params.get("SECRET_HASH").map(String::as_str);
        check_secret_hash(emu.client(pool_id, client_id), &[&name, &sub], given)?;
    }
    let result = refreshed(emu, &jti, now)?;
    Ok(json!({"AuthenticationResult": result, "ChallengeParameters": {}}))
}

fn check_client_secret(
    emu: &Emulator,
    pool_id: &str,
    client_id: &str,
    given: Option<&str>,
) -> Result<(), ApiError> {
    match &emu.client(pool_id, client_id).secret {
        None => Ok(()),
        Some(s) if given.is_some_and(|g| subtle::ConstantTimeEq::ct_eq(s.as_bytes(), g.as_bytes()).into()) => Ok(()),
        Some(_) => Err(ApiError::not_authorized(format!("Client {client_id} is configured with secret but ClientSecret was not received or is invalid"))),
    }
}

pub fn get_tokens_from_refresh_token(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let token = req_str(req, "RefreshToken")?;
    let pool_id = emu.client_ids(client_id)?;
    check_client_secret(emu, &pool_id, client_id, opt_str(req, "ClientSecret"))?;
    let cfg = &emu.client(&pool_id, client_id).cfg;
    let rotation = cfg.rotation_grace_seconds();
    if rotation.is_none() && !cfg.allows("REFRESH_TOKEN_AUTH") {
        return Err(ApiError::invalid_param("REFRESH_TOKEN_AUTH flow not enabled for this client"));
    }
    let jti = refresh_origin(emu, token, client_id, opt_str(req, "DeviceKey"), now)?;
    let mut result = refreshed(emu, &jti, now)?;
    if let Some(grace) = rotation {
        result["RefreshToken"] = json!(rotate(emu, &jti, now, grace));
    }
    Ok(json!({ "AuthenticationResult": result }))
}

/// Refresh-token rotation: a new refresh token for the family with a fresh validity; the
/// family's current one stays usable for `grace` seconds (client retries), then answers
/// RefreshTokenReuseException.
fn rotate(emu: &mut Emulator, jti: &str, now: u64, grace: u64) -> String {
    let fresh = format!("{}.{}", emu.random_token(32), emu.random_token(96));
    let o = emu.store.origins.get_mut(jti).expect("checked by refresh_origin");
    let validity =
        emu.store.pools[&o.pool_id].clients[&o.client_id].cfg.refresh_token_validity_seconds;
    let old = std::mem::replace(&mut o.refresh_token, fresh.clone());
    o.refresh_expires_ms = after_secs(now, validity);
    emu.store.rotated_out.entry(old).or_insert(after_secs(now, grace));
    emu.store.refresh_index.insert(fresh.clone(), jti.to_string());
    fresh
}

pub fn revoke_token(emu: &mut Emulator, req: &Value, _now: u64) -> ApiResult {
    let client_id = req_str(req, "ClientId")?;
    let token = req_str(req, "Token")?;
    let pool_id = emu.client_ids(client_id)?;
    check_client_secret(emu, &pool_id, client_id, opt_str(req, "ClientSecret"))?;
    if !emu.client(&pool_id, client_id).cfg.enable_token_revocation {
        return Err(ApiError::new(
            "UnsupportedOperationException",
            "Token revocation is not enabled for this client.",
        ));
    }
    if token.matches('.').count() == 2 {
        return Err(ApiError::new(
            "UnsupportedTokenTypeException",
            "Only refresh tokens can be revoked.",
        ));
    }
    if let Some(jti) = emu.store.refresh_index.get(token).cloned() {
        let o = emu.store.origins.get_mut(&jti).expect("indexed");
        if o.client_id != client_id {
            return Err(ApiError::new(
                "UnauthorizedException",
                "The refresh token was not issued to this client.",
            ));
        }
        o.revoked = true;
    }
    Ok(json!({}))
}

/// Revoke every token family of a user.
pub(crate) fn revoke_all(emu: &mut Emulator, pool_id: &str, user_key: &str) {
    for o in emu.store.origins.values_mut() {
        if o.pool_id == pool_id && o.user_key == user_key {
            o.revoked = true;
        }
    }
}

pub fn global_sign_out(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let token = req_str(req, "AccessToken")?;
    let who = authenticate(emu, token, now)?;
    revoke_all(emu, &who.pool_id, &who.user_key);
    Ok(json!({}))
}

/// Tokens issued by the OAuth token endpoint.
pub(crate) struct OAuthTokens {
    pub access: String,
    /// Only with the `openid` scope.
    pub id: Option<String>,
    pub refresh: Option<String>,
    pub expires_in: u64,
}

/// A new token family for a hosted-UI sign-in: `scopes` granted, `auth_time` (seconds) when
/// the user authenticated, `nonce` from the authorize request.
#[allow(clippy::too_many_arguments)]
pub(crate) fn issue_oauth_tokens(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    user_key: &str,
    scopes: Vec<String>,
    auth_time: u64,
    nonce: Option<&str>,
    now: u64,
) -> Result<OAuthTokens, ApiError> {
    let openid = scopes.iter().any(|s| s == "openid");
    let family = Family { auth_time, device_key: None, scopes: Some(scopes) };
    let (origin_jti, refresh) = new_family(emu, pool_id, client_id, user_key, family, now)?;
    let (access, id, expires_in) = mint(emu, &origin_jti, now, nonce)?;
    Ok(OAuthTokens { access, id: openid.then_some(id), refresh: Some(refresh), expires_in })
}

/// The token endpoint's `refresh_token` grant: new access (and id) tokens for the family,
/// plus a new refresh token when the client rotates them. Errors are the API's.
pub(crate) fn oauth_refresh(
    emu: &mut Emulator,
    pool_id: &str,
    client_id: &str,
    token: &str,
    now: u64,
) -> Result<OAuthTokens, ApiError> {
    let jti = refresh_origin(emu, token, client_id, None, now)?;
    let openid =
        emu.store.origins[&jti].scopes.as_ref().is_none_or(|s| s.iter().any(|s| s == "openid"));
    let (access, id, expires_in) = mint(emu, &jti, now, None)?;
    let rotation = emu.client(pool_id, client_id).cfg.rotation_grace_seconds();
    let refresh = rotation.map(|grace| rotate(emu, &jti, now, grace));
    Ok(OAuthTokens { access, id: openid.then_some(id), refresh, expires_in })
}

/// Revoke the family of a refresh token issued to `client_id` (RevokeToken's effect);
/// unknown tokens are ignored, as RFC 7009 asks. `Err` when the token belongs to another
/// client.
pub(crate) fn revoke_refresh(emu: &mut Emulator, client_id: &str, token: &str) -> Result<(), ()> {
    if let Some(jti) = emu.store.refresh_index.get(token).cloned() {
        if let Some(o) = emu.store.origins.get_mut(&jti) {
            if o.client_id != client_id {
                return Err(());
            }
            o.revoked = true;
        }
    }
    Ok(())
}

/// The claims of a valid access token (signature, expiry, revocation, user enabled) and
/// its family's pool and user key.
pub(crate) fn access_claims(
    emu: &mut Emulator,
    token: &str,
    now: u64,
) -> Option<(Value, String, String)> {
    let claims = emu.keys().verify(token)?;
    if claims.get("token_use").and_then(Value::as_str) != Some("access") {
        return None;
    }
    let exp = claims.get("exp").and_then(Value::as_u64)?;
    if now / 1000 >= exp {
        return None;
    }
    let origin = claims.get("origin_jti").and_then(Value::as_str)?;
    let o = emu.store.origins.get(origin)?;
    let user = emu.user(&o.pool_id, &o.user_key)?;
    if o.revoked || user.sub != o.sub || !user.enabled {
        return None;
    }
    let (pool, key) = (o.pool_id.clone(), o.user_key.clone());
    Some((claims, pool, key))
}
