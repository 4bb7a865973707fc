//! Billing shapes: each is one variant of [`Billing`] and one module holding its catalog
//! form (`parse`) and its pricing rule (`price`).

pub mod conditional;
pub mod hardware;
pub mod megapixel;
pub mod seconds;
pub mod tokens;
pub mod unit;

use crate::bill::{Ctx, Terms};
use crate::error::Error;
use crate::json::Obj;
use crate::unit::Unit;
use hardware::HardwareTier;

/// A billing shape: how a model's main quantities are priced.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    /// Per token, by token kind, with optional context tiers.
    PerToken(tokens::TokenRates),
    /// A flat fee per call, image, video or prediction.
    PerUnit(unit::PerUnit),
    /// Per second of measured run time or of media duration (optionally a base fee that
    /// includes the first seconds).
    PerSecond(seconds::PerSecond),
    /// Per compute second on a hardware tier.
    Hardware(hardware::HardwareBilling),
    /// Per megapixel of output.
    PerMegapixel(megapixel::PerMegapixel),
    /// A rate table indexed by named inputs.
    Conditional(conditional::Conditional),
}

impl Shape {
    /// The catalog name of the shape.
    pub fn name(&self) -> &'static str {
        match self {
            Shape::PerToken(_) => "per_token",
            Shape::PerUnit(_) => "per_unit",
            Shape::PerSecond(_) => "per_second",
            Shape::Hardware(_) => "hardware",
            Shape::PerMegapixel(_) => "per_megapixel",
            Shape::Conditional(_) => "conditional",
        }
    }

    fn parse(o: &Obj, hardware: &[HardwareTier]) -> Result<Shape, Error> {
        let shape = o.str("shape", 64)?;
        Ok(match shape {
            "per_token" => Shape::PerToken(tokens::TokenRates::parse(o)?),
            "per_unit" => Shape::PerUnit(unit::PerUnit::parse(o)?),
            "per_second" => Shape::PerSecond(seconds::PerSecond::parse(o)?),
            "hardware" => Shape::Hardware(hardware::HardwareBilling::parse(o, hardware)?),
            "per_megapixel" => Shape::PerMegapixel(megapixel::PerMegapixel::parse(o)?),
            "conditional" => Shape::Conditional(conditional::Conditional::parse(o)?),
            other => {
                return Err(o.err(
                    "shape",
                    format!(
                        "unknown shape {other:?}; expected per_token, per_unit, per_second, \
                         hardware, per_megapixel or conditional"
                    ),
                ))
            }
        })
    }

    /// Charges the shape's own lines under `terms` (fees and minimums are the billing's).
    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        match self {
            Shape::PerToken(b) => b.price(cx, terms),
            Shape::PerUnit(b) => b.price(cx, terms),
            Shape::PerSecond(b) => b.price(cx, terms),
            Shape::Hardware(b) => b.price(cx, terms),
            Shape::PerMegapixel(b) => b.price(cx, terms),
            Shape::Conditional(b) => b.price(cx, terms),
        }
    }
}

// Quantity rounding is the rounding layer's; its paths here are kept.
pub use crate::rounding::{Rounding, RoundingMode};

/// Flat fees per request and per use of a tool, in micros each.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fees {
    /// Per call of the model (billed even when the run fails).
    pub per_request: Option<u64>,
    /// Per web search (`usage.web_searches`).
    pub per_web_search: Option<u64>,
    /// Per tool call (`usage.tool_calls`).
    pub per_tool_call: Option<u64>,
}

/// What a service tier costs.
#[derive(Clone, Debug, PartialEq)]
pub enum TierPrice {
    /// A percentage of the standard rates (`50` for batch).
    Percent(u64),
    /// Its own billing (a rate set).
    Billing(Box<Billing>),
}

/// A service tier (`batch`, `flex`, `priority`) chosen by a request's `service_tier`.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceTier {
    /// The name a request gives.
    pub name: String,
    /// Its price.
    pub price: TierPrice,
}

