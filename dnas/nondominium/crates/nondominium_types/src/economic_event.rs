//! `EconomicEvent` (spec §4.3.1), the ValueFlows actions, and the one table
//! of what each action does to a resource revision.
use hdi::prelude::*;

use crate::economic_resource::{check_quantity, EconomicResource, ResourceStatus};

/// The ValueFlows 1.0 actions, plus the specification's extensions
/// `InitialTransfer` and `AccessForUse` (spec §4.3.1). Serialised as the
/// variant name (e.g. `"TransferCustody"`).
#[derive(Serialize, Deserialize, SerializedBytes, Debug, Clone, Copy, PartialEq, Eq)]
pub enum VfAction {
    Produce,
    Use,
    Consume,
    Cite,
    Work,
    DeliverService,
    Accept,
    Modify,
    Pickup,
    Dropoff,
    Combine,
    Separate,
    TransferAllRights,
    TransferCustody,
    Transfer,
    Move,
    Copy,
    Raise,
    Lower,
    InitialTransfer,
    AccessForUse,
}

/// A consummated action on one resource revision (spec §4.3.1).
///
/// `resource_inventoried_as` is the action hash of the exact revision the
/// event starts from (ValueFlows `resourceInventoriedAs`); the revision it
/// produces cites the event back in `EconomicResource::last_event`. The
/// spec's separate `affects` field names the same resource and is therefore
/// not repeated. `resource_quantity` is in the resource's unit.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct EconomicEvent {
    pub action: VfAction,
    pub provider: AgentPubKey,
    pub receiver: AgentPubKey,
    pub resource_inventoried_as: ActionHash,
    pub resource_quantity: f64,
    /// Microseconds since the Unix epoch, as stated by the author.
    pub event_time: Timestamp,
    pub note: Option<String>,
    /// The receiver's Role credentials that satisfy the specification's
    /// receiver rules (`transfer_conditions`, `access_requirement`), one per
    /// rule that needs a role or Accountable status; empty when no rule does
    /// or the receiver is a progenitor. Checked in integrity (REQ-GOV-09).
    #[serde(default)]
    pub receiver_credentials: Vec<ActionHash>,
}

/// The actions whose effects are implemented so far. Every other action is
/// refused by the operator and by validation with
/// "EconomicEvent action <A> is not supported yet".
pub const SUPPORTED_ACTIONS: [VfAction; 1] = [VfAction::TransferCustody];

/// Field rules of an event on its own (enforcement source 1).
pub fn check_event_fields(event: &EconomicEvent) -> Result<(), String> {
    if !SUPPORTED_ACTIONS.contains(&event.action) {
        return Err(format!("EconomicEvent action {:?} is not supported yet", event.action));
    }
    check_quantity("EconomicEvent", "resource_quantity", event.resource_quantity)?;
    if let Some(note) = &event.note {
        if note.chars().count() > 1000 {
            return Err("EconomicEvent note must be at most 1000 characters".into());
        }
    }
    Ok(())
}

/// The refusal of an event on a resource that is not Validated (REQ-GOV-02).
pub const NOT_VALIDATED: &str =
    "EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event";

/// Rules of an event against the revision it cites (spec §4.3.1, REQ-USER-P-03):
/// the revision is validated (REQ-GOV-02: a pending or rejected resource
/// accepts no event); for `TransferCustody`, the provider is that revision's
/// custodian, the receiver is someone else, and the whole quantity moves.
pub fn check_event_against_resource(event: &EconomicEvent, resource: &EconomicResource) -> Result<(), String> {
    if resource.status != ResourceStatus::Validated {
        return Err(NOT_VALIDATED.into());
    }
    match event.action {
        VfAction::TransferCustody => {
            if event.provider != resource.custodian {
                return Err("EconomicEvent provider must be the custodian of resource_inventoried_as".into());
            }
            if event.receiver == event.provider {
                return Err("EconomicEvent receiver must differ from the provider for TransferCustody".into());
            }
            if event.resource_quantity != resource.quantity {
                return Err("EconomicEvent resource_quantity must equal the resource quantity for TransferCustody".into());
            }
            Ok(())
        }
        other => Err(format!("EconomicEvent action {other:?} is not supported yet")),
    }
}

