//! The direct path: the call nearly every estimate and usage record is (a per-token model,
//! its token counts given, input and output among them, nothing else asked of it) priced in a
//! few steps, to exactly the bill the walk in `pricing.rs` makes. Where a request asks
//! anything more (a limit, a service tier, another quantity, downstream calls, a failed run, a
//! price list that rounds, fees, a minimum, context tiers, a dated price without `at`, tokens
//! of a kind the model has no rate for, a quantity past what is exact) it is not taken here
//! and the walk prices it, with its assumptions and errors. The walk's own steps for such a
//! call are the same: the rates of the billing in force, one line for each kind given in
//! prompt order (`quantity × rate ÷ per`, rounded half-up once, `money::exact_line`), their
//! sum; the tests below hold the two equal.

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
    if bill.bound.is_some() {
        return None;
    }
    let first_line = bill.lines.len();
    let lines = &mut bill.lines;
    let mut keep = |line| lines.push(line);
    let sink: Option<&mut dyn FnMut(LineItem<'c>)> = if bill.totals_only {
        None
    } else {
        Some(&mut keep)
    };
    let Some(call) = price(catalog, request, sink, !bill.quiet) else {
        bill.lines.truncate(first_line);
        return None;
    };
    let line_count = bill.lines.len().saturating_sub(first_line);
    bill.calls.push(call.call(first_line, line_count));
    Some(call.total)
}

/// A direct call once priced: its model and what its lines add up to.
pub(crate) struct DirectCall<'c> {
    /// The model's index in the catalog.
    pub index: usize,
    /// The model's slug.
    pub slug: &'c str,
    /// The sum of its lines (the call's own cost, its total and the bill's).
    pub total: Micros,
}

impl<'c> DirectCall<'c> {
    /// The call the walk records for it: the root, succeeded, costing its own lines
    /// (`lines[first_line..][..line_count]`) and nothing below it.
    pub(crate) fn call(&self, first_line: usize, line_count: usize) -> Call<'c> {
        Call {
            model: self.index,
            slug: self.slug,
            micros: self.total,
            total: self.total,
            status: Status::Succeeded,
            path: String::new(),
            first_line,
            line_count,
        }
    }
}

/// Prices `request` if it is a direct call, giving each line item to `line` in the walk's
/// order (none for totals alone); `None` when the walk must price it (lines already given
/// are then to be dropped).
/// One line generator for the walk's bill ([`bill`]) and the wasm layer, which writes the
/// lines straight into its result buffers with no bill in between (`dyn`: one copy of it in
/// the wasm build for both).
pub(crate) fn price<'c>(
    catalog: &'c Catalog,
    request: &Request,
    mut line: Option<&mut dyn FnMut(LineItem<'c>)>,
    notes: bool,
) -> Option<DirectCall<'c>> {
    if !plain_tokens(request) {
        return None;
    }
    let counts = request.usage.token_counts();
    let index = catalog.model_index(request.model.as_deref()?)?;
    let model = catalog.models().get(index)?;
    // A dated model's estimate says which price its time picked (the walk's note); a usage
    // record (no notes) takes its price straight.
    if notes && !model.price_changes.is_empty() {
        return None;
    }
    let billing = model.fixed_billing(request.at)?;
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
    // Each kind given, in the walk's order: input and output always (both are given here),
    // the others when reported; a kind without a rate bills 0 at rate 0, or is a fault (the
    // walk's) when some tokens of it are used. By index: an iterator's `next` was a call at
    // the wasm build's opt-level.
    let mut total = Micros::ZERO;
    for i in 0..Kind::ALL.len() {
        let (Some(&kind), Some(&Some(n))) = (Kind::ALL.get(i), counts.get(i)) else {
            continue;
        };
        let rate = match tokens.base.rate(kind) {
            Some(rate) => rate,
            None if n == 0 => 0,
            None => return None,
        };
        if n > MAX_SAFE_MICROS {
            return None;
        }
        let micros = exact_line(u128::from(n), rate, per)?;
        total = total.add(micros)?;
        let Some(line) = line.as_mut() else {
            continue;
        };
        line(LineItem {
            model: model.slug.as_str(),
            item: kind.item(),
            quantity: n,
            unit: Unit::Token.name(),
            rate_micros: rate,
            rate_per: per,
            detail: None,
            micros,
            model_index: index,
        });
    }
    Some(DirectCall {
        index,
        slug: model.slug.as_str(),
        total,
    })
}

