//! governance integrity zome: the records of the governance operator
//! (spec §3, §4.3). This file holds only the entry types and the `validate`
//! dispatcher; each rule lives in the entity's own file.
use hdi::prelude::*;

/// This zome's name in the DNA manifest (`dnas/nondominium/workdir/dna.yaml`).
pub const ZOME_NAME: &str = "governance_integrity";
use nondominium_types::created_entry;

pub mod claim;
pub mod commitment;
pub mod commitment_decision;
pub mod economic_event;
pub mod participation;
pub mod validation_receipt;

pub use claim::*;
pub use commitment::*;
pub use commitment_decision::*;
pub use economic_event::*;
pub use nondominium_types::{
    Claim, Commitment, CommitmentDecision, EconomicEvent, ParticipationAttestation, PrivateParticipationClaim,
    ValidationReceipt,
};
pub use participation::*;
pub use validation_receipt::*;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type")]
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    EconomicEvent(EconomicEvent),
    ValidationReceipt(ValidationReceipt),
    Commitment(Commitment),
    CommitmentDecision(CommitmentDecision),
    Claim(Claim),
    ParticipationAttestation(ParticipationAttestation),
    #[entry_type(visibility = "private")]
    PrivateParticipationClaim(PrivateParticipationClaim),
}

/// Names of the entry types by entry index, for rejection messages.
pub const ENTRY_NAMES: [&str; 7] = [
    "EconomicEvent",
    "ValidationReceipt",
    "Commitment",
    "CommitmentDecision",
    "Claim",
    "ParticipationAttestation",
    "PrivateParticipationClaim",
];

#[derive(Serialize, Deserialize)]
#[hdk_link_types]
pub enum LinkTypes {
    /// The validated item → each ValidationReceipt about it (spec §4.3.4).
    ValidatedItemToReceipts,
    /// A party's agent key → each Commitment they are party to, created by
    /// the proposer for both parties (spec §4.3.2).
    AgentToCommitments,
    /// Commitment → each CommitmentDecision about it, by the decision's author.
    CommitmentToDecisions,
    /// Commitment → the Claim that fulfils it, by the claimant (spec §4.3.3).
    CommitmentToClaims,
    /// EconomicEvent → the Claim it fulfils, by the claimant (the audit trail).
    EconomicEventToClaims,
    /// ResourceSpecification → each `resource_approval` receipt about a
    /// resource conforming to it, by the receipt's validator; the tag is the
    /// resource's identity. One query answers the verdicts on every resource
    /// of a specification (the validation state of a page of listings).
    SpecificationToResourceApprovals,
    /// A resource's identity (first revision) → each Claim whose event is
    /// about it, by the claimant; the tag is the claim's event. One query
    /// answers the claims of every event of a resource's history.
    ResourceToClaims,
}

/// Names of the link types by link type index, for rejection messages.
pub const LINK_NAMES: [&str; 7] = [
    "ValidatedItemToReceipts",
    "AgentToCommitments",
    "CommitmentToDecisions",
    "CommitmentToClaims",
    "EconomicEventToClaims",
    "SpecificationToResourceApprovals",
    "ResourceToClaims",
];

