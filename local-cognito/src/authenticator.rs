//! A software WebAuthn authenticator (P-256, "none" attestation, a signature counter), for
//! tests of passkey flows against the emulator without a browser: it answers
//! `CredentialCreationOptions` with a `RegistrationResponseJSON` and
//! `CredentialRequestOptions` with an `AuthenticationResponseJSON`, as
//! `navigator.credentials` would on the page `origin`.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use ciborium::value::Value as Cbor;
use p256::ecdsa::{signature::Signer, DerSignature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// One credential on one authenticator.
pub struct SoftwareAuthenticator {
    key: SigningKey,
    id: Vec<u8>,
    /// The signature counter (the next assertion carries it plus one); set it to replay a
    /// cloned authenticator.
    pub counter: u32,
    /// The page origin put in `clientDataJSON`.
    pub origin: String,
    /// Whether assertions claim user verification (the UV flag).
    pub uv: bool,
}

impl Default for SoftwareAuthenticator {
    fn default() -> Self {
        Self::new()
    }
}

impl SoftwareAuthenticator {
    /// A fixed key and credential id, on `http://localhost:5173`, verifying the user.
    pub fn new() -> Self {
        SoftwareAuthenticator {
            key: SigningKey::from_slice(&[7u8; 32]).unwrap_or_else(|_| unreachable!()),
            id: vec![0xAB; 16],
            counter: 0,
            origin: "http://localhost:5173".into(),
            uv: true,
        }
    }

    /// The credential id, base64url.
    pub fn credential_id(&self) -> String {
        URL_SAFE_NO_PAD.encode(&self.id)
    }

    fn client_data(&self, ty: &str, options: &Value) -> Vec<u8> {
        let challenge = options["challenge"].as_str().unwrap_or_default();
        json!({"type": ty, "challenge": challenge, "origin": self.origin, "crossOrigin": false})
            .to_string()
            .into_bytes()
    }

    /// `navigator.credentials.create` for `options` (`CredentialCreationOptions` JSON), the
    /// authenticator data naming `rp_id`.
    pub fn create(&self, options: &Value, rp_id: &str) -> Value {
        let point = self.key.verifying_key().to_encoded_point(false);
        let coord =
            |c: Option<&p256::FieldBytes>| Cbor::Bytes(c.map(|c| c.to_vec()).unwrap_or_default());
        let cose = Cbor::Map(vec![
            (Cbor::Integer(1.into()), Cbor::Integer(2.into())),
            (Cbor::Integer(3.into()), Cbor::Integer((-7).into())),
            (Cbor::Integer((-1).into()), Cbor::Integer(1.into())),
            (Cbor::Integer((-2).into()), coord(point.x())),
            (Cbor::Integer((-3).into()), coord(point.y())),
        ]);
        let mut auth = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth.push(0x45);
        auth.extend(0u32.to_be_bytes());
        auth.extend([0u8; 16]);
        auth.extend((self.id.len() as u16).to_be_bytes());
        auth.extend(&self.id);
        // Writing CBOR into a Vec cannot fail.
        let _ = ciborium::ser::into_writer(&cose, &mut auth);
        let att = Cbor::Map(vec![
            (Cbor::Text("fmt".into()), Cbor::Text("none".into())),
            (Cbor::Text("attStmt".into()), Cbor::Map(vec![])),
            (Cbor::Text("authData".into()), Cbor::Bytes(auth)),
        ]);
        let mut att_bytes = Vec::new();
        let _ = ciborium::ser::into_writer(&att, &mut att_bytes);
        let cd = self.client_data("webauthn.create", options);
        json!({
            "id": self.credential_id(), "rawId": self.credential_id(), "type": "public-key",
            "clientExtensionResults": {"credProps": {"rk": true}}, "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": URL_SAFE_NO_PAD.encode(cd), "attestationObject": URL_SAFE_NO_PAD.encode(att_bytes),
                "transports": ["internal", "hybrid"], "publicKeyAlgorithm": -7}
        })
    }

    /// `navigator.credentials.get` for `options` (`CredentialRequestOptions` JSON, with its
    /// `rpId`): the assertion as JSON text.
    pub fn get(&mut self, options: &Value) -> String {
        self.counter += 1;
        let rp_id = options["rpId"].as_str().unwrap_or_default();
        let mut auth = Sha256::digest(rp_id.as_bytes()).to_vec();
        auth.push(if self.uv { 0x05 } else { 0x01 });
        auth.extend(self.counter.to_be_bytes());
        let cd = self.client_data("webauthn.get", options);
        let mut msg = auth.clone();
        msg.extend(Sha256::digest(&cd));
        let sig: DerSignature = self.key.sign(&msg);
        json!({
            "id": self.credential_id(), "rawId": self.credential_id(), "type": "public-key",
            "clientExtensionResults": {}, "authenticatorAttachment": "platform",
            "response": {"clientDataJSON": URL_SAFE_NO_PAD.encode(cd), "authenticatorData": URL_SAFE_NO_PAD.encode(auth),
                "signature": URL_SAFE_NO_PAD.encode(sig.as_bytes()), "userHandle": URL_SAFE_NO_PAD.encode(b"x")}
        })
        .to_string()
    }
}
