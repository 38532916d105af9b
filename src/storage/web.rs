//! `localStorage` / `sessionStorage`, falling back to memory when the browser refuses them
//! (private modes, sandboxed iframes, quota).

use super::{KeyValue, MemoryStore};
use alloc::string::String;

/// A Web Storage area with an in-memory fallback.
pub struct WebStore {
    area: Option<web_sys::Storage>,
    fallback: MemoryStore,
}

impl WebStore {
    /// `localStorage` (`session == false`) or `sessionStorage`.
    pub fn new(session: bool) -> WebStore {
        let area = web_sys::window().and_then(|w| {
            if session {
                w.session_storage().ok().flatten()
            } else {
                w.local_storage().ok().flatten()
            }
        });
        WebStore { area, fallback: MemoryStore::default() }
    }
}

impl KeyValue for WebStore {
    fn get(&self, key: &str) -> Option<String> {
        match &self.area {
            Some(a) => a.get_item(key).ok().flatten().or_else(|| self.fallback.get(key)),
            None => self.fallback.get(key),
        }
    }
    fn set(&self, key: &str, value: &str) {
        if self.area.as_ref().is_none_or(|a| a.set_item(key, value).is_err()) {
            self.fallback.set(key, value);
        }
    }
    fn remove(&self, key: &str) {
        if let Some(a) = &self.area {
            let _ = a.remove_item(key);
        }
        self.fallback.remove(key);
    }
}

#[wasm_bindgen::prelude::wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    /// Whether the object has synchronous `getItem` / `setItem` / `removeItem` (a `getItem`
    /// answering with a thenable is an async store); `Err` if reading its members threw.
    #[wasm_bindgen(js_name = isSyncStore, catch)]
    fn is_sync_store(store: &wasm_bindgen::JsValue) -> Result<bool, wasm_bindgen::JsValue>;
}

/// The app's own store: any object with synchronous `getItem(key)`, `setItem(key, value)` and
/// `removeItem(key)` (the Web Storage interface). A throwing method falls back to memory.
pub struct JsStore {
    store: wasm_bindgen::JsValue,
    fallback: MemoryStore,
}

impl JsStore {
    /// Wraps `store` after checking that it has the three methods and that `getItem` answers
    /// synchronously: a missing method or a Promise-returning (async) store would otherwise
    /// lose the session silently (reads would find nothing).
    pub fn new(store: wasm_bindgen::JsValue) -> Result<JsStore, crate::AuthError> {
        if !is_sync_store(&store).unwrap_or(false) {
            return Err(crate::error::Validation::InvalidStorage.into());
        }
        Ok(JsStore { store, fallback: MemoryStore::default() })
    }

    fn call(&self, method: &str, args: &[&str]) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
        use wasm_bindgen::JsCast;
        let f: js_sys::Function = js_sys::Reflect::get(&self.store, &method.into())?.dyn_into()?;
        let args: js_sys::Array = args.iter().map(|a| wasm_bindgen::JsValue::from_str(a)).collect();
        f.apply(&self.store, &args)
    }
}

impl KeyValue for JsStore {
    fn get(&self, key: &str) -> Option<String> {
        match self.call("getItem", &[key]) {
            Ok(v) => v.as_string(),
            Err(_) => self.fallback.get(key),
        }
    }
    fn set(&self, key: &str, value: &str) {
        if self.call("setItem", &[key, value]).is_err() {
            self.fallback.set(key, value);
        }
    }
    fn remove(&self, key: &str) {
        let _ = self.call("removeItem", &[key]);
        self.fallback.remove(key);
    }
}
