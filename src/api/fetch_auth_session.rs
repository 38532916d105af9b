//! `fetchAuthSession`.

use super::{jwt, read, with_default, AuthClient};
use crate::json::Json;
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
impl AuthClient {
    /// `fetchAuthSession({ forceRefresh? })` → `{ tokens: { accessToken, idToken }, userSub }`
    /// (tokens are `{ payload, toString() }`), or `{}` when nobody is signed in. Refreshes
    /// expired tokens first (clock drift included); concurrent calls share one refresh. Emits
    /// `tokenRefresh` / `tokenRefresh_failure`.
    ///
    /// @throws AuthError when the refresh fails; a revoked or expired refresh token
    /// (`NotAuthorizedException`) also signs the user out locally.
    #[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
    pub fn fetch_auth_session(&self, input: Option<super::SessionOptions>) -> Promise {
        let shared = self.inner.session.borrow().clone();
        if let Some(p) = shared {
            return p;
        }
        let force = match read(&super::opt(input)) {
            Ok(v) => v.get("forceRefresh").and_then(Json::as_bool).unwrap_or(false),
            Err(e) => return Promise::reject(&super::js_error(&e)),
        };
        let p = self.run(move |c| async move {
            let refreshing = force || c.client.needs_refresh();
            let result = c.client.fetch_session(force).await;
            *c.session.borrow_mut() = None;
            if refreshing {
                match &result {
                    Ok(Some(_)) => c.hub.emit("tokenRefresh", None),
                    Err(e) => c.hub.emit("tokenRefresh_failure", Some(&super::js_error(e))),
                    Ok(None) => {}
                }
            }
            let out = Object::new();
            if let Some(s) = result? {
                let tokens = Object::new();
                let _ = Reflect::set(&tokens, &"accessToken".into(), &jwt(s.access_token.expose(), &s.access_claims.to_json()));
                let _ = Reflect::set(&tokens, &"idToken".into(), &jwt(s.id_token.expose(), &s.id_claims.to_json()));
                let _ = Reflect::set(&out, &"tokens".into(), &tokens);
                if let Some(sub) = s.access_claims.str("sub") {
                    let _ = Reflect::set(&out, &"userSub".into(), &sub.into());
                }
            }
            Ok(out.into())
        });
        *self.inner.session.borrow_mut() = Some(p.clone());
        p
    }
}

/// `fetchAuthSession` on the default client.
#[wasm_bindgen(js_name = fetchAuthSession, unchecked_return_type = "Promise<AuthSession>")]
pub fn fetch_auth_session(input: Option<super::SessionOptions>) -> Promise {
    with_default(|c| c.fetch_auth_session(input))
}
