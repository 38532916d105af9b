//! Test support: drive the emulator core in-process with a fake clock, plus an
//! independent SRP client (its own padding/hashing, no server helpers).
#![allow(dead_code)]

pub mod server;

use base64::{engine::general_purpose::STANDARD, Engine};
use hmac::{Hmac, Mac};
use local_cognito::{Emulator, EmulatorConfig, PoolConfig};
use num_bigint::BigUint;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

pub const T0: u64 = 1_700_000_000_000;
pub const PW: &str = "Passw0rd!";

pub struct H {
    pub emu: Emulator,
    pub now: u64,
    pub pool: String,
    pub client: String,
}

#[derive(Debug)]
pub struct Err {
    pub status: u16,
    pub code: String,
    pub message: String,
}

impl H {
    /// Default pool/client, seeded.
    pub fn new() -> H {
        Self::with_pool(PoolConfig::default_local())
    }

    pub fn with_pool(pool: PoolConfig) -> H {
        let cfg = EmulatorConfig { seed: Some(7), pools: vec![pool], ..Default::default() };
        let emu = Emulator::new(cfg).expect("config");
        let (pool, client) = emu.default_ids();
        H { emu, now: T0, pool, client }
    }

    pub fn from_json(pool: Value) -> H {
        let p: PoolConfig = serde_json::from_value(pool).expect("pool config");
        Self::with_pool(p)
    }

    pub fn call(&mut self, action: &str, body: Value) -> Result<Value, Err> {
        let (status, out) = self.emu.handle(action, &body.to_string(), self.now);
        let v: Value = serde_json::from_str(&out).expect("JSON response");
        if status == 200 {
            Ok(v)
        } else {
            Err(Err {
                status,
                code: v["__type"].as_str().unwrap().into(),
                message: v["message"].as_str().unwrap_or("").into(),
            })
        }
    }

    pub fn ok(&mut self, action: &str, body: Value) -> Value {
        match self.call(action, body) {
            Ok(v) => v,
            Err(e) => panic!("{action} failed: {e:?}"),
        }
    }

    /// Expect an error with this `__type`; returns the message.
    pub fn err(&mut self, action: &str, body: Value, code: &str) -> String {
        match self.call(action, body) {
            Ok(v) => panic!("{action} unexpectedly succeeded: {v}"),
            Err(e) => {
                assert_eq!(e.code, code, "{action}: {}", e.message);
                assert_eq!(e.status, 400);
                e.message
            }
        }
    }

    pub fn advance(&mut self, secs: u64) {
        self.now += secs * 1000;
    }

    pub fn code(&self, username: &str, purpose: &str) -> String {
        let msgs = self.emu.inbox(Some(username), None);
        msgs.iter()
            .rev()
            .find(|m| m.purpose == purpose)
            .unwrap_or_else(|| panic!("no {purpose} code for {username}"))
            .code
            .clone()
    }

    pub fn sign_up(&mut self, username: &str, email: &str) -> Value {
        let c = self.client.clone();
        self.ok("SignUp", json!({"ClientId": c, "Username": username, "Password": PW, "UserAttributes": [{"Name": "email", "Value": email}]}))
    }

    pub fn confirm(&mut self, username: &str) -> Value {
        let code = self.code(username, "SIGN_UP");
        let c = self.client.clone();
        self.ok(
            "ConfirmSignUp",
            json!({"ClientId": c, "Username": username, "ConfirmationCode": code}),
        )
    }

    pub fn confirmed_user(&mut self, username: &str) {
        self.sign_up(username, &format!("{username}@example.com"));
        self.confirm(username);
    }

    pub fn password_auth(&mut self, username: &str, pw: &str) -> Result<Value, Err> {
        let c = self.client.clone();
        self.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": username, "PASSWORD": pw}}))
    }

    pub fn respond(&mut self, name: &str, session: &Value, responses: Value) -> Result<Value, Err> {
        let c = self.client.clone();
        self.call("RespondToAuthChallenge", json!({"ClientId": c, "ChallengeName": name, "Session": session, "ChallengeResponses": responses}))
    }

