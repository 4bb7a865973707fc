//! Pricing one request and its downstream calls into a bill: the model each call names, the
//! price in force when it ran, its service tier, its shape's lines, fees and minimum; and the
//! bound pass, which prices the same request with every open quantity at its limit. What
//! estimates, usage breakdowns and budget checks are built from.

use crate::bill::{Bill, Billed, Call, Ctx, Terms};
use crate::catalog::Catalog;
use crate::error::Error;
use crate::estimate::LineItem;
use crate::json::{index, join};
use crate::money::Micros;
use crate::request::{Request, MAX_DOWNSTREAM_DEPTH};
use crate::shape::Billing;
use crate::time::Timestamp;

/// A priced request before it becomes an owned [`Estimate`]: what each surface builds its
/// own result from (the wasm layer builds JS objects straight from it).
pub(crate) struct Priced<'c> {
    pub root: usize,
    pub defaulted: bool,
    pub total: Micros,
    pub lines: Vec<LineItem<'c>>,
    pub assumptions: Vec<String>,
    /// The call tree, root first.
    pub calls: Vec<Call<'c>>,
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
    pub used: Vec<crate::open::OpenQuantity>,
    /// The root call's open quantities.
    pub open: Vec<crate::open::Open>,
    /// The bound of the downstream calls together; `None` when one is unbounded.
    pub downstream: Option<Micros>,
    /// The clock reading the expected pass made, reused.
    pub now: Option<Option<Timestamp>>,
}

/// Prices each request of a list, failing whole on the first fault, which names its item
/// (`[1].usage.input_tokens`).
pub(crate) fn price_all<'c>(
    catalog: &'c Catalog,
    requests: &[Request],
) -> Result<Vec<Priced<'c>>, Error> {
    requests
        .iter()
        .enumerate()
        .map(|(i, r)| price(catalog, r).map_err(|e| e.within(&format!("[{i}]"))))
        .collect()
}

pub(crate) fn price<'c>(catalog: &'c Catalog, request: &Request) -> Result<Priced<'c>, Error> {
    let mut bill = Bill {
        lines: Vec::with_capacity(4),
        calls: Vec::with_capacity(1),
        ..Bill::default()
    };
    let total = bill_into(catalog, request, &mut bill)?;
    let (bound, notes) = if bill.opened {
        bound(catalog, request, bill.now, None)?
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
        root: bill
            .calls
            .first()
            .map_or(catalog.default_index(), |c| c.model),
        defaulted: request.model.is_none(),
        total,
        lines: bill.lines,
        assumptions,
        calls: bill.calls,
        bound,
    })
}

