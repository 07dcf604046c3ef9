use heard_engine::{parse_survey, to_questionnaire_response, Answers, ResponseId, ResponseMeta, Timestamp};
use serde_json::{json, Value};

use crate::support::{heard_response, parse_csv, TestServer, ID};

const FHIR: &str = "application/fhir+json";

/// A QuestionnaireResponse written by the engine for the clinic survey.
fn questionnaire_response(id: &str) -> Value {
    let definition = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/engine/tests/fixtures/definitions/valid/clinic.json"
    ))
    .expect("the engine's clinic fixture");
    let survey = parse_survey(&definition).expect("a valid survey");
    let mut answers = Answers::new();
    answers.set_choice("visited", "yes");
    answers.set_choice("rating", "9");
    answers.set_choice("services", "gp");
    answers.set_choice("respect", "agree");
    answers.set_text("age", "34");
    answers.set_date_part("visit_date", heard_engine::DatePart::Day, "2");
    answers.set_date_part("visit_date", heard_engine::DatePart::Month, "11");
    answers.set_date_part("visit_date", heard_engine::DatePart::Year, "2026");
    let response = survey
        .build_response(
            &answers,
            ResponseMeta {
                id: ResponseId::parse(id).expect("test id"),
                started_at: Timestamp::from_unix_millis(1_795_435_200_000),
                submitted_at: Timestamp::from_unix_millis(1_795_435_260_000),
                locale: "cy".into(),
                context: Default::default(),
            },
        )
        .expect("a complete response");
    serde_json::to_value(to_questionnaire_response(&survey, &response)).expect("FHIR JSON")
}

fn post_fhir(server: &TestServer, body: &Value) -> crate::support::Reply {
    server.post(FHIR, body.to_string().as_bytes())
}

#[test]
fn a_fhir_questionnaire_response_is_stored_under_its_identifier() {
    let server = TestServer::start();
    let reply = post_fhir(&server, &questionnaire_response(ID));
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.json(), json!({"id": ID, "status": "stored"}));
    let records = parse_csv(&server.get("/responses.csv").body);
    let row = &records[1];
    assert_eq!(row[..4], [ID, "clinic", "2.1.0", "fhir-r4/QuestionnaireResponse"]);
    assert_eq!(row[5..7], ["2026-11-23T12:01:00.000Z", "cy"]);
    assert!(
        row[7].starts_with(r#"[{"item":[{"answer":[{"valueBoolean":true}]"#),
        "answers are the item tree: {}",
        row[7]
    );
    assert_eq!(row[8], "", "FHIR has no context");
}

#[test]
fn a_fhir_replay_is_deduplicated_by_identifier() {
    let server = TestServer::start();
    assert_eq!(post_fhir(&server, &questionnaire_response(ID)).status, 201);
    assert_eq!(post_fhir(&server, &questionnaire_response(ID)).status, 200);
    let mut changed = questionnaire_response(ID);
    changed["authored"] = json!("2026-11-24T09:00:00.000Z");
    post_fhir(&server, &changed).assert_refused(409, "id_conflict", ID);
    assert_eq!(server.counts(), (1, 1));
}

#[test]
fn a_fhir_identifier_in_upper_case_is_the_same_response() {
    let server = TestServer::start();
    assert_eq!(post_fhir(&server, &questionnaire_response(ID)).status, 201);
    let upper = ID.to_uppercase();
    let reply = server.request(
        "POST",
        "/responses",
        &[("Content-Type", FHIR), ("Idempotency-Key", &upper)],
        questionnaire_response(ID).to_string().as_bytes(),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[test]
fn the_same_id_in_both_formats_is_a_conflict_not_a_second_response() {
    let server = TestServer::start();
    assert_eq!(server.post_json(&heard_response(ID)).status, 201);
    post_fhir(&server, &questionnaire_response(ID)).assert_refused(409, "id_conflict", ID);
}

#[test]
fn malformed_fhir_is_refused_naming_the_problem() {
    let server = TestServer::start();
    let mut no_identifier = questionnaire_response(ID);
    no_identifier.as_object_mut().map(|o| o.remove("identifier"));
    post_fhir(&server, &no_identifier).assert_refused(400, "missing_id", "urn:uuid:");

    let mut not_a_uuid = questionnaire_response(ID);
    not_a_uuid["identifier"] = json!({"system": "http://trust.example/ids", "value": "12345"});
    post_fhir(&server, &not_a_uuid).assert_refused(400, "invalid_id", "http://trust.example/ids");

    let mut unversioned = questionnaire_response(ID);
    unversioned["questionnaire"] = json!("urn:heard:questionnaire:clinic");
    post_fhir(&server, &unversioned).assert_refused(400, "missing_survey", "url|version");

    let mut patient = questionnaire_response(ID);
    patient["resourceType"] = json!("Patient");
    post_fhir(&server, &patient).assert_refused(400, "wrong_format", "Patient");

    let mut bad_value = questionnaire_response(ID);
    bad_value["item"][0]["item"][0]["answer"][0] = json!({"valueBoolean": "yes"});
    post_fhir(&server, &bad_value).assert_refused(400, "invalid_response", "valueBoolean");

    let mut no_value = questionnaire_response(ID);
    no_value["item"][0]["item"][0]["answer"][0] = json!({});
    post_fhir(&server, &no_value).assert_refused(400, "invalid_response", "exactly one");

    post_fhir(&server, &heard_response(ID)).assert_refused(400, "wrong_format", "resourceType");
    assert_eq!(server.counts(), (0, 0));
}

#[test]
fn fhir_answer_kinds_the_engine_does_not_model_are_accepted_and_kept() {
    let server = TestServer::start();
    let mut body = questionnaire_response(ID);
    body["item"][0]["item"][0]["answer"][0] = json!({"valueQuantity": {"value": 70.5, "unit": "kg"}});
    assert_eq!(post_fhir(&server, &body).status, 201);
    assert_eq!(server.stored(), [body]);
}
