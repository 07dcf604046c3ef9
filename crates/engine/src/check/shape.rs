//! The first pass of checking: is every object shaped right?
//!
//! This pass walks the raw JSON (a `serde_json::Value`) rather than letting
//! serde stop at the first mistake, so it can report every missing field,
//! wrong type and misspelt field name in one go, with the path to each.
//! Pages and items are then read into their types one by one (by
//! [`read`](super::read), which accepts what serde would), so one broken
//! question does not hide the problems in the others.
//!
//! The field lists here are the checker's knowledge of the format. A test
//! compares them with the JSON Schema generated from the definition types,
//! so the two cannot drift apart.

use serde_json::{Map, Value};

use super::partial::{PartialDefinition, PartialItem, PartialPage};
use super::suggest::closest;
use super::{read as typed, Problem, ProblemKind};

/// What a field must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    Id,
    Str,
    Text,
    Bool,
    Integer,
    Number,
    Length,
    Condition,
    Conditions,
    ItemType,
    Pages,
    Items,
    Options,
    Other,
    Codes,
}

/// One field an object may have.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FieldSpec {
    pub(crate) name: &'static str,
    pub(crate) shape: Shape,
    pub(crate) required: bool,
    /// Whether `null` may stand for "not given": only for fields that are an
    /// `Option` in the definition types. A field with a default value, such
    /// as `required`, must hold a real value when it is written at all.
    pub(crate) nullable: bool,
}

/// A field that must be given (`required`), or may be left out or `null`.
const fn field(name: &'static str, shape: Shape, required: bool) -> FieldSpec {
    FieldSpec { name, shape, required, nullable: !required }
}

/// A field that may be left out for its default, but is never `null`. The
/// fields of a condition are all like this: each kind of condition needs
/// its own, and none of them means anything when `null`.
const fn defaulted(name: &'static str, shape: Shape) -> FieldSpec {
    FieldSpec { name, shape, required: false, nullable: false }
}

pub(crate) const SURVEY_FIELDS: &[FieldSpec] = &[
    field("id", Shape::Id, true),
    field("version", Shape::Str, true),
    defaulted("default_language", Shape::Str),
    field("title", Shape::Text, true),
    field("description", Shape::Text, false),
    field("privacy_notice", Shape::Text, true),
    field("pages", Shape::Pages, true),
];

pub(crate) const PAGE_FIELDS: &[FieldSpec] = &[
    field("id", Shape::Id, true),
    field("title", Shape::Text, false),
    field("show_if", Shape::Condition, false),
    field("items", Shape::Items, true),
];

pub(crate) const ITEM_FIELDS: &[FieldSpec] = &[
    field("id", Shape::Id, true),
    field("type", Shape::ItemType, true),
    field("text", Shape::Text, true),
    field("hint", Shape::Text, false),
    defaulted("required", Shape::Bool),
    field("required_message", Shape::Text, false),
    field("show_if", Shape::Condition, false),
];

pub(crate) const OPTION_FIELDS: &[FieldSpec] = &[
    field("code", Shape::Id, true),
    field("label", Shape::Text, true),
    field("value", Shape::Number, false),
    defaulted("prefer_not_to_say", Shape::Bool),
    defaulted("exclusive", Shape::Bool),
    field("hint", Shape::Text, false),
];

pub(crate) const OTHER_FIELDS: &[FieldSpec] =
    &[defaulted("code", Shape::Id), field("label", Shape::Text, true), field("detail_label", Shape::Text, false)];

