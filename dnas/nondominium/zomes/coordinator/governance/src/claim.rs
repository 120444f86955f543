//! Claims (spec §4.3.3, §6.3 `claim_commitment`): the provider fulfils an
//! accepted commitment. One call records the EconomicEvent and the
//! resource's next revision (through the resource zome and the operator),
//! then the Claim linking commitment and event. The rules are in
//! `governance_integrity::claim`; the checks here only refuse early.
use governance_integrity::{EntryTypes, LinkTypes};
use hdk::prelude::*;
use nondominium_types::{
    CarriedTarget, Claim, Commitment, CommitmentDecision, CommitmentStatus, Decision, EconomicResource,
    CLAIM_ENTRY_INDEX, COMMITMENT_DECISION_ENTRY_INDEX,
};
use revisions::{decode_entry, get_many, guest_error, latest_revision, linked_records_many, original_of};

use crate::commitment::{acceptance_in, get_commitment, my_entries, status_word};
use crate::resource_calls::{record_event, RecordEventInput};

/// Input of `claim_commitment`. `resource_hash` (any revision) is required
/// for a commitment on a specification and must then conform to it; for a
/// commitment on one resource it may be omitted (or must be a revision of
/// that resource). `resource_quantity` defaults to the committed quantity,
/// and may not exceed it (in the resource's unit).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ClaimCommitmentInput {
    pub commitment_hash: ActionHash,
    pub resource_hash: Option<ActionHash>,
    pub resource_quantity: Option<f64>,
    pub note: Option<String>,
}

/// What `claim_commitment` wrote: the Claim, the EconomicEvent's hash, and
/// the resource revision the event produced.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ClaimCommitmentOutput {
    pub claim: Record,
    pub event_hash: ActionHash,
    pub revision: Record,
}

/// A claim with the commitment it fulfils (the audit trail of an event).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ClaimWithCommitment {
    pub claim: Record,
    pub commitment: Record,
}

/// Fulfils an accepted commitment (spec §4.3.3, §6.3): the provider asks the
/// resource zome to record the committed action (`record_event`: the
/// operator decides and records the EconomicEvent, the resource zome writes
/// the revision), then writes the Claim citing the commitment, the event and
/// the counterparty's acceptance, linked from both. All in one atomic call:
/// if any write is refused, nothing is written.
/// Errors: "claim_commitment: only the commitment's provider claims it …";
/// "claim_commitment: the commitment is <status>; only an accepted commitment
/// can be claimed"; "claim_commitment: resource_hash is required …";
/// "claim_commitment: resource_quantity must not exceed the committed quantity";
/// the operator's refusal; the integrity rule's message.
#[hdk_extern]
pub fn claim_commitment(input: revisions::Checked<ClaimCommitmentInput>) -> ExternResult<ClaimCommitmentOutput> {
    let input = input.read("claim_commitment")?;
    let me = agent_info()?.agent_initial_pubkey;
    let view = get_commitment(input.commitment_hash.clone().into())?
        .ok_or(guest_error("claim_commitment: commitment not found"))?;
    let commitment: Commitment = decode_entry(&view.record, "a Commitment")?;
    if commitment.provider != me {
        return Err(guest_error(
            "claim_commitment: only the commitment's provider claims it (they perform the action and record its event)",
        ));
    }
    let mine = my_entries::<Claim>(CLAIM_ENTRY_INDEX)?;
    let my_decisions = my_entries::<CommitmentDecision>(COMMITMENT_DECISION_ENTRY_INDEX)?;
    let status = if mine.iter().any(|c| c.fulfills == input.commitment_hash) {
        CommitmentStatus::Claimed
    } else if my_decisions.iter().any(|d| d.commitment == input.commitment_hash && d.decision == Decision::Cancelled) {
        CommitmentStatus::Cancelled
    } else {
        view.status
    };
    if status != CommitmentStatus::Accepted {
        return Err(guest_error(format!(
            "claim_commitment: the commitment is {}; only an accepted commitment can be claimed",
            status_word(status)
        )));
    }
    let acceptance =
        acceptance_in(&view)?.ok_or(guest_error("claim_commitment: the counterparty's acceptance cannot be found"))?;
    let resource_hash = resource_to_act_on(&commitment, input.resource_hash)?;
    let identity = original_of(&resource_hash)?.ok_or(guest_error("claim_commitment: resource not found"))?;
    let quantity = input.resource_quantity.unwrap_or(commitment.resource_quantity);
    if quantity > commitment.resource_quantity {
        return Err(guest_error(format!(
            "claim_commitment: resource_quantity must not exceed the committed quantity ({})",
            commitment.resource_quantity
        )));
    }
    let recorded = record_event(RecordEventInput {
        resource_quantity: Some(quantity),
        note: input.note.clone(),
        ..RecordEventInput::new(resource_hash, commitment.action, Some(commitment.receiver.clone()))
    })?;
    let claim = Claim {
        fulfills: input.commitment_hash.clone(),
        fulfilled_by: recorded.event_hash.clone(),
        acceptance,
        claimed_at: sys_time()?,
        note: input.note,
    };
    let claim_hash = create_entry(&EntryTypes::Claim(claim))?;
    let claim = revisions::get_record(claim_hash.clone(), GetOptions::local())?
        .ok_or(guest_error("the new Claim could not be read back"))?;
    // Both carry a copy of the claim: a peer decides them without waiting for it, and the claimant's next
    // claim or decision reads it from there instead of fetching it (`CarriedTarget`).
    let carried = CarriedTarget::of(&claim, true)?;
    create_link(input.commitment_hash, claim_hash.clone(), LinkTypes::CommitmentToClaims, carried.clone())?;
    create_link(recorded.event_hash.clone(), claim_hash.clone(), LinkTypes::EconomicEventToClaims, carried)?;
    create_link(
        identity,
        claim_hash.clone(),
        LinkTypes::ResourceToClaims,
        nondominium_types::hash_tag(&recorded.event_hash),
    )?;
    Ok(ClaimCommitmentOutput { claim, event_hash: recorded.event_hash, revision: recorded.revision })
}

