//! `evaluate_state_transition`: the governance operator (spec §3, §5). The
//! only code that decides and composes EconomicEvents. `record_event` in the
//! resource zome asks for the decision alone (`decide_state_transition`) and
//! writes the event and the revision in its own call: an entry written inside
//! a cross-zome call is validated twice by its author (Holochain 0.6 validates
//! the call's writes at the end of every zome call, nested ones included).
use governance_integrity::EntryTypes;
use hdk::prelude::*;
use nondominium_types::{
    apply_event, check_event_against_resource, check_event_fields, check_event_in_process, check_pair_in_process,
    check_pairing, check_receiver, check_transfer_location, check_usage_limits, effects_of, event_unit,
    implied_quantity, EconomicEvent, EconomicProcess, EconomicResource, GovernanceTransitionRequest,
    GovernanceTransitionResult, ReceiverOf, RecordedBy, ResourceId, ResourceStatus, RevisionHash, VfAction,
    END_OF_LIFE, NOT_VALIDATED,
};
use revisions::{decode_entry, entry_of, guest_error, is_latest, original_of};

/// Decides `request` and, when it is approved, records the EconomicEvent.
///
/// Checks, in order: the requesting agent is the caller; `resource` is exactly
/// the revision at `resource_hash` and that revision is the latest; the
/// resource is Validated (REQ-GOV-02); the event quantity is known; the rules
/// of the resource's specification (`rules::evaluate_rules` for the receiver,
/// `usage_limit` for the quantity; REQ-GOV-09); VF `pairsWith` (a `Modify`
/// follows an `Accept`, a `Dropoff` a `Pickup`); then the action's row of
/// the ValueFlows table (`apply_event`: who may record it — rights by their
/// holder, custody by the custodian —, quantities, unit, only the action's
/// effects). A refusal is `success: false` with every reason in
/// `rejection_reasons` and nothing written. An approval returns the event,
/// its hash, and `new_resource_state` = the previous state plus the event's
/// effects, which the caller must write as the next revision.
/// Errors only when the DHT cannot be read or the write fails.
#[hdk_extern]
pub fn evaluate_state_transition(
    request: revisions::Checked<GovernanceTransitionRequest>,
) -> ExternResult<GovernanceTransitionResult> {
    let request = request.read("evaluate_state_transition")?;
    let decision = decide(&request)?;
    let Some(event) = decision.economic_event.clone().filter(|_| decision.success) else {
        return Ok(decision);
    };
    let event_hash = create_entry(&EntryTypes::EconomicEvent(event.clone()))?;
    let new_state = apply_event(&request.resource, &event, &event_hash).map_err(guest_error)?;
    Ok(GovernanceTransitionResult {
        new_resource_state: Some(new_state),
        economic_event_hash: Some(event_hash),
        next_steps: Some(vec!["write new_resource_state as the next revision of resource_hash".into()]),
        ..decision
    })
}

/// The decision of [`evaluate_state_transition`], nothing written: for the
/// resource zome's `record_event` (cross-zome only, like
/// `evaluate_status_transition`). An approval carries the EconomicEvent to
/// record (`economic_event`; `economic_event_hash` and `new_resource_state`
/// are `None`): the caller writes it, applies it to the revision at
/// `resource_hash` (`nondominium_types::apply_event`) and writes the result
/// as the next revision, in the same call. Integrity judges both records
/// whoever writes them. Errors only when the DHT cannot be read.
#[hdk_extern]
pub fn decide_state_transition(
    request: revisions::Checked<GovernanceTransitionRequest>,
) -> ExternResult<GovernanceTransitionResult> {
    decide(&request.read("decide_state_transition")?)
}

