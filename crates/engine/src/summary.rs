//! The "check your answers" list shown before submitting.
//!
//! Each shown question gets one row with its answer written for people, so
//! the widget only lays the rows out.

use serde::{Deserialize, Serialize};

use crate::messages::NOT_ANSWERED;
use crate::validate::{date_answer, picked_codes};
use crate::{Answer, Answers, Item, ItemKind, Survey};

/// One row of the "check your answers" list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    /// The page the question is on, for a "Change" link.
    pub page_index: usize,
    /// The question's id.
    pub item_id: String,
    /// The question's text.
    pub question: String,
    /// The answer as people should read it, such as "Very good",
    /// "23 November 2026" or "Not answered". Several ticked answers are
    /// joined with ", ".
    pub answer: String,
}

impl Survey {
    /// One row per shown question (not `display` items), in order, with
    /// texts in `lang`.
    pub fn summary(&self, answers: &Answers, lang: &str) -> Vec<SummaryRow> {
        let visibility = self.visibility(answers);
        let mut rows = Vec::new();
        for (p, page) in self.pages().iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                if !item.is_answerable() || !visibility.is_item_visible_at(p, i) {
                    continue;
                }
                let answer = answers
                    .get(&item.id)
                    .filter(|a| !a.is_empty())
                    .map_or_else(|| NOT_ANSWERED.to_owned(), |a| self.answer_text(item, a, lang));
                rows.push(SummaryRow {
                    page_index: p,
                    item_id: item.id.clone(),
                    question: item.text.resolve(lang, self.default_language()).to_owned(),
                    answer,
                });
            }
        }
        rows
    }

    /// Writes an answer for people. Invalid answers are shown as typed, since
    /// the summary is only reached after validation and must never fail.
    fn answer_text(&self, item: &Item, answer: &Answer, lang: &str) -> String {
        let default = self.default_language();
        match (&item.kind, answer) {
            (ItemKind::Date, Answer::Date { day, month, year }) => {
                date_answer(answer).map_or_else(|| format!("{day}/{month}/{year}"), |d| d.display())
            }
            (_, Answer::Text(text)) => text.trim().to_owned(),
            (_, Answer::Choice { .. } | Answer::Choices { .. }) => {
                let options = item.options();
                let picked = picked_codes(answer);
                // Definition order, as on the page, rather than the order ticked.
                let mut labels: Vec<String> = options
                    .iter()
                    .filter(|o| picked.contains(&o.code.as_str()))
                    .map(|o| o.label.resolve(lang, default).to_owned())
                    .collect();
                if let Some(other) = item.other().filter(|o| picked.contains(&o.code.as_str())) {
                    let label = other.label.resolve(lang, default);
                    labels.push(match answer.other_detail().map(str::trim).filter(|d| !d.is_empty()) {
                        Some(detail) => format!("{label}: {detail}"),
                        None => label.to_owned(),
                    });
                }
                let known =
                    |c: &&str| options.iter().any(|o| o.code == *c) || item.other().is_some_and(|o| o.code == *c);
                labels.extend(picked.iter().filter(|c| !known(c)).map(|c| (*c).to_owned()));
                labels.join(", ")
            }
            _ => NOT_ANSWERED.to_owned(),
        }
    }
}
