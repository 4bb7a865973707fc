//! The direct path: the call nearly every estimate and usage record is (a per-token model,
//! its input and output tokens given, nothing else asked of it) priced in a few steps, to
//! exactly the bill the walk in `pricing.rs` makes. Where a request asks anything more (a
//! limit, a service tier, other token kinds, downstream calls, a failed run, a price list
//! that rounds, fees, a minimum, context tiers, a dated price without `at`, a quantity past
//! what is exact) it is not taken here and the walk prices it, with its assumptions and
//! errors. The walk's own steps for such a call are the same: the rates of the billing in
//! force, one line each for input and output (`quantity × rate ÷ per`, rounded half-up
//! once, `money::exact_line`), their sum; the tests below hold the two equal.

use crate::bill::{Bill, Call};
use crate::catalog::Catalog;
use crate::estimate::LineItem;
use crate::money::{exact_line, Micros, MAX_SAFE_MICROS};
use crate::request::{Kind, Request, Status};
use crate::shape::Shape;
use crate::unit::Unit;

/// Prices `request` into `bill` as the walk would, if it is a direct call; `None` (with
/// `bill` untouched) when the walk must price it.
#[inline]
pub(crate) fn bill<'c>(
    catalog: &'c Catalog,
    request: &Request,
    bill: &mut Bill<'c>,
) -> Option<Micros> {
    let (input, output) = plain_tokens(request)?;
    if bill.bound.is_some() {
        return None;
    }
    let index = catalog.model_index(request.model.as_deref()?)?;
    let model = catalog.models().get(index)?;
    // Without `at`, a dated price is the one in force now (the walk reads the clock and says
    // so); downstream calls of the catalog's are the walk's.
    if !model.downstream.is_empty() || (request.at.is_none() && !model.price_changes.is_empty()) {
        return None;
    }
    let (billing, _, _) = model.billing_at(request.at);
    let Shape::PerToken(tokens) = &billing.shape else {
        return None;
    };
    let fees = &billing.fees;
    if tokens.context_tiers.is_some()
        || billing.minimum_micros.is_some()
        || billing.rounding.is_some()
        || fees.per_request.is_some()
        || fees.per_web_search.is_some()
        || fees.per_tool_call.is_some()
    {
        return None;
    }
    let per = Unit::Token.rate_per();
    let line = |n: u64, kind: Kind| {
        let rate = tokens.base.rate(kind)?;
        let micros = exact_line(u128::from(n), rate, per).filter(|_| n <= MAX_SAFE_MICROS)?;
        Some(LineItem {
            model: model.slug.as_str(),
            item: kind.item(),
            quantity: n,
            unit: Unit::Token.name(),
            rate_micros: rate,
            rate_per: per,
            detail: None,
            micros,
            model_index: index,
        })
    };
    let (input, output) = (line(input, Kind::Input)?, line(output, Kind::Output)?);
    let total = input.micros.add(output.micros)?;
    let first_line = bill.lines.len();
    let line_count = if bill.totals_only {
        0
    } else {
        bill.lines.push(input);
        bill.lines.push(output);
        2
    };
    bill.calls.push(Call {
        model: index,
        slug: &model.slug,
        micros: total,
        total,
        status: Status::Succeeded,
        path: String::new(),
        first_line,
        line_count,
    });
    Some(total)
}

