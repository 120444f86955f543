//! `IdentityDisclosure` (spec §4.1.2; REQ-SEC-06, REQ-GOV-03): the public,
//! content-free trace of a private-data grant, which an identity review cites.
use hdi::prelude::*;
pub use nondominium_types::IdentityDisclosure;
use nondominium_types::{invalid, validate_index_link_once, IDENTITY_DISCLOSURE_ENTRY_INDEX, PERSON_INTEGRITY};

use crate::private_data::PRIVATE_PROFILE_FIELDS;

/// Create: the reviewer is someone else; `fields` are distinct
/// `PrivateProfile` field names, at least one; `expires_at` is after the
/// action's timestamp.
pub fn validate_create_identity_disclosure(
    action: &Create,
    disclosure: &IdentityDisclosure,
) -> ExternResult<ValidateCallbackResult> {
    if disclosure.reviewer == action.author {
        invalid!("IdentityDisclosure reviewer must be someone else");
    }
    if disclosure.fields.is_empty() {
        invalid!("IdentityDisclosure fields must name at least one field");
    }
    for (i, field) in disclosure.fields.iter().enumerate() {
        if !PRIVATE_PROFILE_FIELDS.contains(&field.as_str()) {
            invalid!(
                "IdentityDisclosure fields: unknown field {field} (allowed: {})",
                PRIVATE_PROFILE_FIELDS.join(", ")
            );
        }
        if disclosure.fields[..i].contains(field) {
            invalid!("IdentityDisclosure fields must be distinct");
        }
    }
    if disclosure.expires_at <= action.timestamp {
        invalid!("IdentityDisclosure expires_at must be after the disclosure is made");
    }
    Ok(ValidateCallbackResult::Valid)
}

/// `AgentToIdentityDisclosures` link: from the reviewer's key to a
/// disclosure made to them, by the disclosure's author, once.
pub fn validate_create_link_agent_to_identity_disclosures(
    action: &CreateLink,
    base: &AnyLinkableHash,
    target: &AnyLinkableHash,
) -> ExternResult<ValidateCallbackResult> {
    let (Some(reviewer), Some(hash)) = (base.clone().into_agent_pub_key(), target.clone().into_action_hash()) else {
        invalid!("AgentToIdentityDisclosures link base must be an agent key and target an action hash");
    };
    let (record, disclosure) = match nondominium_types::held_record::<IdentityDisclosure>(
        &hash,
        PERSON_INTEGRITY,
        IDENTITY_DISCLOSURE_ENTRY_INDEX,
        "AgentToIdentityDisclosures link target",
        "an IdentityDisclosure",
    )? {
        Ok(found) => found,
        Err(e) => invalid!("{e}"),
    };
    if disclosure.reviewer != reviewer {
        invalid!("AgentToIdentityDisclosures link base must be the disclosure's reviewer");
    }
    if record.action().author() != &action.author {
        invalid!("AgentToIdentityDisclosures link must be created by the disclosure's author");
    }
    validate_index_link_once(action, "AgentToIdentityDisclosures")
}
