//! Downstream calls a request does not list, bounded from the catalog: a model's `downstream`
//! entries say which models a run may call, how many times and within which limits. An
//! estimate notes them; the bound adds, for each entry, the most one call can cost times its
//! `max_calls`. A usage record is as billed: what it does not list was not called.
//!
//! One call's most is priced through the same shapes as any bound, with what the catalog
//! cannot know taken at its worst: the dearest cell of a rate table, the dearest service
//! tier, and per-output counts at the entry's limits. Where the price rests on an input no
//! limit can cap (an output duration, an image's size), or a count has no limit, the bound is
//! `null` with the reason: never a bound the real bill could beat.

use crate::bill::Bill;
use crate::catalog::{Catalog, DownstreamCall, Model};
use crate::error::Error;
use crate::json::join;
use crate::money::Micros;
use crate::request::{Request, MAX_DOWNSTREAM_DEPTH};
use crate::shape::conditional::{Conditional, Per, Source};
use crate::shape::seconds::Basis;
use crate::shape::unit::Output;
use crate::shape::{Billing, Shape, TierPrice};
use crate::time::Timestamp;
use serde_json::Value;

/// The most pricings of catalog downstream calls one bound pass makes: models that call each
/// other would otherwise multiply the work at every level.
const MAX_PRICINGS: usize = 1_000;

/// Prices one call in a bill: the pricing walk's own step, passed in by it (this module is
/// below the walk it extends).
pub(crate) type PriceCall<'c> = fn(
    &'c Catalog,
    &Request,
    &str,
    usize,
    Option<Timestamp>,
    &mut Bill<'c>,
) -> Result<Micros, Error>;

/// Adds to `total` what `model`'s catalog downstream calls may cost (the bound pass), or
/// notes them (an estimate).
#[allow(
    clippy::too_many_arguments,
    reason = "the walk's own state, passed through"
)]
pub(crate) fn from_catalog<'c>(
    bill_call: PriceCall<'c>,
    catalog: &'c Catalog,
    model: &'c Model,
    path: &str,
    depth: usize,
    at: Option<Timestamp>,
    bill: &mut Bill<'c>,
    mut total: Micros,
) -> Result<Micros, Error> {
    let field = join(path, "downstream");
    if bill.bound.is_none() {
        if !bill.quiet {
            bill.opened = true;
            let calls: Vec<String> = model
                .downstream
                .iter()
                .map(|d| match d.max_calls {
                    Some(n) => format!("up to {n} × {}", d.model),
                    None => format!("{} (no most given)", d.model),
                })
                .collect();
            bill.assumptions.push(format!(
                "{field}: none given; {} may call {}, which the bound covers",
                model.slug,
                calls.join(", ")
            ));
        }
        return Ok(total);
    }
    // A run nests at most MAX_DOWNSTREAM_DEPTH levels: below that nothing more is called.
    if depth >= MAX_DOWNSTREAM_DEPTH {
        return Ok(total);
    }
    for (i, d) in model.downstream.iter().enumerate() {
        let child_path = format!("{field}(catalog)[{i}]");
        match one_call(bill_call, catalog, d, &child_path, depth, at, bill) {
            Ok(one) => {
                let n = d.max_calls.unwrap_or(1);
                let all = one
                    .get()
                    .checked_mul(n)
                    .and_then(|m| Micros::new(m, "").ok())
                    .and_then(|m| total.add(m));
                match all {
                    Some(t) => {
                        total = t;
                        if let Some(pass) = bill.bound.as_mut() {
                            pass.notes.push(format!(
                                "{child_path}: up to {n} × {} (the catalog's max_calls), at most {} each",
                                d.model,
                                one.to_usd()
                            ));
                        }
                    }
                    None => unbounded(bill, &child_path, "the bound passes 2^53 - 1 micros"),
                }
            }
            Err(why) => unbounded(bill, &child_path, &why),
        }
    }
    Ok(total)
}

fn unbounded(bill: &mut Bill, path: &str, why: &str) {
    if let Some(pass) = bill.bound.as_mut() {
        pass.unbounded.push(format!("{path}: {why}"));
        pass.unbounded_downstream = true;
    }
}

