//! Which pages and items are shown, given the answers so far.
//!
//! Because conditions only look backwards, a single pass from the first page
//! to the last decides everything: when an item is reached, every item its
//! condition names has already been decided.
//!
//! A page is shown when its own condition holds and at least one of its items
//! is shown, so a page never appears empty.

use std::collections::BTreeMap;

use crate::{Answers, Item, Survey};

/// What is shown for one set of answers. Work it out once with
/// [`Survey::visibility`] when asking about many items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    pages: Vec<bool>,
    items: Vec<Vec<bool>>,
}

impl Visibility {
    /// Whether the page at `page_index` is shown.
    pub fn is_page_visible(&self, page_index: usize) -> bool {
        self.pages.get(page_index).copied().unwrap_or(false)
    }

    /// Whether the item at `item_index` on page `page_index` is shown.
    pub fn is_item_visible_at(&self, page_index: usize, item_index: usize) -> bool {
        self.items.get(page_index).and_then(|items| items.get(item_index)).copied().unwrap_or(false)
    }

    /// The indexes of the shown pages, in order.
    pub fn visible_pages(&self) -> Vec<usize> {
        (0..self.pages.len()).filter(|&p| self.is_page_visible(p)).collect()
    }
}

/// The questions on one page that an answer made appear or disappear, so
/// the widget can tell screen-reader users about content that changed
/// somewhere they are not looking.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisibilityChange<'s> {
    /// Items shown now that were hidden before, in page order.
    pub shown: Vec<&'s Item>,
    /// Items hidden now that were shown before, in page order.
    pub hidden: Vec<&'s Item>,
}

impl VisibilityChange<'_> {
    /// Whether nothing came or went.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty() && self.hidden.is_empty()
    }
}

impl Survey {
    /// Decides what is shown for `answers`.
    pub fn visibility(&self, answers: &Answers) -> Visibility {
        let mut shown: BTreeMap<&str, &Item> = BTreeMap::new();
        let mut pages = Vec::with_capacity(self.pages().len());
        let mut items = Vec::with_capacity(self.pages().len());
        for page in self.pages() {
            // Items are only added to `shown` after they are decided, so even
            // a definition with a forward reference cannot see a later answer.
            let page_holds =
                page.show_if.as_ref().is_none_or(|c| c.holds(&|id| shown.get(id).map(|item| (*item, answers.get(id)))));
            let mut page_items = Vec::with_capacity(page.items.len());
            for item in &page.items {
                let visible = page_holds
                    && item
                        .show_if
                        .as_ref()
                        .is_none_or(|c| c.holds(&|id| shown.get(id).map(|item| (*item, answers.get(id)))));
                if visible {
                    shown.insert(&item.id, item);
                }
                page_items.push(visible);
            }
            pages.push(page_items.iter().any(|v| *v));
            items.push(page_items);
        }
        Visibility { pages, items }
    }

    /// Whether the page at `page_index` is shown.
    pub fn is_page_visible(&self, page_index: usize, answers: &Answers) -> bool {
        self.visibility(answers).is_page_visible(page_index)
    }

    /// Whether the item with id `item_id` is shown.
    pub fn is_item_visible(&self, item_id: &str, answers: &Answers) -> bool {
        self.item_position(item_id).is_some_and(|(p, i)| self.visibility(answers).is_item_visible_at(p, i))
    }

    /// The indexes of the shown pages, in order.
    pub fn visible_pages(&self, answers: &Answers) -> Vec<usize> {
        self.visibility(answers).visible_pages()
    }

    /// The shown items of the page at `page_index`, in order. Empty for a
    /// hidden or missing page.
    pub fn visible_items(&self, page_index: usize, answers: &Answers) -> Vec<&Item> {
        self.visible_items_in(page_index, &self.visibility(answers))
    }

    /// The same, from visibility already worked out.
    pub fn visible_items_in(&self, page_index: usize, visibility: &Visibility) -> Vec<&Item> {
        self.page(page_index)
            .map(|page| {
                page.items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| visibility.is_item_visible_at(page_index, *i))
                    .map(|(_, item)| item)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// What appeared and disappeared on page `page_index` between two
    /// visibilities (before and after an answer changed). Display text
    /// counts: it can carry the very information the person now needs.
    pub fn visibility_change(
        &self,
        page_index: usize,
        before: &Visibility,
        after: &Visibility,
    ) -> VisibilityChange<'_> {
        let mut change = VisibilityChange::default();
        let Some(page) = self.pages().get(page_index) else { return change };
        for (index, item) in page.items.iter().enumerate() {
            match (before.is_item_visible_at(page_index, index), after.is_item_visible_at(page_index, index)) {
                (false, true) => change.shown.push(item),
                (true, false) => change.hidden.push(item),
                _ => {}
            }
        }
        change
    }
}
