//! Passkeys: StartWebAuthnRegistration, CompleteWebAuthnRegistration,
//! ListWebAuthnCredentials, DeleteWebAuthnCredential, and the WEB_AUTHN sign-in
//! challenge (options and assertion check).

use crate::actions::sign_in::{challenge, internal_name, FlowCtx};
use crate::actions::tokens::authenticate;
use crate::error::{ApiError, ApiResult};
use crate::request::req_str;
use crate::state::Emulator;
use crate::store::{AuthProgress, Passkey, Step};
use crate::webauthn::{algorithms, b64url, RelyingParty, WebAuthnError, TIMEOUT_MS};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use serde_json::{json, Value};
use webauthn_rs_proto::{
    AuthenticatorAssertionResponseRaw, AuthenticatorAttestationResponseRaw, PublicKeyCredential,
    RegisterPublicKeyCredential,
};

const REGISTRATION_VALIDITY_MS: u64 = 5 * 60_000;

fn enabled(emu: &Emulator, pool_id: &str) -> Result<(), ApiError> {
    if emu.pool(pool_id).cfg.allowed_first_auth_factors.iter().any(|f| f == "WEB_AUTHN") {
        Ok(())
    } else {
        Err(ApiError::new(
            "WebAuthnNotEnabledException",
            "WebAuthn is not enabled for the user pool.",
        ))
    }
}

fn relying_party(emu: &Emulator, pool_id: &str) -> RelyingParty {
    let cfg = &emu.pool(pool_id).cfg;
    RelyingParty::new(&cfg.relying_party_id, &cfg.name, &cfg.webauthn_user_verification)
}

fn map_err(e: WebAuthnError) -> ApiError {
    match e {
        WebAuthnError::ChallengeMismatch => ApiError::new(
            "WebAuthnChallengeNotFoundException",
            "The WebAuthn challenge was not found or has expired.",
        ),
        WebAuthnError::OriginNotAllowed => ApiError::new(
            "WebAuthnOriginNotAllowedException",
            "The origin is not allowed for the relying party.",
        ),
        WebAuthnError::RelyingPartyMismatch => ApiError::new(
            "WebAuthnRelyingPartyMismatchException",
            "The relying party ID does not match.",
        ),
        WebAuthnError::UnsupportedKey => ApiError::new(
            "WebAuthnCredentialNotSupportedException",
            "The credential is not supported.",
        ),
        WebAuthnError::UserNotPresent | WebAuthnError::UserNotVerified => {
            ApiError::invalid_param("User presence or verification is missing.")
        }
        WebAuthnError::Malformed(what) => {
            ApiError::invalid_param(format!("Invalid WebAuthn credential: {what}."))
        }
        WebAuthnError::UnknownCredential => {
            ApiError::not_authorized("The credential is not registered for the user.")
        }
        WebAuthnError::BadSignature => ApiError::not_authorized("Invalid WebAuthn assertion."),
        WebAuthnError::CounterRegressed => {
            ApiError::not_authorized("The authenticator's signature counter did not increase.")
        }
        WebAuthnError::BackupStateInconsistent => {
            ApiError::not_authorized("The authenticator's backup eligibility changed.")
        }
    }
}

fn descriptor(p: &Passkey) -> Value {
    let mut d = json!({"type": "public-key", "id": URL_SAFE_NO_PAD.encode(&p.id)});
    if !p.transports.is_empty() {
        d["transports"] = json!(p.transports);
    }
    d
}

pub fn start_webauthn_registration(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    enabled(emu, &who.pool_id)?;
    let challenge = emu.random_bytes(32);
    let cfg = emu.pool(&who.pool_id).cfg.clone();
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    user.webauthn_registration = Some((
        challenge.clone(),
        who.client_id.clone(),
        crate::clock::after_ms(now, REGISTRATION_VALIDITY_MS),
    ));
    let display =
        user.attr("email").or(user.attr("phone_number")).unwrap_or(&user.username).to_string();
    let exclude: Vec<Value> = user.passkeys.iter().map(descriptor).collect();
    Ok(json!({
        "CredentialCreationOptions": {
            "challenge": URL_SAFE_NO_PAD.encode(&challenge),
            "rp": {"id": cfg.relying_party_id, "name": cfg.name},
            "user": {"id": URL_SAFE_NO_PAD.encode(user.sub.as_bytes()), "name": user.username, "displayName": display},
            "pubKeyCredParams": algorithms().into_iter().map(|a| json!({"type": "public-key", "alg": a as i64})).collect::<Vec<_>>(),
            "timeout": TIMEOUT_MS,
            "excludeCredentials": exclude,
            "authenticatorSelection": {"requireResidentKey": true, "residentKey": "required", "userVerification": cfg.webauthn_user_verification},
            "attestation": "none",
            "extensions": {"credProps": true},
        }
    }))
}

