//! The start page: title, description, what happens to the answers, and
//! one clear action.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::WidgetState;

/// The start page.
#[component]
pub(super) fn StartScreen() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let (title, description, privacy) = state.survey.with_value(|s| {
        let d = s.definition();
        (state.text(&d.title), d.description.as_ref().map(|t| state.text(t)), state.text(&d.privacy_notice))
    });
    let heading = NodeRef::<leptos::html::H2>::new();
    super::app::focus_when_moved(heading);
    view! {
        <h2 class="heard-heading-l" tabindex="-1" node_ref=heading>{title}</h2>
        {description.map(|d| view! { <p class="heard-preline">{d}</p> })}
        <h3 class="heard-heading-m">{state.t(Msg::WhatHappensToYourAnswers)}</h3>
        <p class="heard-preline">{privacy}</p>
        <button type="button" class="heard-button" on:click=move |_| state.start()>{state.t(Msg::StartNow)}</button>
    }
}
