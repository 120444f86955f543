//! Sharing a reputation summary with a chosen agent, and verifying one
//! (REQ-PPR-11, REQ-SEC-05/06, REQ-USER-A-02): selective disclosure. The
//! owner grants one agent an Assigned capability to `read_reputation_summary`
//! (like private identity data); the reader calls it, receives the summary
//! signed by the owner with the entry hashes of the attestations it covers,
//! and verifies it: the owner's signature, each covered attestation on the
//! DHT (valid, and naming the owner as a party), and every figure
//! recomputed from the covered interactions' public records. The reader
//! never sees the owner's private receipts.
use std::collections::{BTreeSet, HashSet};

use hdk::prelude::*;
use nondominium_types::{
    check_attestation, is_app_entry, summarize, ParticipationAttestation, ParticipationTerms, SignedReputationSummary,
    SignedSummaryContent, GOVERNANCE_INTEGRITY, MAX_SUMMARY_COVERS, PARTICIPATION_ATTESTATION_ENTRY_INDEX,
};
use revisions::capabilities::{claim_grantors, claim_secret, live_grants};
use revisions::{entry_of, guest_error};

use crate::participation::{attestation_entry_hash, found, my_claims};

/// Tag of the grants `share_reputation_summary` makes.
const GRANT_TAG: &str = "reputation_summary";
/// Tag of the capability claims a reader stores.
const CLAIM_TAG: &str = "reputation_summary_from";

/// Lets `agent` read the caller's signed reputation summary (a remote call
/// under an Assigned grant listing only `read_reputation_summary`), and
/// tells them so. Returns the grant's action hash (revoke it with
/// `revoke_reputation_share`). Errors: "share_reputation_summary: agent must
/// be someone else"; "… the agent could not be reached: …".
#[hdk_extern]
pub fn share_reputation_summary(agent: revisions::Checked<AgentPubKey>) -> ExternResult<ActionHash> {
    let agent = agent.read("share_reputation_summary")?;
    if agent == agent_info()?.agent_initial_pubkey {
        return Err(guest_error("share_reputation_summary: agent must be someone else"));
    }
    let secret = generate_cap_secret()?;
    let mut functions = HashSet::new();
    functions.insert((zome_info()?.name, FunctionName::from("read_reputation_summary")));
    let grant_hash = create_cap_grant(ZomeCallCapGrant {
        tag: GRANT_TAG.into(),
        access: CapAccess::Assigned { secret, assignees: BTreeSet::from([agent.clone()]) },
        functions: GrantedFunctions::Listed(functions),
    })?;
    match call_remote(agent, zome_info()?.name, "receive_reputation_grant".into(), None, secret)? {
        ZomeCallResponse::Ok(_) => Ok(grant_hash),
        other => Err(guest_error(format!("share_reputation_summary: the agent could not be reached: {other:?}"))),
    }
}

/// One share of the caller's reputation: the grant (what
/// `revoke_reputation_share` takes) and the agent it names.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct ReputationShare {
    pub grant_hash: ActionHash,
    pub agent: AgentPubKey,
}

/// The caller's live reputation shares (not revoked), oldest first.
#[hdk_extern]
pub fn get_my_reputation_shares(_: ()) -> ExternResult<Vec<ReputationShare>> {
    nondominium_types::host::zome_info_cache::install();
    let mut shares = Vec::new();
    for (grant_hash, grant) in live_grants(|tag| tag == GRANT_TAG)? {
        if let CapAccess::Assigned { assignees, .. } = &grant.access {
            for agent in assignees {
                shares.push(ReputationShare { grant_hash: grant_hash.clone(), agent: agent.clone() });
            }
        }
    }
    Ok(shares)
}

/// Revokes a share made by `share_reputation_summary`: every read
/// authorised after this is refused. Returns the delete's action hash.
#[hdk_extern]
pub fn revoke_reputation_share(grant_hash: revisions::Checked<ActionHash>) -> ExternResult<ActionHash> {
    let grant_hash = grant_hash.read("revoke_reputation_share")?;
    delete_cap_grant(grant_hash)
}

/// Called remotely by an owner (open to any agent): stores the grant's
/// secret as a capability claim naming the owner (the verified caller).
#[hdk_extern]
pub fn receive_reputation_grant(secret: revisions::Checked<CapSecret>) -> ExternResult<()> {
    let secret = secret.read("receive_reputation_grant")?;
    let owner = call_info()?.provenance;
    create_cap_claim(CapClaimEntry { tag: CLAIM_TAG.into(), grantor: owner, secret })?;
    Ok(())
}

