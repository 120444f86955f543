//! Rules of `EconomicProcess` (spec §4.2.4-4.2.5, §7 "Economic Processes
//! can only be initiated by agents with appropriate roles"; REQ-PROC-01..09)
//! and of the `AgentToProcesses`, `ResourceToProcesses` and
//! `ProcessToEvents` links. The pure rules are in
//! `nondominium_types::process`.
use hdi::prelude::*;
use nondominium_types::{
    check_acceptance, Commitment, CommitmentCitation, CommitmentDecision, VfAction, COMMITMENT_DECISION_ENTRY_INDEX,
    COMMITMENT_ENTRY_INDEX,
};
use nondominium_types::{
    check_completion_events, check_process_start, check_process_update, check_stated_time, cited, cited_event,
    cited_process, first_revision, input_resources, invalid, is_progenitor, ran_overdue, typed_record, verdict,
    CitedProcessEvent, EconomicEvent, EconomicProcess, EconomicResource, ProcessStatus, ProcessType, ResourceId,
    ResourceStatus, Role, ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_PROCESS_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX,
    GOVERNANCE_INTEGRITY, PERSON_INTEGRITY, RESOURCE_INTEGRITY, ROLE_ENTRY_INDEX,
};

/// Create (the process starts; enforcement sources 1 and 2, then 3):
/// - field rules and the start rules (`check_process_start`: Planned or
///   InProgress, by `started_by`, the type's `required_role`);
/// - `started_at` within the stated-time skew of the action;
/// - the starter holds the type's role, shown by `role_credential`: a valid
///   Role of theirs named `required_role` for Transport/Storage/Repair
///   (REQ-PROC-02..05), an Accountable role for Use (REQ-PROC-01; a
///   progenitor needs none);
/// - each input is a Validated EconomicResource revision in the starter's
///   custody, no resource twice;
/// - `follows`, when set, is a process of the same starter serving the same
///   commitment (`under_commitment`: a chain is in one commitment);
/// - `under_commitment`, when set: for a Use of someone else's resource, the
///   starter's accepted Use request; for a Transport, Storage or Repair, a
///   commitment the starter provides about the input, accepted
///   ([`check_commitment_citation`]);
/// - the history rules ([`validate_economic_process_history`]).
pub fn validate_create_economic_process(
    action: &Create,
    process: &EconomicProcess,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_process_start(process, &action.author) {
        invalid!("{e}");
    }
    if let Err(e) = check_stated_time("EconomicProcess", "started_at", process.started_at, action.timestamp) {
        invalid!("{e}");
    }
    let verdict = check_role_credential(process, &action.author)?;
    if verdict != ValidateCallbackResult::Valid {
        return Ok(verdict);
    }
    let mut seen: Vec<ActionHash> = Vec::new();
    for input in &process.inputs {
        let (_, resource) = cited!(typed_record::<EconomicResource>(
            &input.0,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "EconomicProcess inputs",
            "an EconomicResource",
        ));
        if resource.status != ResourceStatus::Validated {
            invalid!("EconomicProcess inputs must be Validated resources (REQ-GOV-02)");
        }
        let id = first_revision(&input.0)?.hashed.hash;
        let holds = resource.custodian == action.author;
        match &process.under_commitment {
            None | Some(_) if !holds && !process.is_borrowed_use() => {
                invalid!("EconomicProcess inputs must be in the starter's custody");
            }
            None => {}
            Some(_) if holds && process.is_borrowed_use() => {
                invalid!(
                    "EconomicProcess under_commitment is for a resource someone else holds: the starter holds this one"
                );
            }
            Some(cited) => {
                let verdict =
                    check_commitment_citation(process, cited, &resource, &ResourceId(id.clone()), &action.author)?;
                if verdict != ValidateCallbackResult::Valid {
                    return Ok(verdict);
                }
            }
        }
        if seen.contains(&id) {
            invalid!("EconomicProcess inputs must be distinct resources");
        }
        seen.push(id);
    }
    if let Some(previous) = &process.follows {
        let (_, earlier) = cited!(cited_process(previous, "EconomicProcess follows", &action.author));
        if earlier.started_by != action.author {
            invalid!("EconomicProcess follows must be a process of the same starter");
        }
        let served = |p: &EconomicProcess| p.under_commitment.as_ref().map(|c| c.commitment.clone());
        if served(&earlier) != served(process) {
            invalid!("EconomicProcess follows must serve the same commitment (under_commitment) as the step it follows: a chain is in one commitment");
        }
    }
    validate_economic_process_history(action, process)
}

