//! Handing a finished response to the courier: the payload is built once,
//! in the host's chosen format, so every attempt sends the same bytes.

use std::future::Future;

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

/// Takes a finished response from the widget to the outbox. The future it
/// returns finishes once the response is stored (in memory if the device's
/// storage failed); sending goes on after that.
pub(crate) fn hand_over(state: &WidgetState, response: Response) -> impl Future<Output = ()> + 'static {
    let courier = state.courier();
    let payload = courier.as_ref().map(|_| payload(state, &response));
    if courier.is_none() {
        state.emit(HostEvent::Error {
            kind: "config",
            message: "The survey has no endpoint, so the response was not sent anywhere. Set the endpoint attribute."
                .to_owned(),
        });
    }
    let id = response.id.to_string();
    async move {
        if let (Some(courier), Some((content_type, body))) = (courier, payload) {
            courier.submit(id, content_type, body).await;
        }
    }
}
