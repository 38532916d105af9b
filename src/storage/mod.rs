//! Key-value stores, Amplify's token layout, and the persisted sign-in / auto sign-in state.

pub mod state;
pub mod tokens;
pub mod web;

use alloc::string::String;
use alloc::vec::Vec;
use core::cell::{Cell, RefCell};

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

/// A memory copy of a store that is read ahead of time (an app's async store, read before each
/// call). A read's answers, taken in with [`take`](Self::take), are dropped when the copy
/// changed after that read began: the copy then holds this page's newer writes, so two calls
/// running at once cannot bring an old value back. Changes are logged until
/// [`take_writes`](Self::take_writes) hands them out to be written through.
#[derive(Default)]
pub struct Replica {
    items: MemoryStore,
    /// Changes so far.
    changes: Cell<u32>,
    /// Changes not yet written through (`None`: removed), in order.
    log: RefCell<Vec<(String, Option<String>)>>,
}

impl core::fmt::Debug for Replica {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Tokens: never printed.
        f.debug_struct("Replica").field("changes", &self.changes.get()).finish_non_exhaustive()
    }
}

impl Replica {
    /// The mark of a read beginning now, for [`take`](Self::take).
    pub fn mark(&self) -> u32 {
        self.changes.get()
    }

    /// What a read begun at `since` found at `key` (`None`: absent), unless the copy changed since.
    pub fn take(&self, since: u32, key: &str, found: Option<&str>) {
        // Taken from the store: nothing to write back.
        if self.changes.get() != since {
            return;
        }
        match found {
            Some(v) => self.items.set(key, v),
            None => self.items.remove(key),
        }
    }

    /// The changes made since the last call, in order, to write through to the store.
    pub fn take_writes(&self) -> Vec<(String, Option<String>)> {
        core::mem::take(&mut *self.log.borrow_mut())
    }

    fn changed(&self, key: &str, value: Option<&str>) {
        self.changes.set(self.changes.get().wrapping_add(1));
        self.log.borrow_mut().push((key.into(), value.map(Into::into)));
    }
}

impl KeyValue for Replica {
    fn get(&self, key: &str) -> Option<String> {
        self.items.get(key)
    }
    fn set(&self, key: &str, value: &str) {
        self.changed(key, Some(value));
        self.items.set(key, value);
    }
    fn remove(&self, key: &str) {
        self.changed(key, None);
        self.items.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_never_brings_back_a_value_changed_after_it_began() {
        let r = Replica::default();
        let first = r.mark();
        r.take(first, "a", Some("stored"));
        r.take(first, "b", Some("stored"));
        assert_eq!(r.get("a").as_deref(), Some("stored"));
        // A second read begins; then this page signs in (changes `a`) and signs out (removes `b`)
        // before that read's answers arrive.
        let second = r.mark();
        r.set("a", "new");
        r.remove("b");
        r.take(second, "a", Some("stored"));
        r.take(second, "b", Some("stored"));
        r.take(second, "c", Some("stored"));
        assert_eq!(r.get("a").as_deref(), Some("new"));
        assert_eq!(r.get("b"), None);
        assert_eq!(r.get("c"), None, "the whole overlapping read is dropped");
        // A read begun after the changes is taken in: another tab's value wins from then on.
        let third = r.mark();
        r.take(third, "a", Some("other tab"));
        r.take(third, "b", None);
        assert_eq!(r.get("a").as_deref(), Some("other tab"));
        // An absent key clears the copy.
        r.take(r.mark(), "a", None);
        assert_eq!(r.get("a"), None);
        // What this page changed is handed out once, in order; what was read is not.
        let owed = |k: &str, v: Option<&str>| (String::from(k), v.map(String::from));
        assert_eq!(r.take_writes(), [owed("a", Some("new")), owed("b", None)]);
        assert!(r.take_writes().is_empty());
    }
}
