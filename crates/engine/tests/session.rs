//! The journey rules, natively: where each move takes the person.

use heard_engine::{
    parse_survey, Answers, DraftOffer, ResponseId, Screen, Session, SessionOptions, StoredDraft, SubmitMeta, Survey,
    Timestamp,
};

const T0: i64 = 1_795_435_200_000;

/// Three pages; the second is shown only when `q1` is "yes", and holds a
/// required question, so a change on page one can reveal work to do.
const JOURNEY: &str = r#"{"id": "journey", "version": "2", "title": "T", "privacy_notice": "P", "pages": [
        {"id": "p1", "items": [{"id": "q1", "type": "yes_no", "text": "One?", "required": true}]},
        {"id": "p2", "show_if": {"item": "q1", "equals": "yes"},
         "items": [{"id": "q2", "type": "short_text", "text": "Two?", "required": true}]},
        {"id": "p3", "items": [{"id": "q3", "type": "short_text", "text": "Three?"}]}]}"#;

fn survey() -> Survey {
    parse_survey(JOURNEY).unwrap()
}

fn id(n: u8) -> ResponseId {
    ResponseId::from_random_bytes([n; 16])
}

fn at(ms: i64) -> Timestamp {
    Timestamp::from_unix_millis(T0 + ms)
}

fn started(survey: &Survey, answers: &Answers) -> Session {
    let (mut session, _) = Session::open(survey, SessionOptions::default(), None);
    session.start(survey, answers, at(0), id(1));
    session
}

/// A session on the summary, page 2 hidden by answering "no".
fn at_summary(survey: &Survey) -> (Answers, Session) {
    let mut answers = Answers::new();
    answers.set_choice("q1", "no");
    let mut session = started(survey, &answers);
    session.continue_from(0, survey, &answers, "en");
    session.continue_from(2, survey, &answers, "en");
    assert_eq!(session.screen(), &Screen::Check);
    (answers, session)
}

fn meta() -> SubmitMeta {
    SubmitMeta { now: at(60_000), fallback_id: id(9), locale: "en".into(), context: Default::default() }
}

#[test]
fn continue_moves_on_only_from_a_valid_page_and_skips_hidden_pages() {
    let s = survey();
    let mut answers = Answers::new();
    let mut session = started(&s, &answers);
    assert!(!session.continue_from(0, &s, &answers, "en"));
    assert_eq!(session.problems().len(), 1);
    assert_eq!(session.attempt(), 1);
    answers.set_choice("q1", "no");
    assert!(session.continue_from(0, &s, &answers, "en"));
    assert_eq!(session.screen(), &Screen::Page(2));
    assert!(session.problems().is_empty());
    assert!(session.continue_from(2, &s, &answers, "en"));
    assert_eq!(session.screen(), &Screen::Check);
}

#[test]
fn a_change_from_the_summary_returns_to_the_summary() {
    let s = survey();
    let (answers, mut session) = at_summary(&s);
    session.change_answer(2);
    assert!(session.from_summary());
    assert_eq!(session.screen(), &Screen::Page(2));
    session.continue_from(2, &s, &answers, "en");
    assert_eq!(session.screen(), &Screen::Check, "Continue after Change goes straight back to the summary");
    assert!(!session.from_summary());
}

#[test]
fn a_change_that_reveals_an_unanswered_question_goes_there_before_the_summary() {
    let s = survey();
    let (mut answers, mut session) = at_summary(&s);
    session.change_answer(0);
    answers.set_choice("q1", "yes");
    session.continue_from(0, &s, &answers, "en");
    assert_eq!(session.screen(), &Screen::Page(1), "page 2 is now shown and its required question is empty");
    assert!(session.from_summary());
    answers.set_text("q2", "done");
    session.continue_from(1, &s, &answers, "en");
    assert_eq!(session.screen(), &Screen::Check);
}

#[test]
fn back_from_the_summary_goes_to_the_last_shown_page_and_leaves_the_change_path() {
    let s = survey();
    let (answers, mut session) = at_summary(&s);
    session.back(&s, &answers);
    assert_eq!(session.screen(), &Screen::Page(2));
    session.back(&s, &answers);
    assert_eq!(session.screen(), &Screen::Page(0), "the hidden page 2 is skipped going back too");
    session.back(&s, &answers);
    assert_eq!(session.screen(), &Screen::Start);

    let mut session = started(&s, &answers);
    session.continue_from(0, &s, &answers, "en");
    session.continue_from(2, &s, &answers, "en");
    session.change_answer(0);
    session.back(&s, &answers);
    assert!(!session.from_summary(), "Back abandons the way back to the summary");
}

#[test]
fn a_change_link_works_only_from_the_summary() {
    let s = survey();
    let mut session = started(&s, &Answers::new());
    session.change_answer(2);
    assert_eq!(session.screen(), &Screen::Page(0));
    assert!(!session.from_summary());
}

