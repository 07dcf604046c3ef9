//! FHIR QuestionnaireResponse export, over a folder of fixtures.
//!
//! Each `tests/fixtures/fhir/<case>.json` is a Heard response; its survey is
//! `tests/fixtures/definitions/valid/<survey id>.json`, and
//! `<case>.expected.json` is the QuestionnaireResponse it must export to.
//! The QuestionnaireResponses of the responses the scenarios build
//! (`tests/fixtures/scenarios/`) are kept too, in
//! `tests/fixtures/fhir/scenarios/<case>.expected.json`.
//! Set `HEARD_UPDATE_FIXTURES=1` to rewrite the expected files, then read
//! the diff before committing it.
//!
//! The structure rules below are written beside the exporter. The independent
//! check is `crates/fhir-oracle`, which reads every expected file here with
//! fhirbolt's R4 model in strict mode. It is a workspace of its own because
//! fhirbolt turns on serde_json's `arbitrary_precision`, which would change
//! how this crate reads numbers if they were built together.

use std::path::{Path, PathBuf};

use heard_engine::{
    parse_survey, response_id_from_questionnaire_response, survey_ref_from_questionnaire_response,
    to_questionnaire_response, QuestionnaireResponse, QuestionnaireResponseAnswerValue, QuestionnaireResponseStatus,
    Response, ResponseId, ResponseValue, Survey, SurveyRef,
};
use heard_engine::{Answers, ResponseMeta, Timestamp};
use serde_json::{json, Value};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Every case: its path, the survey it answers and the response.
fn cases() -> Vec<(PathBuf, Survey, Response)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("fhir"))
        .expect("tests/fixtures/fhir")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.to_string_lossy().ends_with(".expected.json"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no FHIR fixtures found");
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("fixture text");
            let response: Response = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let definition = fixtures().join(format!("definitions/valid/{}.json", response.survey.id));
            let survey = parse_survey(&std::fs::read_to_string(&definition).expect("definition")).expect("valid");
            (path, survey, response)
        })
        .collect()
}

