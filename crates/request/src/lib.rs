//! # tariff-request
//!
//! The request side of [tariff](https://crates.io/crates/tariff): pricing requests and
//! usage records, read from JSON with exact numbers and a named field for every fault
//! ([`ReadError`]), and the timestamps they carry. `tariff` re-exports what a user needs
//! (`tariff::Request`, `tariff::time`, ...); use that crate.
//!
//! It is a crate of its own for one reason: the package builds it at `opt-level = "s"` while
//! the rest of the engine is at `"z"`, because parsing is most of the time of a usage
//! breakdown and of an estimate, and a crate is the smallest unit an optimisation level can
//! be set for. Its entry points are not generic, so that serde_json's parser is compiled
//! here, at this crate's level, and not in the caller's.

pub mod error;
pub mod json;
pub mod order;
pub mod records;
pub mod request;
pub mod time;

pub use error::ReadError;
pub use request::{Kind, Request, Status, Usage};
