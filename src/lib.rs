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

mod bill;
pub mod bound;
pub mod budget;
pub mod catalog;
pub mod estimate;
mod json;
pub mod listing;
pub mod money;
mod order;
pub mod shape;
mod slug_index;
pub mod suggest;
pub mod usage;
// The request side lives in its own crate, compiled for speed (crates/request).
pub use tariff_request::{error, request, time};
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use bound::{Affordable, OpenQuantity};
pub use budget::{Basis, Budget, BudgetCheck};
pub use catalog::{Catalog, HardwareTier, Model, EMBEDDED_CATALOG};
pub use error::Error;
pub use estimate::{Estimate, LineItem};
pub use listing::{HardwareListing, ModelListing, Pricing};
pub use money::{format_usd, Micros, MAX_SAFE_MICROS};
pub use request::{Request, Status, Usage};
pub use usage::Breakdown;
