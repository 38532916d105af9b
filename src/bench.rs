//! Benchmark-only exports (cargo feature `bench`; never in the shipped package).
//!
//! `bench/` (run by `make bench`) times these in headless Chromium against aws-amplify's SRP
//! helper. Each export runs exactly the client SRP work of one USER_SRP_AUTH sign-in, with a
//! fixed, realistic challenge: Vector B of cognito-protocol.md §8.2 (a 3072-bit `SRP_B` from a
//! real server, a 16-byte salt, a 1.3 KB `SECRET_BLOCK`).
//!
//! - [`srp_ephemeral`] (`srpEphemeral(randomBytes = 48)`): what `signIn` does before
//!   InitiateAuth: `a` from the CSPRNG and `A = g^a mod N` (returns `SRP_A`, hex). The
//!   ephemeral is kept for the next `srpClaim()`.
//! - [`srp_claim`] (`srpClaim()`): the PASSWORD_VERIFIER work with that ephemeral: `u`, `x`,
//!   `g^x`, `S`, HKDF and the HMAC signature (returns `PASSWORD_CLAIM_SIGNATURE`).
//! - [`srp_challenge`] (`srpChallenge()`): the fixed challenge, so the page gives Amplify the
//!   same input.
//! - [`srp_vector_b`] (`srpVectorB()`): the signature of Vector B's known `a`; the page checks it
//!   (and Amplify's, from the same `a`) against the published value before timing anything.

use crate::srp::vector_b::{
    self, challenge, PASSWORD, SALT, SECRET_BLOCK, SRP_B, TIMESTAMP, USER_ID_FOR_SRP, USER_POOL_ID,
};
use crate::srp::{password_claim, pool_name, Ephemeral};
use alloc::string::String;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;

thread_local! {
    /// The ephemeral made by the last `srpEphemeral()`, consumed by `srpClaim()`.
    static PENDING: RefCell<Option<Ephemeral>> = const { RefCell::new(None) };
}

/// `srpEphemeral(randomBytes = 48)`: `randomBytes` bytes from the CSPRNG (as `signIn` does,
/// 48 by default; 32–256 accepted) and `A = g^a mod N`. Returns `SRP_A` (hex) and keeps the
/// ephemeral for `srpClaim()`.
#[wasm_bindgen(js_name = srpEphemeral)]
pub fn srp_ephemeral(random_bytes: Option<u32>) -> Result<String, JsValue> {
    let n = random_bytes.unwrap_or(48) as usize;
    if !(32..=256).contains(&n) {
        return Err(JsValue::from_str("srpEphemeral: randomBytes must be 32..=256"));
    }
    let mut random = zeroize::Zeroizing::new(alloc::vec![0u8; n]);
    getrandom::fill(&mut random[..]).map_err(|_| JsValue::from_str("srpEphemeral: no CSPRNG"))?;
    let eph = Ephemeral::new(&random[..])
        .map_err(|_| JsValue::from_str("srpEphemeral: random rejected"))?;
    let a = eph.public_hex();
    PENDING.with(|p| *p.borrow_mut() = Some(eph));
    Ok(a)
}

/// `srpClaim()`: the PASSWORD_VERIFIER answer for the fixed challenge with the ephemeral of
/// the last `srpEphemeral()` (u, x, g^x, S, HKDF, HMAC). Returns `PASSWORD_CLAIM_SIGNATURE`.
#[wasm_bindgen(js_name = srpClaim)]
pub fn srp_claim() -> Result<String, JsValue> {
    let eph = PENDING
        .with(|p| p.borrow_mut().take())
        .ok_or_else(|| JsValue::from_str("srpClaim: call srpEphemeral() first"))?;
    password_claim(eph, &challenge(), PASSWORD, TIMESTAMP)
        .map_err(|_| JsValue::from_str("srpClaim: challenge rejected"))
}

/// `srpChallenge()`: the fixed challenge as `{ userPoolId, poolName, username, password,
/// SRP_B, SALT, SECRET_BLOCK, TIMESTAMP, vectorB: { a, signature } }`.
#[wasm_bindgen(js_name = srpChallenge)]
pub fn srp_challenge() -> js_sys::Object {
    let o = js_sys::Object::new();
    let set = |o: &js_sys::Object, k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(o, &JsValue::from_str(k), v);
    };
    let s = |v: &str| JsValue::from_str(v);
    set(&o, "userPoolId", &s(USER_POOL_ID));
    set(&o, "poolName", &s(pool_name(USER_POOL_ID)));
    set(&o, "username", &s(USER_ID_FOR_SRP));
    set(&o, "password", &s(PASSWORD));
    set(&o, "SRP_B", &s(SRP_B));
    set(&o, "SALT", &s(SALT));
    set(&o, "SECRET_BLOCK", &s(SECRET_BLOCK));
    set(&o, "TIMESTAMP", &s(TIMESTAMP));
    let v = js_sys::Object::new();
    let a_hex: String = vector_b::A.iter().map(|b| alloc::format!("{b:02x}")).collect();
    set(&v, "a", &s(&a_hex));
    set(&v, "signature", &s(vector_b::SIGNATURE));
    set(&o, "vectorB", &v);
    o
}

/// `srpVectorB()`: our signature for Vector B's known `a` (must equal
/// `srpChallenge().vectorB.signature`).
#[wasm_bindgen(js_name = srpVectorB)]
pub fn srp_vector_b() -> Result<String, JsValue> {
    vector_b_signature().ok_or_else(|| JsValue::from_str("srpVectorB: rejected"))
}

/// Vector B with its 8-byte `a`, left-padded to the 32 bytes `Ephemeral::new` accepts.
fn vector_b_signature() -> Option<String> {
    let mut random = [0u8; 32];
    random[24..].copy_from_slice(&vector_b::A);
    let eph = Ephemeral::new(&random).ok()?;
    password_claim(eph, &challenge(), PASSWORD, TIMESTAMP).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn vector_b_signature() {
        assert_eq!(super::vector_b_signature().as_deref(), Some(super::vector_b::SIGNATURE));
    }
}
