//! Property tests: whatever the definition, answers or input text, the
//! engine does not panic, never sends a hidden answer, and navigation always
//! ends.

use heard_engine::{
    check, parse_survey, Answer, AnswerOption, Answers, Condition, DatePart, Definition, Item, ItemKind, OtherOption,
    Page, ResponseId, ResponseMeta, Survey, Test, Text, Timestamp,
};
use proptest::prelude::*;

/// Raw choices from which a definition is built. Keeping the random part as
/// plain numbers lets the builder turn them into mostly sensible conditions
/// (which name earlier items with fitting values), while `chaos` sometimes
/// breaks the rules on purpose.
#[derive(Debug, Clone)]
struct ItemSeed {
    kind: u8,
    required: bool,
    option_count: usize,
    exclusive_last: bool,
    with_other: bool,
    range: (i64, i64),
    condition: Option<(usize, u8, usize, bool)>,
}

fn item_seed() -> impl Strategy<Value = ItemSeed> {
    (
        0u8..11,
        proptest::bool::weighted(0.1),
        1usize..5,
        any::<bool>(),
        any::<bool>(),
        (-3i64..5, 1i64..11),
        proptest::option::weighted(0.6, (any::<usize>(), 0u8..8, any::<usize>(), proptest::bool::weighted(0.1))),
    )
        .prop_map(|(kind, required, option_count, exclusive_last, with_other, range, condition)| ItemSeed {
            kind,
            required,
            option_count,
            exclusive_last,
            with_other,
            range,
            condition,
        })
}

/// (which earlier item, which test, which value, break the rules on purpose)
type ConditionSeed = (usize, u8, usize, bool);
/// A page: its condition and its items.
type PageSeed = (Option<ConditionSeed>, Vec<ItemSeed>);

fn definition_seed() -> impl Strategy<Value = Vec<PageSeed>> {
    proptest::collection::vec(
        (
            proptest::option::weighted(0.3, (any::<usize>(), 0u8..8, any::<usize>(), proptest::bool::weighted(0.1))),
            proptest::collection::vec(item_seed(), 1..5),
        ),
        1..5,
    )
}

const CODES: [&str; 4] = ["a", "b", "c", "d"];

fn build_kind(seed: &ItemSeed) -> ItemKind {
    let options: Vec<AnswerOption> = (0..seed.option_count)
        .map(|i| AnswerOption {
            code: CODES[i].to_owned(),
            label: Text::from(CODES[i]),
            value: Some(i as f64),
            prefer_not_to_say: false,
            exclusive: seed.exclusive_last && i + 1 == seed.option_count,
            hint: None,
        })
        .collect();
    let other =
        seed.with_other.then(|| OtherOption { code: "other".into(), label: Text::from("Other"), detail_label: None });
    let (min, span) = seed.range;
    let max = min + span;
    match seed.kind {
        0 => ItemKind::Display,
        1 => ItemKind::SingleChoice { options, other },
        2 => ItemKind::MultipleChoice { options, other },
        3 => ItemKind::YesNo,
        4 => ItemKind::Scale { min, max, min_label: None, max_label: None },
        5 => ItemKind::Likert { options: (seed.option_count > 2).then_some(options) },
        6 => ItemKind::ShortText { max_length: Some(span as u32) },
        7 => ItemKind::LongText { max_length: None },
        8 => ItemKind::Integer { min: Some(min), max: Some(max) },
        9 => ItemKind::Decimal { min: None, max: Some(max as f64 / 2.0) },
        _ => ItemKind::Date,
    }
}

