//! Passkeys: what a browser's WebAuthn failure means (pure), and the ceremonies themselves
//! (`browser`, thin calls into the JS glue, which owns the abort controller).

use crate::error::{AuthError, PasskeyError};
use crate::json::Json;

/// The typed error for a `DOMException` name thrown by `navigator.credentials.get/create`.
pub fn from_dom_exception(name: &str, registering: bool) -> PasskeyError {
    match (name, registering) {
        ("NotAllowedError", false) => PasskeyError::AuthenticationCanceled,
        ("NotAllowedError", true) => PasskeyError::RegistrationCanceled,
        ("InvalidStateError", true) => PasskeyError::AlreadyExists,
        ("SecurityError", _) => PasskeyError::RelyingPartyMismatch,
        ("NotSupportedError", _) => PasskeyError::NotSupported,
        ("AbortError", _) => PasskeyError::Aborted,
        ("TypeError" | "SyntaxError" | "DataError", _) => PasskeyError::InvalidOptions,
        (_, false) => PasskeyError::RetrievalFailed,
        (_, true) => PasskeyError::RegistrationFailed,
    }
}

/// Checks Cognito's request options (`CREDENTIAL_REQUEST_OPTIONS`) before the browser sees them.
pub fn check_request_options(json_text: &str) -> Result<(), AuthError> {
    let v = Json::parse(json_text).map_err(|_| PasskeyError::InvalidOptions)?;
    match v.str("challenge") {
        Some(c) if !c.is_empty() => Ok(()),
        _ => Err(PasskeyError::InvalidOptions.into()),
    }
}

/// Checks creation options: `challenge`, `rp`, `user` and `pubKeyCredParams` must be present
/// (as Amplify checks).
pub fn check_creation_options(v: &Json) -> Result<(), AuthError> {
    let ok = v.str("challenge").is_some_and(|c| !c.is_empty())
        && v.get("rp").and_then(Json::as_object).is_some()
        && v.get("user").and_then(|u| u.str("id")).is_some()
        && v.get("pubKeyCredParams").and_then(Json::as_array).is_some_and(|a| !a.is_empty());
    if ok {
        Ok(())
    } else {
        Err(PasskeyError::InvalidOptions.into())
    }
}

#[cfg(target_arch = "wasm32")]
pub mod browser {
    //! The ceremonies, through the JS glue.
    use super::from_dom_exception;
    use crate::error::{AuthError, PasskeyError};
    use crate::secret::Secret;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen(module = "/js/glue.js")]
    extern "C" {
        /// Starts `navigator.credentials.get` (conditional mediation when `conditional`); the
        /// promise rejects with a `NotSupportedError` where passkeys are not supported.
        #[wasm_bindgen(js_name = passkeyGet)]
        pub(crate) fn passkey_get(options_json: &str, conditional: bool) -> js_sys::Promise;
        /// Starts `navigator.credentials.create`, likewise.
        #[wasm_bindgen(js_name = passkeyCreate)]
        pub(crate) fn passkey_create(options_json: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = passkeySupported)]
        pub(crate) fn supported() -> bool;
        #[wasm_bindgen(js_name = passkeyConditionalSupported)]
        pub(crate) fn conditional_supported() -> js_sys::Promise;
        #[wasm_bindgen(js_name = passkeyAbort)]
        pub(crate) fn abort();
    }

    /// How a ceremony's promise settled, as the credential JSON text (a signed, single-use
    /// proof: a [`Secret`]) or the typed error.
    pub(crate) fn credential(
        settled: Result<JsValue, JsValue>,
        registering: bool,
    ) -> Result<Secret, AuthError> {
        match settled {
            Ok(v) => v
                .as_string()
                .map(Secret::new)
                .ok_or(AuthError::Passkey(PasskeyError::RetrievalFailed)),
            Err(e) => {
                let name = js_sys::Reflect::get(&e, &"name".into())
                    .ok()
                    .and_then(|n| n.as_string())
                    .unwrap_or_default();
                Err(from_dom_exception(&name, registering).into())
            }
        }
    }

    /// `navigator.credentials.get` → AuthenticationResponseJSON text.
    pub async fn get(options_json: &str, conditional: bool) -> Result<Secret, AuthError> {
        credential(JsFuture::from(passkey_get(options_json, conditional)).await, false)
    }

    /// `navigator.credentials.create` → RegistrationResponseJSON text.
    pub async fn create(options_json: &str) -> Result<Secret, AuthError> {
        credential(JsFuture::from(passkey_create(options_json)).await, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dom_exceptions_become_typed_errors() {
        assert_eq!(
            from_dom_exception("NotAllowedError", false),
            PasskeyError::AuthenticationCanceled
        );
        assert_eq!(from_dom_exception("NotAllowedError", true), PasskeyError::RegistrationCanceled);
        assert_eq!(from_dom_exception("InvalidStateError", true), PasskeyError::AlreadyExists);
        assert_eq!(from_dom_exception("SecurityError", false), PasskeyError::RelyingPartyMismatch);
        assert_eq!(from_dom_exception("NotSupportedError", true), PasskeyError::NotSupported);
        assert_eq!(from_dom_exception("AbortError", false), PasskeyError::Aborted);
        assert_eq!(from_dom_exception("UnknownError", false), PasskeyError::RetrievalFailed);
        assert_eq!(from_dom_exception("UnknownError", true), PasskeyError::RegistrationFailed);
        assert_eq!(
            AuthError::from(PasskeyError::AuthenticationCanceled).name(),
            "PasskeyAuthenticationCanceled"
        );
    }

    #[test]
    fn options_are_checked() {
        assert!(check_request_options(r#"{"challenge":"abc","rpId":"localhost"}"#).is_ok());
        assert!(check_request_options(r#"{"rpId":"localhost"}"#).is_err());
        assert!(check_request_options("not json").is_err());
        let good = Json::parse(r#"{"challenge":"c","rp":{"id":"localhost"},"user":{"id":"dQ","name":"u"},"pubKeyCredParams":[{"type":"public-key","alg":-7}]}"#).unwrap();
        assert!(check_creation_options(&good).is_ok());
        let bad = Json::parse(r#"{"challenge":"c","rp":{"id":"localhost"},"pubKeyCredParams":[]}"#)
            .unwrap();
        assert!(check_creation_options(&bad).is_err());
    }
}
