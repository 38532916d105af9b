//! Tokens under Amplify v6's keys, so a session carries over between Amplify and this library:
//! `CognitoIdentityServiceProvider.{clientId}.LastAuthUser` and
//! `CognitoIdentityServiceProvider.{clientId}.{username}.{accessToken|idToken|refreshToken|clockDrift|signInDetails}`.

use super::KeyValue;
use crate::flow::devices::Device;
use crate::flow::sign_in::Who;
use crate::json::{u64_to_string, Obj};
use crate::protocol::TokenSet;
use crate::secret::Secret;
use alloc::string::String;
use alloc::vec::Vec;

const PREFIX: &str = "CognitoIdentityServiceProvider.";
/// Keys cleared on sign-out (device keys are kept, as Amplify does).
const SESSION_KEYS: [&str; 6] =
    ["accessToken", "idToken", "refreshToken", "clockDrift", "signInDetails", "oauthMetadata"];

fn last_user_key(client_id: &str) -> String {
    let mut k = String::from(PREFIX);
    k.push_str(client_id);
    k.push_str(".LastAuthUser");
    k
}

fn user_key(client_id: &str, username: &str, name: &str) -> String {
    let mut k = String::from(PREFIX);
    for part in [client_id, ".", username, ".", name] {
        k.push_str(part);
    }
    k
}

/// The keys of a remembered device, as Amplify names them.
const DEVICE_KEYS: [&str; 3] = ["deviceKey", "deviceGroupKey", "randomPasswordKey"];

/// The device remembered for `username` (Amplify's `deviceKey`, `deviceGroupKey`,
/// `randomPasswordKey`), when all three are there.
pub fn load_device(kv: &dyn KeyValue, client_id: &str, username: &str) -> Option<Device> {
    let get = |name| kv.get(&user_key(client_id, username, name)).filter(|v| !v.is_empty());
    Some(Device {
        key: get("deviceKey")?,
        group_key: get("deviceGroupKey")?,
        password: Secret::new(get("randomPasswordKey")?),
    })
}

/// Remembers `device` for `username`.
pub fn store_device(kv: &dyn KeyValue, client_id: &str, username: &str, device: &Device) {
    let values = [device.key.as_str(), device.group_key.as_str(), device.password.expose()];
    for (name, value) in DEVICE_KEYS.iter().zip(values) {
        kv.set(&user_key(client_id, username, name), value);
    }
}

/// Forgets the device remembered for `username`.
pub fn forget_device(kv: &dyn KeyValue, client_id: &str, username: &str) {
    for name in DEVICE_KEYS {
        kv.remove(&user_key(client_id, username, name));
    }
}

/// The keys [`load`] reads, in two rounds: the `LastAuthUser` key (`username` unknown), then
/// that user's session keys. An asynchronous store is read ahead of each call with these.
pub fn keys(client_id: &str, username: Option<&str>) -> Vec<String> {
    match username {
        None => alloc::vec![last_user_key(client_id)],
        Some(u) => SESSION_KEYS
            .iter()
            .chain(DEVICE_KEYS.iter())
            .map(|name| user_key(client_id, u, name))
            .collect(),
    }
}

/// The keys of a redirect sign-in in flight (Amplify's `OAuthStorageKeys`, under
/// `CognitoIdentityServiceProvider.{clientId}.`), and `oauthSignIn` (`"true,false"` once
/// signed in through the hosted UI).
pub const OAUTH_KEYS: [&str; 5] =
    ["inflightOAuth", "inflightOAuthDeadline", "oauthPKCE", "oauthState", "oauthSignIn"];

/// `CognitoIdentityServiceProvider.{clientId}.{name}` (one of [`OAUTH_KEYS`]).
pub fn oauth_key(client_id: &str, name: &str) -> String {
    let mut k = String::from(PREFIX);
    for part in [client_id, ".", name] {
        k.push_str(part);
    }
    k
}

/// Marks `username`'s session as one from the hosted UI, as Amplify does (its
/// `oauthMetadata` next to the tokens, and the `oauthSignIn` flag).
pub fn mark_oauth_sign_in(kv: &dyn KeyValue, client_id: &str, username: &str) {
    kv.set(&user_key(client_id, username, "oauthMetadata"), r#"{"oauthSignIn":true}"#);
    kv.set(&oauth_key(client_id, "oauthSignIn"), "true,false");
}

/// Whether the session came from the hosted UI (either of Amplify's two markers).
pub fn is_oauth_sign_in(kv: &dyn KeyValue, client_id: &str) -> bool {
    let flag = kv.get(&oauth_key(client_id, "oauthSignIn"));
    if flag.is_some_and(|f| f.as_bytes().starts_with(b"true")) {
        return true;
    }
    let Some(user) = kv.get(&last_user_key(client_id)) else { return false };
    kv.get(&user_key(client_id, &user, "oauthMetadata"))
        .and_then(|m| crate::json::Json::parse(&m).ok())
        .and_then(|m| m.get("oauthSignIn").and_then(crate::json::Json::as_bool))
        .unwrap_or(false)
}

/// Tokens as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    /// The `LastAuthUser` (Cognito's internal username).
    pub username: String,
    /// Access token.
    pub access_token: Secret,
    /// ID token.
    pub id_token: Secret,
    /// Refresh token.
    pub refresh_token: Option<Secret>,
    /// `clockDrift` in ms.
    pub clock_drift_ms: i64,
    /// `signInDetails` JSON text.
    pub sign_in_details: Option<String>,
}

