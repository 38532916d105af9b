//! GetId, GetCredentialsForIdentity and GetOpenIdToken: user-pool ID tokens exchanged for
//! identities, local AWS credentials and Cognito Identity's OpenID tokens.
//!
//! A login (`Logins` entry) is verified for real: the provider name must be one the identity
//! pool lists (or, since the emulator's tokens carry its own issuer, that issuer without its
//! scheme, which is the key Amplify derives from `iss`); the token must be an RS256 ID token
//! signed by the emulator's ID-token key, with the emulator's issuer for that user pool, an
//! `aud` among the pool's ClientIds for that provider, and not expired by the emulator clock.
//!
//! Guest identities are linked to the first login presented for them, or merged into the
//! identity the login already has ("Switching unauthenticated users to authenticated users",
//! Amazon Cognito Developer Guide).

use super::{id_member, present, string, validation, wrong_type, MAX_IDENTITIES};
use crate::clock::after_secs;
use crate::error::{ApiError, ApiResult};
use crate::state::Emulator;
use crate::store::{Identity, IdentityPool};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Value};

/// Lifetime of GetCredentialsForIdentity's credentials (STS AssumeRoleWithWebIdentity's
/// default as Cognito uses it).
const CREDENTIALS_SECONDS: u64 = 3600;
/// Lifetime of GetOpenIdToken's token.
const OPEN_ID_TOKEN_SECONDS: u64 = 600;
/// The `iss` of GetOpenIdToken's tokens.
pub const OPEN_ID_ISSUER: &str = "https://cognito-identity.amazonaws.com";

/// A verified login: the provider as the identity pool names it and the user's `sub`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Login {
    provider: String,
    sub: String,
}

pub(super) fn identity_not_found(id: &str) -> ApiError {
    ApiError::new("ResourceNotFoundException", format!("Identity '{id}' not found."))
}

fn unauth_refused() -> ApiError {
    ApiError::not_authorized("Unauthenticated access is not supported for this identity pool.")
}

fn unsupported_provider() -> ApiError {
    ApiError::not_authorized("Token is not from a supported provider of this identity pool.")
}

fn invalid_token(why: &str) -> ApiError {
    ApiError::not_authorized(format!("Invalid login token. {why}"))
}

fn logins_mismatch() -> ApiError {
    ApiError::not_authorized(
        "Logins don't match. Please include at least one valid login for this identity or identity pool.",
    )
}

/// The `Logins` member: at most 10 `provider name → token` entries.
fn logins(req: &Value) -> Result<Vec<(String, String)>, ApiError> {
    match present(req, "Logins") {
        None => Ok(vec![]),
        Some(Value::Object(m)) => {
            if m.len() > 10 {
                return Err(validation(
                    "Logins",
                    "(map)",
                    "Member must have length less than or equal to 10",
                ));
            }
            let mut out = Vec::new();
            for (k, v) in m {
                let token = v.as_str().ok_or_else(|| wrong_type("Logins"))?;
                if k.is_empty() || k.chars().count() > 128 {
                    return Err(validation(
                        "Logins",
                        "(map)",
                        "Map keys must have length between 1 and 128",
                    ));
                }
                if token.is_empty() || token.len() > 50_000 {
                    return Err(validation(
                        "Logins",
                        "(map)",
                        "Map values must have length between 1 and 50000",
                    ));
                }
                out.push((k.clone(), token.to_string()));
            }
            Ok(out)
        }
        Some(_) => Err(wrong_type("Logins")),
    }
}

/// The issuer the emulator puts in `pool_id`'s tokens.
fn issuer(emu: &Emulator, pool_id: &str) -> String {
    format!("{}/{}", emu.base_url, pool_id)
}

/// The payload of a JWT, unverified (`None` if it is not one).
fn unverified_claims(token: &str) -> Option<Value> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let bytes = URL_SAFE_NO_PAD.decode(payload).ok()?;
    serde_json::from_slice::<Value>(&bytes).ok().filter(Value::is_object)
}

