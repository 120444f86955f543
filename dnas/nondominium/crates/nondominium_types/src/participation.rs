//! Private Participation Receipts (spec §4.3.6-4.3.12; REQ-PPR-01..12,
//! REQ-SEC-05/06): what an interaction yields to each of its two parties,
//! how it is signed, and the reputation derived from it — the pure part.
//! The host-reading part (deriving the terms of an interaction from its
//! records, checking signatures) is `crate::host::participation`.
//!
//! One interaction, one pair of receipts. Its **terms**
//! ([`ParticipationTerms`]) are derived from public records only — the
//! interaction record (a `Claim`, or an approving `ValidationReceipt`) and
//! what it cites — so every peer derives the same terms: the parties, the
//! claim type each receives ([`claim_types_for_action`],
//! [`claim_types_for_validation`]) and the performance metrics
//! ([`PerformanceMetrics::for_claim`], [`PerformanceMetrics::for_validation`]).
//! Both parties sign the same terms (Ed25519, `sign` over their MessagePack
//! bytes); each keeps a [`PrivateParticipationClaim`] (private entry: terms
//! and both signatures) and the issuer publishes a content-free
//! [`ParticipationAttestation`] (hash of the terms, both signatures, both
//! agents, the interaction) that every peer validates by deriving the terms
//! again. A reputation summary ([`summarize`]) is a pure function of the
//! terms it covers, so a verifier that holds the covered attestations
//! recomputes it exactly.
use std::collections::BTreeMap;

use hdi::prelude::*;

use crate::{ProcessType, ValidationType, VfAction};

/// The kinds of participation a receipt records (spec §4.3.7). Which
/// interaction yields which is [`claim_types_for_action`] and
/// [`claim_types_for_validation`]; `GoodFaithTransfer`,
/// `DisputeResolutionParticipation` and `GovernanceCompliance` are declared
/// by the specification but no interaction of this DNA yields them yet.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ParticipationClaimType {
    ResourceContribution,
    NetworkValidation,
    ResponsibleTransfer,
    CustodyAcceptance,
    ServiceCommitmentAccepted,
    GoodFaithTransfer,
    ServiceFulfillmentCompleted,
    MaintenanceFulfillment,
    StorageFulfillment,
    TransportFulfillment,
    EndOfLifeDeclaration,
    EndOfLifeValidation,
    DisputeResolutionParticipation,
    GovernanceCompliance,
}

impl ParticipationClaimType {
    /// Every claim type, in declaration order (spec §4.3.7 lists 14).
    pub const ALL: [ParticipationClaimType; 14] = [
        ParticipationClaimType::ResourceContribution,
        ParticipationClaimType::NetworkValidation,
        ParticipationClaimType::ResponsibleTransfer,
        ParticipationClaimType::CustodyAcceptance,
        ParticipationClaimType::ServiceCommitmentAccepted,
        ParticipationClaimType::GoodFaithTransfer,
        ParticipationClaimType::ServiceFulfillmentCompleted,
        ParticipationClaimType::MaintenanceFulfillment,
        ParticipationClaimType::StorageFulfillment,
        ParticipationClaimType::TransportFulfillment,
        ParticipationClaimType::EndOfLifeDeclaration,
        ParticipationClaimType::EndOfLifeValidation,
        ParticipationClaimType::DisputeResolutionParticipation,
        ParticipationClaimType::GovernanceCompliance,
    ];

    /// The variant's name as it is serialised ("ResourceContribution", ...).
    pub fn name(self) -> String {
        format!("{self:?}")
    }
}

