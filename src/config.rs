//! What the host page asked for: the settings the loader (`heard.js`) passes
//! in when it mounts a widget, parsed once.

use serde::Deserialize;
use serde_json::{Map, Value};

/// The host's settings for one widget.
///
/// The loader builds this from the element's attributes or `mount()`'s
/// options. Unknown keys are ignored so that an older wasm keeps working
/// with a newer loader.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WidgetConfig {
    /// The survey definition's JSON text, when it could be loaded.
    pub definition: Option<String>,
    /// Why the definition could not be loaded (network, HTTP status, missing `src`).
    pub load_error: Option<String>,
    /// Where responses are posted.
    pub endpoint: Option<String>,
    /// The person's language, e.g. `en` or `cy-GB`.
    pub lang: Option<String>,
    /// `inline` (the default) or `kiosk`.
    pub mode: Option<String>,
    /// `nhs` (the default) or `council`.
    pub theme: Option<String>,
    /// `heard` (the default) or `fhir`: the payload format.
    pub format: Option<String>,
    /// Show the engine's detailed problems when a definition fails.
    pub debug: bool,
    /// Whether to show the start page (title, description, privacy notice).
    /// Hosts that show those themselves around the widget set it to false,
    /// and the survey opens on its first question page.
    pub start_page: Option<bool>,
    /// The host's object attached to every response.
    pub context: Map<String, Value>,
    /// Extra request headers, held in memory only and never stored.
    pub headers: Map<String, Value>,
}

/// The visual theme: each is a set of `--heard-*` custom properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// NHS.UK colours and type.
    Nhs,
    /// A neutral, GOV.UK-like look for councils.
    Council,
}

impl WidgetConfig {
    /// Parses the loader's JSON; anything unreadable falls back to defaults
    /// with the reason, so a bad setting never stops the survey showing.
    pub fn parse(json: &str) -> (Self, Option<String>) {
        match serde_json::from_str(json) {
            Ok(config) => (config, None),
            Err(e) => (Self::default(), Some(format!("The widget settings could not be read: {e}"))),
        }
    }

    /// The theme asked for; anything unknown means the default, `nhs`.
    pub fn theme(&self) -> Theme {
        match self.theme.as_deref() {
            Some("council") => Theme::Council,
            _ => Theme::Nhs,
        }
    }

    /// The requested language, or English.
    pub fn lang(&self) -> &str {
        self.lang.as_deref().filter(|l| !l.is_empty()).unwrap_or("en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_settings_fall_back_to_defaults_with_a_reason() {
        let (config, problem) = WidgetConfig::parse("{not json");
        assert_eq!(config.theme(), Theme::Nhs);
        assert!(problem.unwrap().starts_with("The widget settings could not be read"));
    }

    #[test]
    fn council_theme_and_language_are_read() {
        let (config, problem) = WidgetConfig::parse(r#"{"theme":"council","lang":"cy","extra":1}"#);
        assert!(problem.is_none());
        assert_eq!(config.theme(), Theme::Council);
        assert_eq!(config.lang(), "cy");
    }
}
