//! Reading numbers people type, and writing numbers back for people.
//!
//! Rust's own float parser accepts `inf`, `NaN` and `1e5`, none of which a
//! person means when filling in a survey, so typed numbers are checked
//! character by character first.

/// Reads a typed whole number, allowing spaces around it and commas between
/// thousands ("1,000"). `None` when it is not a whole number that fits.
pub(crate) fn parse_integer(raw: &str) -> Option<i64> {
    let cleaned = clean(raw);
    let digits = cleaned.strip_prefix(['-', '+']).unwrap_or(&cleaned);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cleaned.parse().ok()
}

/// Reads a typed number that may have one decimal point. `None` when it is not
/// a plain finite number.
pub(crate) fn parse_decimal(raw: &str) -> Option<f64> {
    let cleaned = clean(raw);
    let body = cleaned.strip_prefix(['-', '+']).unwrap_or(&cleaned);
    let mut seen_point = false;
    let mut seen_digit = false;
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => seen_digit = true,
            b'.' if !seen_point => seen_point = true,
            _ => return None,
        }
    }
    if !seen_digit {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

fn clean(raw: &str) -> String {
    raw.trim().chars().filter(|c| *c != ',').collect()
}

/// Writes a number the way a person would: `10`, `1.5`, `-3`.
pub(crate) fn format_number(n: f64) -> String {
    // Display for f64 already drops a trailing ".0" and never uses exponents.
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_allow_spaces_signs_and_thousands_commas() {
        assert_eq!(parse_integer(" 1,000 "), Some(1000));
        assert_eq!(parse_integer("-7"), Some(-7));
        assert_eq!(parse_integer("+7"), Some(7));
    }

    #[test]
    fn whole_numbers_reject_decimals_words_and_overflow() {
        assert_eq!(parse_integer("1.5"), None);
        assert_eq!(parse_integer("seven"), None);
        assert_eq!(parse_integer("-"), None);
        assert_eq!(parse_integer("99999999999999999999"), None);
    }

    #[test]
    fn decimals_reject_infinity_nan_and_exponents() {
        assert_eq!(parse_decimal("1.5"), Some(1.5));
        assert_eq!(parse_decimal(".5"), Some(0.5));
        assert_eq!(parse_decimal("inf"), None);
        assert_eq!(parse_decimal("NaN"), None);
        assert_eq!(parse_decimal("1e5"), None);
        assert_eq!(parse_decimal("1.2.3"), None);
        assert_eq!(parse_decimal("."), None);
    }

    #[test]
    fn numbers_are_written_without_needless_decimals() {
        assert_eq!(format_number(10.0), "10");
        assert_eq!(format_number(1.5), "1.5");
    }
}
