//! The hand-written reader against serde's derive.
//!
//! The checker reads definitions with `Definition::from_json_value` and its
//! siblings, which must accept exactly what `serde_json::from_value` accepts
//! and build equal values. serde is the oracle here, so the derives stay the
//! description of the format: change a type or its serde attributes without
//! changing the reader, and these tests fail.
//!
//! Inputs: every JSON file among the fixtures and the example surveys; every
//! single corruption of the valid ones; random definitions with random
//! corruptions; and random items and conditions built from the format's
//! field names with values of every JSON kind.

use std::fmt::Debug;
use std::path::{Path, PathBuf};

use heard_engine::{AnswerOption, Condition, Definition, Item, ItemKind, OtherOption, Page, Test, Text};
use proptest::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

// ------------------------------------------------------------ comparing

/// Whether the reader and serde agree on `value` read as a `T`.
fn agree_as<T: DeserializeOwned + PartialEq + Debug>(
    value: &Value,
    read: fn(&Value) -> Option<T>,
) -> Result<(), String> {
    let serde = serde_json::from_value::<T>(value.clone());
    let ours = read(value);
    if serde.as_ref().ok() == ours.as_ref() {
        Ok(())
    } else {
        Err(format!("reading {} from {value}\n  serde:  {serde:?}\n  reader: {ours:?}", std::any::type_name::<T>()))
    }
}

/// Whether the reader and serde agree on `value` read as each of the three
/// types.
fn agree(value: &Value) -> Result<(), String> {
    agree_as(value, Definition::from_json_value)?;
    agree_as(value, Page::from_json_value)?;
    agree_as(value, Item::from_json_value)
}

/// Whether they agree on every value in the tree, read as each type. Reading
/// every part as every type covers the definition, each page and each item
/// (whichever form they are in), and more.
fn agree_everywhere(value: &Value) -> Result<(), String> {
    agree(value)?;
    match value {
        Value::Array(values) => values.iter().try_for_each(agree_everywhere),
        Value::Object(map) => map.values().try_for_each(agree_everywhere),
        _ => Ok(()),
    }
}

/// Whether they agree on a definition, its pages and its items (the parts
/// the checker reads). When both read the whole definition alike, they have
/// read every page and item alike too.
fn agree_on_parts(value: &Value) -> Result<(), String> {
    agree_as(value, Definition::from_json_value)?;
    if Definition::from_json_value(value).is_some() {
        return Ok(());
    }
    for page in value.get("pages").and_then(Value::as_array).into_iter().flatten() {
        agree_as(page, Page::from_json_value)?;
        for item in page.get("items").and_then(Value::as_array).into_iter().flatten() {
            agree_as(item, Item::from_json_value)?;
        }
    }
    Ok(())
}

// ------------------------------------------------------------ corrupting

/// Struct fields in declaration order, for turning an object into serde's
/// list form of a struct.
const FIELD_ORDERS: &[&[&str]] = &[
    &["id", "version", "default_language", "title", "description", "privacy_notice", "pages"],
    &["id", "title", "show_if", "items"],
    &["code", "label", "value", "prefer_not_to_say", "exclusive", "hint"],
    &["code", "label", "detail_label"],
    &["id", "text", "hint", "required", "required_message", "show_if", "type"],
    &["item", "equals"],
    &["all"],
];

/// Every field name the format has, a few near misses, and `type`.
const KEYS: &[&str] = &[
    "id",
    "version",
    "default_language",
    "title",
    "description",
    "privacy_notice",
    "pages",
    "show_if",
    "items",
    "type",
    "text",
    "hint",
    "required",
    "required_message",
    "options",
    "other",
    "min",
    "max",
    "min_label",
    "max_label",
    "max_length",
    "code",
    "label",
    "value",
    "prefer_not_to_say",
    "exclusive",
    "detail_label",
    "item",
    "all",
    "any",
    "equals",
    "not_equals",
    "one_of",
    "answered",
    "greater_than",
    "at_least",
    "less_than",
    "at_most",
    "Type",
    "lable",
    "colour",
    "",
];

