//! Small helpers every integrity zome's `validate` uses to phrase verdicts.
use hdi::prelude::*;

/// `Valid` when `ok`, else `Invalid(message())`.
pub fn verdict(ok: bool, message: impl FnOnce() -> String) -> ValidateCallbackResult {
    if ok {
        ValidateCallbackResult::Valid
    } else {
        ValidateCallbackResult::Invalid(message())
    }
}

/// Turns a rule's `Result<(), message>` into a verdict.
pub fn from_rule(rule: Result<(), String>) -> ValidateCallbackResult {
    match rule {
        Ok(()) => ValidateCallbackResult::Valid,
        Err(e) => ValidateCallbackResult::Invalid(e),
    }
}

/// No app entry of the calling integrity zome may be deleted (REQ-RES-03:
/// no one can delete a resource; every record is part of the audit trail).
/// `entry_names[i]` names entry index `i` for the message
/// "<EntryName> cannot be deleted". Deletes of anything else (capability
/// grants, other zomes' entries) get no verdict from this zome.
pub fn validate_delete_of_app_entry(
    deletes_address: &ActionHash,
    entry_names: &[&str],
) -> ExternResult<ValidateCallbackResult> {
    let original = must_get_action(deletes_address.clone())?;
    let my_zome = zome_info()?.id;
    Ok(match original.hashed.content.entry_type() {
        Some(EntryType::App(def)) if def.zome_index == my_zome => {
            let name = entry_names.get(def.entry_index.0 as usize).copied().unwrap_or("entry");
            ValidateCallbackResult::Invalid(format!("{name} cannot be deleted"))
        }
        _ => ValidateCallbackResult::Valid,
    })
}

/// The `CreateLink` action at `hash` (for a `DeleteLink` seen in a StoreRecord op).
pub fn must_get_create_link(hash: &ActionHash) -> ExternResult<CreateLink> {
    match must_get_action(hash.clone())?.hashed.content {
        Action::CreateLink(create) => Ok(create),
        _ => Err(wasm_error!(WasmErrorInner::Guest("DeleteLink must delete a CreateLink".into()))),
    }
}

/// A link may be deleted only by the agent who created it.
pub fn validate_delete_link_by_author(
    action: &DeleteLink,
    original: &CreateLink,
) -> ExternResult<ValidateCallbackResult> {
    Ok(verdict(action.author == original.author, || "a link can only be deleted by its author".into()))
}

/// Returns `Ok(ValidateCallbackResult::Invalid(format!(..)))` from the
/// enclosing validator: `invalid!("EconomicResource {field} must …")`.
#[macro_export]
macro_rules! invalid {
    ($($arg:tt)*) => {
        return Ok(::hdi::prelude::ValidateCallbackResult::Invalid(format!($($arg)*)))
    };
}

/// Unwraps a [`typed_record`](crate::typed_record) answer — the cited record
/// and its entry — or returns its rejection from the enclosing validator.
#[macro_export]
macro_rules! cited {
    ($e:expr) => {
        match $e? {
            Ok(found) => found,
            Err(message) => return Ok(::hdi::prelude::ValidateCallbackResult::Invalid(message)),
        }
    };
}
