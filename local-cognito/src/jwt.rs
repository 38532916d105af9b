//! RS256 signing key, JWKS and token minting/verification.
//!
//! Signing goes through OpenSSL (already linked for WebAuthn) with the parsed key kept:
//! jsonwebtoken's `encode` re-parses and re-validates the DER key with ring on every call,
//! which cost about ten times the signature itself (README.md "Speed").

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use openssl::hash::MessageDigest;
use openssl::pkey::{PKey, Private};
use openssl::sign::Signer;
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rsa::RsaPrivateKey;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The emulator's signing key (RSA-2048) and its public JWK.
pub struct Keys {
    pub kid: String,
    private: PKey<Private>,
    /// `base64url({"kid":…,"alg":"RS256"})` followed by `.`: the same for every token.
    header_prefix: String,
    decoding: DecodingKey,
    pub jwk: Value,
}

impl Keys {
    /// Generate the key for a seed. Keys are cached per seed within the process, so
    /// many emulators with the same seed share one (slow) RSA generation.
    pub fn for_seed(seed: u64) -> Arc<Keys> {
        static CACHE: OnceLock<Mutex<HashMap<u64, Arc<Keys>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(k) = guard.get(&seed) {
            return k.clone();
        }
        let k = Arc::new(Keys::generate(seed));
        guard.insert(seed, k.clone());
        k
    }

    fn generate(seed: u64) -> Keys {
        let mut rng = ChaCha20Rng::seed_from_u64(seed ^ 0x6a77_745f_6b65_7973);
        let key = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation");
        let der = key.to_pkcs1_der().expect("PKCS#1 encoding");
        let n = URL_SAFE_NO_PAD.encode(key.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(key.e().to_bytes_be());
        let kid = URL_SAFE_NO_PAD.encode(&Sha256::digest(n.as_bytes())[..18]);
        let private = openssl::rsa::Rsa::private_key_from_der(der.as_bytes())
            .and_then(PKey::from_rsa)
            .expect("OpenSSL reads the PKCS#1 key it was given");
        let header = json!({"kid": kid, "alg": "RS256"}).to_string();
        Keys {
            private,
            header_prefix: format!("{}.", URL_SAFE_NO_PAD.encode(header)),
            decoding: DecodingKey::from_rsa_components(&n, &e).expect("valid components"),
            jwk: json!({"alg": "RS256", "e": e, "kid": kid, "kty": "RSA", "n": n, "use": "sig"}),
            kid,
        }
    }

    /// Sign claims as an RS256 JWT with this key's `kid`.
    pub fn sign(&self, claims: &Value) -> String {
        let mut token = self.header_prefix.clone();
        URL_SAFE_NO_PAD.encode_string(claims.to_string(), &mut token);
        let signature = Signer::new(MessageDigest::sha256(), &self.private)
            .and_then(|mut s| s.sign_oneshot_to_vec(token.as_bytes()))
            .expect("RSA signing with a valid key");
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut token);
        token
    }

    /// Verify the signature of a token issued by this key and return its claims.
    /// Expiry is judged by the caller against the emulator clock.
    pub fn verify(&self, token: &str) -> Option<Value> {
        let mut v = Validation::new(Algorithm::RS256);
        v.validate_exp = false;
        v.validate_aud = false;
        v.required_spec_claims.clear();
        jsonwebtoken::decode::<Value>(token, &self.decoding, &v).ok().map(|d| d.claims)
    }
}
