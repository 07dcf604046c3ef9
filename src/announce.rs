//! What the polite status region says when answers make questions appear or
//! disappear, so that screen-reader users learn about content that changed
//! somewhere they are not looking.

use crate::i18n::{Msg, Strings};

/// The current announcement; empty means silence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Announcement {
    /// Question texts that just appeared.
    pub shown: Vec<String>,
    /// Question texts that just disappeared.
    pub hidden: Vec<String>,
}

impl Announcement {
    /// Compares the visible item ids before and after a change.
    pub fn between(before: &[String], after: &[String], text_of: impl Fn(&str) -> Option<String>) -> Self {
        let shown = after.iter().filter(|id| !before.contains(id)).filter_map(|id| text_of(id)).collect();
        let hidden = before.iter().filter(|id| !after.contains(id)).filter_map(|id| text_of(id)).collect();
        Self { shown, hidden }
    }

    /// The sentence to announce, e.g. "New question: When is the best time to
    /// talk to you?".
    pub fn sentence(&self, strings: &Strings) -> String {
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
        let before = vec!["a".to_owned(), "b".to_owned()];
        let after = vec!["a".to_owned(), "c".to_owned()];
        let a = Announcement::between(&before, &after, |id| Some(format!("Question {id}?")));
        assert_eq!(a.shown, vec!["Question c?"]);
        assert_eq!(a.hidden, vec!["Question b?"]);
        assert_eq!(a.sentence(&Strings::english()), "New question: Question c? Question removed: Question b?");
    }
}
