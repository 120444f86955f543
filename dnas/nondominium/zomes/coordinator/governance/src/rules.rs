//! Evaluation of a specification's governance rules in every transition the
//! operator decides (REQ-GOV-09). Each refusal names its rule:
//! "<rule_type> (governance_rules[i]): <what failed>".
use hdk::prelude::*;
use nondominium_types::{
    credential_of, credentials_of, is_progenitor, receiver_requirements, reputation_score, ResourceSpecification,
    RoleName, VfAction, MAX_REPUTATION_CITATIONS,
};
use revisions::{call_local, decode_entry};

/// The operator's verdict on the receiver rules of one transition.
#[derive(Debug, Default)]
pub struct RuleOutcome {
    /// "<rule_type> (governance_rules[i]): <what failed>", one per unmet rule.
    pub reasons: Vec<String>,
    /// The receiver's Role credentials that meet the rules, to cite in the
    /// event's `receiver_credentials` (integrity checks them again).
    pub credentials: Vec<ActionHash>,
    /// Attestations of the receiver's receipts that reach every
    /// `min_reputation`, to cite in the event's `receiver_reputation`.
    pub reputation: Vec<EntryHash>,
}

/// Evaluates the receiver rules (`transfer_conditions`, `access_requirement`,
/// and an `InitialTransfer`'s Accountable receiver) of `spec` (the
/// specification the resource conforms to), for `receiver` taking `action`
/// from `provider`, and collects the credentials and reputation
/// attestations that meet them, which the event then cites (integrity
/// refuses citations no rule asks for). A `min_reputation` is met from the
/// summary the receiver shared with the caller (`share_reputation_summary`).
/// `usage_limit` is checked by the operator itself.
pub fn evaluate_rules(
    action: VfAction,
    spec: &ResourceSpecification,
    provider: &AgentPubKey,
    receiver: &AgentPubKey,
) -> ExternResult<RuleOutcome> {
    let mut outcome = RuleOutcome::default();
    let requirements = receiver_requirements(spec, action, receiver != provider);
    if requirements.is_empty() {
        return Ok(outcome);
    }
    if let Some((rule, min)) = requirements
        .iter()
        .filter_map(|r| r.min_reputation.map(|m| (r.rule.clone(), m)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        match crate::reputation::reputation_candidates(receiver)? {
            Err(e) => outcome.reasons.push(format!("{rule}: {e}")),
            Ok(candidates) => {
                let (cited, score) = strongest_until(candidates, min);
                if score < min {
                    outcome.reasons.push(format!("{rule}: the receiver's reputation_score is {score}, below {min}"));
                } else {
                    outcome.reputation = cited;
                }
            }
        }
    }
    if requirements.iter().all(|r| r.role.is_none() && !r.accountable) {
        return Ok(outcome);
    }
    let roles = agent_roles(receiver)?;
    let progenitor = is_progenitor(receiver)?;
    let cite = |hash: &ActionHash, outcome: &mut RuleOutcome| {
        if !outcome.credentials.contains(hash) {
            outcome.credentials.push(hash.clone());
        }
    };
    for req in requirements {
        if req.accountable && !progenitor {
            match roles.iter().find(|(_, r)| r.is_accountable()) {
                Some((hash, _)) => cite(hash, &mut outcome),
                None => outcome.reasons.push(format!("{}: the receiver must be an Accountable Agent", req.rule)),
            }
        }
        if let Some(role) = req.role {
            match roles.iter().find(|(_, r)| *r == role) {
                Some((hash, _)) => cite(hash, &mut outcome),
                None => outcome.reasons.push(format!("{}: the receiver must hold the {role:?} role", req.rule)),
            }
        }
    }
    Ok(outcome)
}

/// The fewest attestations (strongest performance first, at most
/// `MAX_REPUTATION_CITATIONS`) whose `reputation_score` reaches `min`, with
/// that score — the same sum, in the same order, integrity computes.
fn strongest_until(mut candidates: Vec<(EntryHash, f64)>, min: f64) -> (Vec<EntryHash>, f64) {
    candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut cited = Vec::new();
    let mut total = 0.0;
    for (hash, performance) in candidates.into_iter().take(MAX_REPUTATION_CITATIONS) {
        if reputation_score(total) >= min {
            break;
        }
        total += performance;
        cited.push(hash);
    }
    (cited, reputation_score(total))
}

/// The Role credentials `agent` holds, as (record hash, role name).
fn agent_roles(agent: &AgentPubKey) -> ExternResult<Vec<(ActionHash, RoleName)>> {
    let records: Vec<Record> = person("get_agent_roles", agent.clone())?;
    Ok(credentials_of(&records, agent))
}

/// The ResourceSpecification at `spec_hash`, when it can be read: the one
/// way the operator, the commitment checks and the validation tally read
/// the specification whose rules they evaluate. Errors when the record there
/// is not a ResourceSpecification.
pub(crate) fn specification_at(spec_hash: &ActionHash) -> ExternResult<Option<ResourceSpecification>> {
    match revisions::get_record(spec_hash.clone(), GetOptions::network())? {
        None => Ok(None),
        Some(record) => decode_entry(&record, "a ResourceSpecification").map(Some),
    }
}

/// Calls the person zome of this cell ([`call_local`]).
pub(crate) fn person<I: Serialize + std::fmt::Debug, O: serde::de::DeserializeOwned + std::fmt::Debug>(
    fn_name: &str,
    input: I,
) -> ExternResult<O> {
    call_local("person", fn_name, input)
}

/// The caller's first Role credential whose name satisfies `allows`.
pub(crate) fn my_credential(allows: impl Fn(RoleName) -> bool) -> ExternResult<Option<ActionHash>> {
    let me = agent_info()?.agent_initial_pubkey;
    let roles: Vec<Record> = person("get_my_roles", ())?;
    Ok(credential_of(&roles, &me, allows))
}
