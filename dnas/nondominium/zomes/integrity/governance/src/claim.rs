//! Rules of `Claim` (spec §4.3.3, §7 "the governance integrity zome ensures
//! a Claim matches its Commitment") and of the `CommitmentToClaims` and
//! `EconomicEventToClaims` links.
use hdi::prelude::*;
use nondominium_types::{cited, invalid};

use nondominium_types::{
    applied_in, chain_back, check_acceptance, check_event_matches_commitment, check_note, check_stated_time,
    first_revision, typed_record, verdict, Claim, Commitment, CommitmentDecision, Decision, EconomicEvent,
    EconomicResource, CLAIM_ENTRY_INDEX, COMMITMENT_DECISION_ENTRY_INDEX, COMMITMENT_ENTRY_INDEX,
    ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY,
};

use nondominium_types::entries_in;

/// Create (enforcement source 2, credentials by reference, then source 3):
/// - note length;
/// - `fulfills` is a valid Commitment and the author is its provider (the
///   party who performs the action and records the event);
/// - `acceptance` is the Accepted CommitmentDecision of that commitment by
///   its counterparty;
/// - `fulfilled_by` is a valid EconomicEvent that matches the commitment:
///   same action, provider (hence recorded by the claimant, since an event's
///   provider is its author) and receiver, at most the committed quantity
///   (`check_event_matches_commitment`); its `resource_inventoried_as` is a
///   revision of the committed resource, or of a resource conforming to the
///   committed specification; and it was recorded no earlier than the
///   commitment (an old event cannot be passed off as its fulfilment);
/// - the history rules ([`validate_claim_history`]).
pub fn validate_create_claim(action: &Create, claim: &Claim) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_note("Claim", &claim.note) {
        invalid!("{e}");
    }
    if let Err(e) = check_stated_time("Claim", "claimed_at", claim.claimed_at, action.timestamp) {
        invalid!("{e}");
    }
    let (commitment_record, commitment) = cited!(typed_record::<Commitment>(
        &claim.fulfills,
        GOVERNANCE_INTEGRITY,
        COMMITMENT_ENTRY_INDEX,
        "Claim fulfills",
        "a Commitment",
    ));
    if action.author != commitment.provider {
        invalid!("Claim author must be the commitment's provider");
    }
    if let Err(e) = claim_dating(action, claim)? {
        invalid!("{e}");
    }
    let (acceptance_record, acceptance) = cited!(typed_record::<CommitmentDecision>(
        &claim.acceptance,
        GOVERNANCE_INTEGRITY,
        COMMITMENT_DECISION_ENTRY_INDEX,
        "Claim acceptance",
        "a CommitmentDecision",
    ));
    if let Err(e) = check_acceptance(
        &commitment,
        &claim.fulfills,
        commitment_record.action().author(),
        &acceptance,
        acceptance_record.action().author(),
    ) {
        invalid!("{e}");
    }
    let (event_record, event) =
        cited!(nondominium_types::cited_event(&claim.fulfilled_by, &action.author, "Claim fulfilled_by"));
    if let Err(e) = check_event_matches_commitment(&commitment, &event) {
        invalid!("{e}");
    }
    if let Some(resource) = &commitment.resource_inventoried_as {
        if first_revision(&event.resource_inventoried_as.0)?.hashed.hash != resource.0 {
            invalid!("Claim fulfilled_by must match the commitment's resource");
        }
    }
    if let Some(spec) = &commitment.resource_conforms_to {
        let (_, revision) = cited!(typed_record::<EconomicResource>(
            &event.resource_inventoried_as.0,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "EconomicEvent resource_inventoried_as",
            "an EconomicResource",
        ));
        if &revision.conforms_to != spec {
            invalid!("Claim fulfilled_by must match the commitment's specification");
        }
    }
    if event_record.action().timestamp() < commitment_record.action().timestamp() {
        invalid!("Claim fulfilled_by must be recorded after the commitment was made");
    }
    validate_claim_history(action, claim)
}

/// The dating rule of a claim (README "dating"): not dated before the
/// commitment it fulfills by more than the network's clock tolerance, so a
/// party's later decision on the commitment ("not claimed before a cancel")
/// reads its chain back only to that time. Inner `Err`: "Claim must not be
/// dated before the commitment it fulfills (fulfills) by more than the
/// network's clock tolerance (<n> s): check this device's clock".
fn claim_dating(action: &Create, claim: &Claim) -> ExternResult<Result<Timestamp, String>> {
    nondominium_types::check_dated_after(
        "Claim",
        "the commitment it fulfills (fulfills)",
        action.timestamp,
        &claim.fulfills,
    )
}

