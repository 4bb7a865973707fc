//! Prepared quotes: a request fixed but for a few usage quantities, priced again and again
//! (a live calculator, a hot loop) through the same walk as any estimate, with no result
//! object built and the bill's buffers kept between calls; or, where the bill is linear in
//! the open quantities, compiled to their lines (`plan.rs`).

use crate::bill::Bill;
use crate::catalog::Catalog;
use crate::error::Error;
use crate::money::Micros;
use crate::request::{Request, Usage};

mod plan;
pub(crate) use plan::Plan;

/// The most quantities a quote may leave open.
pub const MAX_QUOTE_FIELDS: usize = 8;

/// A request with some usage quantities left to each call of [`Quoter::quote`].
pub struct Quoter<'c> {
    catalog: &'c Catalog,
    request: Request,
    fields: Vec<&'static str>,
    bill: Bill<'c>,
    plan: Option<Plan>,
}

/// The usage keys named, as the engine's own names; a fault names `fields[i]`.
pub(crate) fn usage_fields(fields: &[&str]) -> Result<Vec<&'static str>, Error> {
    if fields.is_empty() || fields.len() > MAX_QUOTE_FIELDS {
        return Err(Error::request(
            "fields",
            format!("must name 1 to {MAX_QUOTE_FIELDS} usage quantities"),
        ));
    }
    let mut out: Vec<&'static str> = Vec::with_capacity(fields.len());
    for (i, f) in fields.iter().enumerate() {
        let key = Usage::KEYS
            .iter()
            .copied()
            .find(|k| k == f)
            .ok_or_else(|| {
                Error::request(
                    format!("fields[{i}]"),
                    format!(
                        "{f:?} is not a usage quantity; expected one of {}",
                        Usage::KEYS.join(", ")
                    ),
                )
            })?;
        if out.contains(&key) {
            return Err(Error::request(
                format!("fields[{i}]"),
                format!("{f:?} is named twice"),
            ));
        }
        out.push(key);
    }
    Ok(out)
}

impl<'c> Quoter<'c> {
    /// A quoter for `request` with the usage `fields` left open. The request is priced once
    /// here as given, so a fault of its own is found now, not on the first quote.
    pub(crate) fn new(
        catalog: &'c Catalog,
        request: &Request,
        fields: &[&str],
    ) -> Result<Quoter<'c>, Error> {
        let fields = usage_fields(fields)?;
        check_once(catalog, request)?;
        Ok(Quoter {
            catalog,
            request: request.clone(),
            plan: Plan::compile(catalog, request, &fields),
            fields,
            bill: quote_bill(),
        })
    }

    /// Whether quotes are compiled to their lines (a per-token price with token counts open,
    /// without context tiers or a minimum charge), rather than priced by the walk: the same
    /// totals either way, the compiled ones several times faster.
    pub fn is_compiled(&self) -> bool {
        self.plan.is_some()
    }

    /// The fields left open, in order.
    pub fn fields(&self) -> &[&'static str] {
        &self.fields
    }

    /// The exact `total_micros` with the open fields at `values` (in order; seconds in ms, as
    /// [`Usage`] holds them), or the error the same request would give.
    pub fn quote(&mut self, values: &[u64]) -> Result<Micros, Error> {
        if values.len() != self.fields.len() {
            return Err(Error::request(
                "values",
                format!(
                    "gives {} quantities for the {} fields {}",
                    values.len(),
                    self.fields.len(),
                    self.fields.join(", ")
                ),
            ));
        }
        if let Some(total) = self.plan.as_ref().and_then(|p| p.quote(values)) {
            return Ok(total);
        }
        price_with(
            self.catalog,
            &mut self.request,
            &self.fields,
            values,
            &mut self.bill,
        )
    }
}

/// A bill that sums a quote and keeps nothing else.
pub(crate) fn quote_bill<'c>() -> Bill<'c> {
    Bill {
        quiet: true,
        totals_only: true,
        ..Bill::default()
    }
}

/// Prices `request` as given once, so that a fault of its own is found when the quoter is
/// made, not on its first quote.
pub(crate) fn check_once(catalog: &Catalog, request: &Request) -> Result<(), Error> {
    crate::pricing::bill_into(catalog, request, &mut quote_bill()).map(drop)
}

/// `request` priced with its `fields` set to `values` (checked against the most each
/// quantity may be), into `bill`: the step every quoter runs.
pub(crate) fn price_with<'c>(
    catalog: &'c Catalog,
    request: &mut Request,
    fields: &[&'static str],
    values: &[u64],
    bill: &mut Bill<'c>,
) -> Result<Micros, Error> {
    for (key, v) in fields.iter().zip(values) {
        // The most the request readers accept for the quantity (seconds in ms).
        let most = crate::bound::max_limit(key);
        if *v > most {
            return Err(Error::request(
                format!("usage.{key}"),
                format!(
                    "{} is more than the {} accepted",
                    crate::display::amount(key, *v),
                    crate::display::amount(key, most)
                ),
            ));
        }
        request.usage.set(key, Some(*v));
    }
    bill.clear();
    crate::pricing::bill_into(catalog, request, bill)
}
