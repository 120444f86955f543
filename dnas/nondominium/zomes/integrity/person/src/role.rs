//! `Role` (spec §4.1.3): a credential that one agent grants another.
//!
//! A credential is valid only if its grantor was allowed to grant it, which
//! the credential proves by citing, by hash, the grantor's own valid
//! credential — or because the grantor is a progenitor named in the DNA
//! properties. `must_get_valid_record` only returns valid records, so
//! validity is inductive: every peer checks one hop, and the whole chain back
//! to a progenitor holds (enforcement source 2).
use hdi::prelude::*;
use nondominium_types::{effects_of, invalid, ValidationType};

use crate::agent_profile::AgentProfile;

use nondominium_types::{
    cited_role, is_app_entry, is_progenitor, typed_record, EconomicEvent, IdentityDisclosure, ValidationReceipt,
    AGENT_PROFILE_ENTRY_INDEX, ECONOMIC_EVENT_ENTRY_INDEX, ECONOMIC_RESOURCE_ENTRY_INDEX, GOVERNANCE_INTEGRITY,
    IDENTITY_DISCLOSURE_ENTRY_INDEX, PERSON_INTEGRITY, RESOURCE_INTEGRITY, ROLE_ENTRY_INDEX,
    VALIDATION_RECEIPT_ENTRY_INDEX,
};
pub use nondominium_types::{PromotionEvidence, Role, RoleName};

/// Create: the grantor is the author and not the grantee; the grantee has
/// a profile (`agent_profile`); the grantor may grant this role (spec §7:
/// only an Accountable Agent assigns any role, `User` included — by a cited
/// credential or as a progenitor); an Accountable role carries the
/// candidate's promotion evidence; a specialised role goes only to an
/// Accountable grantee (`agent_credential`).
pub fn validate_create_role(action: &Create, role: &Role) -> ExternResult<ValidateCallbackResult> {
    if role.validated_by != action.author {
        invalid!("Role validated_by must be the author");
    }
    if role.agent == action.author {
        invalid!("Role cannot be self-assigned");
    }
    if role.notes.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        invalid!("Role notes must be at most 1000 characters");
    }
    let Some(profile_hash) = &role.agent_profile else {
        invalid!("Role agent_profile must cite the grantee's AgentProfile: roles go only to members with a profile");
    };
    let (_, profile) = match typed_record::<AgentProfile>(
        profile_hash,
        PERSON_INTEGRITY,
        AGENT_PROFILE_ENTRY_INDEX,
        "Role agent_profile",
        "an AgentProfile",
    )? {
        Ok(found) => found,
        Err(e) => invalid!("{e}"),
    };
    if profile.agent_pub_key != role.agent {
        invalid!("Role agent_profile must be the grantee's own AgentProfile");
    }
    let name = role.role_name;
    let progenitor = is_progenitor(&action.author)?;
    if name == RoleName::User {
        if !progenitor {
            if let Err(e) = cited_role(&role.grantor_credential, &action.author, |r| r.is_accountable())? {
                invalid!("Role User must be granted by an Accountable Agent: grantor_credential {e}");
            }
        }
        return Ok(ValidateCallbackResult::Valid);
    }
    if name.is_accountable() {
        if !progenitor {
            let ok = cited_role(&role.grantor_credential, &action.author, |r| r.is_accountable())?;
            if let Err(e) = ok {
                invalid!("Role {name:?} must be granted by an Accountable Agent: grantor_credential {e}");
            }
        }
        let Some(evidence) = &role.promotion_evidence else {
            invalid!("Role {name:?} needs promotion_evidence: the candidate's first resource and first transfer");
        };
        let verdict = check_promotion_evidence(&role.agent, evidence)?;
        if verdict != ValidateCallbackResult::Valid {
            return Ok(verdict);
        }
        return check_identity_verification(action, role);
    }
    // Transport, Repair, Storage (REQ-GOV-04/05).
    if !progenitor {
        if let Err(e) = cited_role(&role.grantor_credential, &action.author, |r| r == name)? {
            invalid!("Role {name:?} must be granted by an agent who holds it: grantor_credential {e}");
        }
        if let Err(e) = cited_role(&role.grantor_accountable_credential, &action.author, |r| r.is_accountable())? {
            invalid!("Role {name:?} must be granted by an Accountable Agent: grantor_accountable_credential {e}");
        }
    }
    if !is_progenitor(&role.agent)? {
        if let Err(e) = cited_role(&role.agent_credential, &role.agent, |r| r.is_accountable())? {
            let e = e.replace("held by the grantor", "held by the grantee");
            invalid!("Role {name:?} goes only to an Accountable Agent: agent_credential {e}");
        }
    }
    Ok(ValidateCallbackResult::Valid)
}

