//! The `models()` listing: each model with its exact rates, a human price line as the price
//! lists print prices, and `pricing: {amount, currency, unit}` as a `/v1/models` endpoint does.

use crate::catalog::{Catalog, HardwareTier, Model};
use crate::describe::{InputField, TypicalRun};
use crate::money::{decimal_usd, format_usd};
use crate::shape::{Billing, TierPrice};
use crate::time::Timestamp;
use serde::Serialize;
use serde_json::{Number, Value};
use std::str::FromStr;

/// The headline price of a model, as `/v1/models` has it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Pricing {
    /// Dollars per `unit` as a JSON number (display only; `amount_micros` is exact).
    pub amount: Number,
    /// Always `USD`.
    pub currency: &'static str,
    /// What the amount is per (`image`, `second`, `1M input tokens`).
    pub unit: String,
    /// The same amount in micros, exact.
    pub amount_micros: u64,
}

/// One model as listed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ModelListing {
    /// The slug.
    pub slug: String,
    /// Display name.
    pub name: String,
    /// Family.
    pub family: String,
    /// Provider.
    pub provider: String,
    /// Billing surface (`agentic`, `media`, `compute`, `reference`).
    pub surface: String,
    /// What it makes.
    pub kind: String,
    /// The price list's note, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// Whether the price is a public list rate rather than the platform's own.
    pub indicative: bool,
    /// Whether this is the catalog's default model.
    pub default: bool,
    /// The billing shape's name.
    pub shape: &'static str,
    /// The catalog's billing object: exact rates in micros.
    pub billing: Value,
    /// A human price line (`$3.60 / 1M input tokens · $18.00 / 1M output tokens`), per-token
    /// rates rounded to the cent as the price lists print them.
    pub price: String,
    /// The price as exact lines, one rate, fee or rule each (`$0.125 / 1M cached input
    /// tokens`).
    pub price_lines: Vec<String>,
    /// The headline price.
    pub pricing: Pricing,
    /// Price changes still to come, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub price_changes: Vec<PriceChangeListing>,
    /// The model's hard caps (keyed as usage, seconds as seconds, and `indicative`), which
    /// bound requests that give no limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Value>,
    /// The inputs a request of it takes, for a form.
    pub inputs: Vec<InputField>,
    /// For hardware-billed models, which run times are billed, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment_rule: Option<&'static str>,
    /// For time- and hardware-billed models: a typical run and its cost.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typical_run: Option<TypicalRun>,
    /// The models a run of it may call.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub downstream: Vec<DownstreamListing>,
    /// Its versions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<VersionListing>,
}

/// A model another one calls.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DownstreamListing {
    /// Its slug.
    pub model: String,
    /// The most calls one run makes (`null`: not given; an estimate is then unbounded).
    pub max_calls: Option<u64>,
    /// The limits of each call, as the catalog gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Value>,
}

/// One version of a model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VersionListing {
    /// Its id.
    pub id: String,
    /// When it was created.
    pub created: String,
    /// Whether it is a fast-booting fine-tune.
    pub fast_booting: bool,
}

/// A price change still to come.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PriceChangeListing {
    /// When it takes effect (RFC 3339, as the catalog writes it).
    pub effective_from: String,
    /// The new price line.
    pub price: String,
    /// The new price as exact lines, as the model's `price_lines`.
    pub price_lines: Vec<String>,
    /// The new billing object.
    pub billing: Value,
}

/// One hardware tier as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HardwareListing {
    /// The id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Micros per second.
    pub price_per_second_micros: u64,
    /// Micros per hour (exactly 3,600 × the per-second price).
    pub price_per_hour_micros: u64,
    /// `$0.0014 / second`.
    pub per_second: String,
    /// `$5.04 / hour`.
    pub per_hour: String,
    /// Whether the price is a public list rate.
    pub indicative: bool,
}

