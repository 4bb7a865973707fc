//! Model slugs to model indexes, for the lookup every priced call makes.
//!
//! An open-addressing table keyed by FNV-1a of the slug, probed linearly; every hit is
//! confirmed by comparing the slug itself. The BTreeMap it replaces spent much of a usage
//! export's pricing comparing strings, and a hash-map crate would make the wasm package
//! larger for the same dozens of keys (docs/performance.md).

/// Slug -> index into the catalog's models.
#[derive(Clone, Debug, Default)]
pub(crate) struct SlugIndex {
    /// Model index + 1 per slot; 0 is empty. At most a quarter full, so probes are short.
    slots: Vec<u32>,
}

fn fnv1a(slug: &str) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    for b in slug.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    h as usize
}

impl SlugIndex {
    /// The index of `slugs` (distinct, as the catalog checks), each at its position.
    pub(crate) fn new<'a>(slugs: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let size = (slugs.len() * 4).next_power_of_two().max(8);
        let mut slots = vec![0u32; size];
        let mask = size - 1;
        for (i, slug) in slugs.enumerate() {
            let mut at = fnv1a(slug) & mask;
            while slots.get(at).is_some_and(|s| *s != 0) {
                at = (at + 1) & mask;
            }
            if let (Some(slot), Ok(value)) = (slots.get_mut(at), u32::try_from(i + 1)) {
                *slot = value;
            }
        }
        SlugIndex { slots }
    }

    /// The index of `slug`, where `slug_of(i)` is the slug at index `i`.
    pub(crate) fn get<'a>(
        &self,
        slug: &str,
        slug_of: impl Fn(usize) -> Option<&'a str>,
    ) -> Option<usize> {
        let mask = self.slots.len().checked_sub(1)?;
        let mut at = fnv1a(slug) & mask;
        loop {
            let i = (*self.slots.get(at)? as usize).checked_sub(1)?;
            if slug_of(i) == Some(slug) {
                return Some(i);
            }
            at = (at + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_slug_and_nothing_else() {
        let slugs: Vec<String> = (0..1000)
            .map(|i| format!("vendor-{}/model-{i}", i % 7))
            .collect();
        let index = SlugIndex::new(slugs.iter().map(String::as_str));
        let slug_of = |i: usize| slugs.get(i).map(String::as_str);
        for (i, slug) in slugs.iter().enumerate() {
            assert_eq!(index.get(slug, slug_of), Some(i), "{slug}");
        }
        for missing in ["", "vendor-0/model-1000", "vendor-1/model-0", "model-1"] {
            assert_eq!(index.get(missing, slug_of), None, "{missing}");
        }
        assert_eq!(SlugIndex::default().get("a", slug_of), None);
    }

    #[test]
    fn fnv1a_matches_its_published_values() {
        // FNV-1a 32-bit test vectors (draft-eastlake-fnv): "" and "a".
        assert_eq!(fnv1a(""), 0x811c_9dc5);
        assert_eq!(fnv1a("a"), 0xe40c_292c);
        assert_eq!(fnv1a("foobar"), 0xbf9c_f968);
    }
}
