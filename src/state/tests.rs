//! The state bridge natively, under a Leptos reactive owner, with the
//! in-memory twins: what a person's actions do to the screen, the draft
//! store, the outbox and the host's events.

use std::cell::RefCell;
use std::rc::Rc;

use heard_engine::{parse_survey, DeliveryStatus, DraftOffer, PayloadFormat, Screen};
use leptos::prelude::Owner;

use super::WidgetState;
use crate::config::{Mode, Settings, Theme};
use crate::events::{ErrorKind, HostEvent};
use crate::io::memory::{Reply, Tab, World};

const SURVEY: &str = r#"{"id": "bridge", "version": "3", "title": "T", "privacy_notice": "P", "pages": [
  {"id": "p1", "items": [
    {"id": "q1", "type": "yes_no", "text": "One?", "required": true},
    {"id": "why", "type": "short_text", "text": "Why not?", "show_if": {"item": "q1", "equals": "no"}}]},
  {"id": "p2", "items": [{"id": "q2", "type": "short_text", "text": "Two?"}]}]}"#;

const ENDPOINT: &str = "https://collector.example/responses";
const DRAFT_KEY: &str = "heard:draft:bridge";

type Events = Rc<RefCell<Vec<HostEvent>>>;

struct Widget {
    world: Rc<World>,
    tab: Tab,
    state: WidgetState,
    events: Events,
}

fn settings(mode: Mode, format: PayloadFormat) -> Settings {
    Settings { mode, theme: Theme::Nhs, format }
}

fn widget_on(world: &Rc<World>, tab: Tab, settings: Settings, start_page: bool, endpoint: bool) -> Widget {
    let events = Events::default();
    let sink = events.clone();
    let mut context = serde_json::Map::new();
    context.insert("site".into(), "A81001".into());
    let state = WidgetState::new(
        parse_survey(SURVEY).unwrap(),
        settings,
        "en",
        start_page,
        context,
        tab.io.clone(),
        Rc::new(move |e| sink.borrow_mut().push(e)),
    );
    if endpoint {
        state.connect(ENDPOINT.into(), Default::default());
    }
    world.settle();
    Widget { world: world.clone(), tab, state, events }
}

/// A widget on a device of its own.
fn widget_with(mode: Mode, format: PayloadFormat, start_page: bool, endpoint: bool) -> Widget {
    let world = World::new();
    let tab = Tab::new(&world, None, 1);
    widget_on(&world, tab, settings(mode, format), start_page, endpoint)
}

fn widget() -> Widget {
    widget_with(Mode::Inline, PayloadFormat::Heard, true, true)
}

impl Widget {
    fn events(&self) -> Vec<HostEvent> {
        self.events.borrow().clone()
    }

    fn stored_draft(&self) -> Option<serde_json::Value> {
        self.tab.drafts.values.borrow().get(DRAFT_KEY).map(|t| serde_json::from_str(t).unwrap())
    }

    fn answer_and_finish(&self) {
        self.state.start();
        self.state.change(|_, a| a.set_choice("q1", "yes"));
        self.state.continue_from(0);
        self.state.continue_from(1);
        assert_eq!(self.state.screen(), Screen::Check);
    }
}

/// Runs `f` under a fresh reactive owner, as a mounted widget does.
fn owned(f: impl FnOnce()) {
    let owner = Owner::new();
    owner.with(f);
    owner.cleanup();
}

#[test]
fn moving_through_the_survey_tells_the_host_and_keeps_a_draft_as_the_person_types() {
    owned(|| {
        let w = widget();
        assert_eq!(w.state.screen(), Screen::Start);
        assert!(!w.state.moved());
        assert_eq!(w.stored_draft(), None, "nothing is kept before the person starts");
        w.state.start();
        assert_eq!(w.state.screen(), Screen::Page(0));
        assert!(w.state.moved());
        w.state.change(|_, a| a.set_choice("q1", "no"));
        assert_eq!(w.state.announcement(), "New question: Why not?");
        w.state.change(|_, a| a.set_text("why", "typed"));
        let draft = w.stored_draft().expect("a draft");
        assert_eq!(draft["page"], 0);
        assert_eq!(draft["answers"]["why"]["text"], "typed");
        w.state.continue_from(0);
        assert_eq!(w.state.screen(), Screen::Page(1));
        assert_eq!(w.state.announcement(), "", "a new page starts silent");
        assert_eq!(w.stored_draft().unwrap()["page"], 1);
        assert_eq!(w.events(), [HostEvent::Page(0), HostEvent::Page(1)]);
    });
}