#[test]
fn every_fixture_response_exports_to_its_expected_questionnaire_response() {
    let mut failures = Vec::new();
    for (path, survey, response) in cases() {
        let exported = to_questionnaire_response(&survey, &response);
        let actual = serde_json::to_value(&exported).expect("JSON");
        let expected_path = path.with_extension("expected.json");
        if std::env::var_os("HEARD_UPDATE_FIXTURES").is_some() {
            // Written from the struct, not the Value, to keep FHIR's element
            // order (resourceType first) in the file people read.
            let pretty = serde_json::to_string_pretty(&exported).expect("JSON") + "\n";
            std::fs::write(&expected_path, pretty).expect("write the expected file");
            continue;
        }
        let expected = expected_json(&expected_path);
        if actual != expected {
            failures.push(format!(
                "{} does not match {}:\n{}",
                path.display(),
                expected_path.display(),
                serde_json::to_string_pretty(&exported).unwrap_or_default()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn exported_questionnaire_responses_read_back_equal() {
    for (path, survey, response) in cases() {
        let exported = to_questionnaire_response(&survey, &response);
        let text = serde_json::to_string(&exported).expect("JSON");
        let read: QuestionnaireResponse =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(read, exported, "{}", path.display());
        assert_eq!(serde_json::to_string(&read).expect("JSON"), text, "{}", path.display());
    }
}

#[test]
fn every_fixture_export_follows_the_structure_rules() {
    for (path, survey, response) in cases() {
        let exported = to_questionnaire_response(&survey, &response);
        if let Err(broken) = check_structure(&survey, &response, &exported) {
            panic!("{}: {broken}", path.display());
        }
    }
}

/// An expected fixture's JSON, or null when it is missing or unreadable (so
/// the comparison fails and says what was exported).
fn expected_json(path: &Path) -> Value {
    std::fs::read_to_string(path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or(Value::Null)
}

/// The responses the scenarios build (`tests/scenarios.rs`, with the same
/// metadata), with the survey each answers; scenarios whose answers do not
/// make a response are left out.
fn scenario_responses() -> Vec<(String, Survey, Response)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(fixtures().join("scenarios"))
        .expect("tests/fixtures/scenarios")
        .map(|entry| entry.expect("a folder entry").path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let scenario: Value =
                serde_json::from_str(&std::fs::read_to_string(&path).expect("scenario")).expect("scenario JSON");
            let definition =
                fixtures().join("definitions/valid").join(scenario["definition"].as_str().expect("definition name"));
            let survey = parse_survey(&std::fs::read_to_string(definition).expect("definition")).expect("valid");
            let answers: Answers = serde_json::from_value(scenario["answers"].clone()).expect("answers");
            let meta = ResponseMeta {
                id: ResponseId::from_random_bytes([0x5a; 16]),
                started_at: Timestamp::from_unix_millis(1_795_435_200_000),
                submitted_at: Timestamp::from_unix_millis(1_795_435_321_500),
                locale: scenario["locale"].as_str().unwrap_or("en").to_owned(),
                context: json!({"site": "test-clinic"}).as_object().cloned().unwrap_or_default(),
            };
            let response = survey.build_response(&answers, meta).ok()?;
            let name = path.file_stem().and_then(|s| s.to_str()).expect("a UTF-8 name").to_owned();
            Some((name, survey, response))
        })
        .collect()
}

#[test]
fn every_scenarios_response_exports_to_its_expected_questionnaire_response_by_the_structure_rules() {
    let responses = scenario_responses();
    // Most scenarios are about invalid answers; a few build a response.
    assert!(responses.len() >= 3, "only {} scenarios built a response", responses.len());
    let dir = fixtures().join("fhir/scenarios");
    let mut failures = Vec::new();
    for (name, survey, response) in responses {
        let exported = to_questionnaire_response(&survey, &response);
        check_structure(&survey, &response, &exported).unwrap_or_else(|broken| panic!("{name}: {broken}"));
        let expected_path = dir.join(format!("{name}.expected.json"));
        // Written from the struct, as above, to keep FHIR's element order.
        let pretty = serde_json::to_string_pretty(&exported).expect("JSON") + "\n";
        if std::env::var_os("HEARD_UPDATE_FIXTURES").is_some() {
            std::fs::create_dir_all(&dir).expect("tests/fixtures/fhir/scenarios");
            std::fs::write(&expected_path, pretty).expect("write the expected file");
            continue;
        }
        let expected = expected_json(&expected_path);
        if serde_json::to_value(&exported).expect("JSON") != expected {
            failures.push(format!("{name} does not match {}:\n{pretty}", expected_path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The rules of `to_questionnaire_response`, checked rule by rule.
fn check_structure(survey: &Survey, response: &Response, qr: &QuestionnaireResponse) -> Result<(), String> {
    let json = serde_json::to_value(qr).map_err(|e| e.to_string())?;
    let expect = |ok: bool, rule: &str| if ok { Ok(()) } else { Err(rule.to_owned()) };
    expect(json["resourceType"] == "QuestionnaireResponse", "resourceType is QuestionnaireResponse")?;
    expect(
        qr.status == QuestionnaireResponseStatus::Completed && json["status"] == "completed",
        "status is completed",
    )?;
    expect(
        json["identifier"] == json!({"system": "urn:ietf:rfc:3986", "value": format!("urn:uuid:{}", response.id)}),
        "the identifier is the response id as a uuid URN",
    )?;
    expect(response_id_from_questionnaire_response(qr) == Some(response.id), "the identifier reads back")?;
    expect(
        qr.questionnaire.as_deref()
            == Some(&*format!("urn:heard:questionnaire:{}|{}", response.survey.id, response.survey.version)),
        "questionnaire is the heard canonical with |version",
    )?;
    expect(qr.authored.as_deref() == Some(&*response.submitted_at.to_string()), "authored is submitted_at")?;
    expect(qr.language.as_deref() == Some(response.locale.as_str()), "language is the locale")?;
    expect(json.get("context").is_none() && !json.to_string().contains("Ward 7"), "the context is left out")?;

    let answered_pages: Vec<&str> = survey
        .pages()
        .iter()
        .filter(|p| p.items.iter().any(|i| response.answers.iter().any(|a| a.item == i.id)))
        .map(|p| p.id.as_str())
        .collect();
    let groups: Vec<&str> = qr.item.iter().map(|g| g.link_id.as_str()).collect();
    expect(groups == answered_pages, "one group per page with answers, in page order")?;
    for (group, page) in qr.item.iter().zip(survey.pages().iter().filter(|p| answered_pages.contains(&p.id.as_str()))) {
        expect(group.answer.is_empty(), "groups hold items, not answers")?;
        let title = page.title.as_ref().map(|t| t.resolve(&response.locale, survey.default_language()).to_owned());
        expect(group.text == title, "a group's text is the page title")?;
        let expected_items: Vec<&str> = page
            .items
            .iter()
            .filter(|i| response.answers.iter().any(|a| a.item == i.id))
            .map(|i| i.id.as_str())
            .collect();
        let items: Vec<&str> = group.item.iter().map(|i| i.link_id.as_str()).collect();
        expect(items == expected_items, "one item per answered question, in definition order")?;
        for written in &group.item {
            let item = survey.item(&written.link_id).ok_or("an item the survey has")?;
            let text = item.text.resolve(&response.locale, survey.default_language());
            expect(written.text.as_deref() == Some(text), "an item's text is the question in the locale")?;
            let answer = response.answers.iter().find(|a| a.item == written.link_id).ok_or("an answer")?;
            let values: Vec<&QuestionnaireResponseAnswerValue> =
                written.answer.iter().filter_map(|a| a.value.as_ref()).collect();
            expect(values.len() == written.answer.len(), "every answer has a modelled value")?;
            check_values(survey, &answer.item, &answer.value, &values)?;
        }
    }
    Ok(())
}

fn check_values(
    survey: &Survey,
    item: &str,
    value: &ResponseValue,
    values: &[&QuestionnaireResponseAnswerValue],
) -> Result<(), String> {
    use QuestionnaireResponseAnswerValue as V;
    let system = format!("urn:heard:survey:{}:{item}", survey.id());
    let codings_then_other = |codes: &[String], other: &Option<String>| {
        let codings: Vec<&str> = values
            .iter()
            .filter_map(|v| match v {
                V::Coding(c) if c.system.as_deref() == Some(&*system) && c.display.is_some() => c.code.as_deref(),
                _ => None,
            })
            .collect();
        let strings: Vec<&str> =
            values.iter().filter_map(|v| if let V::String(s) = v { Some(s.as_str()) } else { None }).collect();
        codings == codes.iter().map(String::as_str).collect::<Vec<_>>()
            && strings == other.iter().map(String::as_str).collect::<Vec<_>>()
            && values.len() == codes.len() + usize::from(other.is_some())
    };
    let ok = match value {
        ResponseValue::Code { code, other } => codings_then_other(std::slice::from_ref(code), other),
        ResponseValue::Codes { codes, other } => codings_then_other(codes, other),
        ResponseValue::Boolean { boolean } => values == [&V::Boolean(*boolean)],
        ResponseValue::Integer { integer } => {
            values == [&V::Integer(i32::try_from(*integer).map_err(|e| e.to_string())?)]
        }
        ResponseValue::Decimal { decimal } => values == [&V::Decimal(*decimal)],
        ResponseValue::Text { text } => values == [&V::String(text.clone())],
        ResponseValue::Date { date } => values == [&V::Date(date.clone())],
    };
    if ok {
        Ok(())
    } else {
        Err(format!("item {item}: {value:?} was written as {values:?}"))
    }
}

fn clinic() -> Survey {
    let path = fixtures().join("definitions/valid/clinic.json");
    parse_survey(&std::fs::read_to_string(path).expect("clinic.json")).expect("valid")
}

fn clinic_response(answers: Value) -> Response {
    serde_json::from_value(json!({
        "format": "heard-response/1", "id": "6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90",
        "survey": {"id": "clinic", "version": "2.1.0"},
        "started_at": "2026-11-23T12:00:00.000Z", "submitted_at": "2026-11-23T12:04:10.250Z",
        "locale": "en", "context": {}, "answers": answers
    }))
    .expect("a response")
}

#[test]
fn question_and_option_texts_are_written_in_the_responses_language() {
    let mut response = clinic_response(json!([{"item": "visited", "boolean": true}]));
    response.locale = "cy-GB".to_owned();
    let json = serde_json::to_value(to_questionnaire_response(&clinic(), &response)).expect("JSON");
    assert_eq!(json["item"][0]["item"][0]["text"], "Wnaethoch chi ymweld â ni y mis hwn?");
    assert_eq!(json["language"], "cy-GB");
}

#[test]
fn standard_likert_and_other_answers_get_their_labels_as_display() {
    let response = clinic_response(json!([
        {"item": "respect", "code": "strongly_agree"},
        {"item": "ward", "code": "other", "other": "Day unit"}
    ]));
    let json = serde_json::to_value(to_questionnaire_response(&clinic(), &response)).expect("JSON");
    let items = &json["item"][0]["item"];
    assert_eq!(items[0]["linkId"], "ward");
    assert_eq!(
        items[0]["answer"],
        json!([
            {"valueCoding": {"system": "urn:heard:survey:clinic:ward", "code": "other", "display": "Another ward"}},
            {"valueString": "Day unit"}
        ])
    );
    assert_eq!(items[1]["answer"][0]["valueCoding"]["display"], "Strongly agree");
}

#[test]
fn answers_to_items_the_survey_lacks_follow_the_page_groups_instead_of_being_dropped() {
    let response = clinic_response(json!([
        {"item": "retired_question", "code": "x"},
        {"item": "visited", "boolean": false}
    ]));
    let json = serde_json::to_value(to_questionnaire_response(&clinic(), &response)).expect("JSON");
    assert_eq!(json["item"][0]["linkId"], "about");
    assert_eq!(
        json["item"][1],
        json!({"linkId": "retired_question", "answer": [{"valueCoding": {"system": "urn:heard:survey:clinic:retired_question", "code": "x"}}]})
    );
}

#[test]
fn whole_numbers_beyond_fhirs_32_bit_integer_are_written_as_decimals() {
    let response =
        clinic_response(json!([{"item": "age", "integer": 5_000_000_000_i64}, {"item": "children", "integer": -3}]));
    let json = serde_json::to_value(to_questionnaire_response(&clinic(), &response)).expect("JSON");
    assert_eq!(json["item"][0]["item"][0]["answer"], json!([{"valueDecimal": 5_000_000_000.0}]));
    assert_eq!(json["item"][0]["item"][1]["answer"], json!([{"valueInteger": -3}]));
}

#[test]
fn empty_elements_are_left_out_as_fhir_requires() {
    let response = clinic_response(json!([{"item": "age", "integer": 30}]));
    let text = serde_json::to_string(&to_questionnaire_response(&clinic(), &response)).expect("JSON");
    for empty in ["null", "[]", "{}", "\"text\":\"\""] {
        assert!(!text.contains(empty), "{empty} in {text}");
    }
    // The "you" page has no title, so its group has no text at all.
    assert!(text.contains(r#"{"linkId":"you","item":"#), "{text}");
}

#[test]
fn elements_the_subset_does_not_model_are_kept_when_read_and_written() {
    let original = json!({
        "resourceType": "QuestionnaireResponse",
        "id": "qr-1",
        "meta": {"profile": ["http://example.org/StructureDefinition/x"]},
        "identifier": {"use": "official", "system": "urn:ietf:rfc:3986", "value": "urn:uuid:6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90"},
        "questionnaire": "http://example.org/Questionnaire/phq9|1.0",
        "status": "amended",
        "subject": {"reference": "Patient/1"},
        "authored": "2026-11-23T12:00:00+00:00",
        "item": [{
            "linkId": "g1", "definition": "http://example.org/def",
            "item": [{
                "linkId": "q1", "text": "Weight",
                "answer": [
                    {"valueQuantity": {"value": 70.5, "unit": "kg"}},
                    {"valueCoding": {"system": "http://loinc.org", "version": "2.7", "code": "LA6568-5", "userSelected": true}},
                    {"valueString": "x", "_valueString": {"extension": [{"url": "http://example.org/e", "valueBoolean": true}]},
                     "item": [{"linkId": "q1.1", "answer": [{"valueDecimal": 2}]}]}
                ]
            }]
        }],
        "extension": [{"url": "http://example.org/ext", "valueString": "kept"}]
    });
    let read: QuestionnaireResponse = serde_json::from_value(original.clone()).expect("reads");
    assert_eq!(read.status, QuestionnaireResponseStatus::Amended);
    let weight = &read.item[0].item[0];
    assert!(weight.answer[0].value.is_none() && weight.answer[0].extra_fields.contains_key("valueQuantity"));
    assert_eq!(weight.answer[2].item[0].answer[0].value, Some(QuestionnaireResponseAnswerValue::Decimal(2.0)));
    let mut written = serde_json::to_value(&read).expect("writes");
    // A decimal written by a Rust f64 gains ".0"; the value is the same.
    assert_eq!(written["item"][0]["item"][0]["answer"][2]["item"][0]["answer"][0]["valueDecimal"], json!(2.0));
    written["item"][0]["item"][0]["answer"][2]["item"][0]["answer"][0]["valueDecimal"] = json!(2);
    assert_eq!(written, original);
}

#[test]
fn an_answer_value_of_the_wrong_type_is_an_error_not_a_silent_loss() {
    let text = r#"{"resourceType": "QuestionnaireResponse", "status": "completed",
                   "item": [{"linkId": "q", "answer": [{"valueBoolean": "yes"}]}]}"#;
    let error = serde_json::from_str::<QuestionnaireResponse>(text).expect_err("must not read");
    assert!(error.to_string().contains("valueBoolean"), "{error}");
}

#[test]
fn an_answer_with_two_values_is_an_error() {
    let text = r#"{"resourceType": "QuestionnaireResponse", "status": "completed",
                   "item": [{"linkId": "q", "answer": [{"valueBoolean": true, "valueString": "yes"}]}]}"#;
    let error = serde_json::from_str::<QuestionnaireResponse>(text).expect_err("must not read");
    assert!(error.to_string().contains("only one"), "{error}");
}

#[test]
fn integers_outside_32_bits_are_not_read_as_fhir_integers() {
    let text = r#"{"resourceType": "QuestionnaireResponse", "status": "completed",
                   "item": [{"linkId": "q", "answer": [{"valueInteger": 5000000000}]}]}"#;
    assert!(serde_json::from_str::<QuestionnaireResponse>(text).is_err());
}

#[test]
fn another_resource_type_does_not_read_as_a_questionnaire_response() {
    for text in [r#"{"resourceType": "Questionnaire", "status": "completed"}"#, r#"{"status": "completed"}"#] {
        assert!(serde_json::from_str::<QuestionnaireResponse>(text).is_err(), "{text}");
    }
}

fn with_identifier(system: Value, value: Value) -> QuestionnaireResponse {
    serde_json::from_value(json!({"resourceType": "QuestionnaireResponse", "status": "completed",
                                  "identifier": {"system": system, "value": value}}))
    .expect("reads")
}

#[test]
fn the_response_id_is_read_only_from_a_uuid_urn_in_the_uri_system() {
    let id = ResponseId::parse("6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90");
    let uri = json!("urn:ietf:rfc:3986");
    assert_eq!(
        response_id_from_questionnaire_response(&with_identifier(
            uri.clone(),
            json!("urn:uuid:6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90")
        )),
        id
    );
    assert_eq!(
        response_id_from_questionnaire_response(&with_identifier(
            uri.clone(),
            json!("URN:UUID:6B1E4C52-93A4-4F0E-9D2B-3C1A5E7F8A90")
        )),
        id
    );
    for (system, value) in [
        (json!("http://trust.example/ids"), json!("urn:uuid:6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90")),
        (uri.clone(), json!("6b1e4c52-93a4-4f0e-9d2b-3c1a5e7f8a90")),
        (uri.clone(), json!("urn:uuid:not-a-uuid")),
        (uri, json!("urn:oid:1.2.3")),
    ] {
        assert_eq!(
            response_id_from_questionnaire_response(&with_identifier(system.clone(), value.clone())),
            None,
            "{system} {value}"
        );
    }
}

#[test]
fn the_survey_is_read_from_the_questionnaire_canonical() {
    let with = |canonical: &str| {
        let qr: QuestionnaireResponse = serde_json::from_value(
            json!({"resourceType": "QuestionnaireResponse", "status": "completed", "questionnaire": canonical}),
        )
        .expect("reads");
        survey_ref_from_questionnaire_response(&qr)
    };
    let survey = |id: &str, version: &str| Some(SurveyRef { id: id.to_owned(), version: version.to_owned() });
    assert_eq!(with("urn:heard:questionnaire:fft|1.0.0"), survey("fft", "1.0.0"));
    assert_eq!(with("http://example.org/Questionnaire/phq9|2"), survey("http://example.org/Questionnaire/phq9", "2"));
    assert_eq!(with("urn:heard:questionnaire:fft"), None);
    assert_eq!(with("urn:heard:questionnaire:fft|"), None);
}
