//! `EconomicProcess` (spec §4.2.4-4.2.5; REQ-PROC-01..09) and the pure rules
//! over it: which role starts each process type, which ValueFlows actions it
//! records at its start and at its completion, how its status may move, and
//! what a completion must cite. The rules that read the host (cited
//! credentials, resources, events, the starter's chain) are in
//! `resource_integrity::economic_process` and `crate::host::economic_event`.
//!
//! A process is started by the custodian of its inputs (the agent who holds
//! them, and so the only one whose events the resources accept) and moves
//! only by its starter's updates, so its whole story is on one chain: the
//! history rules that decide "still open" or "how many Use processes are open
//! on this resource" read that chain and nothing else.
use hdi::prelude::*;

use crate::{effects_of, EconomicEvent, InputOutput, PerformanceMetrics, ResourceId, RevisionHash, RoleName, VfAction};

/// The kinds of process (spec §4.2.4, REQ-PROC-01..04).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessType {
    /// Any Accountable Agent; consumes nothing (VF `use` at the start).
    Use,
    /// Transport role; moves the resource and never changes its state (VF
    /// `pickup` at the start, `dropoff` at the completion).
    Transport,
    /// Storage role; the storer holds custody for the duration and hands it
    /// on at the completion (VF `transferCustody`).
    Storage,
    /// Repair role; may change the resource's state (VF `accept` at the
    /// start, `modify` at the completion).
    Repair,
}

impl ProcessType {
    /// Every process type, in declaration order.
    pub const ALL: [ProcessType; 4] =
        [ProcessType::Use, ProcessType::Transport, ProcessType::Storage, ProcessType::Repair];

    /// The specialised role that starts this type; `None` for Use, which any
    /// Accountable Agent starts (REQ-PROC-01..05).
    pub fn required_role(self) -> Option<RoleName> {
        match self {
            ProcessType::Use => None,
            ProcessType::Transport => Some(RoleName::Transport),
            ProcessType::Storage => Some(RoleName::Storage),
            ProcessType::Repair => Some(RoleName::Repair),
        }
    }

    /// The VF action recorded on each input when the process starts (its
    /// `inputOf` event); `None` for Storage, whose storer already holds custody.
    pub fn start_action(self) -> Option<VfAction> {
        match self {
            ProcessType::Use => Some(VfAction::Use),
            ProcessType::Transport => Some(VfAction::Pickup),
            ProcessType::Storage => None,
            ProcessType::Repair => Some(VfAction::Accept),
        }
    }

    /// The VF action recorded on each input when the process completes (its
    /// `outputOf` event); `None` for Use, which produces nothing.
    pub fn completion_action(self) -> Option<VfAction> {
        match self {
            ProcessType::Use => None,
            ProcessType::Transport => Some(VfAction::Dropoff),
            ProcessType::Storage => Some(VfAction::TransferCustody),
            ProcessType::Repair => Some(VfAction::Modify),
        }
    }

    /// Whether the process may change its resources' `state` (only Repair).
    pub fn changes_state(self) -> bool {
        self == ProcessType::Repair
    }
}

/// Where a process stands (spec §4.2.5).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessStatus {
    Planned,
    InProgress,
    Completed,
    Suspended,
    Cancelled,
    Failed,
}

impl ProcessStatus {
    /// Every status, in declaration order.
    pub const ALL: [ProcessStatus; 6] = [
        ProcessStatus::Planned,
        ProcessStatus::InProgress,
        ProcessStatus::Completed,
        ProcessStatus::Suspended,
        ProcessStatus::Cancelled,
        ProcessStatus::Failed,
    ];

    /// Whether the process is still open (Planned, InProgress or Suspended):
    /// it counts against `usage_limit.max_concurrent_users`.
    pub fn is_open(self) -> bool {
        matches!(self, ProcessStatus::Planned | ProcessStatus::InProgress | ProcessStatus::Suspended)
    }

    /// The statuses a process may move to from this one: Planned →
    /// InProgress | Cancelled; InProgress → Completed | Suspended | Cancelled
    /// | Failed; Suspended → InProgress | Cancelled | Failed; the closed
    /// statuses move nowhere.
    pub fn next(self) -> &'static [ProcessStatus] {
        use ProcessStatus::*;
        match self {
            Planned => &[InProgress, Cancelled],
            InProgress => &[Completed, Suspended, Cancelled, Failed],
            Suspended => &[InProgress, Cancelled, Failed],
            Completed | Cancelled | Failed => &[],
        }
    }
}