fn i64_to_string(n: i64) -> String {
    let mut s = String::new();
    if n < 0 {
        s.push('-');
    }
    s.push_str(&u64_to_string(n.unsigned_abs()));
    s
}

/// The largest clock drift believed, either way: a year. A device clock off by more, or a
/// tampered `clockDrift`, would otherwise make tokens look fresh forever or never.
pub const MAX_CLOCK_DRIFT_MS: i64 = 366 * 24 * 3600 * 1000;

/// `drift` within ±[`MAX_CLOCK_DRIFT_MS`].
pub fn clamp_drift(drift: i64) -> i64 {
    drift.clamp(-MAX_CLOCK_DRIFT_MS, MAX_CLOCK_DRIFT_MS)
}

fn parse_i64(s: &str) -> i64 {
    let (neg, digits) = s.strip_prefix('-').map_or((false, s), |d| (true, d));
    let n = digits.bytes().try_fold(0i64, |acc, b| {
        b.is_ascii_digit().then(|| acc.saturating_mul(10).saturating_add(i64::from(b - b'0')))
    });
    n.map_or(0, |n| if neg { -n } else { n })
}

/// Stores a sign-in's tokens for `username` (the access token's `username` claim) and makes
/// it the `LastAuthUser`. A token set without a refresh token keeps the stored one.
pub fn store(
    kv: &dyn KeyValue,
    client_id: &str,
    username: &str,
    tokens: &TokenSet,
    clock_drift_ms: i64,
    who: Option<&Who>,
) {
    kv.set(&user_key(client_id, username, "accessToken"), tokens.access_token.expose());
    kv.set(&user_key(client_id, username, "idToken"), tokens.id_token.expose());
    if let Some(r) = &tokens.refresh_token {
        kv.set(&user_key(client_id, username, "refreshToken"), r.expose());
    }
    kv.set(
        &user_key(client_id, username, "clockDrift"),
        &i64_to_string(clamp_drift(clock_drift_ms)),
    );
    if let Some(who) = who {
        let details = Obj::new()
            .set("loginId", who.login_id.as_str())
            .set("authFlowType", who.flow.as_str())
            .build();
        kv.set(&user_key(client_id, username, "signInDetails"), &details.to_json());
    }
    kv.set(&last_user_key(client_id), username);
}

/// The stored tokens of the `LastAuthUser`, if complete.
pub fn load(kv: &dyn KeyValue, client_id: &str) -> Option<Stored> {
    let username = kv.get(&last_user_key(client_id))?;
    let get = |name| kv.get(&user_key(client_id, &username, name));
    Some(Stored {
        access_token: Secret::new(get("accessToken")?),
        id_token: Secret::new(get("idToken")?),
        refresh_token: get("refreshToken").map(Secret::new),
        clock_drift_ms: get("clockDrift").map_or(0, |d| clamp_drift(parse_i64(&d))),
        sign_in_details: get("signInDetails"),
        username,
    })
}

