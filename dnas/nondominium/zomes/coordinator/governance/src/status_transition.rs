//! `evaluate_status_transition`: the operator's decision on the two status
//! changes that carry no event (spec §3: governance approves every state
//! transition) — `Validated` (REQ-GOV-02/06) and `EndOfLife` (REQ-GOV-12/13).
//! The resource zome writes the state it returns; integrity checks the same
//! rules from the receipts that state cites.
use hdk::prelude::*;
use nondominium_types::{
    seconds_until, Decommission, EconomicResource, EndOfLifeDeclaration, GovernanceTransitionResult, ResourceStatus,
    StatusTransitionRequest, ValidationState,
};
use revisions::{entry_of, get_local_first, original_of};

/// Decides `request`. Checks: the caller is the custodian; `resource` is the
/// latest revision at `resource_hash`; then, for `Validated`, that the
/// resource is pending and its scheme's approvals suffice; for `EndOfLife`,
/// that it is Validated, `declaration` is about it, its challenge period is
/// over, no challenge is open and enough validators confirmed. A refusal is
/// `success: false` with its reasons (e.g. "the resource is pending (0 of 1
/// approvals)", "the challenge period ends in 9 s", "challenged by 1 agent(s)
/// who have not confirmed it since", "1 of 2 confirmations"); an approval
/// returns `new_resource_state` (citing the approvals or the decommission).
/// Nothing is written.
#[hdk_extern]
pub fn evaluate_status_transition(
    request: revisions::Checked<StatusTransitionRequest>,
) -> ExternResult<GovernanceTransitionResult> {
    let request = request.read("evaluate_status_transition")?;
    let caller = agent_info()?.agent_initial_pubkey;
    let resource = &request.resource;
    let mut reasons = Vec::new();
    if resource.custodian != caller {
        reasons.push("only the custodian changes the status of a resource".to_string());
    }
    reasons.extend(crate::state_transition::revision_reason(&request.resource_hash, resource)?);
    let next = if reasons.is_empty() {
        match request.target_status {
            ResourceStatus::Validated => validated(&request, &mut reasons)?,
            ResourceStatus::EndOfLife => end_of_life(&request, &mut reasons)?,
            ResourceStatus::PendingValidation => {
                reasons.push("no resource returns to PendingValidation".into());
                None
            }
        }
    } else {
        None
    };
    Ok(GovernanceTransitionResult {
        success: next.is_some() && reasons.is_empty(),
        new_resource_state: next.filter(|_| reasons.is_empty()),
        economic_event: None,
        economic_event_hash: None,
        validation_receipts: vec![],
        rejection_reasons: (!reasons.is_empty()).then_some(reasons),
        next_steps: None,
    })
}

fn validated(request: &StatusTransitionRequest, reasons: &mut Vec<String>) -> ExternResult<Option<EconomicResource>> {
    if request.resource.status != ResourceStatus::PendingValidation {
        reasons.push("the resource is not pending validation".into());
        return Ok(None);
    }
    let validation = crate::resource_validation::check_validation_status(request.resource_hash.clone().into())?;
    if validation.status != ValidationState::Approved {
        let status = if validation.status == ValidationState::Rejected { "rejected" } else { "pending" };
        reasons.push(format!(
            "the resource is {status} ({} of {} approvals)",
            validation.approvals, validation.required_validators
        ));
        return Ok(None);
    }
    Ok(Some(EconomicResource {
        status: ResourceStatus::Validated,
        approvals: validation.approval_receipts,
        ..request.resource.clone()
    }))
}

fn end_of_life(request: &StatusTransitionRequest, reasons: &mut Vec<String>) -> ExternResult<Option<EconomicResource>> {
    if request.resource.status != ResourceStatus::Validated {
        reasons.push("only a Validated resource reaches its end of life".into());
        return Ok(None);
    }
    let Some(declaration_hash) = request.declaration.clone() else {
        reasons.push("no end of life was declared for this resource".into());
        return Ok(None);
    };
    let declared: Option<EndOfLifeDeclaration> = match get_local_first(&declaration_hash)? {
        Some(record) => entry_of(&record)?,
        None => None,
    };
    let Some(declared) = declared else {
        reasons.push("declaration must be an EndOfLifeDeclaration".into());
        return Ok(None);
    };
    if original_of(&declared.resource.0)? != original_of(&request.resource_hash)? {
        reasons.push("declaration must be about this resource".into());
        return Ok(None);
    }
    let tally = crate::end_of_life::get_end_of_life_tally(declaration_hash.clone().into())?;
    let now = sys_time()?;
    if now < tally.challenge_period_ends {
        reasons.push(format!("the challenge period ends in {} s", seconds_until(tally.challenge_period_ends, now)));
    } else if !tally.open_challenges.is_empty() {
        reasons.push(format!("challenged by {} agent(s) who have not confirmed it since", tally.open_challenges.len()));
    } else if (tally.confirmations.len() as u32) < tally.required_confirmations {
        reasons.push(format!("{} of {} confirmations", tally.confirmations.len(), tally.required_confirmations));
    }
    if !reasons.is_empty() {
        return Ok(None);
    }
    Ok(Some(EconomicResource {
        status: ResourceStatus::EndOfLife,
        decommission: Some(Decommission {
            declaration: declaration_hash,
            confirmations: tally.confirmations.iter().map(|r| r.action_address().clone()).collect(),
        }),
        ..request.resource.clone()
    }))
}
