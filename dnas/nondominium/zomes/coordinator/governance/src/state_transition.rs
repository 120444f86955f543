//! `evaluate_state_transition`: the governance operator (spec §3, §5).
use governance_integrity::EntryTypes;
use hdk::prelude::*;
use nondominium_types::{
    apply_event, check_event_against_resource, check_event_fields, EconomicEvent, EconomicResource,
    GovernanceTransitionRequest, GovernanceTransitionResult, ResourceStatus, VfAction, NOT_VALIDATED,
};
use revisions::{guest_error, is_latest};

/// Decides `request` and, when it is approved, records the EconomicEvent.
///
/// Checks, in order: the requesting agent is the caller; `resource` is exactly
/// the revision at `resource_hash` and that revision is the latest; the
/// resource is Validated (REQ-GOV-02); the action's own rules (TransferCustody: `context.target_custodian` is given,
/// the requester is the custodian, the target is someone else); the rules of
/// the resource's specification (`rules::evaluate_rules`, REQ-GOV-09); then
/// the same event rules integrity applies. A refusal is `success: false` with every
/// reason in `rejection_reasons` and nothing written. An approval returns the
/// event, its hash, and `new_resource_state` = the previous state plus the
/// event's effects, which the caller must write as the next revision.
/// Errors only when the DHT cannot be read or the write fails.
#[hdk_extern]
pub fn evaluate_state_transition(request: GovernanceTransitionRequest) -> ExternResult<GovernanceTransitionResult> {
    let caller = agent_info()?.agent_initial_pubkey;
    let mut reasons: Vec<String> = Vec::new();
    if request.requesting_agent != caller {
        reasons.push("requesting_agent must be the calling agent".into());
    }
    match get(request.resource_hash.clone(), GetOptions::network())? {
        None => reasons.push("resource_hash does not resolve to a resource revision".into()),
        Some(record) => {
            let stored: Option<EconomicResource> = record.entry().to_app_option().map_err(|e| guest_error(e.to_string()))?;
            if stored.as_ref() != Some(&request.resource) {
                reasons.push("resource must be exactly the revision at resource_hash".into());
            } else if !is_latest(&request.resource_hash)? {
                reasons.push("resource_hash is not the latest revision of the resource".into());
            }
        }
    }
    if request.resource.status != ResourceStatus::Validated {
        reasons.push(NOT_VALIDATED.into());
    }
    let receiver = match request.action {
        VfAction::TransferCustody => {
            if request.requesting_agent != request.resource.custodian {
                reasons.push("TransferCustody requesting_agent must be the custodian of the resource".into());
            }
            match &request.context.target_custodian {
                None => {
                    reasons.push("TransferCustody needs context.target_custodian".into());
                    None
                }
                Some(target) if target == &request.resource.custodian => {
                    reasons.push("TransferCustody context.target_custodian must differ from the current custodian".into());
                    None
                }
                Some(target) => Some(target.clone()),
            }
        }
        other => {
            reasons.push(format!("EconomicEvent action {other:?} is not supported yet"));
            None
        }
    };
    let refuse = |reasons: Vec<String>| GovernanceTransitionResult {
        success: false,
        new_resource_state: None,
        economic_event: None,
        economic_event_hash: None,
        validation_receipts: vec![],
        rejection_reasons: Some(reasons),
        next_steps: None,
    };
    let mut receiver_credentials = Vec::new();
    if let Some(receiver) = &receiver {
        let outcome = crate::rules::evaluate_rules(request.action, &request.resource, receiver)?;
        reasons.extend(outcome.reasons);
        receiver_credentials = outcome.credentials;
    }
    let Some(receiver) = receiver.filter(|_| reasons.is_empty()) else {
        return Ok(refuse(reasons));
    };
    let event = EconomicEvent {
        action: request.action,
        provider: caller,
        receiver,
        resource_inventoried_as: request.resource_hash.clone(),
        resource_quantity: request.resource.quantity,
        event_time: sys_time()?,
        note: request.context.process_notes.clone(),
        receiver_credentials,
    };
    if let Err(e) = check_event_fields(&event).and_then(|_| check_event_against_resource(&event, &request.resource)) {
        return Ok(refuse(vec![e]));
    }
    let event_hash = create_entry(&EntryTypes::EconomicEvent(event.clone()))?;
    let new_state = apply_event(&request.resource, &event, &event_hash).map_err(guest_error)?;
    Ok(GovernanceTransitionResult {
        success: true,
        new_resource_state: Some(new_state),
        economic_event: Some(event),
        economic_event_hash: Some(event_hash),
        validation_receipts: vec![],
        rejection_reasons: None,
        next_steps: Some(vec!["write new_resource_state as the next revision of resource_hash".into()]),
    })
}
