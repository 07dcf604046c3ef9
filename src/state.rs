//! The one bridge from the engine to Leptos signals.
//!
//! A widget's state is a survey (read-only), the person's raw answers, and
//! the engine's [`Session`] (which screen, which problems, what a draft
//! offers, whether a response is being stored). Every rule about moving
//! through the survey is the session's; this module only turns it into
//! signals, carries out what the session decides against the world (the
//! draft store, the courier, the host's events), and tells the views.
//!
//! Views get read-only values ([`WidgetState::screen`],
//! [`WidgetState::problems`], …) and named actions ([`WidgetState::start`],
//! [`WidgetState::continue_from`], …). Every field is private, so no view
//! can put the widget on a screen the engine did not choose.
//!
//! [`WidgetState`] is `Copy` and provided by context.

use std::rc::Rc;

use heard_engine::{
    Answer, AnswerIssue, Answers, DeliveryStatus, DraftOffer, Item, Progress, Screen, Session, SessionOptions,
    StoredDraft, SubmitMeta, SummaryRow, Survey, Visibility,
};
use leptos::prelude::*;
use serde_json::{Map, Value};

use crate::announce::Announcement;
use crate::config::{Mode, Settings, Theme};
use crate::courier::{Courier, Hooks};
use crate::events::{ErrorKind, HostEvent};
use crate::i18n::{Msg, Strings};
use crate::io::{Headers, Io};

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;

/// Where the host's events go.
pub(crate) type Emit = Rc<dyn Fn(HostEvent)>;

/// The state of one widget, as signals. Cheap to copy into closures.
#[derive(Clone, Copy)]
pub struct WidgetState {
    survey: StoredValue<Survey>,
    /// The person's answers, exactly as entered.
    answers: RwSignal<Answers>,
    /// What the answers show. Worked out once per change; it only notifies
    /// when it actually changes, so typing in a box does not make the page
    /// list, progress or buttons look again.
    visibility: Memo<Visibility>,
    session: RwSignal<Session>,
    /// The screen on show: a memo, so that a session change that keeps the
    /// screen (problems found, say) does not rebuild it.
    screen: Memo<Screen>,
    /// What the polite status region says about items that came and went.
    announcement: RwSignal<Announcement>,
    lang: StoredValue<String>,
    strings: StoredValue<Strings>,
    settings: StoredValue<Settings>,
    context: StoredValue<Map<String, Value>>,
    delivery: RwSignal<DeliveryStatus>,
    /// Set when the device's storage cannot be used and responses are kept
    /// in memory only.
    storage_failed: RwSignal<bool>,
    /// Takes responses to the endpoint; none when the host set no endpoint.
    courier: StoredValue<Option<Courier>, LocalStorage>,
    io: StoredValue<Io, LocalStorage>,
    emit: StoredValue<Emit, LocalStorage>,
}

impl WidgetState {
    /// A fresh widget for `survey`: on its start page, or on its first
    /// question when the host turned the start page off and there is no
    /// draft to offer.
    pub(crate) fn new(
        survey: Survey,
        settings: Settings,
        lang: &str,
        start_page: bool,
        context: Map<String, Value>,
        io: Io,
        emit: Emit,
    ) -> Self {
        let options = SessionOptions { keeps_drafts: settings.mode == Mode::Inline, start_page };
        let key = survey.draft_key();
        let (mut session, stored) = Session::open(&survey, options, io.drafts.get(&key).as_deref());
        if stored == StoredDraft::Remove {
            io.drafts.remove(&key);
        }
        if session.skips_start(options) {
            session.skip_start(&survey, &Answers::new(), io.now(), io.new_response_id());
        }
        let survey = StoredValue::new(survey);
        let answers = RwSignal::new(Answers::new());
        let session = RwSignal::new(session);
        WidgetState {
            visibility: Memo::new(move |_| answers.with(|a| survey.with_value(|s| s.visibility(a)))),
            screen: Memo::new(move |_| session.with(|s| s.screen().clone())),
            survey,
            answers,
            session,
            announcement: RwSignal::new(Announcement::default()),
            strings: StoredValue::new(Strings::for_lang(lang)),
            lang: StoredValue::new(lang.to_owned()),
            settings: StoredValue::new(settings),
            context: StoredValue::new(context),
            delivery: RwSignal::new(DeliveryStatus::Idle),
            storage_failed: RwSignal::new(false),
            courier: StoredValue::new_local(None),
            io: StoredValue::new_local(io),
            emit: StoredValue::new_local(emit),
        }
    }