#[test]
fn a_failed_continue_shows_problems_and_each_attempt_is_counted() {
    owned(|| {
        let w = widget();
        w.state.start();
        w.state.continue_from(0);
        w.state.continue_from(0);
        let (ids, attempt) = w
            .state
            .with_problems(|issues, attempt| (issues.iter().map(|i| i.item_id.clone()).collect::<Vec<_>>(), attempt));
        assert_eq!(ids, ["q1"]);
        assert_eq!(attempt, 2);
        assert_eq!(w.state.screen(), Screen::Page(0));
    });
}

#[test]
fn a_saved_draft_is_offered_and_resumed_on_its_page_with_its_answers() {
    owned(|| {
        let w = widget_with(Mode::Inline, PayloadFormat::Heard, true, false);
        w.state.start();
        w.state.change(|_, a| a.set_choice("q1", "yes"));
        w.state.continue_from(0);
        // The page is reloaded: a new widget on the same device.
        let again = Tab::new(&w.world, Some(&w.tab), 50);
        let w2 = widget_on(&w.world, again, settings(Mode::Inline, PayloadFormat::Heard), true, false);
        assert!(matches!(w2.state.offer(), DraftOffer::Resumable(_)));
        w2.state.resume();
        assert_eq!(w2.state.screen(), Screen::Page(1));
        assert_eq!(w2.state.answer("q1").map(|a| a.has_code("yes")), Some(true));
        assert_eq!(w2.events(), [HostEvent::Page(1)]);
    });
}