/// Item `type` names, and the tags serde might also take for them.
fn type_tags() -> Vec<Value> {
    let names = [
        "display",
        "single_choice",
        "multiple_choice",
        "yes_no",
        "scale",
        "likert",
        "short_text",
        "long_text",
        "integer",
        "decimal",
        "date",
        "singleChoice",
        "single-choice",
        "text",
        "",
    ];
    let mut tags: Vec<Value> = names.iter().map(|n| json!(n)).collect();
    tags.extend(names[..11].iter().map(|n| json!(format!("{}{}", n[..1].to_uppercase(), &n[1..]))));
    tags.extend((0..13).map(|n| json!(n)));
    tags.extend([json!(-1), json!(1.0), json!(4.0), json!(u64::MAX), json!(true), json!(null), json!(["scale"])]);
    tags
}

/// Values of every JSON kind that sit on the edges of what the types take.
fn edge_values() -> Vec<Value> {
    let mut values = vec![
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(1),
        json!(2),
        json!(10),
        json!(-1),
        json!(-7),
        json!(0.0),
        json!(-0.0),
        json!(1.5),
        json!(5.0),
        json!(-2.5),
        json!(1e300),
        json!(u32::MAX),
        json!(u64::from(u32::MAX) + 1),
        json!(i64::MAX),
        json!(i64::MAX as u64 + 1),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("x"),
        json!("q1"),
        json!("yes"),
        json!("5"),
        json!([]),
        json!([null]),
        json!(["a", "b"]),
        json!([1]),
        json!([[]]),
        json!({}),
        json!({ "en": "Yes", "cy": "Ie" }),
        json!({ "en": 1 }),
        json!({ "en": null }),
        json!({ "item": "q1", "equals": "a" }),
        json!({ "item": "q1", "answered": true, "equals": 3 }),
        json!({ "item": "q1" }),
        json!({ "all": [] }),
        json!({ "any": [{ "item": "q0", "at_least": 2 }] }),
        json!({ "all": 1, "any": [] }),
        json!({ "all": [{}], "item": "q1", "one_of": ["a"] }),
        json!([{ "item": "q1", "equals": "a" }]),
        json!({ "code": "a", "label": "A" }),
        json!({ "code": "a", "label": { "en": "A" }, "value": 2, "exclusive": true }),
        json!({ "label": "Other" }),
        json!(["a", "A"]),
        json!(["a", "A", 1, true, false, "hint"]),
        json!(["a", "A", null, null, null, null, null]),
        json!(["a", "A", null, null]),
        json!(["other", "Other"]),
        json!(["other", "Other", "Say", 1]),
        json!({ "id": "p", "items": [] }),
        json!(["p", null, null, []]),
        json!({ "id": "q", "type": "display", "text": "T" }),
        json!({ "id": "q", "type": 3, "text": "T" }),
    ];
    values.extend(type_tags());
    values
}

