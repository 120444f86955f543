//! Host-reading rules of Private Participation Receipts (spec §4.3.6-4.3.9,
//! §7 "PPR validation"; REQ-PPR-01/03/12): the terms an interaction yields,
//! derived from its public records, and the checks of both signatures.
//! One code path for every reader: the governance integrity zome (every
//! peer, on every attestation), the issuer's coordinator (what it signs),
//! the counterparty's coordinator (what it agrees to sign) and the verifier
//! of a shared reputation summary.
use std::collections::BTreeSet;

use hdi::prelude::*;

use crate::{
    claim_types_for_action, claim_types_for_validation, first_revision, is_app_entry, reputation_score, typed,
    BilateralSignature, Claim, Commitment, EconomicEvent, EconomicProcess, EconomicResource, EndOfLifeDeclaration,
    ParticipationAttestation, ParticipationTerms, PerformanceMetrics, ValidationReceipt, ValidationType, VfAction,
    CLAIM_ENTRY_INDEX, COMMITMENT_ENTRY_INDEX, ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_PROCESS_ENTRY_INDEX,
    ECONOMIC_RESOURCE_ENTRY_INDEX, END_OF_LIFE_DECLARATION_ENTRY_INDEX, GOVERNANCE_INTEGRITY, RESOURCE_INTEGRITY,
    VALIDATION_RECEIPT_ENTRY_INDEX,
};

/// How [`participation_terms`] reads a record the interaction cites: in
/// integrity `must_get_valid_record`; in a coordinator, also the records a
/// party sent along (checked by [`checked_record`]).
pub type Fetch<'a> = &'a dyn Fn(&ActionHash) -> ExternResult<Record>;

/// Unwraps an inner `Ok`, or returns the inner `Err` from the enclosing function.
macro_rules! rule {
    ($e:expr) => {
        match $e? {
            Ok(found) => found,
            Err(message) => return Ok(Err(message)),
        }
    };
}

