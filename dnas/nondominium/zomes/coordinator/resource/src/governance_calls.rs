//! Every call from the resource zome into the governance operator, typed, in one place.
use hdk::prelude::*;
use nondominium_types::{GovernanceTransitionRequest, GovernanceTransitionResult};
use revisions::guest_error;

/// Asks the governance zome of this cell to decide `request` (spec §3.2).
/// Errors when the call itself fails; a refusal is a result with `success: false`.
pub fn evaluate_state_transition(request: GovernanceTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    match call(CallTargetCell::Local, ZomeName::from("governance"), FunctionName::from("evaluate_state_transition"), None, request)? {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(format!("governance answer does not decode: {e}"))),
        other => Err(guest_error(format!("governance evaluate_state_transition failed: {other:?}"))),
    }
}
