//! Rules of `EconomicResource` revisions (spec §4.2.3, §3, §7) and of the
//! links that index them. The struct itself lives in `nondominium_types`
//! because the governance zome validates events against it.
use hdi::prelude::*;
use nondominium_types::{
    cited, invalid, specification_of, superseded_by_author, validate_index_link_once, MAX_VALIDATORS,
};
use nondominium_types::{effects_of, RecordedBy, ValidationType};

use nondominium_types::{
    apply_event, check_resource_fields, typed_record, validation_scheme_of, validation_state, verdict, EconomicEvent,
    EconomicResource, ResourceId, ResourceStatus, RevisionTag, ValidationState, ECONOMIC_EVENT_ENTRY_INDEX,
    ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY,
};

/// Create (the first revision): field rules; the author is the custodian and
/// the primary accountable agent; it is contained in nothing; no event is
/// cited yet; its custody begins with it (`custody_since` empty); it starts
/// `PendingValidation` with no approvals (REQ-GOV-02); `conforms_to` is a
/// valid ResourceSpecification; it has a `current_location` when that
/// specification's `transfer_conditions.same_location` asks for one.
pub fn validate_create_economic_resource(
    action: &Create,
    resource: &EconomicResource,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_revision_fields(resource) {
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
    if resource.custody_since.is_some() {
        invalid!(
            "EconomicResource custody_since must be empty when created: the custody begins with the first revision"
        );
    }
    if resource.status != ResourceStatus::PendingValidation
        || !resource.approvals.is_empty()
        || resource.decommission.is_some()
    {
        invalid!("EconomicResource status must be PendingValidation with no approvals when created");
    }
    let (_, spec) = cited!(specification_of(resource));
    if let Err(e) = nondominium_types::check_located(&spec, resource.current_location.as_deref()) {
        invalid!("{e}");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Field rules of a revision ([`check_resource_fields`]) and the bounds on
/// what it cites: at most [`MAX_VALIDATORS`] approvals and confirmations.
fn check_revision_fields(resource: &EconomicResource) -> Result<(), String> {
    check_resource_fields(resource)?;
    if resource.approvals.len() > MAX_VALIDATORS as usize {
        return Err(format!("EconomicResource approvals must hold at most {MAX_VALIDATORS} receipts"));
    }
    if resource.decommission.as_ref().is_some_and(|d| d.confirmations.len() > MAX_VALIDATORS as usize) {
        return Err(format!("EconomicResource decommission confirmations must hold at most {MAX_VALIDATORS} receipts"));
    }
    Ok(())
}

/// Update (a new revision of `previous_hash`, spec §3 governance-as-operator):
/// - the previous revision is an EconomicResource and the author is its custodian;
/// - the update cites, in `last_event`, a valid EconomicEvent that starts
///   from exactly `previous_hash`, recorded by the same author — or a
///   `TransferAllRights` recorded by the previous revision's primary
///   accountable agent, which the custodian applies (rights move by their
///   holder; only the custodian writes revisions, so "current" stays a fact
///   of one chain);
/// - the new revision equals the previous one plus that event's effects
///   (`nondominium_types::apply_event`, the ValueFlows table), so e.g.
///   custody moves only to the receiver of a TransferCustody whose provider
///   was the previous custodian, and quantities change only as the action says;
/// - the history rules ([`validate_economic_resource_history`]): the update is
///   not dated before `previous_hash` by more than the network's clock
///   tolerance, and the custodian has not already updated `previous_hash`
///   earlier on their chain (no revision is superseded twice: no double
///   transfer), read back only to that time.
pub fn validate_update_economic_resource(
    action: &Update,
    resource: &EconomicResource,
    previous_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_revision_fields(resource) {
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
    let history = validate_economic_resource_history(action, previous_hash)?;
    if history != ValidateCallbackResult::Valid {
        return Ok(history);
    }
    match (previous.status, resource.status) {
        (ResourceStatus::EndOfLife, _) => {
            invalid!("EconomicResource has reached its end of life: it accepts no update")
        }
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
    let (event_record, event) =
        cited!(nondominium_types::cited_event(&event_hash, &action.author, "EconomicResource last_event"));
    let by_custodian = event_record.action().author() == &action.author;
    let rights_by_their_holder = effects_of(event.action).nondominium.recorded_by == RecordedBy::RightsHolder
        && event_record.action().author() == &previous.primary_accountable;
    if !by_custodian && !rights_by_their_holder {
        invalid!("EconomicResource last_event must be recorded by the updating custodian, or be a TransferAllRights by the primary accountable");
    }
    if &event.resource_inventoried_as.0 != previous_hash {
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
    let validators = cited!(nondominium_types::approving_validators(
        "EconomicResource approvals",
        &resource.approvals,
        ValidationType::ResourceApproval,
        previous_hash,
        "this resource",
    ));
    let (_, spec) = cited!(specification_of(previous));
    let scheme = validation_scheme_of(&spec);
    let (state, required) = validation_state(&scheme, validators.len() as u32, 0);
    Ok(verdict(state == ValidationState::Approved, || {
        format!("EconomicResource approvals must cite at least {required} distinct approvals under the specification's validation scheme")
    }))
}

/// The history rules of an update (also run alone for the
/// RegisterAgentActivity op, which carries no entry): the update is not dated before `previous_hash` by more than the
/// clock tolerance (the bound of the read) and the author has not already
/// superseded `previous_hash`.
pub fn validate_economic_resource_history(
    action: &Update,
    previous_hash: &ActionHash,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = nondominium_types::check_dated_after(
        "EconomicResource update",
        "the revision it updates",
        action.timestamp,
        previous_hash,
    )? {
        invalid!("{e}");
    }
    Ok(verdict(!custodian_already_updated(action, previous_hash)?, || {
        "EconomicResource revision was already superseded by its custodian".into()
    }))
}

/// Whether the author's chain before `action` holds an update of `previous_hash`
/// (enforcement source 3: the author's own immutable history).
fn custodian_already_updated(action: &Update, previous_hash: &ActionHash) -> ExternResult<bool> {
    superseded_by_author(&action.author, &action.prev_action, &nondominium_types::RevisionHash(previous_hash.clone()))
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
    // Written in the same call as the resource: the copy of it the tag carries, else as held.
    let (target_action, resource) = cited!(nondominium_types::link_target_record::<EconomicResource>(
        &action.tag,
        &resource_hash,
        "SpecificationToResources",
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "SpecificationToResources link target",
        "an EconomicResource",
    ));
    if !matches!(target_action, Action::Create(_)) {
        invalid!("SpecificationToResources link target must be the first revision of the resource");
    }
    if resource.conforms_to != spec_hash {
        invalid!("SpecificationToResources link base must be the specification the resource conforms to");
    }
    if target_action.author() != &action.author {
        invalid!("SpecificationToResources link must be created by the resource's author");
    }
    validate_index_link_once(action, "SpecificationToResources")
}

/// `CustodianToResources` link: from an agent key to a resource revision that
/// names that agent custodian, created by that revision's author (who is the
/// custodian who made it, or the creator), so a reader lists an agent's
/// holdings. To a later revision (a custody move), tagged with the
/// resource's identity (`ResourceId::to_tag`, checked by walking back from
/// the target) and checked once by reading the author's chain back to it. To
/// a first revision (the creator's own link), the tag carries a copy of it
/// (`CarriedTarget`: its rules read nothing, so another peer never holds
/// the new resource back waiting for it) and the link is the second action
/// after it, which makes it the only one.
pub fn validate_create_link_custodian_to_resources(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(agent), Some(revision_hash)) = (base.clone().into_agent_pub_key(), target.clone().into_action_hash())
    else {
        invalid!("CustodianToResources link base must be an agent key and target an action hash");
    };
    // The link written with a resource's first revision carries a copy of it; others are read as held.
    let (target_action, resource) = cited!(nondominium_types::link_target_record::<EconomicResource>(
        &action.tag,
        &revision_hash,
        "CustodianToResources",
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "CustodianToResources link target",
        "an EconomicResource",
    ));
    if resource.custodian != agent {
        invalid!("CustodianToResources link base must be the custodian named by the target revision");
    }
    if target_action.author() != &action.author {
        invalid!("CustodianToResources link must be created by the author of the target revision");
    }
    // The link written with a resource's first revision carries a copy of it (it names the resource: the
    // target itself) and has a fixed place in that call, so it is unique without reading the chain; a
    // link to a later revision names the resource in its tag, and is checked once by reading back.
    if nondominium_types::CarriedTarget::from_link_tag(&action.tag).is_some() {
        if !matches!(target_action, Action::Create(_)) {
            invalid!("CustodianToResources link carrying a copy of its target must target a first revision");
        }
        if action.action_seq != target_action.action_seq().saturating_add(2) {
            invalid!("CustodianToResources link to a first revision must be the second action after it (after its SpecificationToResources link)");
        }
        return Ok(ValidateCallbackResult::Valid);
    }
    if matches!(target_action, Action::Create(_)) {
        invalid!("CustodianToResources link to a first revision must carry a copy of it");
    }
    let identity = ResourceId(nondominium_types::first_revision(&revision_hash)?.hashed.hash);
    if ResourceId::from_tag(&action.tag).as_ref() != Some(&identity) {
        invalid!("CustodianToResources link tag must be the target's resource identity (its first revision's hash)");
    }
    validate_index_link_once(action, "CustodianToResources")
}

/// `ResourceToRevisions` link: from a resource's first revision to one of
/// its later revisions, created by that revision's author in the same call,
/// tagged with the revision it updates and its timestamp (`RevisionTag`,
/// checked against the update), so a reader finds the latest revision from
/// one `get_links`. Readers follow the tags from the base and ignore a link
/// whose chain of `updates` does not lead back to it, so the base is only
/// checked to be a resource's first revision (not walked: that would cost
/// every update as much as the history it indexes). Never deleted.
pub fn validate_create_link_resource_to_revisions(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(resource), Some(revision_hash)) = (base.clone().into_action_hash(), target.clone().into_action_hash())
    else {
        invalid!("ResourceToRevisions link base and target must be action hashes");
    };
    let (record, _) = cited!(nondominium_types::held_record::<EconomicResource>(
        &revision_hash,
        RESOURCE_INTEGRITY,
        ECONOMIC_RESOURCE_ENTRY_INDEX,
        "ResourceToRevisions link target",
        "an EconomicResource",
    ));
    let Action::Update(update) = record.action() else {
        invalid!("ResourceToRevisions link target must be an update of an EconomicResource");
    };
    if record.action().author() != &action.author {
        invalid!("ResourceToRevisions link must be created by the author of the target revision");
    }
    let expected = RevisionTag { updates: update.original_action_address.clone(), timestamp: update.timestamp };
    if RevisionTag::from_link_tag(&action.tag).as_ref() != Some(&expected) {
        invalid!("ResourceToRevisions link tag must name the revision the target updates and the target's timestamp");
    }
    let first = must_get_action(resource)?;
    let is_first_revision = matches!(first.action(), Action::Create(create) if matches!(&create.entry_type,
        EntryType::App(def) if def.zome_index == nondominium_types::integrity_zome_index(RESOURCE_INTEGRITY)?
            && def.entry_index.0 == ECONOMIC_RESOURCE_ENTRY_INDEX));
    if !is_first_revision {
        invalid!("ResourceToRevisions link base must be the first revision of an EconomicResource");
    }
    validate_index_link_once(action, "ResourceToRevisions")
}

/// Deleting a `CustodianToResources` link: only by the agent at its base,
/// the custodian the link serves (who tidies their index when they hand the
/// resource on). Not by whoever created it: a former custodian creates the
/// new custodian's link and must not be able to remove it.
pub fn validate_delete_link_custodian_to_resources(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    let base_agent = original.base_address.clone().into_agent_pub_key();
    Ok(verdict(base_agent.as_ref() == Some(&action.author), || {
        "CustodianToResources link can only be deleted by the custodian it starts from".into()
    }))
}

/// `ResourceToRightsTransfers` link: from a resource's first revision to a
/// `TransferAllRights` event about one of its revisions, created by the
/// event's provider (the rights holder), so the custodian finds the transfer
/// to apply. Never deleted: part of the audit trail.
pub fn validate_create_link_resource_to_rights_transfers(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(resource), Some(event_hash)) = (base.clone().into_action_hash(), target.clone().into_action_hash())
    else {
        invalid!("ResourceToRightsTransfers link base and target must be action hashes");
    };
    let (record, event) = cited!(nondominium_types::held_record::<EconomicEvent>(
        &event_hash,
        GOVERNANCE_INTEGRITY,
        ECONOMIC_EVENT_ENTRY_INDEX,
        "ResourceToRightsTransfers link target",
        "an EconomicEvent",
    ));
    if effects_of(event.action).nondominium.recorded_by != RecordedBy::RightsHolder {
        invalid!("ResourceToRightsTransfers link target must be a TransferAllRights event");
    }
    if record.action().author() != &action.author {
        invalid!("ResourceToRightsTransfers link must be created by the event's provider");
    }
    if nondominium_types::first_revision(&event.resource_inventoried_as.0)?.hashed.hash != resource {
        invalid!("ResourceToRightsTransfers link base must be the first revision of the event's resource");
    }
    validate_index_link_once(action, "ResourceToRightsTransfers")
}
