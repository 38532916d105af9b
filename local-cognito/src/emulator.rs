//! The emulator core: `handle(action, body, now_ms) -> (status, body)`. No sockets,
//! no clock reads; all randomness comes from a seedable RNG.

use crate::actions;
use crate::config::{ClientConfig, EmulatorConfig, PoolConfig};
use crate::error::{ApiError, ApiResult};
use crate::jwt::Keys;
use crate::store::{Client, InboxMessage, Pending, Pool, Store, User};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub(crate) use crate::request::{attr_list, obj, opt_str, req_str, str_map};

/// An injected failure for the next `remaining` calls of an action.
#[derive(Debug, Clone)]
pub struct Fault {
    pub error: String,
    pub status: u16,
    pub message: String,
    pub remaining: u32,
}

/// The in-process Cognito.
pub struct Emulator {
    pub(crate) store: Store,
    pub(crate) rng: ChaCha20Rng,
    pub(crate) base_url: String,
    keys: Option<Arc<Keys>>,
    key_seed: u64,
    faults: HashMap<String, Fault>,
    stats: BTreeMap<String, u64>,
    /// emulator clock minus wall clock (ms); used only to judge SRP TIMESTAMP skew.
    wall_offset_ms: i64,
    pub(crate) srp_skew_secs: u64,
    default_ids: Option<(String, String)>,
    request_counter: u64,
}

/// What `add_pool` returns (Amplify-shaped config).
#[derive(Debug, Clone)]
pub struct PoolInfo {
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    pub client_secret: Option<String>,
}

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

impl Emulator {
    /// Create an emulator from a configuration (see README.md). An empty `pools`
    /// list creates the default pool and client.
    pub fn new(config: EmulatorConfig) -> Result<Self, String> {
        let seed = config.seed.unwrap_or_else(|| rand::rngs::OsRng.next_u64());
        let mut emu = Emulator {
            store: Store::default(),
            rng: ChaCha20Rng::seed_from_u64(seed),
            base_url: config.base_url.clone().unwrap_or_else(|| "http://127.0.0.1:9229".into()),
            keys: None,
            key_seed: seed,
            faults: HashMap::new(),
            stats: BTreeMap::new(),
            wall_offset_ms: 0,
            srp_skew_secs: config.srp_timestamp_skew_seconds.unwrap_or(300),
            default_ids: None,
            request_counter: 0,
        };
        let pools =
            if config.pools.is_empty() { vec![PoolConfig::default_local()] } else { config.pools };
        for p in pools {
            let info = emu.add_pool(p, 0)?;
            if emu.default_ids.is_none() {
                emu.default_ids = Some((info.user_pool_id, info.user_pool_client_id));
            }
        }
        Ok(emu)
    }

    /// `(userPoolId, userPoolClientId)` of the first pool's first client.
    pub fn default_ids(&self) -> (String, String) {
        self.default_ids.clone().unwrap_or_default()
    }

    /// Base URL used in the token `iss` claim (set by the HTTP shell after binding).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = url.trim_end_matches('/').to_string();
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Tell the core how far its clock runs ahead of the wall clock, so SRP
    /// timestamps made by real clients are judged against wall time.
    pub fn set_wall_clock_offset_ms(&mut self, offset: i64) {
        self.wall_offset_ms = offset;
    }

    pub(crate) fn wall_ms(&self, now_ms: u64) -> i64 {
        now_ms as i64 - self.wall_offset_ms
    }

    /// Generate (or fetch the cached) RSA signing key now rather than on first use.
    pub fn warm_up(&mut self) {
        let _ = self.keys();
    }

    pub(crate) fn keys(&mut self) -> Arc<Keys> {
        if let Some(k) = &self.keys {
            return k.clone();
        }
        let k = Keys::for_seed(self.key_seed);
        self.keys = Some(k.clone());
        k
    }

