//! Pricing one request (and its downstream calls) into an [`Estimate`].

use crate::bill::{Bill, Call, Ctx, Line};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::json::{index, join};
use crate::money::Micros;
use crate::request::{Request, MAX_DOWNSTREAM_DEPTH};
use crate::time::Timestamp;
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
    pub open: Vec<crate::bound::OpenQuantity>,
    /// The open quantities without a limit, each `field: why` (the bound is then `null`).
    pub unbounded: Vec<String>,
}

/// A priced request before it becomes an owned [`Estimate`]: what each surface builds its
/// own result from (the wasm layer builds JS objects straight from it).
pub(crate) struct Priced<'c> {
    pub root: usize,
    pub defaulted: bool,
    pub total: Micros,
    pub lines: Vec<Line<'c>>,
    pub assumptions: Vec<String>,
    pub bound: Bound,
}

/// What the bound pass found.
#[derive(Debug, Default)]
pub(crate) struct Bound {
    /// The most the request can cost; `None` when unbounded.
    pub micros: Option<Micros>,
    /// Open quantities without a limit.
    pub unbounded: Vec<String>,
    /// Open quantities at the most the bound priced.
    pub used: Vec<crate::bound::OpenQuantity>,
    /// The root call's open quantities.
    pub open: Vec<crate::bound::Open>,
    /// The bound of the downstream calls together; `None` when one is unbounded.
    pub downstream: Option<Micros>,
    /// The clock reading the expected pass made, reused.
    pub now: Option<Option<Timestamp>>,
}

impl Catalog {
    /// Prices a request and its downstream calls.
    pub fn estimate(&self, request: &Request) -> Result<Estimate, Error> {
        Ok(self.estimate_of(self.price(request)?))
    }

