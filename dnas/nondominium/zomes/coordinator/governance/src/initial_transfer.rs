//! `log_initial_transfer` (spec §6.3; REQ-USER-S-07): a Simple Agent's first
//! transfer, of a resource they created, to an Accountable Agent — the event
//! their promotion cites (REQ-GOV-03). Integrity checks that the provider
//! created the resource, that the receiver is Accountable and that it is the
//! provider's only InitialTransfer.
use hdk::prelude::*;
use nondominium_types::VfAction;

use crate::resource_calls::{record_event, RecordEventInput, RecordedEvent};

/// Input of `log_initial_transfer`: any revision of the caller's resource,
/// the Accountable receiver, and the quantity (in the resource's unit;
/// default, and required by the table, the whole on-hand quantity).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct LogInitialTransferInput {
    pub resource_hash: ActionHash,
    pub receiver: AgentPubKey,
    pub quantity: Option<f64>,
    pub note: Option<String>,
}

/// Records the caller's InitialTransfer through the governance operator
/// (custody moves to `receiver`, rights stay) and returns the event and the
/// new revision. Errors: "initial_transfer refused by governance: <reasons>"
/// (e.g. the resource is pending validation, the caller is not its
/// custodian); the integrity rule's message ("EconomicEvent InitialTransfer
/// receiver must be an Accountable Agent…", "…was already made by this
/// provider…", "…must be of a resource the provider created").
#[hdk_extern]
pub fn log_initial_transfer(input: revisions::Checked<LogInitialTransferInput>) -> ExternResult<RecordedEvent> {
    let input = input.read("log_initial_transfer")?;
    record_event(RecordEventInput {
        resource_quantity: input.quantity,
        note: input.note,
        ..RecordEventInput::new(input.resource_hash, VfAction::InitialTransfer, Some(input.receiver))
    })
}
