//! `EconomicResource` (spec §4.2.3) and the field rules every revision obeys.
use hdi::prelude::*;

/// One revision of a concrete resource (spec §4.2.3), with the ValueFlows 1.0
/// `EconomicResource` properties that events change (see `vf_actions`).
///
/// A resource is identified by the action hash of its first revision (the
/// create). Every later revision is an update whose `original_action_address`
/// is the revision before it, so the revisions form a chain that validation
/// can walk one hop at a time.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct EconomicResource {
    /// Action hash of the `ResourceSpecification` this resource conforms to. Immutable.
    pub conforms_to: ActionHash,
    /// VF `accountingQuantity`: the quantity the primary accountable agent has
    /// rights over, in `unit`; finite and >= 0.
    pub accounting_quantity: f64,
    /// VF `onhandQuantity`: the quantity the custodian physically holds, in
    /// `unit`; finite and >= 0.
    pub onhand_quantity: f64,
    /// Unit of both quantities (e.g. "unit", "kg"); non-empty; immutable.
    pub unit: String,
    /// VF `primaryAccountable`: the agent with rights over the resource
    /// (moved only by TransferAllRights and Transfer). The creator at first.
    pub primary_accountable: AgentPubKey,
    /// The agent holding the resource now (custody; spec §4.2.3). Moved by
    /// the actions whose on-hand effect is decrementIncrement.
    pub custodian: AgentPubKey,
    /// VF `currentLocation`, free text; at most 200 characters.
    pub current_location: Option<String>,
    /// VF `containedIn`: the resource (first revision) this one is packed into.
    pub contained_in: Option<crate::ResourceId>,
    /// VF `stage`: the kind of process the resource last went through; at most 100 characters.
    pub stage: Option<String>,
    /// VF `state`: e.g. "pass", "fail", "needs repair"; at most 100 characters.
    pub state: Option<String>,
    /// The `EconomicEvent` that produced this revision; `None` until the
    /// first event. Every update but the status flips must cite a new one
    /// (spec §3, §7).
    pub last_event: Option<ActionHash>,
    /// Lifecycle status (REQ-GOV-02, REQ-GOV-11): `PendingValidation` when
    /// created; `Validated` from the revision that cites enough approvals.
    pub status: ResourceStatus,
    /// The `resource_approval` ValidationReceipts the validation flip cites
    /// (empty while pending); carried unchanged by later revisions.
    pub approvals: Vec<ActionHash>,
    /// Set by the end-of-life revision (REQ-GOV-11/12/13): the declaration
    /// and the confirmations it cites. `None` before.
    #[serde(default)]
    pub decommission: Option<Decommission>,
    /// The first revision of `custodian`'s current, unbroken custody that an
    /// event or a process can cite, when it is an earlier one than this
    /// revision; `None` when this revision is that one: the first revision,
    /// the validation flip (a pending revision is cited by neither), and
    /// every revision whose event moved custody to someone else. Set by
    /// [`crate::apply_event`] and checked with the rest of the revision. It
    /// bounds the read of a custody move's rule about open processes
    /// (`validate_economic_event_history`): a process of the custodian's
    /// that holds the resource cites a revision of this custody, so it is
    /// not dated before this one by more than the clock tolerance.
    #[serde(default)]
    pub custody_since: Option<ActionHash>,
}

/// What the end-of-life revision cites: the custodian's
/// `EndOfLifeDeclaration` and the validators' confirming `end_of_life`
/// ValidationReceipts, each dated after the challenge period.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq)]
pub struct Decommission {
    pub declaration: ActionHash,
    pub confirmations: Vec<ActionHash>,
}

/// A custodian's declaration that a resource has reached its end of life
/// (REQ-GOV-11, REQ-USER-P-06). `resource` is the revision it is declared
/// on (the custodian's, Validated). Validators confirm it, or challenge it
/// during the challenge period, with `end_of_life` ValidationReceipts.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct EndOfLifeDeclaration {
    pub resource: crate::RevisionHash,
    /// Why; 1-1000 characters.
    pub reason: String,
}

/// Where a resource stands in peer validation (REQ-GOV-02). A resource that
/// is not `Validated` accepts no EconomicEvent: it cannot be transferred or
/// used. "rejected" is not stored: it is computed from the receipts
/// (`check_validation_status`) — a rejected resource simply stays pending
/// forever, which already forbids every event.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceStatus {
    PendingValidation,
    Validated,
    /// Decommissioned (REQ-GOV-11..13): final; accepts no event and no update.
    EndOfLife,
}

/// A text property is at most `max` characters.
fn check_text(field: &str, value: &Option<String>, max: usize) -> Result<(), String> {
    match value {
        Some(v) if v.chars().count() > max => Err(format!("EconomicResource {field} must be at most {max} characters")),
        _ => Ok(()),
    }
}

