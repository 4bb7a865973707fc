//! Per compute second on a hardware tier. Private deployments pay setup + active + idle
//! seconds; public models and fast-booting fine-tunes pay active seconds only (as platforms bill
//! fast-booting fine-tunes). Time is billed even when a run fails: it ran.

use super::millis;
use super::seconds::run_time;
use crate::bill::{Ctx, Terms};
use crate::display::seconds_text;
use crate::error::Error;
use crate::json::Obj;
use crate::unit::Unit;

/// A hardware tier billed per second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HardwareTier {
    /// The id models refer to (`gpu-a100-large-2x`).
    pub id: String,
    /// A display name (`2x Nvidia A100 (80 GB)`).
    pub name: String,
    /// Micros per second.
    pub price_per_second: u64,
    /// Whether the price is a public list price rather than the platform's own.
    pub indicative: bool,
}

/// Who the hardware is running for, which decides what time is billed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Deployment {
    /// A public model: active time only.
    Public,
    /// A private deployment: setup, active and idle time.
    Private,
    /// A fast-booting fine-tune on a shared pool: active time only, public or private.
    FastBooting,
}

impl Deployment {
    /// The catalog name.
    pub fn name(self) -> &'static str {
        match self {
            Deployment::Public => "public",
            Deployment::Private => "private",
            Deployment::FastBooting => "fast_booting",
        }
    }
}

/// A model billed by the second on a hardware tier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HardwareBilling {
    /// The tier's id (`gpu-a100-large-2x`).
    pub hardware: String,
    /// The tier's micros per second, resolved when the catalog loads.
    pub price_per_second: u64,
    /// What time is billed.
    pub deployment: Deployment,
    /// Typical active run time in ms, used when `usage.seconds` is absent.
    pub typical_ms: u64,
}

impl HardwareBilling {
    pub(crate) fn parse(o: &Obj, tiers: &[HardwareTier]) -> Result<Self, Error> {
        o.only(&["shape", "hardware", "deployment", "typical_seconds"])?;
        let id = o.str("hardware", 64)?;
        let tier = tiers.iter().find(|t| t.id == id).ok_or_else(|| {
            o.err(
                "hardware",
                format!("unknown hardware {id:?}: not in the catalog's hardware list"),
            )
        })?;
        let deployment = match o.str("deployment", 32)? {
            "public" => Deployment::Public,
            "private" => Deployment::Private,
            "fast_booting" => Deployment::FastBooting,
            other => {
                return Err(o.err(
                    "deployment",
                    format!(
                        "unknown deployment {other:?}; expected public, private or fast_booting"
                    ),
                ))
            }
        };
        Ok(HardwareBilling {
            hardware: tier.id.clone(),
            price_per_second: tier.price_per_second,
            deployment,
            typical_ms: millis(o, "typical_seconds")?,
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        let usage = cx.usage;
        let rate = self.price_per_second;
        let detail = || Some(self.hardware.clone());
        let private = self.deployment == Deployment::Private;
        if private {
            let setup = cx.or_assume_ms(usage.setup_ms, "usage.setup_seconds");
            cx.charge(
                terms,
                "setup_seconds",
                setup,
                Unit::Millisecond,
                rate,
                detail(),
            )?;
        } else {
            let kind = self.deployment.name();
            for (ms, field) in [
                (usage.setup_ms, "usage.setup_seconds"),
                (usage.idle_ms, "usage.idle_seconds"),
            ] {
                if let Some(ms) = ms.filter(|ms| *ms > 0) {
                    cx.assume(field, || {
                        format!(
                            "{} not billed: a {kind} model pays active time only",
                            seconds_text(ms)
                        )
                    });
                }
            }
        }
        if private {
            // A failed private deployment still pays the time its hardware was held.
            cx.failed_bills(|| "its setup and idle time (the hardware was held)".to_string());
        }
        let active = run_time(cx, "usage.seconds", usage.active_ms, self.typical_ms);
        cx.charge(
            terms,
            "active_seconds",
            active,
            Unit::Millisecond,
            rate,
            detail(),
        )?;
        if private {
            let idle = cx.or_assume_ms(usage.idle_ms, "usage.idle_seconds");
            cx.charge(
                terms,
                "idle_seconds",
                idle,
                Unit::Millisecond,
                rate,
                detail(),
            )?;
        }
        Ok(())
    }
}

impl Ctx<'_, '_, '_> {
    /// A reported time, or zero with an assumption.
    fn or_assume_ms(&mut self, value: Option<u64>, field: &str) -> u64 {
        match value {
            Some(v) => v,
            None => {
                self.assume(field, || "not given; assumed 0 s".to_string());
                0
            }
        }
    }
}
