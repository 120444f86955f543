//! Rules of `EconomicEvent` (spec §4.3.1). The struct lives in
//! `nondominium_types` because the resource zome validates revisions against it.
use hdi::prelude::*;
use nondominium_types::{
    specification_of,invalid, cited};

use nondominium_types::{
    check_event_against_resource, check_event_fields, check_receiver_credentials, check_usage_limits, first_revision,
    is_progenitor, typed_record, EconomicEvent, EconomicResource, Role,
    VfAction, ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, PERSON_INTEGRITY,
    RESOURCE_INTEGRITY, ROLE_ENTRY_INDEX,
};

/// Create: field rules; the author is the provider (no one records an event
/// that gives away what another holds); `resource_inventoried_as` is a valid
/// EconomicResource revision and the event fits it under its action's row of
/// the ValueFlows table (`check_event_against_resource`: the revision is
/// Validated — REQ-GOV-02 —, the provider holds it, quantities suffice, only
/// the action's effects are set); `contained_in`, when given, is an
/// EconomicResource; the rules of the resource's specification that bind one
/// event hold (REQ-GOV-09: the receiver's cited credentials meet
/// `transfer_conditions`/`access_requirement`, the quantity meets
/// `usage_limit`); and an `InitialTransfer` meets its own rules
/// ([`validate_initial_transfer`]).
pub fn validate_create_economic_event(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_event_fields(event) {
        invalid!("{e}");
    }
    if event.provider != action.author {
        invalid!("EconomicEvent provider must be the author");
    }
    let (_, resource) = cited!(typed_record::<EconomicResource>(
        &event.resource_inventoried_as,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EconomicEvent resource_inventoried_as",
        "an EconomicResource",
    ));
    if let Err(e) = check_event_against_resource(event, &resource) {
        invalid!("{e}");
    }
    if let Some(container) = &event.contained_in {
        cited!(typed_record::<EconomicResource>(
            container,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "EconomicEvent contained_in",
            "an EconomicResource",
        ));
    }
    let (_, spec) = cited!(specification_of(&resource));
    if let Err(e) = check_receiver_credentials(&spec, event)? {
        invalid!("{e}");
    }
    if let Err(e) = check_usage_limits(&spec, event.action, event.resource_quantity) {
        invalid!("EconomicEvent resource_quantity breaks {e}");
    }
    if event.action == VfAction::InitialTransfer {
        return validate_initial_transfer(action, event);
    }
    Ok(ValidateCallbackResult::Valid)
}

/// `InitialTransfer` (REQ-USER-S-07): a Simple Agent's first transfer, of a
/// resource they created, to an Accountable Agent. The provider created the
/// resource (its first revision's author); the receiver is a progenitor or
/// `receiver_credentials` cites their Accountable role; and the provider's
/// chain before this event holds no other InitialTransfer (enforcement
/// source 3: the author's own history).
pub fn validate_initial_transfer(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    if first_revision(&event.resource_inventoried_as)?.action().author() != &event.provider {
        invalid!("EconomicEvent InitialTransfer must be of a resource the provider created");
    }
    if !is_progenitor(&event.receiver)? {
        let mut accountable = false;
        for hash in &event.receiver_credentials {
            let (_, role) = cited!(typed_record::<Role>(
                hash,
                PERSON_INTEGRITY,
                ROLE_ENTRY_INDEX,
                "EconomicEvent receiver_credentials",
                "a Role",
            ));
            accountable |= role.agent == event.receiver && role.role_name.is_accountable();
        }
        if !accountable {
            invalid!("EconomicEvent InitialTransfer receiver must be an Accountable Agent, shown by receiver_credentials");
        }
    }
    let earlier = crate::history::earlier_entries::<EconomicEvent>(&action.author, &action.prev_action, ECONOMIC_EVENT_ENTRY_INDEX)?;
    if earlier.iter().any(|(_, e)| e.action == VfAction::InitialTransfer) {
        invalid!("EconomicEvent InitialTransfer was already made by this provider: only the first transfer is initial");
    }
    Ok(ValidateCallbackResult::Valid)
}
