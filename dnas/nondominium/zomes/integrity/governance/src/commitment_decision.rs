//! Rules of `CommitmentDecision` (spec §6.3 `accept_commitment`:
//! accept, decline, cancel) and of the `CommitmentToDecisions` links.
use hdi::prelude::*;
use nondominium_types::{cited, invalid};

use nondominium_types::{
    check_decision_author, check_note, first_revision, is_progenitor, needs_first_resource, typed_record, verdict,
    Claim, Commitment, CommitmentDecision, Decision, VfAction, CLAIM_ENTRY_INDEX, COMMITMENT_DECISION_ENTRY_INDEX,
    COMMITMENT_ENTRY_INDEX, FIRST_RESOURCE_REQUIRED_TO_ACCEPT, GOVERNANCE_INTEGRITY,
};

use nondominium_types::entries_in;

/// Create: note length; `commitment` is a valid Commitment; Accepted and
/// Declined are made by its counterparty (the party who did not author it),
/// Cancelled by either party (`check_decision_author`); REQ-GOV-01 on the
/// accepting path too: a receiver who accepts access to someone else's
/// resource (a provider's proposal) is a progenitor or has created a valid
/// EconomicResource earlier on their chain; then the history rules
/// ([`validate_commitment_decision_history`]). Also run, whole, for the
/// RegisterAgentActivity op.
pub fn validate_create_commitment_decision(
    action: &Create,
    decision: &CommitmentDecision,
) -> ExternResult<ValidateCallbackResult> {
    if let Err(e) = check_note("CommitmentDecision", &decision.note) {
        invalid!("{e}");
    }
    let (record, commitment) = cited!(typed_record::<Commitment>(
        &decision.commitment,
        GOVERNANCE_INTEGRITY,
        COMMITMENT_ENTRY_INDEX,
        "CommitmentDecision commitment",
        "a Commitment",
    ));
    if let Err(e) = check_decision_author(&commitment, record.action().author(), decision.decision, &action.author) {
        invalid!("{e}");
    }
    if decision.decision == Decision::Accepted {
        let creator = match &commitment.resource_inventoried_as {
            Some(resource) => Some(first_revision(&resource.0)?.action().author().clone()),
            None => None,
        };
        if needs_first_resource(&commitment, &action.author, creator.as_ref())
            && !is_progenitor(&action.author)?
            && !crate::commitment::has_created_resource(action)?
        {
            invalid!("{FIRST_RESOURCE_REQUIRED_TO_ACCEPT}");
        }
    }
    validate_commitment_decision_history(action, decision)
}

/// The history rules, read from the author's chain before this decision
/// (enforcement source 3; also run for the RegisterAgentActivity op): the
/// decision is not dated before its commitment by more than the network's
/// clock tolerance (the dating rule, README "dating"); at most one decision
/// per author per commitment; a party who has claimed the commitment cannot
/// cancel it; and a custodian who accepts a `Use` commitment about one
/// resource (someone asking to use it, REQ-USER-A-04) keeps within its
/// specification's `usage_limit.max_concurrent_users`: their open Use
/// processes on it and their accepted Use commitments about it not yet due
/// (`use_slots_taken`), with this one, are at most the limit.
///
/// Every decision and claim that cites the commitment is dated after its
/// time less the tolerance (the dating rule holds for both), and on the
/// proposer's own chain comes after the commitment itself, so the read
/// stops there — except for the usage limit, whose open uses may be older
/// than the commitment: that case reads the whole chain.
pub fn validate_commitment_decision_history(
    action: &Create,
    decision: &CommitmentDecision,
) -> ExternResult<ValidateCallbackResult> {
    let not_before = match nondominium_types::check_dated_after(
        "CommitmentDecision",
        "the commitment it decides (commitment)",
        action.timestamp,
        &decision.commitment,
    )? {
        Ok(bound) => bound,
        Err(e) => invalid!("{e}"),
    };
    // The usage limit of a Use the author is asked for about their own resource, when they accept it.
    let mut use_limit = None;
    if decision.decision == Decision::Accepted {
        let (_, commitment) = cited!(typed_record::<Commitment>(
            &decision.commitment,
            GOVERNANCE_INTEGRITY,
            COMMITMENT_ENTRY_INDEX,
            "CommitmentDecision commitment",
            "a Commitment",
        ));
        if let (VfAction::Use, Some(resource), true) =
            (commitment.action, commitment.resource_inventoried_as, commitment.provider == action.author)
        {
            use_limit =
                nondominium_types::usage_limit_of(&resource.0, |u| u.max_concurrent_users)?.map(|max| (max, resource));
        }
    }
    // One read of the author's chain serves every rule.
    let history = match use_limit {
        Some(_) => nondominium_types::chain_back(&action.author, &action.prev_action, None)?,
        None => nondominium_types::chain_back_since(
            &action.author,
            &action.prev_action,
            Some(&decision.commitment),
            Some(not_before),
        )?,
    };
    let earlier: Vec<(ActionHash, CommitmentDecision)> = entries_in(&history, COMMITMENT_DECISION_ENTRY_INDEX)?;
    if earlier.iter().any(|(_, d)| d.commitment == decision.commitment) {
        invalid!("CommitmentDecision commitment already has a decision by this author");
    }
    if let Some((max, resource)) = use_limit {
        let taken = nondominium_types::use_slots_taken(&action.author, &history, &resource, action.timestamp)?;
        if taken + 1 > max {
            invalid!(
                "CommitmentDecision breaks usage_limit.max_concurrent_users: {taken} use(s) of the resource already open or promised (Use processes, accepted Use commitments), at most {max}"
            );
        }
    }
    if decision.decision == Decision::Cancelled {
        let claims: Vec<(ActionHash, Claim)> = entries_in(&history, CLAIM_ENTRY_INDEX)?;
        if claims.iter().any(|(_, c)| c.fulfills == decision.commitment) {
            invalid!("CommitmentDecision commitment was already claimed by this party: it cannot be cancelled");
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// `CommitmentToDecisions` link: from the decision's commitment to the
/// decision, created by the decision's author. Written in the decision's own
/// call: its tag may carry a copy of the decision
/// ([`nondominium_types::CarriedTarget`]), from which the rule is decided
/// without reading it.
pub fn validate_create_link_commitment_to_decisions(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let Some(hash) = target.clone().into_action_hash() else {
        invalid!("CommitmentToDecisions link target must reference a CommitmentDecision");
    };
    let (decision_action, decision) = cited!(nondominium_types::link_target_record::<CommitmentDecision>(
        &action.tag,
        &hash,
        "CommitmentToDecisions",
        GOVERNANCE_INTEGRITY,
        COMMITMENT_DECISION_ENTRY_INDEX,
        "CommitmentToDecisions link target",
        "a CommitmentDecision",
    ));
    if base.clone().into_action_hash().as_ref() != Some(&decision.commitment) {
        invalid!("CommitmentToDecisions link base must be the decision's commitment");
    }
    Ok(verdict(decision_action.author() == &action.author, || {
        "CommitmentToDecisions link must be created by the decision's author".into()
    }))
}
