//! One sort for every ordering the engine needs (fields in key order, results, listings).
//! Each `sort_by` call site compiles its own copy of the sort routine (kilobytes each in the
//! wasm build); sorting plain `(u64, u64, &str, index)` keys keeps a single copy, and the
//! orders are total (ties end on a name, then on the original position), so the result is the
//! same as a sort by comparator.

/// `items` in ascending order of `key(item)`; equal keys keep their original order.
pub fn sorted<T>(items: Vec<T>, key: impl Fn(&T) -> (u64, u64, &str)) -> Vec<T> {
    let mut keys: Vec<(u64, u64, &str, usize)> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (a, b, name) = key(item);
            (a, b, name, i)
        })
        .collect();
    sort_keys(&mut keys);
    let order: Vec<usize> = keys.into_iter().map(|k| k.3).collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// The one sort (not generic, so compiled once, here, whatever calls [`sorted`]).
pub fn sort_keys(keys: &mut [(u64, u64, &str, usize)]) {
    keys.sort_unstable();
}

/// A key that sorts larger values first.
pub fn descending(v: u64) -> u64 {
    u64::MAX - v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_by_key_then_position() {
        let v = vec![("b", 3u64), ("a", 3), ("c", 9), ("d", 1)];
        let s = sorted(v, |x| (descending(x.1), 0, x.0));
        assert_eq!(s, vec![("c", 9), ("a", 3), ("b", 3), ("d", 1)]);
        let s = sorted(vec![5u64, 1, 3, 1], |x| (*x, 0, ""));
        assert_eq!(s, vec![1, 1, 3, 5]);
    }
}