/// How a model is billed: a shape, and what any shape may add.
#[derive(Clone, Debug, PartialEq)]
pub struct Billing {
    /// The shape.
    pub shape: Shape,
    /// Per-request and tool fees.
    pub fees: Fees,
    /// The least a succeeded call pays, in micros.
    pub minimum_micros: Option<u64>,
    /// Quantity rounding, if the price list rounds.
    pub rounding: Option<Rounding>,
    /// Service tiers besides standard.
    pub service_tiers: Vec<ServiceTier>,
}

const COMMON: &[&str] = &["fees", "minimum_micros", "rounding", "service_tiers"];

impl Billing {
    /// The catalog name of the shape.
    pub fn shape(&self) -> &'static str {
        self.shape.name()
    }

    pub(crate) fn parse(o: &Obj, hardware: &[HardwareTier]) -> Result<Billing, Error> {
        Billing::parse_at(o, hardware, true)
    }

    fn parse_at(o: &Obj, hardware: &[HardwareTier], top: bool) -> Result<Billing, Error> {
        // The shape reads its own keys; the common ones are read here.
        let own = Obj {
            map: o.map,
            path: o.path.clone(),
            source: o.source,
            also: COMMON,
        };
        let shape = Shape::parse(&own, hardware)?;
        let fees = match o.opt_obj("fees")? {
            None => Fees::default(),
            Some(f) => {
                f.only(&["per_request", "per_web_search", "per_tool_call"])?;
                Fees {
                    per_request: f.opt_count("per_request")?,
                    per_web_search: f.opt_count("per_web_search")?,
                    per_tool_call: f.opt_count("per_tool_call")?,
                }
            }
        };
        let rounding = match o.opt_obj("rounding")? {
            None => None,
            Some(r) => {
                r.only(&["mode", "step"])?;
                let mode = match r.str("mode", 32)? {
                    // Exact, as OpenMeter's `none`: the same as no rounding key.
                    "none" if r.get("step").is_none() => None,
                    "none" => return Err(r.err("step", "does not apply to mode none")),
                    "ceiling" => Some(RoundingMode::Ceiling),
                    "floor" => Some(RoundingMode::Floor),
                    "half_up" => Some(RoundingMode::HalfUp),
                    other => {
                        return Err(r.err(
                            "mode",
                            format!(
                                "unknown mode {other:?}; expected none, ceiling, floor or half_up"
                            ),
                        ))
                    }
                };
                match mode {
                    None => None,
                    Some(mode) => {
                        let step = r.count("step")?;
                        if step == 0 || step > 1_000_000_000 {
                            return Err(r.err("step", "must be from 1 to 1,000,000,000"));
                        }
                        Some(Rounding { mode, step })
                    }
                }
            }
        };

        let mut service_tiers = Vec::new();
        if let Some(tiers) = o.opt_obj("service_tiers")? {
            if !top {
                return Err(o.err("service_tiers", "cannot be nested in a service tier"));
            }
            for (name, value) in tiers.fields() {
                let t = Obj::new(value, &o.source.join(&tiers.path, name), o.source)?;
                if name == "standard" || name.is_empty() || name.len() > 64 {
                    return Err(tiers.err(name, "must be named 1-64 bytes, not standard"));
                }
                t.only(&["percent", "billing"])?;
                let price = match (t.opt_count("percent")?, t.opt_obj("billing")?) {
                    (Some(p), None) if (1..=10_000).contains(&p) => TierPrice::Percent(p),
                    (None, Some(b)) => {
                        TierPrice::Billing(Box::new(Billing::parse_at(&b, hardware, false)?))
                    }
                    _ => {
                        return Err(t.err("percent", "give either percent (1 to 10,000) or billing"))
                    }
                };
                service_tiers.push(ServiceTier {
                    name: name.to_string(),
                    price,
                });
            }
        }
        Ok(Billing {
            shape,
            fees,
            minimum_micros: o.opt_count("minimum_micros")?,
            rounding,
            service_tiers,
        })
    }

    /// The billing and rate percentage the request's `service_tier` picks: this billing at
    /// 100% (standard), at the tier's percentage, or the tier's own billing. An assumption
    /// names the tier; one the model does not offer is `unsupported_input`.
    pub(crate) fn for_service_tier(&self, cx: &mut Ctx) -> Result<(&Billing, u64), Error> {
        let Some(name) = cx
            .request
            .service_tier
            .as_deref()
            .filter(|n| *n != "standard")
        else {
            return Ok((self, 100));
        };
        match self.tier(Some(name)) {
            Some((b, p, own)) => {
                cx.assume("service_tier", || {
                    if own {
                        format!("{name}: its own rates")
                    } else {
                        format!("{name}: {p}% of the standard rates")
                    }
                });
                Ok((b, p))
            }
            None => {
                let mut allowed = vec![serde_json::Value::from("standard")];
                allowed.extend(self.service_tiers.iter().map(|t| t.name.as_str().into()));
                Err(Error::UnsupportedInput {
                    field: cx.field("service_tier"),
                    value: name.into(),
                    allowed,
                })
            }
        }
    }

    /// The billing and percentage of the service tier `name` (`None` or `standard`: this one
    /// at 100%), and whether the tier has its own rates; `None` for a tier the model lacks.
    pub(crate) fn tier(&self, name: Option<&str>) -> Option<(&Billing, u64, bool)> {
        let Some(name) = name.filter(|n| *n != "standard") else {
            return Some((self, 100, false));
        };
        let tier = self.service_tiers.iter().find(|t| t.name == name)?;
        Some(match &tier.price {
            TierPrice::Percent(p) => (self, *p, false),
            TierPrice::Billing(b) => (b, 100, true),
        })
    }

    /// Charges what any shape may add after its lines: the per-request and tool fees (at the
    /// catalog's rates, whatever the tier's percentage), then the minimum charge.
    pub(crate) fn charge_fees_and_minimum(&self, cx: &mut Ctx) -> Result<(), Error> {
        let usage = cx.usage;
        let fees = self.fees;
        if let Some(fee) = fees.per_request {
            cx.charge(Terms::PLAIN, "request", 1, Unit::Request, fee, None)?;
            cx.failed_bills(|| "its request fee (the request was made)".to_string());
        }
        for (item, unit, n, fee) in [
            (
                "web_searches",
                Unit::WebSearch,
                usage.web_searches,
                fees.per_web_search,
            ),
            (
                "tool_calls",
                Unit::ToolCall,
                usage.tool_calls,
                fees.per_tool_call,
            ),
        ] {
            match (n, fee) {
                (Some(n), Some(fee)) => {
                    cx.charge(Terms::PLAIN, item, n, unit, fee, None)?;
                    if n > 0 {
                        cx.failed_bills(|| format!("the {n} {} it made", unit.words(n)));
                    }
                }
                (Some(n), None) if n > 0 => {
                    return Err(cx.invalid(
                        &format!("usage.{item}"),
                        format!("{} has no {} fee", cx.model.slug, unit.name()),
                    ))
                }
                _ => {}
            }
        }
        if let Some(min) = self.minimum_micros {
            let own = cx.subtotal.get();
            if own < min && cx.failed() {
                let status = cx.request.status.as_str();
                cx.assume("status", || format!("{status}: no minimum charge"));
            }
            if own < min && !cx.failed() {
                let detail = (!cx.bill.quiet).then(|| {
                    format!(
                        "minimum charge of {} per call",
                        crate::display::format_usd(min)
                    )
                });
                cx.charge(
                    Terms::PLAIN,
                    "minimum_charge",
                    1,
                    Unit::Call,
                    min - own,
                    detail,
                )?;
            }
        }
        Ok(())
    }
}

/// Reads a rate: a whole number of micros, at most 2^53 − 1.
pub(crate) fn rate(o: &Obj, key: &str) -> Result<u64, Error> {
    o.count(key)
}

/// Reads an optional rate.
pub(crate) fn opt_rate(o: &Obj, key: &str) -> Result<Option<u64>, Error> {
    o.opt_count(key)
}

/// Reads a required duration in seconds (catalog typical/default values) as milliseconds.
pub(crate) fn millis(o: &Obj, key: &str) -> Result<u64, Error> {
    o.opt_millis(key)?.ok_or_else(|| o.err(key, "is required"))
}
