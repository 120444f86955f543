//! The audit trail of a resource (REQ-USER-P-03, REQ-GOV-09): every
//! event in order, each with the commitment and claim it fulfilled and the
//! resource state right after it.
use hdk::prelude::*;
use nondominium_types::{EconomicEvent, EconomicResource};
use revisions::{decode_entry, get_local_first, guest_error, original_of, revision_chain};

use crate::claim::{get_claims_for_event, ClaimWithCommitment};

/// One line of a resource's history: the event (with its hash), the revision
/// it produced (hash and content) and the claims that cite the event, each
/// with its commitment.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryEntry {
    pub event_hash: ActionHash,
    pub event: EconomicEvent,
    pub revision_hash: ActionHash,
    pub resource_after: EconomicResource,
    pub claims: Vec<ClaimWithCommitment>,
}

/// The history of the resource that `resource_hash` (any revision) belongs
/// to, oldest first: one entry per revision that cites a new event. Status
/// changes without an event (validation, end of life) are not events and
/// appear only as the `resource_after` of later entries.
/// Errors: "resource not found".
#[hdk_extern]
pub fn get_resource_history(resource_hash: ActionHash) -> ExternResult<Vec<HistoryEntry>> {
    let original = original_of(&resource_hash)?.ok_or(guest_error("resource not found"))?;
    let mut history = Vec::new();
    let mut previous_event: Option<ActionHash> = None;
    for revision in revision_chain(&original)? {
        let resource: EconomicResource = decode_entry(&revision, "an EconomicResource revision")?;
        let Some(event_hash) = resource.last_event.clone().filter(|e| previous_event.as_ref() != Some(e)) else {
            continue;
        };
        previous_event = Some(event_hash.clone());
        let event: EconomicEvent = decode_entry(
            &get_local_first(&event_hash)?.ok_or(guest_error("an event of the history cannot be found"))?,
            "an EconomicEvent (last_event)",
        )?;
        history.push(HistoryEntry {
            claims: get_claims_for_event(event_hash.clone())?,
            event_hash,
            event,
            revision_hash: revision.action_address().clone(),
            resource_after: resource,
        });
    }
    Ok(history)
}
