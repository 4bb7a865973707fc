//! Pricing one request (and its downstream calls) into an [`Estimate`].

use crate::bill::Line;
use crate::catalog::Catalog;
use crate::money::Micros;
use crate::pricing::Priced;
use serde::Serialize;

/// One priced line of an estimate: `quantity × rate_micros ÷ rate_per`, rounded half-up once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineItem {
    /// The model that billed it (the root or a downstream call).
    pub model: String,
    /// What is billed (`input_tokens`, `images`, `duration`, `active_seconds`, ...).
    pub item: &'static str,
    /// How much, in `unit`s.
    pub quantity: u64,
    /// The unit of `quantity` (`token`, `image`, `millisecond`, `pixel`, ...).
    pub unit: &'static str,
    /// The rate, in micros per `rate_per` units.
    pub rate_micros: u64,
    /// How many units the rate is for (1,000,000 tokens; 1,000 ms; 1,000,000 pixels; 1).
    pub rate_per: u64,
    /// Which rate applied, where a model has several (`quality=high, size=1024x1024`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The rounded cost of this line.
    pub micros: Micros,
}

/// The price of one request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Estimate {
    /// The model of the root call.
    pub model: String,
    /// Whether the request named no model and the catalog's default was used.
    pub defaulted: bool,
    /// The catalog's version.
    pub catalog_version: String,
    /// The SHA-256 of the catalog's bytes: the same on every surface for the same catalog.
    pub catalog_sha256: String,
    /// The sum of the line items.
    pub total_micros: Micros,
    /// `total_micros` as dollars (`$30.233286`).
    pub total_usd: String,
    /// The most the request can cost: every open quantity (output tokens, run time, ...) at
    /// its limit, downstream calls included. `None` (`null`) when some quantity has no limit.
    pub bound_micros: Option<Micros>,
    /// `bound_micros` as dollars.
    pub bound_usd: Option<String>,
    /// Every line, root first, then downstream calls in order.
    pub line_items: Vec<LineItem>,
    /// Every default or typical value the estimate used, anything not billed, and every
    /// catalog limit the bound used.
    pub assumptions: Vec<String>,
    /// The quantities the run decides (or the request limits), each at the most the bound
    /// priced it.
    pub open: Vec<crate::open::OpenQuantity>,
    /// The open quantities without a limit, each `field: why` (the bound is then `null`).
    pub unbounded: Vec<String>,
}

/// The owned estimate of a priced request.
pub(crate) fn estimate_of(catalog: &Catalog, p: Priced<'_>) -> Estimate {
    let total_usd = p.total.to_usd();
    let model = catalog
        .models()
        .get(p.root)
        .map_or_else(String::new, |m| m.slug.clone());
    Estimate {
        model,
        defaulted: p.defaulted,
        catalog_version: catalog.version().to_string(),
        catalog_sha256: catalog.sha256().to_string(),
        total_micros: p.total,
        bound_micros: p.bound.micros,
        bound_usd: p.bound.micros.map(|b| {
            if b == p.total {
                total_usd.clone()
            } else {
                b.to_usd()
            }
        }),
        total_usd,
        line_items: p.lines.into_iter().map(LineItem::from).collect(),
        assumptions: p.assumptions,
        open: p.bound.used,
        unbounded: p.bound.unbounded,
    }
}

impl From<Line<'_>> for LineItem {
    fn from(l: Line<'_>) -> Self {
        LineItem {
            model: l.model.to_string(),
            item: l.item,
            quantity: l.quantity,
            unit: l.unit.name(),
            rate_micros: l.rate,
            rate_per: l.per,
            detail: l.detail,
            micros: l.micros,
        }
    }
}
