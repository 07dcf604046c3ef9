//! "Did you mean…?" suggestions for misspelt field names and types.

/// The number of single-character edits (insert, delete, replace, or swap of
/// two neighbours) that turn `a` into `b`.
///
/// Swaps count as one edit because `reqiured`-style slips are the commonest
/// typing mistake.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rolling rows: two back (for swaps), one back, and this one.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current: Vec<usize> = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            let mut best = (previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(cb) && b.get(j - 1) == Some(ca);
            if swapped {
                best = best.min(before[j - 1] + 1);
            }
            current[j + 1] = best;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The known name closest to `unknown`, if it is close enough to be a slip:
/// one edit for short names, two for longer ones, or a name that starts with
/// the other.
pub(crate) fn closest<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    // Field names are ASCII; ASCII folding also keeps Unicode case tables out of the wasm.
    let lower = unknown.to_ascii_lowercase();
    let limit = if lower.chars().count() <= 4 { 1 } else { 2 };
    known
        .iter()
        .map(|k| (edit_distance(&lower, k), *k))
        .filter(|(d, k)| *d <= limit || (lower.len() >= 3 && (k.starts_with(&lower) || lower.starts_with(k))))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_words_are_zero_edits_apart() {
        assert_eq!(edit_distance("required", "required"), 0);
    }

    #[test]
    fn a_missing_letter_is_one_edit() {
        assert_eq!(edit_distance("requird", "required"), 1);
    }

    #[test]
    fn swapped_neighbours_are_one_edit() {
        assert_eq!(edit_distance("reqiured", "required"), 1);
    }

    #[test]
    fn distance_to_an_empty_word_is_its_length() {
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", ""), 3);
    }

    #[test]
    fn unrelated_words_are_far_apart() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn close_misspellings_get_a_suggestion() {
        assert_eq!(closest("requird", &["id", "required", "hint"]), Some("required"));
        assert_eq!(closest("Hint", &["id", "required", "hint"]), Some("hint"));
        assert_eq!(closest("single", &["single_choice", "scale"]), Some("single_choice"));
    }

    #[test]
    fn distant_words_get_no_suggestion() {
        assert_eq!(closest("colour", &["id", "required", "hint"]), None);
    }
}