    /// Create a pool (and its clients, at least one) from a pool config.
    pub fn add_pool(&mut self, cfg: PoolConfig, now_ms: u64) -> Result<PoolInfo, String> {
        cfg.check()?;
        let id = match &cfg.id {
            Some(id) => {
                if !id.contains('_') {
                    return Err(format!("pool id {id} must look like region_Name"));
                }
                id.clone()
            }
            None => format!("us-east-1_{}", self.random_alnum(9, true)),
        };
        if self.store.pools.contains_key(&id) {
            return Err(format!("pool {id} already exists"));
        }
        let mut client_cfgs = cfg.clients.clone();
        if client_cfgs.is_empty() {
            client_cfgs.push(ClientConfig::default());
        }
        let mut clients = BTreeMap::new();
        let mut first: Option<(String, Option<String>)> = None;
        for c in client_cfgs {
            c.check()?;
            let cid = c.id.clone().unwrap_or_else(|| self.random_alnum(26, false));
            if self.store.client_index.contains_key(&cid) || clients.contains_key(&cid) {
                return Err(format!("client {cid} already exists"));
            }
            let secret = match (&c.secret, c.generate_secret) {
                (Some(s), _) => Some(s.clone()),
                (None, true) => Some(self.random_alnum(51, false)),
                _ => None,
            };
            if first.is_none() {
                first = Some((cid.clone(), secret.clone()));
            }
            clients.insert(
                cid.clone(),
                Client { id: cid, secret, cfg: c, created_ms: now_ms, modified_ms: now_ms },
            );
        }
        for cid in clients.keys() {
            self.store.client_index.insert(cid.clone(), id.clone());
        }
        let seeds = cfg.users.clone();
        self.store.pools.insert(
            id.clone(),
            Pool {
                id: id.clone(),
                cfg,
                clients,
                users: BTreeMap::new(),
                created_ms: now_ms,
                modified_ms: now_ms,
            },
        );
        for su in seeds {
            actions::admin::seed_user(self, &id, su, now_ms).map_err(|e| e.message)?;
        }
        let (cid, secret) = first.expect("at least one client");
        Ok(PoolInfo { user_pool_id: id, user_pool_client_id: cid, client_secret: secret })
    }

    /// Handle one Cognito API call. `now_ms` is the emulator clock.
    pub fn handle(&mut self, action: &str, body: &str, now_ms: u64) -> (u16, String) {
        *self.stats.entry(action.to_string()).or_insert(0) += 1;
        if let Some(f) = self.faults.get_mut(action) {
            if f.remaining > 0 {
                f.remaining -= 1;
                let e = ApiError::new(&f.error, f.message.clone()).with_status(f.status);
                if f.remaining == 0 {
                    self.faults.remove(action);
                }
                return (e.status, e.body());
            }
        }
        let req: Value = if body.trim().is_empty() {
            json!({})
        } else {
            match serde_json::from_str(body) {
                Ok(v @ Value::Object(_)) => v,
                _ => {
                    let e = ApiError::new(
                        "SerializationException",
                        "Start of structure or map found where not expected.",
                    );
                    return (e.status, e.body());
                }
            }
        };
        match self.dispatch(action, &req, now_ms) {
            Ok(v) => (200, v.to_string()),
            Err(e) => (e.status, e.body()),
        }
    }

