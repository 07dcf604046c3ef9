//! The widget's frame: theme, language, the screen on show and the polite
//! status region.

use leptos::prelude::*;

use heard_engine::Screen;

use crate::state::WidgetState;

/// One widget.
#[component]
pub(super) fn App(
    /// The widget's state.
    state: WidgetState,
) -> impl IntoView {
    provide_context(state);
    let theme = state.theme().name();
    let lang = state.lang();
    let announcement = move || state.announcement();
    view! {
        <div class="heard" data-theme=theme lang=lang>
            <Show when=move || state.storage_failed()>
                <p class="heard-warning" role="status">{state.t(crate::i18n::Msg::StorageUnavailable)}</p>
            </Show>
            <div class="heard-body">
                {move || match state.screen() {
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
