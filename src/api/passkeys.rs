//! Passkeys: `associateWebAuthnCredential`, `listWebAuthnCredentials`,
//! `deleteWebAuthnCredential`, and beyond Amplify: `signInWithPasskeyAutofill`,
//! `isPasskeySupported`, `abortPasskeyCeremony`. Passkey sign-in itself goes through `signIn`
//! (`preferredChallenge: 'WEB_AUTHN'`) or `confirmSignIn('WEB_AUTHN')`.

use super::{with_default, write, AuthClient};
use crate::json::{Json, Obj};
use crate::webauthn::browser;
use alloc::vec::Vec;
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `ListWebAuthnCredentialsInput` (optional parameter).
    #[wasm_bindgen(typescript_type = "ListWebAuthnCredentialsInput")]
    pub type ListOptions;
}

/// `{ credentials, nextToken? }` with `createdAt` as a `Date`, as Amplify returns it.
pub(crate) fn credentials_output(items: Vec<Json>, next: Option<alloc::string::String>) -> JsValue {
    let out =
        write(&Obj::new().set("credentials", Json::Arr(items)).opt("nextToken", next).build());
    if let Ok(list) = Reflect::get(&out, &"credentials".into()) {
        for item in js_sys::Array::from(&list).iter() {
            if let Some(ms) = Reflect::get(&item, &"createdAt".into()).ok().and_then(|v| v.as_f64())
            {
                let _ = Reflect::set(&item, &"createdAt".into(), &js_sys::Date::new(&ms.into()));
            }
        }
    }
    out
}

#[wasm_bindgen]
impl AuthClient {
    /// `associateWebAuthnCredential()`: registers a passkey for the signed-in user
    /// (StartWebAuthnRegistration → `navigator.credentials.create` → CompleteWebAuthnRegistration).
    ///
    /// @throws AuthError `PasskeyRegistrationCanceled`, `PasskeyAlreadyExists`,
    /// `RelyingPartyMismatch`, `PasskeyNotSupported`; Cognito's `WebAuthnNotEnabledException`, ….
    #[wasm_bindgen(js_name = associateWebAuthnCredential, unchecked_return_type = "Promise<void>")]
    pub fn associate_web_authn_credential(&self) -> Promise {
        self.call(&JsValue::UNDEFINED, |c, _| super::js(c.begin_register_passkey(), super::done))
    }

    /// `listWebAuthnCredentials({ pageSize?, nextToken? })` → `{ credentials, nextToken? }`.
    #[wasm_bindgen(js_name = listWebAuthnCredentials, unchecked_return_type = "Promise<ListWebAuthnCredentialsOutput>")]
    pub fn list_web_authn_credentials(&self, input: Option<ListOptions>) -> Promise {
        self.call(&super::opt(input), |c, v| {
            super::js(
                c.begin_list_passkeys(
                    v.get("pageSize").and_then(Json::as_u64),
                    v.str("nextToken").map(Into::into),
                ),
                |_, (items, next)| credentials_output(items, next),
            )
        })
    }

    /// `deleteWebAuthnCredential({ credentialId })`.
    #[wasm_bindgen(js_name = deleteWebAuthnCredential, unchecked_return_type = "Promise<void>")]
    pub fn delete_web_authn_credential(
        &self,
        #[wasm_bindgen(unchecked_param_type = "DeleteWebAuthnCredentialInput")] input: JsValue,
    ) -> Promise {
        self.call(&input, |c, v| {
            super::js(
                c.begin_delete_passkey(v.str("credentialId").unwrap_or_default()),
                super::done,
            )
        })
    }

    /// `signInWithPasskeyAutofill({ username })`: starts a passkey sign-in whose browser
    /// prompt is the autofill list of an `<input autocomplete="username webauthn">`
    /// (conditional mediation); resolves like `signIn` when the user picks a passkey. Cognito
    /// needs the username first, so this serves returning users (e.g. the last signed-in
    /// username). Any new ceremony aborts a waiting one (`abortPasskeyCeremony()` too).
    ///
    /// @throws AuthError `PasskeyCeremonyAborted`, `PasskeyAuthenticationCanceled`, ….
    #[wasm_bindgen(js_name = signInWithPasskeyAutofill, unchecked_return_type = "Promise<SignInOutput>")]
    pub fn sign_in_with_passkey_autofill(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PasskeyAutofillInput")] input: JsValue,
    ) -> Promise {
        self.sign_in_call(&input, |c, v| {
            super::js(
                c.begin_passkey_autofill(v.str("username").unwrap_or_default()),
                super::sign_in_shape,
            )
        })
    }
}

/// `associateWebAuthnCredential` on the default client.
#[wasm_bindgen(js_name = associateWebAuthnCredential, unchecked_return_type = "Promise<void>")]
pub fn associate_web_authn_credential() -> Promise {
    with_default(|c| c.associate_web_authn_credential())
}

/// `listWebAuthnCredentials` on the default client.
#[wasm_bindgen(js_name = listWebAuthnCredentials, unchecked_return_type = "Promise<ListWebAuthnCredentialsOutput>")]
pub fn list_web_authn_credentials(input: Option<ListOptions>) -> Promise {
    with_default(|c| c.list_web_authn_credentials(input))
}

/// `deleteWebAuthnCredential` on the default client.
#[wasm_bindgen(js_name = deleteWebAuthnCredential, unchecked_return_type = "Promise<void>")]
pub fn delete_web_authn_credential(
    #[wasm_bindgen(unchecked_param_type = "DeleteWebAuthnCredentialInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.delete_web_authn_credential(input))
}

/// `signInWithPasskeyAutofill` on the default client.
#[wasm_bindgen(js_name = signInWithPasskeyAutofill, unchecked_return_type = "Promise<SignInOutput>")]
pub fn sign_in_with_passkey_autofill(
    #[wasm_bindgen(unchecked_param_type = "PasskeyAutofillInput")] input: JsValue,
) -> Promise {
    with_default(|c| c.sign_in_with_passkey_autofill(input))
}

/// Whether this browser can use passkeys (WebAuthn).
#[wasm_bindgen(js_name = isPasskeySupported)]
pub fn is_passkey_supported() -> bool {
    browser::supported()
}

/// Whether passkey autofill (conditional mediation) is available.
#[wasm_bindgen(js_name = isPasskeyAutofillSupported, unchecked_return_type = "Promise<boolean>")]
pub fn is_passkey_autofill_supported() -> Promise {
    browser::conditional_supported()
}

/// Aborts a running passkey ceremony (e.g. the autofill one when the user types a password).
#[wasm_bindgen(js_name = abortPasskeyCeremony)]
pub fn abort_passkey_ceremony() {
    browser::abort()
}
