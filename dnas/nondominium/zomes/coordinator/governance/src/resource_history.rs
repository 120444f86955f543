//! The audit trail of a resource (REQ-USER-P-03, REQ-GOV-09): every
//! event in order, each with the commitment and claim it fulfilled, the
//! process it is a step of (REQ-PROC-09) and the resource state right after
//! it.
use hdk::prelude::*;
use nondominium_types::{process_side, EconomicEvent, EconomicProcess, EconomicResource, ProcessType};
use revisions::{decode_entry, get_local_first, guest_error, original_of, revision_chain};

use crate::claim::{get_claims_for_event, ClaimWithCommitment};

/// One line of a resource's history: the event (with its hash), the revision
/// it produced (hash and content), the claims that cite the event, each
/// with its commitment, and the process the event is a step of, if any.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryEntry {
    pub event_hash: ActionHash,
    pub event: EconomicEvent,
    pub revision_hash: ActionHash,
    pub resource_after: EconomicResource,
    pub claims: Vec<ClaimWithCommitment>,
    pub process: Option<HistoryProcess>,
}

/// The process an event of the history is a step of (spec §4.2.4, VF
/// `inputOf`/`outputOf`): its first revision's hash (what `input_of` /
/// `output_of` name), what it was started as, and which side the event is.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct HistoryProcess {
    pub process_hash: ActionHash,
    pub process_type: ProcessType,
    pub name: String,
    pub started_by: AgentPubKey,
    /// `"input_of"` (the process's start step) or `"output_of"` (its completion step).
    pub side: String,
}

/// The history of the resource that `resource_hash` (any revision) belongs
/// to, oldest first: one entry per revision that cites a new event. Status
/// changes without an event (validation, end of life) are not events and
/// appear only as the `resource_after` of later entries. An event of a
/// process carries the process (read once per process), so a resource's
/// processes appear in order with their steps (REQ-PROC-09).
/// Errors: "resource not found", "an event of the history cannot be found",
/// "a process of the history cannot be found".
#[hdk_extern]
pub fn get_resource_history(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<HistoryEntry>> {
    let resource_hash = resource_hash.read("get_resource_history")?;
    let original = original_of(&resource_hash)?.ok_or(guest_error("resource not found"))?;
    let mut history = Vec::new();
    let mut previous_event: Option<ActionHash> = None;
    let mut processes: Vec<(ActionHash, EconomicProcess)> = Vec::new();
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
        let process = match process_side(&event) {
            None => None,
            Some((side, id)) => {
                if !processes.iter().any(|(h, _)| h == id) {
                    let record = get_local_first(id)?.ok_or(guest_error("a process of the history cannot be found"))?;
                    processes.push((id.clone(), decode_entry(&record, "an EconomicProcess (input_of / output_of)")?));
                }
                let (_, p) = processes.iter().find(|(h, _)| h == id).expect("read above");
                Some(HistoryProcess {
                    process_hash: id.clone(),
                    process_type: p.process_type,
                    name: p.name.clone(),
                    started_by: p.started_by.clone(),
                    side: side.to_string(),
                })
            }
        };
        history.push(HistoryEntry {
            process,
            claims: get_claims_for_event(event_hash.clone().into())?,
            event_hash,
            event,
            revision_hash: revision.action_address().clone(),
            resource_after: resource,
        });
    }
    Ok(history)
}
