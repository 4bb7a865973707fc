//! What the fuzz targets share.

use std::sync::OnceLock;
use tariff::Catalog;

/// The shipped catalog, loaded once per fuzzing process.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}

/// Whether a line's rate is one the catalog gives `slug` (any number of its billing, its
/// price changes and service tiers, or a hardware price), at 100% or at one of its service
/// tiers' percentages: a fact from the catalog, not from the engine's own line.
pub fn rate_from_catalog(c: &Catalog, slug: &str, rate: u64, per: u64) -> bool {
    let Some(m) = c.model(slug) else { return false };
    let mut numbers = Vec::new();
    let mut percents = vec![100u64];
    walk(&m.billing_json, &mut numbers, &mut percents);
    for change in &m.price_changes {
        walk(&change.billing_json, &mut numbers, &mut percents);
    }
    numbers.extend(c.hardware().iter().map(|h| h.price_per_second));
    // A percentage that leaves the rate whole shows it per the plain unit; one that does not
    // shows rate × percent per 100 units.
    let (shown, plain) = match per {
        1 | 1_000 | 1_000_000 => (u128::from(rate) * 100, true),
        100 | 100_000 | 100_000_000 => (u128::from(rate), false),
        _ => return false,
    };
    numbers.iter().any(|n| {
        percents.iter().any(|p| {
            let scaled = u128::from(*n) * u128::from(*p);
            scaled == shown && (plain || scaled % 100 != 0)
        })
    })
}

fn walk(v: &serde_json::Value, numbers: &mut Vec<u64>, percents: &mut Vec<u64>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                if let (true, Some(p)) = (k == "percent", v.as_u64()) {
                    percents.push(p);
                }
                walk(v, numbers, percents);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, numbers, percents)),
        v => numbers.extend(v.as_u64()),
    }
}
