//! Turns parsed JSON into the definition types without serde's derive.
//!
//! The checker needs a typed survey, page and item from a
//! `serde_json::Value`. `serde_json::from_value` could build them, but the
//! derived `Deserialize` code for these types (an internally tagged enum,
//! untagged enums, `flatten`) buffers everything through serde's private
//! `Content` type and adds tens of kilobytes to the widget's wasm. The
//! functions here build the same values by hand.
//!
//! Architecture Invariant: the reader accepts exactly what
//! `serde_json::from_value` accepts and builds equal values, quirks
//! included. The checker relies on this: a part that serde would read is
//! checked further even when its shape has problems (a misspelt field is
//! ignored, so the rest is still checked), and the fixture tests pin the
//! resulting problem lists. `tests/reader.rs` holds the two to each other
//! with serde as the oracle, so the derives stay the description of the
//! format.
//!
//! serde's rules that decide what is accepted:
//! - A struct may be an object, or a list of its field values in the order
//!   the fields are declared. A short list gives the fields it leaves out
//!   their defaults (and is refused if one has none); a long one is refused.
//!   Items are objects only (`flatten` needs names), and so are conditions
//!   (untagged struct variants have no list form).
//! - Unknown fields are ignored: no type denies them.
//! - A missing field takes its default. `null` means "none" only for an
//!   `Option` field: `"required": null` is refused, not `false`.
//! - An `i64` takes a whole number that fits and a `u32` a whole number from
//!   0 to 4294967295; `5.0` is not whole. An `f64` takes any number.
//! - An item's `type` may also be the position of its kind in [`KINDS`]:
//!   serde's variant names accept an index too.
//! - A condition is tried as `all`, then as `any`, then as a test; a test
//!   is the first test field in the object's key order, and a later one is
//!   ignored.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::definition::{default_language, default_other_code};
use crate::json_value::{boolean, length, list, number, optional, or_default, required, string, whole};
use crate::{AnswerOption, Condition, Definition, Item, ItemKind, OtherOption, Page, Test, Text};

type Object = Map<String, Value>;

impl Definition {
    /// Reads a whole definition from parsed JSON, or `None` when it does not
    /// fit the format's types. Accepts exactly what
    /// `serde_json::from_value::<Definition>` accepts and gives the same
    /// value, without serde's derived code (which is large in WebAssembly).
    ///
    /// This only reads; [`parse_survey`](crate::parse_survey) also checks
    /// the survey and explains every mistake.
    pub fn from_json_value(value: &Value) -> Option<Definition> {
        definition(Fields::of(value)?, |pages| list(pages?, page))
    }
}

impl Page {
    /// Reads one page from parsed JSON, exactly as
    /// `serde_json::from_value::<Page>` would. See
    /// [`Definition::from_json_value`].
    pub fn from_json_value(value: &Value) -> Option<Page> {
        page(value)
    }
}

impl Item {
    /// Reads one item from parsed JSON, exactly as
    /// `serde_json::from_value::<Item>` would. See
    /// [`Definition::from_json_value`].
    pub fn from_json_value(value: &Value) -> Option<Item> {
        item(value.as_object()?)
    }
}

/// The survey's own fields, with `pages` empty whatever it holds (the
/// checker reads pages one by one).
pub(crate) fn header(map: &Object) -> Option<Definition> {
    definition(Fields::Named(map), |_| Some(Vec::new()))
}

/// A page's own fields, with `items` empty whatever it holds (the checker
/// reads items one by one).
pub(crate) fn page_header(map: &Object) -> Option<Page> {
    page_with(Fields::Named(map), |_| Some(Vec::new()))
}

/// The fields of a struct as serde's derive reads them: by name from an
/// object, or in declaration order from a list.
enum Fields<'a> {
    Named(&'a Object),
    Listed(std::slice::Iter<'a, Value>),
}

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Option<Self> {
        match value {
            Value::Object(map) => Some(Fields::Named(map)),
            Value::Array(list) => Some(Fields::Listed(list.iter())),
            _ => None,
        }
    }

    /// The value given for the next field, called `name`. Callers must ask
    /// for the fields in the order the struct declares them, for lists.
    fn next(&mut self, name: &str) -> Option<&'a Value> {
        match self {
            Fields::Named(map) => map.get(name),
            Fields::Listed(values) => values.next(),
        }
    }

    /// Whether every value was used: serde refuses a list with more values
    /// than the struct has fields.
    fn done(self) -> bool {
        match self {
            Fields::Named(_) => true,
            Fields::Listed(mut values) => values.next().is_none(),
        }
    }
}

