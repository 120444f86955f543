//! Commitments (spec §4.3.2, §6.3 `propose_commitment`, `accept_commitment`;
//! REQ-GOV-01): propose, accept, decline, cancel, read. The rules are in
//! `governance_integrity::{commitment, commitment_decision}`; the checks here
//! only refuse early, in the same words or friendlier ones.
use governance_integrity::{EntryTypes, LinkTypes};
use hdk::prelude::*;
use nondominium_types::{
    check_commitment_fields, check_decision_author, check_proposer, check_usage_limits, commitment_status,
    counterparty, integrity_zome_index, is_progenitor, needs_first_resource, CarriedTarget, Claim, Commitment,
    CommitmentDecision, CommitmentStatus, Decision, EconomicResource, ResourceId, VfAction, CLAIM_ENTRY_INDEX,
    COMMITMENT_DECISION_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, FIRST_RESOURCE_REQUIRED, GOVERNANCE_INTEGRITY,
    RESOURCE_INTEGRITY,
};
use revisions::{decode_entry, entry_of, guest_error, linked_records, original_of};

/// Input of `propose_commitment`: the caller is the provider or the receiver.
/// Exactly one of `resource_inventoried_as` (any revision of the resource;
/// the commitment stores its first revision) and `resource_conforms_to` (a
/// ResourceSpecification). `resource_quantity` is in the resource's unit;
/// `due_date` in microseconds since the epoch.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ProposeCommitmentInput {
    pub action: VfAction,
    pub provider: AgentPubKey,
    pub receiver: AgentPubKey,
    pub resource_inventoried_as: Option<ActionHash>,
    pub resource_conforms_to: Option<ActionHash>,
    pub resource_quantity: f64,
    pub due_date: Timestamp,
    pub note: Option<String>,
}

/// Input of `accept_commitment`, `decline_commitment`, `cancel_commitment`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct DecideCommitmentInput {
    pub commitment_hash: ActionHash,
    pub note: Option<String>,
}

/// A commitment with where it stands: its record, its status computed from
/// its decisions and claim (`nondominium_types::commitment_status`), its
/// decisions (oldest first) and its claim, if any.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct CommitmentView {
    pub record: Record,
    pub status: CommitmentStatus,
    pub decisions: Vec<Record>,
    pub claim: Option<Record>,
}

/// The caller's commitments, each as a view, oldest first: those the caller
/// proposed, and those the other party proposed to the caller.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct MyCommitments {
    pub proposed_by_me: Vec<CommitmentView>,
    pub proposed_to_me: Vec<CommitmentView>,
}

/// Proposes a commitment (spec §4.3.2, §6.3) and links it from both parties'
/// agent keys. Returns its record.
/// Errors: "propose_commitment: resource_inventoried_as not found"; the
/// integrity rule's message for bad fields, a caller who is not a party, or
/// REQ-GOV-01 ("Commitment receiver must have created an EconomicResource
/// before proposing to access someone else's (REQ-GOV-01)").
#[hdk_extern]
pub fn propose_commitment(input: revisions::Checked<ProposeCommitmentInput>) -> ExternResult<Record> {
    let input = input.read("propose_commitment")?;
    let me = agent_info()?.agent_initial_pubkey;
    let (resource_inventoried_as, creator) = match &input.resource_inventoried_as {
        None => (None, None),
        Some(hash) => {
            let original =
                original_of(hash)?.ok_or(guest_error("propose_commitment: resource_inventoried_as not found"))?;
            let record = revisions::get_record(original.clone(), GetOptions::network())?
                .ok_or(guest_error("propose_commitment: resource_inventoried_as not found"))?;
            (Some(ResourceId(original)), Some(record.action().author().clone()))
        }
    };
    let commitment = Commitment {
        action: input.action,
        provider: input.provider,
        receiver: input.receiver,
        resource_inventoried_as,
        resource_conforms_to: input.resource_conforms_to,
        resource_quantity: input.resource_quantity,
        due_date: input.due_date,
        note: input.note,
        committed_at: sys_time()?,
    };
    check_commitment_fields(&commitment).and_then(|_| check_proposer(&commitment, &me)).map_err(guest_error)?;
    if needs_first_resource(&commitment, &me, creator.as_ref()) && !is_progenitor(&me)? && !i_created_a_resource()? {
        return Err(guest_error(FIRST_RESOURCE_REQUIRED));
    }
    refuse_if_rules_break("propose_commitment", &commitment)?;
    let hash = create_entry(&EntryTypes::Commitment(commitment.clone()))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new Commitment could not be read back"))?;
    // Both party links carry a copy of the commitment: their rules never wait for it (nondominium_types::carried).
    let tag = nondominium_types::CarriedTarget::of(&record, true)?;
    create_link(commitment.provider, hash.clone(), LinkTypes::AgentToCommitments, tag.clone())?;
    create_link(commitment.receiver, hash, LinkTypes::AgentToCommitments, tag)?;
    Ok(record)
}

