//! What the host page asked for: the settings the loader (`heard.js`) passes
//! in when it mounts a widget, parsed once into types.
//!
//! An unknown mode, theme or format never stops the survey: the documented
//! default is used, and the host hears a `heard:error` of kind `config`
//! naming the attribute and the value, so a typo is found, not silently
//! lived with.

use heard_engine::PayloadFormat;
use serde_json::{Map, Value};

/// The host's settings for one widget, as the loader sends them.
///
/// The loader builds this from the element's attributes or `mount()`'s
/// options. Unknown keys are ignored so that an older wasm keeps working
/// with a newer loader.
#[derive(Debug, Clone, Default)]
#[cfg_attr(test, derive(serde::Deserialize, PartialEq))]
#[cfg_attr(test, serde(default))]
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

/// Where the widget runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// On a web page, for one person on their own device: drafts are kept.
    #[default]
    Inline,
    /// On a shared device: nothing of one person is kept for the next.
    Kiosk,
}

/// The visual theme: each is a set of `--heard-*` custom properties.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// NHS.UK colours and type.
    #[default]
    Nhs,
    /// A neutral, GOV.UK-like look for councils.
    Council,
}

impl Theme {
    /// The value of the widget's `data-theme` attribute.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Nhs => "nhs",
            Theme::Council => "council",
        }
    }
}

/// The typed settings.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    /// Inline or kiosk.
    pub mode: Mode,
    /// The theme.
    pub theme: Theme,
    /// The payload format.
    pub format: PayloadFormat,
}

/// One setting the widget did not understand, and what it did instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    /// What the host hears, naming the attribute, the value and the fix.
    pub message: String,
}

fn unknown(attribute: &str, value: &str, default: &str, known: &str) -> ConfigProblem {
    ConfigProblem {
        message: format!(
            "The {attribute} attribute is \"{value}\", which Heard does not know, so \"{default}\" is used. \
             Set {attribute} to {known}."
        ),
    }
}

impl WidgetConfig {
    /// Parses the loader's JSON; anything unreadable falls back to defaults
    /// with the reason, so a bad setting never stops the survey showing.
    pub fn parse(json: &str) -> (Self, Option<String>) {
        match Self::read(json) {
            Ok(config) => (config, None),
            Err(why) => (Self::default(), Some(format!("The widget settings could not be read: {why}"))),
        }
    }

