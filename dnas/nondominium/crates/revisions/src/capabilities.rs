//! The capability grants and claims behind nondominium's agent-to-agent
//! sharing (private identity data, reputation summaries, signing for
//! participation receipts): one reading of the caller's own chain for each,
//! so every sharing feature lists, finds and revokes the same way.
use std::collections::BTreeSet;

use hdk::prelude::*;

/// The caller's capability grants not revoked (no Delete of them on the
/// caller's chain) whose tag `tag_matches`, oldest first, each with its
/// action hash (what `delete_cap_grant` takes).
pub fn live_grants(tag_matches: impl Fn(&str) -> bool) -> ExternResult<Vec<(ActionHash, ZomeCallCapGrant)>> {
    let revoked: BTreeSet<ActionHash> = query(ChainQueryFilter::new().action_type(ActionType::Delete))?
        .into_iter()
        .filter_map(|r| match r.action() {
            Action::Delete(d) => Some(d.deletes_address.clone()),
            _ => None,
        })
        .collect();
    let mut grants = Vec::new();
    for record in query(ChainQueryFilter::new().entry_type(EntryType::CapGrant).include_entries(true))? {
        if revoked.contains(record.action_address()) {
            continue;
        }
        if let Some(Entry::CapGrant(grant)) = record.entry().as_option() {
            if tag_matches(&grant.tag) {
                grants.push((record.action_address().clone(), grant.clone()));
            }
        }
    }
    Ok(grants)
}

/// The caller's capability claims tagged `tag`, oldest first.
fn claims(tag: &str) -> ExternResult<Vec<CapClaim>> {
    Ok(query(ChainQueryFilter::new().entry_type(EntryType::CapClaim).include_entries(true))?
        .into_iter()
        .filter_map(|r| match r.entry().as_option() {
            Some(Entry::CapClaim(claim)) if claim.tag == tag => Some(claim.clone()),
            _ => None,
        })
        .collect())
}

/// The secret of the newest claim tagged `tag` that `grantor` gave the
/// caller, or `None` when they never did.
pub fn claim_secret(tag: &str, grantor: &AgentPubKey) -> ExternResult<Option<CapSecret>> {
    Ok(claims(tag)?.into_iter().rev().find(|c| &c.grantor == grantor).map(|c| c.secret))
}

/// The agents who gave the caller a claim tagged `tag`, each once, in the
/// order of their first claim (a claim stays after its grant is revoked, so
/// a read may still be refused).
pub fn claim_grantors(tag: &str) -> ExternResult<Vec<AgentPubKey>> {
    let mut grantors: Vec<AgentPubKey> = Vec::new();
    for claim in claims(tag)? {
        if !grantors.contains(&claim.grantor) {
            grantors.push(claim.grantor);
        }
    }
    Ok(grantors)
}
