//! WebAuthn relying-party checks: clientDataJSON, authenticator data, `none`-style
//! attestation objects (CBOR), COSE keys (ES256, RS256) and assertion signatures.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ciborium::value::Value as Cbor;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Why a WebAuthn payload was rejected; mapped to Cognito errors by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebAuthnError {
    /// Malformed JSON/CBOR/base64 or missing members.
    Malformed(&'static str),
    ChallengeMismatch,
    WrongType,
    OriginNotAllowed,
    RelyingPartyMismatch,
    UserNotPresent,
    UserNotVerified,
    UnsupportedKey,
    BadSignature,
    CounterRegressed,
}

/// A stored public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    /// Uncompressed SEC1 point (0x04 || x || y).
    Es256(Vec<u8>),
    Rs256 { n: Vec<u8>, e: Vec<u8> },
}

impl PublicKey {
    pub fn alg(&self) -> i64 {
        match self {
            PublicKey::Es256(_) => -7,
            PublicKey::Rs256 { .. } => -257,
        }
    }
}

/// Decode b64url (padding and the standard alphabet tolerated).
pub fn b64url(s: &str) -> Option<Vec<u8>> {
    let t: String = s.trim_end_matches('=').chars().map(|c| match c {
        '+' => '-',
        '/' => '_',
        c => c,
    }).collect();
    URL_SAFE_NO_PAD.decode(t).ok()
}

/// Check `clientDataJSON` (raw bytes): type, challenge and origin.
pub fn check_client_data(raw: &[u8], expected_type: &str, challenge: &[u8], rp_id: &str) -> Result<(), WebAuthnError> {
    let v: Value = serde_json::from_slice(raw).map_err(|_| WebAuthnError::Malformed("clientDataJSON"))?;
    if v.get("type").and_then(Value::as_str) != Some(expected_type) {
        return Err(WebAuthnError::WrongType);
    }
    let got = v.get("challenge").and_then(Value::as_str).and_then(b64url).ok_or(WebAuthnError::Malformed("challenge"))?;
    if !bool::from(subtle::ConstantTimeEq::ct_eq(got.as_slice(), challenge)) {
        return Err(WebAuthnError::ChallengeMismatch);
    }
    let origin = v.get("origin").and_then(Value::as_str).ok_or(WebAuthnError::Malformed("origin"))?;
    if !origin_allowed(origin, rp_id) {
        return Err(WebAuthnError::OriginNotAllowed);
    }
    Ok(())
}

/// `scheme://host[:port]` whose host is the RP id or a subdomain of it.
pub fn origin_allowed(origin: &str, rp_id: &str) -> bool {
    let Some((scheme, rest)) = origin.split_once("://") else { return false };
    if scheme != "https" && scheme != "http" {
        return false;
    }
    let host = rest.split('/').next().unwrap_or("");
    let host = if host.starts_with('[') {
        host.split(']').next().map(|h| h.trim_start_matches('[')).unwrap_or("")
    } else {
        host.rsplit_once(':').map(|(h, _)| h).unwrap_or(host)
    };
    let host = host.to_ascii_lowercase();
    let rp = rp_id.to_ascii_lowercase();
    host == rp || host.ends_with(&format!(".{rp}"))
}

/// Parsed authenticator data.
#[derive(Debug, Clone)]
pub struct AuthData {
    pub flags: u8,
    pub sign_count: u32,
    /// Attested credential (registration only): id and COSE key.
    pub credential: Option<(Vec<u8>, PublicKey)>,
}

/// Parse authenticator data and check rpIdHash, UP and (optionally) UV.
pub fn parse_auth_data(data: &[u8], rp_id: &str, require_uv: bool) -> Result<AuthData, WebAuthnError> {
    if data.len() < 37 {
        return Err(WebAuthnError::Malformed("authenticatorData"));
    }
    if data[..32] != Sha256::digest(rp_id.as_bytes())[..] {
        return Err(WebAuthnError::RelyingPartyMismatch);
    }
    let flags = data[32];
    if flags & 0x01 == 0 {
        return Err(WebAuthnError::UserNotPresent);
    }
    if require_uv && flags & 0x04 == 0 {
        return Err(WebAuthnError::UserNotVerified);
    }
    let sign_count = u32::from_be_bytes([data[33], data[34], data[35], data[36]]);
    let mut credential = None;
    if flags & 0x40 != 0 {
        let rest = &data[37..];
        if rest.len() < 18 {
            return Err(WebAuthnError::Malformed("attestedCredentialData"));
        }
        let len = u16::from_be_bytes([rest[16], rest[17]]) as usize;
        if rest.len() < 18 + len {
            return Err(WebAuthnError::Malformed("credentialId"));
        }
        let id = rest[18..18 + len].to_vec();
        let key: Cbor = ciborium::de::from_reader(&rest[18 + len..]).map_err(|_| WebAuthnError::Malformed("credentialPublicKey"))?;
        credential = Some((id, parse_cose_key(&key)?));
    }
    Ok(AuthData { flags, sign_count, credential })
}