    /// Reads the settings by hand from parsed JSON: serde's derive would
    /// bring its visitors and error wording into the wasm for this one
    /// object. From an object it accepts what the derive (kept, for the
    /// tests, as the oracle) accepts; anything but an object is refused.
    fn read(json: &str) -> Result<Self, String> {
        let Ok(Value::Object(map)) = serde_json::from_str::<Value>(json) else {
            return Err("they are not a JSON object.".to_owned());
        };
        let text = |key: &str| match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(format!("`{key}` should be text.")),
        };
        let object = |key: &str| match map.get(key) {
            None => Ok(Map::new()),
            Some(Value::Object(m)) => Ok(m.clone()),
            Some(_) => Err(format!("`{key}` should be an object.")),
        };
        let start_page = match map.get("start_page") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err("`start_page` should be true or false.".to_owned()),
        };
        let debug = match map.get("debug") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => return Err("`debug` should be true or false.".to_owned()),
        };
        Ok(WidgetConfig {
            definition: text("definition")?,
            load_error: text("load_error")?,
            endpoint: text("endpoint")?,
            lang: text("lang")?,
            mode: text("mode")?,
            theme: text("theme")?,
            format: text("format")?,
            debug,
            start_page,
            context: object("context")?,
            headers: object("headers")?,
        })
    }

    /// The mode, theme and format as types, with a problem for each value
    /// that is not one Heard knows (that setting keeps its default).
    pub fn settings(&self) -> (Settings, Vec<ConfigProblem>) {
        let mut problems = Vec::new();
        let mode = match self.mode.as_deref() {
            None | Some("inline") => Mode::Inline,
            Some("kiosk") => Mode::Kiosk,
            Some(other) => {
                problems.push(unknown("mode", other, "inline", "inline or kiosk"));
                Mode::Inline
            }
        };
        let theme = match self.theme.as_deref() {
            None | Some("nhs") => Theme::Nhs,
            Some("council") => Theme::Council,
            Some(other) => {
                problems.push(unknown("theme", other, "nhs", "nhs or council"));
                Theme::Nhs
            }
        };
        let format = match self.format.as_deref() {
            None => PayloadFormat::Heard,
            Some(name) => PayloadFormat::parse(name).unwrap_or_else(|| {
                problems.push(unknown("format", name, "heard", "heard or fhir"));
                PayloadFormat::Heard
            }),
        };
        (Settings { mode, theme, format }, problems)
    }

    /// The requested language, or English.
    pub fn lang(&self) -> &str {
        self.lang.as_deref().filter(|l| !l.is_empty()).unwrap_or("en")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(json: &str) -> (Settings, Vec<ConfigProblem>) {
        WidgetConfig::parse(json).0.settings()
    }

    #[test]
    fn unreadable_settings_fall_back_to_defaults_with_a_reason() {
        let (config, problem) = WidgetConfig::parse("{not json");
        assert_eq!(config.settings(), (Settings::default(), vec![]));
        assert!(problem.unwrap().starts_with("The widget settings could not be read"));
    }

    /// serde's derive is the oracle for the hand-written reader: for the
    /// object the loader sends, and for each field missing or holding each
    /// kind of JSON value, both accept the same and read the same.
    #[test]
    fn the_settings_reader_accepts_what_serde_accepts() {
        let full = serde_json::json!({
            "definition": "{}", "load_error": null, "endpoint": "/api", "lang": "cy", "mode": "kiosk",
            "theme": "council", "format": "fhir", "debug": true, "start_page": false,
            "context": {"site": "A81001"}, "headers": {"Authorization": "Bearer x"}, "extra": 1
        });
        let kinds = [
            Value::Null,
            Value::Bool(true),
            serde_json::json!(7),
            serde_json::json!(7.5),
            serde_json::json!("text"),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        // serde also reads a list of the fields' values as the struct (so
        // `[]` is every default); the loader only ever sends an object, and
        // the reader refuses anything else.
        for not_an_object in ["[]", "7", "null", "{not json"] {
            assert!(WidgetConfig::read(not_an_object).is_err(), "{not_an_object}");
        }
        let mut cases = vec![full.to_string(), "{}".to_owned()];
        for key in full.as_object().unwrap().keys() {
            let mut without = full.clone();
            without.as_object_mut().unwrap().remove(key);
            cases.push(without.to_string());
            for kind in &kinds {
                let mut changed = full.clone();
                changed[key] = kind.clone();
                cases.push(changed.to_string());
            }
        }
        for case in cases {
            let ours = WidgetConfig::read(&case).ok();
            let serde = serde_json::from_str::<WidgetConfig>(&case).ok();
            assert_eq!(ours, serde, "{case}");
        }
    }

    #[test]
    fn a_setting_of_the_wrong_kind_is_named() {
        let (_, problem) = WidgetConfig::parse(r#"{"debug":"yes"}"#);
        assert_eq!(problem.as_deref(), Some("The widget settings could not be read: `debug` should be true or false."));
    }

    #[test]
    fn known_values_are_read_into_types() {
        let (config, problem) =
            WidgetConfig::parse(r#"{"theme":"council","lang":"cy","mode":"kiosk","format":"fhir","extra":1}"#);
        assert!(problem.is_none());
        assert_eq!(config.lang(), "cy");
        let expected = Settings { mode: Mode::Kiosk, theme: Theme::Council, format: PayloadFormat::Fhir };
        assert_eq!(config.settings(), (expected, vec![]));
        assert_eq!(settings("{}"), (Settings::default(), vec![]));
    }

    #[test]
    fn unknown_values_keep_the_default_and_name_the_attribute_and_value() {
        let (typed, problems) = settings(r#"{"mode":"kiosks","theme":"NHS","format":"fhir-r4"}"#);
        assert_eq!(typed, Settings::default());
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "The mode attribute is \"kiosks\", which Heard does not know, so \"inline\" is used. \
                 Set mode to inline or kiosk.",
                "The theme attribute is \"NHS\", which Heard does not know, so \"nhs\" is used. \
                 Set theme to nhs or council.",
                "The format attribute is \"fhir-r4\", which Heard does not know, so \"heard\" is used. \
                 Set format to heard or fhir.",
            ]
        );
    }
}