/// One change to one part of a value.
#[derive(Debug, Clone)]
enum Corruption {
    /// Replace the part.
    Replace(Value),
    /// Remove a field of an object (the n-th).
    Remove(usize),
    /// Add or overwrite a field of an object.
    Set(&'static str, Value),
    /// Turn an object into a list of its fields in one struct's order,
    /// cut to a length (a longer length pads with `null`).
    ToList(usize, usize),
    /// `5` becomes `5.0` and `5.0` becomes `5`.
    FlipNumber,
    /// Plain text becomes translations, translations become plain text.
    FlipText,
    /// `x` becomes `[x]`.
    Wrap,
    /// Empty an object or list.
    Empty,
    /// Repeat the first value of a list.
    Repeat,
}

fn apply(value: &mut Value, corruption: &Corruption) {
    match (corruption, &mut *value) {
        (Corruption::Replace(new), _) => *value = new.clone(),
        (Corruption::Remove(n), Value::Object(map)) if !map.is_empty() => {
            let key = map.keys().nth(n % map.len()).cloned().unwrap_or_default();
            map.remove(&key);
        }
        (Corruption::Set(key, new), Value::Object(map)) => {
            map.insert((*key).to_owned(), new.clone());
        }
        (Corruption::ToList(order, len), Value::Object(map)) => {
            let order = FIELD_ORDERS[order % FIELD_ORDERS.len()];
            let list: Vec<Value> =
                (0..*len).map(|i| order.get(i).and_then(|k| map.get(*k)).cloned().unwrap_or(Value::Null)).collect();
            *value = Value::Array(list);
        }
        (Corruption::FlipNumber, Value::Number(n)) => {
            *value = match (n.as_i64(), n.as_u64(), n.as_f64()) {
                (Some(i), _, _) => json!(i as f64),
                (_, Some(u), _) => json!(u as f64),
                (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e15 => json!(f as i64),
                _ => json!(-1),
            };
        }
        (Corruption::FlipText, Value::String(s)) => *value = json!({ "en": s }),
        (Corruption::FlipText, Value::Object(map)) => {
            *value = map.values().next().cloned().unwrap_or_else(|| json!(""));
        }
        (Corruption::Wrap, _) => *value = Value::Array(vec![value.take()]),
        (Corruption::Empty, Value::Object(map)) => map.clear(),
        (Corruption::Empty, Value::Array(list)) => list.clear(),
        (Corruption::Repeat, Value::Array(list)) if !list.is_empty() => list.push(list[0].clone()),
        _ => {}
    }
}

/// How many parts a value has, itself included.
fn count_parts(value: &Value) -> usize {
    1 + match value {
        Value::Array(values) => values.iter().map(count_parts).sum(),
        Value::Object(map) => map.values().map(count_parts).sum(),
        _ => 0,
    }
}

/// The n-th part of a value, counting itself first and then its children
/// depth first.
fn part_mut(value: &mut Value, mut n: usize) -> Option<&mut Value> {
    if n == 0 {
        return Some(value);
    }
    n -= 1;
    let children: Vec<&mut Value> = match value {
        Value::Array(values) => values.iter_mut().collect(),
        Value::Object(map) => map.values_mut().collect(),
        _ => return None,
    };
    for child in children {
        let size = count_parts(child);
        if n < size {
            return part_mut(child, n);
        }
        n -= size;
    }
    None
}

/// Every corruption the sweep tries on every part.
fn sweep_corruptions() -> Vec<Corruption> {
    let mut all: Vec<Corruption> = edge_values().into_iter().map(Corruption::Replace).collect();
    all.extend((0..4).map(Corruption::Remove));
    for key in KEYS {
        for value in [json!(null), json!("x"), json!(-1), json!(1.5), json!({})] {
            all.push(Corruption::Set(key, value));
        }
    }
    for order in 0..FIELD_ORDERS.len() {
        all.extend((0..9).map(|len| Corruption::ToList(order, len)));
    }
    all.extend([Corruption::FlipNumber, Corruption::FlipText, Corruption::Wrap, Corruption::Empty, Corruption::Repeat]);
    all
}

// ------------------------------------------------------------ files

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every JSON file among the engine's fixtures, the example surveys and the
/// widget's every-kind survey, parsed (files that are not JSON on purpose
/// are left out).
fn fixture_values() -> Vec<(PathBuf, Value)> {
    let mut files = Vec::new();
    json_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"), &mut files);
    json_files(&repo_root().join("public/surveys"), &mut files);
    files.push(repo_root().join("tests/fixtures/every-kind.json"));
    files.sort();
    files
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            serde_json::from_str(&text).ok().map(|value| (path, value))
        })
        .collect()
}

/// The surveys that load: the valid fixtures, the examples, every-kind.
fn survey_values() -> Vec<(PathBuf, Value)> {
    fixture_values()
        .into_iter()
        .filter(|(path, value)| {
            let valid = !path.to_string_lossy().contains("/invalid/");
            valid && value.get("pages").is_some()
        })
        .collect()
}

#[test]
fn the_reader_agrees_with_serde_on_every_fixture() {
    let values = fixture_values();
    assert!(values.len() > 50, "expected the fixtures, found {} files", values.len());
    let surveys = survey_values();
    assert!(surveys.len() >= 7, "expected the example surveys, found {}", surveys.len());
    let mut read = 0;
    for (path, value) in &values {
        agree_everywhere(value).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        read += usize::from(Definition::from_json_value(value).is_some());
    }
    assert!(read >= surveys.len(), "every survey should be read, but only {read} were");
}