fn credential_member(req: &Value) -> Result<Value, ApiError> {
    match req.get("Credential") {
        Some(Value::Object(_)) => Ok(req["Credential"].clone()),
        Some(Value::String(s)) => serde_json::from_str(s)
            .map_err(|_| ApiError::invalid_param("Credential is not valid JSON.")),
        _ => Err(ApiError::missing("Credential")),
    }
}

fn b64_field(v: &Value, path: &[&str]) -> Result<Vec<u8>, ApiError> {
    let mut cur = v;
    for p in path {
        cur = cur.get(p).ok_or_else(|| {
            ApiError::invalid_param(format!(
                "Invalid WebAuthn credential: missing {}.",
                path.join(".")
            ))
        })?;
    }
    cur.as_str().and_then(b64url).ok_or_else(|| {
        ApiError::invalid_param(format!("Invalid WebAuthn credential: bad {}.", path.join(".")))
    })
}

/// Take the pending registration challenge out (single use, whatever the outcome).
fn take_registration(
    user: &mut crate::store::User,
    client_id: &str,
    now: u64,
) -> Result<Vec<u8>, ApiError> {
    let not_found = || {
        ApiError::new(
            "WebAuthnChallengeNotFoundException",
            "The WebAuthn challenge was not found or has expired.",
        )
    };
    let (challenge, for_client, expires) =
        user.webauthn_registration.take().ok_or_else(not_found)?;
    if now >= expires {
        return Err(not_found());
    }
    if for_client != client_id {
        return Err(ApiError::new(
            "WebAuthnClientMismatchException",
            "The access token belongs to a different app client.",
        ));
    }
    Ok(challenge)
}

/// The RegistrationResponseJSON as webauthn-rs-core's wire type, and its raw id.
fn registration_response(cred: &Value) -> Result<(RegisterPublicKeyCredential, Vec<u8>), ApiError> {
    let client_data = b64_field(cred, &["response", "clientDataJSON"])?;
    let attestation = b64_field(cred, &["response", "attestationObject"])?;
    let raw_id = cred
        .get("rawId")
        .or(cred.get("id"))
        .and_then(Value::as_str)
        .and_then(b64url)
        .unwrap_or_default();
    let response = RegisterPublicKeyCredential {
        id: URL_SAFE_NO_PAD.encode(&raw_id),
        raw_id: raw_id.clone().into(),
        response: AuthenticatorAttestationResponseRaw {
            attestation_object: attestation.into(),
            client_data_json: client_data.into(),
            transports: None,
        },
        type_: "public-key".into(),
        extensions: Default::default(),
    };
    Ok((response, raw_id))
}

