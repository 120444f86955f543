//! The Commitment → Claim cycle (spec §4.3.2, §4.3.3, §6.3; REQ-GOV-01):
//! `Commitment` (a promised future action), `CommitmentDecision` (the
//! counterparty's acceptance or refusal, or a party's cancellation) and
//! `Claim` (the provider's statement that an EconomicEvent fulfils it), with
//! the pure rules over them. The governance integrity zome applies these
//! rules to every write; the coordinator calls the same functions for an
//! early, friendly refusal and to compute a commitment's status.
use hdi::prelude::*;

use crate::economic_event::{EconomicEvent, VfAction};
use crate::economic_resource::check_quantity;

/// Furthest a commitment's `due_date` may lie after it is made: 5 years (in seconds).
pub const MAX_COMMITMENT_HORIZON_SECONDS: i64 = 5 * 365 * 24 * 3600;

/// Longest text a `note` may hold, in characters.
pub const MAX_NOTE_CHARS: usize = 1000;

/// A promised future action (spec §4.3.2): `provider` will perform `action`
/// for `receiver` on one resource (`resource_inventoried_as`) or on some
/// resource of a specification (`resource_conforms_to`) — exactly one of the
/// two — moving at most `resource_quantity` (in the resource's unit), by
/// `due_date`. Its author is one of the two parties (the proposer); the other
/// party (the counterparty) accepts or declines it. Immutable, undeletable.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Commitment {
    pub action: VfAction,
    pub provider: AgentPubKey,
    pub receiver: AgentPubKey,
    /// The resource's FIRST revision (its identity), when the commitment is
    /// about one resource.
    pub resource_inventoried_as: Option<crate::ResourceId>,
    /// A ResourceSpecification, when the commitment is about any resource conforming to it.
    pub resource_conforms_to: Option<ActionHash>,
    /// Finite and >= 0, in the resource's unit; a claim's event moves at most this much.
    pub resource_quantity: f64,
    /// Microseconds since the Unix epoch; not before `committed_at`.
    pub due_date: Timestamp,
    /// At most [`MAX_NOTE_CHARS`] characters.
    pub note: Option<String>,
    /// Microseconds since the Unix epoch, as stated by the proposer.
    pub committed_at: Timestamp,
}

/// What a party decides about a commitment (at most one decision per party).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The counterparty agrees: the provider may now claim it.
    Accepted,
    /// The counterparty refuses.
    Declined,
    /// A party withdraws it before claiming it.
    Cancelled,
}

/// A party's decision about a commitment. Accepted and Declined are made by
/// the counterparty (the party who did not author the commitment); Cancelled
/// by either party. Immutable, undeletable.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct CommitmentDecision {
    /// The Commitment's action hash.
    pub commitment: ActionHash,
    pub decision: Decision,
    /// At most [`MAX_NOTE_CHARS`] characters.
    pub note: Option<String>,
}

/// The provider's statement that an EconomicEvent fulfils a commitment
/// (spec §4.3.3): the public governance record linking commitment and event.
/// Immutable, undeletable; at most one per commitment.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Claim {
    /// The Commitment fulfilled.
    pub fulfills: ActionHash,
    /// The EconomicEvent that fulfils it, recorded by the claimant.
    pub fulfilled_by: ActionHash,
    /// The counterparty's Accepted CommitmentDecision of `fulfills`.
    pub acceptance: ActionHash,
    /// Microseconds since the Unix epoch, as stated by the claimant.
    pub claimed_at: Timestamp,
    /// At most [`MAX_NOTE_CHARS`] characters.
    pub note: Option<String>,
}

/// Where a commitment stands, computed from its decisions and claims.
/// Serialised in lower case (`"proposed"`, …).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// No decision yet.
    Proposed,
    /// The counterparty accepted; not claimed, not cancelled.
    Accepted,
    /// The counterparty declined.
    Declined,
    /// A party cancelled it before any claim.
    Cancelled,
    /// The provider claimed it: the event happened.
    Claimed,
}

