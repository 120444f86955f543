//! Rules of `EconomicResource` revisions (spec §4.2.3, §3, §7) and of the
//! links that index them. The struct itself lives in `nondominium_types`
//! because the governance zome validates events against it.
use hdi::prelude::*;
use nondominium_types::{
    specification_of,invalid, cited};

use nondominium_types::{
    apply_event, check_resource_fields, typed_record, validation_scheme_of, validation_state, verdict, EconomicEvent,
    EconomicResource, ResourceStatus, ValidationReceipt, ValidationState, ECONOMIC_EVENT_ENTRY_INDEX,
    ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY, VALIDATION_RECEIPT_ENTRY_INDEX,
};

/// Create (the first revision): field rules; the author is the custodian and
/// the primary accountable agent; it is contained in nothing; no
/// event is cited yet; it starts `PendingValidation` with no approvals
/// (REQ-GOV-02); `conforms_to` is a valid ResourceSpecification.
pub fn validate_create_economic_resource(
    action: &Create,
    resource: &EconomicResource,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_resource_fields(resource) {
        invalid!("{e}");
    }
    if resource.custodian != action.author {
        invalid!("EconomicResource custodian must be the author when created");
    }
    if resource.primary_accountable != action.author {
        invalid!("EconomicResource primary_accountable must be the author when created");
    }
    if resource.contained_in.is_some() {
        invalid!("EconomicResource contained_in must be empty when created");
    }
    if resource.last_event.is_some() {
        invalid!("EconomicResource last_event must be empty when created");
    }
    if resource.status != ResourceStatus::PendingValidation || !resource.approvals.is_empty() || resource.decommission.is_some() {
        invalid!("EconomicResource status must be PendingValidation with no approvals when created");
    }
    cited!(specification_of(&resource));
    Ok(ValidateCallbackResult::Valid)
}

