//! `EconomicResource` (spec §4.2.3) and the field rules every revision obeys.
use hdi::prelude::*;

/// One revision of a concrete resource (spec §4.2.3).
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
    /// Amount held, in `unit`; finite and >= 0.
    pub quantity: f64,
    /// Unit of `quantity` (e.g. "unit", "kg"); non-empty; immutable.
    pub unit: String,
    /// The agent holding the resource now (the primary accountable agent of spec §4.2.3).
    pub custodian: AgentPubKey,
    /// The `EconomicEvent` that produced this revision; `None` until the
    /// first event. Every update but the validation flip must cite a new one
    /// (spec §3, §7).
    pub last_event: Option<ActionHash>,
    /// Peer-validation status (REQ-GOV-02, spec §7): `PendingValidation` when
    /// created; `Validated` from the revision that cites enough approvals.
    pub status: ResourceStatus,
    /// The `resource_approval` ValidationReceipts the validation flip cites
    /// (empty while pending); carried unchanged by later revisions.
    pub approvals: Vec<ActionHash>,
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
}

/// Field rules of one revision, independent of history (enforcement source 1).
/// Returns the rejection message, naming entity, field and rule.
pub fn check_resource_fields(resource: &EconomicResource) -> Result<(), String> {
    check_quantity("EconomicResource", "quantity", resource.quantity)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> EconomicResource {
        EconomicResource {
            conforms_to: ActionHash::from_raw_36(vec![1; 36]),
            quantity: 1.0,
            unit: "unit".into(),
            custodian: AgentPubKey::from_raw_36(vec![2; 36]),
            last_event: None,
            status: ResourceStatus::PendingValidation,
            approvals: vec![],
        }
    }

    #[test]
    fn rejects_bad_quantities_and_units() {
        for q in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0] {
            let r = EconomicResource { quantity: q, ..sample() };
            assert_eq!(
                check_resource_fields(&r),
                Err("EconomicResource quantity must be a finite number >= 0".into())
            );
        }
        let r = EconomicResource { unit: "  ".into(), ..sample() };
        assert_eq!(check_resource_fields(&r), Err("EconomicResource unit must not be empty".into()));
        assert_eq!(check_resource_fields(&sample()), Ok(()));
        let r = EconomicResource { quantity: 0.0, ..sample() };
        assert_eq!(check_resource_fields(&r), Ok(()));
    }
}