/// The one table of effects: the revision that results from applying `event`
/// (recorded at `event_hash`) to `previous`. Validation accepts a resource
/// update only if it equals this result exactly.
///
/// | action          | custodian           | quantity  | other fields |
/// |-----------------|---------------------|-----------|--------------|
/// | TransferCustody | becomes `receiver`  | unchanged | unchanged    |
pub fn apply_event(
    previous: &EconomicResource,
    event: &EconomicEvent,
    event_hash: &ActionHash,
) -> Result<EconomicResource, String> {
    check_event_against_resource(event, previous)?;
    match event.action {
        VfAction::TransferCustody => Ok(EconomicResource {
            custodian: event.receiver.clone(),
            last_event: Some(event_hash.clone()),
            ..previous.clone()
        }),
        other => Err(format!("EconomicEvent action {other:?} is not supported yet")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agent(n: u8) -> AgentPubKey {
        AgentPubKey::from_raw_36(vec![n; 36])
    }
    fn resource() -> EconomicResource {
        EconomicResource {
            conforms_to: ActionHash::from_raw_36(vec![9; 36]),
            quantity: 2.0,
            unit: "unit".into(),
            custodian: agent(1),
            last_event: None,
            status: ResourceStatus::Validated,
            approvals: vec![],
        }
    }
    fn transfer(provider: u8, receiver: u8, qty: f64) -> EconomicEvent {
        EconomicEvent {
            action: VfAction::TransferCustody,
            provider: agent(provider),
            receiver: agent(receiver),
            resource_inventoried_as: ActionHash::from_raw_36(vec![7; 36]),
            resource_quantity: qty,
            event_time: Timestamp(0),
            note: None,
            receiver_credentials: vec![],
        }
    }

    #[test]
    fn transfer_custody_moves_custody_only() {
        let h = ActionHash::from_raw_36(vec![5; 36]);
        let next = apply_event(&resource(), &transfer(1, 2, 2.0), &h).unwrap();
        assert_eq!(next.custodian, agent(2));
        assert_eq!(next.last_event, Some(h));
        assert_eq!(next.quantity, 2.0);
        assert_eq!(next.conforms_to, resource().conforms_to);
    }

    #[test]
    fn transfer_custody_rules() {
        let h = ActionHash::from_raw_36(vec![5; 36]);
        assert_eq!(
            apply_event(&resource(), &transfer(3, 2, 2.0), &h),
            Err("EconomicEvent provider must be the custodian of resource_inventoried_as".into())
        );
        assert_eq!(
            apply_event(&resource(), &transfer(1, 1, 2.0), &h),
            Err("EconomicEvent receiver must differ from the provider for TransferCustody".into())
        );
        assert_eq!(
            apply_event(&resource(), &transfer(1, 2, 1.0), &h),
            Err("EconomicEvent resource_quantity must equal the resource quantity for TransferCustody".into())
        );
    }

    #[test]
    fn pending_resources_accept_no_event() {
        let h = ActionHash::from_raw_36(vec![5; 36]);
        let pending = EconomicResource { status: ResourceStatus::PendingValidation, ..resource() };
        assert_eq!(
            apply_event(&pending, &transfer(1, 2, 2.0), &h),
            Err("EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event".into())
        );
    }

    #[test]
    fn unsupported_actions_are_refused() {
        let mut e = transfer(1, 2, 2.0);
        e.action = VfAction::Consume;
        assert_eq!(check_event_fields(&e), Err("EconomicEvent action Consume is not supported yet".into()));
        assert!(check_event_fields(&transfer(1, 2, 2.0)).is_ok());
    }
}
