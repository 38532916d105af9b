//! The browser's stores: `localStorage` / `sessionStorage`, falling back to memory when the
//! browser refuses them (private modes, sandboxed iframes, quota), and the app's own store
//! (`JsStore`, synchronous or async).

use super::{KeyValue, MemoryStore, Replica};
use alloc::string::String;
use alloc::vec::Vec;
use wasm_bindgen::JsValue;

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
    /// Whether the object has `getItem`, `setItem` and `removeItem` functions.
    #[wasm_bindgen(js_name = isStore)]
    fn is_store(store: &JsValue) -> bool;
    /// Sets `key` (or removes it when `value` is `None`); an async store's writes are queued.
    #[wasm_bindgen(js_name = storeWrite)]
    fn store_write(store: &JsValue, key: &str, value: Option<&str>);
    /// The promise of the queued writes, `undefined` when none is running.
    #[wasm_bindgen(js_name = storeFlushed)]
    fn store_flushed(store: &JsValue) -> Option<js_sys::Promise>;
    /// Resolves with the values at `keys` (null: absent, undefined: the read failed).
    #[wasm_bindgen(js_name = storeRead)]
    fn store_read(store: &JsValue, keys: Vec<String>) -> js_sys::Promise;
}

/// The app's own store, synchronous (the Web Storage interface) or asynchronous (Amplify's
/// `KeyValueStorageInterface`, whose methods answer with Promises). The client works on a
/// memory copy ([`Replica`]): [`read`](Self::read) and [`fill`](Self::fill) refresh the keys a
/// call needs before it runs, every change is written through at once, and
/// [`flushed`](Self::flushed) tells when the writes are done. A failed read keeps the copy's
/// value; a failed write is kept in the copy only (for this page), as the Web Storage
/// fallback does.
pub struct JsStore {
    store: JsValue,
    copy: Replica,
}

impl JsStore {
    /// Wraps `store` after checking that it has the three methods (a store missing one would
    /// otherwise lose the session silently).
    pub fn new(store: JsValue) -> Result<JsStore, crate::AuthError> {
        if !is_store(&store) {
            return Err(crate::error::Validation::InvalidStorage.into());
        }
        Ok(JsStore { store, copy: Replica::default() })
    }

    /// Starts reading `keys` from the store: the promise, and the read's mark. Hand both to
    /// [`fill`](Self::fill).
    pub fn read(&self, keys: Vec<String>) -> (js_sys::Promise, u32) {
        (store_read(&self.store, keys), self.copy.mark())
    }

    /// Takes what [`read`](Self::read) resolved with into the copy (a key that failed to read
    /// keeps the copy's value; the whole read is dropped when the copy changed since `mark`).
    pub fn fill(&self, keys: &[String], values: &JsValue, mark: u32) {
        let values = js_sys::Array::from(values);
        for (i, key) in keys.iter().enumerate() {
            let v = values.get(i as u32);
            if !v.is_undefined() {
                self.copy.take(mark, key, v.as_string().as_deref());
            }
        }
    }

    /// The promise of the writes still running, if any.
    pub fn flushed(&self) -> Option<js_sys::Promise> {
        store_flushed(&self.store)
    }
}

impl KeyValue for JsStore {
    fn get(&self, key: &str) -> Option<String> {
        self.copy.get(key)
    }
    fn set(&self, key: &str, value: &str) {
        self.copy.set(key, value);
        store_write(&self.store, key, Some(value));
    }
    fn remove(&self, key: &str) {
        self.copy.remove(key);
        store_write(&self.store, key, None);
    }
}
