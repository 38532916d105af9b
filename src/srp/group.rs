//! The RFC 3526 3072-bit group (g = 2), the constant k, and byte/hex helpers.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use crypto_bigint::{Word, U256, U3072};
use zeroize::Zeroizing;

crypto_bigint::impl_modulus!(
    Modulus,
    U3072,
    concat!(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
        "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
        "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
        "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
        "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
        "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    ),
    "The RFC 3526 3072-bit MODP prime N."
);

/// crypto-bigint's residue type modulo N: the tests' oracle for `mont`.
#[cfg(test)]
pub(crate) type Mont = crypto_bigint::modular::ConstMontyForm<Modulus, { U3072::LIMBS }>;

/// Bytes in a `U3072`.
pub(crate) const BYTES: usize = 384;

/// `k = H(padHex(N) || padHex(g))` (§7.1), checked by a test.
pub(crate) const K_HEX: &str = "538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6";

/// `k` as an integer.
pub(crate) const K: U256 = U256::from_be_hex(K_HEX);

/// A big-endian buffer of N's width with one leading zero byte, the form [`pad_hex`] reads.
pub(crate) type Wide = Zeroizing<[u8; BYTES + 1]>;

/// `x` as big-endian bytes, preceded by one zero byte.
pub(crate) fn to_be(x: &U3072) -> Wide {
    const W: usize = core::mem::size_of::<Word>();
    let mut out = Zeroizing::new([0u8; BYTES + 1]);
    for (chunk, w) in out[1..].chunks_exact_mut(W).zip(x.as_words().iter().rev()) {
        chunk.copy_from_slice(&w.to_be_bytes());
    }
    out
}

/// Big-endian bytes as a `U3072`; `None` if the value needs more than 384 bytes. Runs in time
/// independent of the value when `be` has at most 384 bytes (it may be a secret).
pub(crate) fn from_be(be: &[u8]) -> Option<U3072> {
    let (extra, be) = be.split_at(be.len().saturating_sub(BYTES));
    if extra.iter().any(|&b| b != 0) {
        return None;
    }
    let mut buf = Zeroizing::new([0u8; BYTES]);
    buf[BYTES - be.len()..].copy_from_slice(be);
    Some(U3072::from_be_slice(&buf[..]))
}

/// Drops leading zero bytes.
fn strip(be: &[u8]) -> &[u8] {
    let i = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    &be[i..]
}

/// §7.2 padHex as bytes: the minimal two's-complement encoding of the non-negative integer
/// whose big-endian bytes follow the leading zero byte `zb[0]`.
pub(crate) fn pad_hex(zb: &[u8]) -> &[u8] {
    let n = zb.len() - strip(zb).len();
    if n == zb.len() || zb[n] >= 0x80 {
        &zb[n - 1..]
    } else {
        &zb[n..]
    }
}

/// Parses hex (either case, odd length allowed, not empty) into big-endian bytes preceded by
/// one zero byte.
pub(crate) fn hex_decode(s: &str) -> Option<Zeroizing<Vec<u8>>> {
    let s = s.as_bytes();
    if s.is_empty() {
        return None;
    }
    let mut out = Zeroizing::new(vec![0u8; 1 + s.len().div_ceil(2)]);
    let odd = s.len() & 1;
    for (i, &c) in s.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            b'A'..=b'F' => c - b'A' + 10,
            _ => return None,
        };
        let j = i + odd;
        out[1 + j / 2] |= v << (4 * (1 - j % 2));
    }
    Some(out)
}

/// Lowercase hex without leading zeros ("0" for zero).
pub(crate) fn hex_encode(x: &U3072) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let be = to_be(x);
    let mut s = String::with_capacity(2 * BYTES);
    for &b in be.iter() {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    let n = s.len() - s.trim_start_matches('0').len();
    s.split_off(n.min(s.len() - 1))
}
