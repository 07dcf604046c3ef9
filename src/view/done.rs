//! The confirmation page.

use leptos::prelude::*;

use crate::i18n::Msg;
use crate::state::WidgetState;
use heard_engine::DeliveryStatus;

/// "Thank you".
#[component]
pub(super) fn DoneScreen(
    /// The id of the response just submitted.
    response_id: String,
) -> impl IntoView {
    let state = expect_context::<WidgetState>();
    let heading = NodeRef::<leptos::html::H2>::new();
    super::app::focus_when_moved(heading);
    view! {
        <div class="heard-panel" data-response-id=response_id>
            <h2 class="heard-heading-l" tabindex="-1" node_ref=heading>{state.t(Msg::ThankYou)}</h2>
            <p>{state.t(Msg::AnswersRecorded)}</p>
        </div>
        // What is true of the response right now, updated as the courier works.
        <p class="heard-delivery" role="status">
            {move || match state.delivery() {
                DeliveryStatus::Idle => "",
                DeliveryStatus::Sending => state.t(Msg::Sending),
                DeliveryStatus::Sent => state.t(Msg::Sent),
                DeliveryStatus::SavedOffline => state.t(Msg::SavedOffline),
                DeliveryStatus::Refused => state.t(Msg::Refused),
            }}
        </p>
    }
}
