//! Host-reading rules about EconomicProcesses (spec §4.2.4, REQ-PROC-06):
//! a process's identity and inputs, its status as its starter's chain
//! shows it, and the approvals a completion cites (REQ-GOV-07). Only the
//! starter writes a process's revisions, so "the status now" is a fact of
//! one chain, read back to the process's first revision.
use hdi::prelude::*;

use crate::{
    first_revision, held_record, typed_record, EconomicProcess, NondominiumProperties, ProcessStatus, ProcessType,
    ProcessValidationRequirements, ResourceId, ValidationType, ECONOMIC_PROCESS_ENTRY_INDEX, RESOURCE_INTEGRITY,
};

/// The first revision of the process at `id`, which must be one (`what`
/// names the citing field in the message). Inner `Err`: "<what> must
/// reference an EconomicProcess" or "<what> must reference a process's
/// first revision" (a process is identified by its create).
///
/// A process by `reader` (the author of the citing record) is read as held:
/// its starter writes it in the same zome call as its start events, and its
/// own validation decides it; anyone else's must be valid.
pub fn cited_process(
    id: &ActionHash,
    what: &str,
    reader: &AgentPubKey,
) -> ExternResult<Result<(Record, EconomicProcess), String>> {
    let found = if must_get_action(id.clone())?.action().author() == reader {
        held_record::<EconomicProcess>(
            id,
            RESOURCE_INTEGRITY,
            ECONOMIC_PROCESS_ENTRY_INDEX,
            what,
            "an EconomicProcess",
        )?
    } else {
        typed_record::<EconomicProcess>(
            id,
            RESOURCE_INTEGRITY,
            ECONOMIC_PROCESS_ENTRY_INDEX,
            what,
            "an EconomicProcess",
        )?
    };
    Ok(match found {
        Ok((record, _)) if !matches!(record.action(), Action::Create(_)) => {
            Err(format!("{what} must reference a process's first revision"))
        }
        other => other,
    })
}

/// The identities (first revisions) of a process's input resources, in input order.
pub fn input_resources(process: &EconomicProcess) -> ExternResult<Vec<ResourceId>> {
    process.inputs.iter().map(|r| Ok(ResourceId(first_revision(&r.0)?.hashed.hash))).collect()
}

/// The newest revision of the process `id` among `history` (its starter's
/// actions, newest first, read back at least to `id` by
/// [`crate::chain_back`]), following each update of the revision before it;
/// `initial` is the process's first revision. Revisions written in the same
/// zome call are read as held (their own rules are theirs).
pub fn process_on_chain(
    history: &[SignedActionHashed],
    id: &ActionHash,
    initial: EconomicProcess,
) -> ExternResult<(ActionHash, EconomicProcess)> {
    let mut current = (id.clone(), initial);
    loop {
        let next = crate::updates_in(history, &current.0);
        let Some(update) = next.last() else { return Ok(current) };
        match held_record::<EconomicProcess>(
            update,
            RESOURCE_INTEGRITY,
            ECONOMIC_PROCESS_ENTRY_INDEX,
            "update",
            "an EconomicProcess",
        )? {
            Ok((_, process)) => current = (update.clone(), process),
            Err(_) => return Ok(current),
        }
    }
}

/// The processes among `history` (an author's actions, newest first, read
/// back by [`crate::chain_back`]) whose newest revision there is still open
/// (Planned, InProgress, Suspended), each as (id, newest revision, input
/// identities). Only a process's starter writes its revisions, so this is
/// the set of the author's open processes as of the top of `history`
/// (all of them when `history` reaches genesis). Used by the concurrent-use
/// limit and by the rule that a resource an open process holds does not
/// change custody but through that process's completion.
pub fn open_processes_in(
    history: &[SignedActionHashed],
) -> ExternResult<Vec<(ActionHash, EconomicProcess, Vec<ResourceId>)>> {
    let mut open = Vec::new();
    for (id, initial) in
        crate::zome_entries_in::<EconomicProcess>(history, RESOURCE_INTEGRITY, ECONOMIC_PROCESS_ENTRY_INDEX)?
    {
        let inputs = input_resources(&initial)?;
        let (_, latest) = process_on_chain(history, &id, initial)?;
        if latest.status.is_open() {
            open.push((id, latest, inputs));
        }
    }
    Ok(open)
}