    /// Gives the widget a courier for `endpoint`, wired to this state, and
    /// sends whatever earlier visits left waiting.
    pub(crate) fn connect(&self, endpoint: String, headers: Headers) -> Courier {
        let state = *self;
        // A send can finish after the widget is gone: setting a disposed
        // signal does nothing, and `emit` finds no element to tell.
        let hooks = Hooks {
            on_status: Box::new(move |status| state.delivery.set(status)),
            on_storage_failure: Box::new(move |reason| {
                state.storage_failed.set(true);
                state.emit(HostEvent::error(
                    ErrorKind::Storage,
                    format!("Responses can't be saved on this device, so they are kept in memory: {reason}"),
                ));
            }),
            on_delivered: Box::new(move |id| state.emit(HostEvent::Delivered(id))),
            on_rejected: Box::new(move |id, reason| {
                state.emit(HostEvent::error(ErrorKind::Rejected, format!("Response {id}: {reason}")));
            }),
        };
        let courier = Courier::new(endpoint, headers, self.io.get_value(), hooks);
        self.courier.set_value(Some(courier.clone()));
        courier.flush();
        courier
    }

    // ------------------------------------------------------------ reading

    /// The screen on show (tracked).
    pub fn screen(&self) -> Screen {
        self.screen.get()
    }

    /// Reads the problems found by the last failed Continue or Submit, in
    /// page order, with the number of failed attempts so far, which moves
    /// the error summary's focus again even when the same problems are
    /// found twice (tracked).
    pub fn with_problems<R>(&self, f: impl FnOnce(&[AnswerIssue], u32) -> R) -> R {
        self.session.with(|s| f(s.problems(), s.attempt()))
    }

    /// What the start page offers about a saved draft (tracked).
    pub fn offer(&self) -> DraftOffer {
        self.session.with(|s| s.offer().clone())
    }

    /// What is true of the person's submitted response (tracked).
    pub fn delivery(&self) -> DeliveryStatus {
        self.delivery.get()
    }

    /// Whether the device's storage has failed (tracked).
    pub fn storage_failed(&self) -> bool {
        self.storage_failed.get()
    }

    /// The answer to item `id` (tracked).
    pub fn answer(&self, id: &str) -> Option<Answer> {
        self.answers.with(|a| a.get(id).cloned())
    }

    /// What the polite status region says now (tracked).
    pub fn announcement(&self) -> String {
        self.announcement.with(|a| a.sentence(&self.strings()))
    }

    /// The ids of the items shown on `page` (tracked through visibility).
    pub fn visible_ids(&self, page: usize) -> Vec<String> {
        self.visibility
            .with(|v| self.survey.with_value(|s| s.visible_items_in(page, v).iter().map(|i| i.id.clone()).collect()))
    }

    /// Where `page` sits among the shown pages (tracked).
    pub fn progress(&self, page: usize) -> Progress {
        self.visibility.with(|v| v.progress(page))
    }

    /// Whether `page` is the last shown page (tracked).
    pub fn is_last_page(&self, page: usize) -> bool {
        self.visibility.with(|v| v.next_page(page).is_none())
    }

    /// The "check your answers" rows for the answers now.
    pub fn summary(&self) -> Vec<SummaryRow> {
        let lang = self.lang();
        self.answers.with_untracked(|a| self.survey.with_value(|s| s.summary(a, &lang)))
    }

    /// Reads the survey.
    pub fn with_survey<R>(&self, f: impl FnOnce(&Survey) -> R) -> R {
        self.survey.with_value(f)
    }

    /// The item with this id (cloned, since views outlive borrows).
    pub fn item(&self, id: &str) -> Option<Item> {
        self.survey.with_value(|s| s.item(id).cloned())
    }

    /// Resolves a definition text in the person's language.
    pub fn text(&self, text: &heard_engine::Text) -> String {
        let lang = self.lang();
        self.survey.with_value(|s| text.resolve(&lang, s.default_language()).to_owned())
    }

    /// The person's language tag.
    pub fn lang(&self) -> String {
        self.lang.get_value()
    }

    /// The widget's own words in the person's language.
    pub fn strings(&self) -> Strings {
        self.strings.get_value()
    }