/// Called remotely by a reader under the owner's grant: the owner's
/// summary over all their receipts, with the attestations it covers,
/// signed by the owner. Errors: "read_reputation_summary: only an agent the
/// owner shared with may call this".
#[hdk_extern]
pub fn read_reputation_summary(_: ()) -> ExternResult<SignedReputationSummary> {
    nondominium_types::host::zome_info_cache::install();
    if !matches!(call_info()?.cap_grant, CapGrant::RemoteAgent(_)) {
        return Err(guest_error("read_reputation_summary: only an agent the owner shared with may call this"));
    }
    signed_summary()
}

/// The caller's own summary, signed as `read_reputation_summary` would give
/// it (for the owner's preview, and for tests that alter one).
#[hdk_extern]
pub fn get_signed_reputation_summary(_: ()) -> ExternResult<SignedReputationSummary> {
    nondominium_types::host::zome_info_cache::install();
    signed_summary()
}

fn signed_summary() -> ExternResult<SignedReputationSummary> {
    let me = agent_info()?.agent_initial_pubkey;
    let claims = my_claims()?;
    let covers =
        claims.iter().take(MAX_SUMMARY_COVERS).map(|(_, c)| attestation_entry_hash(c)).collect::<ExternResult<_>>()?;
    let terms: Vec<ParticipationTerms> = claims.into_iter().take(MAX_SUMMARY_COVERS).map(|(_, c)| c.terms).collect();
    let content = SignedSummaryContent { summary: summarize(&me, &terms, sys_time()?), covers };
    let signature = sign(me, content.clone())?;
    Ok(SignedReputationSummary { summary: content.summary, covers: content.covers, signature })
}

/// A summary as its reader checked it: `verified` when `problems` is empty.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct VerifiedReputationSummary {
    pub signed: SignedReputationSummary,
    pub verified: bool,
    pub problems: Vec<String>,
}

/// Reads the summary `owner` shared with the caller and verifies it
/// (`verify_reputation_summary`). Errors: "get_shared_reputation_summary:
/// no reputation summary shared by this agent"; "… refused by the owner
/// (revoked)"; the owner not reachable.
#[hdk_extern]
pub fn get_shared_reputation_summary(
    owner: revisions::Checked<AgentPubKey>,
) -> ExternResult<VerifiedReputationSummary> {
    let owner = owner.read("get_shared_reputation_summary")?;
    let signed = get_shared_reputation_summary_unverified(owner.clone())?;
    Ok(owned_by(verify_reputation_summary(signed.into())?, &owner))
}

/// `checked`, with the problem "the summary is not the sharing agent's"
/// when it is about someone other than `owner` (a relayed summary proves
/// nothing about the agent who relayed it).
fn owned_by(mut checked: VerifiedReputationSummary, owner: &AgentPubKey) -> VerifiedReputationSummary {
    if &checked.signed.summary.agent != owner {
        checked.problems.push("the summary is not the sharing agent's".to_string());
        checked.verified = false;
    }
    checked
}

/// The summary `owner` shared with the caller, as read (not verified yet).
fn get_shared_reputation_summary_unverified(owner: AgentPubKey) -> ExternResult<SignedReputationSummary> {
    let secret = claim_secret(CLAIM_TAG, &owner)?
        .ok_or(guest_error("get_shared_reputation_summary: no reputation summary shared by this agent"))?;
    let signed: SignedReputationSummary =
        match call_remote(owner, zome_info()?.name, "read_reputation_summary".into(), Some(secret), ())? {
            ZomeCallResponse::Ok(io) => io.decode().map_err(|e| guest_error(e.to_string()))?,
            ZomeCallResponse::Unauthorized(..) => {
                return Err(guest_error("get_shared_reputation_summary: refused by the owner (revoked)"))
            }
            other => {
                return Err(guest_error(format!(
                    "get_shared_reputation_summary: the owner could not be reached: {other:?}"
                )))
            }
        };
    Ok(signed)
}

/// The agents who shared a reputation summary with the caller.
#[hdk_extern]
pub fn get_reputation_shared_with_me(_: ()) -> ExternResult<Vec<AgentPubKey>> {
    nondominium_types::host::zome_info_cache::install();
    claim_grantors(CLAIM_TAG)
}