/// `ProcessValidationRequirements` (spec §4.3.13; REQ-GOV-05/07): a
/// completion of `process_type` waits for `minimum_validators` approving
/// `process_validation` receipts, by holders of `validator_role` (by any
/// Accountable Agent when `None`), never by the starter. The completion
/// events (`outputOf`) and the Completed revision cite them, so the
/// resource's state changes only once they exist. With
/// `performance_thresholds` (spec §4.3.14), each approval also states the
/// validator's assessment of the work (`ValidationReceipt.performance`) and
/// meets every minimum, so a completion below them cannot gather its
/// approvals; a rejection shows the unmet minimums with its notes. Set per
/// network in the DNA properties (`process_validation`). The specification's
/// `validation_scheme`, `completion_validation_required` and
/// `special_requirements` are not modelled: the scheme here is "at least
/// `minimum_validators` approvals", and validation is always required where
/// a requirement exists.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct ProcessValidationRequirements {
    pub process_type: ProcessType,
    pub minimum_validators: u32,
    #[serde(default)]
    pub validator_role: Option<RoleName>,
    #[serde(default)]
    pub performance_thresholds: Option<PerformanceThresholds>,
}

/// `PerformanceThresholds` (spec §4.3.14): the least performance an
/// approving validator may state for a process completion, each a score
/// from 0.0 to 1.0 compared with the same-named score of the validator's
/// [`PerformanceMetrics`] (0.0, the default: no minimum).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
pub struct PerformanceThresholds {
    #[serde(default)]
    pub minimum_timeliness: f64,
    #[serde(default)]
    pub minimum_quality: f64,
    #[serde(default)]
    pub minimum_reliability: f64,
    #[serde(default)]
    pub minimum_communication: f64,
    #[serde(default)]
    pub minimum_completion_rate: f64,
}

impl PerformanceThresholds {
    /// Each minimum with the score it applies to: (threshold field, its
    /// value, score field, the score in `m`).
    fn pairs(&self, m: &PerformanceMetrics) -> [(&'static str, f64, &'static str, f64); 5] {
        [
            ("minimum_timeliness", self.minimum_timeliness, "timeliness_score", m.timeliness_score),
            ("minimum_quality", self.minimum_quality, "quality_score", m.quality_score),
            ("minimum_reliability", self.minimum_reliability, "reliability_score", m.reliability_score),
            ("minimum_communication", self.minimum_communication, "communication_score", m.communication_score),
            ("minimum_completion_rate", self.minimum_completion_rate, "completion_rate", m.completion_rate),
        ]
    }

    /// Whether any minimum is above 0.
    pub fn is_set(&self) -> bool {
        self.pairs(&PerformanceMetrics::for_validation()).iter().any(|(_, min, _, _)| *min > 0.0)
    }

    /// The minimums `m` does not reach, each as "quality_score 0.5 <
    /// minimum_quality 0.8", in field order; empty when it meets all.
    pub fn unmet(&self, m: &PerformanceMetrics) -> Vec<String> {
        self.pairs(m)
            .iter()
            .filter(|(_, min, _, score)| score < min)
            .map(|(min_name, min, score_name, score)| format!("{score_name} {score} < {min_name} {min}"))
            .collect()
    }
}

/// The rule of a `process_validation` receipt's `performance` (spec
/// §4.3.14; REQ-GOV-07), given the network's requirement for the process's
/// type: the scores are within 0.0-1.0; where the requirement sets
/// `performance_thresholds`, an approval states its assessment and meets
/// every minimum (a validator who finds the work below them records a
/// rejection, whose scores are its reason). `Err` is the rejection message.
pub fn check_verdict_performance(
    process_type: ProcessType,
    requirement: Option<&ProcessValidationRequirements>,
    approved: bool,
    performance: Option<&PerformanceMetrics>,
) -> Result<(), String> {
    if let Some(m) = performance {
        crate::check_performance_metrics(m).map_err(|e| format!("ValidationReceipt performance: {e}"))?;
    }
    let Some(thresholds) = requirement.and_then(|r| r.performance_thresholds.as_ref()).filter(|t| t.is_set()) else {
        return Ok(());
    };
    if !approved {
        return Ok(());
    }
    let Some(m) = performance else {
        return Err(format!(
            "ValidationReceipt performance is required to approve a {process_type:?} process: this network sets performance_thresholds for it (spec §4.3.14)"
        ));
    };
    let unmet = thresholds.unmet(m);
    if !unmet.is_empty() {
        return Err(format!(
            "ValidationReceipt cannot approve a {process_type:?} process below its performance_thresholds: {} (record a rejection instead)",
            unmet.join(", ")
        ));
    }
    Ok(())
}

/// Most approvals a process completion may cite.
pub const MAX_PROCESS_APPROVALS: usize = 16;

/// Most resources one process takes as inputs.
pub const MAX_PROCESS_INPUTS: usize = 8;

/// Most events a completion may cite: a start and a completion event per input.
pub const MAX_PROCESS_EVENTS: usize = 2 * MAX_PROCESS_INPUTS;

