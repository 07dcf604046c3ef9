//! Every word the widget itself shows (buttons, headings, status lines), in
//! one catalogue, so that a language is added in one place. The survey's own
//! words come from its definition, resolved by the engine.
//!
//! The English wording is part of the embed contract: hosts' help pages and
//! the acceptance tests rely on "Start now", "Continue", "Back", "Check your
//! answers", "Submit", "There is a problem", "Thank you" and "This survey
//! can't be shown right now". Change them only with the README.

/// A message the widget shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    /// The start page's button.
    StartNow,
    /// The button that moves to the next page.
    Continue,
    /// The link to the previous page.
    Back,
    /// The summary page's heading, and the last question page's button.
    CheckYourAnswers,
    /// The summary page's button.
    Submit,
    /// The error summary's heading.
    ThereIsAProblem,
    /// The confirmation page's heading.
    ThankYou,
    /// Shown instead of a survey that cannot be loaded or checked.
    CannotShow,
    /// The heading above the privacy notice on the start page.
    WhatHappensToYourAnswers,
    /// Marks an optional question.
    Optional,
    /// The summary list's link to change an answer.
    Change,
    /// Label for the day box of a date.
    Day,
    /// Label for the month box of a date.
    Month,
    /// Label for the year box of a date.
    Year,
    /// Hint under a date question.
    DateHint,
    /// Prefix of an error message, for screen readers.
    ErrorPrefix,
    /// The confirmation page's body text.
    AnswersRecorded,
    /// The heading of the debug details of a failure.
    DetailsForTheSurveyTeam,
    /// "Page {n} of {total}": the words around the numbers.
    PageOf,
    /// Shown on the summary page next to a question left blank.
    NotAnswered,
    /// Announced before a question that just appeared.
    QuestionShown,
    /// Announced before a question that just disappeared.
    QuestionHidden,
    /// The summary page's lead-in.
    CheckIntro,
    /// Counts characters left in a text box: "{n} characters remaining".
    CharactersLeft,
    /// Counts characters over the limit: "{n} characters too many".
    CharactersTooMany,
    /// Stands before an exclusive answer such as "None of these".
    Or,
    /// The default label of the "something else" text box.
    GiveDetails,
    /// Status: the first attempt to send is under way.
    Sending,
    /// Status: the backend has the response.
    Sent,
    /// Status: the response waits on the device.
    SavedOffline,
    /// Status: the backend refused the response; it is kept on the device.
    Refused,
    /// Warning: the device's storage cannot be used.
    StorageUnavailable,
    /// The start page's offer of a saved draft; `{date}` is when it began.
    ResumePrompt,
    /// The button that discards a draft and starts afresh.
    StartAgain,
    /// Said when a draft for an older version of the survey was set aside.
    DraftSetAside,
    /// The control that forgets the person's answers on this device.
    ClearAnswers,
}

/// The widget's strings in one language.
#[derive(Debug, Clone, Copy)]
pub struct Strings {
    _lang: Lang,
}

#[derive(Debug, Clone, Copy)]
enum Lang {
    English,
}

impl Strings {
    /// The strings for a language tag; English until other languages land.
    pub fn for_lang(_tag: &str) -> Self {
        Self { _lang: Lang::English }
    }

    /// English.
    pub fn english() -> Self {
        Self { _lang: Lang::English }
    }

    /// The text of one message.
    pub fn get(&self, msg: Msg) -> &'static str {
        match msg {
            Msg::StartNow => "Start now",
            Msg::Continue => "Continue",
            Msg::Back => "Back",
            Msg::CheckYourAnswers => "Check your answers",
            Msg::Submit => "Submit",
            Msg::ThereIsAProblem => "There is a problem",
            Msg::ThankYou => "Thank you",
            Msg::CannotShow => "This survey can't be shown right now",
            Msg::WhatHappensToYourAnswers => "What happens to your answers",
            Msg::Optional => "(optional)",
            Msg::Change => "Change",
            Msg::Day => "Day",
            Msg::Month => "Month",
            Msg::Year => "Year",
            Msg::DateHint => "For example, 27 3 2007",
            Msg::ErrorPrefix => "Error:",
            Msg::AnswersRecorded => "Your answers have been recorded.",
            Msg::DetailsForTheSurveyTeam => "Details for the survey team",
            Msg::PageOf => "Page {n} of {total}",
            Msg::NotAnswered => "Not answered",
            Msg::QuestionShown => "New question:",
            Msg::QuestionHidden => "Question removed:",
            Msg::CheckIntro => "Check your answers before you submit them.",
            Msg::CharactersLeft => "You have {n} characters remaining",
            Msg::CharactersTooMany => "You have {n} characters too many",
            Msg::Or => "or",
            Msg::GiveDetails => "Give details",
            Msg::Sending => "Sending your answers…",
            Msg::Sent => "Sent. Thank you.",
            Msg::SavedOffline => "Saved on this device. It will be sent automatically when you're back online.",
            Msg::Refused => "Saved on this device, but the survey's server did not accept it. Please tell the organisation that runs this survey.",
            Msg::StorageUnavailable => "Your answers can't be saved on this device; please submit while online",
            Msg::ResumePrompt => "You started this survey on {date}. Continue or start again?",
            Msg::StartAgain => "Start again",
            Msg::DraftSetAside => "This survey has changed since you started it, so your earlier answers can't be used. Please start again.",
            Msg::ClearAnswers => "Clear my answers from this device",
        }
    }

    /// "Page 2 of 5".
    pub fn page_of(&self, n: usize, total: usize) -> String {
        self.get(Msg::PageOf).replace("{n}", &n.to_string()).replace("{total}", &total.to_string())
    }
}