/// Every item `type`, with the fields it adds to [`ITEM_FIELDS`].
pub(crate) const ITEM_TYPES: &[(&str, &[FieldSpec])] = &[
    ("display", &[]),
    ("single_choice", &[field("options", Shape::Options, true), field("other", Shape::Other, false)]),
    ("multiple_choice", &[field("options", Shape::Options, true), field("other", Shape::Other, false)]),
    ("yes_no", &[]),
    (
        "scale",
        &[
            field("min", Shape::Integer, true),
            field("max", Shape::Integer, true),
            field("min_label", Shape::Text, false),
            field("max_label", Shape::Text, false),
        ],
    ),
    ("likert", &[field("options", Shape::Options, false)]),
    ("short_text", &[field("max_length", Shape::Length, false)]),
    ("long_text", &[field("max_length", Shape::Length, false)]),
    ("integer", &[field("min", Shape::Integer, false), field("max", Shape::Integer, false)]),
    ("decimal", &[field("min", Shape::Number, false), field("max", Shape::Number, false)]),
    ("date", &[]),
];

/// The tests a condition can make, and what each holds.
pub(crate) const CONDITION_TESTS: &[FieldSpec] = &[
    defaulted("equals", Shape::Str),
    defaulted("not_equals", Shape::Str),
    defaulted("one_of", Shape::Codes),
    defaulted("answered", Shape::Bool),
    defaulted("greater_than", Shape::Number),
    defaulted("at_least", Shape::Number),
    defaulted("less_than", Shape::Number),
    defaulted("at_most", Shape::Number),
];

/// Every field a condition object can have.
pub(crate) fn condition_fields() -> Vec<FieldSpec> {
    let mut all =
        vec![defaulted("item", Shape::Id), defaulted("all", Shape::Conditions), defaulted("any", Shape::Conditions)];
    all.extend_from_slice(CONDITION_TESTS);
    all
}

/// How a problem names the object it is in.
#[derive(Debug, Clone)]
struct Owner {
    /// Starts a sentence: "Question `q1`".
    subject: String,
    /// Inside a sentence: "question `q1`".
    object: String,
    /// For "is not a field of …": "a question".
    noun: &'static str,
    item_id: Option<String>,
}

fn owner(subject: String, noun: &'static str, item_id: Option<String>) -> Owner {
    let mut object = subject.clone();
    if let Some(first) = object.get(..1) {
        if first != "“" {
            let lower = first.to_ascii_lowercase();
            object.replace_range(..1, &lower);
        }
    }
    Owner { subject, object, noun, item_id }
}

