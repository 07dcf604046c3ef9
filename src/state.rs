//! The one bridge from the engine to Leptos signals.
//!
//! A widget's whole state is a survey (read-only), the person's raw answers,
//! the screen they are on and the problems last found on it. Everything else
//! a view shows (which items are visible, progress, the summary) is derived
//! from those by engine calls, so views never decide anything themselves.
//!
//! [`WidgetState`] is `Copy` and provided by context; views take only what
//! they need from it.

use heard_engine::{AnswerIssue, Answers, Draft, DraftFound, Item, ResponseId, Survey, Timestamp, Visibility};
use leptos::prelude::*;
use web_sys::EventTarget;

use crate::announce::Announcement;
use crate::config::WidgetConfig;
use crate::courier::{Courier, DeliveryStatus};
use crate::events::HostEvent;
use crate::i18n::Strings;

/// Where the person is in the survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The title, description and privacy notice.
    Start,
    /// A question page, by its index in the definition.
    Page(usize),
    /// "Check your answers".
    Check,
    /// The thank-you page, after a response was built and handed over.
    Done {
        /// The id of the response just submitted.
        response_id: String,
    },
}

/// Why the last move (Continue or Submit) did not happen.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Problems {
    /// The issues, in page order; empty when there is nothing to fix.
    pub issues: Vec<AnswerIssue>,
    /// Bumped on every failed attempt, so the error summary takes focus again
    /// even when the same problems are found twice.
    pub attempt: u32,
}

/// The state of one widget, as signals. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct WidgetState {
    /// The checked survey.
    pub survey: StoredValue<Survey>,
    /// The person's answers, exactly as entered.
    pub answers: RwSignal<Answers>,
    /// What the answers show. Worked out once per change; it only notifies
    /// when it actually changes, so typing in a box does not make the page
    /// list, progress or buttons look again.
    pub visibility: Memo<Visibility>,
    /// The screen on show.
    pub screen: RwSignal<Screen>,
    /// Problems found by the last Continue or Submit.
    pub problems: RwSignal<Problems>,
    /// Set by a "Change" link: Continue goes back to the summary.
    pub returning_to_check: RwSignal<bool>,
    /// What the polite status region says about items that came and went.
    pub announcement: RwSignal<Announcement>,
    /// The person's language tag.
    pub lang: StoredValue<String>,
    /// The widget's own words in that language.
    pub strings: StoredValue<Strings>,
    /// The host element events go to.
    target: StoredValue<EventTarget, LocalStorage>,
    /// When the person pressed "Start now", and the response id made then.
    started: StoredValue<Option<(Timestamp, ResponseId)>>,
    /// The host's settings.
    pub config: StoredValue<WidgetConfig>,
    /// Whether the person has moved between screens yet (focus follows only then).
    moved: StoredValue<bool>,
    /// What is true of the person's submitted response.
    pub delivery: RwSignal<DeliveryStatus>,
    /// Set when the device's storage cannot be used and responses are kept
    /// in memory only.
    pub storage_failed: RwSignal<bool>,
    /// Takes responses to the endpoint; none when the host set no endpoint.
    courier: StoredValue<Option<Courier>, LocalStorage>,
    /// What the draft store held for this survey when the widget opened.
    pub found_draft: RwSignal<FoundDraft>,
    /// Whether answers are saved as drafts (inline mode only: on a shared
    /// kiosk, one person's answers must not wait for the next).
    keeps_drafts: bool,
    /// Set from Submit until the response is stored, so a second press (or a
    /// double click) cannot make a second response.
    submitting: StoredValue<bool>,
}

/// A draft found when the widget opened, as the start page shows it.
#[derive(Debug, Clone, PartialEq)]
pub enum FoundDraft {
    /// Nothing to offer.
    None,
    /// "You started this survey on <date>. Continue or start again?"
    Resumable(Draft),
    /// A draft for another version was found and set aside.
    OtherVersion,
}

