//! Emulator-clock arithmetic that cannot overflow. Every expiry is computed here, so a
//! huge validity from a config or a clock moved far ahead saturates instead of wrapping or
//! stopping the server.

/// The latest emulator time the HTTP shell lets the clock reach: 9999-12-31T23:59:59Z (ms),
/// the last instant an SRP `TIMESTAMP` (four-digit year) can name.
pub const MAX_MS: u64 = 253_402_300_799_000;

/// `now_ms` plus `secs` seconds.
pub(crate) fn after_secs(now_ms: u64, secs: u64) -> u64 {
    now_ms.saturating_add(secs.saturating_mul(1000))
}

/// `now_ms` plus `ms`.
pub(crate) fn after_ms(now_ms: u64, ms: u64) -> u64 {
    now_ms.saturating_add(ms)
}

/// Minutes to milliseconds.
pub(crate) fn minutes_ms(minutes: u64) -> u64 {
    minutes.saturating_mul(60_000)
}