/// Validates every op; anything not explicitly allowed is rejected.
#[cfg_attr(feature = "callbacks", hdk_extern)]
pub fn validate(op: Op) -> ExternResult<ValidateCallbackResult> {
    // No zome_info host call: flattening and every type conversion are answered from what this zome knows of itself.
    nondominium_types::host::zome_info_cache::install_integrity(
        nondominium_types::host::zome_info_cache::IntegrityZome {
            name: ZOME_NAME,
            entry_defs: <EntryTypes as EntryDefRegistration>::ENTRY_DEFS,
            link_types: LinkTypes::len(),
        },
    );
    match op.flattened::<EntryTypes, LinkTypes>()? {
        FlatOp::StoreEntry(OpEntry::CreateEntry { app_entry, action })
        | FlatOp::StoreRecord(OpRecord::CreateEntry { app_entry, action }) => match app_entry {
            EntryTypes::EconomicEvent(event) => validate_create_economic_event(&action, &event),
            EntryTypes::ValidationReceipt(receipt) => validate_create_validation_receipt(&action, &receipt),
            EntryTypes::Commitment(commitment) => validate_create_commitment(&action, &commitment),
            EntryTypes::CommitmentDecision(decision) => validate_create_commitment_decision(&action, &decision),
            EntryTypes::Claim(claim) => validate_create_claim(&action, &claim),
            EntryTypes::ParticipationAttestation(attestation) => {
                validate_create_participation_attestation(&action, &attestation)
            }
            EntryTypes::PrivateParticipationClaim(claim) => {
                validate_create_private_participation_claim(&action, &claim)
            }
        },
        FlatOp::StoreEntry(OpEntry::UpdateEntry { app_entry, .. })
        | FlatOp::StoreRecord(OpRecord::UpdateEntry { app_entry, .. })
        | FlatOp::RegisterUpdate(OpUpdate::Entry { app_entry, .. }) => match app_entry {
            EntryTypes::EconomicEvent(_) => Ok(ValidateCallbackResult::Invalid("EconomicEvent is immutable".into())),
            EntryTypes::ValidationReceipt(_) => {
                Ok(ValidateCallbackResult::Invalid("ValidationReceipt is immutable".into()))
            }
            EntryTypes::Commitment(_) => Ok(ValidateCallbackResult::Invalid("Commitment is immutable".into())),
            EntryTypes::CommitmentDecision(_) => {
                Ok(ValidateCallbackResult::Invalid("CommitmentDecision is immutable".into()))
            }
            EntryTypes::Claim(_) => Ok(ValidateCallbackResult::Invalid("Claim is immutable".into())),
            EntryTypes::ParticipationAttestation(_) => {
                Ok(ValidateCallbackResult::Invalid("ParticipationAttestation is immutable".into()))
            }
            EntryTypes::PrivateParticipationClaim(_) => {
                Ok(ValidateCallbackResult::Invalid("PrivateParticipationClaim is immutable".into()))
            }
        },
        FlatOp::StoreRecord(OpRecord::DeleteEntry { original_action_hash, .. }) => {
            nondominium_types::validate_delete_of_app_entry(&original_action_hash, &ENTRY_NAMES)
        }
        FlatOp::RegisterDelete(OpDelete { action }) => {
            nondominium_types::validate_delete_of_app_entry(&action.deletes_address, &ENTRY_NAMES)
        }
        FlatOp::RegisterCreateLink { base_address, target_address, link_type, action, .. }
        | FlatOp::StoreRecord(OpRecord::CreateLink { base_address, target_address, link_type, action, .. }) => {
            match link_type {
                LinkTypes::ValidatedItemToReceipts => {
                    validate_create_link_validated_item_to_receipts(&action, &base_address, &target_address)
                }
                LinkTypes::AgentToCommitments => {
                    validate_create_link_agent_to_commitments(&action, &base_address, &target_address)
                }
                LinkTypes::CommitmentToDecisions => {
                    validate_create_link_commitment_to_decisions(&action, &base_address, &target_address)
                }
                LinkTypes::CommitmentToClaims => {
                    validate_create_link_commitment_to_claims(&action, &base_address, &target_address)
                }
                LinkTypes::EconomicEventToClaims => {
                    validate_create_link_economic_event_to_claims(&action, &base_address, &target_address)
                }
                LinkTypes::SpecificationToResourceApprovals => {
                    validate_create_link_specification_to_resource_approvals(&action, &base_address, &target_address)
                }
                LinkTypes::ResourceToClaims => {
                    validate_create_link_resource_to_claims(&action, &base_address, &target_address)
                }
            }
        }
        // No governance link is ever deleted: each is part of the audit trail.
        FlatOp::RegisterDeleteLink { link_type, .. } => Ok(link_delete_refused(link_type as u8)),
        FlatOp::StoreRecord(OpRecord::DeleteLink { original_action_hash, .. }) => {
            let original = nondominium_types::must_get_create_link(&original_action_hash)?;
            match LinkTypes::from_type(original.zome_index, original.link_type)? {
                Some(link_type) => Ok(link_delete_refused(link_type as u8)),
                None => Ok(ValidateCallbackResult::Valid),
            }
        }
        // Private entries, agent keys, capability grants/claims, genesis and
        // chain-structure actions carry no rule of this zome.
        FlatOp::StoreRecord(_) | FlatOp::StoreEntry(_) | FlatOp::RegisterUpdate(_) => Ok(ValidateCallbackResult::Valid),
        // The author's neighbours hold the chain: they check the history rules too.
        FlatOp::RegisterAgentActivity(OpActivity::CreateEntry { app_entry_type: Some(entry_type), action }) => {
            match entry_type {
                UnitEntryTypes::Commitment => validate_create_commitment(&action, &created_entry(&action)?),
                UnitEntryTypes::CommitmentDecision => {
                    validate_create_commitment_decision(&action, &created_entry(&action)?)
                }
                UnitEntryTypes::Claim => validate_claim_history(&action, &created_entry(&action)?),
                UnitEntryTypes::EconomicEvent => validate_economic_event_history(&action, &created_entry(&action)?),
                UnitEntryTypes::ValidationReceipt => {
                    validate_validation_receipt_history(&action, &created_entry(&action)?)
                }
                UnitEntryTypes::ParticipationAttestation => {
                    validate_attestation_history(&action, &created_entry(&action)?)
                }
                // Private: its neighbours never see the entry.
                UnitEntryTypes::PrivateParticipationClaim => Ok(ValidateCallbackResult::Valid),
            }
        }
        FlatOp::RegisterAgentActivity(_) => Ok(ValidateCallbackResult::Valid),
    }
}

