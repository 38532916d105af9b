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

use crate::srp::{password_claim, pool_name, Ephemeral, PasswordChallenge};
use alloc::string::String;
use core::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Vector B's user pool ID (`poolName` = `bBpjKlyj6`).
const USER_POOL_ID: &str = "eu-west-2_bBpjKlyj6";
/// `USER_ID_FOR_SRP` (also the user name).
const USER_ID_FOR_SRP: &str = "username";
/// The password.
const PASSWORD: &str = "password";
/// `SALT` (hex; top bit set, so padHex prepends `00`).
const SALT: &str = "8f6a1dad94d7b82c5e3031d21a251b0f";
/// A fixed `TIMESTAMP` (formatting it is not part of the measured work).
const TIMESTAMP: &str = "Tue Feb 1 03:04:05 UTC 2000";
/// Vector B's secret `a` (hex) and its published `PASSWORD_CLAIM_SIGNATURE`.
const VECTOR_B_A: [u8; 8] = [0xab, 0xcd, 0xef, 0x01, 0x23, 0x45, 0x67, 0x89];
const VECTOR_B_SIGNATURE: &str = "AmaS40dQC4mBIgVaKNkAvWpYBmHUi/gv/XKVVCr8xyE=";

/// Vector B's `SRP_B` (hex, 3072 bits).
const SRP_B: &str = concat!(
    "a2a9be7148a622a87b92513959336c923ab748fdde47e1eae8e0b4495bfc950e65a4c2cf09ac9ab38c85dbc31100bda6",
    "01bb44d03d8c8a47770cdace442bea4c30ac83df807c2d2dfd6d8b449178c4c558108d141bdd79f8695d40ce25d77b1d",
    "7715a53b0022782b71105710e476b484e7c01d9625eafe4d50aff1808712d4c2636a7bb83b008fb8f398d79c5dfe5907",
    "4ee0df3240253e5719c18b343f49ef5d975d89e2c481628eadca30a90ab6c41d7b9308aa6f6fc618813393ace0f52562",
    "f51f26c3fc3160e9dc99f78e9bc22758eeb7f22c137a962de99a66feb7a23e179a599813c8431c364ee193b64eef9bca",
    "04117ceba50140bafe1a0aea262c0b9bcde235866da2f1c174063d685ad67f231fcef7dca62a327f6cf2279b5fa17383",
    "acd1868629d75523e87e14cdb214ea14ce6d47228e350e4d1d451a1238886d6b3dae1d59b79321ab740c995b28c6e03a",
    "61cf76383ce1906f86389927d3575e751cfe4ab50c1eef52dd79aee69512b88f237bd74d04e8cc72d0ab94c0ad934f26",
);
/// Vector B's `SECRET_BLOCK` (base64).
const SECRET_BLOCK: &str = concat!(
    "F+iU1RhIMWd3K64Qg+J/eud+WYMsW1tDULDQ4boHjzgdNFiBSKFX3BvoMHZJ2MjKv6nKMRgjifbx5sjdrBi2n+Nat+9E1QD0",
    "rzeJ2l2oOeVXruiwItacGO5AjM9PU1sFtZu4N13oNbsx9DUY7diIB+ksKz8LjxJV4FP055O1OJzEGbSY+RHAw3d3HsY2xsE9",
    "Zy6bD5FpSrONwKZWWUpZXSexPiDHzGIcRyBBYXwOKAJ+1pCtZW/Jg+MuW6hiYfTMEGk8vr/35TmiAHjYRe1urxElaa+fJi41",
    "j1tpX5FhrHfNp3WmuVj6cWJwkhZ/GKGL000lwsXDEY83C2v2czpjP1VwyDf2UPxI1BNPMVjCWZx5V/9D5SniPUWCNpwyh+ZS",
    "CVvRJxQitMcV0klswY36itXXn7OCurUjgqViUIBPbrVDcbuZ49tR4UoHlQXNzsmzXwlGwyHvNUHjNAT/6/qAAtmHwJbT6GZz",
    "ceN1g+33P0Eq2BIWxj16pnhPKykrGuvIV3TpcL9FY0CcTKqozRfC2pOWenT08md++uq39z9OP+wA/7Fjt1ceLOiDcRhEW0xh",
    "oBqu/3V7RDNDUqV2bLH7rEq7Q5PCGhsRu8h9crUbVtNOUrna/o7HmRy0XiBQdjLP7Xe6uASNZAAso4eUZce0oc2LIpHvAx6B",
    "K8cw8rp2Pcg+ZnC0HgcpBEF6sHJEcH4GmZNJ10c/exITniVKSJkP1C8iPqulNug6OMmSav3WpMvj/qb/t8JPNqbePj99fANk",
    "teG7JPUY9LoE/wsBDIeYEA4lZ4HvKZw9g8RbltYNmOQAa6K4XXI0AEspx1+TT5A+cJl48BPk+f46SCThCzK/8N9XHaerojUq",
    "u4EWW1l5c+WRaOCdvo/HQidTn1VQJ6lcyJwcuyoxy7MlESMfs1G9rgehHbYjWNxoUwX/AwFfNzS/7dMENhDFx+ZUsT0wgrn+",
    "iMhfJJPHG4lt0N/R6JjQ8IOgaUZ7CZdrL7pQxA5v0eqWwZ/cYJVAI+mGLez1ldYQRvZkw0dOkpCjCDrw7ZTKnsyRLDE6KyyN",
    "T+ykJq7aGyAHb5nxualN0B8OnqY1hh+tZ5xTOh9jlnvBo7dwfsbZpjsGGLiMLbc411cT+FUONrlPdK9wDEZdQ8jcys4PfeCz",
    "cju/VnNEbbv1EuxG5bIWGApSOVf04p2/0bBWn8VJkKoCsC9+QhV2KwTRfCLZWloYIc/N1QuzXf328m9FG3vihrXvkgcxxsSb",
    "UjMb4QhR7DkYIN6kWsguBOVTybdTi4vlNqFzX8bJtK3uQNKC98yYzZjR40HFOydBJjLckUandwu1blgqM3IwlmYWMiPcFx2S",
    "GQRIufq8hLOhyE12ulT9KI4c2D+yLn7hASICW/3z7LgfuWq6j1FDVlmSqM00C8wZ84DzT056HLETpWpl1Gh3QRJPkReqRKlY",
    "0Bqrk5koMfmRuGht/WnyXxs0gSAkWFOevpvYopyHBhMTdc7DlGE70QcRJiBeuJkKNOoih+lOkHGFof5xnFWzaZkuouBZFntS",
    "n4xZxEAb1Tl56k1b8oCIHLvrsnlqxMHfNYlnQUO+gnhFgDc6AlyQCtc6+wlulggchkPFMgjlaN/w6h3N9697ksRnySNMNAkC",
    "x+VgP+qbgn24pGYWWtlCWWpsdkxU6OzpFQwBchqBw9LUB5MyqjwWLssMxlJxg0KgXnRNfwv5jd0sAE5KvT4vFCt0FA==",
);