/// The rejection of a proposal by a receiver who has created no resource (REQ-GOV-01).
pub const FIRST_RESOURCE_REQUIRED: &str =
    "Commitment receiver must have created an EconomicResource before proposing to access someone else's (REQ-GOV-01)";

/// The rejection of an acceptance by a receiver who has created no resource (REQ-GOV-01).
pub const FIRST_RESOURCE_REQUIRED_TO_ACCEPT: &str =
    "CommitmentDecision receiver must have created an EconomicResource before accepting access to someone else's (REQ-GOV-01)";

/// "<entity> note must be at most 1000 characters" when `note` is longer.
pub fn check_note(entity: &str, note: &Option<String>) -> Result<(), String> {
    match note {
        Some(n) if n.chars().count() > MAX_NOTE_CHARS => {
            Err(format!("{entity} note must be at most {MAX_NOTE_CHARS} characters"))
        }
        _ => Ok(()),
    }
}

/// Field rules of a commitment on its own (enforcement source 1): quantity
/// finite and >= 0; two distinct parties; exactly one of resource and
/// specification; `due_date` not before `committed_at` and at most
/// [`MAX_COMMITMENT_HORIZON_SECONDS`] after it; note length. (`committed_at`
/// itself is tied to the action's timestamp in integrity.)
pub fn check_commitment_fields(c: &Commitment) -> Result<(), String> {
    check_quantity("Commitment", "resource_quantity", c.resource_quantity)?;
    if c.provider == c.receiver {
        return Err("Commitment provider and receiver must differ".into());
    }
    if c.resource_inventoried_as.is_some() == c.resource_conforms_to.is_some() {
        return Err("Commitment must name exactly one of resource_inventoried_as and resource_conforms_to".into());
    }
    if c.due_date < c.committed_at {
        return Err("Commitment due_date must not be before committed_at".into());
    }
    if c.due_date.0.saturating_sub(c.committed_at.0) > MAX_COMMITMENT_HORIZON_SECONDS * 1_000_000 {
        return Err("Commitment due_date must be at most 5 years after committed_at".into());
    }
    check_note("Commitment", &c.note)
}

/// The proposer (author) of a commitment must be one of its parties.
pub fn check_proposer(c: &Commitment, author: &AgentPubKey) -> Result<(), String> {
    if author != &c.provider && author != &c.receiver {
        return Err("Commitment author must be the provider or the receiver".into());
    }
    Ok(())
}

/// The party of `c` who did not author it (`proposer` is the commitment
/// record's author); `None` when the proposer is not a party.
pub fn counterparty<'a>(c: &'a Commitment, proposer: &AgentPubKey) -> Option<&'a AgentPubKey> {
    if proposer == &c.provider {
        Some(&c.receiver)
    } else if proposer == &c.receiver {
        Some(&c.provider)
    } else {
        None
    }
}

/// Whether a proposal by `author` must show the first-resource requirement
/// (REQ-GOV-01): the author is the receiver, and the resource to be accessed
/// is someone else's — a named resource whose creator (`resource_creator`,
/// its first revision's author) is not the author, or any resource of a
/// specification (the provider's, by definition).
pub fn needs_first_resource(c: &Commitment, author: &AgentPubKey, resource_creator: Option<&AgentPubKey>) -> bool {
    author == &c.receiver && resource_creator != Some(author)
}

/// Who may make `decision` about `c` (authored by `proposer`): Accepted and
/// Declined only the counterparty; Cancelled either party.
pub fn check_decision_author(
    c: &Commitment,
    proposer: &AgentPubKey,
    decision: Decision,
    author: &AgentPubKey,
) -> Result<(), String> {
    match decision {
        Decision::Accepted | Decision::Declined => {
            if counterparty(c, proposer) != Some(author) {
                return Err(
                    "CommitmentDecision author must be the commitment's counterparty to accept or decline it".into()
                );
            }
        }
        Decision::Cancelled => {
            if author != &c.provider && author != &c.receiver {
                return Err("CommitmentDecision author must be a party of the commitment to cancel it".into());
            }
        }
    }
    Ok(())
}