/// Makes a condition on one of `earlier` (or, with chaos, on anything).
fn build_condition(
    earlier: &[Item],
    all_ids: usize,
    (pick, test, value, chaos): (usize, u8, usize, bool),
) -> Option<Condition> {
    let item = if chaos {
        format!("q{}", pick % (all_ids + 2))
    } else {
        let answerable: Vec<&Item> = earlier.iter().filter(|i| i.is_answerable()).collect();
        answerable.get(pick % answerable.len().max(1))?.id.clone()
    };
    let target = earlier.iter().find(|i| i.id == item);
    let codes: Vec<String> = target
        .map(|t| {
            let mut c: Vec<String> = t.options().into_iter().map(|o| o.code).collect();
            c.extend(t.other().map(|o| o.code.clone()));
            if let ItemKind::Scale { min, max, .. } = t.kind {
                c.extend((min..=max).map(|n| n.to_string()));
            }
            c
        })
        .unwrap_or_default();
    let code = codes.get(value % codes.len().max(1)).cloned().unwrap_or_else(|| "x".into());
    let number = match target.map(|t| &t.kind) {
        Some(ItemKind::Scale { min, max, .. }) if !chaos => (*min + (value as i64).rem_euclid(max - min + 1)) as f64,
        _ => (value % 12) as f64 - 1.0,
    };
    let numeric = target.is_some_and(|t| {
        matches!(t.kind, ItemKind::Scale { .. } | ItemKind::Integer { .. } | ItemKind::Decimal { .. })
            || t.options().iter().any(|o| o.value.is_some())
    });
    let equatable = !codes.is_empty()
        || target.is_some_and(|t| !matches!(t.kind, ItemKind::Integer { .. } | ItemKind::Decimal { .. }));
    let test = match test {
        0..=2 if !chaos && !equatable => Test::Answered(true),
        4.. if !chaos && !numeric => Test::Answered(false),
        0 => Test::Equals(code),
        1 => Test::NotEquals(code),
        2 => Test::OneOf(vec![code, "a".into()]),
        3 => Test::Answered(value % 2 == 0),
        4 => Test::GreaterThan(number),
        5 => Test::AtLeast(number),
        6 => Test::LessThan(number),
        _ => Test::AtMost(number),
    };
    let leaf = Condition::Test { item, test };
    Some(match value % 5 {
        0 => Condition::All { all: vec![leaf] },
        1 => Condition::Any { any: vec![leaf, Condition::Test { item: "q0".into(), test: Test::Answered(true) }] },
        _ => leaf,
    })
}

fn build_definition(seed: &[PageSeed]) -> Definition {
    let total: usize = seed.iter().map(|(_, items)| items.len()).sum();
    let mut earlier: Vec<Item> = Vec::new();
    let mut pages = Vec::new();
    for (p, (page_condition, item_seeds)) in seed.iter().enumerate() {
        let show_if = page_condition.and_then(|c| build_condition(&earlier, total, c));
        let mut items = Vec::new();
        for item_seed in item_seeds {
            let item = Item {
                id: format!("q{}", earlier.len()),
                text: Text::from("Question"),
                hint: None,
                required: item_seed.required,
                required_message: None,
                show_if: item_seed.condition.and_then(|c| build_condition(&earlier, total, c)),
                kind: build_kind(item_seed),
            };
            earlier.push(item.clone());
            items.push(item);
        }
        pages.push(Page { id: format!("p{p}"), title: None, show_if, items });
    }
    Definition {
        id: "prop".into(),
        version: "1".into(),
        default_language: "en".into(),
        title: Text::from("Property survey"),
        description: None,
        privacy_notice: Text::from("Anonymous."),
        pages,
    }
}

fn raw_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("1".to_owned()),
        Just("2".to_owned()),
        Just("3".to_owned()),
        Just("2024".to_owned()),
        Just("a".to_owned()),
        Just("b".to_owned()),
        Just("other".to_owned()),
        Just("yes".to_owned()),
        Just("no".to_owned()),
        "-?[0-9]{1,4}",
        "[0-9]{0,3}\\.[0-9]{0,2}",
        ".{0,12}",
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    prop_oneof![
        (raw_text(), proptest::option::of(raw_text()))
            .prop_map(|(code, other_detail)| Answer::Choice { code, other_detail }),
        (proptest::collection::vec(raw_text(), 0..4), proptest::option::of(raw_text()))
            .prop_map(|(codes, other_detail)| Answer::Choices { codes, other_detail }),
        raw_text().prop_map(Answer::Text),
        (raw_text(), raw_text(), raw_text()).prop_map(|(day, month, year)| Answer::Date { day, month, year }),
    ]
}

fn answers() -> impl Strategy<Value = Answers> {
    proptest::collection::vec((0usize..22, answer()), 0..16)
        .prop_map(|pairs| pairs.into_iter().map(|(i, a)| (format!("q{i}"), a)).collect())
}

fn meta() -> ResponseMeta {
    ResponseMeta {
        id: ResponseId::from_random_bytes([1; 16]),
        started_at: Timestamp::from_unix_millis(0),
        submitted_at: Timestamp::from_unix_millis(1),
        locale: "en".into(),
        context: Default::default(),
    }
}