/// One revision of an economic process (spec §4.2.4). The process is
/// identified by the action hash of its first revision (the create, written
/// when it starts); every later revision is an update by `started_by` whose
/// `original_action_address` is the revision before it.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct EconomicProcess {
    pub process_type: ProcessType,
    /// 1-200 characters.
    pub name: String,
    /// At most 1000 characters.
    pub description: Option<String>,
    /// The role the type requires (`ProcessType::required_role`); stored as
    /// the specification lists it, and checked to match the type.
    pub required_role: Option<RoleName>,
    /// The starter's Role credential: their `required_role` for
    /// Transport/Storage/Repair, their Accountable role for Use (`None` when
    /// the starter is a progenitor starting a Use).
    pub role_credential: Option<ActionHash>,
    /// The exact revisions of the input resources when the process started:
    /// 1-8 distinct resources, each Validated and in the starter's custody.
    pub inputs: Vec<RevisionHash>,
    /// The resources the completion produced (VF `outputOf`): the inputs'
    /// identities for the types with a completion action, in input order;
    /// empty until Completed, and always for Use.
    pub outputs: Vec<ResourceId>,
    /// The process's events, cited by the completing revision: every
    /// `inputOf` and `outputOf` event of this process. Empty before.
    pub events: Vec<ActionHash>,
    /// The starter: the author of every revision. Immutable.
    pub started_by: AgentPubKey,
    /// Microseconds since the epoch, stated at the start (within the
    /// stated-time skew of the create). Immutable.
    pub started_at: Timestamp,
    /// Stated by the completing revision; `None` until Completed.
    pub completed_at: Option<Timestamp>,
    /// Where the process takes place; at most 200 characters. Immutable.
    pub location: Option<String>,
    pub status: ProcessStatus,
    /// Set by a Use completion that ran past the inputs' shortest
    /// `usage_limit.max_duration_hours` (measured between the create's and
    /// the completion's action timestamps); false otherwise.
    pub overdue: bool,
    /// The process this one follows in a chain of steps by the same starter
    /// (transport → repair → transport; REQ-PROC-08): Completed before this
    /// one starts. Immutable.
    pub follows: Option<ActionHash>,
    /// The approving `process_validation` receipts the completion cites when
    /// the network requires validators for the type
    /// ([`ProcessValidationRequirements`]); empty otherwise and before.
    #[serde(default)]
    pub approvals: Vec<ActionHash>,
    /// The accepted commitment the process serves, when it serves one:
    /// for a Use of a resource the starter does not hold (REQ-USER-A-04,
    /// REQ-PROC-01), the starter's `Use` request that the custodian
    /// accepted; for a Transport, Storage or Repair, a commitment the
    /// starter (its provider) made about the input, accepted by the other
    /// party — the steps of a chain (`follows`) then all serve the same one
    /// (REQ-USER-A-07, REQ-PROC-08). `None` otherwise. Immutable.
    #[serde(default)]
    pub under_commitment: Option<CommitmentCitation>,
}

/// The commitment a process serves (spec §4.3.2) and its counterparty's
/// Accepted `CommitmentDecision`, both about the process's one input
/// (`resource_inventoried_as`). For a Use of someone else's resource
/// (REQ-USER-A-04 "signal intent to access a resource for a process"): the
/// starter's `Use` request to the resource's custodian (its provider),
/// accepted by the custodian, whose acceptances are on their chain, where
/// `usage_limit.max_concurrent_users` counts them. For a Transport, Storage
/// or Repair: a commitment whose provider is the starter (the custodian),
/// so a chain of steps is "in one commitment" (REQ-USER-A-07).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq, Eq)]
pub struct CommitmentCitation {
    /// The Commitment's action hash.
    pub commitment: ActionHash,
    /// The counterparty's Accepted CommitmentDecision of `commitment` (for a
    /// Use of someone else's resource, its custodian's).
    pub acceptance: ActionHash,
}

impl EconomicProcess {
    /// The VF action recorded on each input when this process starts (its
    /// `inputOf` event): the type's [`ProcessType::start_action`], except
    /// for a Use under a commitment (someone else's resource), which records
    /// none — a `use` event writes the resource's next revision, which only
    /// its custodian does; the cited commitment and acceptance are the
    /// record of the access.
    pub fn start_action(&self) -> Option<VfAction> {
        if self.is_borrowed_use() {
            None
        } else {
            self.process_type.start_action()
        }
    }

    /// Whether this is a Use of a resource someone else holds: a Use under
    /// a commitment (a custodian's own Use needs none).
    pub fn is_borrowed_use(&self) -> bool {
        self.process_type == ProcessType::Use && self.under_commitment.is_some()
    }
}

