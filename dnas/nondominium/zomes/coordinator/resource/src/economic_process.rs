//! Economic processes (spec §4.2.4-4.2.5, §6.2; REQ-PROC-01..09): start,
//! complete, suspend, resume, cancel or fail a Use, Transport, Storage or
//! Repair process on resources the caller holds, and read them back. Every
//! step that changes a resource is an EconomicEvent the governance operator
//! records (`record_event` with `process`): the type's start action at the
//! start (VF `inputOf`), its completion action at the completion
//! (`outputOf`). The rules are in `resource_integrity::economic_process`.
use hdk::prelude::*;
use nondominium_types::{
    credential_of, is_progenitor, ran_overdue, smallest_usage_limit, CommitmentCitation, EconomicProcess,
    EconomicResource, ProcessStatus, ProcessType, ProcessValidationStatus, RecordEventInput, ResourceId,
    ResourceStatus, RevisionHash, RoleName, VfAction,
};
use resource_integrity::{EntryTypes, LinkTypes};
use revisions::{call_local, decode_entry, guest_error, latest_revision, latest_revisions, original_of};

use crate::economic_resource::{get_economic_resource, record_event};

/// A process: its identity (the first revision, which its events name) and
/// its latest revision.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ProcessState {
    pub original_hash: ActionHash,
    pub latest: Record,
}

/// Input of [`initiate_economic_process`]: the type, a name (1-200
/// characters), any revision of each input resource (1-8, held by the
/// caller and Validated), where it happens, and the process it follows in a
/// chain of steps (Completed, started by the caller).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct InitiateProcessInput {
    pub process_type: ProcessType,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub resource_hashes: Vec<ActionHash>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub follows: Option<ActionHash>,
    /// The accepted commitment the process serves: for a Use of a resource
    /// someone else holds (REQ-USER-A-04), the caller's `Use` request its
    /// custodian accepted; for a Transport, Storage or Repair, a commitment
    /// the caller provides about the resource (the steps of a chain in one
    /// commitment, REQ-USER-A-07). `resource_hashes` is then that one resource.
    #[serde(default)]
    pub commitment_hash: Option<ActionHash>,
}

/// Input of [`complete_economic_process`]: what the completion event needs —
/// Transport: `to_location` (the dropoff's destination); Repair: `state`
/// (the resource's state after the repair, e.g. "repaired"); Storage:
/// `receiver` (who takes custody back, required). Ignored by the other types.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CompleteProcessInput {
    pub process_hash: ActionHash,
    #[serde(default)]
    pub to_location: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub receiver: Option<AgentPubKey>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Input of [`update_process_status`]: any revision of the process and the
/// status to move to (Suspended, InProgress, Cancelled or Failed; a
/// completion goes through [`complete_economic_process`]).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct UpdateProcessStatusInput {
    pub process_hash: ActionHash,
    pub status: ProcessStatus,
}

/// What a process type requires (spec §6.3
/// `get_process_validation_requirements`), and whether the caller meets it:
/// `can_start` with `reason` saying why not.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ProcessRequirements {
    pub process_type: ProcessType,
    /// `None` for Use: any Accountable Agent.
    pub required_role: Option<RoleName>,
    pub start_action: Option<VfAction>,
    pub completion_action: Option<VfAction>,
    pub changes_state: bool,
    /// Approving validators a completion waits for (0: none), and their role
    /// (`None`: any Accountable Agent): this network's
    /// `ProcessValidationRequirements` (REQ-GOV-07).
    pub minimum_validators: u32,
    pub validator_role: Option<RoleName>,
    pub can_start: bool,
    pub reason: Option<String>,
}

/// The caller's credential for `process_type`: their role of that name for
/// Transport/Storage/Repair, their Accountable role for Use (`None` for a
/// progenitor starting a Use). Inner `Err` says what is missing.
fn my_process_credential(process_type: ProcessType) -> ExternResult<Result<Option<ActionHash>, String>> {
    let me = agent_info()?.agent_initial_pubkey;
    if process_type == ProcessType::Use && is_progenitor(&me)? {
        return Ok(Ok(None));
    }
    let roles: Vec<Record> = call_local("person", "get_my_roles", ())?;
    Ok(match process_type.required_role() {
        Some(role) => credential_of(&roles, &me, |r| r == role)
            .map(Some)
            .ok_or(format!("a {process_type:?} process needs the {role:?} role")),
        None => credential_of(&roles, &me, RoleName::is_accountable)
            .map(Some)
            .ok_or("a Use process needs an Accountable Agent".to_string()),
    })
}