    /// One of the widget's own strings.
    pub fn t(&self, msg: Msg) -> &'static str {
        self.strings().get(msg)
    }

    /// The host's theme.
    pub fn theme(&self) -> Theme {
        self.settings.with_value(|s| s.theme)
    }

    /// Whether the person has moved between screens yet: focus follows
    /// them only then, never on first load (that would steal focus from
    /// the host page).
    pub fn moved(&self) -> bool {
        self.session.with_untracked(|s| s.moves() > 0)
    }

    // ------------------------------------------------------------ actions

    /// Tells the host page something. A widget destroyed meanwhile has no
    /// element to tell, so nothing is sent.
    fn emit(&self, event: HostEvent) {
        if let Some(emit) = self.emit.try_get_value() {
            emit(event);
        }
    }

    /// Applies a session move with the survey and the answers, then does
    /// what follows from it.
    fn act<R>(&self, f: impl FnOnce(&mut Session, &Survey, &Answers) -> R) -> Option<R> {
        let before = self.session.try_with_untracked(Session::moves)?;
        let result = self
            .answers
            .with_untracked(|a| self.survey.with_value(|s| self.session.try_update(|session| f(session, s, a))));
        self.after_move(before);
        result
    }

    /// After a move: a new screen starts silent, the host hears about a
    /// new question page, and the draft follows the person.
    fn after_move(&self, moves_before: u32) {
        if self.session.with_untracked(Session::moves) != moves_before {
            self.announcement.set(Announcement::default());
            if let Screen::Page(index) = self.screen.get_untracked() {
                self.emit(HostEvent::Page(index));
            }
        }
        self.save_draft();
    }

    /// Saves the answers as a draft, when the session says there is one
    /// to keep.
    fn save_draft(&self) {
        let io = self.io.get_value();
        let draft = self.session.with_untracked(|session| {
            self.answers.with_untracked(|a| self.survey.with_value(|s| session.draft(s, a, io.now())))
        });
        if let Some(draft) = draft {
            if !io.drafts.set(&self.survey.with_value(Survey::draft_key), &draft.to_json()) {
                self.storage_failed.set(true);
            }
        }
    }

    /// Changes the answers through an engine method, announces any
    /// questions that appeared or disappeared because of it, and saves the
    /// draft. Only on a question page.
    pub fn change(&self, edit: impl FnOnce(&Survey, &mut Answers)) {
        let Screen::Page(page) = self.screen.get_untracked() else { return };
        let before = self.visibility.get_untracked();
        self.survey.with_value(|s| self.answers.update(|a| edit(s, a)));
        let after = self.visibility.get_untracked();
        if before != after {
            let lang = self.lang();
            let announcement = self.survey.with_value(|s| {
                let change = s.visibility_change(page, &before, &after);
                let texts = |items: &[&Item]| -> Vec<String> {
                    items.iter().map(|i| i.text.resolve(&lang, s.default_language()).to_owned()).collect()
                };
                (!change.is_empty())
                    .then(|| Announcement { shown: texts(&change.shown), hidden: texts(&change.hidden) })
            });
            if let Some(announcement) = announcement {
                self.announcement.set(announcement);
            }
        }
        self.save_draft();
    }

    /// "Start now".
    pub fn start(&self) {
        let io = self.io.get_value();
        let (now, id) = (io.now(), io.new_response_id());
        self.act(|session, s, a| session.start(s, a, now, id));
    }

    /// "Continue" on the start page: picks up the draft where it was left.
    pub fn resume(&self) {
        let Some(before) = self.session.try_with_untracked(Session::moves) else { return };
        let restored = self.survey.with_value(|s| self.session.try_update(|session| session.resume(s))).flatten();
        if let Some(answers) = restored {
            self.answers.set(answers);
        }
        self.after_move(before);
    }

    /// "Start again" and "Clear my answers from this device": forgets the
    /// answers here and in the draft store, and returns to the start page.
    pub fn clear_answers(&self) {
        self.act(|session, _, _| session.clear());
        self.answers.set(Answers::new());
        self.io.get_value().drafts.remove(&self.survey.with_value(Survey::draft_key));
    }

    /// "Continue" on question page `page`.
    pub fn continue_from(&self, page: usize) {
        let lang = self.lang();
        self.act(|session, s, a| session.continue_from(page, s, a, &lang));
    }

    /// "Back" from a question page or the summary.
    pub fn back(&self) {
        self.act(|session, s, a| session.back(s, a));
    }

    /// A "Change" link on the summary.
    pub fn change_answer(&self, page: usize) {
        self.act(|session, _, _| session.change_answer(page));
    }

    /// "Submit": the engine builds the response from the shown answers, and
    /// it is handed to the courier. The person is thanked, `heard:submitted`
    /// fires and the draft is dropped only once the response is stored on
    /// the device, so a host that leaves the page on `heard:submitted`
    /// loses nothing.
    pub fn submit(&self) {
        let io = self.io.get_value();
        let meta = SubmitMeta {
            now: io.now(),
            fallback_id: io.new_response_id(),
            locale: self.lang(),
            context: self.context.get_value(),
        };
        let Some(response) = self.act(|session, s, a| session.submit(s, a, meta)).flatten() else { return };
        let id = response.id.to_string();
        let courier = self.courier.get_value();
        let payload = courier.as_ref().map(|_| {
            let format = self.settings.with_value(|s| s.format);
            self.survey.with_value(|s| s.payload(&response, format))
        });
        if courier.is_none() {
            self.emit(HostEvent::error(
                ErrorKind::Config,
                "The survey has no endpoint, so the response was not sent anywhere. Set the endpoint attribute.",
            ));
        }
        let draft_key =
            (self.settings.with_value(|s| s.mode) == Mode::Inline).then(|| self.survey.with_value(Survey::draft_key));
        let state = *self;
        io.spawn.spawn(Box::pin(async move {
            if let (Some(courier), Some(payload)) = (courier, payload) {
                courier.submit(id.clone(), payload).await;
            }
            if let Some(key) = draft_key {
                io.drafts.remove(&key);
            }
            // A widget destroyed while the response was being stored has
            // nobody left to thank; the response is kept all the same.
            if state.session.is_disposed() {
                return;
            }
            state.emit(HostEvent::Submitted(id.clone()));
            state.act(|session, _, _| session.stored(id));
        }));
    }
}
