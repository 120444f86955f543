//! `validate_agent_identity` (spec §6.3; REQ-GOV-03/08, REQ-USER-A-09): an
//! Accountable Agent reviews the identity data a candidate shared with them
//! and records an `identity_verification` ValidationReceipt about the
//! candidate's IdentityDisclosure — the public trace of that sharing, so
//! integrity can check the review was consented to (the data itself stays
//! private). A promotion to Accountable cites the receipt.
use hdk::prelude::*;
use nondominium_types::{is_progenitor, ValidationReceipt, ValidationType, VALIDATION_RECEIPT_ENTRY_INDEX};
use revisions::guest_error;

use crate::commitment::my_entries_with_hashes;
use crate::rules::{my_credential, person};

/// What this zome reads of the person zome's `SharedPrivateData`: that the
/// read succeeded, from this owner.
#[derive(Serialize, Deserialize, Debug)]
struct SharedPrivateData {
    #[allow(dead_code)]
    owner: AgentPubKey,
}

/// Input of `validate_agent_identity`: the candidate, the verdict, notes
/// (at most 1000 characters).
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ValidateAgentIdentityInput {
    pub candidate: AgentPubKey,
    pub approved: bool,
    pub notes: Option<String>,
}

/// Reads the identity data `candidate` shared with the caller (which must
/// still be readable: the review is real), then records the caller's
/// verdict about the candidate's latest unexpired IdentityDisclosure to the
/// caller, citing the caller's Accountable credential, and links it from the
/// disclosure. When the caller already gave that verdict on that disclosure,
/// returns the receipt they recorded. Returns the receipt's record.
/// Errors: "validate_agent_identity: …" when nothing was shared with the
/// caller, the grant was revoked or expired, the caller is not Accountable,
/// or the caller already gave the other verdict on that disclosure.
#[hdk_extern]
pub fn validate_agent_identity(input: revisions::Checked<ValidateAgentIdentityInput>) -> ExternResult<Record> {
    let input = input.read("validate_agent_identity")?;
    let me = agent_info()?.agent_initial_pubkey;
    let _: SharedPrivateData = person("get_agent_private_data", input.candidate.clone()).map_err(|_| {
        guest_error("validate_agent_identity: the candidate's identity data cannot be read: not shared with you, revoked or expired")
    })?;
    let disclosure: Option<ActionHash> = person("get_identity_disclosure_from", input.candidate.clone())?;
    let disclosure = disclosure
        .ok_or(guest_error("validate_agent_identity: the candidate has made no unexpired IdentityDisclosure to you"))?;
    for (hash, receipt) in my_entries_with_hashes::<ValidationReceipt>(VALIDATION_RECEIPT_ENTRY_INDEX)? {
        if receipt.validation_type == ValidationType::IdentityVerification && receipt.validated_item == disclosure {
            if receipt.approved != input.approved {
                return Err(guest_error(
                    "validate_agent_identity: you already gave the other verdict on this disclosure",
                ));
            }
            return revisions::get_record(hash, GetOptions::local())?
                .ok_or(guest_error("your earlier receipt could not be read back"));
        }
    }
    let validator_credential = if is_progenitor(&me)? {
        None
    } else {
        Some(my_credential(|r| r.is_accountable())?.ok_or(guest_error(
            "validate_agent_identity: only Accountable Agents verify identities, and you hold no Accountable credential",
        ))?)
    };
    let receipt = ValidationReceipt {
        validator: me,
        validated_item: disclosure.clone(),
        validation_type: ValidationType::IdentityVerification,
        approved: input.approved,
        notes: input.notes,
        validator_credential,
        performance: None,
    };
    crate::validation_receipt::write_receipt(receipt)
}