/// Update (a new revision of `previous_hash`, spec §3 governance-as-operator):
/// - the previous revision is an EconomicResource, and the author is its custodian;
/// - the update cites, in `last_event`, a valid EconomicEvent recorded by the
///   same author that starts from exactly `previous_hash`;
/// - the new revision equals the previous one plus that event's effects
///   (`nondominium_types::apply_event`, the ValueFlows table), so e.g.
///   custody moves only to the receiver of a TransferCustody whose provider
///   was the previous custodian, and quantities change only as the action says;
/// - the custodian has not already updated `previous_hash` earlier on their
///   chain (no revision is superseded twice: no double transfer).
pub fn validate_update_economic_resource(
    action: &Update,
    resource: &EconomicResource,
    previous_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_resource_fields(resource) {
        invalid!("{e}");
    }
    let (_, previous) = cited!(typed_record::<EconomicResource>(
        previous_hash,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EconomicResource update",
        "an EconomicResource",
    ));
    if action.author != previous.custodian {
        invalid!("EconomicResource can only be updated by its custodian");
    }
    if custodian_already_updated(action, previous_hash)? {
        invalid!("EconomicResource revision was already superseded by its custodian");
    }
    match (previous.status, resource.status) {
        (ResourceStatus::EndOfLife, _) => invalid!("EconomicResource has reached its end of life: it accepts no update"),
        (ResourceStatus::PendingValidation, _) => return validate_validation_flip(resource, &previous, previous_hash),
        (ResourceStatus::Validated, ResourceStatus::EndOfLife) => {
            return crate::end_of_life::validate_end_of_life_flip(action, resource, &previous, previous_hash)
        }
        (ResourceStatus::Validated, _) => {}
    }
    let Some(event_hash) = resource.last_event.clone() else {
        invalid!("EconomicResource update must cite the EconomicEvent that justifies it in last_event");
    };
    if previous.last_event.as_ref() == Some(&event_hash) {
        invalid!("EconomicResource update must cite a new EconomicEvent in last_event");
    }
    let (event_record, event) = cited!(typed_record::<EconomicEvent>(
        &event_hash,
        GOVERNANCE_INTEGRITY,
        ECONOMIC_EVENT_ENTRY_INDEX,
        "EconomicResource last_event",
        "an EconomicEvent",
    ));
    if event_record.action().author() != &action.author {
        invalid!("EconomicResource last_event must be recorded by the updating custodian");
    }
    if &event.resource_inventoried_as != previous_hash {
        invalid!("EconomicResource last_event must start from the revision being updated");
    }
    let expected = match apply_event(&previous, &event, &event_hash) {
        Ok(expected) => expected,
        Err(e) => invalid!("{e}"),
    };
    if resource != &expected {
        invalid!("EconomicResource update must equal the previous revision plus the effects of last_event");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// The validation flip (REQ-GOV-02/06, spec §7): the one update a pending
/// resource accepts. It changes only `status` (to `Validated`) and
/// `approvals`, and `approvals` cites distinct, valid, approving
/// `resource_approval` ValidationReceipts about this resource (its first
/// revision, which a pending resource's previous revision always is, since a
/// pending resource accepts no event), by distinct validators, at least as
/// many as its specification's scheme requires. Each receipt's own
/// validation already checked that its validator is one the scheme admits.
fn validate_validation_flip(
    resource: &EconomicResource,
    previous: &EconomicResource,
    previous_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    if resource.status != ResourceStatus::Validated {
        invalid!("EconomicResource update of a pending resource must set status to Validated (a pending resource accepts no event)");
    }
    let unchanged = EconomicResource {
        status: ResourceStatus::Validated,
        approvals: resource.approvals.clone(),
        ..previous.clone()
    };
    if resource != &unchanged {
        invalid!("EconomicResource validation flip may change only status and approvals");
    }
    let mut validators: Vec<AgentPubKey> = Vec::new();
    for hash in &resource.approvals {
        let (record, receipt) = cited!(typed_record::<ValidationReceipt>(
            hash,
            GOVERNANCE_INTEGRITY,
            VALIDATION_RECEIPT_ENTRY_INDEX,
            "EconomicResource approvals",
            "a ValidationReceipt",
        ));
        if receipt.validation_type != "resource_approval" || &receipt.validated_item != previous_hash || !receipt.approved {
            invalid!("EconomicResource approvals must be approving resource_approval receipts about this resource");
        }
        if validators.contains(record.action().author()) {
            invalid!("EconomicResource approvals must come from distinct validators");
        }
        validators.push(record.action().author().clone());
    }
    let (_, spec) = cited!(specification_of(&previous));
    let scheme = validation_scheme_of(&spec);
    let (state, required) = validation_state(&scheme, validators.len() as u32, 0);
    Ok(verdict(state == ValidationState::Approved, || {
        format!("EconomicResource approvals must cite at least {required} distinct approvals under the specification's validation scheme")
    }))
}

/// The history rule alone (for the RegisterAgentActivity op, which carries no
/// entry): the author has not already superseded `previous_hash`.
pub fn validate_economic_resource_history(action: &Update, previous_hash: &ActionHash) -> ExternResult<ValidateCallbackResult> {
    Ok(verdict(!custodian_already_updated(action, previous_hash)?, || {
        "EconomicResource revision was already superseded by its custodian".into()
    }))
}

/// Whether the author's chain before `action` holds an update of `previous_hash`
/// (enforcement source 3: the author's own immutable history).
fn custodian_already_updated(action: &Update, previous_hash: &ActionHash) -> ExternResult<bool> {
    let history = must_get_agent_activity(action.author.clone(), ChainFilter::new(action.prev_action.clone()))?;
    Ok(history.iter().any(|activity| match &activity.action.hashed.content {
        Action::Update(earlier) => &earlier.original_action_address == previous_hash,
        _ => false,
    }))
}

/// `SpecificationToResources` link: from a ResourceSpecification to the first
/// revision of a resource that conforms to it, created by that resource's author.
pub fn validate_create_link_specification_to_resources(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(spec_hash), Some(resource_hash)) = (base.clone().into_action_hash(), target.clone().into_action_hash())
    else {
        invalid!("SpecificationToResources link base and target must be action hashes");
    };
    let (record, resource) = cited!(typed_record::<EconomicResource>(
        &resource_hash,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "SpecificationToResources link target",
        "an EconomicResource",
    ));
    if !matches!(record.action(), Action::Create(_)) {
        invalid!("SpecificationToResources link target must be the first revision of the resource");
    }
    if resource.conforms_to != spec_hash {
        invalid!("SpecificationToResources link base must be the specification the resource conforms to");
    }
    Ok(verdict(record.action().author() == &action.author, || {
        "SpecificationToResources link must be created by the resource's author".into()
    }))
}

/// `CustodianToResources` link: from an agent key to a resource revision that
/// names that agent custodian, created by that revision's author (who is the
/// custodian who made it, or the creator).
pub fn validate_create_link_custodian_to_resources(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(agent), Some(revision_hash)) = (base.clone().into_agent_pub_key(), target.clone().into_action_hash())
    else {
        invalid!("CustodianToResources link base must be an agent key and target an action hash");
    };
    let (record, resource) = cited!(typed_record::<EconomicResource>(
        &revision_hash,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "CustodianToResources link target",
        "an EconomicResource",
    ));
    if resource.custodian != agent {
        invalid!("CustodianToResources link base must be the custodian named by the target revision");
    }
    Ok(verdict(record.action().author() == &action.author, || {
        "CustodianToResources link must be created by the author of the target revision".into()
    }))
}

/// Deleting a `CustodianToResources` link: by the agent who created it, or by
/// the custodian at its base (who hands the resource on and tidies their index).
pub fn validate_delete_link_custodian_to_resources(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    let base_agent = original.base_address.clone().into_agent_pub_key();
    Ok(verdict(action.author == original.author || base_agent.as_ref() == Some(&action.author), || {
        "CustodianToResources link can only be deleted by its author or by the custodian it starts from".into()
    }))
}
