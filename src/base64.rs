//! Base64 for the few public values Cognito exchanges in it: the SRP signature and secret hash
//! (encoded), the SRP secret block and JWT payloads (decoded). None of them is secret once on
//! the wire, so this is a plain table-free codec; it replaced `base64ct`, whose constant-time
//! decoding weighed ~4 KB of wasm in every caller it was inlined into (docs/architecture.md
//! "Size"). The tests check it against `base64ct` as an oracle.

use alloc::string::String;
use alloc::vec::Vec;

const STD: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard alphabet, padded (RFC 4648 §4).
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() {
                STD[(n >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

/// The 6-bit value of a character of either alphabet (standard `+/` or URL-safe `-_`).
fn sextet(c: u8) -> Option<u32> {
    Some(match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' | b'-' => 62,
        b'/' | b'_' => 63,
        _ => return None,
    } as u32)
}

/// Decodes standard or URL-safe base64, padded or not. `None` on any other character, on a
/// length that cannot be base64 (4n+1) or on non-zero trailing bits (non-canonical input).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let data = text.trim_end_matches('=').as_bytes();
    let padded = text.len() != data.len();
    if data.len() % 4 == 1 || text.len() - data.len() > 2 || padded && text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(data.len() * 3 / 4);
    for chunk in data.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= sextet(c)? << (18 - 6 * i);
        }
        let bytes = chunk.len() * 6 / 8;
        // Bits below the last whole byte must be zero.
        if n & ((1 << (24 - 8 * bytes)) - 1) != 0 {
            return None;
        }
        out.extend((0..bytes).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64ct::{Base64, Base64UrlUnpadded, Encoding};

    #[test]
    fn rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(plain.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), plain.as_bytes());
            assert_eq!(decode(enc.trim_end_matches('=')).unwrap(), plain.as_bytes());
        }
    }

    #[test]
    fn agrees_with_base64ct() {
        // Every length up to 70 and every byte value, in both alphabets.
        let data: Vec<u8> = (0..=255u8).chain((0..=255u8).rev()).collect();
        for len in 0..70 {
            for start in [0, 3, 100, 250] {
                let bytes = &data[start..start + len];
                let std = Base64::encode_string(bytes);
                assert_eq!(encode(bytes), std);
                assert_eq!(decode(&std).unwrap(), bytes);
                let url = Base64UrlUnpadded::encode_string(bytes);
                assert_eq!(decode(&url).unwrap(), bytes);
            }
        }
    }

    #[test]
    fn rejects_what_is_not_base64() {
        for bad in ["A", "Zg=a", "Zh==", "Zm9=", "Z===", "Zg===", "Zm8==", "Zm9v!", "Zm 9v", "é"] {
            assert_eq!(decode(bad), None, "{bad}");
            assert!(
                Base64::decode_vec(bad).is_err() || Base64UrlUnpadded::decode_vec(bad).is_err(),
                "{bad}"
            );
        }
    }
}