/// REQ-GOV-03, REQ-USER-A-09: a promotion cites the grantor's own approving
/// `identity_verification` ValidationReceipt about an IdentityDisclosure the
/// candidate made (so the review was real and consented to; the receipt's
/// own validation checked that the disclosure was made to its validator).
pub fn check_identity_verification(action: &Create, role: &Role) -> ExternResult<ValidateCallbackResult> {
    let name = role.role_name;
    let Some(hash) = &role.identity_verification else {
        invalid!("Role {name:?} needs identity_verification: the grantor's review of the candidate's identity (validate_agent_identity)");
    };
    let (record, receipt) = match typed_record::<ValidationReceipt>(
        hash,
        GOVERNANCE_INTEGRITY,
        VALIDATION_RECEIPT_ENTRY_INDEX,
        "Role identity_verification",
        "a ValidationReceipt",
    )? {
        Ok(found) => found,
        Err(e) => invalid!("{e}"),
    };
    if receipt.validation_type != ValidationType::IdentityVerification
        || !receipt.approved
        || record.action().author() != &action.author
    {
        invalid!("Role identity_verification must be the grantor's approving identity_verification receipt");
    }
    let (disclosure, _) = match typed_record::<IdentityDisclosure>(
        &receipt.validated_item,
        PERSON_INTEGRITY,
        IDENTITY_DISCLOSURE_ENTRY_INDEX,
        "Role identity_verification validated_item",
        "an IdentityDisclosure",
    )? {
        Ok(found) => found,
        Err(e) => invalid!("{e}"),
    };
    if disclosure.action().author() != &role.agent {
        invalid!("Role identity_verification must be about an IdentityDisclosure by the candidate");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// REQ-GOV-03: the candidate created a resource, then provided a transfer.
/// Read from the candidate's own chain up to the cited transfer
/// (`must_get_agent_activity`, immutable history) and from the cited event.
pub fn check_promotion_evidence(
    candidate: &AgentPubKey,
    evidence: &PromotionEvidence,
) -> ExternResult<ValidateCallbackResult> {
    let transfer = must_get_valid_record(evidence.first_transfer.clone())?;
    if !is_app_entry(&transfer, GOVERNANCE_INTEGRITY, ECONOMIC_EVENT_ENTRY_INDEX)? {
        invalid!("Role promotion_evidence first_transfer must reference an EconomicEvent");
    }
    let event: EconomicEvent = transfer
        .entry()
        .to_app_option()
        .map_err(|e| wasm_error!(WasmErrorInner::Guest(e.to_string())))?
        .ok_or(wasm_error!(WasmErrorInner::Guest("EconomicEvent has no entry".into())))?;
    if &event.provider != candidate || transfer.action().author() != candidate {
        invalid!("Role promotion_evidence first_transfer must be provided by the candidate");
    }
    if !effects_of(event.action).nondominium.promotion_evidence {
        invalid!("Role promotion_evidence first_transfer must be a TransferCustody or InitialTransfer");
    }
    let history = nondominium_types::chain_back(candidate, &evidence.first_transfer, Some(&evidence.first_resource))?;
    let resource_zome = nondominium_types::integrity_zome_index(RESOURCE_INTEGRITY)?;
    let created_resource = history.iter().any(|a| {
        a.hashed.hash == evidence.first_resource
            && matches!(&a.hashed.content, Action::Create(c) if matches!(&c.entry_type,
                EntryType::App(def) if def.zome_index == resource_zome && def.entry_index.0 == ECONOMIC_RESOURCE_ENTRY_INDEX))
    });
    if !created_resource {
        invalid!("Role promotion_evidence first_resource must be an EconomicResource the candidate created before first_transfer");
    }
    // The chain also lists records honest peers rejected: count only a valid resource.
    must_get_valid_record(evidence.first_resource.clone())?;
    Ok(ValidateCallbackResult::Valid)
}

/// `AgentToRoles` link: from the grantee's key to a Role naming that grantee,
/// created by the Role's grantor.
pub fn validate_create_link_agent_to_roles(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(agent), Some(hash)) = (base.clone().into_agent_pub_key(), target.clone().into_action_hash()) else {
        invalid!("AgentToRoles link base must be an agent key and target an action hash");
    };
    let (record, role) = match nondominium_types::held_record::<Role>(
        &hash,
        PERSON_INTEGRITY,
        ROLE_ENTRY_INDEX,
        "AgentToRoles link target",
        "a Role",
    )? {
        Ok(found) => found,
        Err(e) => invalid!("{e}"),
    };
    if role.agent != agent {
        invalid!("AgentToRoles link base must be the agent the Role names");
    }
    if record.action().author() != &action.author {
        invalid!("AgentToRoles link must be created by the Role's grantor");
    }
    Ok(ValidateCallbackResult::Valid)
}