/// The terms the interaction `about` yields (see [`ParticipationTerms`]),
/// reading what it cites through `fetch`. Inner `Err` (the interaction
/// yields no receipts, or cites what it must not):
/// - "ParticipationAttestation about must reference a Claim or an approving ValidationReceipt";
/// - "ParticipationAttestation about must be an approving ValidationReceipt of a type that yields receipts";
/// - "<field> must reference <type>" for a cited record of the wrong type;
/// - "ParticipationAttestation parties must be two different agents".
///
/// A Claim: issuer its author (the commitment's provider), counterparty the
/// receiver, claim types by the commitment's action, metrics by
/// [`PerformanceMetrics::for_claim`] (the event's timestamp against the
/// due date, the event's quantity against the committed one). An approving
/// `resource_approval`, `process_validation` or `end_of_life` receipt:
/// issuer the validator, counterparty the author of the validated item,
/// [`PerformanceMetrics::for_validation`].
pub fn participation_terms(about: &Record, fetch: Fetch) -> ExternResult<Result<ParticipationTerms, String>> {
    let what = "ParticipationAttestation about";
    let issuer = about.action().author().clone();
    let terms = if is_app_entry(about, GOVERNANCE_INTEGRITY, CLAIM_ENTRY_INDEX)? {
        let (_, claim) = rule!(typed::<Claim>(about.clone(), GOVERNANCE_INTEGRITY, CLAIM_ENTRY_INDEX, what, "a Claim"));
        let (_, commitment) = rule!(typed::<Commitment>(
            fetch(&claim.fulfills)?,
            GOVERNANCE_INTEGRITY,
            COMMITMENT_ENTRY_INDEX,
            "Claim fulfills",
            "a Commitment"
        ));
        let (event_record, event) = rule!(typed::<EconomicEvent>(
            fetch(&claim.fulfilled_by)?,
            GOVERNANCE_INTEGRITY,
            ECONOMIC_EVENT_ENTRY_INDEX,
            "Claim fulfilled_by",
            "an EconomicEvent"
        ));
        let (issuer_claim_type, counterparty_claim_type) = claim_types_for_action(commitment.action);
        let transfer = matches!(
            commitment.action,
            VfAction::TransferCustody | VfAction::Transfer | VfAction::TransferAllRights | VfAction::InitialTransfer
        );
        ParticipationTerms {
            about: about.action_address().clone(),
            fulfills: Some(claim.fulfills.clone()),
            fulfilled_by: claim.fulfilled_by.clone(),
            issuer: issuer.clone(),
            counterparty: commitment.receiver.clone(),
            issuer_claim_type,
            counterparty_claim_type,
            interaction_context: if transfer { "custody_transfer" } else { "service" }.into(),
            role_context: None,
            resource_reference: commitment.resource_inventoried_as.map(|r| r.0),
            performance_metrics: PerformanceMetrics::for_claim(
                event_record.action().timestamp() <= commitment.due_date,
                event.resource_quantity,
                commitment.resource_quantity,
            ),
            interaction_time: about.action().timestamp(),
        }
    } else if is_app_entry(about, GOVERNANCE_INTEGRITY, VALIDATION_RECEIPT_ENTRY_INDEX)? {
        let (_, receipt) = rule!(typed::<ValidationReceipt>(
            about.clone(),
            GOVERNANCE_INTEGRITY,
            VALIDATION_RECEIPT_ENTRY_INDEX,
            what,
            "a ValidationReceipt"
        ));
        let no_receipts =
            || Ok(Err(format!("{what} must be an approving ValidationReceipt of a type that yields receipts")));
        if !receipt.approved {
            return no_receipts();
        }
        let item = fetch(&receipt.validated_item)?;
        let field = "ValidationReceipt validated_item";
        let (context, process_type, resource) = match receipt.validation_type {
            ValidationType::ResourceApproval => {
                rule!(typed::<EconomicResource>(
                    item.clone(),
                    RESOURCE_INTEGRITY,
                    ECONOMIC_RESOURCE_ENTRY_INDEX,
                    field,
                    "an EconomicResource"
                ));
                ("resource_validation", None, Some(receipt.validated_item.clone()))
            }
            ValidationType::ProcessValidation => {
                let (_, process) = rule!(typed::<EconomicProcess>(
                    item.clone(),
                    RESOURCE_INTEGRITY,
                    ECONOMIC_PROCESS_ENTRY_INDEX,
                    field,
                    "an EconomicProcess"
                ));
                ("process_validation", Some(process.process_type), process.inputs.first().map(|r| r.0.clone()))
            }
            ValidationType::EndOfLife => {
                let (_, declaration) = rule!(typed::<EndOfLifeDeclaration>(
                    item.clone(),
                    RESOURCE_INTEGRITY,
                    END_OF_LIFE_DECLARATION_ENTRY_INDEX,
                    field,
                    "an EndOfLifeDeclaration"
                ));
                ("end_of_life", None, Some(declaration.resource.0))
            }
            _ => return no_receipts(),
        };
        let Some((issuer_claim_type, counterparty_claim_type)) =
            claim_types_for_validation(receipt.validation_type, process_type)
        else {
            return no_receipts();
        };
        let resource_reference = match resource {
            Some(revision) => Some(first_revision(&revision)?.hashed.hash),
            None => None,
        };
        ParticipationTerms {
            about: about.action_address().clone(),
            fulfills: None,
            fulfilled_by: receipt.validated_item.clone(),
            issuer: issuer.clone(),
            counterparty: item.action().author().clone(),
            issuer_claim_type,
            counterparty_claim_type,
            interaction_context: context.into(),
            role_context: process_type.map(|t| format!("{t:?}")),
            resource_reference,
            performance_metrics: PerformanceMetrics::for_validation(),
            interaction_time: about.action().timestamp(),
        }
    } else {
        return Ok(Err(format!("{what} must reference a Claim or an approving ValidationReceipt")));
    };
    if terms.counterparty == terms.issuer {
        return Ok(Err("ParticipationAttestation parties must be two different agents".into()));
    }
    Ok(Ok(terms))
}

/// The entry hash of `terms` as an app entry: the `signed_data_hash` of
/// both signatures.
pub fn terms_hash(terms: &ParticipationTerms) -> ExternResult<EntryHash> {
    let bytes = SerializedBytes::try_from(terms.clone()).map_err(|e| wasm_error!(e))?;
    hash_entry(Entry::App(AppEntryBytes(bytes)))
}

/// Checks `signature` against `terms`: the hash, then the issuer's and the
/// counterparty's Ed25519 signature of the terms. Inner `Err`, prefixed by
/// `what` ("ParticipationAttestation", "PrivateParticipationClaim"):
/// "<what> signed_data_hash must be the hash of the terms its interaction
/// yields"; "<what> issuer_signature must be the issuer's signature of the
/// terms"; "<what> counterparty_signature must be the counterparty's
/// signature of the terms".
pub fn check_bilateral_signature(
    what: &str,
    terms: &ParticipationTerms,
    signature: &BilateralSignature,
) -> ExternResult<Result<(), String>> {
    if terms_hash(terms)? != signature.signed_data_hash {
        return Ok(Err(format!("{what} signed_data_hash must be the hash of the terms its interaction yields")));
    }
    if !verify_signature(terms.issuer.clone(), signature.issuer_signature.clone(), terms.clone())? {
        return Ok(Err(format!("{what} issuer_signature must be the issuer's signature of the terms")));
    }
    if !verify_signature(terms.counterparty.clone(), signature.counterparty_signature.clone(), terms.clone())? {
        return Ok(Err(format!("{what} counterparty_signature must be the counterparty's signature of the terms")));
    }
    Ok(Ok(()))
}

