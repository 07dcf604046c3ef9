//! [`Survey`]: a definition that has passed every check, ready to run.
//!
//! Only [`parse_survey`] and [`Survey::new`] make one, so code holding a
//! `Survey` may rely on unique ids and backward-only conditions.

use std::collections::BTreeMap;

use crate::check::{check, parse_definition};
use crate::{Definition, DefinitionError, Item, Page};

/// A checked survey definition, plus an index for finding items by id.
#[derive(Debug, Clone, PartialEq)]
pub struct Survey {
    definition: Definition,
    /// Item id → (page index, item index on that page).
    positions: BTreeMap<String, (usize, usize)>,
}

/// Reads and checks a survey definition from JSON.
///
/// On failure the error lists every problem found, not just the first, so a
/// co-designer can fix them all in one go.
pub fn parse_survey(json: &str) -> Result<Survey, DefinitionError> {
    let definition = parse_definition(json)?;
    Ok(Survey::from_checked(definition))
}

impl Survey {
    /// Checks a definition built in code and makes it runnable.
    pub fn new(definition: Definition) -> Result<Survey, DefinitionError> {
        let problems = check(&definition);
        if problems.is_empty() {
            Ok(Survey::from_checked(definition))
        } else {
            Err(DefinitionError::new(Some(definition.id), problems))
        }
    }

    fn from_checked(definition: Definition) -> Survey {
        let mut positions = BTreeMap::new();
        for (p, page) in definition.pages.iter().enumerate() {
            for (i, item) in page.items.iter().enumerate() {
                positions.entry(item.id.clone()).or_insert((p, i));
            }
        }
        Survey { definition, positions }
    }

    /// The definition this survey was made from.
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    /// The survey's id.
    pub fn id(&self) -> &str {
        &self.definition.id
    }

    /// The survey's language for texts without a translation.
    pub fn default_language(&self) -> &str {
        &self.definition.default_language
    }

    /// Every page, in order.
    pub fn pages(&self) -> &[Page] {
        &self.definition.pages
    }

    /// The page at `index`.
    pub fn page(&self, index: usize) -> Option<&Page> {
        self.definition.pages.get(index)
    }

    /// The item with this id.
    pub fn item(&self, id: &str) -> Option<&Item> {
        let (p, i) = self.item_position(id)?;
        self.definition.pages.get(p)?.items.get(i)
    }

    /// Where the item with this id is: (page index, index on the page).
    pub fn item_position(&self, id: &str) -> Option<(usize, usize)> {
        self.positions.get(id).copied()
    }
}
