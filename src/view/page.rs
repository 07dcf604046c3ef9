//! A question page: progress, Back, the error summary, the page heading, the
//! visible questions and one Continue button.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::WidgetState;

/// One page of questions.
#[component]
pub(super) fn PageScreen(
    /// The page's index in the definition.
    index: usize,
) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let heading_text = state.with_survey(|s| {
        let page_title = s.page(index).and_then(|p| p.title.as_ref()).map(|t| state.text(t));
        page_title.unwrap_or_else(|| state.text(&s.definition().title))
    });
    let progress = move || {
        let p = state.progress(index);
        state.strings().page_of(p.position, p.total)
    };
    let is_last = move || state.is_last_page(index);
    // The ids of the visible items; <For> keeps each item's view while it
    // stays visible, so typing never rebuilds a question.
    let visible = move || state.visible_ids(index);
    let heading = NodeRef::<leptos::html::H2>::new();
    super::app::focus_when_moved(heading);
    view! {
        <p class="heard-progress" aria-live="polite">{progress}</p>
        <a href="#" class="heard-back" on:click=move |ev| { ev.prevent_default(); state.back(); }>{state.t(Msg::Back)}</a>
        <super::error_summary::ErrorSummary />
        <h2 class="heard-heading-l" tabindex="-1" node_ref=heading>{heading_text}</h2>
        <form novalidate on:submit=move |ev| { ev.prevent_default(); state.continue_from(index); }>
            <For each=visible key=|id| id.clone() let:id>
                {state.item(&id).map(|item| view! { <super::question::Question item /> })}
            </For>
            <button type="submit" class="heard-button">
                {move || state.t(if is_last() { Msg::CheckYourAnswers } else { Msg::Continue })}
            </button>
        </form>
        <p>
            <button type="button" class="heard-link" on:click=move |_| state.clear_answers()>{state.t(Msg::ClearAnswers)}</button>
        </p>
    }
}
