//! Economic resources (spec §4.2.3, §6.2): create, discover, transfer custody.
//! A resource is identified by its first revision's action hash; its current
//! state is its latest revision (see the `revisions` crate).
use hdk::prelude::*;
use nondominium_types::{check_resource_fields, EconomicResource, GovernanceTransitionRequest, TransitionContext, VfAction};
use resource_integrity::{EntryTypes, LinkTypes};
use revisions::{guest_error, latest_revision, original_of};

use crate::governance_calls::evaluate_state_transition;

/// Input of `create_economic_resource` (spec §6.2): quantity finite and >= 0, in `unit`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateEconomicResourceInput {
    pub spec_hash: ActionHash,
    pub quantity: f64,
    pub unit: String,
}

/// Input of `transfer_custody` (spec §6.2): any revision of the resource and the new custodian.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct TransferCustodyInput {
    pub resource_hash: ActionHash,
    pub new_custodian: AgentPubKey,
    pub note: Option<String>,
}

/// A resource as discovery returns it: its identity (first revision) and its latest revision.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ResourceState {
    pub original_hash: ActionHash,
    pub latest: Record,
}

/// Creates a resource held by the caller, conforming to `spec_hash`, and
/// indexes it by specification and by custodian. Returns the first revision.
/// Errors: the integrity rule's message (bad quantity or unit, `conforms_to`
/// not a ResourceSpecification).
#[hdk_extern]
pub fn create_economic_resource(input: CreateEconomicResourceInput) -> ExternResult<Record> {
    let me = agent_info()?.agent_initial_pubkey;
    let resource = EconomicResource {
        conforms_to: input.spec_hash.clone(),
        quantity: input.quantity,
        unit: input.unit.trim().to_string(),
        custodian: me.clone(),
        last_event: None,
    };
    check_resource_fields(&resource).map_err(guest_error)?;
    let hash = create_entry(&EntryTypes::EconomicResource(resource))?;
    create_link(input.spec_hash, hash.clone(), LinkTypes::SpecificationToResources, ())?;
    create_link(me, hash.clone(), LinkTypes::CustodianToResources, ())?;
    get(hash, GetOptions::local())?.ok_or(guest_error("the new EconomicResource could not be read back"))
}

/// The resource that revision `hash` belongs to, with its latest revision; `None` when not found.
#[hdk_extern]
pub fn get_economic_resource(hash: ActionHash) -> ExternResult<Option<ResourceState>> {
    let Some(original_hash) = original_of(&hash)? else {
        return Ok(None);
    };
    Ok(latest_revision(&original_hash)?.map(|latest| ResourceState { original_hash, latest }))
}

/// Every resource conforming to `spec_hash`, oldest first, each at its latest revision.
#[hdk_extern]
pub fn get_resources_by_spec(spec_hash: ActionHash) -> ExternResult<Vec<ResourceState>> {
    let mut links = get_links(LinkQuery::try_new(spec_hash, LinkTypes::SpecificationToResources)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let mut states = Vec::with_capacity(links.len());
    for link in links {
        let Some(original_hash) = link.target.into_action_hash() else { continue };
        if let Some(latest) = latest_revision(&original_hash)? {
            states.push(ResourceState { original_hash, latest });
        }
    }
    Ok(states)
}

/// Resources whose latest revision names `agent` custodian. Custody links to
/// superseded revisions are skipped, so a stale link never shows a resource
/// its former custodian no longer holds.
#[hdk_extern]
pub fn get_resources_by_custodian(agent: AgentPubKey) -> ExternResult<Vec<ResourceState>> {
    let mut links = get_links(LinkQuery::try_new(agent.clone(), LinkTypes::CustodianToResources)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let mut states: Vec<ResourceState> = Vec::new();
    for link in links {
        let Some(revision) = link.target.into_action_hash() else { continue };
        let Some(original_hash) = original_of(&revision)? else { continue };
        if states.iter().any(|s| s.original_hash == original_hash) {
            continue;
        }
        let Some(latest) = latest_revision(&original_hash)? else { continue };
        let resource: Option<EconomicResource> = latest.entry().to_app_option().map_err(|e| guest_error(e.to_string()))?;
        if resource.is_some_and(|r| r.custodian == agent) {
            states.push(ResourceState { original_hash, latest });
        }
    }
    Ok(states)
}

/// Resources the caller holds (spec §6.2 `get_my_resources`).
#[hdk_extern]
pub fn get_my_resources(_: ()) -> ExternResult<Vec<ResourceState>> {
    get_resources_by_custodian(agent_info()?.agent_initial_pubkey)
}

/// Transfers custody of a resource the caller holds (spec §6.2, REQ-USER-P-03):
/// the governance operator decides and records the TransferCustody
/// EconomicEvent; this zome then writes the new revision exactly as the
/// operator returned it (citing the event), links the new custodian to it and
/// removes the caller's custody link. Returns the new revision.
/// Errors: "transfer_custody refused by governance: <reasons>" when the
/// operator refuses (e.g. the caller is not the custodian); "resource not found".
#[hdk_extern]
pub fn transfer_custody(input: TransferCustodyInput) -> ExternResult<Record> {
    let me = agent_info()?.agent_initial_pubkey;
    let state = get_economic_resource(input.resource_hash.clone())?.ok_or(guest_error("resource not found"))?;
    let current_hash = state.latest.action_address().clone();
    let current: EconomicResource = state
        .latest
        .entry()
        .to_app_option()
        .map_err(|e| guest_error(e.to_string()))?
        .ok_or(guest_error("resource revision has no EconomicResource entry"))?;
    let decision = evaluate_state_transition(GovernanceTransitionRequest {
        action: VfAction::TransferCustody,
        resource: current,
        resource_hash: current_hash.clone(),
        requesting_agent: me.clone(),
        context: TransitionContext {
            target_custodian: Some(input.new_custodian.clone()),
            process_notes: input.note,
            ..Default::default()
        },
    })?;
    if !decision.success {
        let reasons = decision.rejection_reasons.unwrap_or_default().join("; ");
        return Err(guest_error(format!("transfer_custody refused by governance: {reasons}")));
    }
    let new_state = decision.new_resource_state.ok_or(guest_error("governance approved without a new resource state"))?;
    let new_hash = update_entry(current_hash.clone(), &EntryTypes::EconomicResource(new_state))?;
    create_link(input.new_custodian, new_hash.clone(), LinkTypes::CustodianToResources, ())?;
    for link in get_links(LinkQuery::try_new(me, LinkTypes::CustodianToResources)?, GetStrategy::Local)? {
        if link.target.clone().into_action_hash().is_some_and(|t| t == current_hash) {
            delete_link(link.create_link_hash, GetOptions::local())?;
        }
    }
    get(new_hash, GetOptions::local())?.ok_or(guest_error("the new EconomicResource revision could not be read back"))
}

/// Whether `agent` has created at least one EconomicResource (REQ-GOV-01: a
/// Simple Agent must create a resource before accessing others'), read from
/// the agent's source chain.
#[hdk_extern]
pub fn check_first_resource_requirement(agent: AgentPubKey) -> ExternResult<bool> {
    let entry_type: EntryType = resource_integrity::UnitEntryTypes::EconomicResource.try_into()?;
    let filter = ChainQueryFilter::new().entry_type(entry_type).action_type(ActionType::Create);
    Ok(!get_agent_activity(agent, filter, ActivityRequest::Full)?.valid_activity.is_empty())
}