/// Escapes a key for use in a JSON pointer (RFC 6901).
pub(crate) fn pointer_key(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

struct Walker {
    problems: Vec<Problem>,
}

impl Walker {
    fn push(&mut self, path: &str, owner: &Owner, kind: ProblemKind, message: String) {
        self.problems.push(Problem { path: path.to_owned(), item_id: owner.item_id.clone(), kind, message });
    }

    /// Checks an object's keys against `fields`: unknown names, missing
    /// required fields, and the type of every simple field. Nested lists and
    /// objects are only checked for being a list or object; callers walk
    /// into them. Returns whether this object alone is well shaped.
    fn object(&mut self, map: &Map<String, Value>, path: &str, owner: &Owner, fields: &[FieldSpec]) -> bool {
        self.object_with_suggestions(map, path, owner, fields).0
    }

    /// [`object`](Self::object), also giving the field names suggested for
    /// misspelt keys. A missing field that was suggested is not reported
    /// again as missing: "did you mean `label`?" already says it.
    fn object_with_suggestions(
        &mut self,
        map: &Map<String, Value>,
        path: &str,
        owner: &Owner,
        fields: &[FieldSpec],
    ) -> (bool, Vec<&'static str>) {
        let mut ok = true;
        let mut suggested = Vec::new();
        let names: Vec<&'static str> = fields.iter().map(|f| f.name).collect();
        for key in map.keys() {
            if !names.contains(&key.as_str()) {
                ok = false;
                let other_type = ITEM_TYPES
                    .iter()
                    .find(|(_, extra)| owner.noun == "a question" && extra.iter().any(|f| f.name == key))
                    .and_then(|_| map.get("type").and_then(Value::as_str));
                let noun = match other_type {
                    Some(t) => say!("a `{t}` question"),
                    None => owner.noun.to_owned(),
                };
                let message = match closest(key, &names) {
                    Some(suggestion) => {
                        suggested.push(suggestion);
                        say!("`{key}` is not a field of {noun}. Did you mean `{suggestion}`?")
                    }
                    None => {
                        say!("`{key}` is not a field of {noun}. Remove it, or use one of: {}.", quoted_list(&names))
                    }
                };
                self.push(&format!("{path}/{}", pointer_key(key)), owner, ProblemKind::UnknownField, message);
            }
        }
        for spec in fields {
            let field_path = format!("{path}/{}", spec.name);
            match map.get(spec.name) {
                // serde reads `null` as "not given" for `Option` fields, and
                // the JSON Schema allows it there, so the checker does too.
                Some(Value::Null) if spec.nullable => {}
                None if spec.required && suggested.contains(&spec.name) => ok = false,
                None if spec.required => {
                    ok = false;
                    self.push(
                        &field_path,
                        owner,
                        ProblemKind::MissingField,
                        say!(
                            "{} is missing `{}`, which should be {}.",
                            owner.subject,
                            spec.name,
                            expectation(spec.shape)
                        ),
                    );
                }
                None => {}
                Some(value) => ok &= self.value(value, &field_path, owner, spec),
            }
        }
        (ok, suggested)
    }

    fn wrong_type(&mut self, path: &str, owner: &Owner, spec: &FieldSpec, value: &Value) {
        self.push(
            path,
            owner,
            ProblemKind::WrongType,
            say!(
                "In {}, `{}` should be {}, but it is {}.",
                owner.object,
                spec.name,
                expectation(spec.shape),
                describe(value)
            ),
        );
    }

    fn value(&mut self, value: &Value, path: &str, owner: &Owner, spec: &FieldSpec) -> bool {
        let fits = match spec.shape {
            Shape::Id | Shape::Str | Shape::ItemType => value.is_string(),
            Shape::Bool => value.is_boolean(),
            Shape::Integer => value.is_i64(),
            Shape::Number => value.is_number(),
            Shape::Length => value.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
            Shape::Condition | Shape::Other => value.is_object(),
            Shape::Pages | Shape::Items | Shape::Options | Shape::Conditions => value.is_array(),
            Shape::Codes => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
            Shape::Text => return self.text(value, path, owner, spec),
        };
        if !fits {
            if spec.shape == Shape::Other && value.as_array().is_some_and(|a| a.len() > 1) {
                self.push(
                    path,
                    owner,
                    ProblemKind::MultipleOther,
                    say!(
                        "{} has more than one “something else” answer. A question can have only one: keep one in `other` and move the rest into `options`.",
                        owner.subject
                    ),
                );
            } else {
                self.wrong_type(path, owner, spec, value);
            }
        }
        fits
    }

    fn text(&mut self, value: &Value, path: &str, owner: &Owner, spec: &FieldSpec) -> bool {
        match value {
            Value::String(_) => true,
            Value::Object(map) => {
                let mut ok = true;
                for (lang, words) in map {
                    if !words.is_string() {
                        ok = false;
                        self.push(
                            &format!("{path}/{}", pointer_key(lang)),
                            owner,
                            ProblemKind::WrongType,
                            say!(
                                "In {}, the `{lang}` translation of `{}` should be text in quotes, but it is {}.",
                                owner.object,
                                spec.name,
                                describe(words)
                            ),
                        );
                    }
                }
                ok
            }
            _ => {
                self.wrong_type(path, owner, spec, value);
                false
            }
        }
    }

    fn condition(&mut self, value: &Value, path: &str, owner: &Owner) -> bool {
        let Some(map) = value.as_object() else {
            // The caller has already reported a non-object `show_if`.
            return false;
        };
        let cond_owner = Owner {
            subject: say!("The condition of {}", owner.object),
            object: say!("the condition of {}", owner.object),
            noun: "a condition",
            item_id: owner.item_id.clone(),
        };
        let fields = condition_fields();
        let (mut ok, suggested) = self.object_with_suggestions(map, path, &cond_owner, &fields);
        let test_suggested = suggested.iter().any(|s| CONDITION_TESTS.iter().any(|t| t.name == *s));
        let tests: Vec<&str> = CONDITION_TESTS.iter().map(|t| t.name).filter(|name| map.contains_key(*name)).collect();
        let lists: Vec<&str> = ["all", "any"].into_iter().filter(|k| map.contains_key(*k)).collect();
        let has_item = map.contains_key("item");
        let malformed = |message: String| (ProblemKind::MalformedCondition, message);
        let shape_problem = if lists.len() > 1 || (!lists.is_empty() && (has_item || !tests.is_empty())) {
            Some(malformed(say!(
                "{} mixes {} in one object. Put each test in its own condition inside an `all` or `any` list.",
                cond_owner.subject,
                quoted_and(
                    &map.keys().map(String::as_str).filter(|k| fields.iter().any(|f| f.name == *k)).collect::<Vec<_>>()
                )
            )))
        } else if !lists.is_empty() {
            None
        } else if !has_item {
            Some(malformed(say!(
                "{} does not say what to check. Use `item` with a test such as `equals`, or combine conditions with `all` or `any`.",
                cond_owner.subject
            )))
        } else if tests.is_empty() && test_suggested {
            ok = false;
            None
        } else if tests.is_empty() {
            Some(malformed(say!(
                "{} names an item but has no test. Add one of: {}.",
                cond_owner.subject,
                quoted_list(&CONDITION_TESTS.iter().map(|t| t.name).collect::<Vec<_>>())
            )))
        } else if tests.len() > 1 {
            Some(malformed(say!(
                "{} has more than one test ({}). Keep one, or put each in its own condition inside an `all` or `any` list.",
                cond_owner.subject,
                quoted_and(&tests)
            )))
        } else {
            None
        };
        if let Some((kind, message)) = shape_problem {
            ok = false;
            self.push(path, &cond_owner, kind, message);
        }
        for list in lists {
            // `object` has already reported a non-list.
            if let Some(Value::Array(conditions)) = map.get(list) {
                for (i, c) in conditions.iter().enumerate() {
                    let child_path = format!("{path}/{list}/{i}");
                    if c.is_object() {
                        ok &= self.condition(c, &child_path, owner);
                    } else {
                        ok = false;
                        self.push(
                            &child_path,
                            &cond_owner,
                            ProblemKind::WrongType,
                            say!(
                                "In {}, each entry of `{list}` should be {}, but entry {} is {}.",
                                cond_owner.object,
                                expectation(Shape::Condition),
                                i + 1,
                                describe(c)
                            ),
                        );
                    }
                }
            }
        }
        ok
    }
}

/// Reads raw JSON into a [`PartialDefinition`], reporting every shape problem.
pub(crate) fn read(value: &Value) -> (PartialDefinition, Vec<Problem>) {
    let mut walker = Walker { problems: Vec::new() };
    let survey_owner = owner("The survey".to_owned(), "the survey", None);
    let Some(map) = value.as_object() else {
        walker.push(
            "",
            &survey_owner,
            ProblemKind::WrongType,
            say!("The survey file should hold one object in curly brackets {{ … }}, but it holds {}.", describe(value)),
        );
        return (PartialDefinition::empty(), walker.problems);
    };
    let survey_id = map.get("id").and_then(Value::as_str).map(str::to_owned);
    let survey_owner = match &survey_id {
        Some(id) => owner(say!("The survey `{id}`"), "the survey", None),
        None => survey_owner,
    };
    let header_ok = walker.object(map, "", &survey_owner, SURVEY_FIELDS);
    let default_language = map
        .get("default_language")
        .and_then(Value::as_str)
        .map_or_else(crate::definition::default_language, str::to_owned);

    let header = keep(typed::header(map), "", &survey_owner, header_ok, &mut walker);

    let mut pages = Vec::new();
    if let Some(Value::Array(raw_pages)) = map.get("pages") {
        for (p, raw_page) in raw_pages.iter().enumerate() {
            pages.push(read_page(raw_page, p, &mut walker));
        }
    }
    (PartialDefinition { survey_id, default_language, header, pages }, walker.problems)
}

fn read_page(value: &Value, p: usize, walker: &mut Walker) -> PartialPage {
    let path = format!("/pages/{p}");
    let Some(map) = value.as_object() else {
        let page_owner = owner(say!("Page {}", p + 1), "a page", None);
        walker.push(
            &path,
            &page_owner,
            ProblemKind::WrongType,
            say!("Page {} should be an object in curly brackets {{ … }}, but it is {}.", p + 1, describe(value)),
        );
        return PartialPage { id: None, page: None, items_listed: false, items: Vec::new() };
    };
    let id = map.get("id").and_then(Value::as_str).map(str::to_owned);
    let page_owner = match id.as_ref().filter(|id| !id.is_empty()) {
        Some(id) => owner(say!("Page `{id}`"), "a page", None),
        None => owner(say!("Page {}", p + 1), "a page", None),
    };
    let mut ok = walker.object(map, &path, &page_owner, PAGE_FIELDS);
    if let Some(condition) = map.get("show_if") {
        ok &= walker.condition(condition, &format!("{path}/show_if"), &page_owner);
    }
    let page = keep(typed::page_header(map), &path, &page_owner, ok, walker);
    let mut items = Vec::new();
    if let Some(Value::Array(raw_items)) = map.get("items") {
        for (i, raw_item) in raw_items.iter().enumerate() {
            items.push(read_item(raw_item, &format!("{path}/items/{i}"), i, &page_owner, walker));
        }
    }
    let items_listed = map.get("items").is_some_and(Value::is_array);
    PartialPage { id, page, items_listed, items }
}

fn read_item(value: &Value, path: &str, i: usize, page: &Owner, walker: &mut Walker) -> PartialItem {
    let Some(map) = value.as_object() else {
        let item_owner = owner(say!("Question {} on {}", i + 1, page.object), "a question", None);
        walker.push(
            path,
            &item_owner,
            ProblemKind::WrongType,
            say!(
                "Question {} on {} should be an object in curly brackets {{ … }}, but it is {}.",
                i + 1,
                page.object,
                describe(value)
            ),
        );
        return PartialItem { id: None, item: None };
    };
    let id = map.get("id").and_then(Value::as_str).map(str::to_owned);
    let item_owner = match id.as_ref().filter(|id| !id.is_empty()) {
        Some(id) => owner(say!("Question `{id}`"), "a question", Some(id.clone())),
        None => owner(say!("Question {} on {}", i + 1, page.object), "a question", None),
    };
    let type_name = map.get("type").and_then(Value::as_str);
    let type_fields = type_name.and_then(|t| ITEM_TYPES.iter().find(|(name, _)| *name == t)).map(|(_, f)| *f);
    let mut ok = true;
    let fields: Vec<FieldSpec> = match (type_name, type_fields) {
        (_, Some(extra)) => ITEM_FIELDS.iter().chain(extra).copied().collect(),
        (Some(unknown), None) => {
            ok = false;
            let names: Vec<&str> = ITEM_TYPES.iter().map(|(n, _)| *n).collect();
            let hint = closest(unknown, &names).map(|s| say!(" Did you mean `{s}`?")).unwrap_or_default();
            walker.push(
                &format!("{path}/type"),
                &item_owner,
                ProblemKind::UnknownItemType,
                say!(
                    "{} has type `{unknown}`, which is not a kind of question.{hint} The kinds are: {}.",
                    item_owner.subject,
                    quoted_list(&names)
                ),
            );
            all_item_fields()
        }
        // A missing or non-text `type` is reported by `object` below; accept
        // any field some type has, so the one mistake is not reported twice.
        (None, None) => all_item_fields(),
    };
    ok &= walker.object(map, path, &item_owner, &fields);
    if let Some(condition) = map.get("show_if") {
        ok &= walker.condition(condition, &format!("{path}/show_if"), &item_owner);
    }
    if let Some(Value::Array(options)) = map.get("options") {
        for (o, option) in options.iter().enumerate() {
            let option_path = format!("{path}/options/{o}");
            let Some(option_map) = option.as_object() else {
                ok = false;
                walker.push(
                    &option_path,
                    &item_owner,
                    ProblemKind::WrongType,
                    say!(
                        "In {}, answer {} should be an object like {{\"code\": \"yes\", \"label\": \"Yes\"}}, but it is {}.",
                        item_owner.object,
                        o + 1,
                        describe(option)
                    ),
                );
                continue;
            };
            let name = match option_map.get("code").and_then(Value::as_str) {
                Some(code) => say!("Answer `{code}` in {}", item_owner.object),
                None => say!("Answer {} in {}", o + 1, item_owner.object),
            };
            let option_owner = owner(name, "an answer", id.clone().filter(|i| !i.is_empty()));
            ok &= walker.object(option_map, &option_path, &option_owner, OPTION_FIELDS);
        }
    }
    if let Some(Value::Object(other)) = map.get("other") {
        let other_owner = owner(
            say!("The “something else” answer in {}", item_owner.object),
            "a “something else” answer",
            id.clone().filter(|i| !i.is_empty()),
        );
        ok &= walker.object(other, &format!("{path}/other"), &other_owner, OTHER_FIELDS);
    }
    let item = keep(typed::item(map), path, &item_owner, ok, walker);
    PartialItem { id, item }
}

fn all_item_fields() -> Vec<FieldSpec> {
    let mut fields: Vec<FieldSpec> = ITEM_FIELDS.to_vec();
    for (_, extra) in ITEM_TYPES {
        for spec in *extra {
            if !fields.iter().any(|f| f.name == spec.name) {
                fields.push(FieldSpec { required: false, nullable: true, ..*spec });
            }
        }
    }
    fields
}

/// Keeps a part read into its type so the later passes can check it too.
///
/// A part with shape problems may still be read (a misspelt field is
/// ignored, as serde ignores it), and then its other mistakes are found as
/// well. When a part that passed the shape checks (`shape_ok`) cannot be
/// read, the shape checks missed a mistake; it is still reported rather than
/// trusted.
fn keep<T>(read: Option<T>, path: &str, owner: &Owner, shape_ok: bool, walker: &mut Walker) -> Option<T> {
    if read.is_none() && shape_ok {
        walker.push(
            path,
            owner,
            ProblemKind::WrongType,
            say!(
                "{} could not be read, although no mistake was found in its fields. This is a bug in Heard's checker, which should have said what is wrong: please report it with the survey file.",
                owner.subject
            ),
        );
    }
    read
}

/// What a field should hold, for messages.
fn expectation(shape: Shape) -> &'static str {
    match shape {
        Shape::Id => "an id in quotes, made of letters, digits, `_` or `-`, like \"q1\"",
        Shape::Str => "text in quotes",
        Shape::Text => "text in quotes, or translations like {\"en\": \"…\", \"cy\": \"…\"}",
        Shape::Bool => "true or false, without quotes",
        Shape::Integer => "a whole number, without quotes",
        Shape::Number => "a number, without quotes",
        Shape::Length => "a whole number of characters, without quotes",
        Shape::Condition => "a condition, like {\"item\": \"q1\", \"equals\": \"yes\"}",
        Shape::Conditions => "a list of conditions in square brackets [ … ]",
        Shape::ItemType => "the kind of question, like \"single_choice\" or \"yes_no\"",
        Shape::Pages => "a list of pages in square brackets [ … ]",
        Shape::Items => "a list of questions in square brackets [ … ]",
        Shape::Options => "a list of answers in square brackets [ … ]",
        Shape::Other => "one “something else” answer, like {\"label\": \"Something else\"}",
        Shape::Codes => "a list of answer codes in quotes, like [\"a\", \"b\"]",
    }
}

