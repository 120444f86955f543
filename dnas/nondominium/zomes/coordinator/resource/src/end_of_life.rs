//! End of life of a resource (REQ-GOV-11/12/13, REQ-USER-P-06): the custodian
//! declares it, validators confirm or challenge it (governance
//! `confirm_end_of_life` / `challenge_end_of_life`), and after the challenge
//! period the custodian finalises it: the last revision, `status: EndOfLife`,
//! cites the declaration and the confirmations. Nothing happens to the
//! resource after that.
use hdk::prelude::*;
use nondominium_types::{EconomicResource, EndOfLifeDeclaration, ResourceStatus};
use resource_integrity::{EntryTypes, LinkTypes};
use revisions::{decode_entry, guest_error, linked_records};

use crate::economic_resource::{get_economic_resource, write_status_transition};
use crate::governance_calls::get_end_of_life_tally;

/// Input of `declare_end_of_life`: any revision of the resource and why (1-1000 characters).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct DeclareEndOfLifeInput {
    pub resource_hash: ActionHash,
    pub reason: String,
}

/// Where a resource's end of life stands. Times are microseconds since the
/// epoch. `open_challenges` are the validators who challenged it and have not
/// confirmed it since; `is_final` once the EndOfLife revision exists.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct EndOfLifeStatus {
    pub declaration: Record,
    pub challenge_period_ends: Timestamp,
    pub required_confirmations: u32,
    pub confirmations: Vec<Record>,
    pub challenges: Vec<Record>,
    pub open_challenges: Vec<AgentPubKey>,
    pub is_final: bool,
}

/// Declares the end of life of a resource the caller holds (REQ-GOV-11).
/// Returns the declaration. Errors: "declare_end_of_life: only the custodian
/// …", "… the resource is not Validated", "… already declared"; the
/// integrity rule's message (e.g. an empty reason).
#[hdk_extern]
pub fn declare_end_of_life(input: revisions::Checked<DeclareEndOfLifeInput>) -> ExternResult<Record> {
    let input = input.read("declare_end_of_life")?;
    let state = get_economic_resource(input.resource_hash.into())?.ok_or(guest_error("resource not found"))?;
    let resource: EconomicResource = decode_entry(&state.latest, "the resource")?;
    if resource.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error("declare_end_of_life: only the custodian declares the end of life of a resource"));
    }
    if resource.status != ResourceStatus::Validated {
        return Err(guest_error("declare_end_of_life: the resource is not Validated"));
    }
    if !declarations(&state.original_hash)?.is_empty() {
        return Err(guest_error("declare_end_of_life: the end of life of this resource is already declared"));
    }
    let declaration = EndOfLifeDeclaration {
        resource: nondominium_types::RevisionHash(state.latest.action_address().clone()),
        reason: input.reason.trim().to_string(),
    };
    let hash = create_entry(&EntryTypes::EndOfLifeDeclaration(declaration))?;
    create_link(state.original_hash, hash.clone(), LinkTypes::ResourceToEndOfLife, ())?;
    revisions::get_record(hash, GetOptions::local())?
        .ok_or(guest_error("the new EndOfLifeDeclaration could not be read back"))
}

fn declarations(original: &ActionHash) -> ExternResult<Vec<Record>> {
    linked_records(LinkQuery::try_new(original.clone(), LinkTypes::ResourceToEndOfLife)?)
}

/// The end-of-life status of the resource `resource_hash` (any revision)
/// belongs to, from its first declaration (the operator's tally of the
/// answers, `governance.get_end_of_life_tally`); `None` when none was made.
#[hdk_extern]
pub fn get_end_of_life_status(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Option<EndOfLifeStatus>> {
    let resource_hash = resource_hash.read("get_end_of_life_status")?;
    let state = get_economic_resource(resource_hash.into())?.ok_or(guest_error("resource not found"))?;
    let Some(declaration) = declarations(&state.original_hash)?.into_iter().next() else {
        return Ok(None);
    };
    let resource: EconomicResource = decode_entry(&state.latest, "the resource")?;
    let tally = get_end_of_life_tally(declaration.action_address().clone())?;
    Ok(Some(EndOfLifeStatus {
        declaration,
        challenge_period_ends: tally.challenge_period_ends,
        required_confirmations: tally.required_confirmations,
        confirmations: tally.confirmations,
        challenges: tally.challenges,
        open_challenges: tally.open_challenges,
        is_final: resource.status == ResourceStatus::EndOfLife,
    }))
}

/// Finalises a declared end of life (REQ-GOV-12/13): the operator
/// (`evaluate_status_transition`) checks that the challenge period is over,
/// no challenge is open and enough validators confirmed, and the custodian
/// writes the EndOfLife revision it returns, citing the declaration and the
/// confirmations. Returns that revision. Errors: "finalize_end_of_life: …" —
/// only the custodian; no declaration; the challenge period ends in n s;
/// challenged by n agent(s) who have not confirmed it since; a of n
/// confirmations; the integrity rule's message.
#[hdk_extern]
pub fn finalize_end_of_life(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Record> {
    let resource_hash = resource_hash.read("finalize_end_of_life")?;
    let state = get_economic_resource(resource_hash.into())?.ok_or(guest_error("resource not found"))?;
    let resource: EconomicResource = decode_entry(&state.latest, "the resource")?;
    if resource.status == ResourceStatus::EndOfLife {
        return Ok(state.latest);
    }
    if resource.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error("finalize_end_of_life: only the custodian finalises the end of life of a resource"));
    }
    let declaration = declarations(&state.original_hash)?
        .into_iter()
        .next()
        .ok_or(guest_error("finalize_end_of_life: no end of life was declared for this resource"))?;
    write_status_transition(&state, resource, ResourceStatus::EndOfLife, Some(declaration.action_address().clone()))
        .map_err(|e| guest_error(format!("finalize_end_of_life: {}", revisions::error_text(&e))))
}