/// Refuses, before anything is written, a commitment the specification's
/// rules would refuse at the claim (the rules bind the promise, not
/// only the event): the receiver rules for its action (`evaluate_rules`) and
/// `usage_limit` for its quantity. The specification is the committed one,
/// or the one the committed resource conforms to. Integrity enforces the same
/// rules on the claim's event; a commitment that breaks them can never be
/// claimed. Errors: "<fn_name> refused by the specification's rules: <reasons>".
fn refuse_if_rules_break(fn_name: &str, commitment: &Commitment) -> ExternResult<()> {
    let spec_hash = match (&commitment.resource_conforms_to, &commitment.resource_inventoried_as) {
        (Some(spec), _) => spec.clone(),
        (None, Some(resource)) => {
            let Some(record) = revisions::get_record(resource.0.clone(), GetOptions::network())? else { return Ok(()) };
            decode_entry::<EconomicResource>(&record, "an EconomicResource")?.conforms_to
        }
        (None, None) => return Ok(()),
    };
    let Some(spec) = crate::rules::specification_at(&spec_hash)? else { return Ok(()) };
    let mut reasons =
        crate::rules::evaluate_rules(commitment.action, &spec, &commitment.provider, &commitment.receiver)?.reasons;
    if let Err(e) = check_usage_limits(&spec, commitment.action, commitment.resource_quantity) {
        reasons.push(e);
    }
    if reasons.is_empty() {
        return Ok(());
    }
    Err(guest_error(format!("{fn_name} refused by the specification's rules: {}", reasons.join("; "))))
}

/// Whether the caller's own chain holds a Create of an EconomicResource
/// (REQ-GOV-01), read locally: exact for one's own chain.
fn i_created_a_resource() -> ExternResult<bool> {
    let resource_zome = integrity_zome_index(RESOURCE_INTEGRITY)?;
    let creates = query(ChainQueryFilter::new().action_type(ActionType::Create))?;
    Ok(creates.iter().any(|r| {
        matches!(r.action().entry_type(),
            Some(EntryType::App(def)) if def.zome_index == resource_zome && def.entry_index.0 == ECONOMIC_RESOURCE_ENTRY_INDEX)
    }))
}

/// The entries of governance entry type `entry_index` on the caller's own
/// chain, decoded as `T` (read locally: what the integrity history rules will see).
pub(crate) fn my_entries<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(
    entry_index: u8,
) -> ExternResult<Vec<T>> {
    Ok(my_entries_with_hashes(entry_index)?.into_iter().map(|(_, entry)| entry).collect())
}

/// [`my_entries`], each with its action hash.
pub(crate) fn my_entries_with_hashes<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(
    entry_index: u8,
) -> ExternResult<Vec<(ActionHash, T)>> {
    let entry_type = EntryType::App(AppEntryDef {
        entry_index: EntryDefIndex(entry_index),
        zome_index: integrity_zome_index(GOVERNANCE_INTEGRITY)?,
        visibility: EntryVisibility::Public,
    });
    let filter = ChainQueryFilter::new().entry_type(entry_type).action_type(ActionType::Create).include_entries(true);
    let mut out = Vec::new();
    for record in query(filter)? {
        if let Ok(Some(entry)) = entry_of::<T>(&record) {
            out.push((record.action_address().clone(), entry));
        }
    }
    Ok(out)
}