/// The claim types a Claim of a commitment with VF `action` yields:
/// (provider's, receiver's). A transfer of custody or rights gives the
/// provider ResponsibleTransfer and the receiver CustodyAcceptance; any
/// other committed action is a service: ServiceFulfillmentCompleted for the
/// provider who performed it, ServiceCommitmentAccepted for the receiver.
pub fn claim_types_for_action(action: VfAction) -> (ParticipationClaimType, ParticipationClaimType) {
    match action {
        VfAction::TransferCustody | VfAction::Transfer | VfAction::TransferAllRights | VfAction::InitialTransfer => {
            (ParticipationClaimType::ResponsibleTransfer, ParticipationClaimType::CustodyAcceptance)
        }
        _ => (ParticipationClaimType::ServiceFulfillmentCompleted, ParticipationClaimType::ServiceCommitmentAccepted),
    }
}

/// The claim types an approving ValidationReceipt yields: (validator's,
/// the validated item's author's), or `None` when its type yields no
/// receipt (identity verification, role assignment and promotion are
/// governance acts about a person, not economic interactions).
/// `process_type` is the validated process's type for `process_validation`.
pub fn claim_types_for_validation(
    validation_type: ValidationType,
    process_type: Option<ProcessType>,
) -> Option<(ParticipationClaimType, ParticipationClaimType)> {
    use ParticipationClaimType as C;
    match validation_type {
        ValidationType::ResourceApproval => Some((C::NetworkValidation, C::ResourceContribution)),
        ValidationType::EndOfLife => Some((C::EndOfLifeValidation, C::EndOfLifeDeclaration)),
        ValidationType::ProcessValidation => Some((
            C::NetworkValidation,
            match process_type? {
                ProcessType::Use => C::ServiceFulfillmentCompleted,
                ProcessType::Transport => C::TransportFulfillment,
                ProcessType::Storage => C::StorageFulfillment,
                ProcessType::Repair => C::MaintenanceFulfillment,
            },
        )),
        ValidationType::IdentityVerification | ValidationType::RoleAssignment | ValidationType::AgentPromotion => None,
    }
}

/// Quantitative measures of one interaction (spec §4.3.8), each in 0.0-1.0,
/// computed from the public records only (so every peer computes the same):
/// - `timeliness_score`: 1.0 when the interaction was recorded by its
///   commitment's `due_date` (a Claim: the event's action timestamp), else
///   0.0; 1.0 for a validation, which has no due date;
/// - `completion_rate`: the share of the committed quantity the event
///   delivered (`min(1, event / committed)`; 1.0 when 0 was committed);
///   1.0 for a validation;
/// - `reliability_score`: the mean of timeliness and completion;
/// - `quality_score` and `communication_score`: 1.0 — a receipt exists only
///   when its counterparty signed it, which is their acceptance; there is
///   no rating of quality yet;
/// - `resource_condition_maintained`, `additional_metrics`: not measured
///   (`None`).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct PerformanceMetrics {
    pub timeliness_score: f64,
    pub quality_score: f64,
    pub reliability_score: f64,
    pub communication_score: f64,
    pub completion_rate: f64,
    pub resource_condition_maintained: Option<bool>,
    pub additional_metrics: Option<String>,
}

impl PerformanceMetrics {
    /// The metrics of a Claim: recorded on time or not, and the delivered
    /// share of the committed quantity (see the type's documentation).
    pub fn for_claim(on_time: bool, delivered: f64, committed: f64) -> Self {
        let timeliness = if on_time { 1.0 } else { 0.0 };
        let completion = if committed > 0.0 { (delivered / committed).clamp(0.0, 1.0) } else { 1.0 };
        PerformanceMetrics {
            timeliness_score: timeliness,
            quality_score: 1.0,
            reliability_score: (timeliness + completion) / 2.0,
            communication_score: 1.0,
            completion_rate: completion,
            resource_condition_maintained: None,
            additional_metrics: None,
        }
    }

    /// The metrics of an approving validation: every score 1.0.
    pub fn for_validation() -> Self {
        PerformanceMetrics::for_claim(true, 1.0, 1.0)
    }

    /// The interaction's overall score: the mean of the four scores
    /// (timeliness, quality, reliability, communication).
    pub fn performance(&self) -> f64 {
        (self.timeliness_score + self.quality_score + self.reliability_score + self.communication_score) / 4.0
    }
}