    fn dispatch(&mut self, action: &str, req: &Value, now: u64) -> ApiResult {
        use actions::*;
        match action {
            "SignUp" => sign_up::sign_up(self, req, now),
            "ConfirmSignUp" => sign_up::confirm_sign_up(self, req, now),
            "ResendConfirmationCode" => sign_up::resend_confirmation_code(self, req, now),
            "InitiateAuth" => auth::initiate_auth(self, req, now),
            "RespondToAuthChallenge" => challenges::respond_to_auth_challenge(self, req, now),
            "AssociateSoftwareToken" => mfa::associate_software_token(self, req, now),
            "VerifySoftwareToken" => mfa::verify_software_token(self, req, now),
            "SetUserMFAPreference" => mfa::set_user_mfa_preference(self, req, now),
            "ForgotPassword" => password::forgot_password(self, req, now),
            "ConfirmForgotPassword" => password::confirm_forgot_password(self, req, now),
            "ChangePassword" => password::change_password(self, req, now),
            "GetUser" => user::get_user(self, req, now),
            "UpdateUserAttributes" => user::update_user_attributes(self, req, now),
            "DeleteUserAttributes" => user::delete_user_attributes(self, req, now),
            "GetUserAttributeVerificationCode" => {
                user::get_user_attribute_verification_code(self, req, now)
            }
            "VerifyUserAttribute" => user::verify_user_attribute(self, req, now),
            "DeleteUser" => user::delete_user(self, req, now),
            "GetUserAuthFactors" => user::get_user_auth_factors(self, req, now),
            "StartWebAuthnRegistration" => passkeys::start_webauthn_registration(self, req, now),
            "CompleteWebAuthnRegistration" => {
                passkeys::complete_webauthn_registration(self, req, now)
            }
            "ListWebAuthnCredentials" => passkeys::list_webauthn_credentials(self, req, now),
            "DeleteWebAuthnCredential" => passkeys::delete_webauthn_credential(self, req, now),
            "ListDevices" => user::list_devices(self, req, now),
            "GetDevice" | "ForgetDevice" | "UpdateDeviceStatus" | "ConfirmDevice" => {
                user::unknown_device(self, req, now)
            }
            "GlobalSignOut" => tokens::global_sign_out(self, req, now),
            "RevokeToken" => tokens::revoke_token(self, req, now),
            "GetTokensFromRefreshToken" => tokens::get_tokens_from_refresh_token(self, req, now),
            "AdminCreateUser" => admin::admin_create_user(self, req, now),
            "AdminSetUserPassword" => admin::admin_set_user_password(self, req, now),
            "AdminConfirmSignUp" => admin::admin_confirm_sign_up(self, req, now),
            "AdminGetUser" => admin::admin_get_user(self, req, now),
            "AdminDeleteUser" => admin::admin_delete_user(self, req, now),
            "AdminUpdateUserAttributes" => admin::admin_update_user_attributes(self, req, now),
            "AdminSetUserMFAPreference" => admin::admin_set_user_mfa_preference(self, req, now),
            "AdminResetUserPassword" => admin::admin_reset_user_password(self, req, now),
            "AdminDisableUser" => admin::admin_set_enabled(self, req, now, false),
            "AdminEnableUser" => admin::admin_set_enabled(self, req, now, true),
            "AdminUserGlobalSignOut" => admin::admin_user_global_sign_out(self, req, now),
            "AdminInitiateAuth" => admin::admin_initiate_auth(self, req, now),
            "AdminRespondToAuthChallenge" => admin::admin_respond_to_auth_challenge(self, req, now),
            "ListUsers" => admin::list_users(self, req, now),
            // CreateUserPool, DescribeUserPoolClient, …: src/control.
            _ => crate::control::dispatch(self, action, req, now),
        }
    }

    /// A request id for `x-amzn-requestid` (does not touch the seeded RNG).
    pub fn request_id(&mut self) -> String {
        self.request_counter += 1;
        format!("{:08x}-0000-4000-8000-{:012x}", self.key_seed as u32, self.request_counter)
    }

    // ----- dev endpoints -----

    /// Inject a fault for the next `count` calls of `action`.
    pub fn add_fault(
        &mut self,
        action: &str,
        error: &str,
        status: u16,
        count: u32,
        message: Option<String>,
    ) {
        let message = message.unwrap_or_else(|| format!("Injected fault: {error}"));
        if count == 0 {
            self.faults.remove(action);
        } else {
            self.faults.insert(
                action.to_string(),
                Fault { error: error.into(), status, message, remaining: count },
            );
        }
    }

    /// `{"requests":{"<Action>":N}}`
    pub fn stats(&self) -> Value {
        json!({ "requests": self.stats })
    }

    pub fn reset_stats(&mut self) {
        self.stats.clear();
    }

    /// Inbox messages (oldest first) addressed to `username` (matches the internal
    /// username, an email/phone alias or the destination); all messages when `None`.
    pub fn inbox(&self, username: Option<&str>, pool_id: Option<&str>) -> Vec<InboxMessage> {
        self.store
            .inbox
            .iter()
            .filter(|m| pool_id.is_none_or(|p| m.user_pool_id == p))
            .filter(|m| {
                username.is_none_or(|u| {
                    let u = u.to_lowercase();
                    m.username.to_lowercase() == u
                        || m.destination.to_lowercase() == u
                        || m.aliases.iter().any(|a| a.to_lowercase() == u)
                })
            })
            .cloned()
            .collect()
    }

    pub fn clear_inbox(&mut self) {
        self.store.inbox.clear();
    }

    /// JWKS document for a pool.
    pub fn jwks(&mut self, pool_id: &str) -> Option<Value> {
        if !self.store.pools.contains_key(pool_id) {
            return None;
        }
        Some(json!({ "keys": [self.keys().jwk.clone()] }))
    }

    // ----- shared helpers for actions -----