/// Every model with its prices, in catalog order.
pub(crate) fn models(catalog: &Catalog) -> Vec<ModelListing> {
    let default = catalog.default_model();
    let now = catalog.now();
    catalog
        .models()
        .iter()
        .map(|m| listing(catalog, m, m.slug == default, now))
        .collect()
}

/// Every hardware tier with its per-second and per-hour prices.
pub(crate) fn hardware(catalog: &Catalog) -> Vec<HardwareListing> {
    catalog.hardware().iter().map(hardware_listing).collect()
}

fn hardware_listing(t: &HardwareTier) -> HardwareListing {
    // Exact: a catalog's rates are at most (2^53 - 1) / 3,600 (`catalog::hourly_exact`).
    let per_hour = t.price_per_second.saturating_mul(3600);
    HardwareListing {
        id: t.id.clone(),
        name: t.name.clone(),
        price_per_second_micros: t.price_per_second,
        price_per_hour_micros: per_hour,
        per_second: format!("{} / second", format_usd(t.price_per_second)),
        per_hour: format!("{} / hour", format_usd(per_hour)),
        indicative: t.indicative,
    }
}

/// The whole price line of a billing: the shape's, then rounding, fees, minimum and tiers.
fn billing_line(b: &Billing) -> (String, u64, String) {
    let (mut line, amount, unit) = crate::describe::shape_line(&b.shape);
    for (join, text) in crate::describe::extras(b) {
        line.push_str(match join {
            crate::describe::Join::Rule => "; ",
            crate::describe::Join::Fee => " + ",
        });
        line.push_str(&text);
    }
    for t in &b.service_tiers {
        match &t.price {
            TierPrice::Percent(p) => line.push_str(&format!("; {}: {p}%", t.name)),
            TierPrice::Billing(tb) => {
                line.push_str(&format!("; {}: {}", t.name, billing_line(tb).0))
            }
        }
    }
    (line, amount, unit)
}

/// A model as listed at `now`: the price in force then, and the changes to come.
fn listing(catalog: &Catalog, m: &Model, is_default: bool, now: Option<Timestamp>) -> ModelListing {
    let (billing, billing_json, _) = m.billing_at(now);
    let (price, amount, unit) = billing_line(billing);
    let price_changes = m
        .price_changes
        .iter()
        .filter(|c| now.is_none_or(|t| c.effective_from > t))
        .map(|c| PriceChangeListing {
            effective_from: c.effective_from_text.clone(),
            price: billing_line(&c.billing).0,
            price_lines: crate::describe::price_lines(&c.billing),
            billing: c.billing_json.get().clone(),
        })
        .collect();
    ModelListing {
        slug: m.slug.clone(),
        name: m.name.clone(),
        family: m.family.clone(),
        provider: m.provider.clone(),
        surface: m.surface.clone(),
        kind: m.kind.clone(),
        notes: m.notes.clone(),
        indicative: m.indicative,
        default: is_default,
        shape: billing.shape(),
        billing: billing_json.get().clone(),
        price,
        price_lines: crate::describe::price_lines(billing),
        pricing: Pricing {
            amount: Number::from_str(&decimal_usd(amount)).unwrap_or_else(|_| Number::from(0)),
            currency: "USD",
            unit,
            amount_micros: amount,
        },
        price_changes,
        limits: crate::bound::limits_json(&m.limits, m.limits_indicative),
        inputs: crate::describe::inputs(m, billing),
        deployment_rule: crate::describe::deployment_rule(billing),
        typical_run: crate::describe::typical_run(catalog, m, billing),
        downstream: m
            .downstream
            .iter()
            .map(|d| DownstreamListing {
                model: d.model.clone(),
                max_calls: d.max_calls,
                limits: crate::bound::limits_json(&d.request.limits, false),
            })
            .collect(),
        versions: m
            .versions
            .iter()
            .map(|v| VersionListing {
                id: v.id.clone(),
                created: v.created.clone(),
                fast_booting: v.fast_booting,
            })
            .collect(),
    }
}