/// The input and output tokens of a request that gives only those (a succeeded run, no
/// limits, inputs, service tier or downstream calls).
#[inline]
fn plain_tokens(r: &Request) -> Option<(u64, u64)> {
    let u = &r.usage;
    let plain = u.is_tokens_only()
        && r.status == Status::Succeeded
        && r.service_tier.is_none()
        && r.downstream.is_empty()
        && r.inputs.is_empty()
        && r.limits.is_empty();
    plain.then_some((u.input_tokens?, u.output_tokens?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Request;
    use crate::time::Timestamp;

    /// The walk's bill of `request`, and the direct path's where it takes it.
    fn both(catalog: &Catalog, request: &Request, totals_only: bool) -> Option<(String, String)> {
        let fresh = || Bill {
            totals_only,
            lines: Vec::new(),
            ..Bill::default()
        };
        let mut direct = fresh();
        let total = bill(catalog, request, &mut direct)?;
        let mut walked = fresh();
        let walk_total = crate::pricing::bill_call(catalog, request, "", 0, None, &mut walked);
        assert_eq!(walk_total.as_ref().ok(), Some(&total), "{request:?}");
        assert!(
            !walked.opened,
            "{request:?}: nothing is open on the direct path"
        );
        assert!(
            walked.assumptions.is_empty(),
            "{request:?}: {:?}",
            walked.assumptions
        );
        Some((
            format!("{:?}{:?}", direct.lines, direct.calls),
            format!("{:?}{:?}", walked.lines, walked.calls),
        ))
    }

    #[test]
    fn takes_a_plain_per_token_call_as_the_walk_bills_it() {
        let catalog = Catalog::embedded().unwrap();
        // claude/opus-4-7: $18 / 1M input, $90 / 1M output; 1,234,567 in and 89,012 out:
        // 22.222206 + 8.01108 = $30.233286 (the crate's front-page example).
        let r = Request::tokens("claude/opus-4-7", 1_234_567, 89_012);
        let mut b = Bill::default();
        assert_eq!(
            bill(&catalog, &r, &mut b).map(Micros::get),
            Some(30_233_286)
        );
        assert_eq!(b.lines.len(), 2);
        assert_eq!(
            (b.lines[0].item, b.lines[0].micros.get()),
            ("input_tokens", 22_222_206)
        );
        assert_eq!(
            (b.lines[1].item, b.lines[1].micros.get()),
            ("output_tokens", 8_011_080)
        );
        let (d, w) = both(&catalog, &r, false).unwrap();
        assert_eq!(d, w);
    }

    #[test]
    fn leaves_everything_else_to_the_walk() {
        let catalog = Catalog::embedded().unwrap();
        let base = Request::tokens("claude/opus-4-7", 1_000, 1_000);
        let mut b = Bill::default();
        type Change = Box<dyn Fn(&mut Request)>;
        let cases: Vec<Change> = vec![
            Box::new(|r| r.model = None),
            Box::new(|r| r.model = Some("no/such-model".into())),
            Box::new(|r| r.usage.output_tokens = None),
            Box::new(|r| r.usage.input_tokens = None),
            Box::new(|r| r.usage.cached_input_tokens = Some(5)),
            Box::new(|r| r.usage.reasoning_tokens = Some(0)),
            Box::new(|r| r.limits.output_tokens = Some(10_000)),
            Box::new(|r| r.status = Status::Failed),
            Box::new(|r| r.service_tier = Some("standard".into())),
            Box::new(|r| r.downstream.push(Request::tokens("claude/opus-4-7", 1, 1))),
            Box::new(|r| {
                r.inputs.insert("quality".into(), "high".into());
            }),
            // Past 2^53 - 1: the walk names the overflow.
            Box::new(|r| r.usage.input_tokens = Some(MAX_SAFE_MICROS + 1)),
        ];
        for change in &cases {
            let mut r = base.clone();
            change(&mut r);
            assert_eq!(bill(&catalog, &r, &mut b), None, "{r:?}");
            assert!(b.lines.is_empty() && b.calls.is_empty());
        }
        assert!(bill(&catalog, &base, &mut b).is_some());
    }

    /// Every model of the shipped catalog, at several counts and dates: where the direct path
    /// takes a request, its bill is the walk's, line for line (whole and totals-only).
    #[test]
    fn agrees_with_the_walk_on_every_model() {
        let catalog = Catalog::embedded().unwrap();
        let counts = [
            0,
            1,
            7,
            999,
            1_001,
            333_333,
            1_234_567,
            98_765_432_109,
            MAX_SAFE_MICROS,
        ];
        let dates = [None, Some(0), Some(1_790_848_800), Some(4_102_444_800)];
        let mut taken = 0;
        let mut models_taken = std::collections::BTreeSet::new();
        for model in catalog.models() {
            for at in dates {
                for (i, input) in counts.iter().enumerate() {
                    let output = counts[(i * 5 + 3) % counts.len()];
                    let mut r = Request::tokens(&model.slug, *input, output);
                    r.at = at.map(Timestamp::from_unix_seconds);
                    for totals_only in [false, true] {
                        if let Some((d, w)) = both(&catalog, &r, totals_only) {
                            assert_eq!(d, w, "{r:?}");
                            taken += 1;
                            models_taken.insert(model.slug.as_str());
                        }
                    }
                }
            }
        }
        // The shipped catalog's plain per-token models (no tiers, fees or rounding) are
        // taken; the rest go to the walk.
        assert!(models_taken.len() >= 5, "{models_taken:?}");
        assert!(taken > 100, "{taken}");
    }
}
