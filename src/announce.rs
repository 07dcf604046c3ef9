//! What the polite status region says when answers make questions appear or
//! disappear, so that screen-reader users learn about content that changed
//! somewhere they are not looking. Which questions came and went is the
//! engine's `Survey::visibility_change`; this only words it.

use crate::i18n::{Msg, Strings};

/// The current announcement; empty means silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Announcement {
    /// Question texts that just appeared.
    pub(crate) shown: Vec<String>,
    /// Question texts that just disappeared.
    pub(crate) hidden: Vec<String>,
}

impl Announcement {
    /// The sentence to announce, e.g. "New question: When is the best time to
    /// talk to you?".
    pub(crate) fn sentence(&self, strings: &Strings) -> String {
        let mut parts = Vec::new();
        for text in &self.shown {
            parts.push(format!("{} {text}", strings.get(Msg::QuestionShown)));
        }
        for text in &self.hidden {
            parts.push(format!("{} {text}", strings.get(Msg::QuestionHidden)));
        }
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appearing_and_disappearing_questions_are_named() {
        let a = Announcement { shown: vec!["Question c?".to_owned()], hidden: vec!["Question b?".to_owned()] };
        assert_eq!(a.sentence(&Strings::english()), "New question: Question c? Question removed: Question b?");
    }
}