#[test]
fn a_draft_for_another_version_is_removed_and_the_person_told() {
    owned(|| {
        let world = World::new();
        let tab = Tab::new(&world, None, 1);
        let old = SURVEY.replace(r#""version": "3""#, r#""version": "2""#);
        let old_draft = parse_survey(&old).unwrap().new_draft(tab.io.new_response_id(), tab.io.now());
        tab.drafts.values.borrow_mut().insert(DRAFT_KEY.into(), old_draft.to_json());
        let w = widget_on(&world, tab, settings(Mode::Inline, PayloadFormat::Heard), true, false);
        assert_eq!(w.state.offer(), DraftOffer::OtherVersion);
        assert_eq!(w.stored_draft(), None);
    });
}

#[test]
fn without_a_start_page_the_widget_opens_on_the_first_question_without_taking_focus() {
    owned(|| {
        let w = widget_with(Mode::Inline, PayloadFormat::Heard, false, false);
        assert_eq!(w.state.screen(), Screen::Page(0));
        assert!(!w.state.moved());
        assert!(w.events().is_empty());
    });
}

#[test]
fn a_kiosk_keeps_no_draft() {
    owned(|| {
        let w = widget_with(Mode::Kiosk, PayloadFormat::Heard, true, true);
        w.state.start();
        w.state.change(|_, a| a.set_choice("q1", "yes"));
        w.state.continue_from(0);
        assert!(w.tab.drafts.values.borrow().is_empty());
    });
}

#[test]
fn clearing_forgets_the_answers_here_and_in_the_draft_store() {
    owned(|| {
        let w = widget();
        w.state.start();
        w.state.change(|_, a| a.set_choice("q1", "no"));
        assert!(w.stored_draft().is_some());
        w.state.clear_answers();
        assert_eq!(w.state.screen(), Screen::Start);
        assert_eq!(w.state.answer("q1"), None);
        assert_eq!(w.stored_draft(), None);
    });
}

#[test]
fn the_person_is_thanked_only_once_the_response_is_stored_and_a_second_press_makes_nothing() {
    owned(|| {
        let w = widget();
        w.tab.transport.then(Reply::Status { status: 201, retry_after: None, after_ms: 500 });
        w.answer_and_finish();
        w.state.submit();
        w.state.submit();
        // Nothing has run yet: the outbox write is still pending.
        assert_eq!(w.state.screen(), Screen::Check);
        assert!(!w.events().iter().any(|e| matches!(e, HostEvent::Submitted(_))));
        assert!(w.stored_draft().is_some(), "the draft stays until the response is stored");
        w.world.settle();
        let records = w.tab.opener.outbox.records();
        assert_eq!(records.len(), 1, "one response for two presses");
        let id = records[0].id.clone();
        assert_eq!(w.state.screen(), Screen::Done { response_id: id.clone() });
        assert_eq!(w.stored_draft(), None);
        let body: serde_json::Value = serde_json::from_str(&records[0].body).unwrap();
        assert_eq!(body["context"]["site"], "A81001");
        assert_eq!(records[0].content_type, "application/json");
        assert_eq!(w.state.delivery(), DeliveryStatus::Sending);
        w.world.advance(500);
        assert_eq!(w.state.delivery(), DeliveryStatus::Sent);
        let submitted: Vec<HostEvent> =
            w.events().into_iter().filter(|e| matches!(e, HostEvent::Submitted(_) | HostEvent::Delivered(_))).collect();
        assert_eq!(submitted, [HostEvent::Submitted(id.clone()), HostEvent::Delivered(id)]);
    });
}

#[test]
fn the_fhir_format_is_sent_as_a_questionnaire_response() {
    owned(|| {
        let w = widget_with(Mode::Inline, PayloadFormat::Fhir, true, true);
        w.tab.transport.online.set(false);
        w.answer_and_finish();
        w.state.submit();
        w.world.settle();
        let record = &w.tab.opener.outbox.records()[0];
        assert_eq!(record.content_type, "application/fhir+json");
        let body: serde_json::Value = serde_json::from_str(&record.body).unwrap();
        assert_eq!(body["resourceType"], "QuestionnaireResponse");
        assert_eq!(w.state.delivery(), DeliveryStatus::SavedOffline);
    });
}

#[test]
fn without_an_endpoint_the_host_hears_a_config_error_and_the_person_is_still_thanked() {
    owned(|| {
        let w = widget_with(Mode::Inline, PayloadFormat::Heard, true, false);
        w.answer_and_finish();
        w.state.submit();
        w.world.settle();
        assert!(matches!(w.state.screen(), Screen::Done { .. }));
        assert!(w.events().iter().any(|e| matches!(e, HostEvent::Error { kind: ErrorKind::Config, .. })));
    });
}

#[test]
fn a_full_draft_store_is_shown_to_the_person() {
    owned(|| {
        let w = widget();
        w.tab.drafts.full.set(true);
        w.state.start();
        assert!(w.state.storage_failed());
    });
}

#[test]
fn a_response_submitted_as_the_widget_is_destroyed_is_kept_and_nobody_is_told() {
    let owner = Owner::new();
    let (world, tab, events) = owner.with(|| {
        let w = widget();
        w.tab.transport.online.set(false);
        w.answer_and_finish();
        w.state.submit();
        (w.world, w.tab, w.events)
    });
    // The widget goes before the outbox write finishes.
    owner.cleanup();
    world.settle();
    assert_eq!(tab.opener.outbox.records().len(), 1, "the response is kept");
    assert!(!events.borrow().iter().any(|e| matches!(e, HostEvent::Submitted(_))));
}

#[test]
fn a_storage_failure_in_the_outbox_warns_the_person_and_the_host() {
    owned(|| {
        let world = World::new();
        let tab = Tab::new(&world, None, 1);
        tab.opener.unavailable.set(true);
        let w = widget_on(&world, tab, settings(Mode::Inline, PayloadFormat::Heard), true, true);
        assert!(w.state.storage_failed());
        assert!(w.events().iter().any(|e| matches!(e, HostEvent::Error { kind: ErrorKind::Storage, .. })));
    });
}
