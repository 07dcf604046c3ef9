//! A definition that may be partly broken, as the checker sees it.
//!
//! When a page or item could not be read, its slot stays with `None`, so the
//! rest keep their positions (and their JSON paths stay right) and references
//! to a broken item's id are not reported as unknown.

use crate::{Definition, Item, Page};

pub(crate) struct Draft {
    pub(crate) survey_id: Option<String>,
    pub(crate) default_language: String,
    /// The survey's own fields, with `pages` empty.
    pub(crate) header: Option<Definition>,
    pub(crate) pages: Vec<DraftPage>,
}

pub(crate) struct DraftPage {
    pub(crate) id: Option<String>,
    /// The page's own fields, with `items` empty.
    pub(crate) page: Option<Page>,
    /// Whether `items` was a list; if not, that is already reported and an
    /// empty page is not reported again.
    pub(crate) items_listed: bool,
    pub(crate) items: Vec<DraftItem>,
}

pub(crate) struct DraftItem {
    pub(crate) id: Option<String>,
    pub(crate) item: Option<Item>,
}

impl Draft {
    pub(crate) fn empty() -> Self {
        Draft {
            survey_id: None,
            default_language: crate::definition::default_language(),
            header: None,
            pages: Vec::new(),
        }
    }

    pub(crate) fn from_definition(definition: &Definition) -> Self {
        let pages = definition
            .pages
            .iter()
            .map(|page| DraftPage {
                id: Some(page.id.clone()),
                page: Some(Page { items: Vec::new(), ..page.clone() }),
                items_listed: true,
                items: page
                    .items
                    .iter()
                    .map(|item| DraftItem { id: Some(item.id.clone()), item: Some(item.clone()) })
                    .collect(),
            })
            .collect();
        Draft {
            survey_id: Some(definition.id.clone()),
            default_language: definition.default_language.clone(),
            header: Some(Definition { pages: Vec::new(), ..definition.clone() }),
            pages,
        }
    }

    /// The whole definition, when nothing is missing from the draft.
    pub(crate) fn into_definition(self) -> Option<Definition> {
        let mut definition = self.header?;
        for draft_page in self.pages {
            let mut page = draft_page.page?;
            for draft_item in draft_page.items {
                page.items.push(draft_item.item?);
            }
            definition.pages.push(page);
        }
        Some(definition)
    }
}