#[test]
fn a_resumed_draft_opens_on_its_page_while_that_page_is_still_shown() {
    let s = survey();
    let mut answers = Answers::new();
    answers.set_choice("q1", "yes");
    let mut session = started(&s, &answers);
    session.continue_from(0, &s, &answers, "en");
    let draft = session.draft(&s, &answers, at(5_000)).expect("a draft on a question page");
    assert_eq!(draft.page, Some(1));
    assert_eq!(draft.saved_at, at(5_000));
    assert_eq!(draft.started_at, at(0));

    let (mut reopened, stored) = Session::open(&s, SessionOptions::default(), Some(&draft.to_json()));
    assert_eq!(stored, StoredDraft::Keep);
    assert!(matches!(reopened.offer(), DraftOffer::Resumable(_)));
    let restored = reopened.resume(&s).expect("the draft's answers");
    assert_eq!(restored, answers);
    assert_eq!(reopened.screen(), &Screen::Page(1));
    assert_eq!(reopened.offer(), &DraftOffer::None);
    assert!(reopened.resume(&s).is_none(), "a draft is resumed once");

    // The same draft, but its page is hidden by its own answers: the first shown page.
    let mut hidden = draft.clone();
    hidden.answers.set_choice("q1", "no");
    let (mut reopened, _) = Session::open(&s, SessionOptions::default(), Some(&hidden.to_json()));
    reopened.resume(&s);
    assert_eq!(reopened.screen(), &Screen::Page(0));
}

#[test]
fn the_response_keeps_the_id_and_start_time_of_a_resumed_draft() {
    let s = survey();
    let mut answers = Answers::new();
    answers.set_choice("q1", "no");
    let session = started(&s, &answers);
    let mut draft = session.draft(&s, &answers, at(1)).unwrap();
    draft.page = None;
    let (mut reopened, _) = Session::open(&s, SessionOptions::default(), Some(&draft.to_json()));
    let answers = reopened.resume(&s).unwrap();
    assert_eq!(reopened.screen(), &Screen::Page(0), "no saved page: the first shown page");
    let response = reopened.submit(&s, &answers, meta()).unwrap();
    assert_eq!(response.id, id(1));
    assert_eq!(response.started_at, at(0));
}

#[test]
fn a_draft_for_another_version_is_set_aside_and_removed() {
    let s = survey();
    let other = parse_survey(&JOURNEY.replace(r#""version": "2""#, r#""version": "1""#)).unwrap();
    let mut answers = Answers::new();
    answers.set_choice("q1", "no");
    let draft = started(&other, &answers).draft(&other, &answers, at(1)).unwrap();
    let (session, stored) = Session::open(&s, SessionOptions::default(), Some(&draft.to_json()));
    assert_eq!(session.offer(), &DraftOffer::OtherVersion);
    assert_eq!(stored, StoredDraft::Remove);
}

#[test]
fn a_kiosk_session_neither_offers_nor_keeps_drafts() {
    let s = survey();
    let answers = Answers::new();
    let draft = started(&s, &answers).draft(&s, &answers, at(1)).unwrap();
    let kiosk = SessionOptions { keeps_drafts: false, start_page: true };
    let (mut session, stored) = Session::open(&s, kiosk, Some(&draft.to_json()));
    assert_eq!(session.offer(), &DraftOffer::None);
    assert_eq!(stored, StoredDraft::Keep);
    session.start(&s, &answers, at(0), id(1));
    assert_eq!(session.draft(&s, &answers, at(2)), None);
}

#[test]
fn without_a_start_page_the_survey_opens_on_its_first_question_unless_a_draft_is_offered() {
    let s = survey();
    let answers = Answers::new();
    let options = SessionOptions { keeps_drafts: true, start_page: false };
    let (mut session, _) = Session::open(&s, options, None);
    assert!(session.skips_start(options));
    session.skip_start(&s, &answers, at(0), id(1));
    assert_eq!(session.screen(), &Screen::Page(0));
    assert_eq!(session.moves(), 0, "opening there is not a move, so focus is not taken from the host page");
    assert!(session.draft(&s, &answers, at(1)).is_some(), "the start was stamped");

    let draft = started(&s, &answers).draft(&s, &answers, at(1)).unwrap();
    let (session, _) = Session::open(&s, options, Some(&draft.to_json()));
    assert!(!session.skips_start(options), "a draft still gets its Continue or start again");
    let (session, _) = Session::open(&s, SessionOptions::default(), None);
    assert!(!session.skips_start(SessionOptions::default()));
}

#[test]
fn submit_makes_one_response_until_it_is_stored() {
    let s = survey();
    let mut answers = Answers::new();
    let mut session = started(&s, &answers);
    assert!(session.submit(&s, &answers, meta()).is_none(), "q1 is required");
    assert_eq!(session.problems().len(), 1);
    assert!(!session.is_submitting());
    answers.set_choice("q1", "no");
    let response = session.submit(&s, &answers, meta()).expect("a response");
    assert!(session.is_submitting());
    assert!(session.submit(&s, &answers, meta()).is_none(), "a second press makes nothing");
    assert_eq!(session.draft(&s, &answers, at(2)), None, "no draft is saved while the response is stored");
    session.stored(response.id.to_string());
    assert_eq!(session.screen(), &Screen::Done { response_id: response.id.to_string() });
    assert!(!session.is_submitting());
    assert_eq!(session.draft(&s, &answers, at(3)), None);
}

#[test]
fn clearing_forgets_the_start_and_the_offer() {
    let s = survey();
    let answers = Answers::new();
    let draft = started(&s, &answers).draft(&s, &answers, at(1)).unwrap();
    let (mut session, _) = Session::open(&s, SessionOptions::default(), Some(&draft.to_json()));
    session.clear();
    assert_eq!(session.screen(), &Screen::Start);
    assert_eq!(session.offer(), &DraftOffer::None);
    assert_eq!(session.draft(&s, &answers, at(2)), None);
    session.start(&s, &answers, at(10), id(2));
    let response_meta = session.draft(&s, &answers, at(11)).unwrap();
    assert_eq!(response_meta.response_id, id(2), "a new start makes a new response id");
}