/// The revision to record the event on: the committed resource (or the
/// given revision of it), or for a specification commitment the given
/// resource, which must conform to it.
fn resource_to_act_on(commitment: &Commitment, given: Option<ActionHash>) -> ExternResult<ActionHash> {
    match (&commitment.resource_inventoried_as, &commitment.resource_conforms_to, given) {
        (Some(committed), _, None) => Ok(committed.0.clone()),
        (Some(committed), _, Some(hash)) => {
            if original_of(&hash)?.as_ref() != Some(&committed.0) {
                return Err(guest_error(
                    "claim_commitment: resource_hash must be a revision of the committed resource",
                ));
            }
            Ok(hash)
        }
        (None, Some(_), None) => {
            Err(guest_error("claim_commitment: resource_hash is required for a commitment on a specification"))
        }
        (None, Some(spec), Some(hash)) => {
            let latest = latest_revision(&hash)?.ok_or(guest_error("claim_commitment: resource_hash not found"))?;
            let resource: EconomicResource = decode_entry(&latest, "an EconomicResource")?;
            if &resource.conforms_to != spec {
                return Err(guest_error(
                    "claim_commitment: the resource does not conform to the committed specification",
                ));
            }
            Ok(hash)
        }
        (None, None, _) => Err(guest_error("claim_commitment: the commitment names no resource")),
    }
}

/// Every claim an EconomicEvent fulfils, with its commitment, oldest first
/// (the audit trail: why this event happened). Integrity allows at most one.
#[hdk_extern]
pub fn get_claims_for_event(event_hash: revisions::Checked<ActionHash>) -> ExternResult<Vec<ClaimWithCommitment>> {
    let event_hash = event_hash.read("get_claims_for_event")?;
    Ok(claims_for_events(std::slice::from_ref(&event_hash))?.pop().unwrap_or_default())
}

/// [`get_claims_for_event`] of each event in `events` (same order), in
/// three batched reads for all of them: the claim links, the claims, their
/// commitments. A claim whose commitment cannot be read (yet) is left out.
pub(crate) fn claims_for_events(events: &[ActionHash]) -> ExternResult<Vec<Vec<ClaimWithCommitment>>> {
    let queries = events
        .iter()
        .map(|e| LinkQuery::try_new(e.clone(), LinkTypes::EconomicEventToClaims))
        .collect::<ExternResult<Vec<_>>>()?;
    let linked: Vec<(usize, Record)> = linked_records_many(queries)?
        .into_iter()
        .enumerate()
        .flat_map(|(i, records)| records.into_iter().map(move |r| (i, r)))
        .collect();
    with_commitments(events, linked)
}

/// [`claims_for_events`] of events all about `resource` (its identity, the
/// first revision): the same answer from one `ResourceToClaims` query for
/// all of them instead of one query per event (a link query costs about
/// the same whatever it returns), then the claims and their commitments.
pub(crate) fn claims_for_resource_events(
    resource: &ActionHash,
    events: &[ActionHash],
) -> ExternResult<Vec<Vec<ClaimWithCommitment>>> {
    let mut links =
        get_links(LinkQuery::try_new(resource.clone(), LinkTypes::ResourceToClaims)?, GetStrategy::Network)?;
    links.sort_by_key(|l| l.timestamp);
    // (index of the event, claim hash) for each link filed under an event asked about.
    let cited: Vec<(usize, ActionHash)> = links
        .into_iter()
        .filter_map(|l| {
            let event = nondominium_types::hash_in_tag(&l.tag)?;
            Some((events.iter().position(|e| *e == event)?, l.target.into_action_hash()?))
        })
        .collect();
    let records = get_many(&cited.iter().map(|(_, h)| h.clone()).collect::<Vec<_>>(), GetOptions::network())?;
    let linked: Vec<(usize, Record)> =
        cited.into_iter().zip(records).filter_map(|((i, _), record)| Some((i, record?))).collect();
    with_commitments(events, linked)
}

/// The claims in `linked` (index of the event in `events`, a linked record)
/// that fulfil that event, each with its commitment (one batched read), per
/// event in `events` order; a claim whose commitment cannot be read (yet)
/// is left out. Errors: a linked record that is not a Claim.
fn with_commitments(
    events: &[ActionHash],
    linked: Vec<(usize, Record)>,
) -> ExternResult<Vec<Vec<ClaimWithCommitment>>> {
    let mut claims: Vec<(usize, Record, ActionHash)> = Vec::new();
    for (i, record) in linked {
        let claim: Claim = decode_entry(&record, "a Claim")?;
        if claim.fulfilled_by == events[i]
            && !claims.iter().any(|(j, r, _)| *j == i && r.action_address() == record.action_address())
        {
            claims.push((i, record, claim.fulfills));
        }
    }
    let commitments = get_many(&claims.iter().map(|(_, _, c)| c.clone()).collect::<Vec<_>>(), GetOptions::network())?;
    let mut out: Vec<Vec<ClaimWithCommitment>> = vec![Vec::new(); events.len()];
    for ((i, claim, _), commitment) in claims.into_iter().zip(commitments) {
        if let Some(commitment) = commitment {
            out[i].push(ClaimWithCommitment { claim, commitment });
        }
    }
    Ok(out)
}