/// Plain text, or an object whose every value is text.
fn text(value: &Value) -> Option<Text> {
    match value {
        Value::String(s) => Some(Text::Plain(s.clone())),
        Value::Object(map) => map
            .iter()
            .map(|(lang, words)| Some((lang.clone(), string(words)?)))
            .collect::<Option<BTreeMap<_, _>>>()
            .map(Text::Translated),
        _ => None,
    }
}

/// Reads [`Definition`]'s fields in declaration order (struct expressions
/// evaluate their fields in the order written), with `pages` read by the
/// caller's choice.
fn definition(mut fields: Fields<'_>, pages: impl FnOnce(Option<&Value>) -> Option<Vec<Page>>) -> Option<Definition> {
    let definition = Definition {
        id: required(fields.next("id"), string)?,
        version: required(fields.next("version"), string)?,
        default_language: or_default(fields.next("default_language"), string, default_language)?,
        title: required(fields.next("title"), text)?,
        description: optional(fields.next("description"), text)?,
        privacy_notice: required(fields.next("privacy_notice"), text)?,
        pages: pages(fields.next("pages"))?,
    };
    fields.done().then_some(definition)
}

fn page(value: &Value) -> Option<Page> {
    page_with(Fields::of(value)?, |items| list(items?, |item_value| item(item_value.as_object()?)))
}

/// Reads [`Page`]'s fields in declaration order, with `items` read by the
/// caller's choice.
fn page_with(mut fields: Fields<'_>, items: impl FnOnce(Option<&Value>) -> Option<Vec<Item>>) -> Option<Page> {
    let page = Page {
        id: required(fields.next("id"), string)?,
        title: optional(fields.next("title"), text)?,
        show_if: optional(fields.next("show_if"), condition)?,
        items: items(fields.next("items"))?,
    };
    fields.done().then_some(page)
}

/// An item's own fields by name; every other field belongs to its kind.
pub(crate) fn item(map: &Object) -> Option<Item> {
    Some(Item {
        id: required(map.get("id"), string)?,
        text: required(map.get("text"), text)?,
        hint: optional(map.get("hint"), text)?,
        required: or_default(map.get("required"), boolean, || false)?,
        required_message: optional(map.get("required_message"), text)?,
        show_if: optional(map.get("show_if"), condition)?,
        kind: item_kind(map)?,
    })
}

/// The kind named by `type`, with its fields.
///
/// serde hands a flattened, internally tagged enum only the fields the item
/// itself does not claim; no kind has a field with the name of an item
/// field, so reading the kind's fields from the whole object is the same.
/// Fields of other kinds are ignored, as serde ignores them.
fn item_kind(map: &Object) -> Option<ItemKind> {
    let name = match map.get("type")? {
        Value::String(name) => name.as_str(),
        // A number is the kind's position; the checker's list of kinds is in
        // the order `ItemKind` declares its variants.
        index => super::shape::ITEM_TYPES.get(usize::try_from(index.as_u64()?).ok()?)?.0,
    };
    let field = |name: &str| map.get(name);
    Some(match name {
        "display" => ItemKind::Display,
        "single_choice" => ItemKind::SingleChoice {
            options: required(field("options"), answer_options)?,
            other: optional(field("other"), other_option)?,
        },
        "multiple_choice" => ItemKind::MultipleChoice {
            options: required(field("options"), answer_options)?,
            other: optional(field("other"), other_option)?,
        },
        "yes_no" => ItemKind::YesNo,
        "scale" => ItemKind::Scale {
            min: required(field("min"), whole)?,
            max: required(field("max"), whole)?,
            min_label: optional(field("min_label"), text)?,
            max_label: optional(field("max_label"), text)?,
        },
        "likert" => ItemKind::Likert { options: optional(field("options"), answer_options)? },
        "short_text" => ItemKind::ShortText { max_length: optional(field("max_length"), length)? },
        "long_text" => ItemKind::LongText { max_length: optional(field("max_length"), length)? },
        "integer" => ItemKind::Integer { min: optional(field("min"), whole)?, max: optional(field("max"), whole)? },
        "decimal" => ItemKind::Decimal { min: optional(field("min"), number)?, max: optional(field("max"), number)? },
        "date" => ItemKind::Date,
        _ => return None,
    })
}

fn answer_options(value: &Value) -> Option<Vec<AnswerOption>> {
    list(value, answer_option)
}

