//! Moving between pages, skipping the hidden ones.
//!
//! Page indexes are positions in the definition's `pages`. Moving forward
//! always gives a larger index, so walking `next_page` from the first page
//! ends within as many steps as there are pages.

use serde::{Deserialize, Serialize};

use crate::{Answers, Survey, Visibility};

/// How far through the survey someone is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    /// Which shown page this is, counting from 1.
    pub position: usize,
    /// How many pages are shown for the current answers. It can change as
    /// answers show or hide pages.
    pub total: usize,
    /// `position / total`, from 0 to 1; 1 on the last page.
    pub fraction: f64,
}

impl Visibility {
    /// The first shown page, or `None` when no page is shown.
    pub fn first_page(&self) -> Option<usize> {
        self.visible_pages().first().copied()
    }

    /// The next shown page after `current`, or `None` when `current` is the
    /// last (time for "check your answers").
    pub fn next_page(&self, current: usize) -> Option<usize> {
        self.visible_pages().into_iter().find(|&p| p > current)
    }

    /// The shown page before `current`, or `None` when there is none.
    pub fn previous_page(&self, current: usize) -> Option<usize> {
        self.visible_pages().into_iter().rev().find(|&p| p < current)
    }

    /// The last shown page, where "Back" from "check your answers" goes.
    pub fn last_page(&self) -> Option<usize> {
        self.visible_pages().last().copied()
    }

    /// Where `current` sits among the shown pages. A page that has just been
    /// hidden by an answer on it still counts itself, so the numbers never
    /// say "page 3 of 2".
    pub fn progress(&self, current: usize) -> Progress {
        let visible = self.visible_pages();
        let before = visible.iter().filter(|&&p| p < current).count();
        let position = before + 1;
        let current_shown = visible.contains(&current);
        let total = if current_shown { visible.len() } else { visible.len() + 1 };
        Progress { position, total, fraction: position as f64 / total as f64 }
    }
}

/// The same questions asked with answers; each works out visibility once.
/// Callers asking several questions of one set of answers (a UI, on every
/// change) should keep a [`Visibility`] and ask it instead.
impl Survey {
    /// The first shown page, or `None` when no page is shown.
    pub fn first_page(&self, answers: &Answers) -> Option<usize> {
        self.visibility(answers).first_page()
    }

    /// The next shown page after `current`, or `None` when `current` is the
    /// last (time for "check your answers").
    pub fn next_page(&self, current: usize, answers: &Answers) -> Option<usize> {
        self.visibility(answers).next_page(current)
    }

    /// The last shown page, where "Back" from "check your answers" goes.
    pub fn last_page(&self, answers: &Answers) -> Option<usize> {
        self.visibility(answers).last_page()
    }

    /// The first shown page that still has a problem, or `None` when every
    /// shown page is valid. After a "Change" from the summary, Continue goes
    /// here rather than straight back, in case the change revealed questions
    /// that still need an answer.
    pub fn first_page_with_issues(&self, answers: &Answers) -> Option<usize> {
        self.visible_pages(answers).into_iter().find(|&page| !self.validate_page(page, answers).is_empty())
    }

    /// The shown page before `current`, or `None` when there is none.
    pub fn previous_page(&self, current: usize, answers: &Answers) -> Option<usize> {
        self.visibility(answers).previous_page(current)
    }

    /// Where `current` sits among the shown pages; see [`Visibility::progress`].
    pub fn progress(&self, current: usize, answers: &Answers) -> Progress {
        self.visibility(answers).progress(current)
    }
}
