//! Writing CSV as RFC 4180 describes, for spreadsheets.
//!
//! Free-text answers hold commas, quotes and line breaks, so every field that
//! has one is quoted and its quotes doubled. Lines end in CRLF as the RFC
//! says; Excel and LibreOffice read that, and so do CSV libraries.
//!
//! Fields that start with `=`, `+`, `-` or `@` are written as they are:
//! changing them would change the data, and the answers and context columns
//! are JSON, which never starts with those.

use std::borrow::Cow;

/// One field, quoted when it holds a comma, a quote or a line break.
pub fn csv_field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

/// Appends one record, with its CRLF, to `out`.
pub(crate) fn push_record<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(field));
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_fields_are_not_quoted() {
        assert_eq!(csv_field("very_good"), "very_good");
        assert_eq!(csv_field(""), "");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("line\nnext"), "\"line\nnext\"");
        assert_eq!(csv_field("line\r\nnext"), "\"line\r\nnext\"");
    }

    #[test]
    fn records_end_in_crlf() {
        let mut out = String::new();
        push_record(&mut out, ["id", "a,b", ""]);
        push_record(&mut out, ["2"]);
        assert_eq!(out, "id,\"a,b\",\r\n2\r\n");
    }
}
