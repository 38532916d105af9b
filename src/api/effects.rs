//! The driver's I/O in the browser: each [`Io`] started as a promise, and how that promise's
//! settled value answers the driver ([`Awaiting::event`]). js/glue.js `drive` awaits them.

use super::Inner;
use crate::driver::{Event, Io};
use crate::secret::Secret;
use crate::transport::fetch;
use crate::webauthn::browser;
use alloc::vec::Vec;
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/glue.js")]
extern "C" {
    /// Resolves with the values at `keys` (null: absent, undefined: the read failed).
    #[wasm_bindgen(js_name = storeRead)]
    fn store_read(store: &JsValue, keys: Vec<alloc::string::String>) -> Promise;
    /// Writes `[key, value | undefined, …]` in order; resolves when the store is done.
    #[wasm_bindgen(js_name = storeWrites)]
    fn store_writes(store: &JsValue, writes: &Array) -> Promise;
}

/// How an effect's promise settles into the driver's [`Event`].
#[derive(Debug, Clone, Copy)]
pub(crate) enum Awaiting {
    /// A request, with its timeout (ms).
    Http(u32),
    Sleep,
    Passkey {
        registering: bool,
    },
    Read,
    Write,
}

impl Awaiting {
    /// The event for a promise that settled: fulfilled with `value` (`ok`) or rejected with it.
    pub(crate) fn event(self, ok: bool, value: JsValue) -> Event {
        let settled = if ok { Ok(value) } else { Err(value) };
        match self {
            Awaiting::Http(timeout) => Event::Http(fetch::http(settled, timeout)),
            Awaiting::Sleep => Event::Slept,
            Awaiting::Passkey { registering } => {
                Event::Credential(browser::credential(settled, registering))
            }
            Awaiting::Read => Event::Read(read_values(settled)),
            Awaiting::Write => Event::Written,
        }
    }
}

/// `storeRead`'s array: a string, `null` (absent) or `undefined` (failed) per key.
fn read_values(settled: Result<JsValue, JsValue>) -> Vec<Option<Option<Secret>>> {
    let Ok(values) = settled else { return Vec::new() };
    Array::from(&values)
        .iter()
        .map(|v| (!v.is_undefined()).then(|| v.as_string().map(Secret::new)))
        .collect()
}

/// Starts `io`: its promise, and how to read what it settles to.
pub(crate) fn start(inner: &Inner, io: Io) -> (Promise, Awaiting) {
    let store = inner.store.as_ref().map_or(JsValue::UNDEFINED, Clone::clone);
    match io {
        Io::Send { action, body } => {
            let config = inner.client.config();
            let timeout = config.request_timeout_ms;
            (
                fetch::post_action(config.endpoint_of(action), action, body.expose(), timeout),
                Awaiting::Http(timeout),
            )
        }
        Io::PostForm { url, body } => {
            let timeout = inner.client.config().request_timeout_ms;
            (fetch::post_form(&url, body.expose(), timeout), Awaiting::Http(timeout))
        }
        Io::Sleep(ms) => (fetch::sleep(ms as f64), Awaiting::Sleep),
        Io::PasskeyGet { options, conditional } => {
            (browser::passkey_get(&options, conditional), Awaiting::Passkey { registering: false })
        }
        Io::PasskeyCreate { options } => {
            (browser::passkey_create(&options), Awaiting::Passkey { registering: true })
        }
        Io::Read { keys } => (store_read(&store, keys), Awaiting::Read),
        Io::Write { writes } => {
            let flat = Array::new();
            for (key, value) in &writes {
                flat.push(&key.into());
                flat.push(&value.as_ref().map_or(JsValue::UNDEFINED, |v| v.expose().into()));
            }
            (store_writes(&store, &flat), Awaiting::Write)
        }
    }
}
