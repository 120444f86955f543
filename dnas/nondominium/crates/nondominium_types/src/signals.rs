//! Live-update signals: after a commit, each coordinator's `post_commit`
//! tells the agent's own UI what it wrote (`emit_signal`), and the other
//! agents an entry concerns (`send_remote_signal`; their zome's
//! `recv_remote_signal` re-emits it to their UI): a commitment to its
//! provider or receiver, a decision or claim to the commitment's parties, an
//! economic event to its provider and receiver, a resource revision to its
//! custodian and rights holder, a validation receipt to the author (and
//! custodian, or role holder) of what it validates, a role to its holder, an
//! identity disclosure to its reviewer.
//!
//! A signal is a hint to reload, never data to trust: small (the entry
//! type, the action hash, the author, the agents concerned), and the UI
//! reloads what it shows from the zomes. The receiving zome checks that the
//! signal comes from its author. Not part of the spec; serves the web app.
//!
//! [`commit_signal`] is pure (the records it reads come through a closure),
//! so it is unit-tested natively; `revisions::signals` calls it from the
//! coordinators with the host's `get`.
use hdi::prelude::*;

use crate::{
    Claim, Commitment, CommitmentDecision, EconomicEvent, EconomicResource, EndOfLifeDeclaration, IdentityDisclosure,
    Role, ValidationReceipt, GOVERNANCE_INTEGRITY, PERSON_INTEGRITY, RESOURCE_INTEGRITY,
};

/// Every app entry type of the DNA, by name. Serialised as the variant name
/// (`"Commitment"`), the name `types.json` gives it; `vocabulary.json`
/// carries the list to the client (`signalEntryTypes`). Each integrity
/// zome's unit test checks its slice ([`EntryKind::PERSON`], …) against its
/// `EntryTypes` enum.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    AgentProfile,
    PrivateProfile,
    Role,
    IdentityDisclosure,
    ResourceSpecification,
    EconomicResource,
    EndOfLifeDeclaration,
    EconomicProcess,
    EconomicEvent,
    ValidationReceipt,
    Commitment,
    CommitmentDecision,
    Claim,
    ParticipationAttestation,
    PrivateParticipationClaim,
}

impl EntryKind {
    /// `person_integrity`'s entry types in entry-index order.
    pub const PERSON: [EntryKind; 4] =
        [EntryKind::AgentProfile, EntryKind::PrivateProfile, EntryKind::Role, EntryKind::IdentityDisclosure];
    /// `resource_integrity`'s entry types in entry-index order.
    pub const RESOURCE: [EntryKind; 4] = [
        EntryKind::ResourceSpecification,
        EntryKind::EconomicResource,
        EntryKind::EndOfLifeDeclaration,
        EntryKind::EconomicProcess,
    ];
    /// `governance_integrity`'s entry types in entry-index order.
    pub const GOVERNANCE: [EntryKind; 7] = [
        EntryKind::EconomicEvent,
        EntryKind::ValidationReceipt,
        EntryKind::Commitment,
        EntryKind::CommitmentDecision,
        EntryKind::Claim,
        EntryKind::ParticipationAttestation,
        EntryKind::PrivateParticipationClaim,
    ];

    /// The entry types of the integrity zome `zome` (one of
    /// [`PERSON_INTEGRITY`], [`RESOURCE_INTEGRITY`], [`GOVERNANCE_INTEGRITY`])
    /// in entry-index order; empty for any other name.
    pub fn of_zome(zome: &str) -> &'static [EntryKind] {
        match zome {
            PERSON_INTEGRITY => &Self::PERSON,
            RESOURCE_INTEGRITY => &Self::RESOURCE,
            GOVERNANCE_INTEGRITY => &Self::GOVERNANCE,
            _ => &[],
        }
    }

    /// Every entry type: person's, then resource's, then governance's.
    pub fn all() -> Vec<EntryKind> {
        [&Self::PERSON[..], &Self::RESOURCE[..], &Self::GOVERNANCE[..]].concat()
    }

    /// The entry type `action` writes, given the DNA's integrity zome names
    /// in zome-index order (`dna_info()?.zome_names`); `None` for an action
    /// that writes no app entry of this DNA (a link, a cap grant, a delete…).
    pub fn of_action(zome_names: &[ZomeName], action: &Action) -> Option<EntryKind> {
        match action.entry_type()? {
            EntryType::App(def) => {
                let zome = zome_names.get(def.zome_index.0 as usize)?;
                Self::of_zome(zome.0.as_ref()).get(def.entry_index.0 as usize).copied()
            }
            _ => None,
        }
    }
}

