//! Handing a finished response to the courier: the payload is built once,
//! in the host's chosen format, so every attempt sends the same bytes.

use heard_engine::Response;
use leptos::prelude::WithValue;

use crate::events::HostEvent;
use crate::state::WidgetState;

/// The content type and body for `response` in the widget's format:
/// `heard` (the default) or `fhir` (a FHIR R4 QuestionnaireResponse).
fn payload(state: &WidgetState, response: &Response) -> (&'static str, String) {
    // Both are plain data (strings, numbers, maps), so they always serialise.
    if state.config.with_value(|c| c.format.as_deref() == Some("fhir")) {
        let resource = state.survey.with_value(|s| heard_engine::to_questionnaire_response(s, response));
        ("application/fhir+json", serde_json::to_string(&resource).unwrap_or_default())
    } else {
        ("application/json", serde_json::to_string(response).unwrap_or_default())
    }
}

/// Takes a finished response from the widget and puts it in the outbox.
pub(crate) fn hand_over(state: &WidgetState, response: Response) {
    let Some(courier) = state.courier() else {
        state.emit(HostEvent::Error {
            kind: "config",
            message: "The survey has no endpoint, so the response was not sent anywhere. Set the endpoint attribute."
                .to_owned(),
        });
        return;
    };
    let (content_type, body) = payload(state, &response);
    let id = response.id.to_string();
    wasm_bindgen_futures::spawn_local(async move { courier.submit(id, content_type, body).await });
}