/// Every corruption of every part of the widget's survey with every kind of
/// question.
#[test]
fn the_reader_agrees_with_serde_on_every_single_corruption_of_every_kind() {
    let path = repo_root().join("tests/fixtures/every-kind.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let survey: Value = serde_json::from_str(&text).expect("every-kind.json is JSON");
    let corruptions = sweep_corruptions();
    let mut tried = 0;
    for n in 0..count_parts(&survey) {
        for corruption in &corruptions {
            let mut value = survey.clone();
            let Some(part) = part_mut(&mut value, n) else { continue };
            apply(part, corruption);
            if value == survey {
                continue; // the corruption does not apply to this part
            }
            agree_on_parts(&value).unwrap_or_else(|e| panic!("part {n} changed by {corruption:?}: {e}"));
            shape_pass_explains_everything(&value)
                .unwrap_or_else(|e| panic!("part {n} changed by {corruption:?}: {e}"));
            tried += 1;
        }
    }
    assert!(tried > 10_000, "expected a wide sweep, tried {tried}");
}

/// The checker's last resort, for a part the shape pass found nothing wrong
/// with but the reader could not read, must never be needed: every mistake
/// gets a message that says what is wrong and how to fix it.
fn shape_pass_explains_everything(value: &Value) -> Result<(), String> {
    let Err(error) = heard_engine::parse_survey(&value.to_string()) else { return Ok(()) };
    match error.problems.iter().find(|p| p.message.contains("bug in Heard's checker")) {
        Some(problem) => Err(format!("the shape pass missed a mistake at {}: {}", problem.path, problem.message)),
        None => Ok(()),
    }
}

/// Cases the module documentation of the reader calls out, pinned so that a
/// change in serde's behaviour is noticed here first.
#[test]
fn serde_quirks_the_reader_copies() {
    let item = |extra: Value| {
        let mut map = json!({ "id": "q", "text": "T" });
        map.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        map
    };
    let cases = [
        // A kind may be named by its position.
        (item(json!({ "type": 4, "min": 0, "max": 3 })), true),
        (item(json!({ "type": 11 })), false),
        (item(json!({ "type": 4.0, "min": 0, "max": 3 })), false),
        // `null` is "none" only for `Option` fields.
        (item(json!({ "type": "yes_no", "required": null })), false),
        (item(json!({ "type": "yes_no", "hint": null })), true),
        // Whole numbers and lengths.
        (item(json!({ "type": "scale", "min": 0, "max": 5.0 })), false),
        (item(json!({ "type": "decimal", "min": 0, "max": 5 })), true),
        (item(json!({ "type": "short_text", "max_length": 4_294_967_296_u64 })), false),
        (item(json!({ "type": "short_text", "max_length": -1 })), false),
        // Answers as lists of their fields.
        (item(json!({ "type": "single_choice", "options": [["a", "A"]] })), true),
        (item(json!({ "type": "single_choice", "options": [["a", "A", null, null, null, null, null]] })), false),
        (item(json!({ "type": "single_choice", "options": [], "other": ["other", "Other"] })), true),
        // Conditions: `all` wins when readable, else the first test by key.
        (item(json!({ "type": "date", "show_if": { "all": 1, "item": "q0", "answered": true } })), true),
        (item(json!({ "type": "date", "show_if": { "item": "q0", "answered": true, "equals": 3 } })), true),
        (item(json!({ "type": "date", "show_if": { "item": "q0", "answered": 3, "equals": "a" } })), false),
        (item(json!({ "type": "date", "show_if": [{ "item": "q0", "answered": true }] })), false),
        // Unknown fields are ignored.
        (item(json!({ "type": "display", "colour": "red", "options": 1 })), true),
    ];
    for (value, readable) in cases {
        agree(&value).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(Item::from_json_value(&value).is_some(), readable, "{value}");
    }
    let mut survey = json!({ "id": "s", "version": "1", "title": "T", "privacy_notice": "N", "pages": [] });
    agree(&survey).unwrap_or_else(|e| panic!("{e}"));
    survey["default_language"] = Value::Null;
    agree(&survey).unwrap_or_else(|e| panic!("{e}"));
    assert!(Definition::from_json_value(&survey).is_none(), "a default is not taken for null");
    let survey = json!(["s", "1", "cy", "Title", null, "Notice", [["p", null, null, []]]]);
    agree(&survey).unwrap_or_else(|e| panic!("{e}"));
    assert!(Definition::from_json_value(&survey).is_some(), "a survey as a list of its fields is read");
}

// ------------------------------------------------------------ random definitions

fn word() -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), "[a-z_]{1,6}", ".{0,4}"]
}

fn text() -> impl Strategy<Value = Text> {
    prop_oneof![
        word().prop_map(Text::Plain),
        proptest::collection::btree_map("[a-z]{2}(-[A-Z]{2})?", word(), 0..3).prop_map(Text::Translated),
    ]
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![-1e6..1e6f64, (-20i64..20).prop_map(|n| n as f64), Just(0.5), Just(f64::MAX)]
}