/// The EconomicEvent at `hash` (checked to be one), for the history rules:
/// read as held, since the claimant wrote it in the same call (its own rules
/// are decided with the claim's, by `cited_event`).
fn must_get_entry_of_event(hash: &ActionHash) -> ExternResult<EconomicEvent> {
    match nondominium_types::held_record::<EconomicEvent>(
        hash,
        GOVERNANCE_INTEGRITY,
        ECONOMIC_EVENT_ENTRY_INDEX,
        "Claim fulfilled_by",
        "an EconomicEvent",
    )? {
        Ok((_, event)) => Ok(event),
        Err(e) => Err(wasm_error!(WasmErrorInner::Guest(e))),
    }
}

/// The history rules, read from the claimant's chain before this claim
/// (enforcement source 3; also run for the RegisterAgentActivity op). Only a
/// commitment's provider claims it, and only with an event they recorded,
/// so their own chain is the whole story:
/// - no earlier Claim of the same commitment (a commitment is claimed at most once);
/// - no earlier Claim citing the same event (one event fulfils one commitment);
/// - no earlier Cancelled decision of the commitment by the claimant;
/// - the claimed event is one the claimant applied: their chain holds the
///   revision that cites it (an event that never reached the resource fulfils
///   nothing).
///
/// The read goes back only to [`claim_history_anchor`], not to genesis.
pub fn validate_claim_history(action: &Create, claim: &Claim) -> ExternResult<ValidateCallbackResult> {
    // The dating rule, for the RegisterAgentActivity op (the content rules check it first).
    if let Err(e) = claim_dating(action, claim)? {
        invalid!("{e}");
    }
    // One read of the claimant's chain serves every rule below.
    let anchor = claim_history_anchor(action, claim)?;
    let history = chain_back(&action.author, &action.prev_action, anchor.as_ref())?;
    let claims: Vec<(ActionHash, Claim)> = entries_in(&history, CLAIM_ENTRY_INDEX)?;
    if claims.iter().any(|(_, c)| c.fulfills == claim.fulfills) {
        invalid!("Claim fulfills was already claimed by this provider");
    }
    if claims.iter().any(|(_, c)| c.fulfilled_by == claim.fulfilled_by) {
        invalid!("Claim fulfilled_by already fulfils another commitment of this provider");
    }
    let decisions: Vec<(ActionHash, CommitmentDecision)> = entries_in(&history, COMMITMENT_DECISION_ENTRY_INDEX)?;
    if decisions.iter().any(|(_, d)| d.commitment == claim.fulfills && d.decision == Decision::Cancelled) {
        invalid!("Claim fulfills was cancelled by this provider");
    }
    let event = must_get_entry_of_event(&claim.fulfilled_by)?;
    Ok(verdict(applied_in(&history, &event.resource_inventoried_as, &claim.fulfilled_by)?, || {
        "Claim fulfilled_by must be an event the claimant applied to the resource: no revision of theirs cites it in last_event"
            .into()
    }))
}

/// Where on the claimant's chain the history rules can stop reading: the
/// older of the claimed event and the claimant's own record of the
/// commitment — the commitment itself when they proposed it, else their
/// acceptance of it (the counterparty accepts, and the claimant is then the
/// counterparty). Nothing the rules look for can come before it:
/// - an earlier claim of the commitment cites it, so comes after it on the
///   chain that holds it; where the receiver proposed, a valid earlier claim
///   cites the claimant's one decision on it, this same acceptance (a party
///   decides once), so comes after that;
/// - an earlier claim of the event, and the revision that applies it, come
///   after the event;
/// - a Cancelled decision by the claimant comes after a commitment they
///   proposed; where they accepted it, a cancel would be their second
///   decision, which makes the acceptance invalid and the claim with it.
///
/// A record cannot cite one written after it (its hash is not known yet),
/// so the bound holds for a rogue's chain too. `None` (read to genesis)
/// when either is not the claimant's, or the acceptance is no decision on
/// this commitment: the other rules reject such a claim.
fn claim_history_anchor(action: &Create, claim: &Claim) -> ExternResult<Option<ActionHash>> {
    let commitment = must_get_action(claim.fulfills.clone())?;
    let (own_hash, own) = if commitment.action().author() == &action.author {
        (claim.fulfills.clone(), commitment)
    } else {
        // Only a decision on this commitment bounds the read (the RegisterAgentActivity op runs these rules alone).
        match nondominium_types::held_record::<CommitmentDecision>(
            &claim.acceptance,
            GOVERNANCE_INTEGRITY,
            COMMITMENT_DECISION_ENTRY_INDEX,
            "Claim acceptance",
            "a CommitmentDecision",
        )? {
            Ok((record, decision)) if decision.commitment == claim.fulfills => {
                (claim.acceptance.clone(), record.signed_action)
            }
            _ => return Ok(None),
        }
    };
    let event = must_get_action(claim.fulfilled_by.clone())?;
    if own.action().author() != &action.author || event.action().author() != &action.author {
        return Ok(None);
    }
    Ok(Some(if own.action().action_seq() <= event.action().action_seq() {
        own_hash
    } else {
        claim.fulfilled_by.clone()
    }))
}

