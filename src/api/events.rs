//! `onAuthEvent`: Hub-like auth events (signedIn, signedOut, tokenRefresh,
//! tokenRefresh_failure, autoSignIn, autoSignIn_failure, signInWithRedirect,
//! signInWithRedirect_failure, customOAuthState). The driver queues them; a JS
//! listener is one of its subscribers.

use super::{js_error, write, AuthClient};
use crate::driver::AuthEvent;
use crate::model;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

/// `{ channel: 'auth', payload: { event, data? } }`.
fn capsule(e: &AuthEvent) -> JsValue {
    let data = match e {
        AuthEvent::SignedIn(u) | AuthEvent::AutoSignIn(u) => write(&model::current_user(u)),
        AuthEvent::TokenRefreshFailure(err)
        | AuthEvent::AutoSignInFailure(err)
        | AuthEvent::SignInWithRedirectFailure(err) => js_error(err),
        AuthEvent::CustomOAuthState(s) => s.as_str().into(),
        _ => JsValue::UNDEFINED,
    };
    let payload = Object::new();
    let _ = Reflect::set(&payload, &"event".into(), &e.name().into());
    if !data.is_undefined() {
        let _ = Reflect::set(&payload, &"data".into(), &data);
    }
    let capsule = Object::new();
    let _ = Reflect::set(&capsule, &"channel".into(), &"auth".into());
    let _ = Reflect::set(&capsule, &"payload".into(), &payload);
    capsule.into()
}

#[wasm_bindgen]
impl AuthClient {
    /// `onAuthEvent(callback)`: calls `callback({ channel: 'auth', payload: { event, data } })`
    /// for `signedIn`, `signedOut`, `tokenRefresh`, `tokenRefresh_failure`, `autoSignIn`,
    /// `autoSignIn_failure`. A throwing listener does not stop the others. Returns a function
    /// that unsubscribes.
    #[wasm_bindgen(js_name = onAuthEvent, unchecked_return_type = "() => void")]
    pub fn on_auth_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(capsule: AuthHubCapsule) => void")]
        callback: Function,
    ) -> Function {
        let id = self.inner.client.subscribe(move |e| {
            let _ = callback.call1(&JsValue::NULL, &capsule(e));
        });
        let inner = self.inner.clone();
        Closure::once_into_js(move || inner.client.unsubscribe(id)).unchecked_into()
    }
}

/// `onAuthEvent` on the default client.
#[wasm_bindgen(js_name = onAuthEvent, unchecked_return_type = "() => void")]
pub fn on_auth_event(
    #[wasm_bindgen(unchecked_param_type = "(capsule: AuthHubCapsule) => void")] callback: Function,
) -> Result<Function, JsValue> {
    super::default_client().map(|c| c.on_auth_event(callback))
}
