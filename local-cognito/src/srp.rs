//! Server side of Cognito's SRP-6a variant (3072-bit RFC 3526 group, g = 2,
//! HKDF "Caldera Derived Key"). Written from the protocol reference, independently
//! of the client's `src/srp`.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use num_bigint::BigUint;
use num_traits::Zero;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

type HmacSha256 = Hmac<Sha256>;

/// The RFC 3526 3072-bit MODP prime N (hex), which Cognito uses.
pub const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The group prime N.
pub fn n() -> &'static BigUint {
    static N: OnceLock<BigUint> = OnceLock::new();
    N.get_or_init(|| BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("valid N"))
}

/// The generator g = 2.
pub fn g() -> BigUint {
    BigUint::from(2u32)
}

/// k = H(padHex(N) || padHex(g)).
pub fn k() -> &'static BigUint {
    static K: OnceLock<BigUint> = OnceLock::new();
    K.get_or_init(|| hash_to_int(&[&pad(n()), &pad(&g())]))
}

/// Minimal two's-complement big-endian bytes (Cognito's `padHex`, decoded).
pub fn pad(x: &BigUint) -> Vec<u8> {
    let mut b = x.to_bytes_be();
    if b[0] & 0x80 != 0 {
        b.insert(0, 0);
    }
    b
}

fn hash_to_int(parts: &[&[u8]]) -> BigUint {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    BigUint::from_bytes_be(&h.finalize())
}

/// Pool name = the part of the pool id after `_`.
pub fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').map(|(_, n)| n).unwrap_or(pool_id)
}

/// x = H(padHex(salt) || H(poolName || userId || ":" || password)).
pub fn compute_x(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    let inner = Sha256::digest(format!("{pool_name}{user_id}:{password}").as_bytes());
    hash_to_int(&[&pad(salt), &inner])
}

/// What is stored beside the verifier to check a plaintext password quickly:
/// SHA-256("local-cognito password check" || x), with x as in [`compute_x`] (salted, bound to
/// the pool and user). Equal passwords give equal values; v = g^x would cost a 3072-bit
/// modular exponentiation per check (see README.md "Speed").
pub fn password_check(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> [u8; 32] {
    let x = compute_x(salt, pool_name, user_id, password);
    let mut h = Sha256::new();
    h.update(b"local-cognito password check");
    h.update(x.to_bytes_be());
    h.finalize().into()
}

/// The password verifier stored for a user: v = g^x mod N.
pub fn verifier(salt: &BigUint, pool_name: &str, user_id: &str, password: &str) -> BigUint {
    g().modpow(&compute_x(salt, pool_name, user_id, password), n())
}

/// u = H(padHex(A) || padHex(B)).
pub fn compute_u(a_pub: &BigUint, b_pub: &BigUint) -> BigUint {
    hash_to_int(&[&pad(a_pub), &pad(b_pub)])
}

/// B = (k·v + g^b) mod N.
pub fn server_public(v: &BigUint, b: &BigUint) -> BigUint {
    (k() * v + g().modpow(b, n())) % n()
}

/// Server premaster secret S = (A · v^u)^b mod N.
pub fn server_secret(a_pub: &BigUint, v: &BigUint, u: &BigUint, b: &BigUint) -> BigUint {
    ((a_pub * v.modpow(u, n())) % n()).modpow(b, n())
}

/// K = HKDF-SHA256(salt = padHex(u), ikm = padHex(S), info = "Caldera Derived Key")[..16].
pub fn derive_key(s: &BigUint, u: &BigUint) -> [u8; 16] {
    let hk = Hkdf::<Sha256>::new(Some(&pad(u)), &pad(s));
    let mut okm = [0u8; 16];
    hk.expand(b"Caldera Derived Key", &mut okm).expect("16 bytes is a valid length");
    okm
}

fn claim_mac(key: &[u8; 16], pool_name: &str, user_id: &str, block: &[u8], ts: &str) -> HmacSha256 {
    let mut mac = HmacSha256::new_from_slice(key).expect("any key length");
    mac.update(pool_name.as_bytes());
    mac.update(user_id.as_bytes());
    mac.update(block);
    mac.update(ts.as_bytes());
    mac
}

/// HMAC-SHA256(K, poolName || userId || secretBlock || timestamp).
pub fn claim_signature(
    key: &[u8; 16],
    pool_name: &str,
    user_id: &str,
    block: &[u8],
    ts: &str,
) -> Vec<u8> {
    claim_mac(key, pool_name, user_id, block, ts).finalize().into_bytes().to_vec()
}

/// Server state between PASSWORD_VERIFIER challenge and response.
#[derive(Clone)]
pub struct ServerHandshake {
    a_pub: BigUint,
    b: BigUint,
    b_pub: BigUint,
    v: BigUint,
}

impl std::fmt::Debug for ServerHandshake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ServerHandshake(..)")
    }
}

