//! The answer helpers the widget calls, so that no answer behaviour lives in
//! the UI.

use heard_engine::{parse_survey, Answer, Answers, DatePart, ResponseValue, Survey, TextRoom};

fn survey() -> Survey {
    parse_survey(
        r#"{"id": "s", "version": "1", "title": "T", "privacy_notice": "P", "pages": [{"id": "p1", "items": [
            {"id": "services", "type": "multiple_choice", "text": "Which?", "options": [
                {"code": "gp", "label": "GP"}, {"code": "dentist", "label": "Dentist"},
                {"code": "none", "label": "None of these", "exclusive": true},
                {"code": "pnts", "label": "Prefer not to say", "prefer_not_to_say": true}],
             "other": {"label": "Something else"}},
            {"id": "ward", "type": "single_choice", "text": "Ward?", "options": [{"code": "a", "label": "A"}],
             "other": {"label": "Another ward"}}
        ]}]}"#,
    )
    .expect("valid")
}

fn codes(answers: &Answers, item: &str) -> Vec<String> {
    match answers.get(item) {
        Some(Answer::Choices { codes, .. }) => codes.clone(),
        other => panic!("expected ticks, got {other:?}"),
    }
}

#[test]
fn ticking_an_exclusive_answer_clears_the_other_ticks() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.toggle_choice(&survey, "services", "gp");
    answers.toggle_choice(&survey, "services", "dentist");
    answers.toggle_choice(&survey, "services", "none");
    assert_eq!(codes(&answers, "services"), ["none"]);
}

#[test]
fn ticking_an_ordinary_answer_clears_exclusive_ones() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.toggle_choice(&survey, "services", "pnts");
    answers.toggle_choice(&survey, "services", "gp");
    assert_eq!(codes(&answers, "services"), ["gp"]);
}

#[test]
fn ticking_a_ticked_answer_unticks_it() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.toggle_choice(&survey, "services", "gp");
    answers.toggle_choice(&survey, "services", "gp");
    assert!(codes(&answers, "services").is_empty());
}

#[test]
fn other_detail_survives_picking_a_different_answer_and_back() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.set_choice("ward", "other");
    answers.set_other_detail("ward", "Ward Z");
    answers.set_choice("ward", "a");
    answers.set_choice("ward", "other");
    assert_eq!(answers.get("ward").and_then(Answer::other_detail), Some("Ward Z"));
    assert!(survey.validate_item("ward", &answers).is_empty());
}

#[test]
fn other_detail_is_kept_when_ticking_in_a_multiple_choice_item() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.set_other_detail("services", "Physio");
    answers.toggle_choice(&survey, "services", "other");
    answers.toggle_choice(&survey, "services", "gp");
    assert_eq!(answers.get("services").and_then(Answer::other_detail), Some("Physio"));
    assert_eq!(codes(&answers, "services"), ["other", "gp"]);
}

#[test]
fn date_parts_are_kept_as_typed_one_box_at_a_time() {
    let mut answers = Answers::new();
    answers.set_date_part("d", DatePart::Day, "3");
    answers.set_date_part("d", DatePart::Year, "20");
    assert_eq!(answers.get("d"), Some(&Answer::Date { day: "3".into(), month: String::new(), year: "20".into() }));
}

#[test]
fn clearing_removes_an_answer() {
    let mut answers = Answers::new();
    answers.set_text("t", "hello");
    answers.clear("t");
    assert!(answers.get("t").is_none());
}

#[test]
fn answers_round_trip_through_json_for_drafts() {
    let survey = survey();
    let mut answers = Answers::new();
    answers.toggle_choice(&survey, "services", "gp");
    answers.set_choice("ward", "other");
    answers.set_other_detail("ward", "Ward Z");
    answers.set_text("free", "typed, maybe invalid: twelve");
    answers.set_date_part("d", DatePart::Month, "13");
    let json = serde_json::to_string(&answers).expect("JSON");
    let back: Answers = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, answers);
}

fn conditional_survey() -> Survey {
    parse_survey(
        r#"{"id": "c", "version": "1", "title": "T", "privacy_notice": "P", "pages": [{"id": "p1", "items": [
            {"id": "call", "type": "yes_no", "text": "Would you like a call?"},
            {"id": "when", "type": "single_choice", "text": "When is best?", "show_if": {"item": "call", "equals": "yes"},
             "options": [{"code": "am", "label": "Morning"}]},
            {"id": "why_not", "type": "long_text", "text": "Why not?", "max_length": 10, "show_if": {"item": "call", "equals": "no"}}
        ]}]}"#,
    )
    .expect("valid")
}