/// Err naming the first score outside 0.0-1.0 (or not finite), or an
/// `additional_metrics` over 1000 characters (spec §7: "scores within
/// 0.0-1.0").
pub fn check_performance_metrics(m: &PerformanceMetrics) -> Result<(), String> {
    for (name, value) in [
        ("timeliness_score", m.timeliness_score),
        ("quality_score", m.quality_score),
        ("reliability_score", m.reliability_score),
        ("communication_score", m.communication_score),
        ("completion_rate", m.completion_rate),
    ] {
        if !value.is_finite() || !(0.0..=1.0).contains(&value) {
            return Err(format!("PerformanceMetrics {name} must be between 0.0 and 1.0"));
        }
    }
    if m.additional_metrics.as_ref().is_some_and(|a| a.chars().count() > 1000) {
        return Err("PerformanceMetrics additional_metrics must be at most 1000 characters".into());
    }
    Ok(())
}

/// What both parties of one interaction sign (the "canonical bytes" are
/// the MessagePack of this struct). Every field is derived from public
/// records by `crate::host::participation_terms`; nothing is chosen by
/// either party, so the same interaction always yields the same bytes, and
/// Ed25519 the same signatures.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct ParticipationTerms {
    /// The interaction record: a Claim, or an approving ValidationReceipt.
    pub about: ActionHash,
    /// The Commitment a Claim fulfils (VF `fulfills`); `None` for a validation.
    pub fulfills: Option<ActionHash>,
    /// The EconomicEvent a Claim cites (VF `fulfilledBy`), or the item a
    /// validation is about.
    pub fulfilled_by: ActionHash,
    /// The author of `about`, who publishes the attestation.
    pub issuer: AgentPubKey,
    /// The other party.
    pub counterparty: AgentPubKey,
    pub issuer_claim_type: ParticipationClaimType,
    pub counterparty_claim_type: ParticipationClaimType,
    /// "custody_transfer", "service", "resource_validation",
    /// "process_validation" or "end_of_life".
    pub interaction_context: String,
    /// The process type the counterparty performed, for a process validation.
    pub role_context: Option<String>,
    /// The resource involved (its first revision), when there is one.
    pub resource_reference: Option<ActionHash>,
    pub performance_metrics: PerformanceMetrics,
    /// When the interaction happened: `about`'s action timestamp.
    pub interaction_time: Timestamp,
}

impl ParticipationTerms {
    /// The claim type and the other party for `agent`'s receipt, or `None`
    /// when `agent` is not a party.
    pub fn side_of(&self, agent: &AgentPubKey) -> Option<(ParticipationClaimType, AgentPubKey)> {
        if agent == &self.issuer {
            Some((self.issuer_claim_type, self.counterparty.clone()))
        } else if agent == &self.counterparty {
            Some((self.counterparty_claim_type, self.issuer.clone()))
        } else {
            None
        }
    }

    /// The role context of `agent`'s side: the counterparty's process role.
    pub fn role_of(&self, agent: &AgentPubKey) -> Option<String> {
        if agent == &self.counterparty {
            self.role_context.clone()
        } else {
            None
        }
    }
}

/// Both parties' Ed25519 signatures of the terms (spec §4.3.9
/// `CryptographicSignature`, one per party; the algorithm is always
/// Ed25519, the signers are the terms' issuer and counterparty, and the
/// signed data's hash is `signed_data_hash`).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct BilateralSignature {
    /// The entry hash of the terms (as an app entry): what the attestation
    /// publishes instead of the terms.
    pub signed_data_hash: EntryHash,
    pub issuer_signature: Signature,
    pub counterparty_signature: Signature,
}

