//! Rules of Private Participation Receipts (spec §4.3.6-4.3.9, §7 "PPR
//! validation"; REQ-PPR-01/03/10/12): the public `ParticipationAttestation`
//! every peer validates, and the private `PrivateParticipationClaim` only
//! its author's conductor ever sees. The terms of an interaction and the
//! signature checks are `nondominium_types::host::participation`, shared
//! with the coordinators that sign.
use hdi::prelude::*;
use nondominium_types::{cited, invalid};

use nondominium_types::{
    check_attestation, check_bilateral_signature, check_performance_metrics, earlier_entries_since,
    ParticipationAttestation, PrivateParticipationClaim, PARTICIPATION_ATTESTATION_ENTRY_INDEX,
};

/// Create of an attestation (enforcement sources 1-3):
/// - its author is its issuer;
/// - `about` is a Claim or an approving `resource_approval`,
///   `process_validation` or `end_of_life` ValidationReceipt, and the terms
///   derived from it (`participation_terms`: parties, claim types, metrics)
///   name the same issuer (the interaction's author) and counterparty;
/// - `signed_data_hash` is the hash of those terms and both signatures
///   verify against them — so a tampered term, a claim type the interaction
///   does not yield, a signature by another key or one replayed from another
///   interaction is refused;
/// - the history rule ([`validate_attestation_history`]).
pub fn validate_create_participation_attestation(
    action: &Create,
    attestation: &ParticipationAttestation,
) -> ExternResult<ValidateCallbackResult> {
    if attestation.issuer != action.author {
        invalid!("ParticipationAttestation author must be its issuer");
    }
    cited!(check_attestation(attestation, &|hash| must_get_valid_record(hash.clone())));
    validate_attestation_history(action, attestation)
}

/// At most one attestation per interaction (REQ-PPR-01 "exactly two
/// receipts"): none earlier on the issuer's chain about the same record,
/// read back to that record (the issuer wrote it, so none can come before).
pub fn validate_attestation_history(
    action: &Create,
    attestation: &ParticipationAttestation,
) -> ExternResult<ValidateCallbackResult> {
    let earlier = earlier_entries_since::<ParticipationAttestation>(
        &action.author,
        &action.prev_action,
        Some(&attestation.about),
        PARTICIPATION_ATTESTATION_ENTRY_INDEX,
    )?;
    if earlier.iter().any(|(_, a)| a.about == attestation.about) {
        invalid!("ParticipationAttestation already exists for this interaction: one pair of receipts per interaction");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// Create of a private receipt, checked by its author's conductor only
/// (private entries are never published): scores in 0.0-1.0; the author is
/// a party of the terms and `claim_type`/`counterparty` are the author's
/// side; the hash and both signatures match the terms
/// (`check_bilateral_signature`). Whether the terms are those the
/// interaction yields is the public attestation's rule: the other party
/// derived them before signing.
pub fn validate_create_private_participation_claim(
    action: &Create,
    claim: &PrivateParticipationClaim,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_performance_metrics(&claim.terms.performance_metrics) {
        invalid!("{e}");
    }
    match claim.terms.side_of(&action.author) {
        None => invalid!("PrivateParticipationClaim author must be a party of its terms"),
        Some((claim_type, counterparty)) => {
            if claim.claim_type != claim_type {
                invalid!("PrivateParticipationClaim claim_type must be its author's claim type in the terms");
            }
            if claim.counterparty != counterparty {
                invalid!("PrivateParticipationClaim counterparty must be the other party of the terms");
            }
        }
    }
    cited!(check_bilateral_signature("PrivateParticipationClaim", &claim.terms, &claim.bilateral_signature));
    Ok(ValidateCallbackResult::Valid)
}
