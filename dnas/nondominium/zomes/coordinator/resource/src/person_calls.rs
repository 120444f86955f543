//! Every call from the resource zome into the person zome, typed, in one place.
use hdk::prelude::*;
use nondominium_types::{credential_of, is_progenitor, RoleName};
use revisions::{call_local, guest_error};

/// The caller's Accountable credential to cite when defining a
/// specification: `Ok(None)` for a progenitor, `Ok(Some(hash))` for the first
/// Accountable role the caller holds. Errors when the caller is not Accountable.
pub fn my_accountable_credential() -> ExternResult<Option<ActionHash>> {
    let me = agent_info()?.agent_initial_pubkey;
    if is_progenitor(&me)? {
        return Ok(None);
    }
    let roles: Vec<Record> = call_local("person", "get_my_roles", ())?;
    match credential_of(&roles, &me, RoleName::is_accountable) {
        Some(hash) => Ok(Some(hash)),
        None => Err(guest_error("create_resource_spec: only Accountable Agents may define a resource specification")),
    }
}