/// The checks of [`evaluate_state_transition`], in its order; an approval
/// carries the event to record and no hash.
fn decide(request: &GovernanceTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    let caller = agent_info()?.agent_initial_pubkey;
    let action = request.action;
    let resource = &request.resource;
    let mut reasons: Vec<String> = Vec::new();
    if request.requesting_agent != caller {
        reasons.push("requesting_agent must be the calling agent".into());
    }
    reasons.extend(revision_reason(&request.resource_hash, resource)?);
    match resource.status {
        ResourceStatus::Validated => {}
        ResourceStatus::PendingValidation => reasons.push(NOT_VALIDATED.into()),
        ResourceStatus::EndOfLife => reasons.push(END_OF_LIFE.into()),
    }
    let rules = effects_of(action).nondominium;
    let (provider_field, who) = match rules.recorded_by {
        RecordedBy::RightsHolder => (&resource.primary_accountable, "primary accountable"),
        RecordedBy::Custodian => (&resource.custodian, "custodian"),
    };
    if &request.requesting_agent != provider_field {
        reasons.push(format!("{action:?} requesting_agent must be the {who} of the resource"));
    }
    let receiver = request.context.target_custodian.clone().unwrap_or(caller.clone());
    if rules.receiver == ReceiverOf::Another && request.context.target_custodian.is_none() {
        reasons.push(format!("{action:?} needs context.target_custodian"));
    } else if let Err(e) = check_receiver(action, &caller, &receiver) {
        reasons.push(e);
    }
    let quantity = request.context.quantity_change.or(implied_quantity(action, resource));
    if quantity.is_none() {
        reasons.push(format!("{action:?} needs context.quantity_change (the quantity it adds or removes)"));
    }
    let mut receiver_credentials = Vec::new();
    let mut receiver_reputation = Vec::new();
    let refuse = |reasons: Vec<String>| GovernanceTransitionResult {
        success: false,
        new_resource_state: None,
        economic_event: None,
        economic_event_hash: None,
        validation_receipts: vec![],
        rejection_reasons: Some(reasons),
        next_steps: None,
    };
    if reasons.is_empty() {
        match crate::rules::specification_at(&resource.conforms_to)? {
            None => reasons.push("the resource's ResourceSpecification cannot be found".into()),
            Some(spec) => {
                let outcome = crate::rules::evaluate_rules(action, &spec, &caller, &receiver)?;
                reasons.extend(outcome.reasons);
                receiver_credentials = outcome.credentials;
                receiver_reputation = outcome.reputation;
                if let Err(e) = check_usage_limits(&spec, action, quantity.unwrap_or(0.0)) {
                    reasons.push(e);
                }
                if let Err(e) = check_transfer_location(
                    &spec,
                    action,
                    resource.current_location.as_deref(),
                    request.context.target_location.as_deref(),
                ) {
                    reasons.push(e);
                }
            }
        }
    }
    if reasons.is_empty() {
        if let Err(e) = check_pairing(action, last_action(resource)?) {
            reasons.push(e);
        }
    }
    let (input_of, output_of) = match &request.context.process_context {
        None => (None, None),
        Some(id) => match process_side(id, action, &request.resource_hash, &caller)? {
            Ok(side) => side,
            Err(e) => {
                reasons.push(e);
                (None, None)
            }
        },
    };
    let (Some(quantity), true) = (quantity, reasons.is_empty()) else {
        return Ok(refuse(reasons));
    };
    let event = EconomicEvent {
        action,
        provider: caller,
        receiver,
        resource_inventoried_as: RevisionHash(request.resource_hash.clone()),
        resource_quantity: quantity,
        unit: event_unit(action, resource),
        to_location: request.context.target_location.clone(),
        state: request.context.state.clone(),
        stage: request.context.stage.clone(),
        contained_in: request.context.contained_in.clone(),
        event_time: sys_time()?,
        note: request.context.process_notes.clone(),
        receiver_credentials,
        input_of,
        output_of,
        process_approvals: request.context.process_approvals.clone(),
        receiver_reputation,
    };
    // The same rules integrity applies, for a friendly refusal before writing.
    let last = last_event(resource)?;
    if let Err(e) = check_event_fields(&event)
        .and_then(|_| check_event_against_resource(&event, resource))
        .and_then(|_| check_pair_in_process(&event, last.as_ref()))
    {
        return Ok(refuse(vec![e]));
    }
    Ok(GovernanceTransitionResult {
        success: true,
        new_resource_state: None,
        economic_event: Some(event),
        economic_event_hash: None,
        validation_receipts: vec![],
        rejection_reasons: None,
        next_steps: Some(vec![
            "write economic_event, then its effects (apply_event) as the next revision of resource_hash".into(),
        ]),
    })
}