/// A party's private receipt (spec §4.3.6; private entry on its own chain,
/// REQ-PPR-10): its claim type and counterparty, the signed terms and both
/// signatures. Validated only by its author's conductor (private entries
/// are never published): the claim type and counterparty must be the
/// author's side of the terms, and both signatures must verify.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct PrivateParticipationClaim {
    pub claim_type: ParticipationClaimType,
    pub counterparty: AgentPubKey,
    pub terms: ParticipationTerms,
    pub bilateral_signature: BilateralSignature,
}

/// The public, content-free proof that a pair of receipts exists
/// (REQ-PPR-03/12): the interaction, the hash of the signed terms and both
/// signatures, written by the issuer. Every peer validates it by deriving
/// the terms from `about` again: they must hash to `signed_data_hash`, name
/// the same two agents, and carry both signatures; at most one per
/// interaction.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct ParticipationAttestation {
    pub about: ActionHash,
    pub issuer: AgentPubKey,
    pub counterparty: AgentPubKey,
    pub bilateral_signature: BilateralSignature,
}

/// Figures of one claim type (or one role) in a [`ReputationSummary`].
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct RolePerformance {
    /// The claim type's or the role's name.
    pub role_name: String,
    pub interaction_count: u32,
    /// Mean of [`PerformanceMetrics::performance`] over these interactions.
    pub average_performance: f64,
    /// This group's share of all interactions (0.0-1.0).
    pub specialization_score: f64,
    pub last_activity: Timestamp,
}

/// One interaction of the last 30 days (spec §4.3.12).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct RecentInteraction {
    /// The claim type received ("CustodyAcceptance", ...).
    pub interaction_type: String,
    pub counterparty: AgentPubKey,
    pub performance_score: f64,
    pub interaction_date: Timestamp,
    pub resource_involved: Option<ActionHash>,
}

/// How many interactions of full performance make a reputation of 1.0
/// (see [`ReputationSummary::reputation_score`]).
pub const REPUTATION_SATURATION: f64 = 10.0;

/// The `reputation_score` of interactions whose performances add up to
/// `total_performance`: `min(1, total / REPUTATION_SATURATION)`.
pub fn reputation_score(total_performance: f64) -> f64 {
    (total_performance / REPUTATION_SATURATION).min(1.0)
}

/// Length of "recent" activity: 30 days, in microseconds.
pub const RECENT_ACTIVITY_MICROS: i64 = 30 * 24 * 3600 * 1_000_000;

/// An agent's reputation (spec §4.3.10), a pure function of the terms of
/// their receipts ([`summarize`]): every average is a mean over the
/// interactions in the order (interaction_time, about) so anyone holding
/// the same terms recomputes the same floating-point figures.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct ReputationSummary {
    pub agent: AgentPubKey,
    pub total_interactions: u32,
    pub average_timeliness: f64,
    pub average_quality: f64,
    pub average_reliability: f64,
    pub average_communication: f64,
    /// Mean of the interactions' `completion_rate`.
    pub completion_rate: f64,
    /// Share of interactions with `timeliness_score` 1.0 (on time).
    pub on_time_rate: f64,
    /// Mean of [`PerformanceMetrics::performance`].
    pub average_performance: f64,
    /// `min(1, Σ performance / REPUTATION_SATURATION)`: grows with each
    /// interaction and never falls when more receipts are covered, so a
    /// summary that leaves receipts out (selective disclosure) can only
    /// understate it.
    pub reputation_score: f64,
    /// Figures per claim type received, keyed by its name.
    pub claim_types: BTreeMap<String, RolePerformance>,
    /// Figures per role context (process type performed), keyed by its name.
    pub role_performance: BTreeMap<String, RolePerformance>,
    /// The interactions of the 30 days up to `calculated_at`, newest first.
    pub recent_activity: Vec<RecentInteraction>,
    pub calculated_at: Timestamp,
}