/// What a value actually is, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (empty)".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => say!("the number {n}"),
        Value::String(s) => {
            let short: String = s.chars().take(40).collect();
            let ellipsis = if short.len() < s.len() { "…" } else { "" };
            say!("the text \"{short}{ellipsis}\"")
        }
        Value::Array(_) => "a list in square brackets".to_owned(),
        Value::Object(_) => "an object in curly brackets".to_owned(),
    }
}

/// "`a`, `b`, `c`".
pub(crate) fn quoted_list(names: &[&str]) -> String {
    names.iter().map(|n| say!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// "`a` and `b`", "`a`, `b` and `c`".
pub(crate) fn quoted_and(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => say!("`{one}`"),
        [rest @ .., last] => say!("{} and `{last}`", quoted_list(rest)),
    }
}

#[cfg(all(test, feature = "schema"))]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::Value;

    use super::*;

    fn names(fields: &[FieldSpec]) -> BTreeSet<String> {
        fields.iter().map(|f| f.name.to_owned()).collect()
    }

    fn required(fields: &[FieldSpec]) -> BTreeSet<String> {
        fields.iter().filter(|f| f.required).map(|f| f.name.to_owned()).collect()
    }

    fn schema_names(schema: &Value) -> BTreeSet<String> {
        schema["properties"].as_object().map(|p| p.keys().cloned().collect()).unwrap_or_default()
    }

    fn schema_required(schema: &Value) -> BTreeSet<String> {
        schema["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default()
    }

    fn assert_same(what: &str, schema: &Value, fields: &[FieldSpec]) {
        assert_eq!(schema_names(schema), names(fields), "field names of {what}");
        assert_eq!(schema_required(schema), required(fields), "required fields of {what}");
    }

    #[test]
    fn checker_field_lists_match_the_json_schema() {
        let schema = serde_json::to_value(schemars::schema_for!(crate::Definition)).expect("schema");
        let defs = &schema["$defs"];
        assert_same("the survey", &schema, SURVEY_FIELDS);
        assert_same("a page", &defs["Page"], PAGE_FIELDS);
        assert_same("an answer", &defs["AnswerOption"], OPTION_FIELDS);
        assert_same("a something-else answer", &defs["OtherOption"], OTHER_FIELDS);

        let item = &defs["Item"];
        let common: Vec<FieldSpec> = ITEM_FIELDS.iter().copied().filter(|f| f.name != "type").collect();
        assert_same("every question", item, &common);
        let variants = item["oneOf"].as_array().expect("item kinds");
        assert_eq!(variants.len(), ITEM_TYPES.len(), "number of item types");
        for variant in variants {
            let type_name = variant["properties"]["type"]["const"].as_str().expect("type const");
            let (_, extra) = ITEM_TYPES.iter().find(|(n, _)| *n == type_name).expect("known type");
            let mut expected: Vec<FieldSpec> = extra.to_vec();
            expected.push(field("type", Shape::ItemType, true));
            assert_same(type_name, variant, &expected);
        }

        let mut condition_names = BTreeSet::new();
        let mut stack = vec![&defs["Condition"]];
        while let Some(node) = stack.pop() {
            condition_names.extend(schema_names(node));
            for key in ["anyOf", "oneOf"] {
                stack.extend(node[key].as_array().into_iter().flatten());
            }
        }
        assert_eq!(condition_names, names(&condition_fields()), "field names of a condition");
    }
}
