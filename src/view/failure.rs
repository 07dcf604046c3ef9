//! The calm message shown instead of a survey that cannot be shown.

use leptos::prelude::*;

use crate::config::Theme;
use crate::i18n::{Msg, Strings};

/// "This survey can't be shown right now", plus the engine's detailed
/// problems when the host set `debug`.
#[component]
pub(super) fn Failure(
    /// The host's theme.
    theme: Theme,
    /// What went wrong, only when debugging.
    details: Option<String>,
) -> impl IntoView {
    let strings = Strings::english();
    view! {
        <div class="heard" data-theme=theme.name() role="alert">
            <p class="heard-failure">{strings.get(Msg::CannotShow)}</p>
            {details.map(|d| view! {
                <p class="heard-secondary">{strings.get(Msg::DetailsForTheSurveyTeam)}</p>
                <pre>{d}</pre>
            })}
        </div>
    }
}