/// Field rules of any revision (enforcement source 1).
pub fn check_process_fields(p: &EconomicProcess) -> Result<(), String> {
    let name = p.name.chars().count();
    if name == 0 || name > 200 {
        return Err("EconomicProcess name must be 1-200 characters".into());
    }
    if p.description.as_ref().is_some_and(|d| d.chars().count() > 1000) {
        return Err("EconomicProcess description must be at most 1000 characters".into());
    }
    if p.location.as_ref().is_some_and(|l| l.chars().count() > 200) {
        return Err("EconomicProcess location must be at most 200 characters".into());
    }
    if p.required_role != p.process_type.required_role() {
        return Err(format!(
            "EconomicProcess required_role must be {:?} for a {:?} process",
            p.process_type.required_role(),
            p.process_type
        ));
    }
    if p.inputs.is_empty() || p.inputs.len() > MAX_PROCESS_INPUTS {
        return Err(format!("EconomicProcess inputs must hold 1-{MAX_PROCESS_INPUTS} resource revisions"));
    }
    if p.events.len() > MAX_PROCESS_EVENTS {
        return Err(format!("EconomicProcess events must hold at most {MAX_PROCESS_EVENTS} events"));
    }
    if (p.status == ProcessStatus::Completed) != p.completed_at.is_some() {
        return Err("EconomicProcess completed_at must be set exactly when the status is Completed".into());
    }
    if p.status != ProcessStatus::Completed
        && (!p.outputs.is_empty() || !p.events.is_empty() || p.overdue || !p.approvals.is_empty())
    {
        return Err("EconomicProcess outputs, events, approvals and overdue are set only by its completion".into());
    }
    if p.approvals.len() > MAX_PROCESS_APPROVALS {
        return Err(format!("EconomicProcess approvals must hold at most {MAX_PROCESS_APPROVALS} receipts"));
    }
    Ok(())
}

/// Rules of a process's first revision beyond its fields: it starts Planned
/// or InProgress, by its author.
pub fn check_process_start(p: &EconomicProcess, author: &AgentPubKey) -> Result<(), String> {
    check_process_fields(p)?;
    if &p.started_by != author {
        return Err("EconomicProcess started_by must be the author".into());
    }
    if !matches!(p.status, ProcessStatus::Planned | ProcessStatus::InProgress) {
        return Err("EconomicProcess must start Planned or InProgress".into());
    }
    if p.under_commitment.is_some() && p.inputs.len() != 1 {
        return Err(
            "EconomicProcess under_commitment is for a process on exactly one resource, the committed one".into()
        );
    }
    Ok(())
}

/// Rules of a later revision against the one it updates: only the starter
/// moves it, what was set at the start does not change, and the status moves
/// along [`ProcessStatus::next`].
pub fn check_process_update(
    previous: &EconomicProcess,
    next: &EconomicProcess,
    author: &AgentPubKey,
) -> Result<(), String> {
    check_process_fields(next)?;
    if &previous.started_by != author {
        return Err("EconomicProcess can only be updated by its starter".into());
    }
    let same = previous.process_type == next.process_type
        && previous.name == next.name
        && previous.description == next.description
        && previous.role_credential == next.role_credential
        && previous.inputs == next.inputs
        && previous.started_by == next.started_by
        && previous.started_at == next.started_at
        && previous.location == next.location
        && previous.follows == next.follows
        && previous.under_commitment == next.under_commitment;
    if !same {
        return Err("EconomicProcess process_type, name, description, role_credential, inputs, started_by, started_at, location, follows and under_commitment are immutable".into());
    }
    if !previous.status.next().contains(&next.status) {
        return Err(format!(
            "EconomicProcess status cannot move from {:?} to {:?} (allowed: {:?})",
            previous.status,
            next.status,
            previous.status.next()
        ));
    }
    Ok(())
}

/// One event a completion cites, with the identity of the resource it acts on.
pub struct CitedProcessEvent<'a> {
    pub hash: &'a ActionHash,
    pub event: &'a EconomicEvent,
    pub resource: &'a ResourceId,
}