/// The rejection of a claim whose `acceptance` is not what it must be.
pub const ACCEPTANCE_MISMATCH: &str =
    "Claim acceptance must be the counterparty's Accepted decision of this commitment";

/// A claim's `acceptance` (a decision by `decision_author`) must be the
/// Accepted decision of `commitment_hash` by the counterparty of `c`
/// (authored by `proposer`).
pub fn check_acceptance(
    c: &Commitment,
    commitment_hash: &ActionHash,
    proposer: &AgentPubKey,
    decision: &CommitmentDecision,
    decision_author: &AgentPubKey,
) -> Result<(), String> {
    let ok = &decision.commitment == commitment_hash
        && decision.decision == Decision::Accepted
        && counterparty(c, proposer) == Some(decision_author);
    if ok {
        Ok(())
    } else {
        Err(ACCEPTANCE_MISMATCH.into())
    }
}

/// The parts of "a claim must match its commitment" that need no lookup:
/// the event has the commitment's action, provider and receiver, and moves
/// no more than the committed quantity. (That its resource is the committed
/// one, or conforms to the committed specification, is checked by the
/// integrity zome, which must fetch the revision chain.)
pub fn check_event_matches_commitment(c: &Commitment, event: &EconomicEvent) -> Result<(), String> {
    if event.action != c.action {
        return Err("Claim fulfilled_by must match the commitment's action".into());
    }
    if event.provider != c.provider {
        return Err("Claim fulfilled_by must match the commitment's provider".into());
    }
    if event.receiver != c.receiver {
        return Err("Claim fulfilled_by must match the commitment's receiver".into());
    }
    if event.resource_quantity > c.resource_quantity {
        return Err("Claim fulfilled_by resource_quantity must not exceed the committed quantity".into());
    }
    Ok(())
}

