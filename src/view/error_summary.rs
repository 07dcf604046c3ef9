//! The GOV.UK error summary: "There is a problem", a link to each faulty
//! field. It takes focus after every failed attempt to move on.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::i18n::Msg;
use crate::state::WidgetState;

/// Focuses the element with `id` in the same shadow root as `from`. Links
/// inside a shadow root cannot use the URL fragment (that would scroll, or
/// route, the host page), so they move focus themselves.
pub(super) fn focus_by_id(from: &web_sys::Element, id: &str) {
    let root = from.get_root_node();
    let found = if let Some(shadow) = root.dyn_ref::<web_sys::ShadowRoot>() {
        shadow.get_element_by_id(id)
    } else {
        root.dyn_ref::<web_sys::Document>().and_then(|d| d.get_element_by_id(id))
    };
    if let Some(el) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// The error summary, present only while there are problems.
#[component]
pub(super) fn ErrorSummary() -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let summary = NodeRef::<leptos::html::Div>::new();
    // Focus moves to the summary after every failed attempt.
    Effect::new(move |_| {
        let attempt = state.with_problems(|issues, attempt| (!issues.is_empty()).then_some(attempt));
        if let (Some(_), Some(el)) = (attempt, summary.get()) {
            let _ = el.focus();
        }
    });
    let links = move || {
        state.with_problems(|issues, _| {
            issues
                .iter()
                .map(|issue| {
                    let target = state
                        .item(&issue.item_id)
                        .map(|item| super::fields::issue_target(&item, issue))
                        .unwrap_or_default();
                    (target, issue.message.clone())
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || state.with_problems(|issues, _| !issues.is_empty())>
            <div class="heard-error-summary" tabindex="-1" node_ref=summary aria-labelledby="heard-error-summary-title">
                <div role="alert">
                    <h2 class="heard-heading-m" id="heard-error-summary-title">{state.t(Msg::ThereIsAProblem)}</h2>
                    <ul>
                        {move || links().into_iter().map(|(target, message)| {
                            let href = format!("#{target}");
                            view! {
                                <li>
                                    <a href=href on:click=move |ev| {
                                        ev.prevent_default();
                                        if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                                            focus_by_id(&el, &target);
                                        }
                                    }>{message}</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            </div>
        </Show>
    }
}
