//! Reading the author's own chain in validation (enforcement source 3): the
//! history rules of the governance zome ("not claimed twice", "one decision
//! per party", "not cancelled, then claimed", "one verdict per validator",
//! "one InitialTransfer per agent").
use hdi::prelude::*;

use nondominium_types::{integrity_zome_index, GOVERNANCE_INTEGRITY};

/// The governance entries of type `entry_index` that `author` created on
/// their chain up to and including `chain_top` (pass the validated action's
/// `prev_action` for "before this action"), newest first, decoded as `T`,
/// with their action hashes. Entries that do not decode as `T` are skipped.
/// Deterministic: the chain up to `chain_top` is immutable; an incomplete
/// chain makes the op retry (`must_get_agent_activity`).
pub fn earlier_entries<T>(
    author: &AgentPubKey,
    chain_top: &ActionHash,
    entry_index: u8,
) -> ExternResult<Vec<(ActionHash, T)>>
where
    T: TryFrom<SerializedBytes, Error = SerializedBytesError>,
{
    let zome = integrity_zome_index(GOVERNANCE_INTEGRITY)?;
    let history = must_get_agent_activity(author.clone(), ChainFilter::new(chain_top.clone()))?;
    let mut found = Vec::new();
    for activity in history {
        let Action::Create(create) = &activity.action.hashed.content else { continue };
        let EntryType::App(def) = &create.entry_type else { continue };
        if def.zome_index != zome || def.entry_index.0 != entry_index {
            continue;
        }
        let Entry::App(bytes) = must_get_entry(create.entry_hash.clone())?.into_content() else { continue };
        if let Ok(entry) = T::try_from(bytes.into_sb()) {
            found.push((activity.action.hashed.hash.clone(), entry));
        }
    }
    Ok(found)
}
