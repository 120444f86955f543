//! The cross-zome interface of the governance operator (spec §3.2, §5).
use hdi::prelude::*;

use crate::economic_event::{EconomicEvent, VfAction};
use crate::economic_resource::EconomicResource;
use crate::governance_rules::ValidationState;

/// Additional context for a transition (spec §5.2).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq, Default)]
pub struct TransitionContext {
    /// The event's `to_location`, for the actions that set a location.
    pub target_location: Option<String>,
    /// The event's `resource_quantity`, in the resource's unit (positive
    /// amount; the action says whether it adds or removes). Defaults: the
    /// whole quantity for transfers, 0 for actions without a quantity effect;
    /// required for the actions that add or remove quantity.
    pub quantity_change: Option<f64>,
    /// The event's receiver (the new custodian of a custody transfer, the
    /// user of AccessForUse…); defaults to the requesting agent.
    pub target_custodian: Option<AgentPubKey>,
    /// Free-text notes; becomes the event's `note`.
    pub process_notes: Option<String>,
    /// The EconomicProcess (its first revision) the event is a step of, if
    /// any: the operator makes the event its `input_of` or `output_of` by the
    /// process type's start and completion actions, or refuses the action.
    pub process_context: Option<ActionHash>,
    /// The event's `state` (e.g. "pass", "fail"), for the actions that set it.
    #[serde(default)]
    pub state: Option<String>,
    /// The event's `stage`, for the actions that set it.
    #[serde(default)]
    pub stage: Option<String>,
    /// The event's `contained_in` (the container's first revision), for Combine.
    #[serde(default)]
    pub contained_in: Option<crate::ResourceId>,
    /// The event's `process_approvals`: for a process completion the
    /// network requires validators for, their approving receipts.
    #[serde(default)]
    pub process_approvals: Vec<ActionHash>,
}

/// What the resource zome asks the operator to decide (spec §5.1).
/// `resource_hash` is the revision the request starts from: the event cites it.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct GovernanceTransitionRequest {
    pub action: VfAction,
    pub resource: EconomicResource,
    pub resource_hash: ActionHash,
    pub requesting_agent: AgentPubKey,
    pub context: TransitionContext,
}

/// `ValidationReceipt` (spec §4.3.4): a validator's verdict on an item.
/// `validation_type` says what it attests ([`crate::ValidationType`]).
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct ValidationReceipt {
    pub validator: AgentPubKey,
    pub validated_item: ActionHash,
    pub validation_type: crate::ValidationType,
    pub approved: bool,
    pub notes: Option<String>,
    /// For `resource_approval`: the validator's credential the scheme
    /// requires (their Accountable role, or the scheme's `validator_role`);
    /// `None` for a progenitor, a simple-majority validator, or other types.
    #[serde(default)]
    pub validator_credential: Option<ActionHash>,
    /// For `process_validation`: the validator's assessment of the work
    /// (spec §4.3.14), required of an approval where the network sets
    /// `performance_thresholds` for the process type; `None` otherwise and
    /// for other types.
    #[serde(default)]
    pub performance: Option<crate::PerformanceMetrics>,
}

/// Input of `create_validation_receipt` (governance; spec §6.3): the caller
/// is the validator of `validated_item`, and `validation_type` says what the
/// receipt attests. The person zome sends it when it records a role grant;
/// the client sends the same shape.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateValidationReceiptInput {
    pub validated_item: ActionHash,
    pub validation_type: crate::ValidationType,
    pub approved: bool,
    pub notes: Option<String>,
}

/// The operator's decision (spec §5.3). On success the event is already
/// recorded at `economic_event_hash`, and `new_resource_state` is exactly the
/// revision the resource zome must write next.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct GovernanceTransitionResult {
    pub success: bool,
    pub new_resource_state: Option<EconomicResource>,
    pub economic_event: Option<EconomicEvent>,
    pub economic_event_hash: Option<ActionHash>,
    pub validation_receipts: Vec<ValidationReceipt>,
    pub rejection_reasons: Option<Vec<String>>,
    pub next_steps: Option<Vec<String>>,
}

/// `ResourceValidation` (spec §4.3.5), computed: `validation_scheme` reads
/// "2-of-3" or "simple_majority"; `required_validators` approvals are needed;
/// `current_validators` have answered.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct ResourceValidation {
    pub resource: ActionHash,
    pub validation_scheme: String,
    pub required_validators: u32,
    pub current_validators: u32,
    pub approvals: u32,
    pub rejections: u32,
    pub status: ValidationState,
    /// The approving `resource_approval` receipts, one per validator: what the
    /// custodian's validation flip cites (`confirm_resource_validation`).
    pub approval_receipts: Vec<ActionHash>,
}

