//! Economic resources (spec §4.2.3, §6.2): create, discover, transfer custody.
//! A resource is identified by its first revision's action hash; its current
//! state is its latest revision (see the `revisions` crate).
use hdk::prelude::*;
use nondominium_types::{
    apply_event, check_resource_fields, EconomicEvent, EconomicResource, GovernanceTransitionRequest, RecordEventInput,
    RecordedEvent, ResourceId, ResourceStatus, RevisionTag, StatusTransitionRequest, TransitionContext,
    ValidationState, VfAction,
};
use resource_integrity::{EntryTypes, LinkTypes};
use revisions::{
    decode_entry, entry_of, get_links_many, get_record_details_many, guest_error, latest_revisions, original_of,
};

use crate::governance_calls::{check_validation_statuses, decide_state_transition, evaluate_status_transition};
use crate::resource_specification::{spec_summary, SpecSummary};

/// Input of `create_economic_resource` (spec §6.2): `quantity` (finite,
/// at least 0, in `unit`) becomes both the accounting and the on-hand quantity;
/// `current_location` is optional free text.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CreateEconomicResourceInput {
    pub spec_hash: ActionHash,
    pub quantity: f64,
    pub unit: String,
    #[serde(default)]
    pub current_location: Option<String>,
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
/// indexes it by specification and by custodian. It starts
/// `PendingValidation` (REQ-GOV-02): validators answer with
/// `validate_new_resource`, then `confirm_resource_validation` records the
/// result. Returns the first revision.
/// Errors: the integrity rule's message (bad quantity or unit, `conforms_to`
/// not a ResourceSpecification).
#[hdk_extern]
pub fn create_economic_resource(input: revisions::Checked<CreateEconomicResourceInput>) -> ExternResult<Record> {
    let input = input.read("create_economic_resource")?;
    let me = agent_info()?.agent_initial_pubkey;
    let resource = EconomicResource {
        conforms_to: input.spec_hash.clone(),
        accounting_quantity: input.quantity,
        onhand_quantity: input.quantity,
        unit: input.unit.trim().to_string(),
        primary_accountable: me.clone(),
        custodian: me.clone(),
        current_location: input.current_location.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
        contained_in: None,
        stage: None,
        state: None,
        last_event: None,
        status: ResourceStatus::PendingValidation,
        approvals: vec![],
        decommission: None,
        custody_since: None,
    };
    check_resource_fields(&resource).map_err(guest_error)?;
    let hash = create_entry(&EntryTypes::EconomicResource(resource))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new EconomicResource could not be read back"))?;
    // Both index links carry a copy of the resource: their rules never wait for it (nondominium_types::carried).
    let tag = nondominium_types::CarriedTarget::of(&record, true)?;
    create_link(input.spec_hash, hash.clone(), LinkTypes::SpecificationToResources, tag.clone())?;
    create_link(me, hash, LinkTypes::CustodianToResources, tag)?;
    Ok(record)
}

