//! Per megapixel: `price_per_megapixel × width × height ÷ 1,000,000`, per image produced.
//! A per-output item: a failed run does not pay it.

use super::rate;
use crate::bill::{Ctx, Terms};
use crate::error::Error;
use crate::json::{count, Obj};
use crate::unit::Unit;

/// The widest or tallest image accepted, in pixels.
pub const MAX_DIMENSION: u64 = 100_000;

/// A price per megapixel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PerMegapixel {
    /// Micros per megapixel (1,000,000 pixels).
    pub price_per_megapixel: u64,
    /// Width used when `inputs.width` is absent.
    pub default_width: u64,
    /// Height used when `inputs.height` is absent.
    pub default_height: u64,
}

fn dimension(v: &impl crate::json::Scalar) -> Result<u64, String> {
    let n = count(v)?;
    if n == 0 {
        return Err("must be at least 1 pixel".into());
    }
    if n > MAX_DIMENSION {
        return Err(format!("must be at most {MAX_DIMENSION} pixels"));
    }
    Ok(n)
}

impl PerMegapixel {
    pub(crate) fn parse(o: &Obj) -> Result<Self, Error> {
        o.only(&[
            "shape",
            "price_per_megapixel",
            "default_width",
            "default_height",
        ])?;
        let dim = |key: &str| -> Result<u64, Error> {
            dimension(o.required(key)?).map_err(|m| o.err(key, m))
        };
        Ok(PerMegapixel {
            price_per_megapixel: rate(o, "price_per_megapixel")?,
            default_width: dim("default_width")?,
            default_height: dim("default_height")?,
        })
    }

    pub(crate) fn price(&self, cx: &mut Ctx, terms: Terms) -> Result<(), Error> {
        if cx.failed() {
            cx.skip_failed("megapixels");
            return Ok(());
        }
        let width = self.input(cx, "width", "inputs.width", self.default_width)?;
        let height = self.input(cx, "height", "inputs.height", self.default_height)?;
        let images = cx.or_assume(cx.usage.images, "usage.images", 1, "image");
        // Rounding (per started megapixel) is per image, as price lists apply it: done here,
        // and the line charged unrounded.
        let rounding = terms.rounding;
        let per_image = width.checked_mul(height).and_then(|p| match rounding {
            Some(r) => r.apply(p, Unit::Pixel),
            None => Some(p),
        });
        let pixels = per_image
            .and_then(|p| p.checked_mul(images))
            .ok_or_else(|| crate::error::Error::overflow(&cx.field("megapixels")))?;
        let detail = (!cx.bill.quiet).then(|| match rounding {
            Some(r) => format!(
                "{width}x{height}, rounded ({}) to steps of {} megapixel per image",
                r.mode.name(),
                r.step
            ),
            None => format!("{width}x{height}"),
        });
        cx.charge(
            terms.unrounded(),
            "megapixels",
            pixels,
            Unit::Pixel,
            self.price_per_megapixel,
            detail,
        )
    }

    fn input(
        &self,
        cx: &mut Ctx,
        key: &'static str,
        field: &'static str,
        default: u64,
    ) -> Result<u64, Error> {
        match cx.request.inputs.get(key) {
            None | Some(serde_json::Value::Null) => {
                cx.assume(field, || format!("not given; default {default} px used"));
                Ok(default)
            }
            Some(v) => dimension(v).map_err(|m| cx.invalid(field, m)),
        }
    }
}