/// The claim at `target`, checked to be a Claim, with its author: from the
/// copy a link's `carrying` tag holds ([`nondominium_types::CarriedTarget`],
/// checked by hash, so a link written in the claim's call is decided without
/// waiting for the claim to arrive), else as held. `None` for a link whose
/// tag holds something else.
fn claim_at(
    target: &AnyLinkableHash,
    carrying: Option<&LinkTag>,
    link: &str,
) -> ExternResult<Result<(AgentPubKey, Claim), String>> {
    let Some(hash) = target.clone().into_action_hash() else {
        return Ok(Err(format!("{link} link target must reference a Claim")));
    };
    let no_copy = LinkTag::new(Vec::<u8>::new());
    Ok(nondominium_types::link_target_record::<Claim>(
        carrying.unwrap_or(&no_copy),
        &hash,
        link,
        GOVERNANCE_INTEGRITY,
        CLAIM_ENTRY_INDEX,
        &format!("{link} link target"),
        "a Claim",
    )?
    .map(|(action, claim)| (action.author().clone(), claim)))
}

/// `CommitmentToClaims` link: from the claim's commitment (`fulfills`) to
/// the claim, created by the claimant.
pub fn validate_create_link_commitment_to_claims(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (author, claim) = cited!(claim_at(target, Some(&action.tag), "CommitmentToClaims"));
    if base.clone().into_action_hash().as_ref() != Some(&claim.fulfills) {
        invalid!("CommitmentToClaims link base must be the claim's commitment");
    }
    Ok(verdict(author == action.author, || "CommitmentToClaims link must be created by the claimant".into()))
}

/// `EconomicEventToClaims` link: from the claim's event (`fulfilled_by`) to
/// the claim, created by the claimant (the audit trail from an event).
pub fn validate_create_link_economic_event_to_claims(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (author, claim) = cited!(claim_at(target, Some(&action.tag), "EconomicEventToClaims"));
    if base.clone().into_action_hash().as_ref() != Some(&claim.fulfilled_by) {
        invalid!("EconomicEventToClaims link base must be the claim's event");
    }
    Ok(verdict(author == action.author, || "EconomicEventToClaims link must be created by the claimant".into()))
}

/// `ResourceToClaims` link: from the resource the claim's event is about
/// (its identity, the first revision), to the claim, by the claimant,
/// tagged with the claim's event (`fulfilled_by`). What it lets a reader
/// trust: every claim under a resource fulfils an event about that
/// resource, filed under that event, by whoever claimed it.
pub fn validate_create_link_resource_to_claims(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (author, claim) = cited!(claim_at(target, None, "ResourceToClaims"));
    if author != action.author {
        invalid!("ResourceToClaims link must be created by the claimant");
    }
    if nondominium_types::hash_in_tag(&action.tag).as_ref() != Some(&claim.fulfilled_by) {
        invalid!("ResourceToClaims link tag must be the claim's event (fulfilled_by)");
    }
    let event = must_get_entry_of_event(&claim.fulfilled_by)?;
    let identity = first_revision(&event.resource_inventoried_as.0)?.hashed.hash;
    Ok(verdict(base.clone().into_action_hash().as_ref() == Some(&identity), || {
        "ResourceToClaims link base must be the resource of the claim's event (its first revision)".into()
    }))
}