/// The resource that revision `hash` belongs to, with its latest revision; `None` when not found.
#[hdk_extern]
pub fn get_economic_resource(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<ResourceState>> {
    let hash = hash.read("get_economic_resource")?;
    let Some(original_hash) = original_of(&hash)? else {
        return Ok(None);
    };
    Ok(latest_resource_revision(&original_hash)?.map(|latest| ResourceState { original_hash, latest }))
}

/// Every resource conforming to `spec_hash`, oldest first, each at its latest revision.
#[hdk_extern]
pub fn get_resources_by_spec(spec_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<ResourceState>> {
    let spec_hash = spec_hash.read("get_resources_by_spec")?;
    let mut links =
        get_links(LinkQuery::try_new(spec_hash, LinkTypes::SpecificationToResources)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let originals: Vec<ActionHash> = links.into_iter().filter_map(|l| l.target.into_action_hash()).collect();
    let latest = latest_resource_revisions(&originals)?;
    Ok(originals
        .into_iter()
        .zip(latest)
        .filter_map(|(original_hash, latest)| latest.map(|latest| ResourceState { original_hash, latest }))
        .collect())
}

/// Resources whose latest revision names `agent` custodian. Custody links to
/// superseded revisions are skipped, so a stale link never shows a resource
/// its former custodian no longer holds.
#[hdk_extern]
pub fn get_resources_by_custodian(agent: revisions::Checked<AgentPubKey>) -> ExternResult<Vec<ResourceState>> {
    let agent = agent.read("get_resources_by_custodian")?;
    // Each link's tag is its resource's identity (checked by integrity): no walk back from the revision it targets.
    let originals = custody_index(&agent)?;
    let mut states: Vec<ResourceState> = Vec::new();
    let latest = latest_resource_revisions(&originals)?;
    for (original_hash, latest) in originals.into_iter().zip(latest) {
        let Some(latest) = latest else { continue };
        let resource: Option<EconomicResource> = entry_of(&latest)?;
        if resource.is_some_and(|r| r.custodian == agent) {
            states.push(ResourceState { original_hash, latest });
        }
    }
    Ok(states)
}

/// Resources the caller holds (spec §6.2 `get_my_resources`).
#[hdk_extern]
pub fn get_my_resources(_: ()) -> ExternResult<Vec<ResourceState>> {
    nondominium_types::host::zome_info_cache::install();
    get_resources_by_custodian(agent_info()?.agent_initial_pubkey.into())
}

/// Records one economic event on a resource (spec §3 governance-as-operator,
/// §4.3.1): the governance operator checks the request against the
/// action's ValueFlows effects and the specification's rules and records the
/// EconomicEvent; this zome then writes the new revision exactly as the
/// operator returned it (citing the event) and, when custody moved, links the
/// new custodian to it and removes the caller's custody link. A pending
/// resource whose approvals suffice is first confirmed
/// (`confirm_resource_validation`), and a custodian first applies a rights
/// transfer the rights holder recorded (`apply_rights_transfers`). Returns
/// the event and the new revision (`applied: true`) — except for a
/// `TransferAllRights` by a rights holder who is not the custodian: the event
/// is recorded and linked from the resource, and the current revision is
/// returned with `applied: false` until the custodian applies it.
/// Errors: "<action> refused by governance: <reasons>" (each reason names the
/// field or rule); "resource not found".
#[hdk_extern]
pub fn record_event(input: revisions::Checked<RecordEventInput>) -> ExternResult<RecordedEvent> {
    let input = input.read("record_event")?;
    let me = agent_info()?.agent_initial_pubkey;
    let state = get_economic_resource(input.resource_hash.clone().into())?.ok_or(guest_error("resource not found"))?;
    let original_hash = state.original_hash.clone();
    let (current_hash, current) = validated_if_possible(state)?;
    // The custodian first applies a rights transfer the rights holder recorded, so it is not stranded.
    let (current_hash, current) = if current.custodian == me {
        crate::rights_transfer::apply_pending_rights_transfer(&original_hash, current_hash, current)?
    } else {
        (current_hash, current)
    };
    let custodian_before = current.custodian.clone();
    let decision = decide_state_transition(GovernanceTransitionRequest {
        action: input.action,
        resource: current.clone(),
        resource_hash: current_hash.clone(),
        requesting_agent: me.clone(),
        context: TransitionContext {
            target_custodian: input.receiver,
            quantity_change: input.resource_quantity,
            target_location: input.to_location,
            process_notes: input.note,
            state: input.state,
            stage: input.stage,
            contained_in: input.contained_in,
            process_context: input.process,
            process_approvals: input.process_approvals,
        },
    })?;
    if !decision.success {
        let reasons = decision.rejection_reasons.unwrap_or_default().join("; ");
        return Err(guest_error(format!("{} refused by governance: {reasons}", snake(input.action))));
    }
    let Some(event) = decision.economic_event else {
        return Err(guest_error("governance approved without an event"));
    };
    // The operator composed the event; it is written here, in this call, so its
    // author validates it once (see governance's `decide_state_transition`).
    let event_hash = write_event(&event)?;
    // Also for a rights holder's event, whose revision the custodian writes later: one that
    // cannot be applied is refused now, as when the operator applied every approved event.
    let new_state = apply_event(&current, &event, &event_hash).map_err(guest_error)?;
    if custodian_before != me {
        // A rights holder without custody (TransferAllRights): the custodian writes the revision.
        create_link(original_hash, event_hash.clone(), LinkTypes::ResourceToRightsTransfers, ())?;
        let revision = revisions::get_record(current_hash, GetOptions::network())?
            .ok_or(guest_error("the current revision could not be read back"))?;
        return Ok(RecordedEvent { event_hash, event, revision, applied: false });
    }
    let new_custodian = new_state.custodian.clone();
    let (new_hash, revision) = write_revision(&original_hash, &current_hash, new_state)?;
    if new_custodian != custodian_before {
        let tag = ResourceId(original_hash.clone()).to_tag();
        create_link(new_custodian, new_hash.clone(), LinkTypes::CustodianToResources, tag)?;
        remove_custody_links(me, &original_hash)?;
    }
    Ok(RecordedEvent { event_hash, event, revision, applied: true })
}

/// Writes `event` (as the operator composed it) as an EconomicEvent of the
/// governance integrity zome, whose rules judge it; returns its action hash.
/// Written from here, in `record_event`'s own call, rather than inside the
/// cross-zome call that decided it: Holochain 0.6 validates a call's writes
/// at the end of every zome call, nested ones included, so an event written
/// by the governance zome was validated twice by its author.
fn write_event(event: &EconomicEvent) -> ExternResult<ActionHash> {
    let zome_index = nondominium_types::integrity_zome_index(nondominium_types::GOVERNANCE_INTEGRITY)?;
    let bytes = SerializedBytes::try_from(event.clone()).map_err(|e| wasm_error!(e))?;
    create(CreateInput::new(
        EntryDefLocation::app(zome_index, nondominium_types::ECONOMIC_EVENT_ENTRY_INDEX),
        EntryVisibility::Public,
        Entry::App(AppEntryBytes(bytes)),
        ChainTopOrdering::default(),
    ))
}

/// Removes `custodian`'s custody links to the resource `original_hash` (each
/// names it in its tag, whichever revision it targets: the one custody moved
/// at, or the original). Housekeeping, not a rule: every reader of the index
/// checks the latest revision's custodian. A link whose CreateLink cannot be
/// read yet (written by the previous custodian on another conductor and not
/// yet reachable under load) is left for the next move of this resource, so
/// the transfer does not fail for it ("A mandatory record is missing").
fn remove_custody_links(custodian: AgentPubKey, original_hash: &ActionHash) -> ExternResult<()> {
    for link in get_links(LinkQuery::try_new(custodian, LinkTypes::CustodianToResources)?, GetStrategy::Local)? {
        let names_it = ResourceId::of_custody_link(&link.tag, &link.target).is_some_and(|id| &id.0 == original_hash)
            || link.target.clone().into_action_hash().is_some_and(|t| &t == original_hash);
        if names_it && get(link.create_link_hash.clone(), GetOptions::network())?.is_some() {
            delete_link(link.create_link_hash, GetOptions::network())?;
        }
    }
    Ok(())
}

/// "TransferCustody" → "transfer_custody", for error prefixes that name the call.
fn snake(action: VfAction) -> String {
    let mut out = String::new();
    for (i, c) in format!("{action:?}").chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Transfers custody of a resource the caller holds (spec §6.2, REQ-USER-P-03):
/// `record_event` with `TransferCustody` of the whole resource to
/// `new_custodian`. Returns the new revision.
/// Errors: "transfer_custody refused by governance: <reasons>" (e.g. the
/// caller is not the custodian, the resource is pending validation, the
/// receiver breaks a rule of the specification); "resource not found".
#[hdk_extern]
pub fn transfer_custody(input: revisions::Checked<TransferCustodyInput>) -> ExternResult<Record> {
    let input = input.read("transfer_custody")?;
    let recorded = record_event(
        RecordEventInput {
            note: input.note,
            ..RecordEventInput::new(input.resource_hash, VfAction::TransferCustody, Some(input.new_custodian))
        }
        .into(),
    )?;
    Ok(recorded.revision)
}

/// The resource's latest revision (hash, entry). When that revision is
/// pending and the caller is its custodian and its approvals now suffice, the
/// validation flip is written first and the flipped revision returned.
fn validated_if_possible(state: ResourceState) -> ExternResult<(ActionHash, EconomicResource)> {
    let current = decode_resource(&state.latest)?;
    let me = agent_info()?.agent_initial_pubkey;
    if current.status == ResourceStatus::PendingValidation && current.custodian == me {
        if let Ok(record) = write_status_transition(&state, current.clone(), ResourceStatus::Validated, None) {
            return Ok((record.action_address().clone(), decode_resource(&record)?));
        }
    }
    Ok((state.latest.action_address().clone(), current))
}

fn decode_resource(record: &Record) -> ExternResult<EconomicResource> {
    decode_entry(record, "an EconomicResource")
}

/// Asks the operator for the status change of `latest` to `target` (and,
/// for EndOfLife, the `declaration`) and writes the state it returns as the
/// next revision. `Err` carries the operator's reasons, joined by "; ".
pub(crate) fn write_status_transition(
    state: &ResourceState,
    current: EconomicResource,
    target: ResourceStatus,
    declaration: Option<ActionHash>,
) -> ExternResult<Record> {
    let latest = &state.latest;
    let decision = evaluate_status_transition(StatusTransitionRequest {
        resource_hash: latest.action_address().clone(),
        resource: current,
        target_status: target,
        declaration,
    })?;
    let Some(next) = decision.new_resource_state.filter(|_| decision.success) else {
        return Err(guest_error(decision.rejection_reasons.unwrap_or_default().join("; ")));
    };
    Ok(write_revision(&state.original_hash, latest.action_address(), next)?.1)
}

/// Writes `next` as the revision after `previous` of the resource first
/// created at `original`, and indexes it: a `ResourceToRevisions` link from
/// `original`, tagged with `previous` and the new revision's timestamp
/// (`RevisionTag`). Every revision of a resource is written here. Returns
/// the new revision's hash and record.
pub(crate) fn write_revision(
    original: &ActionHash,
    previous: &ActionHash,
    next: EconomicResource,
) -> ExternResult<(ActionHash, Record)> {
    let hash = update_entry(previous.clone(), &EntryTypes::EconomicResource(next))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new EconomicResource revision could not be read back"))?;
    let tag = RevisionTag { updates: previous.clone(), timestamp: record.action().timestamp() };
    create_link(original.clone(), hash.clone(), LinkTypes::ResourceToRevisions, tag.to_link_tag()?)?;
    Ok((hash, record))
}

/// The latest revision of the resource first created at `original` (`None`
/// when it cannot be found); [`latest_resource_revisions`] of one.
pub fn latest_resource_revision(original: &ActionHash) -> ExternResult<Option<Record>> {
    Ok(latest_resource_revisions(std::slice::from_ref(original))?.pop().flatten())
}

/// The latest revision of each resource first created at `originals` (same
/// order; `None` where one cannot be found), read together: one batched
/// `get_details` answers every resource never updated (most of a catalogue);
/// for the others, each revision's successor is its earliest update (as
/// `revisions::latest_revision` decides), read from the
/// `ResourceToRevisions` index in one `get_links` per resource, and from the
/// index's last revision `latest_revisions` follows, for all of them at once,
/// any update not indexed yet (a link still on its way, or a revision written
/// without one). Links whose chain of tags does not lead back to the
/// original are never reached.
pub fn latest_resource_revisions(originals: &[ActionHash]) -> ExternResult<Vec<Option<Record>>> {
    let mut latest: Vec<Option<Record>> = vec![None; originals.len()];
    let mut updated: Vec<usize> = Vec::new();
    for (i, details) in get_record_details_many(originals, GetOptions::network())?.into_iter().enumerate() {
        match details {
            Some(details) if details.updates.is_empty() => latest[i] = Some(details.record),
            Some(_) => updated.push(i),
            None => {}
        }
    }
    let queries = updated
        .iter()
        .map(|&i| LinkQuery::try_new(originals[i].clone(), LinkTypes::ResourceToRevisions))
        .collect::<ExternResult<Vec<_>>>()?;
    let heads: Vec<ActionHash> = updated
        .iter()
        .zip(get_links_many(queries, GetStrategy::Network)?)
        .map(|(&i, links)| indexed_head(&originals[i], &links))
        .collect();
    let mut unreadable: Vec<usize> = Vec::new();
    for (i, found) in updated.into_iter().zip(latest_revisions(&heads)?) {
        match found {
            Some(record) => latest[i] = Some(record),
            None => unreadable.push(i),
        }
    }
    // A head that cannot be read (yet): follow the chain from the original instead.
    let again = latest_revisions(&unreadable.iter().map(|&i| originals[i].clone()).collect::<Vec<_>>())?;
    for (i, found) in unreadable.into_iter().zip(again) {
        latest[i] = found;
    }
    Ok(latest)
}

/// The last revision that `links`, the `ResourceToRevisions` index of
/// `original`, lead to (`original` itself when the index is empty): from
/// `original`, each revision's successor is the earliest (tag timestamp,
/// then hash) indexed update of it.
fn indexed_head(original: &ActionHash, links: &[Link]) -> ActionHash {
    let mut successor: std::collections::HashMap<ActionHash, (Timestamp, ActionHash)> = Default::default();
    for link in links {
        let (Some(tag), Some(target)) = (RevisionTag::from_link_tag(&link.tag), link.target.clone().into_action_hash())
        else {
            continue;
        };
        let candidate = (tag.timestamp, target);
        successor
            .entry(tag.updates)
            .and_modify(|earliest| {
                if candidate < *earliest {
                    *earliest = candidate.clone();
                }
            })
            .or_insert(candidate);
    }
    let mut head = original.clone();
    for _ in 0..links.len() {
        match successor.get(&head) {
            Some((_, next)) => head = next.clone(),
            None => break,
        }
    }
    head
}

/// Records that a pending resource passed peer validation (REQ-GOV-02/06,
/// spec §7): the operator (`evaluate_status_transition`) decides, and the
/// custodian writes the revision it returns, which sets `status` to
/// `Validated` and cites, in `approvals`, the approving receipts its
/// specification's scheme requires (integrity checks each one). Returns that
/// revision, or the latest revision unchanged when it is already Validated.
/// Errors: "confirm_resource_validation: only the custodian …";
/// "confirm_resource_validation: the resource is <pending|rejected> (<a> of <n> approvals)".
#[hdk_extern]
pub fn confirm_resource_validation(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Record> {
    let resource_hash = resource_hash.read("confirm_resource_validation")?;
    let state = get_economic_resource(resource_hash.into())?.ok_or(guest_error("resource not found"))?;
    let current = decode_resource(&state.latest)?;
    if current.status == ResourceStatus::Validated {
        return Ok(state.latest);
    }
    if current.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error(
            "confirm_resource_validation: only the custodian records the validation of a resource",
        ));
    }
    write_status_transition(&state, current, ResourceStatus::Validated, None)
        .map_err(|e| guest_error(format!("confirm_resource_validation: {}", revisions::error_text(&e))))
}

/// Whether `agent` has created at least one EconomicResource (REQ-GOV-01: a
/// Simple Agent must create a resource before accessing others'), read from
/// the agent's source chain.
#[hdk_extern]
pub fn check_first_resource_requirement(agent: revisions::Checked<AgentPubKey>) -> ExternResult<bool> {
    let agent = agent.read("check_first_resource_requirement")?;
    let entry_type: EntryType = resource_integrity::UnitEntryTypes::EconomicResource.try_into()?;
    let filter = ChainQueryFilter::new().entry_type(entry_type).action_type(ActionType::Create);
    Ok(!get_agent_activity(agent, filter, ActivityRequest::Full)?.valid_activity.is_empty())
}

/// Input of `find_resources` (discovery): every filter is optional
/// and they combine (AND). `text` matches the name or description of the
/// resource's specification, case-insensitively. `offset`/`limit` page the
/// result (`limit` 1..=100, default 20).
#[derive(Serialize, Deserialize, Debug, Clone, Default)]
pub struct ResourceQuery {
    pub spec_hash: Option<ActionHash>,
    pub custodian: Option<AgentPubKey>,
    pub validation: Option<ValidationState>,
    pub text: Option<String>,
    #[serde(default)]
    pub offset: u32,
    pub limit: Option<u32>,
}

/// One resource of a `find_resources` page: its state, its specification's
/// name, and where its peer validation stands ("approved" for a Validated
/// resource; computed from the receipts for a pending one).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ResourceListing {
    pub original_hash: ActionHash,
    pub latest: Record,
    pub spec_name: String,
    pub validation: ValidationState,
}

/// A page of `find_resources`: `total` resources match; `items` are those
/// from `offset`, at most `limit`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ResourcePage {
    pub items: Vec<ResourceListing>,
    pub total: u32,
    pub offset: u32,
    pub limit: u32,
}

/// Finds resources by specification, custodian, validation state and text,
/// paginated (discovery; spec §6.2). Order: without `custodian`,
/// specifications oldest first, then resources oldest first within each;
/// with `custodian`, the custodian's resources in the order they came into
/// their custody. Errors: "find_resources: limit must be between 1 and 100".
///
/// The candidates come from one index: the custodian's custody links when
/// `custodian` is given, else the specifications' links to their resources.
/// Only the filters that index cannot answer read every candidate
/// (`validation`; and `spec_hash` or `text` over a custodian's resources);
/// otherwise only the page is read and `total` is the index's count:
/// browsing the catalogue or one's holdings costs a page, not the catalogue.
/// A custody link not yet removed after a transfer counts in that `total`
/// but is not listed.
#[hdk_extern]
pub fn find_resources(query: revisions::Checked<ResourceQuery>) -> ExternResult<ResourcePage> {
    let query = query.read("find_resources")?;
    let limit = revisions::page_limit("find_resources", query.limit)?;
    let needle = query.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
    // (resource identity, its specification when the index already gave it), in listing order.
    let candidates: Vec<(ActionHash, Option<SpecSummary>)> = match &query.custodian {
        Some(custodian) => custody_index(custodian)?.into_iter().map(|id| (id, None)).collect(),
        None => catalogue_index(query.spec_hash.as_ref(), needle.as_deref())?,
    };
    let by_custody = query.custodian.is_some();
    let filtered = query.validation.is_some() || (by_custody && (query.spec_hash.is_some() || needle.is_some()));
    let (total, window) = if filtered {
        (None, candidates)
    } else {
        let total = candidates.len() as u32;
        (Some(total), candidates.into_iter().skip(query.offset as usize).take(limit as usize).collect())
    };
    // The window's latest revisions in one batched read.
    let originals: Vec<ActionHash> = window.iter().map(|(id, _)| id.clone()).collect();
    let mut read: Vec<(ActionHash, Option<SpecSummary>, Record, EconomicResource)> = Vec::new();
    for ((original_hash, spec), latest) in window.into_iter().zip(latest_resource_revisions(&originals)?) {
        let Some(latest) = latest else { continue };
        let resource = decode_resource(&latest)?;
        if query.custodian.as_ref().is_some_and(|c| c != &resource.custodian) {
            continue;
        }
        read.push((original_hash, spec, latest, resource));
    }
    // From the custody index: the specifications of what was read, each once, in one batched read.
    let mut specs: Vec<(ActionHash, SpecSummary)> = Vec::new();
    if by_custody {
        let mut wanted: Vec<ActionHash> = Vec::new();
        for (_, _, _, resource) in &read {
            if !wanted.contains(&resource.conforms_to) {
                wanted.push(resource.conforms_to.clone());
            }
        }
        for (hash, record) in wanted.iter().zip(revisions::get_many(&wanted, GetOptions::network())?) {
            if let Some(spec) = record.as_ref().map(spec_summary).transpose()?.flatten() {
                specs.push((hash.clone(), spec));
            }
        }
    }
    let mut kept: Vec<(ActionHash, String, Record, EconomicResource)> = Vec::new();
    for (original_hash, spec, latest, resource) in read {
        let spec = match spec {
            Some(spec) => spec,
            None => match specs.iter().find(|(h, _)| *h == resource.conforms_to) {
                Some((_, spec)) => spec.clone(),
                None => continue,
            },
        };
        if query.spec_hash.as_ref().is_some_and(|h| *h != resource.conforms_to)
            || needle.as_deref().is_some_and(|n| !spec.matches(n))
        {
            continue;
        }
        kept.push((original_hash, spec.name, latest, resource));
    }
    // The pending ones' validation in one call.
    let pending: Vec<ActionHash> = kept
        .iter()
        .filter(|(_, _, _, r)| r.status == ResourceStatus::PendingValidation)
        .map(|(id, _, _, _)| id.clone())
        .collect();
    let mut pending_states = check_validation_statuses(pending)?.into_iter().map(|v| v.status);
    let mut matches: Vec<ResourceListing> = Vec::new();
    for (original_hash, spec_name, latest, resource) in kept {
        let validation = match resource.status {
            ResourceStatus::Validated | ResourceStatus::EndOfLife => ValidationState::Approved,
            ResourceStatus::PendingValidation => pending_states
                .next()
                .ok_or(guest_error("find_resources: a pending resource's validation is missing"))?,
        };
        if query.validation.is_some_and(|v| v != validation) {
            continue;
        }
        matches.push(ResourceListing { original_hash, latest, spec_name, validation });
    }
    let (total, items) = match total {
        Some(total) => (total, matches),
        None => (matches.len() as u32, matches.into_iter().skip(query.offset as usize).take(limit as usize).collect()),
    };
    Ok(ResourcePage { items, total, offset: query.offset, limit })
}

/// The resources `custodian`'s custody links name (each once, by the
/// identity in the link's tag), oldest link first: one link query.
fn custody_index(custodian: &AgentPubKey) -> ExternResult<Vec<ActionHash>> {
    let mut links =
        get_links(LinkQuery::try_new(custodian.clone(), LinkTypes::CustodianToResources)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    let mut seen = std::collections::HashSet::new();
    Ok(links
        .iter()
        .filter_map(|l| ResourceId::of_custody_link(&l.tag, &l.target))
        .map(|id| id.0)
        .filter(|original| seen.insert(original.clone()))
        .collect())
}

/// The resources of `spec_hash` (or of every specification whose name or
/// description contains `needle`, or of all), each with its specification,
/// specifications oldest first and resources oldest first within each: one
/// link query per specification.
fn catalogue_index(
    spec_hash: Option<&ActionHash>,
    needle: Option<&str>,
) -> ExternResult<Vec<(ActionHash, Option<SpecSummary>)>> {
    let specs: Vec<Record> = match spec_hash {
        Some(hash) => revisions::get_record(hash.clone(), GetOptions::network())?.into_iter().collect(),
        None => crate::resource_specification::get_all_resource_specs(())?,
    };
    let mut candidates = Vec::new();
    for spec_record in specs {
        let Some(spec) = spec_summary(&spec_record)? else { continue };
        if needle.is_some_and(|n| !spec.matches(n)) {
            continue;
        }
        let query = LinkQuery::try_new(spec_record.action_address().clone(), LinkTypes::SpecificationToResources)?;
        let mut links = get_links(query, GetStrategy::Network)?;
        links.sort_by_key(|l| l.timestamp);
        candidates
            .extend(links.into_iter().filter_map(|l| l.target.into_action_hash()).map(|id| (id, Some(spec.clone()))));
    }
    Ok(candidates)
}
