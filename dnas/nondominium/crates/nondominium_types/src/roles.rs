//! Role credentials and the DNA's progenitors, shared because every
//! integrity zome may need to check that an author is Accountable (e.g. only
//! Accountable Agents define ResourceSpecifications). The rules that decide
//! whether a `Role` itself is valid live in `person_integrity::role`.
use hdi::prelude::*;

/// The roles an agent may hold (spec §4.1.3; REQ-USER, REQ-GOV-04/05).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoleName {
    /// Any member; granted by an Accountable Agent (spec §7).
    User,
    /// Granted by an Accountable (or Primary Accountable) Agent, after the
    /// candidate's first resource and first transfer (REQ-GOV-03).
    AccountableAgent,
    /// Granted by an Accountable (or Primary Accountable) Agent, with the same evidence.
    PrimaryAccountableAgent,
    /// Granted only by an Accountable Agent who holds Transport (REQ-GOV-04).
    Transport,
    /// Granted only by an Accountable Agent who holds Repair.
    Repair,
    /// Granted only by an Accountable Agent who holds Storage.
    Storage,
}

impl RoleName {
    /// Every role, in declaration order.
    pub const ALL: [RoleName; 6] = [
        RoleName::User,
        RoleName::AccountableAgent,
        RoleName::PrimaryAccountableAgent,
        RoleName::Transport,
        RoleName::Repair,
        RoleName::Storage,
    ];
    /// Whether this role makes its holder Accountable.
    pub fn is_accountable(self) -> bool {
        matches!(self, RoleName::AccountableAgent | RoleName::PrimaryAccountableAgent)
    }
    /// Whether this is a specialised process role (Transport, Repair, Storage).
    pub fn is_specialised(self) -> bool {
        matches!(self, RoleName::Transport | RoleName::Repair | RoleName::Storage)
    }
}

/// The candidate's history that a promotion to an Accountable role cites
/// (REQ-GOV-03, REQ-USER-S-07/08).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct PromotionEvidence {
    /// The candidate's first EconomicResource (its create).
    pub first_resource: ActionHash,
    /// An EconomicEvent (TransferCustody or InitialTransfer) whose provider is
    /// the candidate, recorded after that resource on the candidate's chain.
    pub first_transfer: ActionHash,
}

/// A role credential (spec §4.1.3): `validated_by` grants `role_name` to
/// `agent`. `validated_by` is always the author.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct Role {
    pub agent: AgentPubKey,
    pub role_name: RoleName,
    pub validated_by: AgentPubKey,
    /// The grantor's own Role record that allows this grant: an Accountable
    /// credential for Accountable roles, the same specialised role for
    /// Transport/Repair/Storage. `None` only for User, or when the grantor is
    /// a progenitor.
    pub grantor_credential: Option<ActionHash>,
    /// For Transport/Repair/Storage: the grantor's Accountable credential
    /// (`None` when the grantor is a progenitor).
    pub grantor_accountable_credential: Option<ActionHash>,
    /// Required for AccountableAgent and PrimaryAccountableAgent.
    pub promotion_evidence: Option<PromotionEvidence>,
    /// At most 1000 characters.
    pub notes: Option<String>,
    /// The grantee's AgentProfile (its create or an update): roles go only
    /// to members with a profile (spec §7). Required.
    #[serde(default)]
    pub agent_profile: Option<ActionHash>,
    /// For Transport/Repair/Storage: the grantee's own Accountable
    /// credential (`None` when the grantee is a progenitor), so a
    /// specialised role always implies Accountable status (REQ-GOV-04).
    #[serde(default)]
    pub agent_credential: Option<ActionHash>,
    /// For AccountableAgent and PrimaryAccountableAgent: the grantor's
    /// approving `identity_verification` ValidationReceipt about an
    /// [`IdentityDisclosure`] the candidate made to the grantor (REQ-GOV-03,
    /// REQ-USER-A-09: the candidate's identity was reviewed, with their consent).
    #[serde(default)]
    pub identity_verification: Option<ActionHash>,
}

