//! Client-side SRP-6a as Amazon Cognito uses it (`USER_SRP_AUTH`, device SRP).
//!
//! Pure math: no I/O, no clock, no randomness of its own. The group is the RFC 3526
//! 3072-bit prime with g = 2; the hash is SHA-256; numbers are hashed in Java
//! `BigInteger.toByteArray` form ("padHex"). The secret exponent is chosen by the caller
//! (48 bytes from a CSPRNG). Exponentiations are constant-time (Montgomery arithmetic on
//! crypto-bigint `U3072` limbs, see `mont`), bounded by the public bit lengths of their
//! exponents: 8 × the random bytes for `a`, 256 for `x`, max(bits(a), 512) + 1 for `a + u·x`.

use alloc::string::String;
use alloc::vec::Vec;
use crypto_bigint::U3072;
use hmac_sha256::{Hash, HKDF, HMAC};
use zeroize::{Zeroize, Zeroizing};

mod group;
mod mont;
#[cfg(test)]
mod tests;
mod time;
#[cfg(any(test, feature = "bench"))]
pub(crate) mod vector_b;

use group::{from_be, hex_decode, hex_encode, pad_hex, to_be, K};
use mont::{from_mont, mul, pow, pow2, r2, sub, to_mont};
pub use time::timestamp;

/// Why an SRP computation was refused. Carries no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SrpError {
    /// `SRP_B` is not hex, is wider than 3072 bits, or is a multiple of N.
    InvalidServerB,
    /// `SALT` is empty or not hex.
    InvalidSalt,
    /// `SECRET_BLOCK` is empty or not base64.
    InvalidSecretBlock,
    /// The scrambling parameter `u = H(A, B)` is zero.
    InvalidU,
    /// The random bytes are fewer than 32, more than 256, or all zero.
    InvalidRandom,
}

/// The client's ephemeral key pair: secret `a` (zeroized on drop) and public `A = g^a mod N`.
///
/// `A` depends on neither the password nor the server, so it can be made in advance; each
/// ephemeral signs at most one claim.
pub struct Ephemeral {
    a: U3072,
    /// A public bound on the bit length of `a` (8 × its byte length).
    a_bits: u32,
    public: U3072,
}

impl Drop for Ephemeral {
    fn drop(&mut self) {
        self.a.zeroize();
    }
}

impl Ephemeral {
    /// Makes `a` from `random`, the bytes of a CSPRNG (48 bytes = 384 bits is the intended
    /// size), and computes `A = g^a mod N` with an exponentiation of `8 × random.len()` bits.
    ///
    /// # Errors
    /// [`SrpError::InvalidRandom`] if `random` has fewer than 32 or more than 256 bytes, or is
    /// all zero.
    pub fn new(random: &[u8]) -> Result<Ephemeral, SrpError> {
        if !(32..=256).contains(&random.len()) {
            return Err(SrpError::InvalidRandom);
        }
        Self::from_secret(random)
    }

    /// Any non-zero secret of at most 256 bytes (for test vectors with small `a`).
    fn from_secret(be: &[u8]) -> Result<Ephemeral, SrpError> {
        let a = from_be(be).filter(|a| be.len() <= 256 && *a != U3072::ZERO);
        let a = a.ok_or(SrpError::InvalidRandom)?;
        let a_bits = 8 * be.len() as u32;
        Ok(Ephemeral { a, a_bits, public: from_mont(&pow2(&a, a_bits)) })
    }

    /// Test helper: the secret `a` given in hex.
    #[cfg(test)]
    pub(crate) fn from_secret_hex(hex: &str) -> Result<Ephemeral, SrpError> {
        Self::from_secret(&hex_decode(hex).ok_or(SrpError::InvalidRandom)?[1..])
    }

    /// `A` as lowercase hex without leading zeros: the `SRP_A` auth parameter.
    pub fn public_hex(&self) -> String {
        hex_encode(&self.public)
    }
}

/// The values of a `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) challenge that the
/// claim depends on.
#[derive(Clone, Copy)]
pub struct PasswordChallenge<'a> {
    /// The part of the user pool ID after `_` (see [`pool_name`]); for device SRP, the
    /// `DeviceGroupKey`.
    pub pool_name: &'a str,
    /// `ChallengeParameters.USER_ID_FOR_SRP`; for device SRP, the `DeviceKey`.
    pub user_id_for_srp: &'a str,
    /// `ChallengeParameters.SRP_B` (hex).
    pub srp_b_hex: &'a str,
    /// `ChallengeParameters.SALT` (hex).
    pub salt_hex: &'a str,
    /// `ChallengeParameters.SECRET_BLOCK` (base64), sent back unchanged.
    pub secret_block_b64: &'a str,
}

/// `PASSWORD_CLAIM_SIGNATURE` (standard base64) for `password` and the `TIMESTAMP` string
/// `timestamp` (see [`timestamp`]). Consumes the ephemeral: a key pair signs one claim.
///
/// # Errors
/// [`SrpError::InvalidServerB`], [`SrpError::InvalidSalt`], [`SrpError::InvalidSecretBlock`]
/// for malformed challenge values, [`SrpError::InvalidU`] if `H(A, B)` is zero.
pub fn password_claim(
    eph: Ephemeral,
    ch: &PasswordChallenge,
    password: &str,
    timestamp: &str,
) -> Result<String, SrpError> {
    let block = decode_b64(ch.secret_block_b64).ok_or(SrpError::InvalidSecretBlock)?;
    let key = session_key(&eph, ch, password)?;
    let mut mac = HMAC::new(&key[..]);
    mac.update(ch.pool_name);
    mac.update(ch.user_id_for_srp);
    mac.update(&block);
    mac.update(timestamp);
    Ok(crate::base64::encode(&mac.finalize()))
}

