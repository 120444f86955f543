//! `PrivateProfile` (spec §4.1.2, REQ-USER-S-02, REQ-SEC-04): identity data
//! kept as a private entry, never published. Only the author's conductor ever
//! validates it (at commit time); sharing happens by capability grant.
use hdi::prelude::*;

/// An agent's private identity data. Every field is optional text of at most
/// 512 characters.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct PrivateProfile {
    pub legal_name: Option<String>,
    pub address: Option<String>,
    pub email: Option<String>,
    /// Hash of a photo ID document, never the document itself.
    pub photo_id_hash: Option<String>,
}

/// The field names a grant may name, in `PrivateProfile` order.
pub const PRIVATE_PROFILE_FIELDS: [&str; 4] = ["legal_name", "address", "email", "photo_id_hash"];

/// Field rules: each field at most 512 characters.
pub fn check_private_profile_fields(p: &PrivateProfile) -> Result<(), String> {
    for (name, value) in PRIVATE_PROFILE_FIELDS.iter().zip([&p.legal_name, &p.address, &p.email, &p.photo_id_hash]) {
        if value.as_ref().is_some_and(|v| v.chars().count() > 512) {
            return Err(format!("PrivateProfile {name} must be at most 512 characters"));
        }
    }
    Ok(())
}

/// Create or update (author's conductor only): field rules.
pub fn validate_private_profile(p: &PrivateProfile) -> ExternResult<ValidateCallbackResult> {
    Ok(nondominium_types::from_rule(check_private_profile_fields(p)))
}
