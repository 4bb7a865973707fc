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
    /// Every line, root first, then downstream calls in order.
    pub line_items: Vec<LineItem>,
    /// Every default or typical value the estimate used, and anything not billed.
    pub assumptions: Vec<String>,
}

/// A priced request before it becomes an owned [`Estimate`]: what each surface builds its
/// own result from (the wasm layer builds JS objects straight from it).
pub(crate) struct Priced<'c> {
    pub root: usize,
    pub defaulted: bool,
    pub total: Micros,
    pub lines: Vec<Line<'c>>,
    pub assumptions: Vec<String>,
}

impl Catalog {
    /// Prices a request and its downstream calls.
    pub fn estimate(&self, request: &Request) -> Result<Estimate, Error> {
        let p = self.price(request)?;
        let model = self
            .models()
            .get(p.root)
            .map_or_else(String::new, |m| m.slug.clone());
        Ok(Estimate {
            model,
            defaulted: p.defaulted,
            catalog_version: self.version().to_string(),
            catalog_sha256: self.sha256().to_string(),
            total_micros: p.total,
            total_usd: p.total.to_usd(),
            line_items: p.lines.into_iter().map(LineItem::from).collect(),
            assumptions: p.assumptions,
        })
    }

    pub(crate) fn price(&self, request: &Request) -> Result<Priced<'_>, Error> {
        let mut bill = Bill {
            lines: Vec::with_capacity(4),
            calls: Vec::with_capacity(1),
            ..Bill::default()
        };
        let total = self.bill_into(request, &mut bill)?;
        Ok(Priced {
            root: bill.calls.first().map_or(self.default_index(), |c| c.model),
            defaulted: request.model.is_none(),
            total,
            lines: bill.lines,
            assumptions: bill.assumptions,
        })
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
            path,
            bill,
            subtotal: Micros::ZERO,
            percent: 100,
            rounding: None,
        };
        if at.is_none() && dated {
            cx.assume("at", || match since {
                Some(d) => format!("not given; the price in force now (since {d}) used"),
                None => "not given; the price in force now used".to_string(),
            });
        }
        billing.price(&mut cx)?;
        let own = cx.subtotal;
        if let Some(call) = bill.calls.get_mut(call_slot) {
            call.micros = own;
        }
        let mut total = own;
        let what = if path.is_empty() { "total" } else { path };
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
