//! Credentials by reference (enforcement source 2): reading a cited Role, the
//! DNA's progenitors and the network's properties. Reads the host
//! (`must_get_valid_record`, `dna_info`).
use hdi::prelude::*;

use crate::{
    receiver_requirements, typed_record, EconomicEvent, NondominiumProperties, ResourceSpecification, Role, RoleName,
    DEFAULT_CLOCK_TOLERANCE_SECONDS, DEFAULT_MIN_CHALLENGE_PERIOD_SECONDS, PERSON_INTEGRITY, ROLE_ENTRY_INDEX,
};

/// This network's shortest allowed challenge period, in seconds (DNA
/// properties, else [`DEFAULT_MIN_CHALLENGE_PERIOD_SECONDS`]).
pub fn min_challenge_period_seconds() -> ExternResult<u64> {
    Ok(NondominiumProperties::try_from_dna_properties()
        .ok()
        .and_then(|p| p.min_challenge_period_seconds)
        .unwrap_or(DEFAULT_MIN_CHALLENGE_PERIOD_SECONDS))
}

/// This network's clock tolerance, in seconds (DNA properties, else
/// [`DEFAULT_CLOCK_TOLERANCE_SECONDS`]): how far before a revision an action
/// citing it may be dated ([`crate::check_dated_after`]).
pub fn clock_tolerance_seconds() -> ExternResult<u64> {
    Ok(NondominiumProperties::try_from_dna_properties()
        .ok()
        .and_then(|p| p.clock_tolerance_seconds)
        .unwrap_or(DEFAULT_CLOCK_TOLERANCE_SECONDS))
}

/// Whether `agent` is named a progenitor in this DNA's properties. A DNA with
/// no properties has no progenitors.
pub fn is_progenitor(agent: &AgentPubKey) -> ExternResult<bool> {
    let Ok(properties) = NondominiumProperties::try_from_dna_properties() else {
        return Ok(false);
    };
    Ok(properties.progenitors.into_iter().any(|p| &AgentPubKey::from(p) == agent))
}

/// Checks that `credential` cites a valid Role held by `holder` whose name
/// satisfies `allows`. Inner `Err` is the end of a rejection message:
/// "is missing", "must reference a Role", "must be held by the grantor",
/// "(<RoleName>) does not allow this grant".
pub fn cited_role(
    credential: &Option<ActionHash>,
    holder: &AgentPubKey,
    allows: impl Fn(RoleName) -> bool,
) -> ExternResult<Result<(), String>> {
    let Some(hash) = credential else {
        return Ok(Err("is missing".into()));
    };
    let (_, cited) = match typed_record::<Role>(hash, PERSON_INTEGRITY, ROLE_ENTRY_INDEX, "credential", "a Role")? {
        Ok(found) => found,
        Err(_) => return Ok(Err("must reference a Role".into())),
    };
    if &cited.agent != holder {
        return Ok(Err("must be held by the grantor".into()));
    }
    if !allows(cited.role_name) {
        return Ok(Err(format!("({:?}) does not allow this grant", cited.role_name)));
    }
    Ok(Ok(()))
}

/// Whether `agent` is Accountable as shown by `credential`: a progenitor
/// (credential ignored), or `credential` cites their valid Accountable role.
/// Inner `Err` as for [`cited_role`].
pub fn accountable_by(credential: &Option<ActionHash>, agent: &AgentPubKey) -> ExternResult<Result<(), String>> {
    if is_progenitor(agent)? {
        return Ok(Ok(()));
    }
    cited_role(credential, agent, |r| r.is_accountable())
}

/// Integrity check of an event's `receiver_credentials` and
/// `receiver_reputation` against `spec` (enforcement source 2: credentials
/// by reference). A `min_reputation` must be reached by the attestations
/// cited ([`crate::reputation_of`]; none may be cited when no rule asks).
/// Every role or Accountable requirement must be
/// met by a cited, valid Role held by the receiver (a progenitor is
/// Accountable without one); when no requirement applies, nothing may be
/// cited. `Err` is the rejection message:
/// "EconomicEvent receiver_reputation must show a reputation_score of at least <m> for <rule> (…)",
/// "EconomicEvent receiver_reputation must be empty: …", a citation's own rule,
/// "EconomicEvent receiver_credentials must show the receiver <holds the X role | is an Accountable Agent> for <rule>",
/// or "EconomicEvent receiver_credentials must be empty: …".
pub fn check_receiver_credentials(
    spec: &ResourceSpecification,
    event: &EconomicEvent,
) -> ExternResult<Result<(), String>> {
    let requirements = receiver_requirements(spec, event.action, event.receiver != event.provider);
    let reputation_rules: Vec<(&str, f64)> =
        requirements.iter().filter_map(|r| r.min_reputation.map(|m| (r.rule.as_str(), m))).collect();
    if reputation_rules.is_empty() && !event.receiver_reputation.is_empty() {
        return Ok(Err(
            "EconomicEvent receiver_reputation must be empty: no rule asks for the receiver's reputation".into()
        ));
    }
    if !reputation_rules.is_empty() {
        let score = match crate::reputation_of(&event.receiver, &event.receiver_reputation)? {
            Ok(score) => score,
            Err(e) => return Ok(Err(e)),
        };
        for (rule, min) in &reputation_rules {
            if score < *min {
                return Ok(Err(format!(
                    "EconomicEvent receiver_reputation must show a reputation_score of at least {min} for {rule} (the cited attestations give {score})"
                )));
            }
        }
    }
    let requirements: Vec<_> = requirements.into_iter().filter(|r| r.role.is_some() || r.accountable).collect();
    if requirements.is_empty() {
        if !event.receiver_credentials.is_empty() {
            return Ok(Err(
                "EconomicEvent receiver_credentials must be empty: no rule binds the receiver of this event".into(),
            ));
        }
        return Ok(Ok(()));
    }
    let mut held: Vec<RoleName> = Vec::new();
    for hash in &event.receiver_credentials {
        let (_, role) = match crate::typed_record::<crate::Role>(
            hash,
            crate::PERSON_INTEGRITY,
            crate::ROLE_ENTRY_INDEX,
            "EconomicEvent receiver_credentials",
            "a Role",
        )? {
            Ok(found) => found,
            Err(e) => return Ok(Err(e)),
        };
        if role.agent != event.receiver {
            return Ok(Err("EconomicEvent receiver_credentials must be Roles held by the receiver".into()));
        }
        held.push(role.role_name);
    }
    let progenitor = crate::is_progenitor(&event.receiver)?;
    for req in requirements {
        if req.accountable && !progenitor && !held.iter().any(|r| r.is_accountable()) {
            return Ok(Err(format!(
                "EconomicEvent receiver_credentials must show the receiver is an Accountable Agent for {}",
                req.rule
            )));
        }
        if let Some(role) = req.role {
            if !held.contains(&role) {
                return Ok(Err(format!(
                    "EconomicEvent receiver_credentials must show the receiver holds the {role:?} role for {}",
                    req.rule
                )));
            }
        }
    }
    Ok(Ok(()))
}