/// The status of a commitment authored by `proposer`, given each party's
/// decision (`decisions`: author and decision, oldest first; only the first
/// per author counts, as integrity allows one) and whether a valid claim
/// exists. A claim wins over everything (the event happened); then a
/// cancellation; then the counterparty's answer.
pub fn commitment_status(
    c: &Commitment,
    proposer: &AgentPubKey,
    decisions: &[(AgentPubKey, Decision)],
    claimed: bool,
) -> CommitmentStatus {
    if claimed {
        return CommitmentStatus::Claimed;
    }
    let mut seen: Vec<&AgentPubKey> = Vec::new();
    let mut answer = None;
    let mut cancelled = false;
    for (author, decision) in decisions {
        if seen.contains(&author) || (author != &c.provider && author != &c.receiver) {
            continue;
        }
        seen.push(author);
        match decision {
            Decision::Cancelled => cancelled = true,
            d if counterparty(c, proposer) == Some(author) => answer = Some(*d),
            _ => {}
        }
    }
    match (cancelled, answer) {
        (true, _) => CommitmentStatus::Cancelled,
        (false, Some(Decision::Accepted)) => CommitmentStatus::Accepted,
        (false, Some(Decision::Declined)) => CommitmentStatus::Declined,
        _ => CommitmentStatus::Proposed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(n: u8) -> AgentPubKey {
        AgentPubKey::from_raw_36(vec![n; 36])
    }
    fn hash(n: u8) -> ActionHash {
        ActionHash::from_raw_36(vec![n; 36])
    }
    /// Agent 1 provides, agent 2 receives, resource 7, quantity 2.
    fn commitment() -> Commitment {
        Commitment {
            action: VfAction::TransferCustody,
            provider: agent(1),
            receiver: agent(2),
            resource_inventoried_as: Some(crate::ResourceId(hash(7))),
            resource_conforms_to: None,
            resource_quantity: 2.0,
            due_date: Timestamp(10),
            note: None,
            committed_at: Timestamp(5),
        }
    }
    fn event(over: impl FnOnce(&mut EconomicEvent)) -> EconomicEvent {
        let mut e = EconomicEvent {
            action: VfAction::TransferCustody,
            provider: agent(1),
            receiver: agent(2),
            resource_inventoried_as: crate::RevisionHash(hash(8)),
            resource_quantity: 2.0,
            unit: "unit".into(),
            to_location: None,
            state: None,
            stage: None,
            contained_in: None,
            event_time: Timestamp(6),
            note: None,
            receiver_credentials: vec![],
            input_of: None,
            output_of: None,
            process_approvals: vec![],
            receiver_reputation: vec![],
        };
        over(&mut e);
        e
    }

    #[test]
    fn commitment_fields() {
        assert_eq!(check_commitment_fields(&commitment()), Ok(()));
        for q in [f64::NAN, f64::INFINITY, -1.0] {
            assert_eq!(
                check_commitment_fields(&Commitment { resource_quantity: q, ..commitment() }),
                Err("Commitment resource_quantity must be a finite number >= 0".into())
            );
        }
        assert_eq!(
            check_commitment_fields(&Commitment { receiver: agent(1), ..commitment() }),
            Err("Commitment provider and receiver must differ".into())
        );
        let exactly_one =
            Err("Commitment must name exactly one of resource_inventoried_as and resource_conforms_to".into());
        assert_eq!(
            check_commitment_fields(&Commitment { resource_conforms_to: Some(hash(3)), ..commitment() }),
            exactly_one
        );
        assert_eq!(check_commitment_fields(&Commitment { resource_inventoried_as: None, ..commitment() }), exactly_one);
        assert_eq!(
            check_commitment_fields(&Commitment {
                resource_inventoried_as: None,
                resource_conforms_to: Some(hash(3)),
                ..commitment()
            }),
            Ok(())
        );
        assert_eq!(
            check_commitment_fields(&Commitment { due_date: Timestamp(4), ..commitment() }),
            Err("Commitment due_date must not be before committed_at".into())
        );
        assert_eq!(
            check_commitment_fields(&Commitment { note: Some("x".repeat(1001)), ..commitment() }),
            Err("Commitment note must be at most 1000 characters".into())
        );
        assert_eq!(check_commitment_fields(&Commitment { note: Some("é".repeat(1000)), ..commitment() }), Ok(()));
    }

    #[test]
    fn parties() {
        let c = commitment();
        assert_eq!(check_proposer(&c, &agent(2)), Ok(()));
        assert_eq!(check_proposer(&c, &agent(3)), Err("Commitment author must be the provider or the receiver".into()));
        assert_eq!(counterparty(&c, &agent(1)), Some(&agent(2)));
        assert_eq!(counterparty(&c, &agent(2)), Some(&agent(1)));
        assert_eq!(counterparty(&c, &agent(3)), None);
    }

    #[test]
    fn first_resource_requirement_binds_receivers_proposing_for_someone_elses_resource() {
        let c = commitment();
        assert!(needs_first_resource(&c, &agent(2), Some(&agent(1))));
        assert!(!needs_first_resource(&c, &agent(2), Some(&agent(2))), "their own resource");
        assert!(!needs_first_resource(&c, &agent(1), Some(&agent(1))), "the provider proposes");
        assert!(needs_first_resource(&c, &agent(2), None), "any resource of a specification");
    }

    #[test]
    fn who_decides() {
        let c = commitment();
        // Agent 2 (the receiver) proposed: agent 1 answers.
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Accepted, &agent(1)), Ok(()));
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Declined, &agent(1)), Ok(()));
        let not_counterparty =
            Err("CommitmentDecision author must be the commitment's counterparty to accept or decline it".into());
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Accepted, &agent(2)), not_counterparty);
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Declined, &agent(3)), not_counterparty);
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Cancelled, &agent(2)), Ok(()));
        assert_eq!(check_decision_author(&c, &agent(2), Decision::Cancelled, &agent(1)), Ok(()));
        assert_eq!(
            check_decision_author(&c, &agent(2), Decision::Cancelled, &agent(3)),
            Err("CommitmentDecision author must be a party of the commitment to cancel it".into())
        );
    }

    #[test]
    fn acceptance() {
        let c = commitment();
        let accepted = CommitmentDecision { commitment: hash(4), decision: Decision::Accepted, note: None };
        assert_eq!(check_acceptance(&c, &hash(4), &agent(2), &accepted, &agent(1)), Ok(()));
        assert_eq!(check_acceptance(&c, &hash(5), &agent(2), &accepted, &agent(1)), Err(ACCEPTANCE_MISMATCH.into()));
        assert_eq!(check_acceptance(&c, &hash(4), &agent(2), &accepted, &agent(2)), Err(ACCEPTANCE_MISMATCH.into()));
        let declined = CommitmentDecision { decision: Decision::Declined, ..accepted };
        assert_eq!(check_acceptance(&c, &hash(4), &agent(2), &declined, &agent(1)), Err(ACCEPTANCE_MISMATCH.into()));
    }

    #[test]
    fn an_event_matches_its_commitment() {
        let c = commitment();
        assert_eq!(check_event_matches_commitment(&c, &event(|_| {})), Ok(()));
        assert_eq!(check_event_matches_commitment(&c, &event(|e| e.resource_quantity = 1.5)), Ok(()));
        assert_eq!(
            check_event_matches_commitment(&c, &event(|e| e.action = VfAction::Use)),
            Err("Claim fulfilled_by must match the commitment's action".into())
        );
        assert_eq!(
            check_event_matches_commitment(&c, &event(|e| e.provider = agent(3))),
            Err("Claim fulfilled_by must match the commitment's provider".into())
        );
        assert_eq!(
            check_event_matches_commitment(&c, &event(|e| e.receiver = agent(3))),
            Err("Claim fulfilled_by must match the commitment's receiver".into())
        );
        assert_eq!(
            check_event_matches_commitment(&c, &event(|e| e.resource_quantity = 2.5)),
            Err("Claim fulfilled_by resource_quantity must not exceed the committed quantity".into())
        );
    }

    #[test]
    fn status() {
        let c = commitment();
        let proposer = agent(2);
        use CommitmentStatus::*;
        assert_eq!(commitment_status(&c, &proposer, &[], false), Proposed);
        assert_eq!(commitment_status(&c, &proposer, &[(agent(1), Decision::Accepted)], false), Accepted);
        assert_eq!(commitment_status(&c, &proposer, &[(agent(1), Decision::Declined)], false), Declined);
        // The proposer's own "acceptance" and a stranger's decision count for nothing.
        assert_eq!(commitment_status(&c, &proposer, &[(agent(2), Decision::Accepted)], false), Proposed);
        assert_eq!(commitment_status(&c, &proposer, &[(agent(3), Decision::Cancelled)], false), Proposed);
        // Only the first decision per author counts.
        assert_eq!(
            commitment_status(&c, &proposer, &[(agent(1), Decision::Accepted), (agent(1), Decision::Cancelled)], false),
            Accepted
        );
        assert_eq!(
            commitment_status(&c, &proposer, &[(agent(1), Decision::Accepted), (agent(2), Decision::Cancelled)], false),
            Cancelled
        );
        assert_eq!(
            commitment_status(&c, &proposer, &[(agent(1), Decision::Accepted), (agent(2), Decision::Cancelled)], true),
            Claimed
        );
    }

    #[test]
    fn status_serialises_in_lower_case() {
        let bytes = SerializedBytes::try_from(CommitmentStatus::Claimed).unwrap();
        let back: String = holochain_serialized_bytes::decode(bytes.bytes()).unwrap();
        assert_eq!(back, "claimed");
    }
}
