//! The journey through one survey: which screen the person is on, where
//! Continue and Back take them, what a saved draft opens on, and when a
//! response is being submitted.
//!
//! A [`Session`] is plain data changed by named moves (`start`, `resume`,
//! `continue_from`, `back`, `change_answer`, `submit`, `stored`, `clear`).
//! The widget keeps one per survey on screen, turns it into signals and
//! renders it; it never decides a move itself. The person's answers are not
//! part of a session: the widget keeps them apart so that typing in one box
//! re-renders only that box, and passes them into every move.
//!
//! Time and the response id are inputs, like everywhere in the engine.
//!
//! # Example
//!
//! ```
//! use heard_engine::{parse_survey, Answers, ResponseId, Screen, Session, SessionOptions, Timestamp};
//!
//! let survey = parse_survey(r#"{"id": "s", "version": "1", "title": "T", "privacy_notice": "P",
//!   "pages": [{"id": "p1", "items": [{"id": "q", "type": "yes_no", "text": "Q?", "required": true}]}]}"#).unwrap();
//! let (mut session, _) = Session::open(&survey, SessionOptions::default(), None);
//! let mut answers = Answers::new();
//! let now = Timestamp::from_unix_millis(1_795_435_200_000);
//! session.start(&survey, &answers, now, ResponseId::from_random_bytes([1; 16]));
//! assert_eq!(session.screen(), &Screen::Page(0));
//! assert!(!session.continue_from(0, &survey, &answers, "en")); // nothing chosen yet
//! answers.set_choice("q", "yes");
//! assert!(session.continue_from(0, &survey, &answers, "en"));
//! assert_eq!(session.screen(), &Screen::Check);
//! ```

use serde_json::{Map, Value};

use crate::{AnswerIssue, Answers, Draft, DraftFound, Response, ResponseId, ResponseMeta, Survey, Timestamp};

/// Where the person is in the survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The title, description and privacy notice.
    Start,
    /// A question page, by its index in the definition.
    Page(usize),
    /// "Check your answers".
    Check,
    /// The thank-you page, once the response is stored on the device.
    Done {
        /// The id of the response just submitted.
        response_id: String,
    },
}

/// What the start page offers about a draft found when the survey opened.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftOffer {
    /// Nothing to offer.
    None,
    /// "You started this survey on <date>. Continue or start again?"
    Resumable(Draft),
    /// A draft for another version was found and set aside: the person is
    /// told, and starts afresh.
    OtherVersion,
}

/// How the host set the survey up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionOptions {
    /// Whether answers are kept as a draft on the device. Off on a kiosk,
    /// where one person's answers must never wait for the next person.
    pub keeps_drafts: bool,
    /// Whether the start page is shown. Hosts that show the title and
    /// privacy notice around the widget turn it off, and the survey opens
    /// on its first question (unless there is a draft to offer).
    pub start_page: bool,
}

impl Default for SessionOptions {
    fn default() -> Self {
        SessionOptions { keeps_drafts: true, start_page: true }
    }
}

/// What the caller must do with the draft store after opening a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoredDraft {
    /// Leave it as it is.
    Keep,
    /// Remove it: it was for another version and has been set aside.
    Remove,
}

/// What a submit needs besides the answers.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitMeta {
    /// The submit time.
    pub now: Timestamp,
    /// An id for a response whose start was never stamped (cannot happen
    /// through the screens, but a host calling in oddly must not lose one).
    pub fallback_id: ResponseId,
    /// The person's language.
    pub locale: String,
    /// The host's context, attached to the response.
    pub context: Map<String, Value>,
}

/// One person's journey through one survey.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    screen: Screen,
    /// Set by a "Change" link on the summary: Continue goes back there.
    from_summary: bool,
    /// When the person started, and the response id made then.
    started: Option<(Timestamp, ResponseId)>,
    offer: DraftOffer,
    /// From Submit until the response is stored, so that a second press
    /// (or a double click) cannot make a second response.
    submitting: bool,
    /// The problems found by the last failed Continue or Submit.
    problems: Vec<AnswerIssue>,
    /// Bumped on every failed attempt, so the error summary takes focus
    /// again even when the same problems are found twice.
    attempt: u32,
    /// Bumped on every move between screens.
    moves: u32,
    keeps_drafts: bool,
}