/// The reputation of `agent` from the terms of their receipts, as of `now`.
/// Terms naming another pair of agents are ignored.
pub fn summarize(agent: &AgentPubKey, terms: &[ParticipationTerms], now: Timestamp) -> ReputationSummary {
    let mut mine: Vec<&ParticipationTerms> = terms.iter().filter(|t| t.side_of(agent).is_some()).collect();
    mine.sort_by(|a, b| (a.interaction_time, a.about.get_raw_39()).cmp(&(b.interaction_time, b.about.get_raw_39())));
    let n = mine.len() as f64;
    let mean = |f: &dyn Fn(&PerformanceMetrics) -> f64| {
        if mine.is_empty() {
            0.0
        } else {
            mine.iter().map(|t| f(&t.performance_metrics)).sum::<f64>() / n
        }
    };
    let total_performance: f64 = mine.iter().map(|t| t.performance_metrics.performance()).sum();
    let mut groups: [BTreeMap<String, Vec<&ParticipationTerms>>; 2] = [BTreeMap::new(), BTreeMap::new()];
    for t in &mine {
        let (claim_type, _) = t.side_of(agent).expect("filtered to the agent's terms");
        groups[0].entry(claim_type.name()).or_default().push(t);
        if let Some(role) = t.role_of(agent) {
            groups[1].entry(role).or_default().push(t);
        }
    }
    let [claim_types, roles] = groups.map(|g| {
        g.into_iter()
            .map(|(name, ts)| {
                let count = ts.len() as f64;
                let figures = RolePerformance {
                    role_name: name.clone(),
                    interaction_count: ts.len() as u32,
                    average_performance: ts.iter().map(|t| t.performance_metrics.performance()).sum::<f64>() / count,
                    specialization_score: count / n,
                    last_activity: ts.iter().map(|t| t.interaction_time).max().expect("a group is never empty"),
                };
                (name, figures)
            })
            .collect::<BTreeMap<_, _>>()
    });
    let recent_activity = mine
        .iter()
        .rev()
        .filter(|t| t.interaction_time.0 <= now.0 && now.0 - t.interaction_time.0 <= RECENT_ACTIVITY_MICROS)
        .map(|t| {
            let (claim_type, counterparty) = t.side_of(agent).expect("filtered to the agent's terms");
            RecentInteraction {
                interaction_type: claim_type.name(),
                counterparty,
                performance_score: t.performance_metrics.performance(),
                interaction_date: t.interaction_time,
                resource_involved: t.resource_reference.clone(),
            }
        })
        .collect();
    ReputationSummary {
        agent: agent.clone(),
        total_interactions: mine.len() as u32,
        average_timeliness: mean(&|m| m.timeliness_score),
        average_quality: mean(&|m| m.quality_score),
        average_reliability: mean(&|m| m.reliability_score),
        average_communication: mean(&|m| m.communication_score),
        completion_rate: mean(&|m| m.completion_rate),
        on_time_rate: mean(&|m| if m.timeliness_score == 1.0 { 1.0 } else { 0.0 }),
        average_performance: mean(&|m| m.performance()),
        reputation_score: reputation_score(total_performance),
        claim_types,
        role_performance: roles,
        recent_activity,
        calculated_at: now,
    }
}

/// A reputation summary its agent signed for one reader (REQ-PPR-11,
/// REQ-SEC-06): the summary, the entry hashes of the attestations it
/// covers (the selective disclosure: the reader sees which interactions,
/// never the private receipts), and the agent's signature of both.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct SignedReputationSummary {
    pub summary: ReputationSummary,
    pub covers: Vec<EntryHash>,
    pub signature: Signature,
}

/// The bytes a [`SignedReputationSummary`]'s signature covers.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct SignedSummaryContent {
    pub summary: ReputationSummary,
    pub covers: Vec<EntryHash>,
}