    pub(crate) fn random_alnum(&mut self, len: usize, upper: bool) -> String {
        (0..len)
            .map(|_| {
                let c = ALNUM[self.rng.gen_range(0..ALNUM.len())] as char;
                if upper && self.rng.gen_bool(0.5) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    }

    pub(crate) fn random_bytes(&mut self, n: usize) -> Vec<u8> {
        let mut b = vec![0u8; n];
        self.rng.fill_bytes(&mut b);
        b
    }

    pub(crate) fn random_code(&mut self) -> String {
        format!("{:06}", self.rng.gen_range(0..1_000_000u32))
    }

    pub(crate) fn random_uuid(&mut self) -> String {
        let mut b = [0u8; 16];
        self.rng.fill_bytes(&mut b);
        uuid::Builder::from_random_bytes(b).into_uuid().to_string()
    }

    pub(crate) fn random_token(&mut self, n: usize) -> String {
        let b = self.random_bytes(n);
        URL_SAFE_NO_PAD.encode(b)
    }

    /// Store a pending session and return its opaque id.
    pub(crate) fn put_pending(&mut self, p: Pending) -> String {
        let id = self.random_token(96);
        self.store.sessions.insert(id.clone(), p);
        id
    }

    /// Take a pending session out (single use). Expired, consumed and unknown
    /// sessions are NotAuthorizedException.
    pub(crate) fn take_pending(
        &mut self,
        session: &str,
        client_id: Option<&str>,
        now: u64,
    ) -> Result<Pending, ApiError> {
        let Some(p) = self.store.sessions.remove(session) else {
            if self.store.used_sessions.contains_key(session) {
                return Err(ApiError::session_used());
            }
            return Err(ApiError::session_invalid());
        };
        if client_id.is_some_and(|c| c != p.client_id) {
            return Err(ApiError::session_invalid());
        }
        if now >= p.expires_ms {
            return Err(ApiError::session_expired());
        }
        self.mark_used(session, now);
        Ok(p)
    }

    /// Put a session back after a failed attempt (wrong code), keeping its id.
    pub(crate) fn restore_pending(&mut self, session: &str, p: Pending) {
        self.store.used_sessions.remove(session);
        self.store.sessions.insert(session.to_string(), p);
    }

    fn mark_used(&mut self, session: &str, now: u64) {
        // Bounded bookkeeping: forget consumed sessions after a day of emulator time.
        if self.store.used_sessions.len() > 10_000 {
            self.store.used_sessions.retain(|_, t| *t + 86_400_000 > now);
        }
        self.store.used_sessions.insert(session.to_string(), now);
        self.store.sessions.retain(|_, p| p.expires_ms > now);
    }

    /// Resolve a client: `(pool_id, client_id)`; ResourceNotFoundException if unknown.
    pub(crate) fn client_ids(&self, client_id: &str) -> Result<String, ApiError> {
        self.store.pool_of_client(client_id).map(str::to_string).ok_or_else(|| {
            ApiError::new(
                "ResourceNotFoundException",
                format!("User pool client {client_id} does not exist."),
            )
        })
    }

    pub(crate) fn pool(&self, pool_id: &str) -> &Pool {
        &self.store.pools[pool_id]
    }

    pub(crate) fn pool_mut(&mut self, pool_id: &str) -> &mut Pool {
        self.store.pools.get_mut(pool_id).expect("pool exists")
    }

    pub(crate) fn client(&self, pool_id: &str, client_id: &str) -> &Client {
        &self.store.pools[pool_id].clients[client_id]
    }

    pub(crate) fn user(&self, pool_id: &str, key: &str) -> Option<&User> {
        self.store.pools.get(pool_id).and_then(|p| p.users.get(key))
    }

    pub(crate) fn user_mut(&mut self, pool_id: &str, key: &str) -> Option<&mut User> {
        self.store.pools.get_mut(pool_id).and_then(|p| p.users.get_mut(key))
    }

    /// Record a one-time code in the inbox.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn deliver(
        &mut self,
        pool_id: &str,
        user_key: &str,
        medium: &str,
        destination: &str,
        purpose: &str,
        code: &str,
        now: u64,
    ) {
        let (username, aliases) = match self.user(pool_id, user_key) {
            Some(u) => {
                let mut a = vec![u.sub.clone()];
                for attr in ["email", "phone_number", "preferred_username"] {
                    if let Some(v) = u.attr(attr) {
                        a.push(v.to_string());
                    }
                }
                (u.username.clone(), a)
            }
            None => (user_key.to_string(), vec![]),
        };
        self.store.inbox.push(InboxMessage {
            user_pool_id: pool_id.into(),
            username,
            destination: destination.into(),
            medium: medium.into(),
            purpose: purpose.into(),
            code: code.into(),
            created_at: now,
            aliases,
        });
    }
}