/// Whether the signalled action created the entry or updated an earlier revision.
/// Serialised in lower case (`"created"`, `"updated"`).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EntryChange {
    Created,
    Updated,
}

impl EntryChange {
    /// Both changes, in declaration order (`vocabulary.json`'s `signalChanges`).
    pub const ALL: [EntryChange; 2] = [EntryChange::Created, EntryChange::Updated];
}

/// The one signal of this DNA: `author` wrote (`change`) an entry of type
/// `entry_type` at `action_hash` at `timestamp` (the action's, µs since the
/// epoch by the author's clock), which concerns `concerns` (other agents
/// than the author, each sent the same signal; empty when the entry concerns
/// nobody else or they could not be read). Emitted by every coordinator
/// zome (the one whose call committed: a nested call's writes are signalled
/// by the zome called first), so the UI does not filter by zome.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct NondominiumSignal {
    pub entry_type: EntryKind,
    pub change: EntryChange,
    pub action_hash: ActionHash,
    pub author: AgentPubKey,
    pub timestamp: Timestamp,
    pub concerns: Vec<AgentPubKey>,
}

/// Reads the record at an action hash: `Ok(None)` when it cannot be found.
pub type ReadRecord<'a> = &'a dyn Fn(&ActionHash) -> ExternResult<Option<Record>>;