pub fn complete_webauthn_registration(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    enabled(emu, &who.pool_id)?;
    let cred = credential_member(req)?;
    let rp = relying_party(emu, &who.pool_id);
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let challenge = take_registration(user, &who.client_id, now)?;
    let (response, raw_id) = registration_response(&cred)?;
    let existing: Vec<_> = user.passkeys.iter().map(|p| p.credential.clone()).collect();
    let display =
        user.attr("email").or(user.attr("phone_number")).unwrap_or(&user.username).to_string();
    let credential = rp
        .register(&challenge, (user.sub.as_bytes(), &user.username, &display), &existing, &response)
        .map_err(|e| {
            if e == WebAuthnError::UnsupportedKey && user.passkeys.iter().any(|p| p.id == raw_id) {
                ApiError::new(
                    "WebAuthnCredentialNotSupportedException",
                    "The credential is already registered.",
                )
            } else {
                map_err(e)
            }
        })?;
    let id = credential.cred_id.as_slice().to_vec();
    let transports = cred["response"]["transports"]
        .as_array()
        .map(|a| a.iter().filter_map(|t| t.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let attachment = cred.get("authenticatorAttachment").and_then(Value::as_str).map(String::from);
    let n = user.passkeys.len() + 1;
    user.passkeys.push(Passkey {
        id,
        credential,
        transports,
        attachment,
        friendly_name: format!("Passkey {n}"),
        created_ms: now,
    });
    Ok(json!({}))
}

pub fn list_webauthn_credentials(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let rp_id = emu.pool(&who.pool_id).cfg.relying_party_id.clone();
    let user = emu.user(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let max = req.get("MaxResults").and_then(Value::as_u64).filter(|m| *m > 0).unwrap_or(20).min(20)
        as usize;
    let start = req
        .get("NextToken")
        .and_then(Value::as_str)
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let page: Vec<Value> = user
        .passkeys
        .iter()
        .skip(start)
        .take(max)
        .map(|p| {
            let mut c = json!({
                "CredentialId": URL_SAFE_NO_PAD.encode(&p.id),
                "FriendlyCredentialName": p.friendly_name,
                "RelyingPartyId": rp_id,
                "AuthenticatorTransports": p.transports,
                "CreatedAt": p.created_ms as f64 / 1000.0,
            });
            if let Some(a) = &p.attachment {
                c["AuthenticatorAttachment"] = json!(a);
            }
            c
        })
        .collect();
    let mut out = json!({ "Credentials": page });
    if start + max < user.passkeys.len() {
        out["NextToken"] = json!((start + max).to_string());
    }
    Ok(out)
}

pub fn delete_webauthn_credential(emu: &mut Emulator, req: &Value, now: u64) -> ApiResult {
    let who = authenticate(emu, req_str(req, "AccessToken")?, now)?;
    let id = req_str(req, "CredentialId")?;
    let raw = b64url(id).unwrap_or_default();
    let user = emu.user_mut(&who.pool_id, &who.user_key).ok_or_else(ApiError::user_not_found)?;
    let before = user.passkeys.len();
    user.passkeys.retain(|p| p.id != raw);
    if user.passkeys.len() == before {
        return Err(ApiError::new("ResourceNotFoundException", "Credential not found."));
    }
    Ok(json!({}))
}

/// Issue the WEB_AUTHN challenge for a user with passkeys (none are listed in a simulated
/// flow for a user who does not exist).
pub(crate) fn start_assertion(
    emu: &mut Emulator,
    f: &FlowCtx,
    progress: AuthProgress,
    now: u64,
) -> ApiResult {
    let challenge_bytes = emu.random_bytes(32);
    let cfg = emu.pool(&f.pool_id).cfg.clone();
    let user = emu.user(&f.pool_id, &f.user_key);
    let allow: Vec<Value> =
        user.map(|u| u.passkeys.iter().map(descriptor).collect()).unwrap_or_default();
    let options = json!({
        "challenge": URL_SAFE_NO_PAD.encode(&challenge_bytes),
        "rpId": cfg.relying_party_id,
        "timeout": TIMEOUT_MS,
        "allowCredentials": allow,
        "userVerification": cfg.webauthn_user_verification,
    });
    let params = vec![
        ("CREDENTIAL_REQUEST_OPTIONS".to_string(), options.to_string()),
        ("USERNAME".to_string(), internal_name(emu, f)),
    ];
    let step = Step::WebAuthn { challenge: challenge_bytes };
    Ok(challenge(emu, f, f.known(), step, progress, params, now))
}

/// Check a WEB_AUTHN `CREDENTIAL` (AuthenticationResponseJSON text) and bump the counter.
pub(crate) fn finish_assertion(
    emu: &mut Emulator,
    f: &FlowCtx,
    challenge_bytes: &[u8],
    credential: &str,
) -> Result<(), ApiError> {
    if f.known().is_none() {
        return Err(map_err(WebAuthnError::UnknownCredential));
    }
    let cred: Value = serde_json::from_str(credential)
        .map_err(|_| ApiError::invalid_param("CREDENTIAL is not valid JSON."))?;
    let id = cred
        .get("rawId")
        .or(cred.get("id"))
        .and_then(Value::as_str)
        .and_then(b64url)
        .ok_or_else(|| ApiError::invalid_param("Invalid WebAuthn credential: missing id."))?;
    let rp = relying_party(emu, &f.pool_id);
    let client_data = b64_field(&cred, &["response", "clientDataJSON"])?;
    let auth_data = b64_field(&cred, &["response", "authenticatorData"])?;
    let signature = b64_field(&cred, &["response", "signature"])?;
    let user_handle = cred["response"].get("userHandle").and_then(Value::as_str).and_then(b64url);
    let response = PublicKeyCredential {
        id: URL_SAFE_NO_PAD.encode(&id),
        raw_id: id.into(),
        response: AuthenticatorAssertionResponseRaw {
            authenticator_data: auth_data.into(),
            client_data_json: client_data.into(),
            signature: signature.into(),
            user_handle: user_handle.map(Into::into),
        },
        extensions: Default::default(),
        type_: "public-key".into(),
    };
    let user = emu.user_mut(&f.pool_id, &f.user_key).ok_or_else(ApiError::user_not_found)?;
    let creds: Vec<_> = user.passkeys.iter().map(|p| p.credential.clone()).collect();
    let result = rp.authenticate(challenge_bytes, &creds, &response).map_err(map_err)?;
    if let Some(pk) = user.passkeys.iter_mut().find(|p| p.credential.cred_id == *result.cred_id()) {
        pk.credential.counter = result.counter();
        pk.credential.backup_eligible = result.backup_eligible();
        pk.credential.backup_state = result.backup_state();
    }
    Ok(())
}