fn test() -> impl Strategy<Value = Test> {
    prop_oneof![
        word().prop_map(Test::Equals),
        word().prop_map(Test::NotEquals),
        proptest::collection::vec(word(), 0..3).prop_map(Test::OneOf),
        any::<bool>().prop_map(Test::Answered),
        number().prop_map(Test::GreaterThan),
        number().prop_map(Test::AtLeast),
        number().prop_map(Test::LessThan),
        number().prop_map(Test::AtMost),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    let leaf = (word(), test()).prop_map(|(item, test)| Condition::Test { item, test });
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..3).prop_map(|all| Condition::All { all }),
            proptest::collection::vec(inner, 0..3).prop_map(|any| Condition::Any { any }),
        ]
    })
}

fn answer_option() -> impl Strategy<Value = AnswerOption> {
    (word(), text(), proptest::option::of(number()), any::<bool>(), any::<bool>(), proptest::option::of(text()))
        .prop_map(|(code, label, value, prefer_not_to_say, exclusive, hint)| AnswerOption {
            code,
            label,
            value,
            prefer_not_to_say,
            exclusive,
            hint,
        })
}

fn answer_options() -> impl Strategy<Value = Vec<AnswerOption>> {
    proptest::collection::vec(answer_option(), 0..3)
}

fn other_option() -> impl Strategy<Value = Option<OtherOption>> {
    proptest::option::of(
        (word(), text(), proptest::option::of(text())).prop_map(|(code, label, detail_label)| OtherOption {
            code,
            label,
            detail_label,
        }),
    )
}

fn item_kind() -> impl Strategy<Value = ItemKind> {
    let bound = || proptest::option::of(any::<i64>());
    prop_oneof![
        Just(ItemKind::Display),
        (answer_options(), other_option()).prop_map(|(options, other)| ItemKind::SingleChoice { options, other }),
        (answer_options(), other_option()).prop_map(|(options, other)| ItemKind::MultipleChoice { options, other }),
        Just(ItemKind::YesNo),
        (any::<i64>(), -3i64..12, proptest::option::of(text()), proptest::option::of(text()))
            .prop_map(|(min, max, min_label, max_label)| ItemKind::Scale { min, max, min_label, max_label }),
        proptest::option::of(answer_options()).prop_map(|options| ItemKind::Likert { options }),
        proptest::option::of(any::<u32>()).prop_map(|max_length| ItemKind::ShortText { max_length }),
        proptest::option::of(any::<u32>()).prop_map(|max_length| ItemKind::LongText { max_length }),
        (bound(), bound()).prop_map(|(min, max)| ItemKind::Integer { min, max }),
        (proptest::option::of(number()), proptest::option::of(number()))
            .prop_map(|(min, max)| ItemKind::Decimal { min, max }),
        Just(ItemKind::Date),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    (
        word(),
        text(),
        proptest::option::of(text()),
        any::<bool>(),
        proptest::option::of(text()),
        proptest::option::weighted(0.4, condition()),
        item_kind(),
    )
        .prop_map(|(id, text, hint, required, required_message, show_if, kind)| Item {
            id,
            text,
            hint,
            required,
            required_message,
            show_if,
            kind,
        })
}

fn page() -> impl Strategy<Value = Page> {
    (
        word(),
        proptest::option::of(text()),
        proptest::option::weighted(0.3, condition()),
        proptest::collection::vec(item(), 0..4),
    )
        .prop_map(|(id, title, show_if, items)| Page { id, title, show_if, items })
}

fn definition() -> impl Strategy<Value = Definition> {
    (word(), word(), word(), text(), proptest::option::of(text()), text(), proptest::collection::vec(page(), 0..3))
        .prop_map(|(id, version, default_language, title, description, privacy_notice, pages)| Definition {
            id,
            version,
            default_language,
            title,
            description,
            privacy_notice,
            pages,
        })
}

/// Any JSON at all, with keys from the format, to put anywhere.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![proptest::sample::select(edge_values()), word().prop_map(Value::String)];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec((proptest::sample::select(KEYS), inner), 0..5)
                .prop_map(|fields| Value::Object(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())),
        ]
    })
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        3 => any_json().prop_map(Corruption::Replace),
        3 => any::<usize>().prop_map(Corruption::Remove),
        4 => (proptest::sample::select(KEYS), any_json()).prop_map(|(k, v)| Corruption::Set(k, v)),
        2 => (0..FIELD_ORDERS.len(), 0usize..9).prop_map(|(order, len)| Corruption::ToList(order, len)),
        2 => Just(Corruption::FlipNumber),
        2 => Just(Corruption::FlipText),
        1 => Just(Corruption::Wrap),
        1 => Just(Corruption::Empty),
        1 => Just(Corruption::Repeat),
    ]
}