/// What `process_type` requires and whether the caller may start it now
/// (REQ-PROC-05; the UI lists the closed types with `reason`).
#[hdk_extern]
pub fn get_process_requirements(process_type: revisions::Checked<ProcessType>) -> ExternResult<ProcessRequirements> {
    let process_type = process_type.read("get_process_requirements")?;
    let credential = my_process_credential(process_type)?;
    let validation = nondominium_types::process_validation_of(process_type)?;
    Ok(ProcessRequirements {
        process_type,
        required_role: process_type.required_role(),
        start_action: process_type.start_action(),
        completion_action: process_type.completion_action(),
        changes_state: process_type.changes_state(),
        minimum_validators: validation.as_ref().map_or(0, |v| v.minimum_validators),
        validator_role: validation.and_then(|v| v.validator_role),
        can_start: credential.is_ok(),
        reason: credential.err(),
    })
}

/// Starts a process (spec §6.2 `initiate_economic_process`; REQ-PROC-01..06):
/// checks the caller's role, writes the process (InProgress) with the latest
/// revision of each input, indexes it under the caller and each input
/// resource, then records the type's start event on each input through the
/// operator (Use: `use`; Transport: `pickup`; Repair: `accept`; Storage:
/// none — the storer already holds custody) and links it from the process.
/// A Use of a resource someone else holds cites the caller's accepted `Use`
/// commitment (`commitment_hash`; its custodian's acceptance is found
/// here) and records no event: only the custodian writes the resource. A
/// Transport, Storage or Repair may cite a commitment the caller provides
/// about its resource, so the steps of a chain serve one commitment.
/// Returns the process as it stands after the start.
/// Errors: "initiate_economic_process: <reason>" (the role is missing, an
/// input is not found, not Validated or not held by the caller), the
/// operator's refusal of a start event, or the integrity rule's message
/// (e.g. `usage_limit.max_concurrent_users`).
#[hdk_extern]
pub fn initiate_economic_process(input: revisions::Checked<InitiateProcessInput>) -> ExternResult<ProcessState> {
    let input = input.read("initiate_economic_process")?;
    let me = agent_info()?.agent_initial_pubkey;
    let fail = |why: String| guest_error(format!("initiate_economic_process: {why}"));
    let role_credential = my_process_credential(input.process_type)?.map_err(fail)?;
    let under_commitment = match &input.commitment_hash {
        None => None,
        Some(commitment) => {
            let acceptance = crate::governance_calls::get_commitment_acceptance(commitment.clone())?
                .ok_or(fail("the commitment is not accepted by its counterparty".into()))?;
            Some(CommitmentCitation { commitment: commitment.clone(), acceptance })
        }
    };
    let mut inputs = Vec::new();
    let mut resources = Vec::new();
    for hash in &input.resource_hashes {
        let state =
            get_economic_resource(hash.clone().into())?.ok_or(fail("an input resource was not found".into()))?;
        let resource: EconomicResource = decode_entry(&state.latest, "an EconomicResource")?;
        if resource.status != ResourceStatus::Validated {
            return Err(fail("inputs must be Validated resources".into()));
        }
        let borrowed = input.process_type == ProcessType::Use && under_commitment.is_some();
        if resource.custodian != me && !borrowed {
            return Err(fail("inputs must be resources the caller holds".into()));
        }
        inputs.push(RevisionHash(state.latest.action_address().clone()));
        resources.push(state.original_hash);
    }
    let process = EconomicProcess {
        process_type: input.process_type,
        name: input.name.trim().to_string(),
        description: input.description.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
        required_role: input.process_type.required_role(),
        role_credential,
        inputs,
        outputs: vec![],
        events: vec![],
        started_by: me.clone(),
        started_at: sys_time()?,
        completed_at: None,
        location: input.location.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
        status: ProcessStatus::InProgress,
        overdue: false,
        follows: input.follows,
        approvals: vec![],
        under_commitment,
    };
    nondominium_types::check_process_start(&process, &me).map_err(fail)?;
    let start_action = process.start_action();
    let id = create_entry(&EntryTypes::EconomicProcess(process))?;
    create_link(me, id.clone(), LinkTypes::AgentToProcesses, ())?;
    for resource in &resources {
        create_link(resource.clone(), id.clone(), LinkTypes::ResourceToProcesses, ())?;
    }
    if let Some(action) = start_action {
        for resource in &resources {
            record_step(&id, resource, action, Step::default())?;
        }
    }
    state_of(&id)?.ok_or(guest_error("the new EconomicProcess could not be read back"))
}