/// How many uses of `resource` `custodian`, whose chain is `history` (newest
/// first, read back to genesis), has open or promised at `now` — what
/// `usage_limit.max_concurrent_users` bounds (REQ-GOV-09, REQ-PROC-01):
/// their own open Use processes on it, plus their Accepted decisions of
/// `Use` commitments asking them for it (a Use by someone else,
/// REQ-USER-A-04) whose `due_date` is not before `now` (a party who
/// accepted cannot cancel: one decision per party). Both are on the
/// custodian's chain, so every peer counts the same; an accepted use is
/// counted until its due date, as its borrower's own process is on the
/// borrower's chain.
pub fn use_slots_taken(
    custodian: &AgentPubKey,
    history: &[SignedActionHashed],
    resource: &ResourceId,
    now: Timestamp,
) -> ExternResult<u32> {
    let mut taken = 0u32;
    for (_, process, inputs) in open_processes_in(history)? {
        if process.process_type == ProcessType::Use && inputs.contains(resource) {
            taken += 1;
        }
    }
    let decisions = crate::entries_in::<crate::CommitmentDecision>(history, crate::COMMITMENT_DECISION_ENTRY_INDEX)?;
    for (_, decision) in &decisions {
        if decision.decision != crate::Decision::Accepted {
            continue;
        }
        let Ok((_, commitment)) = typed_record::<crate::Commitment>(
            &decision.commitment,
            crate::GOVERNANCE_INTEGRITY,
            crate::COMMITMENT_ENTRY_INDEX,
            "CommitmentDecision commitment",
            "a Commitment",
        )?
        else {
            continue;
        };
        if commitment.action == crate::VfAction::Use
            && &commitment.provider == custodian
            && commitment.resource_inventoried_as.as_ref() == Some(resource)
            && commitment.due_date >= now
        {
            taken += 1;
        }
    }
    Ok(taken)
}

/// The smallest value the `usage_limit` rules of the specification of the
/// resource revision `revision` (any revision, a resource's identity
/// included) set through `field` (`max_concurrent_users`,
/// `max_duration_hours`); `None` when none sets one. Errors (the op retries)
/// while the revision or its specification cannot be read.
pub fn usage_limit_of<T: Copy + PartialOrd>(
    revision: &ActionHash,
    field: impl Fn(&crate::UsageLimit) -> Option<T>,
) -> ExternResult<Option<T>> {
    let unreadable = |e: String| wasm_error!(WasmErrorInner::Guest(e));
    let (_, resource) = typed_record::<crate::EconomicResource>(
        revision,
        RESOURCE_INTEGRITY,
        crate::ECONOMIC_RESOURCE_ENTRY_INDEX,
        "resource",
        "an EconomicResource",
    )?
    .map_err(unreadable)?;
    let (_, spec) = crate::specification_of(&resource)?.map_err(unreadable)?;
    Ok(crate::smallest_usage_limit(&spec, field))
}

/// The status of the process `id` (whose first revision is `initial`) on
/// `author`'s chain up to `chain_top`.
pub fn process_status_on_chain(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    id: &ActionHash,
    initial: EconomicProcess,
) -> ExternResult<ProcessStatus> {
    let history = crate::chain_back(author, chain_top, Some(id))?;
    Ok(process_on_chain(&history, id, initial)?.1.status)
}

/// This network's validation requirements for `process_type` (DNA
/// properties `process_validation`), when it sets any with at least one
/// validator.
pub fn process_validation_of(process_type: ProcessType) -> ExternResult<Option<ProcessValidationRequirements>> {
    let Ok(properties) = NondominiumProperties::try_from_dna_properties() else {
        return Ok(None);
    };
    Ok(properties.process_validation.into_iter().find(|r| r.process_type == process_type && r.minimum_validators > 0))
}

/// The rule of a completion's approvals (REQ-GOV-07), for `what` (the citing
/// field: "EconomicEvent process_approvals", "EconomicProcess approvals"):
/// when the network requires validators for `process_type`, `approvals` are
/// at least `minimum_validators` approving `process_validation` receipts
/// about the process `id`, by distinct validators (each receipt's own rules
/// decide who may validate); otherwise `approvals` is empty. Inner `Err` is
/// the rejection message.
pub fn check_process_approvals(
    what: &str,
    process_type: ProcessType,
    id: &ActionHash,
    approvals: &[ActionHash],
) -> ExternResult<Result<(), String>> {
    let Some(required) = process_validation_of(process_type)? else {
        return Ok(if approvals.is_empty() {
            Ok(())
        } else {
            Err(format!("{what} must be empty: this network requires no validator for a {process_type:?} process"))
        });
    };
    let validators =
        match crate::approving_validators(what, approvals, ValidationType::ProcessValidation, id, "this process")? {
            Ok(validators) => validators,
            Err(e) => return Ok(Err(e)),
        };
    Ok(if validators.len() < required.minimum_validators as usize {
        Err(format!(
            "{what} must cite at least {} approving process_validation receipt(s): a {process_type:?} completion waits for its validators (REQ-GOV-07)",
            required.minimum_validators
        ))
    } else {
        Ok(())
    })
}
