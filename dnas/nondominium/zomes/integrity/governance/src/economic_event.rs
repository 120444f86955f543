//! Rules of `EconomicEvent` (spec §4.3.1). The struct lives in
//! `nondominium_types` because the resource zome validates revisions against it.
use hdi::prelude::*;

use nondominium_types::{
    check_event_against_resource, check_event_fields, check_receiver_credentials, typed_record, EconomicEvent,
    EconomicResource, ResourceSpecification, ECONOMIC_RESOURCE_ENTRY_INDEX, RESOURCE_INTEGRITY,
    RESOURCE_SPECIFICATION_ENTRY_INDEX,
};

/// Create: field rules (supported action, finite quantity >= 0); the author is
/// the provider (no one records an event that gives away what another holds);
/// `resource_inventoried_as` is a valid EconomicResource revision; the
/// event fits that revision (`check_event_against_resource`: the revision is
/// Validated — REQ-GOV-02 — and for TransferCustody the provider is its
/// custodian and the whole quantity moves); and the receiver's cited
/// credentials meet the receiver rules of the resource's specification
/// (`check_receiver_credentials`, REQ-GOV-09).
pub fn validate_create_economic_event(action: &Create, event: &EconomicEvent) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_event_fields(event) {
        return Ok(ValidateCallbackResult::Invalid(e));
    }
    if event.provider != action.author {
        return Ok(ValidateCallbackResult::Invalid("EconomicEvent provider must be the author".into()));
    }
    let (_, resource) = match typed_record::<EconomicResource>(
        &event.resource_inventoried_as,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "EconomicEvent resource_inventoried_as",
        "an EconomicResource",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    if let Err(e) = check_event_against_resource(event, &resource) {
        return Ok(ValidateCallbackResult::Invalid(e));
    }
    let (_, spec) = match typed_record::<ResourceSpecification>(
        &resource.conforms_to,
        RESOURCE_INTEGRITY,
        RESOURCE_SPECIFICATION_ENTRY_INDEX,
        "EconomicResource conforms_to",
        "a ResourceSpecification",
    )? {
        Ok(found) => found,
        Err(e) => return Ok(ValidateCallbackResult::Invalid(e)),
    };
    Ok(nondominium_types::from_rule(check_receiver_credentials(&spec, event)?))
}
