//! The second pass of checking: ids, texts, answer lists and ranges.
//!
//! This pass sees typed values (a [`PartialDefinition`]), so it only checks what the
//! types cannot say: ids that are empty or repeated, translations missing
//! the default language, lists with nothing in them, and ranges that
//! cannot work.

use std::collections::BTreeMap;

use super::partial::PartialDefinition;
use super::{Problem, ProblemKind};
use crate::{AnswerOption, Item, ItemKind, OtherOption, Text};

pub(crate) struct Sink {
    pub(crate) problems: Vec<Problem>,
}

impl Sink {
    pub(crate) fn push(&mut self, path: String, item_id: Option<&str>, kind: ProblemKind, message: String) {
        self.problems.push(Problem { path, item_id: item_id.map(str::to_owned), kind, message });
    }
}

/// Whether `id` uses only letters, digits, `_` and `-`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A tidied version of a bad id to suggest: "How was it?" → "how_was_it".
fn tidy_id(id: &str) -> String {
    let mut out = String::new();
    for c in id.trim().chars() {
        if c.is_ascii_alphanumeric() || c == '-' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    let trimmed = out.trim_matches('_');
    if trimmed.is_empty() {
        "q1".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Checks an id or code. `place` names the object by position, for when the
/// id itself is unusable: "Question 2 on page `p1`".
fn check_id(sink: &mut Sink, id: &str, path: String, item_id: Option<&str>, place: &str, thing: &str, field: &str) {
    if id.is_empty() {
        sink.push(
            path,
            item_id,
            ProblemKind::EmptyId,
            say!("{place} has an empty `{field}`. Give it a short {field} made of letters, digits, `_` or `-`."),
        );
    } else if !is_valid_id(id) {
        sink.push(
            path,
            item_id,
            ProblemKind::InvalidId,
            say!(
                "The {thing} {field} `{id}` has characters that are not allowed. Use only letters, digits, `_` and `-`, for example `{}`.",
                tidy_id(id)
            ),
        );
    }
}

fn check_text(sink: &mut Sink, text: &Text, path: String, item_id: Option<&str>, place: &str, lang: &str) {
    if !text.has_language(lang) {
        sink.push(
            path,
            item_id,
            ProblemKind::MissingDefaultLanguage,
            say!("{place} has no text in `{lang}`, the survey's default language. Add a translation for `{lang}`."),
        );
    }
}

fn check_optional_text(
    sink: &mut Sink,
    text: Option<&Text>,
    path: String,
    item_id: Option<&str>,
    place: &str,
    lang: &str,
) {
    if let Some(text) = text {
        check_text(sink, text, path, item_id, place, lang);
    }
}

pub(crate) fn check_rules(partial: &PartialDefinition, sink: &mut Sink) {
    let lang = partial.default_language.as_str();
    if let Some(header) = &partial.header {
        check_id(sink, &header.id, "/id".to_owned(), None, "The survey", "survey", "id");
        check_text(sink, &header.title, "/title".to_owned(), None, "The title", lang);
        check_optional_text(
            sink,
            header.description.as_ref(),
            "/description".to_owned(),
            None,
            "The description",
            lang,
        );
        check_text(sink, &header.privacy_notice, "/privacy_notice".to_owned(), None, "The privacy notice", lang);
        if header.default_language.trim().is_empty() {
            sink.push(
                "/default_language".to_owned(),
                None,
                ProblemKind::EmptyId,
                "The survey has an empty `default_language`. Give a language tag such as \"en\", or remove the field to use English.".to_owned(),
            );
        }
    }
    if partial.pages.is_empty() && partial.header.is_some() {
        let name = partial.survey_id.as_deref().map_or("The survey".to_owned(), |id| say!("The survey `{id}`"));
        sink.push(
            "/pages".to_owned(),
            None,
            ProblemKind::NoPages,
            say!("{name} has no pages. Add at least one page, with at least one question, to `pages`."),
        );
    }
    let mut page_ids: BTreeMap<&str, String> = BTreeMap::new();
    let mut item_ids: BTreeMap<&str, String> = BTreeMap::new();
    for (p, partial_page) in partial.pages.iter().enumerate() {
        let path = format!("/pages/{p}");
        let page_name = partial_page
            .id
            .as_deref()
            .filter(|id| !id.is_empty())
            .map_or(say!("page {}", p + 1), |id| say!("page `{id}`"));
        if let Some(id) = &partial_page.id {
            check_id(sink, id, format!("{path}/id"), None, &say!("Page {}", p + 1), "page", "id");
            if let Some(first) = page_ids.get(id.as_str()) {
                sink.push(
                    format!("{path}/id"),
                    None,
                    ProblemKind::DuplicatePageId,
                    say!("The page id `{id}` is used more than once (also at {first}). Give each page its own id."),
                );
            } else if !id.is_empty() {
                page_ids.insert(id, path.clone());
            }
        }
        if let Some(page) = &partial_page.page {
            check_optional_text(
                sink,
                page.title.as_ref(),
                format!("{path}/title"),
                None,
                &say!("The title of {page_name}"),
                lang,
            );
            if partial_page.items.is_empty() && partial_page.items_listed {
                sink.push(
                    format!("{path}/items"),
                    None,
                    ProblemKind::EmptyPage,
                    say!(
                        "Page {} has no questions. Add at least one item to its `items`, or remove the page.",
                        quote_or_number(partial_page.id.as_deref(), p)
                    ),
                );
            }
        }
        for (i, partial_item) in partial_page.items.iter().enumerate() {
            let item_path = format!("{path}/items/{i}");
            if let Some(id) = &partial_item.id {
                let place = say!("Question {} on {page_name}", i + 1);
                let item_id = Some(id.as_str()).filter(|id| !id.is_empty());
                check_id(sink, id, format!("{item_path}/id"), item_id, &place, "question", "id");
                if let Some(first) = item_ids.get(id.as_str()) {
                    sink.push(
                        format!("{item_path}/id"),
                        item_id,
                        ProblemKind::DuplicateItemId,
                        say!("The question id `{id}` is used more than once (also at {first}). Give each question its own id."),
                    );
                } else if !id.is_empty() {
                    item_ids.insert(id, item_path.clone());
                }
            }
            if let Some(item) = &partial_item.item {
                check_item(sink, item, &item_path, lang);
            }
        }
    }
}

fn quote_or_number(id: Option<&str>, index: usize) -> String {
    id.map_or(say!("{}", index + 1), |id| say!("`{id}`"))
}

fn check_item(sink: &mut Sink, item: &Item, path: &str, lang: &str) {
    let id = Some(item.id.as_str()).filter(|id| !id.is_empty());
    let name = say!("question `{}`", item.id);
    if item.text.is_blank() {
        sink.push(
            format!("{path}/text"),
            id,
            ProblemKind::BlankText,
            say!("Question `{}` has no words in its `text`. Add what people should read.", item.id),
        );
    } else {
        check_text(sink, &item.text, format!("{path}/text"), id, &say!("The text of {name}"), lang);
    }
    check_optional_text(sink, item.hint.as_ref(), format!("{path}/hint"), id, &say!("The hint of {name}"), lang);
    check_optional_text(
        sink,
        item.required_message.as_ref(),
        format!("{path}/required_message"),
        id,
        &say!("The required message of {name}"),
        lang,
    );
    match &item.kind {
        ItemKind::SingleChoice { options, other } | ItemKind::MultipleChoice { options, other } => {
            check_options(sink, item, options, other.as_ref(), path, lang, false);
        }
        ItemKind::Likert { options: Some(options) } => check_options(sink, item, options, None, path, lang, true),
        ItemKind::Scale { min, max, min_label, max_label } => {
            check_optional_text(
                sink,
                min_label.as_ref(),
                format!("{path}/min_label"),
                id,
                &say!("The `min_label` of {name}"),
                lang,
            );
            check_optional_text(
                sink,
                max_label.as_ref(),
                format!("{path}/max_label"),
                id,
                &say!("The `max_label` of {name}"),
                lang,
            );
            if min > max {
                sink.push(
                    format!("{path}/min"),
                    id,
                    ProblemKind::MinAboveMax,
                    say!("Question `{}` is a scale from {min} to {max}, but `min` must be smaller than `max`. Swap them.", item.id),
                );
            } else {
                let points = i128::from(*max) - i128::from(*min) + 1;
                if !(2..=11).contains(&points) {
                    sink.push(
                        format!("{path}/max"),
                        id,
                        ProblemKind::ScaleSize,
                        say!(
                            "Question `{}` is a scale from {min} to {max}, which has {points} {}. A scale needs 2 to 11 points, like 1 to 5 or 0 to 10.",
                            item.id,
                            if points == 1 { "point" } else { "points" }
                        ),
                    );
                }
            }
        }
        ItemKind::Integer { min: Some(min), max: Some(max) } if min > max => {
            min_above_max(sink, item, path, &min.to_string(), &max.to_string())
        }
        ItemKind::Decimal { min: Some(min), max: Some(max) } if min > max => {
            min_above_max(sink, item, path, &crate::number::format_number(*min), &crate::number::format_number(*max));
        }
        ItemKind::ShortText { max_length: Some(0) } | ItemKind::LongText { max_length: Some(0) } => {
            let default = if matches!(item.kind, ItemKind::ShortText { .. }) {
                crate::SHORT_TEXT_MAX_LENGTH
            } else {
                crate::LONG_TEXT_MAX_LENGTH
            };
            sink.push(
                format!("{path}/max_length"),
                id,
                ProblemKind::ZeroMaxLength,
                say!(
                    "Question `{}` has a `max_length` of 0, so nothing could be typed. Remove `max_length` to allow {default} characters, or give a larger number.",
                    item.id
                ),
            );
        }
        _ => {}
    }
}

fn min_above_max(sink: &mut Sink, item: &Item, path: &str, min: &str, max: &str) {
    sink.push(
        format!("{path}/min"),
        Some(&item.id),
        ProblemKind::MinAboveMax,
        say!(
            "Question `{}` has a `min` of {min}, which is larger than its `max` of {max}, so no answer could be accepted. Swap them, or fix one.",
            item.id
        ),
    );
}

fn check_options(
    sink: &mut Sink,
    item: &Item,
    options: &[AnswerOption],
    other: Option<&OtherOption>,
    path: &str,
    lang: &str,
    likert: bool,
) {
    let id = Some(item.id.as_str()).filter(|id| !id.is_empty());
    if options.is_empty() {
        let fix = if likert {
            "Add answers to `options`, or remove `options` to use the standard five from “Strongly agree” to “Strongly disagree”."
        } else {
            "Add at least one answer to `options`."
        };
        sink.push(
            format!("{path}/options"),
            id,
            ProblemKind::NoOptions,
            say!("Question `{}` has no answers to choose from. {fix}", item.id),
        );
    }
    let mut codes: BTreeMap<&str, String> = BTreeMap::new();
    let duplicate = |sink: &mut Sink, code: &str, code_path: String, codes: &mut BTreeMap<&str, String>| {
        if let Some(first) = codes.get(code) {
            sink.push(
                code_path,
                id,
                ProblemKind::DuplicateOptionCode,
                say!(
                    "Question `{}` has more than one answer with the code `{code}` (also at {first}). Give each answer its own code.",
                    item.id
                ),
            );
            true
        } else {
            false
        }
    };
    for (o, option) in options.iter().enumerate() {
        let option_path = format!("{path}/options/{o}");
        let place = say!("Answer {} in question `{}`", o + 1, item.id);
        check_id(sink, &option.code, format!("{option_path}/code"), id, &place, "answer", "code");
        if !duplicate(sink, &option.code, format!("{option_path}/code"), &mut codes) && !option.code.is_empty() {
            codes.insert(&option.code, format!("{option_path}/code"));
        }
        let label_place = say!("The label of answer `{}` in question `{}`", option.code, item.id);
        if option.label.is_blank() {
            sink.push(
                format!("{option_path}/label"),
                id,
                ProblemKind::BlankText,
                say!(
                    "Answer `{}` in question `{}` has an empty `label`. Add the words people should see.",
                    option.code,
                    item.id
                ),
            );
        } else {
            check_text(sink, &option.label, format!("{option_path}/label"), id, &label_place, lang);
        }
        check_optional_text(
            sink,
            option.hint.as_ref(),
            format!("{option_path}/hint"),
            id,
            &say!("The hint of answer `{}` in question `{}`", option.code, item.id),
            lang,
        );
    }
    if let Some(other) = other {
        let other_path = format!("{path}/other");
        let place = say!("The “something else” answer in question `{}`", item.id);
        check_id(sink, &other.code, format!("{other_path}/code"), id, &place, "answer", "code");
        duplicate(sink, &other.code, format!("{other_path}/code"), &mut codes);
        if other.label.is_blank() {
            sink.push(
                format!("{other_path}/label"),
                id,
                ProblemKind::BlankText,
                say!("{place} has an empty `label`. Add the words people should see, such as “Something else”."),
            );
        } else {
            check_text(
                sink,
                &other.label,
                format!("{other_path}/label"),
                id,
                &say!("The label of the “something else” answer in question `{}`", item.id),
                lang,
            );
        }
        check_optional_text(
            sink,
            other.detail_label.as_ref(),
            format!("{other_path}/detail_label"),
            id,
            &say!("The `detail_label` of the “something else” answer in question `{}`", item.id),
            lang,
        );
    }
}
