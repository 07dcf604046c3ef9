//! Where a built response goes. This widget builds the response and
//! hands it over; the outbox that stores and sends it is the next step
//! (drafts, IndexedDB outbox and exactly-once posting).

use heard_engine::Response;

use crate::state::WidgetState;

/// Takes a finished response from the widget.
pub(crate) fn hand_over(state: &WidgetState, response: Response) {
    state.set_last_response(response);
}
