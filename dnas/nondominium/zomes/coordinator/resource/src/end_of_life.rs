//! End of life of a resource (REQ-GOV-11/12/13, REQ-USER-P-06): the custodian
//! declares it, validators confirm or challenge it (governance
//! `confirm_end_of_life` / `challenge_end_of_life`), and after the challenge
//! period the custodian finalises it: the last revision, `status: EndOfLife`,
//! cites the declaration and the confirmations. Nothing happens to the
//! resource after that.
use hdk::prelude::*;
use nondominium_types::{
    end_of_life_rule_of, Decommission, EconomicResource, EndOfLifeDeclaration, ResourceSpecification, ResourceStatus,
    ValidationReceipt,
};
use resource_integrity::{EntryTypes, LinkTypes};
use revisions::{get_local_first, guest_error, linked_records};

use crate::economic_resource::get_economic_resource;
use crate::governance_calls::get_validation_history;

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

fn decode<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(record: &Record, what: &str) -> ExternResult<T> {
    record
        .entry()
        .to_app_option()
        .map_err(|e| guest_error(e.to_string()))?
        .ok_or(guest_error(format!("{what} has no entry")))
}

/// Declares the end of life of a resource the caller holds (REQ-GOV-11).
/// Returns the declaration. Errors: "declare_end_of_life: only the custodian
/// …", "… the resource is not Validated", "… already declared"; the
/// integrity rule's message (e.g. an empty reason).
#[hdk_extern]
pub fn declare_end_of_life(input: DeclareEndOfLifeInput) -> ExternResult<Record> {
    let state = get_economic_resource(input.resource_hash)?.ok_or(guest_error("resource not found"))?;
    let resource: EconomicResource = decode(&state.latest, "the resource")?;
    if resource.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error("declare_end_of_life: only the custodian declares the end of life of a resource"));
    }
    if resource.status != ResourceStatus::Validated {
        return Err(guest_error("declare_end_of_life: the resource is not Validated"));
    }
    if !declarations(&state.original_hash)?.is_empty() {
        return Err(guest_error("declare_end_of_life: the end of life of this resource is already declared"));
    }
    let declaration = EndOfLifeDeclaration { resource: state.latest.action_address().clone(), reason: input.reason.trim().to_string() };
    let hash = create_entry(&EntryTypes::EndOfLifeDeclaration(declaration))?;
    create_link(state.original_hash, hash.clone(), LinkTypes::ResourceToEndOfLife, ())?;
    get(hash, GetOptions::local())?.ok_or(guest_error("the new EndOfLifeDeclaration could not be read back"))
}

fn declarations(original: &ActionHash) -> ExternResult<Vec<Record>> {
    linked_records(LinkQuery::try_new(original.clone(), LinkTypes::ResourceToEndOfLife)?)
}

/// The end-of-life status of the resource `resource_hash` (any revision)
/// belongs to, from its first declaration; `None` when none was made.
#[hdk_extern]
pub fn get_end_of_life_status(resource_hash: ActionHash) -> ExternResult<Option<EndOfLifeStatus>> {
    let state = get_economic_resource(resource_hash)?.ok_or(guest_error("resource not found"))?;
    let Some(declaration) = declarations(&state.original_hash)?.into_iter().next() else {
        return Ok(None);
    };
    let resource: EconomicResource = decode(&state.latest, "the resource")?;
    let spec_record = get_local_first(&resource.conforms_to)?
        .ok_or(guest_error("the resource's specification cannot be found"))?;
    let rule = end_of_life_rule_of(&decode::<ResourceSpecification>(&spec_record, "the specification")?);
    let ends = Timestamp(
        declaration.action().timestamp().0.saturating_add((rule.challenge_period_seconds as i64).saturating_mul(1_000_000)),
    );
    let (mut confirmations, mut challenges) = (Vec::new(), Vec::new());
    for record in get_validation_history(declaration.action_address().clone())? {
        let receipt: ValidationReceipt = decode(&record, "a receipt")?;
        if receipt.validation_type != "end_of_life" {
            continue;
        }
        if receipt.approved {
            confirmations.push(record);
        } else {
            challenges.push(record);
        }
    }
    let confirmed_by: Vec<AgentPubKey> = confirmations.iter().map(|r| r.action().author().clone()).collect();
    let mut open_challenges: Vec<AgentPubKey> = Vec::new();
    for c in &challenges {
        let challenger = c.action().author().clone();
        if !confirmed_by.contains(&challenger) && !open_challenges.contains(&challenger) {
            open_challenges.push(challenger);
        }
    }
    Ok(Some(EndOfLifeStatus {
        declaration,
        challenge_period_ends: ends,
        required_confirmations: rule.confirmations,
        confirmations,
        challenges,
        open_challenges,
        is_final: resource.status == ResourceStatus::EndOfLife,
    }))
}

/// Finalises a declared end of life (REQ-GOV-12/13): the custodian writes
/// the EndOfLife revision citing the declaration and the confirmations, once
/// the challenge period is over, no challenge is open and enough validators
/// confirmed. Returns that revision. Errors: "finalize_end_of_life: …" — no
/// declaration; the challenge period ends in n s; challenged by n agents;
/// a of n confirmations; only the custodian; the integrity rule's message.
#[hdk_extern]
pub fn finalize_end_of_life(resource_hash: ActionHash) -> ExternResult<Record> {
    let state = get_economic_resource(resource_hash.clone())?.ok_or(guest_error("resource not found"))?;
    let resource: EconomicResource = decode(&state.latest, "the resource")?;
    if resource.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error("finalize_end_of_life: only the custodian finalises the end of life of a resource"));
    }
    let status = get_end_of_life_status(resource_hash)?
        .ok_or(guest_error("finalize_end_of_life: no end of life was declared for this resource"))?;
    if status.is_final {
        return Ok(state.latest);
    }
    let now = sys_time()?;
    if now < status.challenge_period_ends {
        return Err(guest_error(format!(
            "finalize_end_of_life: the challenge period ends in {} s",
            (status.challenge_period_ends.0 - now.0) / 1_000_000 + 1
        )));
    }
    if !status.open_challenges.is_empty() {
        return Err(guest_error(format!(
            "finalize_end_of_life: challenged by {} agent(s) who have not confirmed it since",
            status.open_challenges.len()
        )));
    }
    if (status.confirmations.len() as u32) < status.required_confirmations {
        return Err(guest_error(format!(
            "finalize_end_of_life: {} of {} confirmations",
            status.confirmations.len(),
            status.required_confirmations
        )));
    }
    let next = EconomicResource {
        status: ResourceStatus::EndOfLife,
        decommission: Some(Decommission {
            declaration: status.declaration.action_address().clone(),
            confirmations: status.confirmations.iter().map(|r| r.action_address().clone()).collect(),
        }),
        ..resource
    };
    let hash = update_entry(state.latest.action_address().clone(), &EntryTypes::EconomicResource(next))?;
    get(hash, GetOptions::local())?.ok_or(guest_error("the end-of-life revision could not be read back"))
}