/// The most one call of the entry can cost: the worst of its model's service tiers, each
/// with the dearest inputs and counts at the entry's limits. `Err` says why there is none.
fn one_call<'c>(
    bill_call: PriceCall<'c>,
    catalog: &'c Catalog,
    d: &DownstreamCall,
    path: &str,
    depth: usize,
    at: Option<Timestamp>,
    bill: &mut Bill<'c>,
) -> Result<Micros, String> {
    if d.max_calls.is_none() {
        return Err(format!("the catalog gives no max_calls for {}", d.model));
    }
    let target = catalog
        .model(&d.model)
        .ok_or_else(|| format!("{} is not in the catalog", d.model))?;
    // The price in force when the call runs, read as the walk reads it: the caller's time,
    // else now (a model whose price changed is billed at today's price).
    let when = match at {
        None if !target.price_changes.is_empty() => *bill.now.get_or_insert_with(|| catalog.now()),
        _ => at,
    };
    let (billing, _, _) = target.billing_at(when);
    let mut tiers: Vec<(Option<&str>, &Billing)> = vec![(None, billing)];
    for t in &billing.service_tiers {
        let b = match &t.price {
            TierPrice::Billing(b) => b.as_ref(),
            TierPrice::Percent(_) => billing,
        };
        tiers.push((Some(t.name.as_str()), b));
    }
    let requests = tiers
        .into_iter()
        .map(|(tier, b)| {
            worst_request(d, b).map(|mut r| {
                r.service_tier = tier.map(str::to_string);
                r
            })
        })
        .collect::<Result<Vec<Request>, String>>()?;
    let price = |request: &Request, bill: &mut Bill<'c>| {
        let spent = bill.bound.as_ref().map_or(0, |p| p.catalog_pricings);
        if spent >= MAX_PRICINGS {
            return Err("too many nested catalog downstream calls to bound".to_string());
        }
        if let Some(pass) = bill.bound.as_mut() {
            pass.catalog_pricings += 1;
        }
        bill_call(catalog, request, path, depth + 1, at, bill)
            .map_err(|e| format!("cannot be bounded: {e}"))
    };
    let [only] = requests.as_slice() else {
        // Several tiers: each priced with its notes dropped, then the dearest priced again to
        // keep its notes and open quantities once.
        let mut dearest: Option<(&Request, Micros)> = None;
        for request in &requests {
            let mark = marks(bill);
            let one = price(request, bill)?;
            restore(bill, mark);
            if dearest.is_none_or(|(_, m)| one > m) {
                dearest = Some((request, one));
            }
        }
        return match dearest {
            Some((request, _)) => price(request, bill),
            None => Ok(Micros::ZERO),
        };
    };
    price(only, bill)
}

/// How much the bound pass has noted (notes, open quantities at their most).
fn marks(bill: &Bill) -> (usize, usize) {
    bill.bound
        .as_ref()
        .map_or((0, 0), |p| (p.notes.len(), p.used.len()))
}

/// Drops the notes since `mark`. What has no bound is kept from every tier: a tier without
/// one leaves the whole bound open, dearest or not.
fn restore(bill: &mut Bill, mark: (usize, usize)) {
    if let Some(p) = bill.bound.as_mut() {
        p.notes.truncate(mark.0);
        p.used.truncate(mark.1);
    }
}

/// The entry's request at its worst under `billing`: counts at their limits, the dearest cell
/// of a rate table.
fn worst_request(d: &DownstreamCall, billing: &Billing) -> Result<Request, String> {
    let mut r = d.request.clone();
    let count = |r: &mut Request, unit: Output| -> Result<(), String> {
        let key = unit.plural();
        match (unit, r.limits.get(key)) {
            (Output::Call, None) => Ok(()),
            (_, Some(n)) => {
                r.usage.set(key, Some(n));
                Ok(())
            }
            (_, None) => Err(format!(
                "{} {key} per call has no limit in the catalog's downstream entry",
                d.model
            )),
        }
    };
    match &billing.shape {
        Shape::PerToken(_) | Shape::Hardware(_) => {}
        Shape::PerSecond(s) if s.basis == Basis::InferenceTime => {}
        Shape::PerUnit(u) => count(&mut r, u.unit)?,
        Shape::Conditional(c) => {
            if let Per::Unit(unit) = c.per {
                count(&mut r, unit)?;
            } else {
                return Err(format!(
                    "{} is priced by the duration it is asked for, which no limit caps",
                    d.model
                ));
            }
            dearest_cell(c, &mut r);
        }
        Shape::PerSecond(_) => {
            return Err(format!(
                "{} is priced by the duration it is asked for, which no limit caps",
                d.model
            ))
        }
        Shape::PerMegapixel(_) => {
            return Err(format!(
                "{} is priced by the size asked for, which no limit caps",
                d.model
            ))
        }
    }
    Ok(r)
}

/// Sets `r.inputs` to the combination with the highest rate.
fn dearest_cell(c: &Conditional, r: &mut Request) {
    let Some((mut cell, _)) = c
        .rates
        .iter()
        .enumerate()
        .max_by_key(|(i, rate)| (**rate, usize::MAX - i))
    else {
        return;
    };
    // Row-major: the last input varies fastest.
    for dim in c.dimensions.iter().rev() {
        let len = match &dim.source {
            Source::Value { values, .. } => values.len(),
            Source::Presence { .. } => 2,
        }
        .max(1);
        let pos = cell % len;
        cell /= len;
        match &dim.source {
            Source::Value { values, .. } => {
                if let Some(v) = values.get(pos) {
                    r.inputs.insert(dim.name.clone(), v.clone());
                }
            }
            Source::Presence { input } => {
                if pos == 1 {
                    r.inputs
                        .insert(input.clone(), Value::from("(given by the caller)"));
                }
            }
        }
    }
}
