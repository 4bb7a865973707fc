//! Billing shapes: each is one variant of [`Billing`] and one module holding its catalog
//! form (`parse`) and its pricing rule (`price`).

pub mod conditional;
pub mod hardware;
pub mod megapixel;
pub mod seconds;
pub mod tokens;
pub mod unit;

use crate::bill::Ctx;
use crate::catalog::HardwareTier;
use crate::error::Error;
use crate::json::Obj;

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

    fn price(&self, cx: &mut Ctx) -> Result<(), Error> {
        match self {
            Shape::PerToken(b) => b.price(cx),
            Shape::PerUnit(b) => b.price(cx),
            Shape::PerSecond(b) => b.price(cx),
            Shape::Hardware(b) => b.price(cx),
            Shape::PerMegapixel(b) => b.price(cx),
            Shape::Conditional(b) => b.price(cx),
        }
    }
}

/// How a price list rounds a quantity before pricing it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// Up to the next whole step (billed per started step).
    Ceiling,
    /// Down to a whole step.
    Floor,
    /// To the nearest step, halves up.
    HalfUp,
}

impl RoundingMode {
    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::Ceiling => "ceiling",
            RoundingMode::Floor => "floor",
            RoundingMode::HalfUp => "half_up",
        }
    }
}

/// Quantity rounding: every metered quantity of the shape (seconds, megapixels per image,
/// tokens of each line) is rounded to a multiple of `step`, in the unit the price is quoted
/// in, before pricing. Counts (images, calls) are whole already.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rounding {
    /// How.
    pub mode: RoundingMode,
    /// The step, in the price's unit (`1` second, `1000` tokens).
    pub step: u64,
}

impl Rounding {
    /// `quantity` (in `unit`, the engine's base unit) rounded; `None` on overflow.
    pub(crate) fn apply(self, quantity: u64, unit: &str) -> Option<u64> {
        // Only metered quantities round: counts of calls, images or requests are whole.
        let step = match unit {
            "millisecond" => self.step.checked_mul(1000)?,
            "pixel" => self.step.checked_mul(1_000_000)?,
            "token" => self.step,
            _ => return Some(quantity),
        };
        let whole = quantity.checked_div(step)?;
        let rest = quantity.checked_rem(step)?;
        let up = match self.mode {
            RoundingMode::Ceiling => rest > 0,
            RoundingMode::Floor => false,
            RoundingMode::HalfUp => rest >= step - rest,
        };
        whole.checked_add(u64::from(up))?.checked_mul(step)
    }
}

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
                let t = Obj::new(value, &crate::json::join(&tiers.path, name), o.source)?;
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
                    name: name.clone(),
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

    /// Prices one call: the service tier's billing or rates, the shape's lines (rounded as
    /// the price list says), the fees, then the minimum charge.
    pub(crate) fn price(&self, cx: &mut Ctx) -> Result<(), Error> {
        let mut billing = self;
        let mut percent = 100;
        if let Some(name) = cx
            .request
            .service_tier
            .as_deref()
            .filter(|n| *n != "standard")
        {
            let tier = self.service_tiers.iter().find(|t| t.name == name);
            match tier.map(|t| &t.price) {
                Some(TierPrice::Percent(p)) => {
                    percent = *p;
                    cx.assume("service_tier", || {
                        format!("{name}: {p}% of the standard rates")
                    });
                }
                Some(TierPrice::Billing(b)) => {
                    billing = b;
                    cx.assume("service_tier", || format!("{name}: its own rates"));
                }
                None => {
                    let mut allowed = vec![serde_json::Value::from("standard")];
                    allowed.extend(self.service_tiers.iter().map(|t| t.name.as_str().into()));
                    return Err(Error::UnsupportedInput {
                        field: cx.field("service_tier"),
                        value: name.into(),
                        allowed,
                    });
                }
            }
        }
        cx.percent = percent;
        if cx.bill.bound.is_some() {
            // The bound pass: the open quantities of this billing at the most they may be.
            crate::bound::open_up(billing, cx)?;
        } else if !cx.bill.quiet && !cx.bill.opened {
            // An estimate: only whether anything is open (the usage priced stays as given).
            let (usage, allowance) = (cx.usage, cx.allowance);
            crate::bound::open_up(billing, cx)?;
            (cx.usage, cx.allowance) = (usage, allowance);
        }
        cx.rounding = billing.rounding;
        let shaped = billing.shape.price(cx);
        cx.percent = 100;
        cx.rounding = None;
        shaped?;
        let usage = cx.usage;
        let fees = billing.fees;
        if let Some(fee) = fees.per_request {
            cx.charge("request", 1, "request", fee, 1, None)?;
        }
        for (item, unit, n, fee) in [
            (
                "web_searches",
                "web_search",
                usage.web_searches,
                fees.per_web_search,
            ),
            (
                "tool_calls",
                "tool_call",
                usage.tool_calls,
                fees.per_tool_call,
            ),
        ] {
            match (n, fee) {
                (Some(n), Some(fee)) => cx.charge(item, n, unit, fee, 1, None)?,
                (Some(n), None) if n > 0 => {
                    return Err(cx.invalid(
                        &format!("usage.{item}"),
                        format!("{} has no {unit} fee", cx.model.slug),
                    ))
                }
                _ => {}
            }
        }
        if let Some(min) = billing.minimum_micros {
            let own = cx.subtotal.get();
            if own < min && !cx.failed() {
                let detail = (!cx.bill.quiet).then(|| {
                    format!(
                        "minimum charge of {} per call",
                        crate::money::format_usd(min)
                    )
                });
                cx.charge("minimum_charge", 1, "call", min - own, 1, detail)?;
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
