//! The widget's frame: theme, language, the screen on show and the polite
//! status region.

use leptos::prelude::*;

use crate::config::Theme;
use crate::state::{Screen, WidgetState};

pub(super) fn theme_name(theme: Theme) -> &'static str {
    match theme {
        Theme::Nhs => "nhs",
        Theme::Council => "council",
    }
}

/// One widget.
#[component]
pub(super) fn App(
    /// The widget's state.
    state: WidgetState,
) -> impl IntoView {
    provide_context(state);
    // The one place answers leave the reactive graph for the draft store.
    Effect::new(move |_| {
        state.answers.track();
        state.screen.track();
        state.save_draft();
    });
    let theme = state.config.with_value(|c| theme_name(c.theme()));
    let lang = state.lang.get_value();
    let announcement = move || state.announcement.with(|a| state.strings.with_value(|s| a.sentence(s)));
    view! {
        <div class="heard" data-theme=theme lang=lang>
            <Show when=move || state.storage_failed.get()>
                <p class="heard-warning" role="status">{state.t(crate::i18n::Msg::StorageUnavailable)}</p>
            </Show>
            <div class="heard-body">
                {move || match state.screen.get() {
                    Screen::Start => super::start::StartScreen().into_any(),
                    Screen::Page(index) => super::page::PageScreen(super::page::PageScreenProps { index }).into_any(),
                    Screen::Check => super::check::CheckScreen().into_any(),
                    Screen::Done { response_id } => super::done::DoneScreen(super::done::DoneScreenProps { response_id }).into_any(),
                }}
            </div>
            <div class="heard-visually-hidden" role="status" aria-live="polite" aria-atomic="true">{announcement}</div>
        </div>
    }
}

/// Focuses `node` once it is in the document, if the person moved here by
/// an action of theirs (never on first load, which would steal focus from
/// the host page).
pub(super) fn focus_when_moved<E>(node: NodeRef<E>)
where
    E: leptos::html::ElementType,
    E::Output: wasm_bindgen::JsCast + Clone + 'static,
{
    let state = expect_context::<WidgetState>();
    if !state.moved() {
        return;
    }
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            use wasm_bindgen::JsCast;
            if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
                let _ = el.focus();
            }
        }
    });
}
