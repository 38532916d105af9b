//! Passkey management requests and responses (pure): StartWebAuthnRegistration,
//! CompleteWebAuthnRegistration, ListWebAuthnCredentials, DeleteWebAuthnCredential.

use super::session::with_access_token;
use crate::error::AuthError;
use crate::json::{Json, Obj};
use crate::protocol::{Action, Request};
use crate::secret::Secret;
use crate::webauthn;
use alloc::string::String;
use alloc::vec::Vec;

/// StartWebAuthnRegistration.
pub fn start_registration(access_token: &Secret) -> Request {
    with_access_token(Action::StartWebAuthnRegistration, access_token, Obj::new(), false)
}

/// The `CredentialCreationOptions` of StartWebAuthnRegistration as JSON text, checked.
pub fn creation_options(v: &Json) -> Result<String, AuthError> {
    let o = v
        .get("CredentialCreationOptions")
        .ok_or(AuthError::Protocol("no CredentialCreationOptions"))?;
    webauthn::check_creation_options(o)?;
    Ok(o.to_json())
}

/// CompleteWebAuthnRegistration with the browser's RegistrationResponseJSON text.
pub fn complete_registration(
    access_token: &Secret,
    credential_json: &str,
) -> Result<Request, AuthError> {
    let credential = Json::parse(credential_json)
        .map_err(|_| AuthError::Protocol("the browser's credential is not JSON"))?;
    Ok(with_access_token(
        Action::CompleteWebAuthnRegistration,
        access_token,
        Obj::new().set("Credential", credential),
        false,
    ))
}

/// ListWebAuthnCredentials.
pub fn list(access_token: &Secret, page_size: Option<u64>, next_token: Option<&str>) -> Request {
    let rest =
        Obj::new().opt("MaxResults", page_size.map(Json::from_u64)).opt("NextToken", next_token);
    with_access_token(Action::ListWebAuthnCredentials, access_token, rest, true)
}

/// One listed passkey, Amplify-shaped (`createdAt` in epoch milliseconds).
pub fn read_list(v: &Json) -> (Vec<Json>, Option<String>) {
    let items = v
        .get("Credentials")
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let created_ms =
                c.get("CreatedAt").and_then(Json::seconds_as_millis).map(Json::from_u64);
            Obj::new()
                .opt("credentialId", c.str("CredentialId"))
                .opt("friendlyCredentialName", c.str("FriendlyCredentialName"))
                .opt("relyingPartyId", c.str("RelyingPartyId"))
                .opt("authenticatorAttachment", c.str("AuthenticatorAttachment"))
                .opt("authenticatorTransports", c.get("AuthenticatorTransports").cloned())
                .opt("createdAt", created_ms)
                .build()
        })
        .collect();
    (items, v.str("NextToken").map(Into::into))
}

/// DeleteWebAuthnCredential.
pub fn delete(access_token: &Secret, credential_id: &str) -> Request {
    with_access_token(
        Action::DeleteWebAuthnCredential,
        access_token,
        Obj::new().set("CredentialId", credential_id),
        false,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests() {
        let at = Secret::new("at");
        assert_eq!(
            list(&at, Some(5), Some("n")).body.to_json(),
            r#"{"MaxResults":5,"NextToken":"n","AccessToken":"at"}"#
        );
        assert_eq!(
            delete(&at, "cid").body.to_json(),
            r#"{"CredentialId":"cid","AccessToken":"at"}"#
        );
        let r = complete_registration(&at, r#"{"id":"x","response":{}}"#).unwrap();
        assert_eq!(
            r.body.to_json(),
            r#"{"Credential":{"id":"x","response":{}},"AccessToken":"at"}"#
        );
        assert!(complete_registration(&at, "nope").is_err());
    }

    #[test]
    fn list_is_amplify_shaped() {
        let v = Json::parse(r#"{"Credentials":[{"CredentialId":"c1","FriendlyCredentialName":"Key","RelyingPartyId":"localhost","AuthenticatorAttachment":"platform","AuthenticatorTransports":["internal"],"CreatedAt":1700000000.25}],"NextToken":"t"}"#).unwrap();
        let (items, next) = read_list(&v);
        assert_eq!(next.as_deref(), Some("t"));
        assert_eq!(
            items[0].to_json(),
            r#"{"credentialId":"c1","friendlyCredentialName":"Key","relyingPartyId":"localhost","authenticatorAttachment":"platform","authenticatorTransports":["internal"],"createdAt":1700000000250}"#
        );
    }
}
