//! A quote compiled to its lines. Where every open field is a token count of a per-token
//! price without context tiers or a minimum charge, each field bills one line of its own
//! (`quantity × rate ÷ per`, rounded half-up once, after the price list's quantity rounding)
//! whatever the other quantities are, and the rest of the bill does not depend on them. The
//! total is then the bill with the open fields at zero plus those lines: two multiplications
//! and divisions a quote instead of a walk. Anything else (and any quantity the plan cannot
//! price exactly) is answered by the walk; `tests/quotes.rs` holds the two equal.

use crate::bill::Terms;
use crate::catalog::Catalog;
use crate::money::{exact_line, Micros, MAX_SAFE_MICROS};
use crate::request::{Kind, Request, Status};
use crate::rounding::Rounding;
use crate::shape::Shape;
use crate::unit::Unit;

/// The compiled quote: the fixed part and each open field's line terms, in field order.
#[derive(Clone, Debug)]
pub(crate) struct Plan {
    fixed: Micros,
    lines: Vec<FieldLine>,
}

/// How one open field bills: its rate per `per` tokens after the service tier's percentage,
/// and the price list's quantity rounding.
#[derive(Clone, Copy, Debug)]
struct FieldLine {
    rate: u64,
    per: u64,
    rounding: Option<Rounding>,
}

impl Plan {
    /// The plan of `request` with `fields` open, when its bill is linear in them (see the
    /// module); `None` when the walk must price each quote.
    pub(crate) fn compile(
        catalog: &Catalog,
        request: &Request,
        fields: &[&'static str],
    ) -> Option<Plan> {
        // Limits, downstream calls and failed runs change what is billed with the quantities.
        if !request.limits.is_empty()
            || !request.downstream.is_empty()
            || request.status != Status::Succeeded
        {
            return None;
        }
        let index = match &request.model {
            Some(slug) => catalog.model_index(slug)?,
            None => catalog.default_index(),
        };
        // Without `at`, a dated price is the one in force at each quote: the walk reads it.
        let billing = catalog.models().get(index)?.fixed_billing(request.at)?;
        let (billing, percent, _) = billing.tier(request.service_tier.as_deref())?;
        let Shape::PerToken(tokens) = &billing.shape else {
            return None;
        };
        if tokens.context_tiers.is_some() || billing.minimum_micros.is_some() {
            return None;
        }
        let terms = Terms {
            percent,
            rounding: billing.rounding,
        };
        let mut lines = Vec::with_capacity(fields.len());
        for field in fields {
            let kind = Kind::ALL.into_iter().find(|k| k.item() == *field)?;
            let rate = tokens.base.rate(kind)?;
            let (rate, per) = terms.scale(rate, Unit::Token.rate_per())?;
            lines.push(FieldLine {
                rate,
                per,
                rounding: terms.rounding,
            });
        }
        // The rest of the bill: the walk with every open field at zero (whose lines are zero).
        let zeros = [0u64; super::MAX_QUOTE_FIELDS];
        let mut zeroed = request.clone();
        let fixed = super::price_with(
            catalog,
            &mut zeroed,
            fields,
            zeros.get(..fields.len())?,
            &mut super::quote_bill(),
        )
        .ok()?;
        Some(Plan { fixed, lines })
    }

    /// The total with the open fields at `values`; `None` when the walk must answer (a
    /// quantity past what requests accept, or a sum past 2^53 - 1 micros: the walk names the
    /// error).
    pub(crate) fn quote(&self, values: &[u64]) -> Option<Micros> {
        if values.len() != self.lines.len() {
            return None;
        }
        let mut total = self.fixed;
        // (Not a zip: at the wasm build's opt-level its length was a call a quote.)
        for (i, line) in self.lines.iter().enumerate() {
            let q = *values.get(i)?;
            if q > tariff_request::json::MAX_COUNT {
                return None;
            }
            let q = match line.rounding {
                Some(r) => r.apply(q, Unit::Token)?,
                None => q,
            };
            if q > MAX_SAFE_MICROS {
                return None;
            }
            let micros = exact_line(u128::from(q), line.rate, line.per)?;
            total = total.add(micros)?;
        }
        Some(total)
    }
}
