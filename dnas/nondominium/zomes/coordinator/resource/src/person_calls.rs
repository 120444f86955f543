//! Every call from the resource zome into the person zome, typed, in one place.
use hdk::prelude::*;
use nondominium_types::{is_progenitor, Role};
use revisions::guest_error;

/// The caller's Accountable credential to cite when defining a
/// specification: `Ok(None)` for a progenitor, `Ok(Some(hash))` for the first
/// Accountable role the caller holds. Errors when the caller is not Accountable.
pub fn my_accountable_credential() -> ExternResult<Option<ActionHash>> {
    let me = agent_info()?.agent_initial_pubkey;
    if is_progenitor(&me)? {
        return Ok(None);
    }
    let roles: Vec<Record> =
        match call(CallTargetCell::Local, ZomeName::from("person"), FunctionName::from("get_my_roles"), None, ())? {
            ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(e.to_string()))?,
            other => return Err(guest_error(format!("person get_my_roles failed: {other:?}"))),
        };
    for record in roles {
        let role: Option<Role> = record.entry().to_app_option().map_err(|e| guest_error(e.to_string()))?;
        if role.is_some_and(|r| r.agent == me && r.role_name.is_accountable()) {
            return Ok(Some(record.action_address().clone()));
        }
    }
    Err(guest_error("create_resource_spec: only Accountable Agents may define a resource specification"))
}