    /// The owned estimate of a priced request.
    pub(crate) fn estimate_of(&self, p: Priced<'_>) -> Estimate {
        let total_usd = p.total.to_usd();
        let model = self
            .models()
            .get(p.root)
            .map_or_else(String::new, |m| m.slug.clone());
        Estimate {
            model,
            defaulted: p.defaulted,
            catalog_version: self.version().to_string(),
            catalog_sha256: self.sha256().to_string(),
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

    pub(crate) fn price(&self, request: &Request) -> Result<Priced<'_>, Error> {
        let mut bill = Bill {
            lines: Vec::with_capacity(4),
            calls: Vec::with_capacity(1),
            ..Bill::default()
        };
        let total = self.bill_into(request, &mut bill)?;
        let (bound, notes) = if bill.opened {
            self.bound(request, bill.now, None)?
        } else {
            // Nothing open: every quantity is as priced, and the bound is the total.
            let root = bill.calls.first().map_or(Micros::ZERO, |c| c.micros);
            let bound = Bound {
                micros: Some(total),
                downstream: Some(total.saturating_sub(root)),
                now: bill.now,
                ..Bound::default()
            };
            (bound, Vec::new())
        };
        let mut assumptions = bill.assumptions;
        assumptions.extend(notes);
        Ok(Priced {
            root: bill.calls.first().map_or(self.default_index(), |c| c.model),
            defaulted: request.model.is_none(),
            total,
            lines: bill.lines,
            assumptions,
            bound,
        })
    }

    /// The bound pass: `request` priced with every open quantity at its limit (see
    /// [`crate::bound`]), reading the clock as the expected pass did (`now`). With `probe`, the
    /// root's limit of one quantity is the one given and the root call alone is priced.
    /// Returns the bound and its notes (assumptions).
    pub(crate) fn bound(
        &self,
        request: &Request,
        now: Option<Option<Timestamp>>,
        probe: Option<(&'static str, u64)>,
    ) -> Result<(Bound, Vec<String>), Error> {
        let mut bill = Bill {
            quiet: true,
            now,
            bound: Some(crate::bound::BoundPass {
                probe,
                root_only: probe.is_some(),
                ..crate::bound::BoundPass::default()
            }),
            ..Bill::default()
        };
        let priced = self.bill_call(request, "", 0, None, &mut bill);
        let pass = bill.bound.take().unwrap_or_default();
        let total = match priced {
            Ok(total) => Some(total),
            // Limits so large that the bound passes 2^53 - 1 micros: no number is exact.
            Err(Error::Overflow { what: field }) if probe.is_none() => {
                let mut unbounded = pass.unbounded;
                unbounded.push(format!(
                    "{field}: the bound passes 2^53 - 1 micros at these limits"
                ));
                let bound = Bound {
                    unbounded,
                    used: pass.used,
                    now: bill.now,
                    ..Bound::default()
                };
                return Ok((bound, pass.notes));
            }
            Err(e) => return Err(e),
        };
        let own = bill.calls.first().map(|c| c.micros);
        let downstream = match (total, own) {
            (Some(t), Some(o)) if !pass.unbounded_downstream => Some(t.saturating_sub(o)),
            _ => None,
        };
        let bound = Bound {
            micros: total.filter(|_| pass.unbounded.is_empty()),
            unbounded: pass.unbounded,
            used: pass.used,
            open: pass.open,
            downstream,
            now: bill.now,
        };
        Ok((bound, pass.notes))
    }

    /// Prices `request` into `bill` (which is not cleared) and returns its total.
    pub(crate) fn bill_into<'c>(
        &'c self,
        request: &Request,
        bill: &mut Bill<'c>,
    ) -> Result<Micros, Error> {
        self.bill_call(request, "", 0, None, bill)
    }

    fn bill_call<'c>(
        &'c self,
        request: &Request,
        path: &str,
        depth: usize,
        when: Option<Timestamp>,
        bill: &mut Bill<'c>,
    ) -> Result<Micros, Error> {
        // Requests built in Rust skip the parser's check, so depth is enforced here too.
        if depth > MAX_DOWNSTREAM_DEPTH {
            return Err(Error::request(
                path,
                format!("downstream calls nest deeper than {MAX_DOWNSTREAM_DEPTH} levels"),
            ));
        }
        let index_of = match &request.model {
            Some(slug) => self
                .model_index(slug)
                .ok_or_else(|| self.unknown_model(slug, join(path, "model")))?,
            None => {
                let default = self.default_index();
                if !bill.quiet {
                    bill.assumptions.push(format!(
                        "{}: not given; the catalog default {} used",
                        join(path, "model"),
                        self.default_model()
                    ));
                }
                default
            }
        };
        let model = self
            .models()
            .get(index_of)
            .ok_or_else(|| Error::request(join(path, "model"), "model index out of range"))?;
        // The price in force when the call ran: its own `at`, its caller's, or now.
        let at = request.at.or(when);
        let dated = !model.price_changes.is_empty();
        let priced_at = match at {
            None if dated => *bill.now.get_or_insert_with(|| self.now()),
            _ => at,
        };
        let (billing, _, since) = model.billing_at(priced_at);
        let call_slot = bill.calls.len();
        bill.calls.push(Call {
            model: index_of,
            micros: Micros::ZERO,
        });
        let mut cx = Ctx {
            model,
            model_index: index_of,
            request,
            usage: request.usage,
            path,
            bill,
            subtotal: Micros::ZERO,
            percent: 100,
            rounding: None,
            allowance: 0,
            limited: !request.limits.is_empty(),
        };
        // A limit below what usage gives is a fault on every path (estimates and usage
        // breakdowns alike), so it is checked when pricing, not only for bounds.
        if cx.limited && cx.bill.bound.is_none() {
            crate::bound::check_limits(&cx)?;
        }
        if at.is_none() && dated {
            cx.assume("at", || match since {
                Some(d) => format!("not given; the price in force now (since {d}) used"),
                None => "not given; the price in force now used".to_string(),
            });
        }
        billing.price(&mut cx)?;
        let own = match cx.allowance {
            0 => cx.subtotal,
            a => {
                let what = join(path, "total");
                cx.subtotal.checked_add(Micros::new(a, &what)?, &what)?
            }
        };
        if let Some(call) = bill.calls.get_mut(call_slot) {
            call.micros = own;
        }
        let mut total = own;
        let what = if path.is_empty() { "total" } else { path };
        // Finding what a budget affords re-prices the root call alone.
        if depth == 0 && bill.bound.as_ref().is_some_and(|b| b.root_only) {
            return Ok(total);
        }
        for (i, child) in request.downstream.iter().enumerate() {
            let child_path = index(&join(path, "downstream"), i);
            let sub = self.bill_call(child, &child_path, depth + 1, at, bill)?;
            total = total.checked_add(sub, what)?;
        }
        Ok(total)
    }
}

impl From<Line<'_>> for LineItem {
    fn from(l: Line<'_>) -> Self {
        LineItem {
            model: l.model.to_string(),
            item: l.item,
            quantity: l.quantity,
            unit: l.unit,
            rate_micros: l.rate,
            rate_per: l.per,
            detail: l.detail,
            micros: l.micros,
        }
    }
}