/// Whether a request gives only token counts, input and output among them (a succeeded
/// run, no limits, inputs, service tier or downstream calls).
#[inline]
fn plain_tokens(r: &Request) -> bool {
    let u = &r.usage;
    u.input_tokens.is_some()
        && u.output_tokens.is_some()
        && u.is_tokens_only()
        && r.status == Status::Succeeded
        && r.service_tier.is_none()
        && r.downstream.is_empty()
        && r.inputs.is_empty()
        && r.limits.is_empty()
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
            Box::new(|r| r.usage.images = Some(1)),
            Box::new(|r| r.usage.web_searches = Some(0)),
            // No cache-write rate on this model: 5 such tokens are the walk's fault to name.
            Box::new(|r| r.usage.cache_write_1h_tokens = Some(5)),
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

    /// A per-token model with a rate for every kind (and one without a reasoning rate, which
    /// then bills reasoning at the output rate): every kind given, each a line as the walk's.
    #[test]
    fn bills_every_token_kind_as_the_walk_does() {
        let mut doc: serde_json::Value = serde_json::from_str(crate::EMBEDDED_CATALOG).unwrap();
        let models = doc["models"].as_array_mut().unwrap();
        let mut all = models
            .iter()
            .find(|m| m["slug"] == "anthropic/claude-sonnet-4-5")
            .unwrap()
            .clone();
        let billing = all["billing"].as_object_mut().unwrap();
        billing.remove("service_tiers");
        billing.remove("context_tiers");
        billing.insert("image_input_per_million".into(), 2_500_000.into());
        billing.insert("audio_input_per_million".into(), 7_000_001.into());
        let mut reasoning = all.clone();
        all["slug"] = "test/every-kind".into();
        all["billing"]["reasoning_per_million"] = 20_000_000.into();
        reasoning["slug"] = "test/reasoning-at-output".into();
        models.push(all);
        models.push(reasoning);
        let catalog = Catalog::from_value(&doc).unwrap();
        let mut r = Request::tokens("test/every-kind", 1_001, 999);
        for (i, kind) in Kind::ALL.into_iter().enumerate() {
            r.usage.set(kind.item(), Some(1_000 * (i as u64 + 1) + 1));
        }
        let mut b = Bill::default();
        let total = bill(&catalog, &r, &mut b).map(Micros::get);
        // By hand, each count × rate ÷ 1M, rounded half-up: cached 1,001 × $0.30 = 300.3 → 300;
        // 5m writes 2,001 × $3.75 = 7,503.75 → 7,504; 1h writes 3,001 × $6 = 18,006; image
        // 4,001 × $2.50 = 10,002.5 → 10,003; audio 5,001 × $7.000001 = 35,007.005 → 35,007;
        // input 6,001 × $3 = 18,003; output 7,001 × $15 = 105,015; reasoning 8,001 × $20 =
        // 160,020. Sum: 353,858 micros.
        let micros: Vec<u64> = b.lines.iter().map(|l| l.micros.get()).collect();
        assert_eq!(
            micros,
            [300, 7_504, 18_006, 10_003, 35_007, 18_003, 105_015, 160_020]
        );
        assert_eq!(total, Some(353_858));
        let (d, w) = both(&catalog, &r, false).unwrap();
        assert_eq!(d, w);
        // Without a reasoning rate, reasoning bills at the output rate: 8,001 × $15 = 120,015.
        r.model = Some("test/reasoning-at-output".into());
        let mut b = Bill::default();
        assert_eq!(
            bill(&catalog, &r, &mut b).map(Micros::get),
            Some(353_858 - 160_020 + 120_015)
        );
        let (d, w) = both(&catalog, &r, true).unwrap();
        assert_eq!(d, w);
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
                    // The other token kinds too: none, zeros (a kind without a rate bills
                    // a zero line), and counts (a kind without a rate is then the walk's).
                    for extra in [None, Some(0), Some(output / 3 + 1)] {
                        let mut r = r.clone();
                        if let Some(n) = extra {
                            for kind in Kind::ALL
                                .into_iter()
                                .filter(|k| !matches!(k, Kind::Input | Kind::Output))
                            {
                                r.usage.set(kind.item(), Some(n));
                            }
                        }
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
        }
        // The shipped catalog's plain per-token models (no tiers, fees or rounding) are
        // taken; the rest go to the walk.
        assert!(models_taken.len() >= 5, "{models_taken:?}");
        assert!(taken > 100, "{taken}");
    }

    /// `Catalog::estimate` and `estimate_into` build a direct call's estimate without the
    /// walk's bill: on every model of the shipped catalog, where the direct path takes a
    /// request, the estimate is the walk's, field for field (bound, call tree, dollars).
    #[test]
    fn a_direct_estimate_is_the_walks() {
        let catalog = Catalog::embedded().unwrap();
        let mut reused = crate::Estimate::default();
        let mut taken = 0;
        for model in catalog.models() {
            for (input, output) in [(0, 0), (1_001, 999), (1_234_567, 89_012), (7, 0)] {
                let r = Request::tokens(&model.slug, input, output);
                let walked = crate::pricing::price(&catalog, &r)
                    .map(|p| crate::estimate::estimate_of(&catalog, p));
                let new = catalog.estimate(&r);
                let reused_ok = catalog.estimate_into(&r, &mut reused);
                assert_eq!(new, walked, "{r:?}");
                assert_eq!(reused_ok.map(|()| reused.clone()), walked, "{r:?}");
                if price(&catalog, &r, None, true).is_some() {
                    taken += 1;
                }
            }
        }
        assert!(taken > 20, "{taken}");
    }
}
