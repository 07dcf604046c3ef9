//! Reading numbers people type, and writing numbers back for people.
//!
//! Rust's own float parser accepts `inf`, `NaN` and `1e5`, none of which a
//! person means when filling in a survey, so typed numbers are checked
//! character by character first.
//!
//! A comma is read only as a thousands separator, and only where it sits
//! between groups of three digits: "1,000", "12,345.5", "1,234,567". Any
//! other comma ("72,5", "1,00", ",5", "1,,000", "1000,000") is most likely a
//! decimal comma, and silently dropping it would turn 72,5 kg into 725 kg, so
//! such text is refused with its own [`NumberProblem::MisplacedComma`] and the
//! person is asked to use a full stop.
//!
//! Locale seam: the marks are held in a [`Separators`] value, and today
//! there is one, [`ENGLISH`]. A later issue adds languages that write a
//! decimal comma ("1.234,5"); they get their own `Separators` (chosen from
//! the survey's language), and the grouping rules below stay as they are.

/// Why typed text is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberProblem {
    /// Occurs when the text is not a plain number at all ("seven", "1e5",
    /// "1.2.3"), or is not whole where a whole number is wanted.
    NotNumber,
    /// Occurs when the text is a number apart from a comma that is not a
    /// thousands separator, such as the decimal comma in "72,5".
    MisplacedComma,
}

/// The marks a person writes inside a number.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Separators {
    /// Between the whole part and the fraction.
    decimal: char,
    /// Between groups of three digits in the whole part.
    group: char,
}

/// "1,234.5": the only way numbers are read until locales arrive.
pub(crate) const ENGLISH: Separators = Separators { decimal: '.', group: ',' };

/// Reads a typed whole number, allowing spaces around it and commas between
/// thousands ("1,000"). `None` when it is not a whole number that fits.
pub(crate) fn parse_integer(raw: &str) -> Option<i64> {
    read_integer(raw, ENGLISH).ok()
}

/// Reads a typed number that may have one decimal point. `None` when it is not
/// a plain finite number.
pub(crate) fn parse_decimal(raw: &str) -> Option<f64> {
    read_decimal(raw, ENGLISH).ok()
}

/// [`parse_integer`], saying why the text is not a whole number.
pub(crate) fn read_integer(raw: &str, marks: Separators) -> Result<i64, NumberProblem> {
    let plain = plain_number(raw, marks)?;
    if plain.contains('.') {
        return Err(NumberProblem::NotNumber);
    }
    plain.parse().map_err(|_| NumberProblem::NotNumber)
}

/// [`parse_decimal`], saying why the text is not a number.
pub(crate) fn read_decimal(raw: &str, marks: Separators) -> Result<f64, NumberProblem> {
    let plain = plain_number(raw, marks)?;
    plain.parse::<f64>().ok().filter(|n| n.is_finite()).ok_or(NumberProblem::NotNumber)
}