    /// Full SRP sign-in with the independent client below.
    pub fn srp_sign_in(&mut self, username: &str, pw: &str) -> Result<Value, Err> {
        let client = SrpClient::new(&[0x42; 64]);
        let c = self.client.clone();
        let ch = self.call("InitiateAuth", json!({"ClientId": c, "AuthFlow": "USER_SRP_AUTH", "AuthParameters": {"USERNAME": username, "SRP_A": client.a_hex()}}))?;
        assert_eq!(ch["ChallengeName"], "PASSWORD_VERIFIER");
        let resp = client.respond(&self.pool, &ch["ChallengeParameters"], pw, self.now / 1000);
        self.respond("PASSWORD_VERIFIER", &ch["Session"], resp)
    }
}

pub fn tokens(v: &Value) -> &Value {
    assert!(v.get("AuthenticationResult").is_some(), "expected tokens, got {v}");
    &v["AuthenticationResult"]
}

/// Decode a JWT payload (no verification).
pub fn claims(jwt: &str) -> Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let part = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).unwrap()).unwrap()
}

// ---------- independent SRP client ----------

const N_HEX: &str = "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF";

/// padHex as a hex string (the textual rule of the protocol doc), decoded to bytes.
fn pad_hex_bytes(x: &BigUint) -> Vec<u8> {
    let mut h = x.to_str_radix(16);
    if h.len() % 2 == 1 {
        h.insert(0, '0');
    }
    if matches!(h.as_bytes()[0], b'8'..=b'9' | b'a'..=b'f') {
        h.insert_str(0, "00");
    }
    (0..h.len()).step_by(2).map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap()).collect()
}

fn h_int(parts: &[&[u8]]) -> BigUint {
    let mut s = Sha256::new();
    for p in parts {
        s.update(p);
    }
    BigUint::from_bytes_be(&s.finalize())
}

pub struct SrpClient {
    a: BigUint,
    big_a: BigUint,
    n: BigUint,
}

const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// Amplify-style timestamp from Unix seconds (independent of the server's formatter).
pub fn timestamp(secs: u64) -> String {
    let days = secs / 86400;
    let (mut y, mut d) = (1970u64, days);
    loop {
        let len = if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let ml = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut m = 0;
    while d >= ml[m] {
        d -= ml[m];
        m += 1;
    }
    let r = secs % 86400;
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[(days % 7) as usize],
        MONTHS[m],
        d + 1,
        r / 3600,
        r % 3600 / 60,
        r % 60,
        y
    )
}

impl SrpClient {
    pub fn new(a_bytes: &[u8]) -> Self {
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap();
        let a = BigUint::from_bytes_be(a_bytes);
        let big_a = BigUint::from(2u32).modpow(&a, &n);
        SrpClient { a, big_a, n }
    }

    pub fn a_hex(&self) -> String {
        self.big_a.to_str_radix(16)
    }