/// What a step's event carries beyond its action: the completion's inputs
/// (`to_location`, `state`, `receiver`, `note`) and the approvals a
/// completion that waits for validators cites.
#[derive(Default)]
struct Step {
    to_location: Option<String>,
    state: Option<String>,
    receiver: Option<AgentPubKey>,
    note: Option<String>,
    approvals: Vec<ActionHash>,
}

/// Records `action` on the latest revision of `resource` as a step of the
/// process `id` and links the event from the process.
fn record_step(id: &ActionHash, resource: &ActionHash, action: VfAction, step: Step) -> ExternResult<ActionHash> {
    // Pickup and Accept take the whole on-hand quantity (VF: on hand decremented while
    // in transit or in repair); Dropoff and Modify give back what their pair took.
    let resource_quantity = match action {
        VfAction::Pickup | VfAction::Accept | VfAction::Dropoff | VfAction::Modify => {
            let state = get_economic_resource(resource.clone().into())?
                .ok_or(guest_error("an input resource was not found"))?;
            let current = decode_entry::<EconomicResource>(&state.latest, "an EconomicResource")?;
            let taken = match (action, &current.last_event) {
                (VfAction::Dropoff | VfAction::Modify, Some(last)) => {
                    revisions::get_record(last.clone(), GetOptions::network())?
                        .and_then(|r| decode_entry::<nondominium_types::EconomicEvent>(&r, "an EconomicEvent").ok())
                        .filter(|pair| pair.input_of.as_ref() == Some(id))
                        .map(|pair| pair.resource_quantity)
                }
                _ => None,
            };
            Some(taken.unwrap_or(current.onhand_quantity))
        }
        _ => None,
    };
    let recorded = record_event(
        RecordEventInput {
            resource_quantity,
            to_location: step.to_location,
            state: step.state,
            note: step.note,
            process: Some(id.clone()),
            process_approvals: step.approvals,
            ..RecordEventInput::new(resource.clone(), action, step.receiver)
        }
        .into(),
    )?;
    create_link(id.clone(), recorded.event_hash.clone(), LinkTypes::ProcessToEvents, ())?;
    Ok(recorded.event_hash)
}

/// The latest revision of the caller's process at `hash` (any revision),
/// which must be the caller's; with its identity.
fn my_process(hash: &ActionHash, call: &str) -> ExternResult<(ActionHash, ActionHash, EconomicProcess)> {
    let state = get_economic_process(hash.clone().into())?.ok_or(guest_error(format!("{call}: process not found")))?;
    let process: EconomicProcess = decode_entry(&state.latest, "an EconomicProcess")?;
    if process.started_by != agent_info()?.agent_initial_pubkey {
        return Err(guest_error(format!("{call}: only the process's starter moves it")));
    }
    Ok((state.original_hash, state.latest.action_address().clone(), process))
}

/// The events the caller linked from the process `id` (on their own chain,
/// so the completion cites them all however far gossip has got).
fn my_process_events(id: &ActionHash) -> ExternResult<Vec<ActionHash>> {
    let link_type: LinkTypes = LinkTypes::ProcessToEvents;
    let scoped = ScopedLinkType::try_from(link_type)?;
    let base: AnyLinkableHash = id.clone().into();
    let links = query(ChainQueryFilter::new().action_type(ActionType::CreateLink).include_entries(false))?;
    Ok(links
        .into_iter()
        .filter_map(|record| match record.action() {
            Action::CreateLink(link)
                if link.zome_index == scoped.zome_index
                    && link.link_type == scoped.zome_type
                    && link.base_address == base =>
            {
                link.target_address.clone().into_action_hash()
            }
            _ => None,
        })
        .collect())
}