/// Verify one `Logins` entry for `pool`.
fn verify_login(
    emu: &mut Emulator,
    pool: &IdentityPool,
    key: &str,
    token: &str,
    now: u64,
) -> Result<Login, ApiError> {
    // The user pool the key names: a provider name the pool lists, or the emulator's issuer
    // of one of those user pools without its scheme (Amplify's key: `iss` minus `https://`).
    let providers = &pool.cfg.cognito_identity_providers;
    let user_pool = providers
        .iter()
        .filter_map(|p| super::user_pool_of_provider(&p.provider_name).map(|u| (p, u)))
        .find(|(p, u)| {
            key == p.provider_name || {
                let iss = issuer(emu, u);
                iss.split_once("://").map(|(_, rest)| rest) == Some(key)
            }
        })
        .map(|(_, u)| u.to_string())
        .ok_or_else(unsupported_provider)?;
    if unverified_claims(token).is_none() {
        return Err(invalid_token("Not a valid OpenId Connect identity token."));
    }
    let claims = match emu.id_keys().verify(token) {
        Some(c) => c,
        // An access token (signed by the other key) has no `aud`.
        None if emu.keys().verify(token).is_some() => {
            return Err(invalid_token("Missing a required claim: aud"))
        }
        None => return Err(invalid_token("Couldn't verify signed token.")),
    };
    if claims.get("iss").and_then(Value::as_str) != Some(issuer(emu, &user_pool).as_str()) {
        return Err(invalid_token("Issuer doesn't match providerName"));
    }
    let Some(aud) = claims.get("aud").and_then(Value::as_str) else {
        return Err(invalid_token("Missing a required claim: aud"));
    };
    if claims.get("token_use").and_then(Value::as_str) != Some("id") {
        return Err(invalid_token("Not a valid OpenId Connect identity token."));
    }
    let now_s = now / 1000;
    let exp = claims.get("exp").and_then(Value::as_u64).unwrap_or(0);
    if now_s >= exp {
        return Err(invalid_token(&format!("Token expired: {now_s} >= {exp}")));
    }
    let Some(sub) = claims.get("sub").and_then(Value::as_str).map(str::to_string) else {
        return Err(invalid_token("Missing a required claim: sub"));
    };
    let entry = providers
        .iter()
        .find(|p| {
            super::user_pool_of_provider(&p.provider_name) == Some(user_pool.as_str())
                && p.client_id == aud
        })
        .ok_or_else(unsupported_provider)?;
    if entry.server_side_token_check && !still_signed_in(emu, &user_pool, &sub, &claims) {
        return Err(invalid_token("Token has been revoked."));
    }
    Ok(Login { provider: entry.provider_name.clone(), sub })
}

/// ServerSideTokenCheck: the user still exists and is enabled, and the token's family was
/// not revoked (GlobalSignOut, RevokeToken).
fn still_signed_in(emu: &Emulator, user_pool: &str, sub: &str, claims: &Value) -> bool {
    let Some(pool) = emu.store.pools.get(user_pool) else { return false };
    let user_ok = pool.users.values().any(|u| u.sub == sub && u.enabled);
    let family_ok = claims
        .get("origin_jti")
        .and_then(Value::as_str)
        .and_then(|jti| emu.store.origins.get(jti))
        .is_some_and(|o| !o.revoked);
    user_ok && family_ok
}

fn verify_logins(
    emu: &mut Emulator,
    pool: &IdentityPool,
    entries: &[(String, String)],
    now: u64,
) -> Result<Vec<Login>, ApiError> {
    let mut out: Vec<Login> = Vec::new();
    for (key, token) in entries {
        let l = verify_login(emu, pool, key, token, now)?;
        if !out.contains(&l) {
            out.push(l);
        }
    }
    Ok(out)
}

fn login_key(pool_id: &str, l: &Login) -> String {
    format!("{pool_id}\0{}\0{}", l.provider, l.sub)
}