/// The signal of one committed action, or `None` when it writes no app
/// entry of this DNA (links, cap grants) or is not a create or an update.
/// `zome_names`: the DNA's integrity zomes in zome-index order. `read`
/// returns the committed record (for the entries whose content names
/// agents) and the records it cites (a decision's or claim's commitment, a
/// receipt's validated item, a declaration's resource revision). A cited
/// record that cannot be read adds nobody. Errors: `read`'s.
pub fn commit_signal(
    zome_names: &[ZomeName],
    action: &SignedActionHashed,
    read: ReadRecord,
) -> ExternResult<Option<NondominiumSignal>> {
    let change = match action.action() {
        Action::Create(_) => EntryChange::Created,
        Action::Update(_) => EntryChange::Updated,
        _ => return Ok(None),
    };
    let Some(entry_type) = EntryKind::of_action(zome_names, action.action()) else { return Ok(None) };
    let action_hash = action.as_hash().clone();
    let author = action.action().author().clone();
    let timestamp = action.action().timestamp();
    let concerns = if names_agents(entry_type) {
        match read(&action_hash)? {
            Some(record) => concerned_agents(zome_names, entry_type, &record, read)?,
            None => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let concerns = others(concerns, &author);
    Ok(Some(NondominiumSignal { entry_type, change, action_hash, author, timestamp, concerns }))
}

/// Whether an entry of type `kind` may concern agents other than its author
/// (only those are read).
fn names_agents(kind: EntryKind) -> bool {
    matches!(
        kind,
        EntryKind::Role
            | EntryKind::IdentityDisclosure
            | EntryKind::EconomicResource
            | EntryKind::EndOfLifeDeclaration
            | EntryKind::EconomicEvent
            | EntryKind::ValidationReceipt
            | EntryKind::Commitment
            | EntryKind::CommitmentDecision
            | EntryKind::Claim
    )
}

/// The agents `record` (an entry of type `kind`) names or, through what it
/// cites, concerns; the author may be among them (see [`commit_signal`]).
fn concerned_agents(
    zome_names: &[ZomeName],
    kind: EntryKind,
    record: &Record,
    read: ReadRecord,
) -> ExternResult<Vec<AgentPubKey>> {
    let commitment_parties = |hash: &ActionHash| -> ExternResult<Vec<AgentPubKey>> {
        Ok(read(hash)?
            .and_then(|r| decoded::<Commitment>(&r))
            .map(|c| vec![c.provider, c.receiver])
            .unwrap_or_default())
    };
    Ok(match kind {
        EntryKind::Role => decoded::<Role>(record).map(|r| vec![r.agent]).unwrap_or_default(),
        EntryKind::IdentityDisclosure => {
            decoded::<IdentityDisclosure>(record).map(|d| vec![d.reviewer]).unwrap_or_default()
        }
        EntryKind::EconomicResource => {
            decoded::<EconomicResource>(record).map(|r| vec![r.custodian, r.primary_accountable]).unwrap_or_default()
        }
        EntryKind::EndOfLifeDeclaration => match decoded::<EndOfLifeDeclaration>(record) {
            Some(d) => read(&d.resource.0)?
                .and_then(|r| decoded::<EconomicResource>(&r))
                .map(|r| vec![r.primary_accountable])
                .unwrap_or_default(),
            None => Vec::new(),
        },
        EntryKind::EconomicEvent => {
            decoded::<EconomicEvent>(record).map(|e| vec![e.provider, e.receiver]).unwrap_or_default()
        }
        EntryKind::Commitment => {
            decoded::<Commitment>(record).map(|c| vec![c.provider, c.receiver]).unwrap_or_default()
        }
        EntryKind::CommitmentDecision => match decoded::<CommitmentDecision>(record) {
            Some(d) => commitment_parties(&d.commitment)?,
            None => Vec::new(),
        },
        EntryKind::Claim => match decoded::<Claim>(record) {
            Some(c) => commitment_parties(&c.fulfills)?,
            None => Vec::new(),
        },
        EntryKind::ValidationReceipt => match decoded::<ValidationReceipt>(record) {
            Some(v) => match read(&v.validated_item)? {
                Some(item) => validated_item_agents(zome_names, &item),
                None => Vec::new(),
            },
            None => Vec::new(),
        },
        _ => Vec::new(),
    })
}

/// Whom a validation receipt about `item` concerns: the item's author, plus
/// the custodian of a resource revision or the holder of a role.
fn validated_item_agents(zome_names: &[ZomeName], item: &Record) -> Vec<AgentPubKey> {
    let mut agents = vec![item.action().author().clone()];
    match EntryKind::of_action(zome_names, item.action()) {
        Some(EntryKind::EconomicResource) => agents.extend(decoded::<EconomicResource>(item).map(|r| r.custodian)),
        Some(EntryKind::Role) => agents.extend(decoded::<Role>(item).map(|r| r.agent)),
        _ => {}
    }
    agents
}

/// `record`'s app entry decoded as `T`, or `None` (no entry, another shape).
fn decoded<T: TryFrom<SerializedBytes, Error = SerializedBytesError>>(record: &Record) -> Option<T> {
    record.entry().to_app_option::<T>().ok().flatten()
}

/// `agents` without `author`, each once, in first-seen order.
fn others(agents: Vec<AgentPubKey>, author: &AgentPubKey) -> Vec<AgentPubKey> {
    let mut out: Vec<AgentPubKey> = Vec::new();
    for a in agents {
        if &a != author && !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Decision, ResourceId, ValidationType, VfAction};

    fn agent(n: u8) -> AgentPubKey {
        AgentPubKey::from_raw_36(vec![n; 36])
    }
    fn hash(n: u8) -> ActionHash {
        ActionHash::from_raw_36(vec![n; 36])
    }
    fn zomes() -> Vec<ZomeName> {
        [PERSON_INTEGRITY, RESOURCE_INTEGRITY, GOVERNANCE_INTEGRITY].map(ZomeName::from).to_vec()
    }

    /// A record of `author` at `at` creating entry `entry_index` of zome `zome_index` with `content`.
    fn record<T: TryInto<SerializedBytes, Error = SerializedBytesError>>(
        at: u8,
        author: u8,
        zome_index: u8,
        entry_index: u8,
        content: T,
    ) -> Record {
        let entry = Entry::App(AppEntryBytes(content.try_into().unwrap()));
        let action = Action::Create(Create {
            author: agent(author),
            timestamp: Timestamp(7),
            action_seq: 5,
            prev_action: hash(200),
            entry_type: EntryType::App(AppEntryDef::new(
                EntryDefIndex(entry_index),
                ZomeIndex(zome_index),
                EntryVisibility::Public,
            )),
            entry_hash: EntryHash::from_raw_36(vec![at; 36]),
            weight: Default::default(),
        });
        let signed =
            SignedActionHashed::with_presigned(ActionHashed::with_pre_hashed(action, hash(at)), Signature([0; 64]));
        Record::new(signed, Some(entry))
    }

    fn commitment(provider: u8, receiver: u8) -> Commitment {
        Commitment {
            action: VfAction::TransferCustody,
            provider: agent(provider),
            receiver: agent(receiver),
            resource_inventoried_as: Some(ResourceId(hash(90))),
            resource_conforms_to: None,
            resource_quantity: 1.0,
            due_date: Timestamp(0),
            note: None,
            committed_at: Timestamp(0),
        }
    }

    fn resource(custodian: u8, accountable: u8) -> EconomicResource {
        EconomicResource {
            conforms_to: hash(80),
            accounting_quantity: 1.0,
            onhand_quantity: 1.0,
            unit: "unit".into(),
            primary_accountable: agent(accountable),
            custodian: agent(custodian),
            current_location: None,
            contained_in: None,
            stage: None,
            state: None,
            last_event: None,
            status: crate::ResourceStatus::Validated,
            approvals: vec![],
            decommission: None,
            custody_since: None,
        }
    }

    /// `commit_signal` over `records` (the committed one first).
    fn signal(records: &[Record]) -> Option<NondominiumSignal> {
        let read = |h: &ActionHash| Ok(records.iter().find(|r| r.action_address() == h).cloned());
        commit_signal(&zomes(), records[0].signed_action(), &read).unwrap()
    }

    #[test]
    fn a_commitment_concerns_its_other_party() {
        let s = signal(&[record(1, 10, 2, 2, commitment(10, 11))]).unwrap();
        assert_eq!(s.entry_type, EntryKind::Commitment);
        assert_eq!(s.change, EntryChange::Created);
        assert_eq!(s.action_hash, hash(1));
        assert_eq!(s.author, agent(10));
        assert_eq!(s.timestamp, Timestamp(7));
        assert_eq!(s.concerns, vec![agent(11)]);
    }

    #[test]
    fn a_decision_concerns_the_commitments_proposer() {
        let decision = CommitmentDecision { commitment: hash(2), decision: Decision::Accepted, note: None };
        let records = [record(1, 11, 2, 3, decision), record(2, 10, 2, 2, commitment(10, 11))];
        let s = signal(&records).unwrap();
        assert_eq!(s.entry_type, EntryKind::CommitmentDecision);
        assert_eq!(s.concerns, vec![agent(10)]);
    }

    #[test]
    fn a_custody_change_concerns_the_new_custodian_and_the_rights_holder() {
        let s = signal(&[record(1, 10, 1, 1, resource(11, 12))]).unwrap();
        assert_eq!(s.entry_type, EntryKind::EconomicResource);
        assert_eq!(s.concerns, vec![agent(11), agent(12)]);
        // My own resource concerns nobody else.
        assert_eq!(signal(&[record(1, 10, 1, 1, resource(10, 10))]).unwrap().concerns, vec![]);
    }

    #[test]
    fn a_receipt_concerns_the_validated_resources_custodian() {
        let receipt = ValidationReceipt {
            validator: agent(12),
            validated_item: hash(2),
            validation_type: ValidationType::ResourceApproval,
            approved: true,
            notes: None,
            validator_credential: None,
            performance: None,
        };
        let records = [record(1, 12, 2, 1, receipt.clone()), record(2, 10, 1, 1, resource(11, 10))];
        assert_eq!(signal(&records).unwrap().concerns, vec![agent(10), agent(11)]);
        // The validated item not found: the receipt concerns nobody (yet it is signalled to its author).
        let alone = signal(&[record(1, 12, 2, 1, receipt)]).unwrap();
        assert_eq!((alone.entry_type, alone.concerns), (EntryKind::ValidationReceipt, vec![]));
    }

    #[test]
    fn a_role_concerns_its_holder() {
        let role = Role {
            agent: agent(11),
            role_name: crate::RoleName::Transport,
            validated_by: agent(10),
            grantor_credential: None,
            grantor_accountable_credential: None,
            promotion_evidence: None,
            notes: None,
            agent_profile: Some(hash(50)),
            agent_credential: None,
            identity_verification: None,
        };
        assert_eq!(signal(&[record(1, 10, 0, 2, role)]).unwrap().concerns, vec![agent(11)]);
    }

    #[test]
    fn links_and_unknown_zomes_are_not_signalled() {
        let mut r = record(1, 10, 2, 2, commitment(10, 11));
        let action = Action::Create(Create {
            entry_type: EntryType::App(AppEntryDef::new(EntryDefIndex(0), ZomeIndex(3), EntryVisibility::Public)),
            ..match r.action() {
                Action::Create(c) => c.clone(),
                _ => unreachable!(),
            }
        });
        r = Record::new(
            SignedActionHashed::with_presigned(ActionHashed::with_pre_hashed(action, hash(1)), Signature([0; 64])),
            None,
        );
        assert_eq!(signal(&[r]), None);
    }

    #[test]
    fn the_wire_shape_is_plain_names() {
        assert_eq!(serde_json::to_value(EntryKind::CommitmentDecision).unwrap(), "CommitmentDecision");
        assert_eq!(serde_json::to_value(EntryChange::Updated).unwrap(), "updated");
        assert_eq!(EntryKind::all().len(), 15);
        assert_eq!(EntryKind::of_zome(GOVERNANCE_INTEGRITY)[4], EntryKind::Claim);
    }
}