/// Completes the caller's process (spec §6.2 `complete_economic_process`;
/// REQ-PROC-06/07): records the type's completion event on each input
/// through the operator (Transport: `dropoff` to `to_location`; Repair:
/// `modify` with `state`; Storage: `transferCustody` to `receiver`; Use:
/// none), then writes the Completed revision citing every event of the
/// process, its outputs, and `overdue` when a Use ran past the inputs'
/// `usage_limit.max_duration_hours`. Returns the process after completion.
/// Errors: "complete_economic_process: <reason>" (not found, not the
/// caller's, not InProgress, Storage without `receiver`), the operator's
/// refusal, or the integrity rule's message.
#[hdk_extern]
pub fn complete_economic_process(input: revisions::Checked<CompleteProcessInput>) -> ExternResult<ProcessState> {
    let input = input.read("complete_economic_process")?;
    let call = "complete_economic_process";
    let (id, latest_hash, process) = my_process(&input.process_hash, call)?;
    if process.status != ProcessStatus::InProgress {
        return Err(guest_error(format!("{call}: only an InProgress process completes (it is {:?})", process.status)));
    }
    let resources: Vec<ActionHash> = process
        .inputs
        .iter()
        .map(|r| original_of(&r.0)?.ok_or(guest_error(format!("{call}: an input resource was not found"))))
        .collect::<ExternResult<_>>()?;
    let approvals = approvals_of(&id, process.process_type)?;
    if let Some(action) = process.process_type.completion_action() {
        if process.process_type == ProcessType::Storage && input.receiver.is_none() {
            return Err(guest_error(format!("{call}: a Storage process needs receiver (who takes custody back)")));
        }
        for resource in &resources {
            let step = Step {
                to_location: input.to_location.clone(),
                state: input.state.clone(),
                receiver: input.receiver.clone(),
                note: input.note.clone(),
                approvals: approvals.clone(),
            };
            record_step(&id, resource, action, step)?;
        }
    }
    let now = sys_time()?;
    let started = revisions::get_record(id.clone(), GetOptions::local())?
        .ok_or(guest_error(format!("{call}: the process's first revision could not be read")))?
        .action()
        .timestamp();
    let overdue = process.process_type == ProcessType::Use && ran_overdue(started, now, shortest_duration(&process)?);
    let outputs = if process.process_type.completion_action().is_some() {
        resources.iter().cloned().map(ResourceId).collect()
    } else {
        vec![]
    };
    let completed = EconomicProcess {
        status: ProcessStatus::Completed,
        completed_at: Some(now),
        events: my_process_events(&id)?,
        outputs,
        overdue,
        approvals,
        ..process
    };
    update_entry(latest_hash, &EntryTypes::EconomicProcess(completed))?;
    state_of(&id)?.ok_or(guest_error(format!("{call}: the process could not be read back")))
}