/// Removes the `LastAuthUser`'s session (keeps device keys).
pub fn clear(kv: &dyn KeyValue, client_id: &str) {
    if let Some(username) = kv.get(&last_user_key(client_id)) {
        for name in SESSION_KEYS {
            kv.remove(&user_key(client_id, &username, name));
        }
    }
    kv.remove(&last_user_key(client_id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::AuthFlow;
    use crate::storage::MemoryStore;

    fn tokens(refresh: Option<&str>) -> TokenSet {
        TokenSet {
            access_token: Secret::new("acc"),
            id_token: Secret::new("id"),
            refresh_token: refresh.map(Secret::new),
            expires_in: 3600,
            new_device: None,
        }
    }

    #[test]
    fn a_tampered_clock_drift_is_clamped() {
        let kv = crate::storage::MemoryStore::default();
        store(&kv, "c", "ann", &tokens(Some("r")), i64::MAX, None);
        assert_eq!(load(&kv, "c").map(|t| t.clock_drift_ms), Some(MAX_CLOCK_DRIFT_MS));
        for (stored, read) in [
            ("99999999999999999999999", MAX_CLOCK_DRIFT_MS),
            ("-9223372036854775808", -MAX_CLOCK_DRIFT_MS),
            ("-120000", -120_000),
            ("12x", 0),
        ] {
            kv.set(&user_key("c", "ann", "clockDrift"), stored);
            assert_eq!(load(&kv, "c").map(|t| t.clock_drift_ms), Some(read), "{stored}");
        }
    }

    #[test]
    fn amplify_key_layout() {
        let kv = MemoryStore::default();
        let who = Who {
            username: "u-1".into(),
            login_id: "ann@example.com".into(),
            flow: AuthFlow::UserAuth,
            device: None,
        };
        store(&kv, "cid", "u-1", &tokens(Some("ref")), -1500, Some(&who));
        assert_eq!(
            kv.get("CognitoIdentityServiceProvider.cid.LastAuthUser").as_deref(),
            Some("u-1")
        );
        assert_eq!(
            kv.get("CognitoIdentityServiceProvider.cid.u-1.accessToken").as_deref(),
            Some("acc")
        );
        assert_eq!(kv.get("CognitoIdentityServiceProvider.cid.u-1.idToken").as_deref(), Some("id"));
        assert_eq!(
            kv.get("CognitoIdentityServiceProvider.cid.u-1.refreshToken").as_deref(),
            Some("ref")
        );
        assert_eq!(
            kv.get("CognitoIdentityServiceProvider.cid.u-1.clockDrift").as_deref(),
            Some("-1500")
        );
        assert_eq!(
            kv.get("CognitoIdentityServiceProvider.cid.u-1.signInDetails").as_deref(),
            Some(r#"{"loginId":"ann@example.com","authFlowType":"USER_AUTH"}"#)
        );
        let s = load(&kv, "cid").unwrap();
        assert_eq!((s.username.as_str(), s.clock_drift_ms), ("u-1", -1500));
        assert_eq!(s.refresh_token.unwrap().expose(), "ref");
    }

    #[test]
    fn refresh_without_refresh_token_keeps_it_and_clear_keeps_device_keys() {
        let kv = MemoryStore::default();
        store(&kv, "cid", "u", &tokens(Some("ref")), 0, None);
        store(&kv, "cid", "u", &tokens(None), 20, None);
        assert_eq!(load(&kv, "cid").unwrap().refresh_token.unwrap().expose(), "ref");
        kv.set("CognitoIdentityServiceProvider.cid.u.deviceKey", "dk");
        clear(&kv, "cid");
        assert!(load(&kv, "cid").is_none());
        assert!(kv.get("CognitoIdentityServiceProvider.cid.u.accessToken").is_none());
        assert_eq!(kv.get("CognitoIdentityServiceProvider.cid.u.deviceKey").as_deref(), Some("dk"));
    }

    /// A store that records which keys were read.
    #[derive(Default)]
    struct Recording(MemoryStore, core::cell::RefCell<Vec<String>>);
    impl KeyValue for Recording {
        fn get(&self, key: &str) -> Option<String> {
            self.1.borrow_mut().push(key.into());
            self.0.get(key)
        }
        fn set(&self, key: &str, value: &str) {
            self.0.set(key, value);
        }
        fn remove(&self, key: &str) {
            self.0.remove(key);
        }
    }

    #[test]
    fn load_and_clear_read_only_the_announced_keys() {
        let kv = Recording::default();
        assert!(load(&kv, "cid").is_none());
        assert_eq!(*kv.1.borrow(), keys("cid", None));
        store(&kv, "cid", "u-1", &tokens(Some("ref")), 7, None);
        kv.1.borrow_mut().clear();
        assert!(load(&kv, "cid").is_some());
        clear(&kv, "cid");
        let announced: Vec<String> =
            keys("cid", None).into_iter().chain(keys("cid", Some("u-1"))).collect();
        let read = kv.1.borrow();
        assert!(read.len() >= 6, "{read:?}");
        assert!(
            read.iter().all(|k| announced.contains(k)),
            "read {read:?}, announced {announced:?}"
        );
        assert!(keys("cid", Some("u-1"))
            .contains(&"CognitoIdentityServiceProvider.cid.u-1.refreshToken".into()));
    }

    #[test]
    fn device_keys_under_amplifys_names_kept_by_sign_out() {
        let kv = MemoryStore::default();
        let d = Device { key: "dk".into(), group_key: "gk".into(), password: Secret::new("pw") };
        store(&kv, "cid", "u", &tokens(Some("ref")), 0, None);
        store_device(&kv, "cid", "u", &d);
        for (name, v) in
            [("deviceKey", "dk"), ("deviceGroupKey", "gk"), ("randomPasswordKey", "pw")]
        {
            let key = alloc::format!("CognitoIdentityServiceProvider.cid.u.{name}");
            assert_eq!(kv.get(&key).as_deref(), Some(v));
            assert!(keys("cid", Some("u")).contains(&key), "read ahead: {key}");
        }
        clear(&kv, "cid");
        assert_eq!(load_device(&kv, "cid", "u"), Some(d));
        assert_eq!(load_device(&kv, "cid", "other"), None);
        kv.set("CognitoIdentityServiceProvider.cid.u.deviceGroupKey", "");
        assert_eq!(load_device(&kv, "cid", "u"), None, "incomplete");
        forget_device(&kv, "cid", "u");
        assert!(kv.get("CognitoIdentityServiceProvider.cid.u.deviceKey").is_none());
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_i64("-42"), -42);
        assert_eq!(parse_i64("17"), 17);
        assert_eq!(parse_i64("x"), 0);
        assert_eq!(i64_to_string(i64::MIN), "-9223372036854775808");
    }
}
