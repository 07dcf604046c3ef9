//! "Check your answers": a summary list with a Change link for each answer,
//! and one Submit button.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::WidgetState;

/// The summary page.
#[component]
pub(super) fn CheckScreen() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let rows = state.summary();
    let not_answered = state.t(Msg::NotAnswered);
    let heading = NodeRef::<leptos::html::H2>::new();
    super::app::focus_when_moved(heading);
    let rows = rows
        .into_iter()
        .map(|row| {
            let page = row.page_index;
            let answer = if row.answer.is_empty() { not_answered.to_owned() } else { row.answer };
            view! {
                <div class="heard-summary-row">
                    <dt>{row.question.clone()}</dt>
                    <dd>{answer}</dd>
                    <dd>
                        <a href="#" on:click=move |ev| { ev.prevent_default(); state.change_answer(page); }>
                            {state.t(Msg::Change)}
                            <span class="heard-visually-hidden">{format!(" {}", row.question)}</span>
                        </a>
                    </dd>
                </div>
            }
        })
        .collect_view();
    view! {
        <a href="#" class="heard-back" on:click=move |ev| { ev.prevent_default(); state.back(); }>{state.t(Msg::Back)}</a>
        <super::error_summary::ErrorSummary />
        <h2 class="heard-heading-l" tabindex="-1" node_ref=heading>{state.t(Msg::CheckYourAnswers)}</h2>
        <p>{state.t(Msg::CheckIntro)}</p>
        <dl class="heard-summary">{rows}</dl>
        <button type="button" class="heard-button" on:click=move |_| state.submit()>{state.t(Msg::Submit)}</button>
    }
}
