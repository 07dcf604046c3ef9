//! Human-visible text that may come in several languages.
//!
//! Co-designers write a plain string when a survey has one language, and a
//! map from language tag to string when it has several. Both shapes are the
//! same [`Text`] to the rest of the engine, so nothing else needs to care.
//!
//! ```
//! use heard_engine::Text;
//! let t: Text = serde_json::from_str(r#"{"en": "Hello", "cy": "Helo"}"#).unwrap();
//! assert_eq!(t.resolve("cy-GB", "en"), "Helo");
//! assert_eq!(t.resolve("fr", "en"), "Hello");
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A human-visible string: either plain, or one string per language tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Text {
    /// The same words in every language.
    Plain(String),
    /// Words per language tag, for example `{"en": "Yes", "cy": "Ie"}`.
    Translated(BTreeMap<String, String>),
}

impl Text {
    /// Picks the words to show for `lang`.
    ///
    /// Tries the exact tag, then its primary subtag (`cy-GB` → `cy`), then
    /// `default_lang`, then any translation at all, and finally "". Falling
    /// back rather than failing means a half-translated survey still shows
    /// something readable.
    pub fn resolve<'a>(&'a self, lang: &str, default_lang: &str) -> &'a str {
        let map = match self {
            Text::Plain(s) => return s,
            Text::Translated(map) => map,
        };
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        map.get(lang)
            .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(lang)).map(|(_, v)| v))
            .or_else(|| map.get(primary))
            .or_else(|| map.get(default_lang))
            .or_else(|| map.values().next())
            .map_or("", String::as_str)
    }

    /// Whether this text has words for `lang` exactly (plain text counts for
    /// every language).
    pub fn has_language(&self, lang: &str) -> bool {
        match self {
            Text::Plain(_) => true,
            Text::Translated(map) => map.contains_key(lang),
        }
    }

    /// Whether every translation is blank.
    pub fn is_blank(&self) -> bool {
        match self {
            Text::Plain(s) => s.trim().is_empty(),
            Text::Translated(map) => map.values().all(|s| s.trim().is_empty()),
        }
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_owned())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text::Plain(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn welsh_and_english() -> Text {
        Text::Translated(BTreeMap::from([("en".to_owned(), "Hello".to_owned()), ("cy".to_owned(), "Helo".to_owned())]))
    }

    #[test]
    fn plain_text_is_the_same_in_every_language() {
        assert_eq!(Text::from("Hi").resolve("cy", "en"), "Hi");
    }

    #[test]
    fn exact_language_tag_wins() {
        assert_eq!(welsh_and_english().resolve("cy", "en"), "Helo");
    }

    #[test]
    fn regional_tag_falls_back_to_its_primary_language() {
        assert_eq!(welsh_and_english().resolve("cy-GB", "en"), "Helo");
    }

    #[test]
    fn unknown_language_falls_back_to_the_default_language() {
        assert_eq!(welsh_and_english().resolve("fr", "en"), "Hello");
    }

    #[test]
    fn missing_default_language_falls_back_to_any_translation() {
        let t = Text::Translated(BTreeMap::from([("cy".to_owned(), "Helo".to_owned())]));
        assert_eq!(t.resolve("fr", "en"), "Helo");
    }

    #[test]
    fn empty_translations_resolve_to_nothing() {
        assert_eq!(Text::Translated(BTreeMap::new()).resolve("en", "en"), "");
    }
}