/// `under_commitment` (spec §4.3.2): the cited commitment is about the
/// input (`resource_inventoried_as`) and fits the process — for a Use of a
/// resource someone else holds (REQ-USER-A-04, REQ-PROC-01), the starter's
/// own `Use` request (its author and receiver) to the custodian the cited
/// revision names (its provider); for a Transport, Storage or Repair (a step
/// of a chain in one commitment, REQ-USER-A-07), a commitment the starter
/// provides; the counterparty of its proposer accepted it (`acceptance`);
/// and the process starts no later than its `due_date`.
fn check_commitment_citation(
    process: &EconomicProcess,
    cited: &CommitmentCitation,
    resource: &EconomicResource,
    id: &ResourceId,
    starter: &AgentPubKey,
) -> ExternResult<ValidateCallbackResult> {
    let (commitment_record, commitment) = cited!(typed_record::<Commitment>(
        &cited.commitment,
        GOVERNANCE_INTEGRITY,
        COMMITMENT_ENTRY_INDEX,
        "EconomicProcess under_commitment.commitment",
        "a Commitment",
    ));
    let proposer = commitment_record.action().author();
    let about_input = commitment.resource_inventoried_as.as_ref() == Some(id);
    if process.is_borrowed_use() {
        let fits = about_input
            && commitment.action == VfAction::Use
            && &commitment.receiver == starter
            && proposer == starter
            && commitment.provider == resource.custodian;
        if !fits {
            invalid!("EconomicProcess under_commitment must be the starter's Use commitment asking the input's custodian (provider) for that resource");
        }
    } else if !(about_input && &commitment.provider == starter) {
        invalid!(
            "EconomicProcess under_commitment of a step must be a commitment the starter provides about that resource"
        );
    }
    let (acceptance_record, acceptance) = cited!(typed_record::<CommitmentDecision>(
        &cited.acceptance,
        GOVERNANCE_INTEGRITY,
        COMMITMENT_DECISION_ENTRY_INDEX,
        "EconomicProcess under_commitment.acceptance",
        "a CommitmentDecision",
    ));
    if check_acceptance(&commitment, &cited.commitment, proposer, &acceptance, acceptance_record.action().author())
        .is_err()
    {
        invalid!(
            "EconomicProcess under_commitment acceptance must be the counterparty's Accepted decision of the commitment"
        );
    }
    Ok(verdict(process.started_at <= commitment.due_date, || {
        "EconomicProcess under_commitment is past its due_date: a process under a commitment starts by then".to_string()
    }))
}

/// The starter's role for the process type (REQ-PROC-05), from the cited credential.
fn check_role_credential(process: &EconomicProcess, starter: &AgentPubKey) -> ExternResult<ValidateCallbackResult> {
    if process.process_type == ProcessType::Use && is_progenitor(starter)? {
        return Ok(ValidateCallbackResult::Valid);
    }
    let needs = match process.process_type.required_role() {
        Some(role) => format!("the {role:?} role"),
        None => "an Accountable role".into(),
    };
    let Some(credential) = &process.role_credential else {
        invalid!(
            "EconomicProcess role_credential must show the starter holds {needs} to start a {:?} process",
            process.process_type
        );
    };
    let (_, role) = cited!(typed_record::<Role>(
        credential,
        PERSON_INTEGRITY,
        ROLE_ENTRY_INDEX,
        "EconomicProcess role_credential",
        "a Role",
    ));
    let fits = match process.process_type.required_role() {
        Some(required) => role.role_name == required,
        None => role.role_name.is_accountable(),
    };
    Ok(verdict(&role.agent == starter && fits, || {
        format!(
            "EconomicProcess role_credential must show the starter holds {needs} to start a {:?} process",
            process.process_type
        )
    }))
}