/// A new identity of `pool_id` (a guest when `logins` is empty).
fn new_identity(
    emu: &mut Emulator,
    pool_id: &str,
    logins: &[Login],
    now: u64,
) -> Result<String, ApiError> {
    if emu.store.identities.len() >= MAX_IDENTITIES {
        // Forget the oldest guests (Cognito keeps them; the emulator's memory is bounded).
        while emu.store.identities.len() >= MAX_IDENTITIES {
            let Some(old) = emu.store.guest_order.pop_front() else {
                return Err(ApiError::new("LimitExceededException", "Too many identities."));
            };
            if emu.store.identities.get(&old).is_some_and(|i| i.logins.is_empty()) {
                emu.store.identities.remove(&old);
            }
        }
    }
    let region = pool_id.split(':').next().unwrap_or("us-east-1");
    let id = format!("{region}:{}", emu.random_uuid());
    for l in logins {
        emu.store.identity_logins.insert(login_key(pool_id, l), id.clone());
    }
    if logins.is_empty() {
        emu.store.guest_order.push_back(id.clone());
    }
    emu.store.identities.insert(
        id.clone(),
        Identity {
            id: id.clone(),
            pool_id: pool_id.into(),
            logins: logins.iter().map(|l| (l.provider.clone(), l.sub.clone())).collect(),
            created_ms: now,
            modified_ms: now,
        },
    );
    Ok(id)
}

/// Link `logins` (not yet owned) to identity `id`.
fn link(emu: &mut Emulator, id: &str, logins: &[Login], now: u64) {
    let Some(identity) = emu.store.identities.get_mut(id) else { return };
    let pool_id = identity.pool_id.clone();
    for l in logins {
        let pair = (l.provider.clone(), l.sub.clone());
        if !identity.logins.contains(&pair) {
            identity.logins.push(pair);
            identity.modified_ms = now;
        }
    }
    for l in logins {
        emu.store.identity_logins.insert(login_key(&pool_id, l), id.to_string());
    }
}

/// The identity the logins already have, if any; ResourceConflictException if they name
/// two different identities.
fn owner(emu: &Emulator, pool_id: &str, logins: &[Login]) -> Result<Option<String>, ApiError> {
    let mut found: Option<String> = None;
    for l in logins {
        if let Some(id) = emu.store.identity_logins.get(&login_key(pool_id, l)) {
            match &found {
                Some(f) if f != id => {
                    return Err(ApiError::new(
                        "ResourceConflictException",
                        "The logins are linked to different identities.",
                    ))
                }
                _ => found = Some(id.clone()),
            }
        }
    }
    Ok(found)
}

pub(super) fn get_id(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    if let Some(a) = string(req, "AccountId", 1, 15)? {
        if !a.bytes().all(|b| b.is_ascii_digit()) {
            return Err(validation(
                "AccountId",
                &format!("'{a}'"),
                "Member must satisfy regular expression pattern: \\d+",
            ));
        }
    }
    let pool = super::identity_pool(emu, req)?.clone();
    let entries = logins(req)?;
    if entries.is_empty() {
        if !pool.cfg.allow_unauthenticated_identities {
            return Err(unauth_refused());
        }
        let id = new_identity(emu, &pool.id, &[], now)?;
        return Ok(json!({ "IdentityId": id }));
    }
    let verified = verify_logins(emu, &pool, &entries, now)?;
    let id = match owner(emu, &pool.id, &verified)? {
        Some(id) => {
            let fresh: Vec<Login> = verified
                .iter()
                .filter(|l| !emu.store.identity_logins.contains_key(&login_key(&pool.id, l)))
                .cloned()
                .collect();
            link(emu, &id, &fresh, now);
            id
        }
        None => new_identity(emu, &pool.id, &verified, now)?,
    };
    Ok(json!({ "IdentityId": id }))
}