impl WidgetState {
    /// A fresh widget on its start screen.
    pub fn new(survey: Survey, config: WidgetConfig, target: EventTarget) -> Self {
        let lang = config.lang().to_owned();
        let skip_start = config.start_page == Some(false);
        let keeps_drafts = config.mode.as_deref().is_none_or(|m| m == "inline");
        let survey = StoredValue::new(survey);
        let answers = RwSignal::new(Answers::new());
        let visibility = Memo::new(move |_| answers.with(|a| survey.with_value(|s| s.visibility(a))));
        let state = Self {
            strings: StoredValue::new(Strings::for_lang(&lang)),
            lang: StoredValue::new(lang),
            survey,
            answers,
            visibility,
            screen: RwSignal::new(Screen::Start),
            problems: RwSignal::new(Problems::default()),
            returning_to_check: RwSignal::new(false),
            announcement: RwSignal::new(Announcement::default()),
            target: StoredValue::new_local(target),
            started: StoredValue::new(None),
            config: StoredValue::new(config),
            moved: StoredValue::new(false),
            delivery: RwSignal::new(DeliveryStatus::Idle),
            storage_failed: RwSignal::new(false),
            courier: StoredValue::new_local(None),
            found_draft: RwSignal::new(FoundDraft::None),
            keeps_drafts,
            submitting: StoredValue::new(false),
        };
        if keeps_drafts {
            let key = state.survey.with_value(Survey::draft_key);
            let found = state.survey.with_value(|s| s.read_draft(crate::drafts::load(&key).as_deref()));
            let found = match found {
                DraftFound::Resumable(draft) => FoundDraft::Resumable(draft),
                DraftFound::OtherVersion { .. } => {
                    // Never applied silently: the person is told and starts afresh.
                    crate::drafts::remove(&key);
                    FoundDraft::OtherVersion
                }
                DraftFound::Nothing | DraftFound::Unreadable => FoundDraft::None,
            };
            state.found_draft.set(found);
        }
        if skip_start && matches!(state.found_draft.get_untracked(), FoundDraft::None | FoundDraft::OtherVersion) {
            state.stamp_start();
            let first = state.survey.with_value(|s| s.first_page(&Answers::new()));
            state.screen.set(first.map(Screen::Page).unwrap_or(Screen::Check));
        }
        state
    }

    /// Records when the person started and makes the response id, once.
    fn stamp_start(&self) {
        if self.started.with_value(Option::is_none) {
            self.started.set_value(Some((now(), ResponseId::from_random_bytes(random_bytes()))));
        }
    }

    /// Resolves a definition text in the person's language.
    pub fn text(&self, text: &heard_engine::Text) -> String {
        let lang = self.lang.get_value();
        self.survey.with_value(|s| text.resolve(&lang, s.default_language()).to_owned())
    }

