//! A definition that may be partly broken, as the checker sees it.
//!
//! When a page or item could not be read, its slot stays with `None`, so the
//! rest keep their positions (and their JSON paths stay right) and references
//! to a broken item's id are not reported as unknown.
//!
//! It is called partial, not a draft: in Heard a draft is a person's saved,
//! unfinished answers (`crate::draft`).

use crate::{Definition, Item, Page};

pub(crate) struct PartialDefinition {
    pub(crate) survey_id: Option<String>,
    pub(crate) default_language: String,
    /// The survey's own fields, with `pages` empty.
    pub(crate) header: Option<Definition>,
    pub(crate) pages: Vec<PartialPage>,
}

pub(crate) struct PartialPage {
    pub(crate) id: Option<String>,
    /// The page's own fields, with `items` empty.
    pub(crate) page: Option<Page>,
    /// Whether `items` was a list; if not, that is already reported and an
    /// empty page is not reported again.
    pub(crate) items_listed: bool,
    pub(crate) items: Vec<PartialItem>,
}

pub(crate) struct PartialItem {
    pub(crate) id: Option<String>,
    pub(crate) item: Option<Item>,
}

impl PartialDefinition {
    pub(crate) fn empty() -> Self {
        PartialDefinition {
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
            .map(|page| PartialPage {
                id: Some(page.id.clone()),
                page: Some(Page { items: Vec::new(), ..page.clone() }),
                items_listed: true,
                items: page
                    .items
                    .iter()
                    .map(|item| PartialItem { id: Some(item.id.clone()), item: Some(item.clone()) })
                    .collect(),
            })
            .collect();
        PartialDefinition {
            survey_id: Some(definition.id.clone()),
            default_language: definition.default_language.clone(),
            header: Some(Definition { pages: Vec::new(), ..definition.clone() }),
            pages,
        }
    }

    /// The whole definition, when no part of it is missing.
    pub(crate) fn into_definition(self) -> Option<Definition> {
        let mut definition = self.header?;
        for partial_page in self.pages {
            let mut page = partial_page.page?;
            for partial_item in partial_page.items {
                page.items.push(partial_item.item?);
            }
            definition.pages.push(page);
        }
        Some(definition)
    }
}