/// The history rules of a start, read from the starter's chain before it
/// (enforcement source 3; also run for the RegisterAgentActivity op):
/// - the start is not dated before any input revision it cites by more than
///   the network's clock tolerance (`check_dated_after`): it bounds the read
///   of a custody move's rule about the open processes that hold a resource
///   (`nondominium_types::validate_economic_event_history`);
/// - each input is still current for the starter (they have not already
///   superseded it: a custodian cannot start a process on what they handed on);
/// - `follows` is Completed on the starter's chain (REQ-PROC-08: each step
///   of a chain starts after the one before it ends);
/// - a Use under a commitment is the only process citing that commitment on
///   the starter's chain (one use per accepted request);
/// - a Use process keeps, on each input whose specification sets
///   `usage_limit.max_concurrent_users`, at most that many uses open or
///   promised by the custodian (`use_slots_taken`: their open Use processes
///   on it and their accepted `Use` commitments about it not yet due; both
///   on their chain).
pub fn validate_economic_process_history(
    action: &Create,
    process: &EconomicProcess,
) -> ExternResult<ValidateCallbackResult> {
    for input in &process.inputs {
        if let Err(e) = nondominium_types::check_dated_after(
            "EconomicProcess",
            "an input revision it cites",
            action.timestamp,
            &input.0,
        )? {
            invalid!("{e}");
        }
        if nondominium_types::superseded_by_author(&action.author, &action.prev_action, input)? {
            invalid!("EconomicProcess inputs must be current: the starter already superseded this revision");
        }
    }
    if let Some(previous) = &process.follows {
        let (_, initial) = cited!(cited_process(previous, "EconomicProcess follows", &action.author));
        let status =
            nondominium_types::process_status_on_chain(&action.author, &action.prev_action, previous, initial)?;
        if status != ProcessStatus::Completed {
            invalid!("EconomicProcess follows must be Completed before the next step starts (it is {status:?})");
        }
    }
    if process.process_type != ProcessType::Use {
        return Ok(ValidateCallbackResult::Valid);
    }
    if let (true, Some(cited)) = (process.is_borrowed_use(), &process.under_commitment) {
        let history = nondominium_types::chain_back(&action.author, &action.prev_action, None)?;
        let earlier = nondominium_types::zome_entries_in::<EconomicProcess>(
            &history,
            RESOURCE_INTEGRITY,
            ECONOMIC_PROCESS_ENTRY_INDEX,
        )?;
        for (_, earlier_process) in earlier {
            if earlier_process.under_commitment.as_ref().is_some_and(|c| c.commitment == cited.commitment) {
                invalid!("EconomicProcess under_commitment was already cited by an earlier process of this starter: one Use per accepted commitment");
            }
        }
        // The custodian counted this use against usage_limit.max_concurrent_users when accepting it.
        return Ok(ValidateCallbackResult::Valid);
    }
    let limits = concurrency_limits(process)?;
    if limits.iter().all(|(_, limit)| limit.is_none()) {
        return Ok(ValidateCallbackResult::Valid);
    }
    let history = nondominium_types::chain_back(&action.author, &action.prev_action, None)?;
    for (resource, limit) in &limits {
        let Some(max) = limit else { continue };
        let taken = nondominium_types::use_slots_taken(&action.author, &history, resource, action.timestamp)?;
        if taken + 1 > *max {
            invalid!(
                "EconomicProcess breaks usage_limit.max_concurrent_users: {taken} use(s) of an input already open or promised (Use processes, accepted Use commitments), at most {max}"
            );
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Each input's identity with the smallest `usage_limit` value its
/// specification sets through `field` (`None`: no limit).
fn input_limits<T: Copy + PartialOrd>(
    process: &EconomicProcess,
    field: impl Fn(&nondominium_types::UsageLimit) -> Option<T>,
) -> ExternResult<Vec<(ResourceId, Option<T>)>> {
    process
        .inputs
        .iter()
        .map(|input| {
            let limit = nondominium_types::usage_limit_of(&input.0, &field)?;
            Ok((ResourceId(first_revision(&input.0)?.hashed.hash), limit))
        })
        .collect()
}

/// [`input_limits`] of `usage_limit.max_concurrent_users`.
fn concurrency_limits(process: &EconomicProcess) -> ExternResult<Vec<(ResourceId, Option<u32>)>> {
    input_limits(process, |u| u.max_concurrent_users)
}

/// The inputs' shortest `usage_limit.max_duration_hours`, if any sets one.
fn duration_limit(process: &EconomicProcess) -> ExternResult<Option<f64>> {
    Ok(input_limits(process, |u| u.max_duration_hours)?
        .into_iter()
        .filter_map(|(_, limit)| limit)
        .fold(None, |acc: Option<f64>, h| Some(acc.map_or(h, |a| a.min(h)))))
}

/// Update (the process moves; sources 1-3): `original` is a revision of an
/// EconomicProcess; the rules of `check_process_update` (only the starter,
/// immutable start fields, a legal status move); a Completed revision states
/// `completed_at` within the skew, cites exactly the process's events
/// (`check_completion_events`, each event decided with its own rules when
/// written in the same call: `cited_event`), lists the outputs, cites the
/// approvals the network requires for the type (REQ-GOV-07:
/// `check_process_approvals`), and sets `overdue` exactly when a Use ran
/// past the inputs' shortest `usage_limit.max_duration_hours` (between the
/// create's and this action's timestamps); then the history rules
/// ([`validate_economic_process_update_history`]).
pub fn validate_update_economic_process(
    action: &Update,
    process: &EconomicProcess,
    original: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    let (_, previous) = cited!(typed_record::<EconomicProcess>(
        original,
        RESOURCE_INTEGRITY,
        ECONOMIC_PROCESS_ENTRY_INDEX,
        "EconomicProcess update original",
        "an EconomicProcess",
    ));
    if let Err(e) = check_process_update(&previous, process, &action.author) {
        invalid!("{e}");
    }
    if process.status == ProcessStatus::Completed {
        let Some(completed_at) = process.completed_at else {
            invalid!("EconomicProcess completed_at must be set exactly when the status is Completed");
        };
        if let Err(e) = check_stated_time("EconomicProcess", "completed_at", completed_at, action.timestamp) {
            invalid!("{e}");
        }
        let first = first_revision(original)?;
        let id = first.hashed.hash.clone();
        let mut cited: Vec<(ActionHash, EconomicEvent, ResourceId)> = Vec::new();
        for hash in &process.events {
            let (_, event) = cited!(cited_event(hash, &action.author, "EconomicProcess events"));
            let resource = ResourceId(first_revision(&event.resource_inventoried_as.0)?.hashed.hash);
            cited.push((hash.clone(), event, resource));
        }
        let events: Vec<CitedProcessEvent<'_>> =
            cited.iter().map(|(hash, event, resource)| CitedProcessEvent { hash, event, resource }).collect();
        if let Err(e) = check_completion_events(process, &id, &input_resources(process)?, &events) {
            invalid!("{e}");
        }
        if let Err(e) = nondominium_types::check_process_approvals(
            "EconomicProcess approvals",
            process.process_type,
            &id,
            &process.approvals,
        )? {
            invalid!("{e}");
        }
        let overdue = process.process_type == ProcessType::Use
            && ran_overdue(first.action().timestamp(), action.timestamp, duration_limit(process)?);
        if process.overdue != overdue {
            invalid!(
                "EconomicProcess overdue must be {overdue}: it records whether a Use ran past usage_limit.max_duration_hours"
            );
        }
    }
    validate_economic_process_update_history(action, original, process)
}

/// The history rules of an update, read from the starter's chain before it:
/// the revision it updates is still current (not already superseded by the
/// starter: one status move per revision); and a completion's events were
/// each applied by the starter (their chain holds the resource revision
/// citing the event in `last_event`: an event that never reached its
/// resource completed nothing).
pub fn validate_economic_process_update_history(
    action: &Update,
    original: &ActionHash,
    process: &EconomicProcess,
) -> ExternResult<ValidateCallbackResult> {
    if nondominium_types::superseded_by_author(
        &action.author,
        &action.prev_action,
        &nondominium_types::RevisionHash(original.clone()),
    )? {
        invalid!("EconomicProcess revision was already superseded by its starter");
    }
    if process.status != ProcessStatus::Completed {
        return Ok(ValidateCallbackResult::Valid);
    }
    let id = first_revision(original)?.hashed.hash;
    let history = nondominium_types::chain_back(&action.author, &action.prev_action, Some(&id))?;
    for hash in &process.events {
        let event = match nondominium_types::held_record::<EconomicEvent>(
            hash,
            GOVERNANCE_INTEGRITY,
            ECONOMIC_EVENT_ENTRY_INDEX,
            "EconomicProcess events",
            "an EconomicEvent",
        )? {
            Ok((_, event)) => event,
            Err(e) => invalid!("{e}"),
        };
        if !nondominium_types::applied_in(&history, &event.resource_inventoried_as, hash)? {
            invalid!("EconomicProcess events must each have been applied to its resource by the starter");
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The first revision of the process at `target`, checked to be one, with its author.
fn process_at(target: &AnyLinkableHash, link: &str) -> ExternResult<Result<(Record, EconomicProcess), String>> {
    let Some(hash) = target.clone().into_action_hash() else {
        return Ok(Err(format!("{link} link target must reference an EconomicProcess")));
    };
    let found = nondominium_types::held_record::<EconomicProcess>(
        &hash,
        RESOURCE_INTEGRITY,
        ECONOMIC_PROCESS_ENTRY_INDEX,
        &format!("{link} link target"),
        "an EconomicProcess",
    )?;
    Ok(match found {
        Ok((record, _)) if !matches!(record.action(), Action::Create(_)) => {
            Err(format!("{link} link target must be a process's first revision"))
        }
        other => other,
    })
}

/// `AgentToProcesses` link: from the starter's key to a process they started,
/// created by them ("my processes").
pub fn validate_create_link_agent_to_processes(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (record, _) = cited!(process_at(target, "AgentToProcesses"));
    if base.clone().into_agent_pub_key().as_ref() != Some(record.action().author()) {
        invalid!("AgentToProcesses link base must be the process's starter");
    }
    if record.action().author() != &action.author {
        invalid!("AgentToProcesses link must be created by the process's starter");
    }
    nondominium_types::validate_index_link_once(action, "AgentToProcesses")
}

/// `ResourceToProcesses` link: from the identity (first revision) of one of
/// a process's inputs to the process, created by its starter (a resource's
/// processes, REQ-PROC-09).
pub fn validate_create_link_resource_to_processes(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (record, process) = cited!(process_at(target, "ResourceToProcesses"));
    if record.action().author() != &action.author {
        invalid!("ResourceToProcesses link must be created by the process's starter");
    }
    let base = base.clone().into_action_hash().map(ResourceId);
    if !base.is_some_and(|b| input_resources(&process).is_ok_and(|inputs| inputs.contains(&b))) {
        invalid!("ResourceToProcesses link base must be one of the process's input resources");
    }
    nondominium_types::validate_index_link_once(action, "ResourceToProcesses")
}

/// `ProcessToEvents` link: from a process (its first revision) to an event
/// whose `input_of` or `output_of` names it, created by the event's provider.
pub fn validate_create_link_process_to_events(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(event_hash) = target.clone().into_action_hash() else {
        invalid!("ProcessToEvents link target must reference an EconomicEvent");
    };
    let (record, event) = cited!(nondominium_types::held_record::<EconomicEvent>(
        &event_hash,
        GOVERNANCE_INTEGRITY,
        ECONOMIC_EVENT_ENTRY_INDEX,
        "ProcessToEvents link target",
        "an EconomicEvent",
    ));
    let process = base.clone().into_action_hash();
    if process.is_none() || (event.input_of != process && event.output_of != process) {
        invalid!("ProcessToEvents link base must be the process the event's input_of or output_of names");
    }
    if record.action().author() != &action.author {
        invalid!("ProcessToEvents link must be created by the event's provider");
    }
    nondominium_types::validate_index_link_once(action, "ProcessToEvents")
}