/// The terms an attestation proves, once checked: its interaction's terms
/// (derived through `fetch`), the same two agents, both signatures. Inner
/// `Err`: [`participation_terms`]' and [`check_bilateral_signature`]'s
/// messages, or "ParticipationAttestation issuer must be the author of its
/// about record" / "ParticipationAttestation counterparty must be the other
/// party of its about record".
pub fn check_attestation(
    attestation: &ParticipationAttestation,
    fetch: Fetch,
) -> ExternResult<Result<ParticipationTerms, String>> {
    let about = fetch(&attestation.about)?;
    let terms = rule!(participation_terms(&about, fetch));
    if attestation.issuer != terms.issuer {
        return Ok(Err("ParticipationAttestation issuer must be the author of its about record".into()));
    }
    if attestation.counterparty != terms.counterparty {
        return Ok(Err("ParticipationAttestation counterparty must be the other party of its about record".into()));
    }
    rule!(check_bilateral_signature("ParticipationAttestation", &terms, &attestation.bilateral_signature));
    Ok(Ok(terms))
}

/// `record` if it is what `hash` names and its author signed it: the
/// action hashes to `hash`, its signature verifies against its author, and
/// its entry (if any) hashes to the action's entry hash. Lets a party accept
/// records sent by the other party (written in the same zome call as the
/// interaction, not yet published) without trusting the sender. Inner
/// `Err`: "the record sent for <hash> is not the one its author signed".
pub fn checked_record(hash: &ActionHash, record: &Record) -> ExternResult<Result<Record, String>> {
    let action = record.action().clone();
    let signed = hash_action(action.clone())? == *hash
        && verify_signature(action.author().clone(), record.signature().clone(), action.clone())?
        && match (action.entry_hash(), record.entry().as_option()) {
            (Some(entry_hash), Some(entry)) => hash_entry(entry.clone())? == *entry_hash,
            (None, None) => true,
            _ => false,
        };
    if signed {
        Ok(Ok(record.clone()))
    } else {
        Ok(Err(format!("the record sent for {hash} is not the one its author signed")))
    }
}

/// Most attestations an event may cite in `receiver_reputation`.
pub const MAX_REPUTATION_CITATIONS: usize = 32;

/// The `reputation_score` the attestations at `cited` (entry hashes, in
/// order) give `agent` (`access_requirement.min_reputation`, REQ-PPR-11):
/// each is re-checked whole ([`check_attestation`]: its interaction yields
/// its terms, both signatures verify), must name `agent`, and counts once
/// per interaction; the score is [`reputation_score`] of the sum of their
/// performances. Leaving attestations out can only lower it. Inner `Err`:
/// "EconomicEvent receiver_reputation must cite at most 32 attestations";
/// "… must cite ParticipationAttestations"; "… must cite attestations naming
/// the receiver"; "… must cite each interaction once"; an attestation's own
/// rule.
pub fn reputation_of(agent: &AgentPubKey, cited: &[EntryHash]) -> ExternResult<Result<f64, String>> {
    let what = "EconomicEvent receiver_reputation";
    if cited.len() > MAX_REPUTATION_CITATIONS {
        return Ok(Err(format!("{what} must cite at most {MAX_REPUTATION_CITATIONS} attestations")));
    }
    let mut interactions = BTreeSet::new();
    let mut total = 0.0;
    for hash in cited {
        let attestation = match must_get_entry(hash.clone())?.into_content() {
            Entry::App(bytes) => ParticipationAttestation::try_from(bytes.into_sb()).ok(),
            _ => None,
        };
        let Some(attestation) = attestation else {
            return Ok(Err(format!("{what} must cite ParticipationAttestations")));
        };
        if &attestation.issuer != agent && &attestation.counterparty != agent {
            return Ok(Err(format!("{what} must cite attestations naming the receiver")));
        }
        if !interactions.insert(attestation.about.clone()) {
            return Ok(Err(format!("{what} must cite each interaction once")));
        }
        let terms = rule!(check_attestation(&attestation, &|h| must_get_valid_record(h.clone())));
        total += terms.performance_metrics.performance();
    }
    Ok(Ok(reputation_score(total)))
}
