//! Rights move by their holder; only the custodian writes revisions (issue
//! 10; ValueFlows: `primaryAccountable` and custody are separate). When the
//! primary accountable agent is not the custodian, their `TransferAllRights`
//! is recorded by the governance operator on their own chain and linked from
//! the resource (`ResourceToRightsTransfers`); the custodian then writes the
//! revision that cites it — at their next event on the resource, or when
//! their UI calls `apply_rights_transfers`. Integrity accepts that revision
//! only if it equals the previous one plus the event's effects, which for
//! `TransferAllRights` change `primary_accountable` alone: the custodian's
//! fields cannot change through this path.
use hdk::prelude::*;
use nondominium_types::{apply_event, EconomicEvent, EconomicResource};
use resource_integrity::LinkTypes;
use revisions::{decode_entry, guest_error};

use crate::economic_resource::get_economic_resource;

/// Applies the rights holder's pending `TransferAllRights` of the resource
/// that revision `resource_hash` belongs to: the caller, its custodian,
/// writes the next revision citing the event (spec §3: the event was decided
/// by the operator when the rights holder recorded it; `apply_event` is the
/// same rule integrity checks). Returns the resource's latest revision,
/// which is unchanged when nothing is pending.
/// Errors: "resource not found"; "apply_rights_transfers: only the custodian
/// applies a rights transfer".
#[hdk_extern]
pub fn apply_rights_transfers(resource_hash: revisions::Checked<ActionHash>) -> ExternResult<Record> {
    let resource_hash = resource_hash.read("apply_rights_transfers")?;
    let state = get_economic_resource(resource_hash.into())?.ok_or(guest_error("resource not found"))?;
    let current: EconomicResource = decode_entry(&state.latest, "an EconomicResource")?;
    if current.custodian != agent_info()?.agent_initial_pubkey {
        return Err(guest_error("apply_rights_transfers: only the custodian applies a rights transfer"));
    }
    let (hash, _) =
        apply_pending_rights_transfer(&state.original_hash, state.latest.action_address().clone(), current)?;
    if &hash == state.latest.action_address() {
        return Ok(state.latest);
    }
    revisions::get_record(hash, GetOptions::local())?
        .ok_or(guest_error("the new EconomicResource revision could not be read back"))
}

/// When the caller holds custody of `current` (at `current_hash`, the latest
/// revision of the resource first created at `original`) and someone else
/// holds the rights, writes the revision that applies the rights holder's
/// `TransferAllRights` from `current_hash`, if one is linked and readable.
/// Returns the latest revision after that (hash and content). One event per
/// revision per author (integrity), so at most one transfer can apply.
pub(crate) fn apply_pending_rights_transfer(
    original: &ActionHash,
    current_hash: ActionHash,
    current: EconomicResource,
) -> ExternResult<(ActionHash, EconomicResource)> {
    if current.primary_accountable == current.custodian {
        return Ok((current_hash, current));
    }
    let links =
        get_links(LinkQuery::try_new(original.clone(), LinkTypes::ResourceToRightsTransfers)?, GetStrategy::Network)?;
    for link in links {
        let Some(event_hash) = link.target.into_action_hash() else { continue };
        let Some(record) = revisions::get_record(event_hash.clone(), GetOptions::network())? else { continue };
        let event: EconomicEvent = decode_entry(&record, "an EconomicEvent")?;
        if event.resource_inventoried_as.0 != current_hash {
            continue;
        }
        let Ok(next) = apply_event(&current, &event, &event_hash) else { continue };
        let (new_hash, _) = crate::economic_resource::write_revision(original, &current_hash, next.clone())?;
        return Ok((new_hash, next));
    }
    Ok((current_hash, current))
}
