//! Key-value stores, Amplify's token layout, and the persisted sign-in / auto sign-in state.

pub mod state;
pub mod tokens;
pub mod web;

use alloc::collections::BTreeMap;
use alloc::string::String;
use core::cell::RefCell;

/// A string key-value store (localStorage, sessionStorage, memory, or an app's own).
pub trait KeyValue {
    /// The value at `key`.
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` at `key`.
    fn set(&self, key: &str, value: &str);
    /// Removes `key`.
    fn remove(&self, key: &str);
}

/// An in-memory store.
#[derive(Default, Debug)]
pub struct MemoryStore(RefCell<BTreeMap<String, String>>);

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) {
        self.0.borrow_mut().insert(key.into(), value.into());
    }
    fn remove(&self, key: &str) {
        self.0.borrow_mut().remove(key);
    }
}
