//! Every call from the resource zome into the governance operator, typed, in one place.
use hdk::prelude::*;
use nondominium_types::{
    EndOfLifeTally, GovernanceTransitionRequest, GovernanceTransitionResult, ResourceValidation,
    StatusTransitionRequest,
};
use revisions::call_local;

fn governance<I: Serialize + std::fmt::Debug, O: serde::de::DeserializeOwned + std::fmt::Debug>(
    fn_name: &str,
    input: I,
) -> ExternResult<O> {
    call_local("governance", fn_name, input)
}

/// Asks the governance zome of this cell to decide `request` (spec §3.2),
/// nothing written: an approval carries the EconomicEvent for the caller to
/// record (`decide_state_transition`).
/// Errors when the call itself fails; a refusal is a result with `success: false`.
pub fn decide_state_transition(request: GovernanceTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    governance("decide_state_transition", request)
}

/// Where the peer validation of each resource in `resource_hashes` stands, in the same order, in one call.
pub fn check_validation_statuses(resource_hashes: Vec<ActionHash>) -> ExternResult<Vec<ResourceValidation>> {
    governance("check_validation_statuses", resource_hashes)
}

/// Asks the operator to decide a status change without an event (Validated, EndOfLife).
/// Errors when the call fails; a refusal is a result with `success: false`.
pub fn evaluate_status_transition(request: StatusTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    governance("evaluate_status_transition", request)
}

/// Where the answers to an end-of-life declaration stand.
pub fn get_end_of_life_tally(declaration: ActionHash) -> ExternResult<EndOfLifeTally> {
    governance("get_end_of_life_tally", declaration)
}

/// Where the validation of the process `process_hash` (any revision) stands.
pub fn get_process_validation(process_hash: ActionHash) -> ExternResult<nondominium_types::ProcessValidationStatus> {
    governance("get_process_validation", process_hash)
}

/// The counterparty's Accepted decision of the commitment `commitment_hash`, if any.
pub fn get_commitment_acceptance(commitment_hash: ActionHash) -> ExternResult<Option<ActionHash>> {
    governance("get_commitment_acceptance", commitment_hash)
}
