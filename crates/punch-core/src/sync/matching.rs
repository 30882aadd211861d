//! Matching logs by what they say, for when Zoho's answer was lost: which remote logs
//! are the ones Punch sent? Logs carry no Punch id, so they are matched on (date,
//! target, minutes, note) as a multiset: identical logs are counted, never collapsed,
//! and a remote log already held by an entry is never adopted twice.

use std::collections::HashMap;
use std::hash::Hash;

/// Pair each wanted item with a distinct candidate of the same key, in order.
///
/// Returns, for each wanted item, the index of the candidate it adopts, or `None` when
/// no unclaimed candidate with its key is left (it never landed and must be sent).
/// Two identical wanted items need two identical candidates: one candidate never
/// satisfies both.
pub fn adopt<K: Eq + Hash>(wanted: &[K], candidates: &[K]) -> Vec<Option<usize>> {
    let mut free: HashMap<&K, Vec<usize>> = HashMap::new();
    for (i, key) in candidates.iter().enumerate().rev() {
        free.entry(key).or_default().push(i);
    }
    wanted
        .iter()
        .map(|key| free.get_mut(key).and_then(Vec::pop))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn identical_logs_are_counted_not_collapsed() {
        let wanted = ["a", "a", "b"];
        let remote = ["a", "c", "b"];
        assert_eq!(adopt(&wanted, &remote), vec![Some(0), None, Some(2)]);
    }

    proptest! {
        /// Every adoption is of an equal key, no candidate is adopted twice, and as many
        /// are adopted per key as both sides have.
        #[test]
        fn adoption_is_a_multiset_intersection(
            wanted in prop::collection::vec(0u8..5, 0..30),
            candidates in prop::collection::vec(0u8..5, 0..30),
        ) {
            let result = adopt(&wanted, &candidates);
            let mut used = std::collections::HashSet::new();
            for (w, c) in wanted.iter().zip(&result) {
                if let Some(c) = c {
                    prop_assert_eq!(*w, candidates[*c]);
                    prop_assert!(used.insert(*c), "candidate {} adopted twice", c);
                }
            }
            for key in 0u8..5 {
                let want = wanted.iter().filter(|k| **k == key).count();
                let have = candidates.iter().filter(|k| **k == key).count();
                let got = wanted.iter().zip(&result).filter(|(k, c)| **k == key && c.is_some()).count();
                prop_assert_eq!(got, want.min(have));
            }
        }
    }
}