fn json_of<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).expect("serialise")
}

/// A value for `key` that is usually right for it and sometimes anything.
fn value_for(key: &'static str) -> BoxedStrategy<Value> {
    let fitting: BoxedStrategy<Value> = match key {
        "type" => prop_oneof![
            3 => proptest::sample::select(type_tags()[..11].to_vec()),
            1 => proptest::sample::select(type_tags()),
        ]
        .boxed(),
        "id" | "version" | "default_language" | "code" | "item" => word().prop_map(Value::String).boxed(),
        "text" | "hint" | "label" | "title" | "description" | "privacy_notice" | "min_label" | "max_label"
        | "detail_label" | "required_message" => text().prop_map(json_of).boxed(),
        "required" | "prefer_not_to_say" | "exclusive" => any::<bool>().prop_map(Value::Bool).boxed(),
        "min" | "max" => (-20i64..20).prop_map(|n| json!(n)).boxed(),
        "max_length" => (0u32..3000).prop_map(|n| json!(n)).boxed(),
        "value" => number().prop_map(|n| json!(n)).boxed(),
        "pages" => proptest::collection::vec(
            prop_oneof![
                3 => object_of(PAGE_FIELDS),
                1 => object_of(PAGE_FIELDS).prop_map(|mut page| {
                    apply(&mut page, &Corruption::ToList(1, 4));
                    page
                }),
            ],
            0..3,
        )
        .prop_map(Value::Array)
        .boxed(),
        "items" => proptest::collection::vec(object_of(ITEM_FIELDS), 0..3).prop_map(Value::Array).boxed(),
        "options" => proptest::collection::vec(
            prop_oneof![
                2 => object_of(OPTION_FIELDS),
                1 => (0usize..8, object_of(OPTION_FIELDS)).prop_map(|(len, mut option)| {
                    apply(&mut option, &Corruption::ToList(2, len));
                    option
                }),
            ],
            0..3,
        )
        .prop_map(Value::Array)
        .boxed(),
        "other" => prop_oneof![
            3 => object_of(OTHER_FIELDS),
            1 => (0usize..5, object_of(OTHER_FIELDS)).prop_map(|(len, mut other)| {
                apply(&mut other, &Corruption::ToList(3, len));
                other
            }),
        ]
        .boxed(),
        "show_if" => prop_oneof![condition().prop_map(json_of), condition_like()].boxed(),
        _ => proptest::sample::select(edge_values()).boxed(),
    };
    prop_oneof![18 => fitting, 1 => Just(Value::Null), 2 => any_json()].boxed()
}

/// An object with each of `fields` (name, and how likely it is there),
/// holding a value that usually fits.
fn object_of(fields: &'static [(&'static str, f64)]) -> BoxedStrategy<Value> {
    fields
        .iter()
        .map(|&(name, likely)| proptest::option::weighted(likely, value_for(name)).prop_map(move |v| (name, v)))
        .collect::<Vec<_>>()
        .prop_map(|fields| {
            Value::Object(fields.into_iter().filter_map(|(k, v)| Some((k.to_owned(), v?))).collect::<Map<_, _>>())
        })
        .boxed()
}