/// The typed number rewritten for Rust's parser: an optional sign, digits,
/// and at most one `.`, with the thousands separators taken out once they
/// have been checked to sit between groups of three.
fn plain_number(raw: &str, marks: Separators) -> Result<String, NumberProblem> {
    let text = raw.trim();
    let (sign, body) = match text.strip_prefix(['-', '+']) {
        Some(rest) => (&text[..1], rest),
        None => ("", text),
    };
    // Anything but digits and the two marks means this is not a number at
    // all, whatever its commas look like.
    if !body.chars().all(|c| c.is_ascii_digit() || c == marks.decimal || c == marks.group) {
        return Err(NumberProblem::NotNumber);
    }
    let (whole, fraction) = match body.split_once(marks.decimal) {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    if fraction.is_some_and(|f| f.contains(marks.decimal)) {
        return Err(NumberProblem::NotNumber);
    }
    if fraction.is_some_and(|f| f.contains(marks.group)) {
        return Err(NumberProblem::MisplacedComma);
    }
    if whole.contains(marks.group) && !is_grouped_in_thousands(whole, marks.group) {
        return Err(NumberProblem::MisplacedComma);
    }
    let digits: String = whole.chars().filter(|c| *c != marks.group).collect();
    let fraction = fraction.unwrap_or("");
    if digits.is_empty() && fraction.is_empty() {
        return Err(NumberProblem::NotNumber);
    }
    Ok(format!("{sign}{digits}.{fraction}").trim_end_matches('.').to_owned())
}

/// Whether `whole` is 1 to 3 digits (not starting with 0) followed by one or
/// more groups of exactly 3 digits, each after one `group` mark. A leading 0
/// is refused because "0,500" is far more likely a decimal comma than
/// five hundred.
fn is_grouped_in_thousands(whole: &str, group: char) -> bool {
    let mut groups = whole.split(group);
    let first = groups.next().unwrap_or("");
    let first_ok = (1..=3).contains(&first.len()) && !first.starts_with('0');
    first_ok && groups.all(|g| g.len() == 3)
}

/// Writes a number the way a person would: `10`, `1.5`, `-3`, with the
/// fewest digits that read back as the same number, and never with an
/// exponent. This is what `Display for f64` writes, but `Display` brings
/// about 15 KB of float formatting into the wasm; serde_json's shortest
/// formatting is in the survey bundle anyway (responses carry numbers), so
/// its digits are laid out here instead. The tests hold the two equal.
pub(crate) fn format_number(n: f64) -> String {
    match serde_json::Number::from_f64(n) {
        Some(number) => without_exponent(&number.to_string()),
        // Not finite: never a definition's number (the reader refuses them).
        None => String::new(),
    }
}

/// `1.5e-7` → `0.00000015`, `1e16` → `10000000000000000`, `10.0` → `10`.
fn without_exponent(short: &str) -> String {
    let (sign, unsigned) = match short.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", short),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().unwrap_or(0)),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = format!("{whole}{fraction}");
    // Where the decimal point falls among `digits`, counted from the left.
    let point = whole.len() as i64 + exponent;
    let laid_out = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point as usize >= digits.len() {
        format!("{digits}{}", "0".repeat(point as usize - digits.len()))
    } else {
        let (left, right) = digits.split_at(point as usize);
        format!("{left}.{right}")
    };
    let laid_out =
        if laid_out.contains('.') { laid_out.trim_end_matches('0').trim_end_matches('.') } else { &laid_out };
    let trimmed = laid_out.trim_start_matches('0');
    let whole_part =
        if trimmed.is_empty() || trimmed.starts_with('.') { format!("0{trimmed}") } else { trimmed.to_owned() };
    format!("{sign}{whole_part}")
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
    fn commas_between_groups_of_three_are_thousands_separators() {
        assert_eq!(parse_decimal("1,000"), Some(1000.0));
        assert_eq!(parse_decimal("12,345.5"), Some(12345.5));
        assert_eq!(parse_decimal("-1,234,567"), Some(-1234567.0));
        assert_eq!(parse_integer("1,234,567"), Some(1234567));
    }

    /// Issue 8: "72,5" was stored as 725 and "1,5" as 15.
    #[test]
    fn any_other_comma_is_refused_not_dropped() {
        for raw in
            ["72,5", "1,5", "1,00", "12,34", ",5", "1,,000", "1000,000", "1,000,", "0,500", "1,000.5,5", "1,0000"]
        {
            assert_eq!(read_decimal(raw, ENGLISH), Err(NumberProblem::MisplacedComma), "{raw}");
            assert_eq!(read_integer(raw, ENGLISH), Err(NumberProblem::MisplacedComma), "{raw}");
        }
    }

    #[test]
    fn text_that_is_no_number_at_all_is_not_blamed_on_its_comma() {
        assert_eq!(read_decimal("7,5 kg", ENGLISH), Err(NumberProblem::NotNumber));
        assert_eq!(read_decimal("1,000.5.5", ENGLISH), Err(NumberProblem::NotNumber));
        assert_eq!(read_integer("1,000.5", ENGLISH), Err(NumberProblem::NotNumber));
        assert_eq!(read_decimal(",", ENGLISH), Err(NumberProblem::MisplacedComma));
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
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.25), "-0.25");
        assert_eq!(format_number(1e16), "10000000000000000");
        assert_eq!(format_number(1.5e-7), "0.00000015");
    }

    // `Display for f64` is the oracle: the survey bundle leaves it out for
    // its size, but it is what people would expect a number to look like.
    proptest::proptest! {
        #[test]
        fn numbers_are_written_as_display_writes_them(n in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO) {
            proptest::prop_assert_eq!(format_number(n), format!("{n}"));
        }

        #[test]
        fn everyday_numbers_are_written_as_display_writes_them(whole in -100_000i64..100_000, hundredths in 0u32..100) {
            let n = whole as f64 + f64::from(hundredths) / 100.0;
            proptest::prop_assert_eq!(format_number(n), format!("{n}"));
        }
    }
}
