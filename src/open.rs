//! What the bound pass records as it prices: the open quantities, where their limits came
//! from, and what has none. Plain data at the line-items layer, so that a bill can carry it;
//! the pass itself is `crate::bound`.

use serde::Serialize;

/// The state of one bound pass.
#[derive(Debug, Default)]
pub(crate) struct BoundPass {
    /// Where a limit came from the catalog (or usage went past it): assumptions of the bound.
    pub notes: Vec<String>,
    /// Open quantities without any limit, each `field: why`.
    pub unbounded: Vec<String>,
    /// Whether a downstream call is unbounded.
    pub unbounded_downstream: bool,
    /// The root call's open quantities, for what a budget affords.
    pub open: Vec<Open>,
    /// Every open quantity of every call, at the most the bound priced.
    pub used: Vec<OpenQuantity>,
    /// While finding what a budget affords: the root's limit of one quantity, tried.
    pub probe: Option<(&'static str, u64)>,
    /// Price the root call alone (the downstream calls' bound is already known).
    pub root_only: bool,
    /// Catalog downstream calls priced so far (their work is capped).
    pub catalog_pricings: usize,
}

/// An open quantity of the root call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Open {
    /// Its `limits` key (`output_tokens` for output and reasoning, `input_tokens` for the
    /// prompt).
    pub key: &'static str,
    /// The least limit allowed: what `usage` gives.
    pub floor: u64,
    /// The catalog's limit, above which a larger one changes nothing.
    pub catalog: Option<u64>,
}

/// An open quantity at the most the bound priced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OpenQuantity {
    /// Its usage field (`usage.output_tokens`, `downstream[0].usage.seconds`; output tokens
    /// stand for output and reasoning together, input tokens for the whole prompt).
    pub field: String,
    /// The most it may be (seconds as seconds).
    pub max: serde_json::Value,
    /// Where that came from: `request` (its `limits`), `catalog` (the model's `limits`) or
    /// `usage` (what usage gives, above the catalog's limit).
    pub from: &'static str,
    /// `max` as the engine holds it (seconds in ms), for the bindings.
    #[serde(skip)]
    pub(crate) raw: u64,
}