/// Verifies a signed summary (REQ-PPR-11/12): the summary's agent signed
/// it; each covered attestation exists on the DHT, is valid (its
/// interaction yields exactly its terms and both signatures verify) and
/// names the agent as a party; and the summary equals `summarize` over the
/// covered interactions as of its `calculated_at`. Never errors on a bad
/// summary: each failure is a line of `problems` ("the signature is not
/// the agent's", "covered attestation <hash> is not on the DHT", "… does
/// not name the agent", "… is invalid: <rule>", "the figures differ from
/// the covered attestations", "an attestation is covered twice").
#[hdk_extern]
pub fn verify_reputation_summary(
    signed: revisions::Checked<SignedReputationSummary>,
) -> ExternResult<VerifiedReputationSummary> {
    let signed = signed.read("verify_reputation_summary")?;
    Ok(verified_covers(signed)?.0)
}

/// [`verify_reputation_summary`], with the terms of each covered
/// attestation that checked out (by its entry hash, in `covers` order).
pub(crate) fn verified_covers(
    signed: SignedReputationSummary,
) -> ExternResult<(VerifiedReputationSummary, Vec<(EntryHash, ParticipationTerms)>)> {
    let agent = signed.summary.agent.clone();
    let mut problems = Vec::new();
    let content = SignedSummaryContent { summary: signed.summary.clone(), covers: signed.covers.clone() };
    if !verify_signature(agent.clone(), signed.signature.clone(), content)? {
        problems.push("the signature is not the agent's".to_string());
    }
    if signed.covers.iter().collect::<BTreeSet<_>>().len() != signed.covers.len() {
        problems.push("an attestation is covered twice".to_string());
    }
    let mut terms = Vec::new();
    for hash in signed.covers.iter().take(MAX_SUMMARY_COVERS) {
        let Some(record) = get(hash.clone(), GetOptions::network())? else {
            problems.push(format!("covered attestation {hash} is not on the DHT"));
            continue;
        };
        let attestation = if is_app_entry(&record, GOVERNANCE_INTEGRITY, PARTICIPATION_ATTESTATION_ENTRY_INDEX)? {
            entry_of::<ParticipationAttestation>(&record)?
        } else {
            None
        };
        let Some(attestation) = attestation else {
            problems.push(format!("covered attestation {hash} is not a ParticipationAttestation"));
            continue;
        };
        if attestation.issuer != agent && attestation.counterparty != agent {
            problems.push(format!("covered attestation {hash} does not name the agent"));
            continue;
        }
        match check_attestation(&attestation, &|h| found(h))? {
            Ok(t) => terms.push((hash.clone(), t)),
            Err(e) => problems.push(format!("covered attestation {hash} is invalid: {e}")),
        }
    }
    let all: Vec<ParticipationTerms> = terms.iter().map(|(_, t)| t.clone()).collect();
    if problems.is_empty() && summarize(&agent, &all, signed.summary.calculated_at) != signed.summary {
        problems.push("the figures differ from the covered attestations".to_string());
    }
    Ok((VerifiedReputationSummary { verified: problems.is_empty(), problems, signed }, terms))
}

/// The attestations of `receiver`'s receipts the caller may cite for an
/// `access_requirement.min_reputation`, each with its interaction's
/// performance: the caller's own when the receiver is the caller, else those
/// of the summary the receiver shared with the caller, once verified. `Err`
/// (a refusal's reason): "the receiver has not shared their reputation
/// with you (share_reputation_summary)"; "the receiver's shared reputation
/// does not verify: …"; "… could not be read: …".
pub(crate) fn reputation_candidates(receiver: &AgentPubKey) -> ExternResult<Result<Vec<(EntryHash, f64)>, String>> {
    if receiver == &agent_info()?.agent_initial_pubkey {
        return my_claims()?
            .iter()
            .map(|(_, c)| Ok((attestation_entry_hash(c)?, c.terms.performance_metrics.performance())))
            .collect::<ExternResult<Vec<_>>>()
            .map(Ok);
    }
    if !get_reputation_shared_with_me(())?.contains(receiver) {
        return Ok(Err("the receiver has not shared their reputation with you (share_reputation_summary)".into()));
    }
    let signed = match get_shared_reputation_summary_unverified(receiver.clone()) {
        Ok(signed) => signed,
        Err(e) => {
            return Ok(Err(format!("the receiver's reputation could not be read: {}", revisions::error_text(&e))))
        }
    };
    let (verified, covers) = verified_covers(signed)?;
    let verified = owned_by(verified, receiver);
    if !verified.verified {
        return Ok(Err(format!("the receiver's shared reputation does not verify: {}", verified.problems.join("; "))));
    }
    Ok(Ok(covers.into_iter().map(|(hash, t)| (hash, t.performance_metrics.performance())).collect()))
}