/// The bound pass: `request` priced with every open quantity at its limit (see
/// [`crate::bound`]), reading the clock as the expected pass did (`now`). With `probe`, the
/// root's limit of one quantity is the one given and the root call alone is priced.
/// Returns the bound and its notes (assumptions).
pub(crate) fn bound(
    catalog: &Catalog,
    request: &Request,
    now: Option<Option<Timestamp>>,
    probe: Option<(&'static str, u64)>,
) -> Result<(Bound, Vec<String>), Error> {
    let mut bill = Bill {
        quiet: true,
        now,
        bound: Some(crate::open::BoundPass {
            probe,
            root_only: probe.is_some(),
            ..crate::open::BoundPass::default()
        }),
        ..Bill::default()
    };
    let priced = bill_call(catalog, request, "", 0, None, &mut bill);
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

/// Prices `request` into `bill` (which is not cleared) and returns its total: a plain
/// per-token call directly (`direct.rs`), anything else by the walk.
pub(crate) fn bill_into<'c>(
    catalog: &'c Catalog,
    request: &Request,
    bill: &mut Bill<'c>,
) -> Result<Micros, Error> {
    if let Some(total) = crate::direct::bill(catalog, request, bill) {
        return Ok(total);
    }
    bill_call(catalog, request, "", 0, None, bill)
}

pub(crate) fn bill_call<'c>(
    catalog: &'c Catalog,
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
        Some(slug) => catalog
            .model_index(slug)
            .ok_or_else(|| catalog.unknown_model(slug, join(path, "model")))?,
        None => {
            let default = catalog.default_index();
            if !bill.quiet {
                bill.assumptions.push(format!(
                    "{}: not given; the catalog default {} used",
                    join(path, "model"),
                    catalog.default_model()
                ));
            }
            default
        }
    };
    let model = catalog
        .models()
        .get(index_of)
        .ok_or_else(|| Error::request(join(path, "model"), "model index out of range"))?;
    // The price in force when the call ran: its own `at`, its caller's, or now.
    let at = request.at.or(when);
    let dated = !model.price_changes.is_empty();
    let priced_at = match at {
        None if dated => *bill.now.get_or_insert_with(|| catalog.now()),
        _ => at,
    };
    let (billing, _, since) = model.billing_at(priced_at);
    let call_slot = bill.calls.len();
    let first_line = bill.lines.len();
    bill.calls.push(Call {
        model: index_of,
        slug: &model.slug,
        micros: Micros::ZERO,
        total: Micros::ZERO,
        status: request.status,
        path: if bill.quiet {
            String::new()
        } else {
            path.to_string()
        },
        first_line,
        line_count: 0,
    });
    let mut cx = Ctx {
        model: Billed {
            slug: &model.slug,
            index: index_of,
            limits: &model.limits,
            limits_indicative: model.limits_indicative,
        },
        request,
        usage: request.usage,
        path,
        bill,
        subtotal: Micros::ZERO,
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
    } else if dated {
        // Which of a model's prices a given time picked is said too, not only the default.
        let first = model
            .price_changes
            .first()
            .map(|c| c.effective_from_text.as_str());
        cx.assume("at", || match (since, first) {
            (Some(d), _) => format!("the price in force then (since {d}) used"),
            (None, Some(f)) => format!("the price before its first change (on {f}) used"),
            (None, None) => "the catalog's price used".to_string(),
        });
    }
    price_call(billing, &mut cx)?;
    if let n @ 1.. = request.downstream.len() {
        cx.failed_bills(|| match n {
            1 => "the downstream call it made before it stopped".to_string(),
            n => format!("the {n} downstream calls it made before it stopped"),
        });
    }
    let own = match cx.allowance {
        0 => cx.subtotal,
        a => {
            let what = join(path, "total");
            cx.subtotal.checked_add(Micros::new(a, &what)?, &what)?
        }
    };
    let line_count = bill.lines.len().saturating_sub(first_line);
    if let Some(call) = bill.calls.get_mut(call_slot) {
        call.micros = own;
        call.total = own;
        call.line_count = line_count;
    }
    let mut total = own;
    let what = if path.is_empty() { "total" } else { path };
    // Finding what a budget affords re-prices the root call alone.
    if depth == 0 && bill.bound.as_ref().is_some_and(|b| b.root_only) {
        return Ok(total);
    }
    for (i, child) in request.downstream.iter().enumerate() {
        let child_path = index(&join(path, "downstream"), i);
        let sub = bill_call(catalog, child, &child_path, depth + 1, at, bill)?;
        total = total.checked_add(sub, what)?;
    }
    if !request.downstream.is_empty() && !bill.quiet && bill.bound.is_none() {
        // Listed calls replace the catalog's expected ones: those not listed are said.
        let mut missing = String::new();
        for d in &model.downstream {
            if !calls(catalog, &request.downstream, &d.model) {
                if !missing.is_empty() {
                    missing.push_str(", ");
                }
                missing.push_str(&d.model);
            }
        }
        if !missing.is_empty() {
            let field = join(path, "downstream");
            bill.assumptions.push(format!(
                "{field}: as listed; the catalog's expected calls to {missing} are not priced"
            ));
        }
    }
    if request.downstream.is_empty() && !model.downstream.is_empty() {
        total = crate::downstream::from_catalog(
            bill_call, catalog, model, path, depth, at, bill, total,
        )?;
    }
    if let Some(call) = bill.calls.get_mut(call_slot) {
        call.total = total;
    }
    Ok(total)
}

/// Whether `listed` (or a call below one of them) calls `slug`: an expected call made deeper
/// in the tree is made. A call without a model calls the catalog's default.
fn calls(catalog: &Catalog, listed: &[Request], slug: &str) -> bool {
    listed.iter().any(|c| {
        c.model.as_deref().unwrap_or(catalog.default_model()) == slug
            || calls(catalog, &c.downstream, slug)
    })
}

/// Prices one call under `billing`: the service tier's billing and percentage, the open
/// quantities (found in an estimate; at their limits in the bound pass), the shape's lines
/// under the price list's rounding, then the fees and the minimum charge.
fn price_call(billing: &Billing, cx: &mut Ctx) -> Result<(), Error> {
    let (billing, percent) = billing.for_service_tier(cx)?;
    if cx.bill.bound.is_some() {
        // The bound pass: the open quantities of this billing at the most they may be.
        crate::bound::open_up(billing, percent, cx, true)?;
    } else if !cx.bill.quiet && !cx.bill.opened {
        // An estimate: only whether anything is open (the usage priced stays as given).
        let allowance = cx.allowance;
        crate::bound::open_up(billing, percent, cx, false)?;
        cx.allowance = allowance;
    }
    let terms = Terms {
        percent,
        rounding: billing.rounding,
    };
    billing.shape.price(cx, terms)?;
    crate::bound::unpriced(billing, cx);
    billing.charge_fees_and_minimum(cx)
}