/// Objects built from a condition's field names, nested.
fn condition_like() -> BoxedStrategy<Value> {
    let tests =
        ["equals", "not_equals", "one_of", "answered", "greater_than", "at_least", "less_than", "at_most", "colour"];
    let leaf = (
        proptest::option::weighted(0.9, word()),
        proptest::sample::subsequence(tests.to_vec(), 0..3),
        proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(edge_values()),
                word().prop_map(Value::String),
                proptest::collection::vec(word(), 0..3).prop_map(|w| json!(w)),
            ],
            3,
        ),
    )
        .prop_map(|(item, tests, values)| {
            let mut map = Map::new();
            if let Some(item) = item {
                map.insert("item".to_owned(), json!(item));
            }
            for (test, value) in tests.into_iter().zip(values) {
                map.insert(test.to_owned(), value);
            }
            Value::Object(map)
        });
    leaf.prop_recursive(3, 12, 3, |inner| {
        (
            proptest::option::of(proptest::collection::vec(inner.clone(), 0..3)),
            proptest::option::of(proptest::collection::vec(inner.clone(), 0..3)),
            proptest::option::of(inner),
            proptest::sample::select(edge_values()),
        )
            .prop_map(|(all, any, extra, odd)| {
                let mut map = match extra {
                    Some(Value::Object(map)) => map,
                    _ => Map::new(),
                };
                if let Some(all) = all {
                    map.insert("all".to_owned(), Value::Array(all));
                }
                match any {
                    Some(any) => map.insert("any".to_owned(), Value::Array(any)),
                    None => map.insert("any".to_owned(), odd),
                };
                Value::Object(map)
            })
    })
    .boxed()
}

/// The fields of each struct and how likely each is there, with a few
/// that do not belong.
const SURVEY_FIELDS: &[(&str, f64)] = &[
    ("id", 0.95),
    ("version", 0.95),
    ("default_language", 0.4),
    ("title", 0.95),
    ("description", 0.4),
    ("privacy_notice", 0.95),
    ("pages", 0.95),
    ("colour", 0.1),
];
const PAGE_FIELDS: &[(&str, f64)] = &[("id", 0.95), ("title", 0.4), ("show_if", 0.3), ("items", 0.95), ("type", 0.1)];
const OPTION_FIELDS: &[(&str, f64)] = &[
    ("code", 0.95),
    ("label", 0.95),
    ("value", 0.4),
    ("prefer_not_to_say", 0.2),
    ("exclusive", 0.2),
    ("hint", 0.2),
    ("lable", 0.05),
];
const OTHER_FIELDS: &[(&str, f64)] = &[("code", 0.5), ("label", 0.95), ("detail_label", 0.5), ("value", 0.05)];
const ITEM_FIELDS: &[(&str, f64)] = &[
    ("id", 0.95),
    ("type", 0.95),
    ("text", 0.95),
    ("hint", 0.2),
    ("required", 0.3),
    ("required_message", 0.1),
    ("show_if", 0.3),
    ("options", 0.6),
    ("other", 0.3),
    ("min", 0.6),
    ("max", 0.6),
    ("min_label", 0.2),
    ("max_label", 0.2),
    ("max_length", 0.3),
    ("colour", 0.05),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// Random definitions, then up to four random corruptions anywhere.
    #[test]
    fn the_reader_agrees_with_serde_on_random_corrupted_definitions(
        definition in definition(),
        corruptions in proptest::collection::vec((any::<usize>(), corruption()), 0..5),
    ) {
        let mut value = serde_json::to_value(&definition).expect("serialise");
        prop_assert_eq!(Definition::from_json_value(&value), Some(definition.clone()));
        for (n, corruption) in &corruptions {
            let parts = count_parts(&value);
            if let Some(part) = part_mut(&mut value, n % parts) {
                apply(part, corruption);
            }
        }
        if let Err(e) = agree_everywhere(&value) {
            prop_assert!(false, "{}", e);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    /// Items made of the item fields and every kind's fields, with values
    /// that often fit their field and sometimes are anything.
    #[test]
    fn the_reader_agrees_with_serde_on_random_items(item in object_of(ITEM_FIELDS)) {
        if let Err(e) = agree(&item) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Surveys made of the survey's fields, with pages and items made of
    /// theirs, values often fitting and sometimes anything.
    #[test]
    fn the_reader_agrees_with_serde_on_random_surveys(survey in object_of(SURVEY_FIELDS)) {
        if let Err(e) = agree_everywhere(&survey) {
            prop_assert!(false, "{}", e);
        }
        if let Err(e) = shape_pass_explains_everything(&survey) {
            prop_assert!(false, "{}", e);
        }
    }

    /// Pages whose condition is built from a condition's field names.
    #[test]
    fn the_reader_agrees_with_serde_on_random_conditions(condition in condition_like(), list_form in any::<bool>()) {
        let page = if list_form {
            json!(["p", null, condition, []])
        } else {
            json!({ "id": "p", "items": [], "show_if": condition })
        };
        if let Err(e) = agree(&page) {
            prop_assert!(false, "{}", e);
        }
    }
}
