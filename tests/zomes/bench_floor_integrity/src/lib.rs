//! BENCHMARK ONLY — the floor of `npm run bench`: one app entry type, `Note`,
//! with a validation that accepts every op. A `create_note` call costs what
//! the conductor itself costs for a zome call that writes one small entry
//! (signing, the source chain, self-validation, publishing), and nothing of
//! nondominium's rules.
use hdi::prelude::*;

/// A short text; the floor write.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Note {
    pub text: String,
}

/// The one entry type.
#[hdk_entry_types]
#[unit_enum(UnitEntryTypes)]
pub enum EntryTypes {
    Note(Note),
}

/// Accepts every op: the floor measures the conductor, not a rule.
#[cfg_attr(feature = "callbacks", hdk_extern)]
pub fn validate(_op: Op) -> ExternResult<ValidateCallbackResult> {
    Ok(ValidateCallbackResult::Valid)
}
