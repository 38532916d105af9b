//! The browser's stores: `localStorage` / `sessionStorage`, falling back to memory when the
//! browser refuses them (private modes, sandboxed iframes, quota). An app's own store is read
//! ahead and written through by the driver (`driver::Tokens::ReadAhead`), with the JS binding
//! doing the I/O.

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
            // A failed write (quota, blocked storage) must not leave the old value readable:
            // `get` reads the area first.
            if let Some(a) = &self.area {
                let _ = a.remove_item(key);
            }
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
