//! Rules of `Commitment` (spec §4.3.2; REQ-GOV-01) and of the
//! `AgentToCommitments` links that index it. The struct and its pure rules
//! live in `nondominium_types::commitment`.
use hdi::prelude::*;
use nondominium_types::{cited, invalid};

use nondominium_types::{
    check_commitment_fields, check_proposer, check_stated_time, integrity_zome_index, is_progenitor,
    needs_first_resource, typed_record, verdict, Commitment, EconomicResource, ResourceSpecification,
    COMMITMENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, FIRST_RESOURCE_REQUIRED, GOVERNANCE_INTEGRITY,
    RESOURCE_INTEGRITY, RESOURCE_SPECIFICATION_ENTRY_INDEX,
};

/// Create: field rules (`check_commitment_fields`: quantity finite >= 0,
/// distinct parties, exactly one of resource and specification, due date,
/// note); the author is a party; `resource_inventoried_as` is the first
/// revision (a Create) of a valid EconomicResource, or `resource_conforms_to`
/// a valid ResourceSpecification; and REQ-GOV-01: a receiver proposing to
/// access someone else's resource (see `needs_first_resource`) is a
/// progenitor or has created an EconomicResource earlier on their own chain.
pub fn validate_create_commitment(action: &Create, commitment: &Commitment) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_commitment_fields(commitment) {
        invalid!("{e}");
    }
    if let Err(e) = check_proposer(commitment, &action.author) {
        invalid!("{e}");
    }
    if let Err(e) = check_stated_time("Commitment", "committed_at", commitment.committed_at, action.timestamp) {
        invalid!("{e}");
    }
    let mut creator = None;
    if let Some(resource) = &commitment.resource_inventoried_as {
        let (record, _) = cited!(typed_record::<EconomicResource>(
            &resource.0,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "Commitment resource_inventoried_as",
            "an EconomicResource",
        ));
        if !matches!(record.action(), Action::Create(_)) {
            invalid!("Commitment resource_inventoried_as must be the first revision of the resource");
        }
        creator = Some(record.action().author().clone());
    }
    if let Some(spec) = &commitment.resource_conforms_to {
        cited!(typed_record::<ResourceSpecification>(
            spec,
            RESOURCE_INTEGRITY,
            RESOURCE_SPECIFICATION_ENTRY_INDEX,
            "Commitment resource_conforms_to",
            "a ResourceSpecification",
        ));
    }
    if needs_first_resource(commitment, &action.author, creator.as_ref())
        && !is_progenitor(&action.author)?
        && !has_created_resource(action)?
    {
        invalid!("{FIRST_RESOURCE_REQUIRED}");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Whether the author's chain before `action` holds a Create of a valid
/// EconomicResource (REQ-GOV-01; enforcement source 3: the author's own
/// immutable history). The chain also lists records honest peers rejected,
/// so the oldest resource create found is fetched with
/// `must_get_valid_record`: a rejected one makes the verdict Invalid rather
/// than counting.
pub fn has_created_resource(action: &Create) -> ExternResult<bool> {
    let resource_zome = integrity_zome_index(RESOURCE_INTEGRITY)?;
    let history = nondominium_types::chain_back(&action.author, &action.prev_action, None)?;
    let first = history.iter().rev().find(|action| match &action.hashed.content {
        Action::Create(create) => matches!(
            &create.entry_type,
            EntryType::App(def) if def.zome_index == resource_zome && def.entry_index.0 == ECONOMIC_RESOURCE_ENTRY_INDEX
        ),
        _ => false,
    });
    match first {
        None => Ok(false),
        Some(action) => must_get_valid_record(action.hashed.hash.clone()).map(|_| true),
    }
}

/// `AgentToCommitments` link: from a party's agent key to the commitment,
/// created by the commitment's author (the proposer links it for both
/// parties, in the same call, each link carrying a copy of the commitment:
/// `CarriedTarget`, so a party's peer never waits for it).
pub fn validate_create_link_agent_to_commitments(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(hash) = target.clone().into_action_hash() else {
        invalid!("AgentToCommitments link target must reference a Commitment");
    };
    // Written in the same call as the commitment: the copy of it the tag carries, else as held.
    let (target_action, commitment) = cited!(nondominium_types::link_target_record::<Commitment>(
        &action.tag,
        &hash,
        "AgentToCommitments",
        GOVERNANCE_INTEGRITY,
        COMMITMENT_ENTRY_INDEX,
        "AgentToCommitments link target",
        "a Commitment",
    ));
    let base_agent = base.clone().into_agent_pub_key();
    if base_agent.as_ref() != Some(&commitment.provider) && base_agent.as_ref() != Some(&commitment.receiver) {
        invalid!("AgentToCommitments link base must be a party of the commitment");
    }
    Ok(verdict(target_action.author() == &action.author, || {
        "AgentToCommitments link must be created by the commitment's author".into()
    }))
}
