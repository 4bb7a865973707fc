//! # tariff
//!
//! One exact cost engine for AI platforms. Prices requests against a `catalog.json` in
//! integer micros, one half-up rounding per line item, and gives the same answer natively,
//! in the CLI and in WebAssembly.
//!
//! ```
//! use tariff::{Catalog, Request};
//! let catalog = Catalog::embedded().unwrap();
//! let estimate = catalog.estimate(&Request::tokens("claude/opus-4-7", 1_234_567, 89_012)).unwrap();
//! assert_eq!(estimate.total_micros.get(), 30_233_286);
//! assert_eq!(estimate.total_usd, "$30.233286");
//! ```
//!
//! Before a job runs, its bound: the most it can cost, every quantity the run decides at its
//! limit. Opus with 5,000 input tokens may write 64,000 output tokens (the catalog's cap):
//! 5,000 × $18/1M + 64,000 × $90/1M = $5.85, which a $0.10 balance does not cover.
//!
//! ```
//! use tariff::{Budget, Catalog, Request};
//! let catalog = Catalog::embedded().unwrap();
//! let job = Request::from_json(r#"{"model":"claude/opus-4-7","usage":{"input_tokens":5000}}"#).unwrap();
//! let check = catalog.check_budget(&job, &Budget { balance_micros: 100_000, ..Budget::default() }).unwrap();
//! assert_eq!(check.bound_micros, Some(5_850_000));
//! assert!(!check.allowed);
//! ```

mod api;
mod bill;
pub mod bound;
pub mod budget;
pub mod catalog;
pub mod clock;
pub mod describe;
mod direct;
pub mod display;
mod downstream;
pub mod error;
pub mod estimate;
mod json;
pub mod listing;
pub mod money;
mod open;
mod order;
mod pricing;
pub mod quote;
pub mod rounding;
pub mod shape;
mod slug_index;
pub mod suggest;
pub mod unit;
pub mod usage;
mod written;
// The request side lives in its own crate, compiled for speed (crates/request).
pub use tariff_request::{request, time};
#[cfg(js_host)]
pub mod wasm;

pub use bound::Affordable;
pub use budget::{Basis, Budget, BudgetCheck, BudgetStatus};
pub use catalog::{Catalog, HardwareTier, Model, EMBEDDED_CATALOG};
pub use display::Usd;
pub use error::Error;
pub use estimate::{CallCost, Estimate, LineItem};
pub use listing::{HardwareListing, ModelListing, Pricing};
pub use money::{format_usd, Micros, MAX_SAFE_MICROS};
pub use open::OpenQuantity;
pub use quote::Quoter;
pub use request::{Request, Status, Usage};
pub use tariff_request::ReadError;
pub use usage::{Breakdown, ProjectSpend, RecordCall, Tally, TallyState};