/// The commitment at `hash` with its decisions, claim and status; `None`
/// when not found. Errors when the record is not a Commitment.
#[hdk_extern]
pub fn get_commitment(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<CommitmentView>> {
    let hash = hash.read("get_commitment")?;
    let Some(record) = revisions::get_record(hash.clone(), GetOptions::network())? else {
        return Ok(None);
    };
    view_of(record).map(Some)
}

pub(crate) fn view_of(record: Record) -> ExternResult<CommitmentView> {
    let hash = record.action_address().clone();
    let commitment: Commitment = decode_entry(&record, "a Commitment")?;
    let mut decisions = Vec::new();
    let mut answers = Vec::new();
    for d in linked_records(LinkQuery::try_new(hash.clone(), LinkTypes::CommitmentToDecisions)?)? {
        let decision: CommitmentDecision = decode_entry(&d, "a CommitmentDecision")?;
        if decision.commitment == hash {
            answers.push((d.action().author().clone(), decision.decision));
            decisions.push(d);
        }
    }
    let mut claim = None;
    for c in linked_records(LinkQuery::try_new(hash.clone(), LinkTypes::CommitmentToClaims)?)? {
        let found: Claim = decode_entry(&c, "a Claim")?;
        if found.fulfills == hash && claim.is_none() {
            claim = Some(c);
        }
    }
    let status = commitment_status(&commitment, record.action().author(), &answers, claim.is_some());
    Ok(CommitmentView { record, status, decisions, claim })
}

/// The caller's commitments (linked from their agent key), split by who proposed them.
#[hdk_extern]
pub fn get_my_commitments(_: ()) -> ExternResult<MyCommitments> {
    nondominium_types::host::zome_info_cache::install();
    let me = agent_info()?.agent_initial_pubkey;
    let mut mine = MyCommitments { proposed_by_me: vec![], proposed_to_me: vec![] };
    let mut seen: Vec<ActionHash> = Vec::new();
    for record in linked_records(LinkQuery::try_new(me.clone(), LinkTypes::AgentToCommitments)?)? {
        if seen.contains(record.action_address()) {
            continue;
        }
        seen.push(record.action_address().clone());
        let by_me = record.action().author() == &me;
        let view = view_of(record)?;
        if by_me {
            mine.proposed_by_me.push(view);
        } else {
            mine.proposed_to_me.push(view);
        }
    }
    Ok(mine)
}

/// Records the caller's decision about a commitment, after friendly checks
/// that mirror the integrity rules (`fn_name` prefixes the refusals).
fn decide(fn_name: &str, input: DecideCommitmentInput, decision: Decision) -> ExternResult<Record> {
    let me = agent_info()?.agent_initial_pubkey;
    let view = get_commitment(input.commitment_hash.clone().into())?
        .ok_or(guest_error(format!("{fn_name}: commitment not found")))?;
    let commitment: Commitment = decode_entry(&view.record, "a Commitment")?;
    let proposer = view.record.action().author().clone();
    if let Err(e) = check_decision_author(&commitment, &proposer, decision, &me) {
        return Err(guest_error(format!("{fn_name}: {e}")));
    }
    let earlier: Vec<CommitmentDecision> = my_entries(COMMITMENT_DECISION_ENTRY_INDEX)?;
    if let Some(mine) = earlier.iter().find(|d| d.commitment == input.commitment_hash) {
        return Err(guest_error(format!("{fn_name}: you already decided on this commitment ({:?})", mine.decision)));
    }
    let claimed_by_me = my_entries::<Claim>(CLAIM_ENTRY_INDEX)?.iter().any(|c| c.fulfills == input.commitment_hash);
    let status = if claimed_by_me { CommitmentStatus::Claimed } else { view.status };
    let open = match decision {
        Decision::Accepted | Decision::Declined => status == CommitmentStatus::Proposed,
        Decision::Cancelled => matches!(status, CommitmentStatus::Proposed | CommitmentStatus::Accepted),
    };
    if !open {
        return Err(guest_error(format!("{fn_name}: the commitment is already {}", status_word(status))));
    }
    if decision == Decision::Accepted {
        refuse_if_rules_break(fn_name, &commitment)?;
    }
    let entry = CommitmentDecision { commitment: input.commitment_hash.clone(), decision, note: input.note };
    let hash = create_entry(&EntryTypes::CommitmentDecision(entry))?;
    let record = revisions::get_record(hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new CommitmentDecision could not be read back"))?;
    // The link carries a copy of the decision: the proposer's peer decides it without waiting for it (`CarriedTarget`).
    create_link(input.commitment_hash, hash, LinkTypes::CommitmentToDecisions, CarriedTarget::of(&record, true)?)?;
    Ok(record)
}

/// The status as the client spells it ("proposed", "accepted", …).
pub(crate) fn status_word(status: CommitmentStatus) -> &'static str {
    match status {
        CommitmentStatus::Proposed => "proposed",
        CommitmentStatus::Accepted => "accepted",
        CommitmentStatus::Declined => "declined",
        CommitmentStatus::Cancelled => "cancelled",
        CommitmentStatus::Claimed => "claimed",
    }
}

/// The counterparty accepts a proposed commitment (spec §6.3): the provider
/// may then claim it. Returns the decision's record. Errors:
/// "accept_commitment: CommitmentDecision author must be the commitment's
/// counterparty to accept or decline it"; "accept_commitment: the commitment
/// is already <status>"; "accept_commitment: you already decided on this commitment (…)".
#[hdk_extern]
pub fn accept_commitment(input: revisions::Checked<DecideCommitmentInput>) -> ExternResult<Record> {
    let input = input.read("accept_commitment")?;
    decide("accept_commitment", input, Decision::Accepted)
}

/// The counterparty declines a proposed commitment. Errors as for `accept_commitment`.
#[hdk_extern]
pub fn decline_commitment(input: revisions::Checked<DecideCommitmentInput>) -> ExternResult<Record> {
    let input = input.read("decline_commitment")?;
    decide("decline_commitment", input, Decision::Declined)
}

/// Either party withdraws a proposed or accepted commitment before it is
/// claimed. Errors: "cancel_commitment: CommitmentDecision author must be a
/// party of the commitment to cancel it"; "cancel_commitment: the commitment
/// is already <claimed|cancelled|declined>"; "cancel_commitment: you already
/// decided on this commitment (…)" (one decision per party: a counterparty
/// who accepted cannot cancel). A cancel racing the provider's claim may
/// still lose: the claim stands (see the README).
#[hdk_extern]
pub fn cancel_commitment(input: revisions::Checked<DecideCommitmentInput>) -> ExternResult<Record> {
    let input = input.read("cancel_commitment")?;
    decide("cancel_commitment", input, Decision::Cancelled)
}

/// The counterparty's Accepted decision in `view` (the decision a claim, or
/// a Use under the commitment, cites); `None` while there is none.
pub(crate) fn acceptance_in(view: &CommitmentView) -> ExternResult<Option<ActionHash>> {
    let counterparty = counterparty_of(view)?;
    Ok(view
        .decisions
        .iter()
        .find(|d| {
            d.action().author() == &counterparty
                && decode_entry::<CommitmentDecision>(d, "a CommitmentDecision")
                    .is_ok_and(|x| x.decision == Decision::Accepted)
        })
        .map(|d| d.action_address().clone()))
}

/// The counterparty's Accepted decision of the commitment at `hash`
/// (REQ-USER-A-04: what a Use of someone else's resource cites beside the
/// commitment); `None` when the commitment is not found or not accepted by
/// its counterparty. Whether it was since cancelled or claimed is not
/// decided here.
#[hdk_extern]
pub fn get_commitment_acceptance(hash: revisions::Checked<ActionHash>) -> ExternResult<Option<ActionHash>> {
    let hash = hash.read("get_commitment_acceptance")?;
    match get_commitment(hash.into())? {
        Some(view) => acceptance_in(&view),
        None => Ok(None),
    }
}

/// The counterparty of the commitment `view` shows (the party who did not propose it).
pub(crate) fn counterparty_of(view: &CommitmentView) -> ExternResult<AgentPubKey> {
    let commitment: Commitment = decode_entry(&view.record, "a Commitment")?;
    counterparty(&commitment, view.record.action().author())
        .cloned()
        .ok_or(guest_error("the commitment's author is not a party"))
}