/// Most attestations one signed summary may cover.
pub const MAX_SUMMARY_COVERS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(n: u8) -> AgentPubKey {
        AgentPubKey::from_raw_36(vec![n; 36])
    }

    fn terms(n: u8, issuer: u8, counterparty: u8, metrics: PerformanceMetrics, at: i64) -> ParticipationTerms {
        ParticipationTerms {
            about: ActionHash::from_raw_36(vec![n; 36]),
            fulfills: None,
            fulfilled_by: ActionHash::from_raw_36(vec![n + 100; 36]),
            issuer: agent(issuer),
            counterparty: agent(counterparty),
            issuer_claim_type: ParticipationClaimType::NetworkValidation,
            counterparty_claim_type: ParticipationClaimType::ResourceContribution,
            interaction_context: "resource_validation".into(),
            role_context: Some("Repair".into()),
            resource_reference: None,
            performance_metrics: metrics,
            interaction_time: Timestamp(at),
        }
    }

    #[test]
    fn claim_metrics_follow_the_documented_formulas() {
        let late_half = PerformanceMetrics::for_claim(false, 1.0, 2.0);
        assert_eq!(late_half.timeliness_score, 0.0);
        assert_eq!(late_half.completion_rate, 0.5);
        assert_eq!(late_half.reliability_score, 0.25);
        assert_eq!(late_half.performance(), (0.0 + 1.0 + 0.25 + 1.0) / 4.0);
        assert_eq!(PerformanceMetrics::for_claim(true, 0.0, 0.0).completion_rate, 1.0);
        assert_eq!(PerformanceMetrics::for_validation().performance(), 1.0);
        assert!(check_performance_metrics(&late_half).is_ok());
        let bad = PerformanceMetrics { quality_score: 1.5, ..late_half };
        assert_eq!(
            check_performance_metrics(&bad),
            Err("PerformanceMetrics quality_score must be between 0.0 and 1.0".into())
        );
    }

    #[test]
    fn claim_types_per_interaction() {
        use ParticipationClaimType as C;
        assert_eq!(claim_types_for_action(VfAction::TransferCustody), (C::ResponsibleTransfer, C::CustodyAcceptance));
        assert_eq!(
            claim_types_for_action(VfAction::Use),
            (C::ServiceFulfillmentCompleted, C::ServiceCommitmentAccepted)
        );
        assert_eq!(
            claim_types_for_validation(ValidationType::ProcessValidation, Some(ProcessType::Repair)),
            Some((C::NetworkValidation, C::MaintenanceFulfillment))
        );
        assert_eq!(claim_types_for_validation(ValidationType::RoleAssignment, None), None);
    }

    #[test]
    fn summary_figures_are_means_over_the_agents_interactions() {
        let day = 24 * 3600 * 1_000_000;
        let now = 100 * day;
        let all = vec![
            terms(1, 2, 1, PerformanceMetrics::for_validation(), now - 40 * day),
            terms(2, 2, 1, PerformanceMetrics::for_claim(false, 1.0, 2.0), now - day),
            terms(3, 1, 3, PerformanceMetrics::for_validation(), now - 2 * day),
            terms(4, 2, 3, PerformanceMetrics::for_validation(), now), // not agent 1's
        ];
        let s = summarize(&agent(1), &all, Timestamp(now));
        assert_eq!(s.total_interactions, 3);
        assert_eq!(s.average_timeliness, 2.0 / 3.0);
        assert_eq!(s.completion_rate, 2.5 / 3.0);
        assert_eq!(s.on_time_rate, 2.0 / 3.0);
        assert_eq!(s.reputation_score, (1.0 + 0.5625 + 1.0) / 10.0);
        assert_eq!(s.claim_types["ResourceContribution"].interaction_count, 2);
        assert_eq!(s.claim_types["NetworkValidation"].interaction_count, 1);
        // Agent 1 performed the Repair only where it was the counterparty.
        assert_eq!(s.role_performance["Repair"].interaction_count, 2);
        assert_eq!(s.role_performance["Repair"].average_performance, (1.0 + 0.5625) / 2.0);
        assert_eq!(s.recent_activity.len(), 2);
        assert_eq!(s.recent_activity[0].interaction_date, Timestamp(now - day));
        assert_eq!(summarize(&agent(9), &all, Timestamp(now)).reputation_score, 0.0);
    }
}
