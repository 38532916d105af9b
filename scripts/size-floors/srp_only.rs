//! Size floor C: the wasm keeps SRP and hashing only (A, the password claim, SECRET_HASH);
//! everything else (requests, flows, storage, Amplify shapes) would be JS. Not shipped:
//! scripts/size-floors.sh swaps it in for `api` in a copy of the tree to weigh that design.
#![allow(missing_docs)]
use alloc::string::String;
use wasm_bindgen::prelude::*;

/// `SRP_A` for 48 random bytes (the caller keeps the ephemeral in a real design).
#[wasm_bindgen]
pub fn srp_a(random: &[u8]) -> Option<String> {
    crate::srp::Ephemeral::new(random).ok().map(|e| e.public_hex())
}

/// `PASSWORD_CLAIM_SIGNATURE`.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn srp_claim(random: &[u8], pool: &str, user: &str, b: &str, salt: &str, block: &str, password: &str, ts: &str) -> Option<String> {
    let e = crate::srp::Ephemeral::new(random).ok()?;
    let ch = crate::srp::PasswordChallenge { pool_name: pool, user_id_for_srp: user, srp_b_hex: b, salt_hex: salt, secret_block_b64: block };
    crate::srp::password_claim(e, &ch, password, ts).ok()
}

/// `SECRET_HASH`.
#[wasm_bindgen]
pub fn secret_hash(secret: &str, username: &str, client_id: &str) -> String {
    crate::srp::secret_hash(secret, username, client_id)
}
