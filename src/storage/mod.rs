//! Key-value stores, Amplify's token layout, and the persisted sign-in / auto sign-in state.

pub mod state;
pub mod tokens;
pub mod web;

use alloc::string::String;
use alloc::vec::Vec;
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

impl<T: KeyValue + ?Sized> KeyValue for alloc::rc::Rc<T> {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) {
        (**self).set(key, value);
    }
    fn remove(&self, key: &str) {
        (**self).remove(key);
    }
}

/// An in-memory store. A handful of keys at most, so a list beats a map (and is smaller).
#[derive(Default, Debug)]
pub struct MemoryStore(RefCell<Vec<(String, String)>>);

impl KeyValue for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        self.0.borrow().iter().find(|(k, _)| k == key).map(|(_, v)| v.clone())
    }
    fn set(&self, key: &str, value: &str) {
        let mut items = self.0.borrow_mut();
        match items.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value.into(),
            None => items.push((key.into(), value.into())),
        }
    }
    fn remove(&self, key: &str) {
        self.0.borrow_mut().retain(|(k, _)| k != key);
    }
}
