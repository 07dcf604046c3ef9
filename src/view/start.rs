//! The start page: title, description, what happens to the answers, and
//! one clear action.

use leptos::prelude::*;

use heard_engine::{format_day, DraftOffer};

use crate::i18n::Msg;
use crate::state::WidgetState;

/// The start page.
#[component]
pub(super) fn StartScreen() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let (title, description, privacy) = state.with_survey(|s| {
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
        {move || match state.offer() {
            DraftOffer::Resumable(draft) => {
                let prompt = state.t(Msg::ResumePrompt).replace("{date}", &format_day(draft.started_at));
                view! {
                    <div class="heard-inset">
                        <p>{prompt}</p>
                        <div class="heard-button-group">
                            <button type="button" class="heard-button" on:click=move |_| state.resume()>{state.t(Msg::Continue)}</button>
                            <button type="button" class="heard-button heard-button--secondary" on:click=move |_| state.clear_answers()>
                                {state.t(Msg::StartAgain)}
                            </button>
                        </div>
                    </div>
                }
                .into_any()
            }
            other => view! {
                {(other == DraftOffer::OtherVersion).then(|| view! { <p class="heard-inset">{state.t(Msg::DraftSetAside)}</p> })}
                <button type="button" class="heard-button" on:click=move |_| state.start()>{state.t(Msg::StartNow)}</button>
            }
            .into_any(),
        }}
    }
}