/// The identity a GetCredentialsForIdentity / GetOpenIdToken call acts for, after linking
/// or merging a guest identity; and the logins it presented. `role` (credentials only):
/// the pool must have a role for the kind of identity, checked before anything changes.
fn resolve(
    emu: &mut Emulator,
    req: &Value,
    now: u64,
    need_role: bool,
) -> Result<(String, IdentityPool, Vec<Login>), ApiError> {
    let id = id_member(req, "IdentityId")?.to_string();
    let entries = logins(req)?;
    let identity = emu.store.identities.get(&id).cloned().ok_or_else(|| identity_not_found(&id))?;
    let pool = emu
        .store
        .identity_pools
        .get(&identity.pool_id)
        .cloned()
        .ok_or_else(|| identity_not_found(&id))?;
    let role_check = |authenticated: bool| -> Result<(), ApiError> {
        let kind = if authenticated { "authenticated" } else { "unauthenticated" };
        if need_role && !pool.cfg.roles.contains_key(kind) {
            return Err(ApiError::new(
                "InvalidIdentityPoolConfigurationException",
                "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
            ));
        }
        Ok(())
    };
    if entries.is_empty() {
        if !identity.logins.is_empty() {
            return Err(ApiError::not_authorized(format!(
                "Access to Identity '{id}' is forbidden."
            )));
        }
        if !pool.cfg.allow_unauthenticated_identities {
            return Err(unauth_refused());
        }
        role_check(false)?;
        return Ok((id, pool, vec![]));
    }
    let verified = verify_logins(emu, &pool, &entries, now)?;
    let owned_by = owner(emu, &pool.id, &verified)?;
    if !identity.logins.is_empty() {
        // An authenticated identity: each login is its own, or new to the pool and for a
        // provider the identity has no login of yet (then it is linked too).
        for l in &verified {
            let owner_of_l = emu.store.identity_logins.get(&login_key(&pool.id, l));
            let taken = owner_of_l.is_some_and(|o| *o != id);
            let other_of_provider =
                owner_of_l.is_none() && identity.logins.iter().any(|(p, _)| *p == l.provider);
            if taken || other_of_provider {
                return Err(logins_mismatch());
            }
        }
        role_check(true)?;
        link(emu, &id, &verified, now);
        return Ok((id, pool, verified));
    }
    role_check(true)?;
    match owned_by {
        // The guest identity is merged into the one the login already has.
        Some(target) => {
            emu.store.identities.remove(&id);
            let fresh: Vec<Login> = verified
                .iter()
                .filter(|l| !emu.store.identity_logins.contains_key(&login_key(&pool.id, l)))
                .cloned()
                .collect();
            link(emu, &target, &fresh, now);
            Ok((target, pool, verified))
        }
        // The login is linked to the guest identity, which is authenticated from now on.
        None => {
            link(emu, &id, &verified, now);
            Ok((id, pool, verified))
        }
    }
}

pub(super) fn get_credentials_for_identity(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    if let Some(v) = present(req, "CustomRoleArn") {
        let ok = v.as_str().is_some_and(|s| (20..=2048).contains(&s.len()));
        if !ok {
            return Err(validation(
                "CustomRoleArn",
                "(not shown)",
                "Member must have length between 20 and 2048",
            ));
        }
    }
    let (id, _pool, _logins) = resolve(emu, req, now, true)?;
    // AWS's shapes: a 20-character temporary key id (ASIA…), a 40-character secret. Marked
    // local so they cannot be mistaken for (or work as) real ones.
    let access_key_id = format!("ASIALOCAL{}", emu.random_alnum(11, false).to_uppercase());
    let secret_key = emu.random_alnum(40, true);
    let session_token = format!("LocalCognitoSessionToken/{}", emu.random_token(96));
    let expiration = after_secs(now, CREDENTIALS_SECONDS) / 1000;
    Ok(json!({
        "IdentityId": id,
        "Credentials": {
            "AccessKeyId": access_key_id,
            "SecretKey": secret_key,
            "SessionToken": session_token,
            "Expiration": expiration,
        },
    }))
}

pub(super) fn get_open_id_token(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let (id, pool, logins) = resolve(emu, req, now, false)?;
    let identity_logins =
        emu.store.identities.get(&id).map(|i| i.logins.clone()).unwrap_or_default();
    let mut amr =
        vec![json!(if identity_logins.is_empty() { "unauthenticated" } else { "authenticated" })];
    for l in &logins {
        amr.push(json!(l.provider));
        amr.push(json!(format!("{}:CognitoSignIn:{}", l.provider, l.sub)));
    }
    let iat = now / 1000;
    let claims = json!({
        "sub": id,
        "aud": pool.id,
        "amr": amr,
        "iss": OPEN_ID_ISSUER,
        "exp": iat.saturating_add(OPEN_ID_TOKEN_SECONDS),
        "iat": iat,
    });
    let token = emu.identity_keys().sign(&claims);
    Ok(json!({ "IdentityId": id, "Token": token }))
}