/// A public, content-free record that its author shared `fields` of their
/// private identity data with `reviewer` until `expires_at` (spec §4.1.2,
/// REQ-SEC-06: the agent chooses what to disclose and to whom). Written with
/// every private-data grant; an `identity_verification` receipt is valid only
/// about a disclosure made to its validator, so an identity review is
/// provably consented to. The data itself never leaves the owner's chain.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct IdentityDisclosure {
    pub reviewer: AgentPubKey,
    /// Names of `PrivateProfile` fields, at least one, distinct.
    pub fields: Vec<String>,
    /// Microseconds since the epoch; after the disclosure's own timestamp.
    pub expires_at: Timestamp,
}

/// `properties` of the DNA manifest (or of the install's role settings).
/// `progenitors` are the founding agents, Accountable by definition
/// (REQ-GOV-03): the roots of every credential chain. Changing them
/// makes a different network, by design.
#[dna_properties]
#[derive(Clone)]
pub struct NondominiumProperties {
    /// Agent keys as base64 strings (`uhCAk…`).
    pub progenitors: Vec<AgentPubKeyB64>,
    /// The shortest challenge period an `end_of_life` rule may set, in
    /// seconds (REQ-GOV-12). Absent: [`DEFAULT_MIN_CHALLENGE_PERIOD_SECONDS`].
    /// A network constant, like the progenitors: the test networks lower it
    /// so a test can wait out a period.
    #[serde(default)]
    pub min_challenge_period_seconds: Option<u64>,
    /// When true, an agent joins only with a progenitor's invitation as
    /// membrane proof (person integrity, `membrane`); open by default
    /// (REQ-USER-S-01).
    #[serde(default)]
    pub invitation_only: bool,
    /// Which process types' completions wait for validators
    /// (`ProcessValidationRequirements`, spec §4.3.13, REQ-GOV-07): a
    /// network constant per process type. Absent: none waits.
    #[serde(default)]
    pub process_validation: Vec<crate::ProcessValidationRequirements>,
    /// How far behind the clock of a revision's author another peer's clock
    /// may run, in seconds: an action citing a revision (an event, a new
    /// revision) is never dated more than this before it. Absent:
    /// [`DEFAULT_CLOCK_TOLERANCE_SECONDS`]. A network constant: the test
    /// networks, whose peers share one clock, lower it so a test can date an
    /// action past it.
    #[serde(default)]
    pub clock_tolerance_seconds: Option<u64>,
}

/// The shortest challenge period a network allows unless its DNA properties
/// say otherwise: one day.
pub const DEFAULT_MIN_CHALLENGE_PERIOD_SECONDS: u64 = 24 * 3600;

/// How far peers' clocks may disagree unless a network's DNA properties say
/// otherwise: one hour (a device whose clock runs later still acts; one that
/// runs more than an hour behind cannot act on a revision just written).
pub const DEFAULT_CLOCK_TOLERANCE_SECONDS: u64 = 3600;

/// The Role credentials among `records` held by `holder`, as (record hash,
/// role name), in the order given; records that are not Roles, or Roles of
/// someone else, are skipped. The one reading of "which credentials does
/// this agent hold" that every coordinator uses (from `get_agent_roles` /
/// `get_my_roles`).
pub fn credentials_of(records: &[Record], holder: &AgentPubKey) -> Vec<(ActionHash, RoleName)> {
    records
        .iter()
        .filter_map(|record| {
            let role: Role = record.entry().to_app_option().ok().flatten()?;
            (&role.agent == holder).then(|| (record.action_address().clone(), role.role_name))
        })
        .collect()
}

/// The first credential among `records` held by `holder` whose role
/// satisfies `allows` (e.g. `RoleName::is_accountable`), to cite in an
/// entry whose rule needs it; `None` when they hold none.
pub fn credential_of(
    records: &[Record],
    holder: &AgentPubKey,
    allows: impl Fn(RoleName) -> bool,
) -> Option<ActionHash> {
    credentials_of(records, holder).into_iter().find(|(_, name)| allows(*name)).map(|(hash, _)| hash)
}