/// Why an SRP exchange was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SrpError {
    BadA,
    BadSignature,
}

impl ServerHandshake {
    /// Start: validate A (A mod N != 0) and compute B from the verifier and the
    /// server secret `b_bytes`.
    pub fn start(a_pub: BigUint, v: BigUint, b_bytes: &[u8]) -> Result<Self, SrpError> {
        if (&a_pub % n()).is_zero() {
            return Err(SrpError::BadA);
        }
        let b = BigUint::from_bytes_be(b_bytes) % n();
        let mut b_pub = server_public(&v, &b);
        let mut b = b;
        // Practically unreachable; keep B and u non-zero.
        while b_pub.is_zero() || compute_u(&a_pub, &b_pub).is_zero() {
            b += 1u32;
            b_pub = server_public(&v, &b);
        }
        Ok(ServerHandshake { a_pub, b, b_pub, v })
    }

    /// B, to send as `SRP_B` (lowercase hex).
    pub fn b_pub(&self) -> &BigUint {
        &self.b_pub
    }

    /// Check `PASSWORD_CLAIM_SIGNATURE` (raw bytes) in constant time.
    pub fn verify(
        &self,
        pool_name: &str,
        user_id: &str,
        block: &[u8],
        ts: &str,
        signature: &[u8],
    ) -> Result<(), SrpError> {
        let u = compute_u(&self.a_pub, &self.b_pub);
        let s = server_secret(&self.a_pub, &self.v, &u, &self.b);
        let key = derive_key(&s, &u);
        claim_mac(&key, pool_name, user_id, block, ts)
            .verify_slice(signature)
            .map_err(|_| SrpError::BadSignature)
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    // Howard Hinnant's algorithm.
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn two_digits(s: &str, max: u32) -> Option<u32> {
    if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: u32 = s.parse().ok()?;
    (v <= max).then_some(v)
}

/// Parse the SRP `TIMESTAMP` (`EEE MMM d HH:mm:ss 'UTC' yyyy`) strictly; returns
/// Unix seconds. The weekday must match the date and the day must not be zero-padded.
pub fn parse_timestamp(ts: &str) -> Option<i64> {
    let parts: Vec<&str> = ts.split(' ').collect();
    if parts.len() != 6 || parts[4] != "UTC" {
        return None;
    }
    let wd = DAYS.iter().position(|d| *d == parts[0])?;
    let month = MONTHS.iter().position(|m| *m == parts[1])? as u32 + 1;
    let day_s = parts[2];
    if day_s.is_empty()
        || day_s.len() > 2
        || day_s.starts_with('0')
        || !day_s.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let day: u32 = day_s.parse().ok()?;
    let year_s = parts[5];
    if year_s.len() != 4 || !year_s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i64 = year_s.parse().ok()?;
    let hms: Vec<&str> = parts[3].split(':').collect();
    if hms.len() != 3 {
        return None;
    }
    let (h, mi, s) = (two_digits(hms[0], 23)?, two_digits(hms[1], 59)?, two_digits(hms[2], 59)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let mdays = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if day < 1 || day > mdays[month as usize - 1] {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // 1970-01-01 was a Thursday (index 4).
    if ((days % 7 + 7 + 4) % 7) as usize != wd {
        return None;
    }
    Some(days * 86400 + (h * 3600 + mi * 60 + s) as i64)
}

/// Format Unix seconds as an SRP `TIMESTAMP` (used by tests and the in-process client).
pub fn format_timestamp(secs: i64) -> String {
    let days = secs.div_euclid(86400);
    let rem = secs.rem_euclid(86400);
    // civil_from_days
    let z = days + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    let wd = ((days % 7 + 7 + 4) % 7) as usize;
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        DAYS[wd],
        MONTHS[m as usize - 1],
        d,
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        y
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::{engine::general_purpose::STANDARD, Engine};

    fn hexint(s: &str) -> BigUint {
        let clean: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        BigUint::parse_bytes(clean.as_bytes(), 16).unwrap()
    }

    /// Independent client computation (done here with plain arithmetic, not via the
    /// server helpers): S = (B - k g^x)^(a + u x) mod N.
    fn client_s(a: &BigUint, b_pub: &BigUint, x: &BigUint, u: &BigUint) -> BigUint {
        let nn = n();
        let gx = g().modpow(x, nn);
        let kgx = (k() * gx) % nn;
        let base = (b_pub + nn - kgx) % nn;
        base.modpow(&(a + u * x), nn)
    }

    #[test]
    fn k_matches_reference() {
        assert_eq!(
            k().to_string(),
            "37772559067617796309459009502931177628717927509759535181635788491848250400486"
        );
    }

    #[test]
    fn pad_rules() {
        assert_eq!(pad(&hexint("123abc")), vec![0x12, 0x3a, 0xbc]);
        assert_eq!(pad(&hexint("123abcd")), vec![0x01, 0x23, 0xab, 0xcd]);
        assert_eq!(pad(&hexint("8123abcd")), vec![0x00, 0x81, 0x23, 0xab, 0xcd]);
    }

    #[test]
    fn standalone_u_vector() {
        let u =
            compute_u(&hexint("6D797365637265746861736841"), &hexint("6D797365637265746861736842"));
        assert_eq!(
            u.to_string(),
            "39743664823761398449876968619416475559594078623923024211668626611155104513539"
        );
    }

    #[test]
    fn vector_a_signature() {
        let a = BigUint::from(1234567890u64);
        let a_pub = g().modpow(&a, n());
        assert!(a_pub.to_str_radix(16).starts_with("58b1e37b7ea68150"));
        let b_pub = BigUint::from(1234567890u64);
        let salt = BigUint::from(1234567890u64);
        let u = compute_u(&a_pub, &b_pub);
        assert_eq!(
            u.to_str_radix(16),
            "c98b195a479d1a7c70c99dd680f34f5805fe686d0bc716549ff2ed895aa9111"
        );
        let x = compute_x(&salt, "myPool", "test", "test");
        let s = client_s(&a, &b_pub, &x, &u);
        let key = derive_key(&s, &u);
        assert_eq!(hex(&key), "d96cde6c95dda17175c1293140c5a81f");
        let block = STANDARD.decode("c2VjcmV0c3NlY3Jlc3Rzc2VjcmV0cw==").unwrap();
        let sig = claim_signature(&key, "myPool", "test", &block, "Tue Jul 10 11:01:00 UTC 2018");
        assert_eq!(STANDARD.encode(sig), "tdvQu/Li/qWl8Nni0aFPs+MwY4rvKZm0kSMrGIMSUHk=");
    }

    const VB_B: &str = "a2a9be7148a622a87b92513959336c923ab748fdde47e1eae8e0b4495bfc950e65a4c2cf09ac9ab38c85dbc31100bda601bb44d03d8c8a47770cdace442bea4c30ac83df807c2d2dfd6d8b449178c4c558108d141bdd79f8695d40ce25d77b1d7715a53b0022782b71105710e476b484e7c01d9625eafe4d50aff1808712d4c2636a7bb83b008fb8f398d79c5dfe59074ee0df3240253e5719c18b343f49ef5d975d89e2c481628eadca30a90ab6c41d7b9308aa6f6fc618813393ace0f52562f51f26c3fc3160e9dc99f78e9bc22758eeb7f22c137a962de99a66feb7a23e179a599813c8431c364ee193b64eef9bca04117ceba50140bafe1a0aea262c0b9bcde235866da2f1c174063d685ad67f231fcef7dca62a327f6cf2279b5fa17383acd1868629d75523e87e14cdb214ea14ce6d47228e350e4d1d451a1238886d6b3dae1d59b79321ab740c995b28c6e03a61cf76383ce1906f86389927d3575e751cfe4ab50c1eef52dd79aee69512b88f237bd74d04e8cc72d0ab94c0ad934f26";
    const VB_BLOCK: &str = "F+iU1RhIMWd3K64Qg+J/eud+WYMsW1tDULDQ4boHjzgdNFiBSKFX3BvoMHZJ2MjKv6nKMRgjifbx5sjdrBi2n+Nat+9E1QD0rzeJ2l2oOeVXruiwItacGO5AjM9PU1sFtZu4N13oNbsx9DUY7diIB+ksKz8LjxJV4FP055O1OJzEGbSY+RHAw3d3HsY2xsE9Zy6bD5FpSrONwKZWWUpZXSexPiDHzGIcRyBBYXwOKAJ+1pCtZW/Jg+MuW6hiYfTMEGk8vr/35TmiAHjYRe1urxElaa+fJi41j1tpX5FhrHfNp3WmuVj6cWJwkhZ/GKGL000lwsXDEY83C2v2czpjP1VwyDf2UPxI1BNPMVjCWZx5V/9D5SniPUWCNpwyh+ZSCVvRJxQitMcV0klswY36itXXn7OCurUjgqViUIBPbrVDcbuZ49tR4UoHlQXNzsmzXwlGwyHvNUHjNAT/6/qAAtmHwJbT6GZzceN1g+33P0Eq2BIWxj16pnhPKykrGuvIV3TpcL9FY0CcTKqozRfC2pOWenT08md++uq39z9OP+wA/7Fjt1ceLOiDcRhEW0xhoBqu/3V7RDNDUqV2bLH7rEq7Q5PCGhsRu8h9crUbVtNOUrna/o7HmRy0XiBQdjLP7Xe6uASNZAAso4eUZce0oc2LIpHvAx6BK8cw8rp2Pcg+ZnC0HgcpBEF6sHJEcH4GmZNJ10c/exITniVKSJkP1C8iPqulNug6OMmSav3WpMvj/qb/t8JPNqbePj99fANkteG7JPUY9LoE/wsBDIeYEA4lZ4HvKZw9g8RbltYNmOQAa6K4XXI0AEspx1+TT5A+cJl48BPk+f46SCThCzK/8N9XHaerojUqu4EWW1l5c+WRaOCdvo/HQidTn1VQJ6lcyJwcuyoxy7MlESMfs1G9rgehHbYjWNxoUwX/AwFfNzS/7dMENhDFx+ZUsT0wgrn+iMhfJJPHG4lt0N/R6JjQ8IOgaUZ7CZdrL7pQxA5v0eqWwZ/cYJVAI+mGLez1ldYQRvZkw0dOkpCjCDrw7ZTKnsyRLDE6KyyNT+ykJq7aGyAHb5nxualN0B8OnqY1hh+tZ5xTOh9jlnvBo7dwfsbZpjsGGLiMLbc411cT+FUONrlPdK9wDEZdQ8jcys4PfeCzcju/VnNEbbv1EuxG5bIWGApSOVf04p2/0bBWn8VJkKoCsC9+QhV2KwTRfCLZWloYIc/N1QuzXf328m9FG3vihrXvkgcxxsSbUjMb4QhR7DkYIN6kWsguBOVTybdTi4vlNqFzX8bJtK3uQNKC98yYzZjR40HFOydBJjLckUandwu1blgqM3IwlmYWMiPcFx2SGQRIufq8hLOhyE12ulT9KI4c2D+yLn7hASICW/3z7LgfuWq6j1FDVlmSqM00C8wZ84DzT056HLETpWpl1Gh3QRJPkReqRKlY0Bqrk5koMfmRuGht/WnyXxs0gSAkWFOevpvYopyHBhMTdc7DlGE70QcRJiBeuJkKNOoih+lOkHGFof5xnFWzaZkuouBZFntSn4xZxEAb1Tl56k1b8oCIHLvrsnlqxMHfNYlnQUO+gnhFgDc6AlyQCtc6+wlulggchkPFMgjlaN/w6h3N9697ksRnySNMNAkCx+VgP+qbgn24pGYWWtlCWWpsdkxU6OzpFQwBchqBw9LUB5MyqjwWLssMxlJxg0KgXnRNfwv5jd0sAE5KvT4vFCt0FA==";

    #[test]
    fn vector_b_signature() {
        let a = hexint("abcdef0123456789");
        let a_pub = g().modpow(&a, n());
        assert!(a_pub.to_str_radix(16).starts_with("362be8c4c29e414549c30c66"));
        let b_pub = hexint(VB_B);
        let salt = hexint("8f6a1dad94d7b82c5e3031d21a251b0f");
        let inner = Sha256::digest(b"bBpjKlyj6username:password");
        assert_eq!(hex(&inner), "266629fd96baf8f433a4f01562eea59dd99a721dac75ae600e06bc697b2016ff");
        let u = compute_u(&a_pub, &b_pub);
        let x = compute_x(&salt, "bBpjKlyj6", "username", "password");
        let s = client_s(&a, &b_pub, &x, &u);
        let key = derive_key(&s, &u);
        assert_eq!(hex(&key), "5149d993a13efa9422d93707ec85c37b");
        let block = STANDARD.decode(VB_BLOCK).unwrap();
        let sig =
            claim_signature(&key, "bBpjKlyj6", "username", &block, "Tue Feb 1 03:04:05 UTC 2000");
        assert_eq!(STANDARD.encode(sig), "AmaS40dQC4mBIgVaKNkAvWpYBmHUi/gv/XKVVCr8xyE=");
    }

    #[test]
    fn server_round_trip_and_wrong_password() {
        let salt = hexint("8f6a1dad94d7b82c5e3031d21a251b0f");
        let v = verifier(&salt, "Pool1", "alice", "Correct#Horse1");
        let a = hexint("1234567890abcdef1234567890abcdef1234567890abcdef");
        let a_pub = g().modpow(&a, n());
        let hs = ServerHandshake::start(a_pub.clone(), v, &[7u8; 64]).unwrap();
        let block = b"secret-block";
        let ts = "Tue Sep 3 08:07:09 UTC 2024";
        let sign = |password: &str| {
            let u = compute_u(&a_pub, hs.b_pub());
            let x = compute_x(&salt, "Pool1", "alice", password);
            let key = derive_key(&client_s(&a, hs.b_pub(), &x, &u), &u);
            claim_signature(&key, "Pool1", "alice", block, ts)
        };
        assert_eq!(hs.verify("Pool1", "alice", block, ts, &sign("Correct#Horse1")), Ok(()));
        assert_eq!(
            hs.verify("Pool1", "alice", block, ts, &sign("Wrong#Horse1")),
            Err(SrpError::BadSignature)
        );
        // The timestamp is covered by the signature.
        assert!(hs
            .verify("Pool1", "alice", block, "Tue Sep 3 08:07:10 UTC 2024", &sign("Correct#Horse1"))
            .is_err());
    }

    #[test]
    fn rejects_zero_a() {
        assert_eq!(
            ServerHandshake::start(n().clone(), BigUint::from(5u8), &[1u8; 32]).unwrap_err(),
            SrpError::BadA
        );
        assert_eq!(
            ServerHandshake::start(BigUint::zero(), BigUint::from(5u8), &[1u8; 32]).unwrap_err(),
            SrpError::BadA
        );
    }

    #[test]
    fn timestamp_parsing_is_strict() {
        let t = parse_timestamp("Tue Jul 10 11:01:00 UTC 2018").unwrap();
        assert_eq!(t, 1531220460);
        assert_eq!(format_timestamp(t), "Tue Jul 10 11:01:00 UTC 2018");
        assert_eq!(parse_timestamp("Tue Feb 1 03:04:05 UTC 2000"), Some(949374245));
        assert_eq!(format_timestamp(949374245), "Tue Feb 1 03:04:05 UTC 2000");
        assert!(parse_timestamp("Tue Feb 01 03:04:05 UTC 2000").is_none()); // zero-padded day
        assert!(parse_timestamp("Wed Feb 1 03:04:05 UTC 2000").is_none()); // wrong weekday
        assert!(parse_timestamp("Tue Feb 1 3:04:05 UTC 2000").is_none());
        assert!(parse_timestamp("Tue Feb 1 03:04:05 GMT 2000").is_none());
        assert!(parse_timestamp("Tue Feb  1 03:04:05 UTC 2000").is_none());
        assert!(parse_timestamp("Tue Feb 1 24:04:05 UTC 2000").is_none());
        assert!(parse_timestamp("2000-02-01T03:04:05Z").is_none());
        assert!(parse_timestamp("Tue Sep 3 15:07:09 UTC 2024").is_some());
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }
}