/// Gives most items of `survey` an answer of the right shape with a likely
/// value, chosen by `seeds`, on top of the random `base` answers.
fn fitting_answers(survey: &Survey, base: &Answers, seeds: &[u32]) -> Answers {
    let mut answers = base.clone();
    let items = survey.pages().iter().flat_map(|p| &p.items);
    for (item, &seed) in items.zip(seeds.iter().cycle()) {
        if seed % 4 == 0 {
            continue;
        }
        let n = seed as usize / 4;
        let mut codes: Vec<String> = item.options().into_iter().map(|o| o.code).collect();
        codes.extend(item.other().map(|o| o.code.clone()));
        let code = codes.get(n % codes.len().max(1)).cloned().unwrap_or_default();
        let answer = match &item.kind {
            ItemKind::Display => continue,
            ItemKind::MultipleChoice { .. } => {
                Answer::Choices { codes: vec![code], other_detail: Some("detail".into()) }
            }
            ItemKind::Scale { min, max, .. } => {
                Answer::Choice { code: (min + (n as i64) % (max - min + 1)).to_string(), other_detail: None }
            }
            ItemKind::SingleChoice { .. } | ItemKind::YesNo | ItemKind::Likert { .. } => {
                Answer::Choice { code, other_detail: Some("detail".into()) }
            }
            ItemKind::Integer { min, .. } => Answer::Text(min.unwrap_or(0).to_string()),
            ItemKind::Decimal { max, .. } => Answer::Text(format!("{}", max.unwrap_or(1.0) - 0.5)),
            ItemKind::ShortText { .. } | ItemKind::LongText { .. } => Answer::Text("x".into()),
            ItemKind::Date => Answer::Date { day: "29".into(), month: "2".into(), year: "2024".into() },
        };
        answers.set(item.id.clone(), answer);
    }
    answers
}

/// Clears answers that have issues, so that more random answer sets can be
/// submitted. Clearing can change what is shown, so it repeats a few times.
fn repair(survey: &Survey, answers: &Answers) -> Answers {
    let mut repaired = answers.clone();
    for _ in 0..4 {
        let issues = survey.validate_all(&repaired);
        if issues.is_empty() {
            break;
        }
        for issue in issues {
            repaired.clear(&issue.item_id);
        }
    }
    repaired
}

/// Exercises every runtime entry point; the property is that none panics.
fn exercise(survey: &Survey, answers: &Answers) {
    let pages = survey.pages().len();
    for p in 0..pages + 1 {
        let _ = survey.visible_items(p, answers);
        let _ = survey.validate_page(p, answers);
        let _ = survey.progress(p, answers);
        let _ = survey.previous_page(p, answers);
    }
    let _ = survey.summary(answers, "cy");
    let _ = survey.build_response(answers, meta());
    let mut edited = answers.clone();
    for page in survey.pages() {
        for item in &page.items {
            let _ = survey.validate_item(&item.id, answers);
            edited.toggle_choice(survey, &item.id, "a");
            edited.toggle_choice(survey, &item.id, "d");
            edited.set_other_detail(&item.id, "detail");
            edited.set_date_part(&item.id, DatePart::Month, "2");
        }
    }
    let _ = survey.build_response(&edited, meta());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_given_as_a_definition_is_reported_not_panicked_on(text in ".{0,300}") {
        let _ = parse_survey(&text);
    }

    #[test]
    fn any_bytes_given_as_a_definition_are_reported_not_panicked_on(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = parse_survey(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn mangled_json_definitions_are_reported_not_panicked_on(seed in definition_seed(), cut in any::<usize>(), junk in ".{0,3}") {
        let json = serde_json::to_string(&build_definition(&seed)).expect("JSON");
        let mut at = cut % (json.len() + 1);
        while !json.is_char_boundary(at) { at -= 1; }
        let _ = parse_survey(&format!("{}{junk}{}", &json[..at], &json[at..]));
        let _ = parse_survey(&json.replace("\"type\"", "\"typo\"").replace("[]", "{}"));
    }

    #[test]
    fn random_definitions_are_checked_and_run_without_panicking(seed in definition_seed(), answers in answers()) {
        let definition = build_definition(&seed);
        let problems = check(&definition);
        let json = serde_json::to_string(&definition).expect("JSON");
        let parsed = parse_survey(&json);
        prop_assert_eq!(parsed.is_ok(), problems.is_empty(), "parse_survey and check disagree: {:?}", problems);
        if let Ok(survey) = parsed {
            exercise(&survey, &answers);
        }
    }

    #[test]
    fn a_hidden_items_answer_never_appears_in_a_response(
        seed in definition_seed(),
        answers in answers(),
        answer_seeds in proptest::collection::vec(any::<u32>(), 1..20),
    ) {
        if let Ok(survey) = Survey::new(build_definition(&seed)) {
            let answers = repair(&survey, &fitting_answers(&survey, &answers, &answer_seeds));
            if let Ok(response) = survey.build_response(&answers, meta()) {
                for answer in &response.answers {
                    prop_assert!(survey.is_item_visible(&answer.item, &answers), "{} is hidden but was sent", answer.item);
                }
                let json = serde_json::to_value(&response).expect("JSON");
                let back: heard_engine::Response = serde_json::from_value(json).expect("reads back");
                prop_assert_eq!(back, response);
            }
        }
    }

    #[test]
    fn navigation_always_moves_forward_and_ends(
        seed in definition_seed(),
        answers in answers(),
        answer_seeds in proptest::collection::vec(any::<u32>(), 1..20),
    ) {
        if let Ok(survey) = Survey::new(build_definition(&seed)) {
            let answers = fitting_answers(&survey, &answers, &answer_seeds);
            let mut steps = 0;
            let mut current = survey.first_page(&answers);
            while let Some(page) = current {
                prop_assert!(survey.is_page_visible(page, &answers));
                steps += 1;
                prop_assert!(steps <= survey.pages().len(), "more steps than pages");
                let next = survey.next_page(page, &answers);
                if let Some(n) = next { prop_assert!(n > page); }
                if let Some(back) = survey.previous_page(page, &answers) { prop_assert!(back < page); }
                current = next;
            }
            prop_assert_eq!(steps, survey.visible_pages(&answers).len());
        }
    }
}

/// A survey with one decimal item, `x`, and one integer item, `n`.
fn number_survey() -> Survey {
    parse_survey(
        r#"{"id": "n", "version": "1", "title": "T", "privacy_notice": "P", "pages": [{"id": "p1", "items": [
            {"id": "x", "type": "decimal", "text": "X?"}, {"id": "n", "type": "integer", "text": "N?"}]}]}"#,
    )
    .expect("valid")
}

