//! The emulator core's public face: `handle(action, body, now_ms) -> (status, body)`, the
//! action table, pools and the dev endpoints. No sockets, no clock reads; all randomness
//! comes from a seedable RNG. The state and the services actions share live in `state.rs`
//! (below the actions); this module is the only one above them.

use crate::actions;
use crate::config::{ClientConfig, EmulatorConfig, IdentityPoolConfig, PoolConfig};
use crate::error::{ApiError, ApiResult};
use crate::store::{Client, InboxMessage, Pool, Store};
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha20Rng;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

pub use crate::state::{Emulator, Fault};

/// An action's handler: (emulator, request, now) -> result.
type Handler = fn(&mut Emulator, &Value, u64) -> ApiResult;

/// What `add_pool` returns (Amplify-shaped config).
#[derive(Debug, Clone)]
pub struct PoolInfo {
    pub user_pool_id: String,
    pub user_pool_client_id: String,
    pub client_secret: Option<String>,
}

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
            id_keys: None,
            identity_keys: None,
            key_seed: seed,
            faults: HashMap::new(),
            stats: BTreeMap::new(),
            wall_offset_ms: 0,
            srp_skew_secs: config.srp_timestamp_skew_seconds.unwrap_or(300),
            default_ids: None,
            default_identity_pool: None,
            request_counter: 0,
            oauth: Default::default(),
        };
        let defaults = config.pools.is_empty();
        let pools = if defaults { vec![PoolConfig::default_local()] } else { config.pools };
        for p in pools {
            let info = emu.add_pool(p, 0)?;
            if emu.default_ids.is_none() {
                emu.default_ids = Some((info.user_pool_id, info.user_pool_client_id));
            }
        }
        let identity_pools = if defaults && config.identity_pools.is_empty() {
            vec![IdentityPoolConfig::default_local()]
        } else {
            config.identity_pools
        };
        for p in identity_pools {
            let id = emu.add_identity_pool(p).map_err(|e| format!("identity pool: {e}"))?;
            emu.default_identity_pool.get_or_insert(id);
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

    /// Generate (or fetch the cached) RSA signing key now rather than on first use.
    pub fn warm_up(&mut self) {
        let _ = self.keys();
        let _ = self.id_keys();
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
            if let Err(e) = actions::admin::seed_user(self, &id, su, now_ms) {
                // All or nothing: a bad seed user leaves no half-made pool behind.
                self.store.pools.remove(&id);
                self.store.client_index.retain(|_, p| *p != id);
                return Err(e.message);
            }
        }
        let (cid, secret) = first.ok_or_else(|| format!("pool {id} has no client"))?;
        Ok(PoolInfo { user_pool_id: id, user_pool_client_id: cid, client_secret: secret })
    }

    /// Handle one Cognito user-pool API call (`AWSCognitoIdentityProviderService.<action>`).
    /// `now_ms` is the emulator clock.
    pub fn handle(&mut self, action: &str, body: &str, now_ms: u64) -> (u16, String) {
        self.dispatch(Self::route(action), action, body, now_ms)
    }

    /// Handle one Cognito Identity API call (`AWSCognitoIdentityService.<action>`).
    pub fn handle_identity(&mut self, action: &str, body: &str, now_ms: u64) -> (u16, String) {
        self.dispatch(crate::identity::route(action), action, body, now_ms)
    }

    /// Count the call, apply an injected fault, parse the body and run the handler.
    fn dispatch(
        &mut self,
        handler: Option<Handler>,
        action: &str,
        body: &str,
        now_ms: u64,
    ) -> (u16, String) {
        let Some(handler) = handler else {
            let shown: String = action.chars().take(64).collect();
            let e =
                ApiError::new("UnknownOperationException", format!("Unknown operation {shown}"));
            return (e.status, e.body());
        };
        let n = self.stats.entry(action.to_string()).or_insert(0);
        *n = n.saturating_add(1);
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
        match handler(self, &req, now_ms) {
            Ok(v) => (200, v.to_string()),
            Err(e) => (e.status, e.body()),
        }
    }

    /// The action table: the handler of each Cognito action we serve.
    fn route(action: &str) -> Option<Handler> {
        use actions::*;
        Some(match action {
            "SignUp" => sign_up::sign_up,
            "ConfirmSignUp" => sign_up::confirm_sign_up,
            "ResendConfirmationCode" => sign_up::resend_confirmation_code,
            "InitiateAuth" => auth::initiate_auth,
            "RespondToAuthChallenge" => challenges::respond_to_auth_challenge,
            "AssociateSoftwareToken" => mfa::associate_software_token,
            "VerifySoftwareToken" => mfa::verify_software_token,
            "SetUserMFAPreference" => mfa::set_user_mfa_preference,
            "ForgotPassword" => password::forgot_password,
            "ConfirmForgotPassword" => password::confirm_forgot_password,
            "ChangePassword" => password::change_password,
            "GetUser" => user::get_user,
            "UpdateUserAttributes" => user::update_user_attributes,
            "DeleteUserAttributes" => user::delete_user_attributes,
            "GetUserAttributeVerificationCode" => user::get_user_attribute_verification_code,
            "VerifyUserAttribute" => user::verify_user_attribute,
            "DeleteUser" => user::delete_user,
            "GetUserAuthFactors" => user::get_user_auth_factors,
            "StartWebAuthnRegistration" => passkeys::start_webauthn_registration,
            "CompleteWebAuthnRegistration" => passkeys::complete_webauthn_registration,
            "ListWebAuthnCredentials" => passkeys::list_webauthn_credentials,
            "DeleteWebAuthnCredential" => passkeys::delete_webauthn_credential,
            "ConfirmDevice" => devices::confirm_device,
            "UpdateDeviceStatus" => devices::update_device_status,
            "GetDevice" => devices::get_device,
            "ListDevices" => devices::list_devices,
            "ForgetDevice" => devices::forget_device,
            "GlobalSignOut" => tokens::global_sign_out,
            "RevokeToken" => tokens::revoke_token,
            "GetTokensFromRefreshToken" => tokens::get_tokens_from_refresh_token,
            "AdminCreateUser" => admin::admin_create_user,
            "AdminSetUserPassword" => admin::admin_set_user_password,
            "AdminConfirmSignUp" => admin::admin_confirm_sign_up,
            "AdminGetUser" => admin::admin_get_user,
            "AdminDeleteUser" => admin::admin_delete_user,
            "AdminUpdateUserAttributes" => admin::admin_update_user_attributes,
            "AdminSetUserMFAPreference" => admin::admin_set_user_mfa_preference,
            "AdminResetUserPassword" => admin::admin_reset_user_password,
            "AdminDisableUser" => admin::admin_disable_user,
            "AdminEnableUser" => admin::admin_enable_user,
            "AdminUserGlobalSignOut" => admin::admin_user_global_sign_out,
            "AdminInitiateAuth" => admin::admin_initiate_auth,
            "AdminRespondToAuthChallenge" => admin::admin_respond_to_auth_challenge,
            "AdminGetDevice" => devices::admin_get_device,
            "AdminListDevices" => devices::admin_list_devices,
            "AdminUpdateDeviceStatus" => devices::admin_update_device_status,
            "AdminForgetDevice" => devices::admin_forget_device,
            "ListUsers" => admin::list_users,
            // CreateUserPool, DescribeUserPoolClient, …: src/control.
            _ => return crate::control::route(action),
        })
    }

    /// A request id for `x-amzn-requestid` (does not touch the seeded RNG).
    /// Deterministic for a seed, but derived through HMAC-SHA256, so ids reveal nothing of
    /// the seed (which would give away every code, session and key).
    pub fn request_id(&mut self) -> String {
        self.request_counter = self.request_counter.wrapping_add(1);
        let d = self.derive("request-id", &[&self.request_counter.to_string()]);
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        uuid::Builder::from_random_bytes(b).into_uuid().to_string()
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
        } else if self.faults.len() < 1_000 || self.faults.contains_key(action) {
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
        Some(json!({ "keys": [self.keys().jwk.clone(), self.id_keys().jwk.clone()] }))
    }
}