/// Standard base64, also accepting the URL-safe alphabet and missing padding; not empty.
fn decode_b64(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() {
        return None;
    }
    crate::base64::decode(s)
}

/// The 16-byte key K (§7.3–7.4), after checking every challenge value.
fn session_key(
    eph: &Ephemeral,
    ch: &PasswordChallenge,
    password: &str,
) -> Result<Zeroizing<[u8; 16]>, SrpError> {
    let b_bytes = hex_decode(ch.srp_b_hex).ok_or(SrpError::InvalidServerB)?;
    let r2 = r2();
    let b = to_mont(&from_be(&b_bytes).ok_or(SrpError::InvalidServerB)?, &r2);
    if b.iter().all(|&w| w == 0) {
        return Err(SrpError::InvalidServerB);
    }
    let salt = hex_decode(ch.salt_hex).ok_or(SrpError::InvalidSalt)?;
    let u = scramble(&to_be(&eph.public)[..], &b_bytes)?;

    let x = private_key(ch.pool_name, ch.user_id_for_srp, password, &salt);
    // S = (B - k·g^x)^(a + u·x) mod N, with a + u·x not reduced: x has 256 bits, u·x at
    // most 512, so the exponent has at most max(bits(a), 512) + 1 bits.
    let v = Zeroizing::new(pow2(&x, 256));
    let base = Zeroizing::new(sub(&b, &mul(&to_mont(&K.resize(), &r2), &v)));
    let e = Zeroizing::new(eph.a.wrapping_add(&u.wrapping_mul(&*x)));
    let s = Zeroizing::new(from_mont(&pow(&base, &e, eph.a_bits.max(512) + 1)));
    Ok(derive_key(pad_hex(&to_be(&s)[..]), pad_hex(&to_be(&u)[..])))
}

/// `x = H(padHex(salt) || H(poolName || userId || ":" || password))`, the salt big-endian
/// after one leading zero byte.
fn private_key(pool_name: &str, user_id: &str, password: &str, salt_zb: &[u8]) -> Zeroizing<U3072> {
    let mut inner = sha256(&[pool_name.as_bytes(), user_id.as_bytes(), b":", password.as_bytes()]);
    let mut x_hash = sha256(&[pad_hex(salt_zb), &inner]);
    inner.zeroize();
    let x = Zeroizing::new(from_be(&x_hash).unwrap_or(U3072::ZERO));
    x_hash.zeroize();
    x
}

/// What `ConfirmDevice` registers for a device (§7.8): its salt and the verifier `g^x`, each
/// as padHex bytes (sent base64-encoded). The device then signs in by SRP with
/// `pool_name = DeviceGroupKey`, `user_id = DeviceKey` and its random password as the
/// password ([`password_claim`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceVerifier {
    /// `DeviceSecretVerifierConfig.Salt`, before base64.
    pub salt: Vec<u8>,
    /// `DeviceSecretVerifierConfig.PasswordVerifier`, before base64.
    pub verifier: Vec<u8>,
}

/// The [`DeviceVerifier`] of a device's random `password`, with 16 random bytes of salt.
pub fn device_verifier(
    group_key: &str,
    device_key: &str,
    password: &str,
    random_salt: &[u8; 16],
) -> DeviceVerifier {
    let mut salt_zb = [0u8; 17];
    salt_zb[1..].copy_from_slice(random_salt);
    let x = private_key(group_key, device_key, password, &salt_zb);
    let v = from_mont(&pow2(&x, 256));
    DeviceVerifier { salt: pad_hex(&salt_zb).to_vec(), verifier: pad_hex(&to_be(&v)[..]).to_vec() }
}

/// `u = H(padHex(A) || padHex(B))`; both arguments are big-endian with one leading zero byte.
fn scramble(a_zb: &[u8], b_zb: &[u8]) -> Result<U3072, SrpError> {
    let h = sha256(&[pad_hex(a_zb), pad_hex(b_zb)]);
    match from_be(&h) {
        Some(u) if u != U3072::ZERO => Ok(u),
        _ => Err(SrpError::InvalidU),
    }
}

/// HKDF-SHA256 with info "Caldera Derived Key", 16 bytes of output (§7.4).
fn derive_key(ikm: &[u8], salt: &[u8]) -> Zeroizing<[u8; 16]> {
    let mut key = Zeroizing::new([0u8; 16]);
    let prk = Zeroizing::new(HKDF::extract(salt, ikm));
    HKDF::expand(&mut key[..], &prk[..], b"Caldera Derived Key");
    key
}

/// `SECRET_HASH` = base64(HMAC-SHA256(key = client secret, username || client ID)), for app
/// clients that have a secret.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = HMAC::new(client_secret);
    mac.update(username);
    mac.update(client_id);
    crate::base64::encode(&mac.finalize())
}

/// The pool name used in SRP: the part of a user pool ID after `_`
/// (`eu-west-1_myPool` → `myPool`); the whole ID if it has no `_`.
pub fn pool_name(user_pool_id: &str) -> &str {
    user_pool_id.split_once('_').map_or(user_pool_id, |(_, name)| name)
}

/// SHA-256 of the concatenated `parts`.
fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = Hash::new();
    for p in parts {
        h.update(p);
    }
    h.finalize()
}