/// The approving `process_validation` receipts a completion of the process
/// `id` cites: none when the network requires no validator for the type;
/// else the approvals so far, and an error while they are too few:
/// "complete_economic_process: a <type> completion waits for <n> approving
/// validator(s) (<k> so far; rejected: <notes> (<scores below the
/// performance_thresholds>, e.g. "quality_score 0.5 < minimum_quality 0.8"))".
fn approvals_of(id: &ActionHash, process_type: ProcessType) -> ExternResult<Vec<ActionHash>> {
    let status: ProcessValidationStatus = crate::governance_calls::get_process_validation(id.clone())?;
    if status.required == 0 {
        return Ok(vec![]);
    }
    if (status.approvals.len() as u32) < status.required {
        let reasons: Vec<String> = status
            .rejections
            .iter()
            .filter_map(|r| decode_entry::<nondominium_types::ValidationReceipt>(r, "a ValidationReceipt").ok())
            .map(|r| {
                // Under performance thresholds, the scores below them are part of the reason.
                let unmet = match (&status.performance_thresholds, &r.performance) {
                    (Some(t), Some(m)) => t.unmet(m),
                    _ => vec![],
                };
                let notes =
                    r.notes.unwrap_or_else(|| if unmet.is_empty() { "no reason given".into() } else { String::new() });
                match (notes.is_empty(), unmet.is_empty()) {
                    (_, true) => notes,
                    (true, false) => unmet.join(", "),
                    (false, false) => format!("{notes} ({})", unmet.join(", ")),
                }
            })
            .collect();
        return Err(guest_error(format!(
            "complete_economic_process: a {process_type:?} completion waits for {} approving validator(s) ({} so far{})",
            status.required,
            status.approvals.len(),
            if reasons.is_empty() { String::new() } else { format!("; rejected: {}", reasons.join("; ")) }
        )));
    }
    Ok(status
        .approvals
        .iter()
        .take(nondominium_types::MAX_PROCESS_APPROVALS)
        .map(|r| r.action_address().clone())
        .collect())
}

/// The inputs' shortest `usage_limit.max_duration_hours`, as integrity reads it.
fn shortest_duration(process: &EconomicProcess) -> ExternResult<Option<f64>> {
    let mut shortest: Option<f64> = None;
    for input in &process.inputs {
        let Some(record) = revisions::get_record(input.0.clone(), GetOptions::network())? else { continue };
        let resource: EconomicResource = decode_entry(&record, "an EconomicResource")?;
        let Some(spec_record) = revisions::get_record(resource.conforms_to, GetOptions::network())? else { continue };
        let spec: nondominium_types::ResourceSpecification = decode_entry(&spec_record, "a ResourceSpecification")?;
        if let Some(hours) = smallest_usage_limit(&spec, |u| u.max_duration_hours) {
            shortest = Some(shortest.map_or(hours, |s: f64| s.min(hours)));
        }
    }
    Ok(shortest)
}

/// Moves the caller's process to Suspended, InProgress (resume), Cancelled
/// or Failed (spec §4.2.5); a Transport or Repair that ends this way first
/// releases the inputs it holds ([`release_inputs`]). Returns the process
/// after the move.
/// Errors: "update_process_status: <reason>" (not found, not the caller's,
/// Completed asked for here, or a move the lifecycle forbids, named with the
/// allowed ones).
#[hdk_extern]
pub fn update_process_status(input: revisions::Checked<UpdateProcessStatusInput>) -> ExternResult<ProcessState> {
    let input = input.read("update_process_status")?;
    let call = "update_process_status";
    let (id, latest_hash, process) = my_process(&input.process_hash, call)?;
    if input.status == ProcessStatus::Completed {
        return Err(guest_error(format!("{call}: a process completes through complete_economic_process")));
    }
    if !process.status.next().contains(&input.status) {
        return Err(guest_error(format!(
            "{call}: status cannot move from {:?} to {:?} (allowed: {:?})",
            process.status,
            input.status,
            process.status.next()
        )));
    }
    let (latest_hash, process) = if matches!(input.status, ProcessStatus::Cancelled | ProcessStatus::Failed) {
        release_inputs(&id, latest_hash, process)?
    } else {
        (latest_hash, process)
    };
    update_entry(latest_hash, &EntryTypes::EconomicProcess(EconomicProcess { status: input.status, ..process }))?;
    state_of(&id)?.ok_or(guest_error(format!("{call}: the process could not be read back")))
}

