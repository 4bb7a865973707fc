//! One sort for every ordering the engine needs: `tariff_request::order`, shared with the
//! request side so that the sort routine is compiled once.

pub(crate) use tariff_request::order::{descending, sorted};
