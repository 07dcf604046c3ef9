//! Checking a survey definition, reporting every problem at once.
//!
//! Checking runs in three passes, each in its own module:
//! 1. [`shape`]: raw JSON against the format's field lists (missing fields,
//!    wrong types, misspelt names with "did you mean").
//! 2. [`rules`]: ids, translations, answer lists and ranges.
//! 3. [`references`]: conditions (unknown, later, looping, never met).
//!
//! Checking is analysis, so [`check`] returns a list of problems rather than
//! stopping at the first. Every message names the survey, page or question
//! it is about and says how to fix it, for a co-designer who is not a
//! programmer.
//!
//! The wording is the engine's `explain` feature (on by default). The
//! survey bundle builds the engine without it: it runs every pass to decide
//! whether a survey can be shown, and leaves the words to the checker
//! module (`crates/checker`), which the loader fetches only for a refused
//! definition.

/// Words a problem's message, like `format!`. Without the engine's
/// `explain` feature it makes an empty string instead, and the wording
/// (the format strings and the code that fills them) is left out of the
/// build: the survey bundle runs the same checks to decide whether it can
/// show a survey, and the checker module, built with `explain`, says why
/// not. Paths, question ids and kinds never go through here, so both builds
/// find the same problems in the same places.
macro_rules! say {
    ($($t:tt)*) => {{
        #[cfg(feature = "explain")]
        {
            format!($($t)*)
        }
        #[cfg(not(feature = "explain"))]
        {
            // Never called: it keeps the arguments used, so both builds see
            // the same code, and the optimiser drops it.
            let _ = || format!($($t)*);
            String::new()
        }
    }};
}

mod partial;
mod problem;
mod read;
mod references;
mod rules;
pub(crate) mod shape;
mod suggest;

pub use self::problem::{DefinitionError, Problem, ProblemKind};

use self::partial::PartialDefinition;
use self::rules::Sink;
use crate::Definition;

/// Every problem with a definition that is already typed (built in code, or
/// read by serde). Empty when the definition is ready to run.
pub fn check(definition: &Definition) -> Vec<Problem> {
    semantic_problems(&PartialDefinition::from_definition(definition))
}

fn semantic_problems(partial: &PartialDefinition) -> Vec<Problem> {
    let mut sink = Sink { problems: Vec::new() };
    rules::check_rules(partial, &mut sink);
    references::check_conditions(partial, &mut sink);
    sink.problems
}

/// Reads JSON text into a definition, reporting every problem found.
pub(crate) fn parse_definition(json: &str) -> Result<Definition, DefinitionError> {
    let value: serde_json::Value = match serde_json::from_str(json) {
        Ok(value) => value,
        Err(e) => {
            return Err(DefinitionError::new(None, vec![json_problem(&e)]));
        }
    };
    let (partial, mut problems) = shape::read(&value);
    problems.extend(semantic_problems(&partial));
    let survey_id = partial.survey_id.clone();
    match partial.into_definition() {
        Some(definition) if problems.is_empty() => Ok(definition),
        _ => Err(DefinitionError::new(survey_id, problems)),
    }
}

fn json_problem(error: &serde_json::Error) -> Problem {
    let message = say!("{}", json_wording(error));
    Problem { path: String::new(), item_id: None, kind: ProblemKind::InvalidJson, message }
}

fn json_wording(error: &serde_json::Error) -> String {
    let full = error.to_string();
    // serde_json ends its messages with " at line L column C"; the position
    // is restated below in a friendlier form.
    let what = full.rfind(" at line ").and_then(|i| full.get(..i)).unwrap_or(&full);
    if error.line() == 0 {
        format!("The survey file is not valid JSON: {what}. Check that it is complete.")
    } else {
        format!(
            "The survey file is not valid JSON: {what} at line {}, column {}. Look for a missing or extra comma, bracket or quote mark just before that point.",
            error.line(),
            error.column()
        )
    }
}
