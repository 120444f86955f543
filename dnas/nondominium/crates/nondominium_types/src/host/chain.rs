//! History rules read from an author's own chain (enforcement source 3 of
//! `docs/enforcement.md`): "the cited revision is still current for
//! its author", "the event was applied by its claimant", "this index link
//! already exists". Each reads `must_get_agent_activity` up to a given action,
//! which is immutable, so every peer reaches the same verdict; an incomplete
//! chain makes the op retry, never Invalid. Shared by the integrity zomes,
//! which call them from every op that carries the data and from
//! RegisterAgentActivity.
use hdi::prelude::*;

use crate::{typed_record, EconomicResource, ECONOMIC_RESOURCE_ENTRY_INDEX, RESOURCE_INTEGRITY};

/// The author's actions up to and including `chain_top`, newest first.
fn chain(author: &AgentPubKey, chain_top: &ActionHash) -> ExternResult<Vec<RegisterAgentActivity>> {
    must_get_agent_activity(author.clone(), ChainFilter::new(chain_top.clone()))
}

/// The author's updates of `revision` on their chain up to `chain_top`.
fn updates_of(author: &AgentPubKey, chain_top: &ActionHash, revision: &ActionHash) -> ExternResult<Vec<ActionHash>> {
    Ok(chain(author, chain_top)?
        .into_iter()
        .filter_map(|activity| match &activity.action.hashed.content {
            Action::Update(update) if &update.original_action_address == revision => {
                Some(activity.action.hashed.hash.clone())
            }
            _ => None,
        })
        .collect())
}

/// Whether `author` already superseded `revision` on their chain up to
/// `chain_top` (pass the validated action's `prev_action` for "before this
/// action"). Only a revision's custodian may supersede it, so "current" is a
/// fact of one chain: an event, a declaration or a second update that cites
/// a revision its author already handed on is stale.
pub fn superseded_by_author(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    revision: &crate::RevisionHash,
) -> ExternResult<bool> {
    Ok(!updates_of(author, chain_top, &revision.0)?.is_empty())
}

/// Whether `author` applied the EconomicEvent `event_hash` (which starts from
/// `revision`) on their chain up to `chain_top`: they wrote the update of
/// `revision` whose `last_event` is `event_hash`. A claim's event must be
/// one its claimant applied, or it never reached the resource.
pub fn applied_by_author(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    revision: &crate::RevisionHash,
    event_hash: &ActionHash,
) -> ExternResult<bool> {
    for update in updates_of(author, chain_top, &revision.0)? {
        let next = typed_record::<EconomicResource>(
            &update,
            RESOURCE_INTEGRITY,
            ECONOMIC_RESOURCE_ENTRY_INDEX,
            "update",
            "an EconomicResource",
        )?;
        if next.is_ok_and(|(_, resource)| resource.last_event.as_ref() == Some(event_hash)) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Whether the author of `link` already created the same link (same zome,
/// link type, base and target) earlier on their chain: an index holds each
/// target once (no resource indexed twice under its
/// specification, no profile twice under the agents anchor).
pub fn link_created_before(link: &CreateLink) -> ExternResult<bool> {
    Ok(chain(&link.author, &link.prev_action)?.iter().any(|activity| match &activity.action.hashed.content {
        Action::CreateLink(earlier) => {
            earlier.zome_index == link.zome_index
                && earlier.link_type == link.link_type
                && earlier.base_address == link.base_address
                && earlier.target_address == link.target_address
        }
        _ => false,
    }))
}

/// "<link_name> link already exists: an index holds each target once", when
/// [`link_created_before`]; else Valid.
pub fn validate_index_link_once(link: &CreateLink, link_name: &str) -> ExternResult<ValidateCallbackResult> {
    Ok(crate::verdict(!link_created_before(link)?, || {
        format!("{link_name} link already exists: an index holds each target once")
    }))
}