/// "<LinkType> links cannot be deleted" for governance link type `index`.
fn link_delete_refused(index: u8) -> ValidateCallbackResult {
    let name = LINK_NAMES.get(index as usize).copied().unwrap_or("governance");
    ValidateCallbackResult::Invalid(format!("{name} links cannot be deleted"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `types.json`: this zome's entry and link types in index order, which
    /// the Tryorama tests read (`tests/src/common.ts`). With
    /// `UPDATE_TYPES_JSON=1` the test writes it.
    #[test]
    fn types_json_is_generated_from_the_enums() {
        let entries: Vec<String> = UnitEntryTypes::iter().map(|t| format!("{t:?}")).collect();
        let links: Vec<String> = LinkTypes::iter().map(|t| format!("{t:?}")).collect();
        let generated = nondominium_types::types_json("governance_integrity", &entries, &links);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/types.json");
        nondominium_types::check_generated_file(path, &generated, "UPDATE_TYPES_JSON").unwrap();
    }

    /// The live-update signals name this zome's entry types by
    /// `nondominium_types::EntryKind::GOVERNANCE`, in entry-index order.
    #[test]
    fn signal_entry_kinds_match_the_enum() {
        let entries: Vec<String> = UnitEntryTypes::iter().map(|t| format!("{t:?}")).collect();
        let kinds: Vec<String> = nondominium_types::EntryKind::GOVERNANCE.iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(kinds, entries);
    }

    #[test]
    fn entry_indexes_match_the_shared_constants() {
        assert_eq!(UnitEntryTypes::EconomicEvent as u8, nondominium_types::ECONOMIC_EVENT_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::ValidationReceipt as u8, nondominium_types::VALIDATION_RECEIPT_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::Commitment as u8, nondominium_types::COMMITMENT_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::CommitmentDecision as u8, nondominium_types::COMMITMENT_DECISION_ENTRY_INDEX);
        assert_eq!(UnitEntryTypes::Claim as u8, nondominium_types::CLAIM_ENTRY_INDEX);
        assert_eq!(
            UnitEntryTypes::ParticipationAttestation as u8,
            nondominium_types::PARTICIPATION_ATTESTATION_ENTRY_INDEX
        );
        assert_eq!(
            UnitEntryTypes::PrivateParticipationClaim as u8,
            nondominium_types::PRIVATE_PARTICIPATION_CLAIM_ENTRY_INDEX
        );
    }

    #[test]
    fn link_names_follow_the_link_type_indexes() {
        assert_eq!(LinkTypes::ValidatedItemToReceipts as u8, 0);
        assert_eq!(LINK_NAMES[LinkTypes::AgentToCommitments as usize], "AgentToCommitments");
        assert_eq!(LINK_NAMES[LinkTypes::CommitmentToDecisions as usize], "CommitmentToDecisions");
        assert_eq!(LINK_NAMES[LinkTypes::CommitmentToClaims as usize], "CommitmentToClaims");
        assert_eq!(LINK_NAMES[LinkTypes::EconomicEventToClaims as usize], "EconomicEventToClaims");
        assert_eq!(
            LINK_NAMES[LinkTypes::SpecificationToResourceApprovals as usize],
            "SpecificationToResourceApprovals"
        );
        assert_eq!(LINK_NAMES[LinkTypes::ResourceToClaims as usize], "ResourceToClaims");
    }
}

nondominium_types::test_zome_name_in_manifests!(ZOME_NAME);