fn cose_get(map: &[(Cbor, Cbor)], label: i64) -> Option<&Cbor> {
    map.iter().find(|(k, _)| k.as_integer().and_then(|i| i64::try_from(i).ok()) == Some(label)).map(|(_, v)| v)
}

fn cose_int(map: &[(Cbor, Cbor)], label: i64) -> Option<i64> {
    cose_get(map, label)?.as_integer().and_then(|i| i64::try_from(i).ok())
}

fn cose_bytes(map: &[(Cbor, Cbor)], label: i64) -> Option<Vec<u8>> {
    cose_get(map, label)?.as_bytes().cloned()
}

/// COSE_Key -> public key (EC2/P-256/ES256 or RSA/RS256).
pub fn parse_cose_key(key: &Cbor) -> Result<PublicKey, WebAuthnError> {
    let map = key.as_map().ok_or(WebAuthnError::Malformed("COSE key"))?;
    match (cose_int(map, 1), cose_int(map, 3)) {
        (Some(2), Some(-7)) => {
            if cose_int(map, -1) != Some(1) {
                return Err(WebAuthnError::UnsupportedKey);
            }
            let x = cose_bytes(map, -2).ok_or(WebAuthnError::Malformed("x"))?;
            let y = cose_bytes(map, -3).ok_or(WebAuthnError::Malformed("y"))?;
            if x.len() != 32 || y.len() != 32 {
                return Err(WebAuthnError::Malformed("EC point"));
            }
            let mut point = vec![4u8];
            point.extend(x);
            point.extend(y);
            p256::ecdsa::VerifyingKey::from_sec1_bytes(&point).map_err(|_| WebAuthnError::UnsupportedKey)?;
            Ok(PublicKey::Es256(point))
        }
        (Some(3), Some(-257)) => {
            let n = cose_bytes(map, -1).ok_or(WebAuthnError::Malformed("n"))?;
            let e = cose_bytes(map, -2).ok_or(WebAuthnError::Malformed("e"))?;
            Ok(PublicKey::Rs256 { n, e })
        }
        _ => Err(WebAuthnError::UnsupportedKey),
    }
}

/// Parse a registration `attestationObject` (any `fmt`; the statement is not checked).
pub fn parse_attestation(raw: &[u8], rp_id: &str, require_uv: bool) -> Result<(Vec<u8>, PublicKey, AuthData), WebAuthnError> {
    let v: Cbor = ciborium::de::from_reader(raw).map_err(|_| WebAuthnError::Malformed("attestationObject"))?;
    let map = v.as_map().ok_or(WebAuthnError::Malformed("attestationObject"))?;
    let auth = map
        .iter()
        .find(|(k, _)| k.as_text() == Some("authData"))
        .and_then(|(_, v)| v.as_bytes())
        .ok_or(WebAuthnError::Malformed("authData"))?;
    let data = parse_auth_data(auth, rp_id, require_uv)?;
    let (id, key) = data.credential.clone().ok_or(WebAuthnError::Malformed("attested credential data"))?;
    Ok((id, key, data))
}

/// Verify an assertion signature over `authenticatorData || SHA-256(clientDataJSON)`.
pub fn verify_assertion(key: &PublicKey, auth_data: &[u8], client_data: &[u8], signature: &[u8]) -> Result<(), WebAuthnError> {
    let mut msg = auth_data.to_vec();
    msg.extend_from_slice(&Sha256::digest(client_data));
    match key {
        PublicKey::Es256(point) => {
            use p256::ecdsa::signature::Verifier;
            let vk = p256::ecdsa::VerifyingKey::from_sec1_bytes(point).map_err(|_| WebAuthnError::UnsupportedKey)?;
            let sig = p256::ecdsa::Signature::from_der(signature).map_err(|_| WebAuthnError::BadSignature)?;
            vk.verify(&msg, &sig).map_err(|_| WebAuthnError::BadSignature)
        }
        PublicKey::Rs256 { n, e } => {
            use rsa::signature::Verifier;
            let pk = rsa::RsaPublicKey::new(rsa::BigUint::from_bytes_be(n), rsa::BigUint::from_bytes_be(e)).map_err(|_| WebAuthnError::UnsupportedKey)?;
            let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(pk);
            let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| WebAuthnError::BadSignature)?;
            vk.verify(&msg, &sig).map_err(|_| WebAuthnError::BadSignature)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn origins() {
        assert!(origin_allowed("http://localhost:8080", "localhost"));
        assert!(origin_allowed("https://app.example.com", "example.com"));
        assert!(!origin_allowed("https://evilexample.com", "example.com"));
        assert!(!origin_allowed("ftp://localhost", "localhost"));
        assert!(!origin_allowed("localhost", "localhost"));
    }
}
