//! What the fuzz targets share.

use std::sync::OnceLock;
use tariff::Catalog;

/// The shipped catalog, loaded once per fuzzing process.
pub fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| Catalog::embedded().expect("the embedded catalog loads"))
}