/// Input of the resource zome's `record_event` (spec §3, §4.3.1): any
/// revision of the resource, the ValueFlows action, and what the action
/// needs. `receiver` defaults to the caller; `resource_quantity` (in the
/// resource's unit) defaults to the quantity the action moves — the whole
/// on-hand (or, for rights, accounting) quantity for transfers — and 0 for
/// actions without a quantity effect; it is required for actions that add or
/// remove quantity. Shared by the resource zome and the governance zome
/// (claims and `log_initial_transfer` call it).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct RecordEventInput {
    pub resource_hash: ActionHash,
    pub action: VfAction,
    #[serde(default)]
    pub receiver: Option<AgentPubKey>,
    #[serde(default)]
    pub resource_quantity: Option<f64>,
    #[serde(default)]
    pub to_location: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub contained_in: Option<crate::ResourceId>,
    #[serde(default)]
    pub note: Option<String>,
    /// The EconomicProcess (its first revision) this event is a step of: its
    /// start action becomes the event's `input_of`, its completion action
    /// `output_of` (REQ-PROC-06). Processes record their own steps
    /// (`initiate_economic_process`, `complete_economic_process`).
    #[serde(default)]
    pub process: Option<ActionHash>,
    /// For a process completion the network requires validators for: their
    /// approving `process_validation` receipts (`complete_economic_process`
    /// passes them).
    #[serde(default)]
    pub process_approvals: Vec<ActionHash>,
}

impl RecordEventInput {
    /// `action` on the resource at `resource_hash` for `receiver` (`None`:
    /// the caller), with every other field at its default (no quantity,
    /// place, state, stage, container, note, process or approvals); callers
    /// set the fields they need with struct update syntax.
    pub fn new(resource_hash: ActionHash, action: VfAction, receiver: Option<AgentPubKey>) -> Self {
        RecordEventInput {
            resource_hash,
            action,
            receiver,
            resource_quantity: None,
            to_location: None,
            state: None,
            stage: None,
            contained_in: None,
            note: None,
            process: None,
            process_approvals: vec![],
        }
    }
}

/// What `record_event` did: the EconomicEvent the operator recorded, its
/// hash, and the resource revision that cites it — or, when `applied` is
/// false (a `TransferAllRights` by a rights holder who is not the custodian),
/// the current revision, which the custodian supersedes with one citing the
/// event (`apply_rights_transfers`).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct RecordedEvent {
    pub event_hash: ActionHash,
    pub event: EconomicEvent,
    pub revision: Record,
    #[serde(default = "applied_by_default")]
    pub applied: bool,
}

fn applied_by_default() -> bool {
    true
}

/// What the resource zome asks the operator when a resource's status changes
/// without an event (spec §3: governance approves every state transition):
/// `Validated` once its approvals suffice (REQ-GOV-02), `EndOfLife` once a
/// declaration's challenge period is over with enough confirmations
/// (REQ-GOV-12/13, `declaration` required). `resource_hash` is the latest
/// revision and `resource` its content.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct StatusTransitionRequest {
    pub resource_hash: ActionHash,
    pub resource: EconomicResource,
    pub target_status: crate::ResourceStatus,
    pub declaration: Option<ActionHash>,
}

/// Where the answers to an end-of-life declaration stand (times in
/// microseconds since the epoch): confirmations and challenges as receipt
/// records; `open_challenges` are challengers who have not confirmed since.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EndOfLifeTally {
    pub challenge_period_ends: Timestamp,
    pub required_confirmations: u32,
    pub confirmations: Vec<Record>,
    pub challenges: Vec<Record>,
    pub open_challenges: Vec<AgentPubKey>,
}

/// Where the validation of a process completion stands (spec §4.3.13, §6.3;
/// REQ-GOV-07): `required` approving validators (0: the network requires
/// none for the type), of `validator_role` (`None`: any Accountable Agent);
/// the `process_validation` receipts so far, approving and not (a rejection's
/// reasons are its notes and, under `performance_thresholds`, its scores
/// below them); the minimums an approval must meet (spec §4.3.14; `None`:
/// none).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ProcessValidationStatus {
    pub required: u32,
    pub validator_role: Option<crate::RoleName>,
    pub approvals: Vec<Record>,
    pub rejections: Vec<Record>,
    pub performance_thresholds: Option<crate::PerformanceThresholds>,
}

/// Input of `validate_process_completion`: any revision of the process, the
/// verdict and why, and the validator's assessment of the work (spec
/// §4.3.14: required to approve where the network sets
/// `performance_thresholds` for the type; scores 0.0-1.0).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ValidateProcessInput {
    pub process_hash: ActionHash,
    pub approved: bool,
    pub notes: Option<String>,
    #[serde(default)]
    pub performance: Option<crate::PerformanceMetrics>,
}