/// Before a Transport or Repair ends without completing, each input it still
/// holds (its last event is this process's `pickup` or `accept`) gets the
/// closing half — `dropoff` where it is, `modify` with no new state — so the
/// resource accepts other events again (integrity holds a picked-up or
/// accepted resource for its process). A Suspended process is resumed first:
/// its events happen while it is InProgress. Returns the process's latest
/// revision and content after these writes.
fn release_inputs(
    id: &ActionHash,
    latest_hash: ActionHash,
    process: EconomicProcess,
) -> ExternResult<(ActionHash, EconomicProcess)> {
    let (Some(start), Some(close)) = (process.process_type.start_action(), process.process_type.completion_action())
    else {
        return Ok((latest_hash, process));
    };
    let mut held = Vec::new();
    for input in &process.inputs {
        let Some(resource) = original_of(&input.0)? else { continue };
        let Some(state) = get_economic_resource(resource.clone().into())? else { continue };
        let current: EconomicResource = decode_entry(&state.latest, "an EconomicResource")?;
        let Some(last) = current.last_event else { continue };
        let Some(record) = revisions::get_record(last, GetOptions::network())? else { continue };
        let event: nondominium_types::EconomicEvent = decode_entry(&record, "an EconomicEvent")?;
        if event.action == start && event.input_of.as_ref() == Some(id) {
            held.push(resource);
        }
    }
    if held.is_empty() {
        return Ok((latest_hash, process));
    }
    let (latest_hash, process) = if process.status == ProcessStatus::Suspended {
        let resumed = EconomicProcess { status: ProcessStatus::InProgress, ..process };
        (update_entry(latest_hash, &EntryTypes::EconomicProcess(resumed.clone()))?, resumed)
    } else {
        (latest_hash, process)
    };
    for resource in &held {
        let note = Some("released: the process ended without completing".into());
        record_step(id, resource, close, Step { note, ..Step::default() })?;
    }
    Ok((latest_hash, process))
}

/// The process at `id` (its first revision) with its latest revision.
fn state_of(id: &ActionHash) -> ExternResult<Option<ProcessState>> {
    Ok(latest_revision(id)?.map(|latest| ProcessState { original_hash: id.clone(), latest }))
}

/// The process that revision `hash` belongs to, with its latest revision;
/// `None` when not found.
#[hdk_extern]
pub fn get_economic_process(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<ProcessState>> {
    let hash = hash.read("get_economic_process")?;
    match original_of(&hash)? {
        Some(id) => state_of(&id),
        None => Ok(None),
    }
}

/// The processes linked from `base` by `link_type`, oldest first, each at
/// its latest revision (all followed together, one batched read per step).
fn linked_processes(base: impl Into<AnyLinkableHash>, link_type: LinkTypes) -> ExternResult<Vec<ProcessState>> {
    let mut links = get_links(LinkQuery::try_new(base, link_type)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let ids: Vec<ActionHash> = links.into_iter().filter_map(|l| l.target.into_action_hash()).collect();
    let latest = latest_revisions(&ids)?;
    Ok(ids
        .into_iter()
        .zip(latest)
        .filter_map(|(original_hash, latest)| latest.map(|latest| ProcessState { original_hash, latest }))
        .collect())
}

/// The caller's open processes (Planned, InProgress or Suspended), oldest
/// first (spec §6.2 `get_active_processes`).
#[hdk_extern]
pub fn get_active_processes(_: ()) -> ExternResult<Vec<ProcessState>> {
    nondominium_types::host::zome_info_cache::install();
    let me = agent_info()?.agent_initial_pubkey;
    Ok(linked_processes(me, LinkTypes::AgentToProcesses)?
        .into_iter()
        .filter(|p| decode_entry::<EconomicProcess>(&p.latest, "an EconomicProcess").is_ok_and(|p| p.status.is_open()))
        .collect())
}

/// Every process a resource (any revision) was an input of, oldest first
/// (spec §6.2 `get_process_by_resource`, REQ-PROC-09).
#[hdk_extern]
pub fn get_process_by_resource(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<ProcessState>> {
    let resource_hash = resource_hash.read("get_process_by_resource")?;
    match original_of(&resource_hash)? {
        Some(id) => linked_processes(id, LinkTypes::ResourceToProcesses),
        None => Ok(vec![]),
    }
}

/// The events of a process (any revision), in the order they were recorded.
#[hdk_extern]
pub fn get_process_events(process_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<Record>> {
    let process_hash = process_hash.read("get_process_events")?;
    let Some(id) = original_of(&process_hash)? else { return Ok(vec![]) };
    let mut events = revisions::linked_records(LinkQuery::try_new(id, LinkTypes::ProcessToEvents)?)?;
    events.sort_by_key(|r| r.action().timestamp());
    Ok(events)
}