impl Session {
    /// A new session for `survey` on its start page, given what the draft
    /// store held for it (under [`Survey::draft_key`]). Follow it with
    /// [`Session::skip_start`] when [`Session::skips_start`] says so.
    pub fn open(survey: &Survey, options: SessionOptions, stored_draft: Option<&str>) -> (Session, StoredDraft) {
        let (offer, stored) = if options.keeps_drafts {
            match survey.read_draft(stored_draft) {
                DraftFound::Resumable(draft) => (DraftOffer::Resumable(draft), StoredDraft::Keep),
                // Never applied silently: the person is told and starts afresh.
                DraftFound::OtherVersion { .. } => (DraftOffer::OtherVersion, StoredDraft::Remove),
                DraftFound::Nothing | DraftFound::Unreadable => (DraftOffer::None, StoredDraft::Keep),
            }
        } else {
            (DraftOffer::None, StoredDraft::Keep)
        };
        let session = Session {
            screen: Screen::Start,
            from_summary: false,
            started: None,
            offer,
            submitting: false,
            problems: Vec::new(),
            attempt: 0,
            moves: 0,
            keeps_drafts: options.keeps_drafts,
        };
        (session, stored)
    }

    /// Whether this session should skip its start page at once: the host
    /// turned the start page off and there is no draft to offer (a draft
    /// always gets its "Continue or start again?").
    pub fn skips_start(&self, options: SessionOptions) -> bool {
        !options.start_page && !matches!(self.offer, DraftOffer::Resumable(_))
    }

    /// Opens the first shown page without a move, for a host with no start
    /// page: the survey simply begins there, so nothing is announced or
    /// focused. Stamps the start time and response id.
    pub fn skip_start(&mut self, survey: &Survey, answers: &Answers, now: Timestamp, id: ResponseId) {
        self.started.get_or_insert((now, id));
        self.screen = Self::first_screen(survey, answers);
    }

    /// The screen on show.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// What the start page offers about a draft.
    pub fn offer(&self) -> &DraftOffer {
        &self.offer
    }

    /// The problems found by the last failed Continue or Submit; empty
    /// after any move.
    pub fn problems(&self) -> &[AnswerIssue] {
        &self.problems
    }

    /// How many attempts to move on have failed so far.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// How many moves between screens there have been. Focus follows the
    /// person only once they have moved (never on first load, which would
    /// steal focus from the host page).
    pub fn moves(&self) -> u32 {
        self.moves
    }

    /// Whether the person came to the page on show from the summary.
    pub fn from_summary(&self) -> bool {
        self.from_summary
    }

    /// Whether a submitted response is being stored right now.
    pub fn is_submitting(&self) -> bool {
        self.submitting
    }

    fn go(&mut self, screen: Screen) {
        self.moves = self.moves.wrapping_add(1);
        self.problems.clear();
        self.screen = screen;
    }

    fn fail(&mut self, issues: Vec<AnswerIssue>) {
        self.problems = issues;
        self.attempt = self.attempt.wrapping_add(1);
    }

    fn first_screen(survey: &Survey, answers: &Answers) -> Screen {
        survey.first_page(answers).map(Screen::Page).unwrap_or(Screen::Check)
    }

    /// "Start now" (or a host with no start page): stamps the start time and
    /// the response id, once, and opens the first shown page.
    pub fn start(&mut self, survey: &Survey, answers: &Answers, now: Timestamp, id: ResponseId) {
        self.started.get_or_insert((now, id));
        self.go(Self::first_screen(survey, answers));
    }

