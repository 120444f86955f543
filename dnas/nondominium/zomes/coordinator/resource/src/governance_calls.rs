//! Every call from the resource zome into the governance operator, typed, in one place.
use hdk::prelude::*;
use nondominium_types::{GovernanceTransitionRequest, GovernanceTransitionResult, ResourceValidation};
use revisions::guest_error;

fn governance<I: Serialize + std::fmt::Debug, O: serde::de::DeserializeOwned + std::fmt::Debug>(
    fn_name: &str,
    input: I,
) -> ExternResult<O> {
    match call(CallTargetCell::Local, ZomeName::from("governance"), FunctionName::from(fn_name), None, input)? {
        ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(format!("governance answer does not decode: {e}"))),
        other => Err(guest_error(format!("governance {fn_name} failed: {other:?}"))),
    }
}

/// Asks the governance zome of this cell to decide `request` (spec §3.2).
/// Errors when the call itself fails; a refusal is a result with `success: false`.
pub fn evaluate_state_transition(request: GovernanceTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    governance("evaluate_state_transition", request)
}

/// Where the peer validation of the resource at `resource_hash` stands (spec §6.3).
pub fn check_validation_status(resource_hash: ActionHash) -> ExternResult<ResourceValidation> {
    governance("check_validation_status", resource_hash)
}

/// Every receipt about `item`, oldest first (spec §6.3 `get_validation_history`).
pub fn get_validation_history(item: ActionHash) -> ExternResult<Vec<Record>> {
    governance("get_validation_history", item)
}
