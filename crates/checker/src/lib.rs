//! The checker module: the full definition checker, with the wording of
//! every problem, for the widget's loader to fetch when it needs it.
//!
//! The survey bundle checks a definition with the same rules but carries no
//! wording (the engine built without its `explain` feature), because a
//! person answering a valid survey never needs it. When the survey bundle
//! refuses a definition, the loader fetches this module, asks it for the
//! explanation and hands it back to the widget, which fires `heard:error`
//! with it and shows it under `debug`.
//!
//! Architecture Invariant: this module decides nothing the survey bundle
//! does not. Both run the engine's one checker, so a definition is refused
//! by both or by neither (the engine's `quick_check` test holds the survey
//! bundle's build to the reviewed problem lists).

use wasm_bindgen::prelude::*;

/// Every problem in a survey definition, in plain English, one per line
/// after a heading that names the survey. Empty when the definition is
/// valid.
#[wasm_bindgen]
pub fn explain_definition(json: &str) -> String {
    match heard_engine::parse_survey(json) {
        Ok(_) => String::new(),
        Err(error) => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::explain_definition;

    #[test]
    fn a_valid_definition_needs_no_explanation() {
        let valid = r#"{"id":"s","version":"1","title":"T","privacy_notice":"P",
            "pages":[{"id":"p1","items":[{"id":"q1","type":"yes_no","text":"Q?"}]}]}"#;
        assert_eq!(explain_definition(valid), "");
    }

    #[test]
    fn a_refused_definition_is_explained_in_words_naming_the_survey_and_question() {
        let typo = r#"{"id":"s","version":"1","title":"T","privacy_notice":"P",
            "pages":[{"id":"p1","items":[{"id":"q1","type":"yes_no","text":"Q?","requird":true}]}]}"#;
        let text = explain_definition(typo);
        assert!(text.starts_with("The survey `s` has 1 problem:"), "{text}");
        assert!(text.contains("[q1]"), "{text}");
        assert!(text.contains("Did you mean `required`?"), "{text}");
    }
}