/// The action of the event that produced `resource` (its `last_event`), for
/// VF `pairsWith`; `None` when it cites none or the event cannot be read.
fn last_action(resource: &EconomicResource) -> ExternResult<Option<VfAction>> {
    Ok(last_event(resource)?.map(|e| e.action))
}

/// The event that produced `resource` (its `last_event`); `None` when it
/// cites none or the event cannot be read.
fn last_event(resource: &EconomicResource) -> ExternResult<Option<EconomicEvent>> {
    let Some(hash) = &resource.last_event else { return Ok(None) };
    let Some(record) = revisions::get_record(hash.clone(), GetOptions::network())? else { return Ok(None) };
    Ok(decode_entry::<EconomicEvent>(&record, "an EconomicEvent").ok())
}

/// An event's `(input_of, output_of)`.
type ProcessSides = (Option<ActionHash>, Option<ActionHash>);

/// Where an event of `action` on the revision `resource_hash` stands in the
/// process `id` (`context.process_context`): `(Some(id), None)` for the
/// type's start action (VF `inputOf`), `(None, Some(id))` for its completion
/// action (`outputOf`). Inner `Err` is a refusal reason: the process cannot
/// be read, the action is not a step of its type, or the rules of
/// `check_event_in_process` (starter, inputs, state) refuse it.
fn process_side(
    id: &ActionHash,
    action: VfAction,
    resource_hash: &ActionHash,
    caller: &AgentPubKey,
) -> ExternResult<Result<ProcessSides, String>> {
    let Some(record) = revisions::get_record(id.clone(), GetOptions::network())? else {
        return Ok(Err("context.process_context does not resolve to an EconomicProcess".into()));
    };
    let Ok(process) = decode_entry::<EconomicProcess>(&record, "an EconomicProcess") else {
        return Ok(Err("context.process_context must reference an EconomicProcess".into()));
    };
    let side = if process.process_type.start_action() == Some(action) {
        (Some(id.clone()), None)
    } else if process.process_type.completion_action() == Some(action) {
        (None, Some(id.clone()))
    } else {
        return Ok(Err(format!("{action:?} is not a step of a {:?} process", process.process_type)));
    };
    let mut inputs = Vec::new();
    for input in &process.inputs {
        inputs.extend(original_of(&input.0)?.map(ResourceId));
    }
    let resource = ResourceId(original_of(resource_hash)?.ok_or(guest_error("resource_hash has no first revision"))?);
    let probe = EconomicEvent {
        action,
        provider: caller.clone(),
        receiver: caller.clone(),
        resource_inventoried_as: RevisionHash(resource_hash.clone()),
        resource_quantity: 0.0,
        unit: String::new(),
        to_location: None,
        state: None,
        stage: None,
        contained_in: None,
        event_time: Timestamp(0),
        note: None,
        receiver_credentials: vec![],
        input_of: side.0.clone(),
        output_of: side.1.clone(),
        process_approvals: vec![],
        receiver_reputation: vec![],
    };
    Ok(check_event_in_process(&probe, &process, &resource, &inputs).map(|_| side))
}

/// Why `resource` may not be the current state at `resource_hash`: the hash
/// resolves to nothing, holds another content, or has been superseded;
/// `None` when it is exactly the latest revision. Shared by the event and
/// status operators.
pub(crate) fn revision_reason(resource_hash: &ActionHash, resource: &EconomicResource) -> ExternResult<Option<String>> {
    let Some(record) = revisions::get_record(resource_hash.clone(), GetOptions::network())? else {
        return Ok(Some("resource_hash does not resolve to a resource revision".into()));
    };
    let stored: Option<EconomicResource> = entry_of(&record)?;
    Ok(if stored.as_ref() != Some(resource) {
        Some("resource must be exactly the revision at resource_hash".into())
    } else if !is_latest(resource_hash)? {
        Some("resource_hash is not the latest revision of the resource".into())
    } else {
        None
    })
}