    /// One of the widget's own strings.
    pub fn t(&self, msg: crate::i18n::Msg) -> &'static str {
        self.strings.with_value(|s| s.get(msg))
    }

    /// Tells the host page something.
    /// A widget destroyed meanwhile (a save or send can finish after it is
    /// gone) has no element to tell, so nothing is sent.
    pub fn emit(&self, event: HostEvent) {
        self.target.try_with_value(|t| event.dispatch(t));
    }

    /// The item with this id (cloned, since views outlive borrows).
    pub fn item(&self, id: &str) -> Option<Item> {
        self.survey.with_value(|s| s.item(id).cloned())
    }

    /// Changes the answers through an engine method, then announces any
    /// questions that appeared or disappeared because of it.
    pub fn change(&self, edit: impl FnOnce(&Survey, &mut Answers)) {
        let Screen::Page(page) = self.screen.get_untracked() else {
            return;
        };
        let before = self.visibility.get_untracked();
        self.survey.with_value(|s| self.answers.update(|a| edit(s, a)));
        let after = self.visibility.get_untracked();
        if before == after {
            return;
        }
        let lang = self.lang.get_value();
        let announcement = self.survey.with_value(|s| {
            let change = s.visibility_change(page, &before, &after);
            let texts = |items: &[&Item]| -> Vec<String> {
                items.iter().map(|i| i.text.resolve(&lang, s.default_language()).to_owned()).collect()
            };
            (!change.is_empty()).then(|| Announcement { shown: texts(&change.shown), hidden: texts(&change.hidden) })
        });
        if let Some(announcement) = announcement {
            self.announcement.set(announcement);
        }
    }

    /// The ids of the items shown on `page`, tracked through `visibility`.
    pub fn visible_ids(&self, page: usize) -> Vec<String> {
        self.visibility
            .with(|v| self.survey.with_value(|s| s.visible_items_in(page, v).iter().map(|i| i.id.clone()).collect()))
    }

    /// "Start now": stamps the start time and makes the response id.
    pub fn start(&self) {
        self.stamp_start();
        let first = self.answers.with_untracked(|a| self.survey.with_value(|s| s.first_page(a)));
        match first {
            Some(page) => self.go(Screen::Page(page)),
            None => self.go(Screen::Check),
        }
    }

    /// "Continue" on the start page: picks up the draft where it was left.
    pub fn resume(&self) {
        let FoundDraft::Resumable(draft) = self.found_draft.get_untracked() else { return };
        self.started.set_value(Some((draft.started_at, draft.response_id)));
        self.answers.set(draft.answers);
        self.found_draft.set(FoundDraft::None);
        let page = self.answers.with_untracked(|a| {
            self.survey.with_value(|s| {
                let visible = s.visible_pages(a);
                draft.page.filter(|p| visible.contains(p)).or_else(|| s.first_page(a))
            })
        });
        self.go(page.map(Screen::Page).unwrap_or(Screen::Check));
    }

    /// "Start again" and "Clear my answers from this device": forgets the
    /// answers here and in the draft store, and returns to the start page.
    pub fn clear_answers(&self) {
        crate::drafts::remove(&self.survey.with_value(Survey::draft_key));
        self.started.set_value(None);
        self.answers.set(Answers::new());
        self.found_draft.set(FoundDraft::None);
        self.returning_to_check.set(false);
        self.go(Screen::Start);
    }

    /// Saves the answers as a draft, if this widget keeps drafts. Called by
    /// the one effect that watches answers and screen.
    pub(crate) fn save_draft(&self) {
        if !self.keeps_drafts {
            return;
        }
        let Some((started_at, response_id)) = self.started.get_value() else { return };
        let page = match self.screen.get_untracked() {
            Screen::Page(p) => Some(p),
            Screen::Check => None,
            Screen::Start | Screen::Done { .. } => return,
        };
        let json = self.answers.with_untracked(|a| {
            self.survey.with_value(|s| {
                let mut draft = s.new_draft(response_id, started_at);
                draft.saved_at = now();
                draft.answers = a.clone();
                draft.page = page;
                draft.to_json()
            })
        });
        if !crate::drafts::save(&self.survey.with_value(Survey::draft_key), &json) {
            self.storage_failed.set(true);
        }
    }

    /// Whether the person has moved between screens yet.
    pub fn moved(&self) -> bool {
        self.moved.get_value()
    }

    /// Gives the widget its courier.
    pub(crate) fn set_courier(&self, courier: Courier) {
        self.courier.set_value(Some(courier));
    }

    /// The widget's courier, if the host set an endpoint.
    pub(crate) fn courier(&self) -> Option<Courier> {
        self.courier.get_value()
    }

    /// Moves to a screen, clearing the last problems, and tells the host.
    pub fn go(&self, screen: Screen) {
        self.moved.set_value(true);
        self.problems.set(Problems::default());
        self.announcement.set(Announcement::default());
        if let Screen::Page(index) = screen {
            self.emit(HostEvent::Page(index));
        }
        self.screen.set(screen);
    }

    /// Records problems found by a failed attempt to move on.
    fn fail(&self, issues: Vec<AnswerIssue>) {
        self.problems.update(|p| {
            p.issues = issues;
            p.attempt += 1;
        });
    }

    /// "Continue" on a question page: moves on only if the page is valid.
    pub fn continue_from(&self, page: usize) {
        let (issues, next) = self.answers.with_untracked(|a| {
            self.survey.with_value(|s| {
                let issues = s.validate_page_in(page, a, &self.lang.get_value());
                let next = if self.returning_to_check.get_untracked() {
                    // Back to the summary, unless the change revealed questions
                    // that still need an answer: then to the first of those.
                    s.first_page_with_issues(a).map(Screen::Page).unwrap_or(Screen::Check)
                } else {
                    s.next_page(page, a).map(Screen::Page).unwrap_or(Screen::Check)
                };
                (issues, next)
            })
        });
        if issues.is_empty() {
            if next == Screen::Check {
                self.returning_to_check.set(false);
            }
            self.go(next);
        } else {
            self.fail(issues);
        }
    }

    /// "Back" from a question page or the summary.
    pub fn back(&self) {
        let target = self.answers.with_untracked(|a| {
            self.survey.with_value(|s| match self.screen.get_untracked() {
                Screen::Page(page) => Some(s.previous_page(page, a).map(Screen::Page).unwrap_or(Screen::Start)),
                Screen::Check => Some(s.last_page(a).map(Screen::Page).unwrap_or(Screen::Start)),
                _ => None,
            })
        });
        if let Some(screen) = target {
            self.returning_to_check.set(false);
            self.go(screen);
        }
    }

    /// A "Change" link on the summary.
    pub fn change_answer(&self, page: usize) {
        self.returning_to_check.set(true);
        self.go(Screen::Page(page));
    }

    /// "Submit": builds the response from the visible answers and hands it
    /// on. The person is thanked, `heard:submitted` fires and the draft is
    /// dropped only once the response is stored on the device, so a host
    /// that leaves the page on `heard:submitted` loses nothing.
    pub fn submit(&self) {
        if self.submitting.get_value() {
            return;
        }
        let (started_at, id) =
            self.started.get_value().unwrap_or_else(|| (now(), ResponseId::from_random_bytes(random_bytes())));
        let meta = heard_engine::ResponseMeta {
            id,
            started_at,
            submitted_at: now(),
            locale: self.lang.get_value(),
            context: self.config.with_value(|c| c.context.clone()),
        };
        let built = self.answers.with_untracked(|a| self.survey.with_value(|s| s.build_response(a, meta)));
        match built {
            Ok(response) => {
                self.submitting.set_value(true);
                let response_id = response.id.to_string();
                let draft_key = self.keeps_drafts.then(|| self.survey.with_value(Survey::draft_key));
                let stored = crate::delivery::hand_over(self, response);
                let state = *self;
                wasm_bindgen_futures::spawn_local(async move {
                    stored.await;
                    if let Some(key) = draft_key {
                        crate::drafts::remove(&key);
                    }
                    // A widget destroyed while the response was being stored
                    // has nobody left to thank; the response is kept all the same.
                    if state.screen.is_disposed() {
                        return;
                    }
                    state.submitting.set_value(false);
                    state.emit(HostEvent::Submitted(response_id.clone()));
                    state.go(Screen::Done { response_id });
                });
            }
            Err(issues) => self.fail(issues),
        }
    }
}

fn now() -> Timestamp {
    Timestamp::from_unix_millis(js_sys::Date::now() as i64)
}

/// 16 bytes from the browser's cryptographic random source, for response ids.
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok())
        .unwrap_or(false);
    if !filled {
        // Without crypto (very old engines), fall back to Math.random: ids
        // stay unique in practice, which is all they are used for.
        for b in &mut bytes {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}
