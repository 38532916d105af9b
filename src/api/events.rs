//! `onAuthEvent`: Hub-like auth events (signedIn, signedOut, tokenRefresh,
//! tokenRefresh_failure, autoSignIn, autoSignIn_failure).

use super::AuthClient;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

/// The listeners of one client.
#[derive(Default)]
pub(crate) struct Hub {
    listeners: RefCell<Vec<(u32, Function)>>,
    next: Cell<u32>,
}

impl Hub {
    /// Calls every listener with `{ channel: 'auth', payload: { event, data? } }`. A throwing
    /// listener does not stop the others.
    pub(crate) fn emit(&self, event: &str, data: Option<&JsValue>) {
        let listeners: Vec<Function> =
            self.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
        if listeners.is_empty() {
            return;
        }
        let payload = Object::new();
        let _ = Reflect::set(&payload, &"event".into(), &event.into());
        if let Some(d) = data {
            let _ = Reflect::set(&payload, &"data".into(), d);
        }
        let capsule = Object::new();
        let _ = Reflect::set(&capsule, &"channel".into(), &"auth".into());
        let _ = Reflect::set(&capsule, &"payload".into(), &payload);
        for f in listeners {
            let _ = f.call1(&JsValue::NULL, &capsule);
        }
    }

    fn add(&self, f: Function) -> u32 {
        let id = self.next.get();
        self.next.set(id + 1);
        self.listeners.borrow_mut().push((id, f));
        id
    }

    fn remove(&self, id: u32) {
        self.listeners.borrow_mut().retain(|(i, _)| *i != id);
    }
}

#[wasm_bindgen]
impl AuthClient {
    /// `onAuthEvent(callback)`: calls `callback({ channel: 'auth', payload: { event, data } })`
    /// for `signedIn`, `signedOut`, `tokenRefresh`, `tokenRefresh_failure`, `autoSignIn`,
    /// `autoSignIn_failure`. Returns a function that unsubscribes.
    #[wasm_bindgen(js_name = onAuthEvent, unchecked_return_type = "() => void")]
    pub fn on_auth_event(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(capsule: AuthHubCapsule) => void")]
        callback: Function,
    ) -> Function {
        let id = self.inner.hub.add(callback);
        let inner = self.inner.clone();
        Closure::once_into_js(move || inner.hub.remove(id)).unchecked_into()
    }
}

/// `onAuthEvent` on the default client.
#[wasm_bindgen(js_name = onAuthEvent, unchecked_return_type = "() => void")]
pub fn on_auth_event(
    #[wasm_bindgen(unchecked_param_type = "(capsule: AuthHubCapsule) => void")] callback: Function,
) -> Result<Function, JsValue> {
    super::default_client().map(|c| c.on_auth_event(callback))
}