/// Field rules of one revision, independent of history (enforcement source 1).
/// Returns the rejection message, naming entity, field and rule.
pub fn check_resource_fields(resource: &EconomicResource) -> Result<(), String> {
    check_quantity("EconomicResource", "accounting_quantity", resource.accounting_quantity)?;
    check_quantity("EconomicResource", "onhand_quantity", resource.onhand_quantity)?;
    check_text("current_location", &resource.current_location, 200)?;
    check_text("stage", &resource.stage, 100)?;
    check_text("state", &resource.state, 100)?;
    if resource.unit.trim().is_empty() {
        return Err("EconomicResource unit must not be empty".into());
    }
    if resource.unit.chars().count() > 32 {
        return Err("EconomicResource unit must be at most 32 characters".into());
    }
    Ok(())
}

/// A quantity must be a finite number >= 0 (no NaN, no infinity).
/// The message is "<entity> <field> must be a finite number >= 0".
pub fn check_quantity(entity: &str, field: &str, value: f64) -> Result<(), String> {
    if !value.is_finite() || value < 0.0 {
        return Err(format!("{entity} {field} must be a finite number >= 0"));
    }
    Ok(())
}

/// The tag of a `ResourceToRevisions` link (resource integrity): the
/// revision the linked revision updates, and the linked revision's own
/// timestamp. With it a reader orders every revision of a resource from one
/// `get_links` — each revision's earliest update is its successor, as
/// `revisions::latest_revision` decides — instead of walking the revisions
/// one `get_details` at a time. Integrity checks both fields against the
/// linked update.
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, PartialEq, Eq)]
pub struct RevisionTag {
    /// The revision the linked one updates (its `original_action_address`).
    pub updates: ActionHash,
    /// The linked update's action timestamp.
    pub timestamp: Timestamp,
}

impl RevisionTag {
    /// The tag's bytes, for `create_link`.
    pub fn to_link_tag(&self) -> ExternResult<LinkTag> {
        crate::serialized_tag(self)
    }

    /// The tag of a link, or `None` when its bytes are not a `RevisionTag`.
    pub fn from_link_tag(tag: &LinkTag) -> Option<RevisionTag> {
        crate::deserialized_tag(tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> EconomicResource {
        EconomicResource {
            conforms_to: ActionHash::from_raw_36(vec![1; 36]),
            accounting_quantity: 1.0,
            onhand_quantity: 1.0,
            unit: "unit".into(),
            primary_accountable: AgentPubKey::from_raw_36(vec![2; 36]),
            custodian: AgentPubKey::from_raw_36(vec![2; 36]),
            current_location: None,
            contained_in: None,
            stage: None,
            state: None,
            last_event: None,
            status: ResourceStatus::PendingValidation,
            approvals: vec![],
            decommission: None,
            custody_since: None,
        }
    }

    #[test]
    fn rejects_bad_quantities_and_units() {
        for q in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
            let r = EconomicResource { accounting_quantity: q, ..sample() };
            assert_eq!(
                check_resource_fields(&r),
                Err("EconomicResource accounting_quantity must be a finite number >= 0".into())
            );
            let r = EconomicResource { onhand_quantity: q, ..sample() };
            assert_eq!(
                check_resource_fields(&r),
                Err("EconomicResource onhand_quantity must be a finite number >= 0".into())
            );
        }
        let r = EconomicResource { unit: "  ".into(), ..sample() };
        assert_eq!(check_resource_fields(&r), Err("EconomicResource unit must not be empty".into()));
        assert_eq!(check_resource_fields(&sample()), Ok(()));
        let r = EconomicResource { state: Some("x".repeat(101)), ..sample() };
        assert_eq!(check_resource_fields(&r), Err("EconomicResource state must be at most 100 characters".into()));
        let r = EconomicResource { accounting_quantity: 0.0, onhand_quantity: 0.0, ..sample() };
        assert_eq!(check_resource_fields(&r), Ok(()));
    }

    /// The first revision as its index links carry it (`CarriedTarget`): a
    /// record with a Create of `resource`.
    fn first_revision_record(resource: EconomicResource) -> Record {
        crate::test_records::created(Entry::App(AppEntryBytes(SerializedBytes::try_from(resource).unwrap())))
    }

    /// A new resource's index links carry its action and entry in well under
    /// Holochain's 1000-byte tag; one with the longest text fields leaves the
    /// entry out (its links then read the resource as held) and still fits.
    #[test]
    fn a_first_revision_fits_in_its_index_links_tag() {
        let typical = crate::CarriedTarget::of(&first_revision_record(sample()), true).unwrap();
        assert!(typical.0.len() <= 700, "typical carried tag is {} bytes", typical.0.len());
        assert!(crate::CarriedTarget::from_link_tag(&typical).unwrap().entry.is_some());
        let longest = EconomicResource {
            unit: "€".repeat(32),
            current_location: Some("€".repeat(200)),
            stage: Some("€".repeat(100)),
            state: Some("€".repeat(100)),
            ..sample()
        };
        assert_eq!(check_resource_fields(&longest), Ok(()));
        let tag = crate::CarriedTarget::of(&first_revision_record(longest), true).unwrap();
        assert!(tag.0.len() <= crate::MAX_LINK_TAG_BYTES);
        assert!(crate::CarriedTarget::from_link_tag(&tag).unwrap().entry.is_none());
        println!("carried tag: typical {} bytes, action only {} bytes", typical.0.len(), tag.0.len());
    }
}