#[test]
fn a_changed_answer_names_the_questions_that_came_and_went_in_page_order() {
    let survey = conditional_survey();
    let mut answers = Answers::new();
    let nothing = survey.visibility(&answers);
    answers.set_choice("call", "yes");
    let yes = survey.visibility(&answers);
    let change = survey.visibility_change(0, &nothing, &yes);
    let ids = |items: &[&heard_engine::Item]| items.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&change.shown), ["when"]);
    assert!(change.hidden.is_empty());

    answers.set_choice("call", "no");
    let no = survey.visibility(&answers);
    let change = survey.visibility_change(0, &yes, &no);
    assert_eq!(ids(&change.shown), ["why_not"]);
    assert_eq!(ids(&change.hidden), ["when"]);

    assert!(survey.visibility_change(0, &no, &no).is_empty(), "no change, nothing to announce");
    assert!(survey.visibility_change(7, &yes, &no).is_empty(), "a page that does not exist has no changes");
}

#[test]
fn the_room_left_in_a_text_box_is_counted_as_validation_counts_it() {
    let survey = conditional_survey();
    let item = survey.item("why_not").expect("item");
    assert_eq!(item.text_room(""), Some(TextRoom::Left(10)));
    assert_eq!(item.text_room("héllo 👋🏽"), Some(TextRoom::Left(2)), "characters, not bytes");
    assert_eq!(item.text_room("  0123456789  "), Some(TextRoom::Left(0)), "spaces at either end are not counted");
    assert_eq!(item.text_room("0123456789ab"), Some(TextRoom::TooMany(2)));
    assert_eq!(survey.item("call").expect("item").text_room("x"), None, "not a text question");

    // The count and the limit agree at the boundary: no "0 remaining" that
    // Continue then refuses, and no "too many" that it accepts.
    let mut answers = Answers::new();
    answers.set_choice("call", "no");
    for text in ["0123456789", " 0123456789 ", "0123456789a"] {
        answers.set_text("why_not", text);
        let refused = !survey.validate_page(0, &answers).is_empty();
        assert_eq!(refused, matches!(item.text_room(text), Some(TextRoom::TooMany(_))), "{text:?}");
    }
}

fn numbers_survey() -> Survey {
    parse_survey(
        r#"{"id": "n", "version": "1", "title": "T", "privacy_notice": "P", "pages": [{"id": "p1", "items": [
            {"id": "weight", "type": "decimal", "text": "What is your weight in kilograms?"},
            {"id": "steps", "type": "integer", "text": "How many steps did you walk?"}
        ]}]}"#,
    )
    .expect("valid")
}

fn meta() -> heard_engine::ResponseMeta {
    heard_engine::ResponseMeta {
        id: heard_engine::ResponseId::from_random_bytes([7; 16]),
        started_at: heard_engine::Timestamp::from_unix_millis(0),
        submitted_at: heard_engine::Timestamp::from_unix_millis(1),
        locale: "en".into(),
        context: Default::default(),
    }
}

/// The values a response would carry for `weight` and `steps` typed as given.
fn sent_numbers(weight: &str, steps: &str) -> Result<Vec<ResponseValue>, Vec<String>> {
    let survey = numbers_survey();
    let mut answers = Answers::new();
    answers.set_text("weight", weight);
    answers.set_text("steps", steps);
    survey
        .build_response(&answers, meta())
        .map(|r| r.answers.into_iter().map(|a| a.value).collect())
        .map_err(|issues| issues.into_iter().map(|i| format!("{}: {:?}: {}", i.item_id, i.kind, i.message)).collect())
}

/// Regression test for issue 8: "72,5" was stored as 725 and "1,5" as 15.
#[test]
fn a_decimal_comma_is_refused_with_a_message_instead_of_being_read_as_thousands() {
    assert_eq!(
        sent_numbers("72,5", "1,5"),
        Err(vec![
            "weight: MisplacedComma: Enter a number like 72.5, using a full stop for decimals".to_owned(),
            "steps: MisplacedComma: Enter a whole number like 72 or 1,000".to_owned(),
        ])
    );
}

#[test]
fn commas_that_do_not_separate_groups_of_three_are_all_refused() {
    for typed in ["1,00", "12,34", ",5", "1,,000", "1000,000", "1,000,", "0,500", "1,234.5,6"] {
        let issues = numbers_survey().validate_item("weight", &{
            let mut answers = Answers::new();
            answers.set_text("weight", typed);
            answers
        });
        let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        assert_eq!(messages, ["Enter a number like 72.5, using a full stop for decimals"], "{typed}");
    }
}

#[test]
fn thousands_separators_between_groups_of_three_are_read() {
    assert_eq!(
        sent_numbers("12,345.5", "1,234,567"),
        Ok(vec![ResponseValue::Decimal { decimal: 12345.5 }, ResponseValue::Integer { integer: 1_234_567 }])
    );
    assert_eq!(
        sent_numbers(" 1,000 ", "-1,000"),
        Ok(vec![ResponseValue::Decimal { decimal: 1000.0 }, ResponseValue::Integer { integer: -1000 }])
    );
}

#[test]
fn text_with_other_characters_is_still_just_not_a_number() {
    assert_eq!(
        sent_numbers("72,5 kg", "1,000.5"),
        Err(vec![
            "weight: NotNumber: Enter a number".to_owned(),
            "steps: NotWholeNumber: Enter a whole number".to_owned()
        ])
    );
}