/// `plain` (a sign, digits, maybe a fraction) with a comma between each
/// group of three digits of its whole part, as a person would type it.
fn with_thousands_separators(plain: &str) -> String {
    let (sign, rest) = plain.strip_prefix('-').map_or(("", plain), |r| ("-", r));
    let (whole, fraction) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// What the response carries for `typed`, given to both items.
fn sent(typed: &str) -> Result<Vec<heard_engine::ResponseValue>, Vec<heard_engine::AnswerIssueKind>> {
    let mut answers = Answers::new();
    answers.set_text("x", typed);
    answers.set_text("n", typed);
    number_survey()
        .build_response(&answers, meta())
        .map(|r| r.answers.into_iter().map(|a| a.value).collect())
        .map_err(|issues| issues.into_iter().map(|i| i.kind).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Issue 8: commas must never change a number's value.
    #[test]
    fn any_decimal_written_with_thousands_separators_reads_back_as_itself(
        x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO,
    ) {
        let typed = with_thousands_separators(&x.to_string());
        let mut answers = Answers::new();
        answers.set_text("x", &typed);
        let response = number_survey().build_response(&answers, meta());
        let values: Vec<_> = response.map(|r| r.answers.into_iter().map(|a| a.value).collect()).unwrap_or_default();
        prop_assert_eq!(values, vec![heard_engine::ResponseValue::Decimal { decimal: x }], "typed {}", typed);
    }

    #[test]
    fn any_whole_number_written_with_thousands_separators_reads_back_as_itself(n in any::<i64>()) {
        let typed = with_thousands_separators(&n.to_string());
        prop_assert_eq!(
            sent(&typed),
            Ok(vec![
                heard_engine::ResponseValue::Decimal { decimal: n as f64 },
                heard_engine::ResponseValue::Integer { integer: n },
            ]),
            "typed {}", typed
        );
    }

    /// Issue 8: a comma anywhere but between groups of three is refused, so
    /// "72,5" can never become 725.
    #[test]
    fn a_comma_out_of_place_in_a_number_is_always_refused(n in 0u64..10_000_000, at in any::<prop::sample::Index>(), fraction in proptest::option::of(0u32..1000)) {
        let plain = match fraction { Some(f) => format!("{n}.{f}"), None => n.to_string() };
        let grouped = with_thousands_separators(&plain);
        // Put one more comma at any place where it does not belong.
        let places: Vec<usize> = (0..=grouped.len()).filter(|&i| {
            let mut typed = grouped.clone();
            typed.insert(i, ',');
            typed != grouped && typed != with_thousands_separators(&typed.replace(',', ""))
        }).collect();
        let i = places[at.index(places.len())];
        let mut typed = grouped.clone();
        typed.insert(i, ',');
        let kinds = sent(&typed).expect_err("refused");
        prop_assert_eq!(kinds, vec![heard_engine::AnswerIssueKind::MisplacedComma; 2], "typed {}", typed);
    }
}