    /// "Continue" on the start page: takes the offered draft and opens the
    /// page it was saved on, if that page is still shown for its answers,
    /// else the first shown page. Returns the draft's answers for the
    /// caller to put in place, or `None` when there was no draft to resume.
    pub fn resume(&mut self, survey: &Survey) -> Option<Answers> {
        let DraftOffer::Resumable(draft) = std::mem::replace(&mut self.offer, DraftOffer::None) else {
            return None;
        };
        self.started = Some((draft.started_at, draft.response_id));
        let visible = survey.visible_pages(&draft.answers);
        let page = draft.page.filter(|p| visible.contains(p)).or_else(|| visible.first().copied());
        self.go(page.map(Screen::Page).unwrap_or(Screen::Check));
        Some(draft.answers)
    }

    /// "Start again" and "Clear my answers from this device": back to the
    /// start page with nothing started. The caller empties the answers and
    /// removes the stored draft.
    pub fn clear(&mut self) {
        self.started = None;
        self.offer = DraftOffer::None;
        self.from_summary = false;
        self.go(Screen::Start);
    }

    /// "Continue" on question page `page`: moves on only if the page is
    /// valid, and says whether it did. After a "Change" from the summary it
    /// goes back to the summary, unless the change revealed questions that
    /// still need an answer: then to the first page with one.
    pub fn continue_from(&mut self, page: usize, survey: &Survey, answers: &Answers, lang: &str) -> bool {
        let issues = survey.validate_page_in(page, answers, lang);
        if !issues.is_empty() {
            self.fail(issues);
            return false;
        }
        let next = if self.from_summary {
            survey.first_page_with_issues(answers).map(Screen::Page).unwrap_or(Screen::Check)
        } else {
            survey.next_page(page, answers).map(Screen::Page).unwrap_or(Screen::Check)
        };
        if next == Screen::Check {
            self.from_summary = false;
        }
        self.go(next);
        true
    }

    /// "Back": from a question page to the shown page before it (or the
    /// start page), from the summary to the last shown page. Elsewhere it
    /// does nothing. Back always leaves the "came from the summary" path.
    pub fn back(&mut self, survey: &Survey, answers: &Answers) {
        let target = match self.screen {
            Screen::Page(page) => survey.previous_page(page, answers).map(Screen::Page).unwrap_or(Screen::Start),
            Screen::Check => survey.last_page(answers).map(Screen::Page).unwrap_or(Screen::Start),
            Screen::Start | Screen::Done { .. } => return,
        };
        self.from_summary = false;
        self.go(target);
    }

    /// A "Change" link on the summary, for an answer on `page`.
    pub fn change_answer(&mut self, page: usize) {
        if self.screen != Screen::Check {
            return;
        }
        self.from_summary = true;
        self.go(Screen::Page(page));
    }

    /// "Submit": builds the response from the shown answers. Returns it for
    /// the caller to store, or `None` when there are problems (now on show)
    /// or a response is already being stored.
    pub fn submit(&mut self, survey: &Survey, answers: &Answers, meta: SubmitMeta) -> Option<Response> {
        if self.submitting {
            return None;
        }
        let (started_at, id) = self.started.unwrap_or((meta.now, meta.fallback_id));
        let meta = ResponseMeta { id, started_at, submitted_at: meta.now, locale: meta.locale, context: meta.context };
        match survey.build_response(answers, meta) {
            Ok(response) => {
                self.submitting = true;
                Some(response)
            }
            Err(issues) => {
                self.fail(issues);
                None
            }
        }
    }

    /// The submitted response is stored on the device: thank the person.
    /// Nothing is started any more, so a draft is no longer kept.
    pub fn stored(&mut self, response_id: String) {
        self.submitting = false;
        self.started = None;
        self.go(Screen::Done { response_id });
    }

    /// The draft to save for these answers, if this session keeps drafts and
    /// the person is on a question page or the summary.
    pub fn draft(&self, survey: &Survey, answers: &Answers, now: Timestamp) -> Option<Draft> {
        if !self.keeps_drafts || self.submitting {
            return None;
        }
        let (started_at, response_id) = self.started?;
        let page = match self.screen {
            Screen::Page(p) => Some(p),
            Screen::Check => None,
            Screen::Start | Screen::Done { .. } => return None,
        };
        let mut draft = survey.new_draft(response_id, started_at);
        draft.saved_at = now;
        draft.answers = answers.clone();
        draft.page = page;
        Some(draft)
    }
}