    /// PASSWORD_VERIFIER ChallengeResponses.
    pub fn respond(&self, pool_id: &str, params: &Value, password: &str, now_secs: u64) -> Value {
        let user_id = params["USER_ID_FOR_SRP"].as_str().unwrap();
        let ts = timestamp(now_secs);
        let sig = self.signature(pool_id, params, password, &ts);
        json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": sig,
            "TIMESTAMP": ts,
        })
    }

    pub fn signature(&self, pool_id: &str, params: &Value, password: &str, ts: &str) -> String {
        let pool_name = pool_id.split('_').nth(1).unwrap();
        let user_id = params["USER_ID_FOR_SRP"].as_str().unwrap();
        self.sign(pool_name, user_id, params, password, ts)
    }

    /// DEVICE_PASSWORD_VERIFIER ChallengeResponses: the same SRP proof with
    /// poolName := DeviceGroupKey, userId := DeviceKey, password := the device's secret.
    pub fn respond_device(&self, dev: &DeviceSecret, params: &Value, now_secs: u64) -> Value {
        let ts = timestamp(now_secs);
        let sig = self.sign(&dev.group_key, &dev.key, params, &dev.password, &ts);
        json!({
            "USERNAME": params["USERNAME"],
            "DEVICE_KEY": dev.key,
            "PASSWORD_CLAIM_SECRET_BLOCK": params["SECRET_BLOCK"],
            "PASSWORD_CLAIM_SIGNATURE": sig,
            "TIMESTAMP": ts,
        })
    }

    /// The SRP proof for `SRP_B`/`SALT`/`SECRET_BLOCK` in `params`.
    pub fn sign(
        &self,
        pool_name: &str,
        user_id: &str,
        params: &Value,
        password: &str,
        ts: &str,
    ) -> String {
        let n = &self.n;
        let g = BigUint::from(2u32);
        let b = BigUint::parse_bytes(params["SRP_B"].as_str().unwrap().as_bytes(), 16).unwrap();
        let salt = BigUint::parse_bytes(params["SALT"].as_str().unwrap().as_bytes(), 16).unwrap();
        let k = h_int(&[&pad_hex_bytes(n), &pad_hex_bytes(&g)]);
        let u = h_int(&[&pad_hex_bytes(&self.big_a), &pad_hex_bytes(&b)]);
        let x = srp_x(&salt, pool_name, user_id, password);
        let gx = g.modpow(&x, n);
        let base = (&b + n * &k - (&k * &gx) % n) % n;
        let s = base.modpow(&(&self.a + &u * &x), n);
        let prk = {
            let mut m = Hmac::<Sha256>::new_from_slice(&pad_hex_bytes(&u)).unwrap();
            m.update(&pad_hex_bytes(&s));
            m.finalize().into_bytes()
        };
        let okm = {
            let mut m = Hmac::<Sha256>::new_from_slice(&prk).unwrap();
            m.update(b"Caldera Derived Key\x01");
            m.finalize().into_bytes()
        };
        let block = STANDARD.decode(params["SECRET_BLOCK"].as_str().unwrap()).unwrap();
        let mut m = Hmac::<Sha256>::new_from_slice(&okm[..16]).unwrap();
        m.update(pool_name.as_bytes());
        m.update(user_id.as_bytes());
        m.update(&block);
        m.update(ts.as_bytes());
        STANDARD.encode(m.finalize().into_bytes())
    }
}

/// x = H(padHex(salt) || H(poolName || userId || ":" || password)).
fn srp_x(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    let inner = Sha256::digest(format!("{pool_name}{user_id}:{password}").as_bytes());
    h_int(&[&pad_hex_bytes(salt), &inner])
}

/// A device's secret as a client keeps it after ConfirmDevice (Amplify's deviceKey,
/// deviceGroupKey, randomPasswordKey).
#[derive(Clone, Debug)]
pub struct DeviceSecret {
    pub key: String,
    pub group_key: String,
    pub password: String,
}

impl DeviceSecret {
    /// From a sign-in's `NewDeviceMetadata`, with a fixed "random" password.
    pub fn new(result: &Value, password: &str) -> Self {
        let m = &result["AuthenticationResult"]["NewDeviceMetadata"];
        DeviceSecret {
            key: m["DeviceKey"].as_str().expect("NewDeviceMetadata").into(),
            group_key: m["DeviceGroupKey"].as_str().unwrap().into(),
            password: password.into(),
        }
    }

    /// ConfirmDevice's `DeviceSecretVerifierConfig` (protocol doc §7.8): a 16-byte salt,
    /// verifier = padHex(g^x), both base64 of their padHex bytes.
    pub fn verifier_config(&self) -> Value {
        let n = BigUint::parse_bytes(N_HEX.as_bytes(), 16).unwrap();
        let salt = BigUint::from_bytes_be(&[0x9c; 16]);
        let x = srp_x(&salt, &self.group_key, &self.key, &self.password);
        let v = BigUint::from(2u32).modpow(&x, &n);
        json!({
            "PasswordVerifier": STANDARD.encode(pad_hex_bytes(&v)),
            "Salt": STANDARD.encode(pad_hex_bytes(&salt)),
        })
    }
}
