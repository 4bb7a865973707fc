//! Pricing one request (and its downstream calls) into an [`Estimate`].

use crate::bill::Call;
use crate::catalog::Catalog;
use crate::display::Usd;
use crate::money::Micros;
use crate::pricing::Priced;
use serde::Serialize;

/// One priced line of an estimate: `quantity × rate_micros ÷ rate_per`, rounded half-up once.
/// Its texts borrow from the catalog it was priced from (no allocation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LineItem<'c> {
    /// The model that billed it (the root or a downstream call).
    pub model: &'c str,
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
    /// The model's index in the catalog (the wasm layer keeps a JS string per model).
    #[serde(skip)]
    pub(crate) model_index: usize,
}

/// One call of a request's call tree: the root or a downstream call, with what it cost
/// itself and with the calls below it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CallCost<'c> {
    /// Where it is in the request: `""` for the root, `downstream[0]`,
    /// `downstream[0].downstream[1]`.
    pub path: String,
    /// The model it billed.
    pub model: &'c str,
    /// How it ended (`succeeded`, `failed`, `canceled`).
    pub status: &'static str,
    /// Its own line items (fees and minimum included).
    pub subtotal_micros: Micros,
    /// Its subtotal and every call below it.
    pub total_micros: Micros,
    /// Its line items are `line_items[first_line .. first_line + line_count]`.
    pub first_line: usize,
    /// How many line items are its own.
    pub line_count: usize,
}

impl<'c> CallCost<'c> {
    pub(crate) fn of(c: Call<'c>) -> CallCost<'c> {
        CallCost {
            path: c.path,
            model: c.slug,
            status: c.status.as_str(),
            subtotal_micros: c.micros,
            total_micros: c.total,
            first_line: c.first_line,
            line_count: c.line_count,
        }
    }
}

/// The price of one request. Its texts borrow from the catalog that priced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Estimate<'c> {
    /// The model of the root call.
    pub model: &'c str,
    /// Whether the request named no model and the catalog's default was used.
    pub defaulted: bool,
    /// The catalog's version.
    pub catalog_version: &'c str,
    /// The SHA-256 of the catalog's bytes: the same on every surface for the same catalog.
    pub catalog_sha256: &'c str,
    /// The sum of the line items.
    pub total_micros: Micros,
    /// `total_micros` as dollars (`$30.233286`).
    pub total_usd: Usd,
    /// The most the request can cost: every open quantity (output tokens, run time, ...) at
    /// its limit, downstream calls included. `None` (`null`) when some quantity has no limit.
    pub bound_micros: Option<Micros>,
    /// `bound_micros` as dollars.
    pub bound_usd: Option<Usd>,
    /// Every line, root first, then downstream calls in order.
    pub line_items: Vec<LineItem<'c>>,
    /// The call tree: the root, then each downstream call after its caller, in request
    /// order. Subtotals add up to `total_micros`.
    pub calls: Vec<CallCost<'c>>,
    /// Every default or typical value the estimate used, anything not billed, and every
    /// catalog limit the bound used.
    pub assumptions: Vec<String>,
    /// The quantities the run decides (or the request limits), each at the most the bound
    /// priced it.
    pub open: Vec<crate::open::OpenQuantity>,
    /// The open quantities without a limit, each `field: why` (the bound is then `null`).
    pub unbounded: Vec<String>,
}

/// Completes the estimate of a direct call (`crate::direct`) whose lines are already in
/// `into.line_items`: what the walk makes of one, its one call with all the lines, nothing
/// open (the bound is the total), no assumptions. `into`'s other lists are cleared and
/// reused, so an estimate made again in the same place allocates nothing once they have
/// grown.
pub(crate) fn direct_into<'c>(
    catalog: &'c Catalog,
    call: &crate::direct::DirectCall<'c>,
    into: &mut Estimate<'c>,
) {
    let total_usd = call.total.usd();
    into.model = call.slug;
    into.defaulted = false;
    into.catalog_version = catalog.version();
    into.catalog_sha256 = catalog.sha256();
    into.total_micros = call.total;
    into.total_usd = total_usd;
    into.bound_micros = Some(call.total);
    into.bound_usd = Some(total_usd);
    let root = CallCost::of(call.call(0, into.line_items.len()));
    into.calls.truncate(1);
    match into.calls.first_mut() {
        // The root's path is `""`: the kept one's (empty) buffer serves.
        Some(kept) => {
            let path = std::mem::take(&mut kept.path);
            *kept = root;
            kept.path = path;
            kept.path.clear();
        }
        None => into.calls.push(root),
    }
    into.assumptions.clear();
    into.open.clear();
    into.unbounded.clear();
}

impl Estimate<'_> {
    /// Empties the estimate (as [`Estimate::default`]), keeping its lists' room.
    pub(crate) fn clear(&mut self) {
        /// The list, taken and emptied (its room kept).
        fn emptied<T>(list: &mut Vec<T>) -> Vec<T> {
            let mut list = std::mem::take(list);
            list.clear();
            list
        }
        *self = Estimate {
            line_items: emptied(&mut self.line_items),
            calls: emptied(&mut self.calls),
            assumptions: emptied(&mut self.assumptions),
            open: emptied(&mut self.open),
            unbounded: emptied(&mut self.unbounded),
            ..Estimate::default()
        };
    }
}

/// An estimate with nothing in it, to be filled by [`crate::Catalog::estimate_into`].
impl Default for Estimate<'_> {
    fn default() -> Self {
        Estimate {
            model: "",
            defaulted: false,
            catalog_version: "",
            catalog_sha256: "",
            total_micros: Micros::ZERO,
            total_usd: Micros::ZERO.usd(),
            bound_micros: None,
            bound_usd: None,
            line_items: Vec::new(),
            calls: Vec::new(),
            assumptions: Vec::new(),
            open: Vec::new(),
            unbounded: Vec::new(),
        }
    }
}

/// The estimate of a priced request.
pub(crate) fn estimate_of<'c>(catalog: &'c Catalog, p: Priced<'c>) -> Estimate<'c> {
    let total_usd = p.total.usd();
    Estimate {
        model: catalog.models().get(p.root).map_or("", |m| m.slug.as_str()),
        defaulted: p.defaulted,
        catalog_version: catalog.version(),
        catalog_sha256: catalog.sha256(),
        total_micros: p.total,
        bound_micros: p.bound.micros,
        bound_usd: p
            .bound
            .micros
            .map(|b| if b == p.total { total_usd } else { b.usd() }),
        total_usd,
        line_items: p.lines,
        calls: p.calls.into_iter().map(CallCost::of).collect(),
        assumptions: p.assumptions,
        open: p.bound.used,
        unbounded: p.bound.unbounded,
    }
}
