//! The clock: where "now" comes from, for the price in force when a request gives no `at`.

use crate::time::Timestamp;

/// Where "now" comes from: the system clock natively; the wasm bindings give JS's clock.
/// Only prices with changes over time read it.
pub type Clock = fn() -> Option<Timestamp>;

/// The system clock (`None` where there is none).
pub fn system_clock() -> Option<Timestamp> {
    #[cfg(not(js_host))]
    {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?;
        i64::try_from(since.as_secs())
            .ok()
            .map(Timestamp::from_unix_seconds)
    }
    #[cfg(js_host)]
    {
        None
    }
}