fn answer_option(value: &Value) -> Option<AnswerOption> {
    let mut fields = Fields::of(value)?;
    let option = AnswerOption {
        code: required(fields.next("code"), string)?,
        label: required(fields.next("label"), text)?,
        value: optional(fields.next("value"), number)?,
        prefer_not_to_say: or_default(fields.next("prefer_not_to_say"), boolean, || false)?,
        exclusive: or_default(fields.next("exclusive"), boolean, || false)?,
        hint: optional(fields.next("hint"), text)?,
    };
    fields.done().then_some(option)
}

fn other_option(value: &Value) -> Option<OtherOption> {
    let mut fields = Fields::of(value)?;
    let other = OtherOption {
        code: or_default(fields.next("code"), string, default_other_code)?,
        label: required(fields.next("label"), text)?,
        detail_label: optional(fields.next("detail_label"), text)?,
    };
    fields.done().then_some(other)
}

/// Tries the variants of the untagged [`Condition`] in order, as serde does:
/// an object with a readable `all` is `All` whatever else it holds.
fn condition(value: &Value) -> Option<Condition> {
    let map = value.as_object()?;
    if let Some(all) = map.get("all").and_then(|all| list(all, condition)) {
        return Some(Condition::All { all });
    }
    if let Some(any) = map.get("any").and_then(|any| list(any, condition)) {
        return Some(Condition::Any { any });
    }
    let item = required(map.get("item"), string)?;
    // serde takes the first field that names a test and reads only that one.
    let test = map.iter().find_map(|(name, value)| test(name, value))??;
    Some(Condition::Test { item, test })
}

/// Reads `value` as the test called `name`: `None` when no test has that
/// name, `Some(None)` when one has but the value does not fit.
fn test(name: &str, value: &Value) -> Option<Option<Test>> {
    Some(match name {
        "equals" => string(value).map(Test::Equals),
        "not_equals" => string(value).map(Test::NotEquals),
        "one_of" => list(value, string).map(Test::OneOf),
        "answered" => boolean(value).map(Test::Answered),
        "greater_than" => number(value).map(Test::GreaterThan),
        "at_least" => number(value).map(Test::AtLeast),
        "less_than" => number(value).map(Test::LessThan),
        "at_most" => number(value).map(Test::AtMost),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;

    /// `map` with an empty list in `list`.
    fn emptied(map: &Object, list: &str) -> Value {
        let mut map = map.clone();
        map.insert(list.to_owned(), json!([]));
        Value::Object(map)
    }

    /// Checks [`header`] and [`page_header`] on every object in `value`
    /// against serde reading the object with an empty list put in `pages`
    /// or `items`, which is what the checker used to do.
    fn assert_headers_agree(value: &Value) {
        match value {
            Value::Object(map) => {
                assert_eq!(header(map), serde_json::from_value(emptied(map, "pages")).ok(), "survey header: {value}");
                assert_eq!(
                    page_header(map),
                    serde_json::from_value(emptied(map, "items")).ok(),
                    "page header: {value}"
                );
                map.values().for_each(assert_headers_agree);
            }
            Value::Array(values) => values.iter().for_each(assert_headers_agree),
            _ => {}
        }
    }

    fn json_files(dir: &Path, out: &mut Vec<Value>) {
        for entry in std::fs::read_dir(dir).expect("fixture directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                json_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("fixture");
                out.extend(serde_json::from_str::<Value>(&text).ok());
            }
        }
    }

    #[test]
    fn headers_are_read_as_serde_reads_them_with_an_empty_list() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut values = Vec::new();
        json_files(&root.join("tests/fixtures"), &mut values);
        json_files(&root.join("../../public/surveys"), &mut values);
        json_files(&root.join("../../tests/fixtures"), &mut values);
        assert!(values.len() > 50, "expected the fixtures, found {}", values.len());
        values.extend([
            json!({ "id": "s", "version": "1", "title": "T", "privacy_notice": "N" }),
            json!({ "id": "s", "version": "1", "title": "T", "privacy_notice": "N", "pages": "none" }),
            json!({ "id": "s", "version": "1", "title": "T", "privacy_notice": "N", "pages": [], "description": 1 }),
            json!({ "id": "p" }),
            json!({ "id": "p", "items": { "id": "q" } }),
            json!({ "id": "p", "items": [], "show_if": { "item": "q", "answered": "yes" } }),
        ]);
        values.iter().for_each(assert_headers_agree);
    }
}
