//! The emulator's state as the actions see it: the store, the seeded RNG, the signing keys
//! and the clock relation, plus the small services every action uses (randomness, pending
//! sessions, look-ups, the dev inbox). It knows nothing of actions: `emulator.rs` (the public
//! API and the action table) sits above both, so no module imports one above it.

use crate::error::ApiError;
use crate::jwt::Keys;
use crate::store::{Client, InboxMessage, Pending, Pool, Store, User};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use rand::{Rng, RngCore};
use rand_chacha::ChaCha20Rng;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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
    pub(crate) keys: Option<Arc<Keys>>,
    pub(crate) id_keys: Option<Arc<Keys>>,
    /// The key of Cognito Identity's OpenID tokens (GetOpenIdToken).
    pub(crate) identity_keys: Option<Arc<Keys>>,
    pub(crate) key_seed: u64,
    pub(crate) faults: HashMap<String, Fault>,
    pub(crate) stats: BTreeMap<String, u64>,
    /// emulator clock minus wall clock (ms); used only to judge SRP TIMESTAMP skew.
    pub(crate) wall_offset_ms: i64,
    pub(crate) srp_skew_secs: u64,
    pub(crate) default_ids: Option<(String, String)>,
    /// The first identity pool created at start-up.
    pub(crate) default_identity_pool: Option<String>,
    pub(crate) request_counter: u64,
    /// Hosted UI / OAuth 2.0: pending codes and sessions (`hosted`).
    pub(crate) oauth: crate::hosted::OAuthState,
}

/// Pending sessions kept at most (also the cap of consumed-session and SRP bookkeeping).
pub(crate) const MAX_SESSIONS: usize = 10_000;
/// Dev-inbox messages kept at most, and for how long (emulator clock).
pub(crate) const MAX_INBOX: usize = 1_000;
pub(crate) const INBOX_TTL_MS: u64 = 24 * 3_600_000;

/// Mixed into the seed for the ID-token key.
const ID_KEY_SEED: u64 = 0x6964_5f74_6f6b_656e;
/// Mixed into the seed for the key of Cognito Identity's OpenID tokens.
const IDENTITY_KEY_SEED: u64 = 0x6964_656e_7469_7479;

const ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

impl Emulator {
    pub(crate) fn wall_ms(&self, now_ms: u64) -> i64 {
        i64::try_from(now_ms).unwrap_or(i64::MAX).saturating_sub(self.wall_offset_ms)
    }

    pub(crate) fn keys(&mut self) -> Arc<Keys> {
        if let Some(k) = &self.keys {
            return k.clone();
        }
        let k = Keys::for_seed(self.key_seed);
        self.keys = Some(k.clone());
        k
    }

    /// Bytes derived from the seed and `parts` (HMAC-SHA256), never stored: the same inputs
    /// give the same bytes for the emulator's lifetime (and across runs with one seed).
    /// Used for answers about users who do not exist, which must not change between calls.
    pub(crate) fn derive(&self, label: &str, parts: &[&str]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut key = b"local-cognito/derive/".to_vec();
        key.extend_from_slice(&self.key_seed.to_be_bytes());
        let mut mac = match Hmac::<sha2::Sha256>::new_from_slice(&key) {
            Ok(m) => m,
            Err(_) => return [0; 32],
        };
        mac.update(label.as_bytes());
        for p in parts {
            mac.update(&[0]);
            mac.update(p.as_bytes());
        }
        mac.finalize().into_bytes().into()
    }

    /// The key that signs ID tokens: not the access-token key. Cognito signs the two token
    /// types with different keys, both listed in the pool's JWKS ("Verifying a JSON web
    /// token", Amazon Cognito Developer Guide: match the token's `kid` to a key in
    /// `jwks.json`, which holds one key per token type).
    pub(crate) fn id_keys(&mut self) -> Arc<Keys> {
        if let Some(k) = &self.id_keys {
            return k.clone();
        }
        let k = Keys::for_seed(self.key_seed ^ ID_KEY_SEED);
        self.id_keys = Some(k.clone());
        k
    }

    /// The key that signs GetOpenIdToken's tokens (Cognito Identity's own, not a user pool's).
    pub(crate) fn identity_keys(&mut self) -> Arc<Keys> {
        if let Some(k) = &self.identity_keys {
            return k.clone();
        }
        let k = Keys::for_seed(self.key_seed ^ IDENTITY_KEY_SEED);
        self.identity_keys = Some(k.clone());
        k
    }

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
        if self.store.sessions.len() >= MAX_SESSIONS {
            self.evict_sessions(p.expires_ms.saturating_sub(1));
        }
        let id = self.random_token(96);
        self.store.sessions.insert(id.clone(), p);
        id
    }

    /// Make room in the session store: drop expired sessions (judged at `now`, the latest
    /// time a caller knows of), then the ones expiring soonest, down to 3/4 of the cap.
    fn evict_sessions(&mut self, now: u64) {
        let sessions = &mut self.store.sessions;
        sessions.retain(|_, p| p.expires_ms > now);
        if sessions.len() >= MAX_SESSIONS {
            let mut by_expiry: Vec<(u64, String)> =
                sessions.iter().map(|(k, p)| (p.expires_ms, k.clone())).collect();
            by_expiry.sort_unstable();
            let excess = sessions.len() - MAX_SESSIONS * 3 / 4;
            for (_, k) in by_expiry.into_iter().take(excess) {
                sessions.remove(&k);
            }
        }
        let live = &self.store.sessions;
        self.store.secret_blocks.retain(|_, s| live.contains_key(s));
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

    /// Remember which session a PASSWORD_VERIFIER secret block belongs to.
    pub(crate) fn index_secret_block(&mut self, block_b64: String, session: &str) {
        self.store.secret_blocks.insert(block_b64, session.to_string());
    }

    /// The session a PASSWORD_VERIFIER secret block was issued in, if still pending.
    pub(crate) fn session_of_secret_block(&self, block_b64: &str) -> Option<String> {
        self.store.secret_blocks.get(block_b64).cloned()
    }

    /// Put a session back after a failed attempt (wrong code), keeping its id.
    pub(crate) fn restore_pending(&mut self, session: &str, p: Pending) {
        self.store.used_sessions.remove(session);
        self.store.sessions.insert(session.to_string(), p);
    }

    fn mark_used(&mut self, session: &str, now: u64) {
        // Bounded bookkeeping: forget consumed sessions after a day of emulator time, and
        // all of them past the cap (a replay then reads as an unknown session).
        let used = &mut self.store.used_sessions;
        if used.len() >= MAX_SESSIONS {
            used.retain(|_, t| t.saturating_add(86_400_000) > now);
            if used.len() >= MAX_SESSIONS {
                used.clear();
            }
        }
        used.insert(session.to_string(), now);
        if self.store.secret_blocks.len() >= MAX_SESSIONS {
            let live = &self.store.sessions;
            self.store.secret_blocks.retain(|_, s| live.contains_key(s));
        }
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
        let inbox = &mut self.store.inbox;
        inbox.retain(|m| m.created_at.saturating_add(INBOX_TTL_MS) > now);
        if inbox.len() >= MAX_INBOX {
            inbox.drain(..inbox.len() + 1 - MAX_INBOX);
        }
        inbox.push(InboxMessage {
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