/// Rules of a completion's `events` and `outputs` (REQ-PROC-06/07):
/// each cited event is an event of this process (`input_of` or `output_of`
/// is `process_id`) by its starter, distinct; and for each input resource
/// there is exactly the type's start event (`inputOf`) and completion event
/// (`outputOf`); `outputs` lists the input resources, in input order, when
/// the type has a completion action, and nothing otherwise. `inputs` are the
/// input resources' identities in input order.
pub fn check_completion_events(
    p: &EconomicProcess,
    process_id: &ActionHash,
    inputs: &[ResourceId],
    events: &[CitedProcessEvent<'_>],
) -> Result<(), String> {
    for (i, e) in events.iter().enumerate() {
        if events[..i].iter().any(|other| other.hash == e.hash) {
            return Err("EconomicProcess events must be distinct".into());
        }
        let of_this = e.event.input_of.as_ref() == Some(process_id) || e.event.output_of.as_ref() == Some(process_id);
        if !of_this {
            return Err("EconomicProcess events must be events of this process (input_of or output_of)".into());
        }
        if e.event.provider != p.started_by {
            return Err("EconomicProcess events must be recorded by its starter".into());
        }
        if !inputs.contains(e.resource) {
            return Err("EconomicProcess events must act on the process's inputs".into());
        }
    }
    for resource in inputs {
        for (action, side, label) in [
            (p.start_action(), true, "start (input_of)"),
            (p.process_type.completion_action(), false, "completion (output_of)"),
        ] {
            let count = events
                .iter()
                .filter(|e| {
                    e.resource == resource
                        && Some(e.event.action) == action
                        && if side { e.event.input_of.is_some() } else { e.event.output_of.is_some() }
                })
                .count();
            let expected = usize::from(action.is_some());
            if count != expected {
                return Err(match action {
                    Some(action) => format!(
                        "EconomicProcess events must cite one {action:?} {label} event per input of a {:?} process",
                        p.process_type
                    ),
                    None => format!("EconomicProcess events of a {:?} process have no {label} event", p.process_type),
                });
            }
        }
    }
    if events.len()
        != inputs.len()
            * (usize::from(p.start_action().is_some()) + usize::from(p.process_type.completion_action().is_some()))
    {
        return Err(format!("EconomicProcess events must be exactly the events of a {:?} process", p.process_type));
    }
    let expected_outputs: Vec<ResourceId> =
        if p.process_type.completion_action().is_some() { inputs.to_vec() } else { Vec::new() };
    if p.outputs != expected_outputs {
        return Err(
            "EconomicProcess outputs must be the input resources it hands on (none for Use), in input order".into()
        );
    }
    Ok(())
}

/// Rules an event that names a process (`input_of` or `output_of`) obeys
/// against that process's first revision (REQ-PROC-02/04): not both sides;
/// the action is the type's start action (`input_of`) or completion action
/// (`output_of`); the provider is the starter; the event acts on one of the
/// process's inputs (`inputs` are their identities); a Transport never sets
/// a state. `Err` is the rejection message.
pub fn check_event_in_process(
    event: &EconomicEvent,
    process: &EconomicProcess,
    resource: &ResourceId,
    inputs: &[ResourceId],
) -> Result<(), String> {
    let (side, expected) = match (&event.input_of, &event.output_of) {
        (Some(_), Some(_)) => return Err("EconomicEvent input_of and output_of cannot both be set".into()),
        (Some(_), None) => ("input_of", process.start_action()),
        (None, Some(_)) => ("output_of", process.process_type.completion_action()),
        (None, None) => return Ok(()),
    };
    if expected != Some(event.action) {
        return Err(format!(
            "EconomicEvent {side} of a {:?} process must be a {} event",
            process.process_type,
            expected.map(|a| format!("{a:?}")).unwrap_or_else(|| "no".into())
        ));
    }
    if event.provider != process.started_by {
        return Err(format!("EconomicEvent {side} must be recorded by the process's starter"));
    }
    if !inputs.contains(resource) {
        return Err(format!("EconomicEvent {side} must act on one of the process's inputs"));
    }
    if !process.process_type.changes_state() && event.state.is_some() {
        return Err(format!(
            "EconomicEvent {side} of a {:?} process cannot change the resource's state",
            process.process_type
        ));
    }
    Ok(())
}

/// Which side of a process the event is on, and the process: `("input_of",
/// id)` or `("output_of", id)`; `None` outside any process.
pub fn process_side(event: &EconomicEvent) -> Option<(&'static str, &ActionHash)> {
    match (&event.input_of, &event.output_of) {
        (Some(id), _) => Some(("input_of", id)),
        (None, Some(id)) => Some(("output_of", id)),
        (None, None) => None,
    }
}

/// VF `pairsWith` inside a process (REQ-PROC-06): the output half of a pair
/// (a `Dropoff`, a `Modify`) completes the process its input half started —
/// the resource's last event, a `Pickup` or an `Accept`, has `input_of` equal
/// to this event's `output_of` (both `None` outside processes), and inside a
/// process it gives back the quantity its pair took off hand. `last` is the
/// resource's last event, which [`check_pairing`] has checked to be the pair.
///
/// And the other way round: a resource whose last event is the input half of
/// a pair inside a process (picked up for a Transport, accepted for a Repair)
/// is held by that process: its next event is the output half completing it
/// (`output_of` that process), and nothing else — no transfer, no use, no
/// other process — until then.
pub fn check_pair_in_process(event: &EconomicEvent, last: Option<&EconomicEvent>) -> Result<(), String> {
    if let Some(last) = last {
        let last_row = effects_of(last.action);
        if let (Some(pair), Some(process), InputOutput::Input) =
            (last_row.pairs_with, &last.input_of, last_row.input_output)
        {
            if event.action != pair || event.output_of.as_ref() != Some(process) {
                return Err(format!(
                    "EconomicEvent {:?} cannot act on a resource held by a process: its {:?} awaits the {pair:?} that completes that process (output_of)",
                    event.action, last.action
                ));
            }
        }
    }
    let row = effects_of(event.action);
    if row.pairs_with.is_none() || row.input_output != InputOutput::Output {
        return Ok(());
    }
    match last {
        Some(last) if last.input_of != event.output_of => Err(format!(
            "EconomicEvent {:?} must complete the process its {:?} started: output_of must be the pair's input_of",
            event.action, last.action
        )),
        // Inside a process, the output half gives back exactly what its input half took off hand.
        Some(last)
            if event.output_of.is_some() && !crate::same_quantity(event.resource_quantity, last.resource_quantity) =>
        {
            Err(format!(
                "EconomicEvent {:?} must give back the quantity its {:?} took: resource_quantity {} (expected {})",
                event.action, last.action, event.resource_quantity, last.resource_quantity
            ))
        }
        _ => Ok(()),
    }
}

/// The smallest value the `usage_limit` rules of `spec` set through `field`
/// (`max_duration_hours`, `max_concurrent_users`); `None` when none sets
/// one. The one reading of a specification's process limits, for integrity
/// and for the coordinator that computes `overdue`.
pub fn smallest_usage_limit<T: Copy + PartialOrd>(
    spec: &crate::ResourceSpecification,
    field: impl Fn(&crate::UsageLimit) -> Option<T>,
) -> Option<T> {
    let mut smallest: Option<T> = None;
    for rule in &spec.governance_rules {
        if let Ok(crate::TypedRule::UsageLimit(usage)) = crate::parse_rule(rule) {
            if let Some(value) = field(&usage) {
                smallest = Some(match smallest {
                    Some(current) if current < value => current,
                    _ => value,
                });
            }
        }
    }
    smallest
}

/// Whether a Use process that started at `started` (action timestamp) and
/// completes at `completed` ran past `max_hours` (the inputs' shortest
/// `usage_limit.max_duration_hours`; `None`: no limit).
pub fn ran_overdue(started: Timestamp, completed: Timestamp, max_hours: Option<f64>) -> bool {
    match max_hours {
        None => false,
        Some(hours) => (completed.0.saturating_sub(started.0)) as f64 > hours * 3_600_000_000.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(n: u8) -> AgentPubKey {
        AgentPubKey::from_raw_36(vec![n; 36])
    }
    fn hash(n: u8) -> ActionHash {
        ActionHash::from_raw_36(vec![n; 36])
    }
    fn process(t: ProcessType) -> EconomicProcess {
        EconomicProcess {
            process_type: t,
            name: "move the drill".into(),
            description: None,
            required_role: t.required_role(),
            role_credential: Some(hash(9)),
            inputs: vec![RevisionHash(hash(1))],
            outputs: vec![],
            events: vec![],
            started_by: agent(1),
            started_at: Timestamp(1),
            completed_at: None,
            location: None,
            status: ProcessStatus::InProgress,
            overdue: false,
            follows: None,
            approvals: vec![],
            under_commitment: None,
        }
    }
    fn event(action: VfAction, input_of: Option<ActionHash>, output_of: Option<ActionHash>) -> EconomicEvent {
        EconomicEvent {
            action,
            provider: agent(1),
            receiver: agent(1),
            resource_inventoried_as: RevisionHash(hash(1)),
            resource_quantity: 0.0,
            unit: "unit".into(),
            to_location: None,
            state: None,
            stage: None,
            contained_in: None,
            event_time: Timestamp(1),
            note: None,
            receiver_credentials: vec![],
            input_of,
            output_of,
            process_approvals: vec![],
            receiver_reputation: vec![],
        }
    }

    #[test]
    fn status_moves_only_along_the_lifecycle() {
        use ProcessStatus::*;
        let p = process(ProcessType::Transport);
        for (from, to, ok) in [
            (Planned, InProgress, true),
            (InProgress, Suspended, true),
            (Suspended, InProgress, true),
            (InProgress, Failed, true),
            (Planned, Completed, false),
            (Completed, InProgress, false),
            (Cancelled, InProgress, false),
            (Suspended, Completed, false),
        ] {
            let previous = EconomicProcess { status: from, ..p.clone() };
            let next =
                EconomicProcess { status: to, completed_at: (to == Completed).then_some(Timestamp(2)), ..p.clone() };
            assert_eq!(check_process_update(&previous, &next, &agent(1)).is_ok(), ok, "{from:?} -> {to:?}");
        }
        let moved = EconomicProcess { status: Suspended, location: Some("elsewhere".into()), ..p.clone() };
        assert!(check_process_update(&p, &moved, &agent(1)).unwrap_err().contains("immutable"));
        assert_eq!(
            check_process_update(&p, &EconomicProcess { status: Suspended, ..p.clone() }, &agent(2)),
            Err("EconomicProcess can only be updated by its starter".into())
        );
    }

    #[test]
    fn the_type_fixes_the_role_and_the_events() {
        let mut p = process(ProcessType::Repair);
        p.required_role = None;
        assert_eq!(
            check_process_fields(&p),
            Err("EconomicProcess required_role must be Some(Repair) for a Repair process".into())
        );
        let t = process(ProcessType::Transport);
        let r = ResourceId(hash(1));
        let inputs = [r.clone()];
        assert_eq!(check_event_in_process(&event(VfAction::Pickup, Some(hash(5)), None), &t, &r, &inputs), Ok(()));
        assert_eq!(
            check_event_in_process(&event(VfAction::Modify, None, Some(hash(5))), &t, &r, &inputs),
            Err("EconomicEvent output_of of a Transport process must be a Dropoff event".into())
        );
        let mut dropoff = event(VfAction::Dropoff, None, Some(hash(5)));
        dropoff.state = Some("broken".into());
        assert_eq!(
            check_event_in_process(&dropoff, &t, &r, &inputs),
            Err("EconomicEvent output_of of a Transport process cannot change the resource's state".into())
        );
        assert_eq!(
            check_event_in_process(&event(VfAction::Pickup, Some(hash(5)), None), &t, &ResourceId(hash(7)), &inputs),
            Err("EconomicEvent input_of must act on one of the process's inputs".into())
        );
    }

    #[test]
    fn a_completion_cites_one_start_and_one_completion_event_per_input() {
        let id = hash(5);
        let r = ResourceId(hash(1));
        let inputs = [r.clone()];
        let mut p = process(ProcessType::Transport);
        p.status = ProcessStatus::Completed;
        p.outputs = vec![r.clone()];
        let pickup = event(VfAction::Pickup, Some(id.clone()), None);
        let dropoff = event(VfAction::Dropoff, None, Some(id.clone()));
        let (h1, h2) = (hash(11), hash(12));
        let both = [
            CitedProcessEvent { hash: &h1, event: &pickup, resource: &r },
            CitedProcessEvent { hash: &h2, event: &dropoff, resource: &r },
        ];
        assert_eq!(check_completion_events(&p, &id, &inputs, &both), Ok(()));
        assert_eq!(
            check_completion_events(&p, &id, &inputs, &both[..1]),
            Err("EconomicProcess events must cite one Dropoff completion (output_of) event per input of a Transport process".into())
        );
        let other = event(VfAction::Pickup, Some(hash(6)), None);
        let foreign = [CitedProcessEvent { hash: &h1, event: &other, resource: &r }];
        assert_eq!(
            check_completion_events(&p, &id, &inputs, &foreign),
            Err("EconomicProcess events must be events of this process (input_of or output_of)".into())
        );
        let mut use_process = process(ProcessType::Use);
        use_process.status = ProcessStatus::Completed;
        let used = event(VfAction::Use, Some(id.clone()), None);
        let one = [CitedProcessEvent { hash: &h1, event: &used, resource: &r }];
        assert_eq!(check_completion_events(&use_process, &id, &inputs, &one), Ok(()));
        use_process.outputs = vec![r.clone()];
        assert!(check_completion_events(&use_process, &id, &inputs, &one).unwrap_err().contains("outputs"));
    }

    #[test]
    fn a_resource_picked_up_in_a_process_waits_for_its_dropoff() {
        let p = hash(5);
        let pickup = event(VfAction::Pickup, Some(p.clone()), None);
        assert_eq!(check_pair_in_process(&event(VfAction::Dropoff, None, Some(p.clone())), Some(&pickup)), Ok(()));
        let mut short = event(VfAction::Dropoff, None, Some(p.clone()));
        short.resource_quantity = 0.5;
        assert_eq!(
            check_pair_in_process(&short, Some(&pickup)),
            Err(
                "EconomicEvent Dropoff must give back the quantity its Pickup took: resource_quantity 0.5 (expected 0)"
                    .into()
            )
        );
        assert_eq!(
            check_pair_in_process(&event(VfAction::TransferCustody, None, None), Some(&pickup)),
            Err("EconomicEvent TransferCustody cannot act on a resource held by a process: its Pickup awaits the Dropoff that completes that process (output_of)".into())
        );
        assert!(check_pair_in_process(&event(VfAction::Dropoff, None, Some(hash(6))), Some(&pickup)).is_err());
        assert_eq!(
            check_pair_in_process(&event(VfAction::Dropoff, None, None), Some(&event(VfAction::Pickup, None, None))),
            Ok(())
        );
        assert_eq!(
            check_pair_in_process(&event(VfAction::Modify, None, Some(p.clone())), Some(&event(VfAction::Accept, None, None))),
            Err("EconomicEvent Modify must complete the process its Accept started: output_of must be the pair's input_of".into())
        );
    }

    #[test]
    fn the_smallest_usage_limit_of_a_specification() {
        let spec = crate::ResourceSpecification {
            name: "drill".into(),
            description: String::new(),
            image_url: None,
            governance_rules: [r#"{"max_duration_hours":2}"#, r#"{"max_duration_hours":0.5,"max_concurrent_users":3}"#]
                .map(|d| crate::GovernanceRule {
                    rule_type: "usage_limit".into(),
                    rule_data: d.into(),
                    enforced_by: None,
                })
                .to_vec(),
            accountable_credential: None,
        };
        assert_eq!(smallest_usage_limit(&spec, |u| u.max_duration_hours), Some(0.5));
        assert_eq!(smallest_usage_limit(&spec, |u| u.max_concurrent_users), Some(3));
        assert_eq!(smallest_usage_limit(&spec, |u| u.max_quantity), None);
    }

    #[test]
    fn overdue_is_measured_between_action_timestamps() {
        assert!(!ran_overdue(Timestamp(0), Timestamp(3_600_000_000), Some(1.0)));
        assert!(ran_overdue(Timestamp(0), Timestamp(3_600_000_001), Some(1.0)));
        assert!(!ran_overdue(Timestamp(0), Timestamp(i64::MAX), None));
    }

    /// spec §4.3.14: an approval states its assessment and meets every
    /// minimum; a rejection may state any scores; no thresholds, no demand.
    #[test]
    fn approvals_meet_the_performance_thresholds() {
        let thresholds = PerformanceThresholds { minimum_quality: 0.8, minimum_timeliness: 0.5, ..Default::default() };
        assert!(thresholds.is_set());
        assert!(!PerformanceThresholds::default().is_set());
        let req = ProcessValidationRequirements {
            process_type: ProcessType::Repair,
            minimum_validators: 1,
            validator_role: None,
            performance_thresholds: Some(thresholds.clone()),
        };
        let scores =
            |quality: f64| PerformanceMetrics { quality_score: quality, ..PerformanceMetrics::for_validation() };
        assert_eq!(thresholds.unmet(&scores(0.5)), vec!["quality_score 0.5 < minimum_quality 0.8".to_string()]);
        assert!(thresholds.unmet(&scores(0.8)).is_empty());
        let check = |approved, m: Option<&PerformanceMetrics>| {
            check_verdict_performance(ProcessType::Repair, Some(&req), approved, m)
        };
        assert_eq!(check(true, Some(&scores(0.9))), Ok(()));
        assert_eq!(
            check(true, Some(&scores(0.5))),
            Err("ValidationReceipt cannot approve a Repair process below its performance_thresholds: quality_score 0.5 < minimum_quality 0.8 (record a rejection instead)".into())
        );
        assert_eq!(
            check(true, None),
            Err("ValidationReceipt performance is required to approve a Repair process: this network sets performance_thresholds for it (spec §4.3.14)".into())
        );
        assert_eq!(check(false, Some(&scores(0.5))), Ok(()));
        assert_eq!(check(false, None), Ok(()));
        assert_eq!(
            check(false, Some(&scores(1.5))),
            Err("ValidationReceipt performance: PerformanceMetrics quality_score must be between 0.0 and 1.0".into())
        );
        let plain = ProcessValidationRequirements { performance_thresholds: None, ..req.clone() };
        assert_eq!(check_verdict_performance(ProcessType::Repair, Some(&plain), true, None), Ok(()));
        assert_eq!(check_verdict_performance(ProcessType::Repair, None, true, None), Ok(()));
    }

    #[test]
    fn a_use_under_a_commitment_is_one_resource_and_records_no_start_event() {
        let cited = CommitmentCitation { commitment: hash(20), acceptance: hash(21) };
        let borrowed = EconomicProcess {
            under_commitment: Some(cited.clone()),
            role_credential: None,
            ..process(ProcessType::Use)
        };
        assert_eq!(check_process_start(&borrowed, &agent(1)), Ok(()));
        assert_eq!(borrowed.start_action(), None);
        assert_eq!(process(ProcessType::Use).start_action(), Some(VfAction::Use));
        let two = EconomicProcess { inputs: vec![RevisionHash(hash(1)), RevisionHash(hash(2))], ..borrowed.clone() };
        assert_eq!(
            check_process_start(&two, &agent(1)),
            Err("EconomicProcess under_commitment is for a process on exactly one resource, the committed one".into())
        );
        // A Transport serving a commitment still picks its resource up.
        let step = EconomicProcess { under_commitment: Some(cited), ..process(ProcessType::Transport) };
        assert_eq!(check_process_start(&step, &agent(1)), Ok(()));
        assert!(!step.is_borrowed_use());
        assert_eq!(step.start_action(), Some(VfAction::Pickup));
        // Completed with no event at all: what a Use of someone else's resource cites.
        let done = EconomicProcess { status: ProcessStatus::Completed, completed_at: Some(Timestamp(2)), ..borrowed };
        assert_eq!(check_completion_events(&done, &hash(30), &[ResourceId(hash(1))], &[]), Ok(()));
    }
}