thread_local! {
    /// The ephemeral made by the last `srpEphemeral()`, consumed by `srpClaim()`.
    static PENDING: RefCell<Option<Ephemeral>> = const { RefCell::new(None) };
}

fn challenge() -> PasswordChallenge<'static> {
    PasswordChallenge {
        pool_name: pool_name(USER_POOL_ID),
        user_id_for_srp: USER_ID_FOR_SRP,
        srp_b_hex: SRP_B,
        salt_hex: SALT,
        secret_block_b64: SECRET_BLOCK,
    }
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
    let eph = Ephemeral::new(&random[..]).map_err(|_| JsValue::from_str("srpEphemeral: random rejected"))?;
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
    password_claim(eph, &challenge(), PASSWORD, TIMESTAMP).map_err(|_| JsValue::from_str("srpClaim: challenge rejected"))
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
    set(&v, "a", &s("abcdef0123456789"));
    set(&v, "signature", &s(VECTOR_B_SIGNATURE));
    set(&o, "vectorB", &v);
    o
}

/// `srpVectorB()`: our signature for Vector B's known `a` (must equal
/// `srpChallenge().vectorB.signature`).
#[wasm_bindgen(js_name = srpVectorB)]
pub fn srp_vector_b() -> Result<String, JsValue> {
    vector_b().ok_or_else(|| JsValue::from_str("srpVectorB: rejected"))
}

/// Vector B with its 8-byte `a`, left-padded to the 32 bytes `Ephemeral::new` accepts.
fn vector_b() -> Option<String> {
    let mut random = [0u8; 32];
    random[24..].copy_from_slice(&VECTOR_B_A);
    let eph = Ephemeral::new(&random).ok()?;
    password_claim(eph, &challenge(), PASSWORD, TIMESTAMP).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn vector_b_signature() {
        assert_eq!(super::vector_b().as_deref(), Some(super::VECTOR_B_SIGNATURE));
    }
}
