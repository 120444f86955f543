//! `EconomicEvent` (spec §4.3.1), the ValueFlows actions, and the one table
//! of what each action does to a resource revision.
use hdi::prelude::*;

use crate::economic_resource::{check_quantity, EconomicResource, ResourceStatus};
use crate::vf_actions::{
    effects_of, AccountableEffect, ContainedEffect, LocationEffect, QuantityEffect, QuantityRule, ReceiverOf,
    RecordedBy, StageEffect, StateEffect,
};

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
/// not repeated. `resource_quantity` is in the resource's unit (for `Work`,
/// the effort in hours). `to_location`, `state`, `stage` and `contained_in`
/// carry the new values for the actions whose effects set them (see
/// [`apply_event`]); an action without that effect must leave them empty.
#[hdk_entry_helper]
#[derive(Clone, PartialEq)]
pub struct EconomicEvent {
    pub action: VfAction,
    pub provider: AgentPubKey,
    pub receiver: AgentPubKey,
    pub resource_inventoried_as: crate::RevisionHash,
    pub resource_quantity: f64,
    /// The unit of `resource_quantity` (VF `Measure.hasUnit`): the
    /// resource's own `unit`, or `"hour"` for `Work` (effort); see
    /// [`event_unit`]. Empty when omitted, which is refused.
    #[serde(default)]
    pub unit: String,
    /// VF `toLocation`: the resource's location after the event.
    #[serde(default)]
    pub to_location: Option<String>,
    /// VF `state`: the resource's state after the event (e.g. "pass", "fail").
    #[serde(default)]
    pub state: Option<String>,
    /// The stage (kind of process) the resource reaches with this event.
    #[serde(default)]
    pub stage: Option<String>,
    /// For `Combine`: the resource this one is packed into.
    #[serde(default)]
    pub contained_in: Option<crate::ResourceId>,
    /// Microseconds since the Unix epoch: when the event happened, as stated
    /// by the author; must lie within [`MAX_STATED_TIME_SKEW_SECONDS`] of the
    /// action's own timestamp (enforced in integrity).
    pub event_time: Timestamp,
    pub note: Option<String>,
    /// The receiver's Role credentials that satisfy the specification's
    /// receiver rules (`transfer_conditions`, `access_requirement`), one per
    /// rule that needs a role or Accountable status; empty when no rule does
    /// or the receiver is a progenitor. Checked in integrity (REQ-GOV-09).
    #[serde(default)]
    pub receiver_credentials: Vec<ActionHash>,
    /// VF `inputOf`: the EconomicProcess (its first revision) this event
    /// starts, when it is the process type's start action (spec §4.3.1,
    /// REQ-PROC-06). At most one of `input_of` and `output_of`.
    #[serde(default)]
    pub input_of: Option<ActionHash>,
    /// VF `outputOf`: the EconomicProcess this event completes, when it is
    /// the process type's completion action.
    #[serde(default)]
    pub output_of: Option<ActionHash>,
    /// For an `output_of` event of a process type the network requires
    /// validators for: the approving `process_validation` receipts of that
    /// process (REQ-GOV-07), so the resource changes only once they exist.
    /// Empty otherwise.
    #[serde(default)]
    pub process_approvals: Vec<ActionHash>,
    /// For a receiver bound by `access_requirement.min_reputation`: the
    /// entry hashes of attestations of the receiver's participation
    /// receipts, whose interactions give the receiver at least that
    /// `reputation_score` ([`crate::reputation_of`]); the receiver chose
    /// them by sharing a signed summary with the provider (REQ-PPR-11).
    /// Empty otherwise.
    #[serde(default)]
    pub receiver_reputation: Vec<EntryHash>,
}

/// The refusal of an event on a resource that is not Validated (REQ-GOV-02).
pub const NOT_VALIDATED: &str =
    "EconomicEvent resource_inventoried_as must be Validated: a resource pending peer validation accepts no event";

/// The refusal of an event on a decommissioned resource (REQ-GOV-13).
pub const END_OF_LIFE: &str = "EconomicEvent resource_inventoried_as has reached its end of life: it accepts no event";

/// Most Role credentials an event may cite in `receiver_credentials`.
pub const MAX_RECEIVER_CREDENTIALS: usize = 8;

/// Field rules of an event on its own (enforcement source 1): finite
/// quantity >= 0; texts bounded (note 1000, to_location 200, state and stage
/// 100 characters); `receiver_credentials` distinct, at most
/// [`MAX_RECEIVER_CREDENTIALS`].
pub fn check_event_fields(event: &EconomicEvent) -> Result<(), String> {
    check_quantity("EconomicEvent", "resource_quantity", event.resource_quantity)?;
    if event.receiver_credentials.len() > MAX_RECEIVER_CREDENTIALS {
        return Err(format!(
            "EconomicEvent receiver_credentials must hold at most {MAX_RECEIVER_CREDENTIALS} credentials"
        ));
    }
    for (i, hash) in event.receiver_credentials.iter().enumerate() {
        if event.receiver_credentials[..i].contains(hash) {
            return Err("EconomicEvent receiver_credentials must be distinct".into());
        }
    }
    for (field, value, max) in [
        ("note", &event.note, 1000),
        ("to_location", &event.to_location, 200),
        ("state", &event.state, 100),
        ("stage", &event.stage, 100),
    ] {
        if value.as_ref().is_some_and(|v| v.chars().count() > max) {
            return Err(format!("EconomicEvent {field} must be at most {max} characters"));
        }
    }
    Ok(())
}

/// Rules of an event against the revision it cites: what [`apply_event`]
/// checks, without building the next revision.
pub fn check_event_against_resource(event: &EconomicEvent, resource: &EconomicResource) -> Result<(), String> {
    apply_event(resource, event, &ActionHash::from_raw_36(vec![0; 36])).map(|_| ())
}

/// Relative tolerance of quantity comparisons: two quantities are equal when
/// they differ by at most `QUANTITY_TOLERANCE × max(1, |held|)` (so
/// `0.3 − 0.1` still equals `0.2`). Quantities are f64 in the resource's
/// unit; IEEE 754 arithmetic is deterministic in wasm, so every peer computes
/// the same verdict.
pub const QUANTITY_TOLERANCE: f64 = 1e-9;

/// Whether `q` equals `held` within [`QUANTITY_TOLERANCE`].
pub fn same_quantity(q: f64, held: f64) -> bool {
    (q - held).abs() <= QUANTITY_TOLERANCE * held.abs().max(1.0)
}

/// Applies one quantity effect to `value` (the resource's `field`). In
/// nondominium every event acts on the one resource it cites, and a transfer
/// moves the whole resource: so `decrementIncrement` (out of the provider's
/// resource, into the receiver's) needs the event quantity to equal the
/// quantity held and leaves it unchanged on the moved resource, and
/// `incrementTo` (only the copy grows) leaves the cited resource unchanged.
/// Comparisons use [`same_quantity`]; a decrement that lands within the
/// tolerance of 0 gives exactly 0; a result that is not finite is refused.
fn apply_quantity(effect: QuantityEffect, value: f64, q: f64, field: &str, action: VfAction) -> Result<f64, String> {
    let next = match effect {
        QuantityEffect::NotApplicable | QuantityEffect::IncrementTo => value,
        QuantityEffect::Increment => value + q,
        QuantityEffect::Decrement if same_quantity(q, value) => 0.0,
        QuantityEffect::Decrement if q > value => {
            return Err(format!("EconomicEvent resource_quantity must not exceed the resource's {field} for {action:?}"))
        }
        QuantityEffect::Decrement => value - q,
        QuantityEffect::DecrementIncrement if !same_quantity(q, value) => {
            return Err(format!(
                "EconomicEvent resource_quantity must equal the resource's {field} for {action:?} (the whole resource moves)"
            ))
        }
        QuantityEffect::DecrementIncrement => value,
    };
    if !next.is_finite() {
        return Err(format!(
            "EconomicEvent resource_quantity must keep the resource's {field} a finite number for {action:?}"
        ));
    }
    Ok(next)
}

/// The unit an event's `resource_quantity` is in: hours for the actions whose
/// VF `eventQuantity` is `effort` (`Work`), else the resource's own unit.
pub fn event_unit(action: VfAction, resource: &EconomicResource) -> String {
    if effects_of(action).event_quantity == crate::vf_actions::EventQuantity::Effort {
        EFFORT_UNIT.into()
    } else {
        resource.unit.clone()
    }
}

/// The unit of effort quantities (`Work`).
pub const EFFORT_UNIT: &str = "hour";

/// Whether an `updateTo` effect of `row` lands on the cited resource. VF's
/// `updateTo` applies to `toResourceInventoriedAs`; in nondominium that is
/// the cited resource itself when the whole resource moves (a
/// `decrementIncrement` quantity effect: transfers, `Move`), and another
/// resource otherwise (`Copy`, whose copy nondominium does not create), so
/// the event may not set it.
fn update_to_is_this_resource(row: &crate::vf_actions::ActionEffects) -> bool {
    row.onhand_effect == QuantityEffect::DecrementIncrement
        || row.accounting_effect == QuantityEffect::DecrementIncrement
}

/// Whether `next` differs from `previous` in what the primary accountable
/// agent holds: rights (`accounting_quantity`, `primary_accountable`).
fn changes_rights(previous: &EconomicResource, next: &EconomicResource) -> bool {
    previous.accounting_quantity != next.accounting_quantity || previous.primary_accountable != next.primary_accountable
}

/// Whether `next` differs from `previous` in what the custodian holds:
/// custody (`onhand_quantity`, `custodian`) and the thing itself (location,
/// containment, stage, state).
fn changes_custody(previous: &EconomicResource, next: &EconomicResource) -> bool {
    previous.onhand_quantity != next.onhand_quantity
        || previous.custodian != next.custodian
        || previous.current_location != next.current_location
        || previous.contained_in != next.contained_in
        || previous.stage != next.stage
        || previous.state != next.state
}

/// The event quantity an event of `action` on `resource` carries when its
/// author states none (the row's `quantity`): the whole quantity for a
/// `whole` action (on-hand when custody moves, accounting when only rights
/// do), 0 for an `optional` one, and `None` for an `amount`, which the
/// author must state. The client's `impliedQuantity` reads the same column.
pub fn implied_quantity(action: VfAction, resource: &EconomicResource) -> Option<f64> {
    let row = effects_of(action);
    match row.nondominium.quantity {
        QuantityRule::Amount => None,
        QuantityRule::Optional => Some(0.0),
        QuantityRule::Whole if row.onhand_effect == QuantityEffect::DecrementIncrement => {
            Some(resource.onhand_quantity)
        }
        QuantityRule::Whole => Some(resource.accounting_quantity),
    }
}

/// Who may provide an event of `action` on `resource` (the row's
/// `recordedBy`): its custodian, or for a rights-holder action
/// (`TransferAllRights`) its primary accountable agent. `Err` names the rule.
pub fn check_provider(action: VfAction, provider: &AgentPubKey, resource: &EconomicResource) -> Result<(), String> {
    match effects_of(action).nondominium.recorded_by {
        RecordedBy::RightsHolder if provider != &resource.primary_accountable => Err(format!(
            "EconomicEvent provider must be the primary accountable of resource_inventoried_as for {action:?}"
        )),
        RecordedBy::Custodian if provider != &resource.custodian => {
            Err("EconomicEvent provider must be the custodian of resource_inventoried_as".into())
        }
        _ => Ok(()),
    }
}

/// Who may receive an event of `action` from `provider` (the row's
/// `receiver`): someone else for the actions that hand the resource, its
/// rights or its use over; the provider for `Move`; anyone otherwise. The
/// one rule, and the one wording, for "not to oneself": the operator and
/// integrity both call it. `Err` names the rule.
pub fn check_receiver(action: VfAction, provider: &AgentPubKey, receiver: &AgentPubKey) -> Result<(), String> {
    match effects_of(action).nondominium.receiver {
        ReceiverOf::Provider if receiver != provider => {
            Err(format!("EconomicEvent receiver must be the provider for {action:?}"))
        }
        ReceiverOf::Another if receiver == provider => {
            Err(format!("EconomicEvent receiver must differ from the provider for {action:?}"))
        }
        _ => Ok(()),
    }
}

/// The one place events change resources: the revision that results from
/// applying `event` (recorded at `event_hash`) to `previous`, following the
/// action's row of the ValueFlows 1.0 table ([`effects_of`], documented in
/// `docs/vf-actions.md`). Validation accepts a resource update only if it
/// equals this result exactly, and the operator writes exactly this result.
///
/// Who may record it (ValueFlows: rights and custody are separate, and only
/// the holder of each gives it away):
/// - the provider is the custodian of `previous` — or, for the actions
///   whose row says `recordedBy: rightsHolder` (`TransferAllRights`), its
///   primary accountable agent ([`check_provider`]);
/// - an event whose effects change rights (`accounting_quantity`,
///   `primary_accountable`) needs a provider who holds the rights, and one
///   whose effects change custody or the thing (`onhand_quantity`,
///   `custodian`, location, containment, stage, state) a provider who holds
///   custody. An action that touches both (`Transfer`, `Consume`, `Produce`,
///   `Raise`, `Lower`) therefore needs one agent holding both; a rights
///   holder without custody can record only `TransferAllRights`, and without
///   setting `state`;
/// - the receiver is someone else for the actions that hand the resource or
///   its use over, and the provider itself for `Move` (the row's
///   `receiver`; [`check_receiver`]).
///
/// Effects, per column of the row:
/// - accounting / on-hand quantity: `increment` adds, `decrement` subtracts
///   (never below 0), `decrementIncrement` requires the whole quantity
///   (compared within [`QUANTITY_TOLERANCE`]); every result stays finite;
/// - custody: the receiver becomes custodian when the on-hand effect is
///   `decrementIncrement` (custody follows the thing held);
/// - accountable `updateTo`: the receiver becomes primary accountable;
/// - location and state `update` set `to_location` / `state` when given;
///   `updateTo` does too when the whole resource moves, and refuses them
///   when the target is another resource (`Copy`: the source is unchanged);
///   containment `update` sets `contained_in` (required; never the resource
///   itself — checked in integrity, which can walk revisions), `remove`
///   clears it and needs a contained resource; stage `update` sets `stage`;
/// - `new` effects and `createResource` concern resources an event creates;
///   nondominium creates resources with `create_economic_resource` only, so
///   they change nothing here.
///
/// The event's `unit` must be the resource's. An event that carries a value
/// its action does not set (`to_location`, `state`, `stage`,
/// `contained_in`) is refused: it applies its action's effects and only
/// those. Errors name the field and the rule.
pub fn apply_event(
    previous: &EconomicResource,
    event: &EconomicEvent,
    event_hash: &ActionHash,
) -> Result<EconomicResource, String> {
    match previous.status {
        ResourceStatus::Validated => {}
        ResourceStatus::PendingValidation => return Err(NOT_VALIDATED.into()),
        ResourceStatus::EndOfLife => return Err(END_OF_LIFE.into()),
    }
    let action = event.action;
    let row = effects_of(action);
    let unit = event_unit(action, previous);
    if event.unit != unit {
        return Err(format!(
            "EconomicEvent unit must be `{unit}` for {action:?} (the resource's unit, or hours of effort)"
        ));
    }
    let custody_moves = row.onhand_effect == QuantityEffect::DecrementIncrement;
    let rights_move = row.accountable_effect == AccountableEffect::UpdateTo;
    check_provider(action, &event.provider, previous)?;
    check_receiver(action, &event.provider, &event.receiver)?;
    let update_to_here = update_to_is_this_resource(row);
    let sets_location = row.location_effect == LocationEffect::Update
        || (row.location_effect == LocationEffect::UpdateTo && update_to_here);
    let sets_state =
        row.state_effect == StateEffect::Update || (row.state_effect == StateEffect::UpdateTo && update_to_here);
    let sets_stage = row.stage_effect == StageEffect::Update;
    let sets_container = row.contained_effect == ContainedEffect::Update;
    for (field, given, allowed) in [
        ("to_location", event.to_location.is_some(), sets_location),
        ("state", event.state.is_some(), sets_state),
        ("stage", event.stage.is_some(), sets_stage),
        ("contained_in", event.contained_in.is_some(), sets_container),
    ] {
        if given && !allowed {
            return Err(format!("EconomicEvent {field} must be empty for {action:?}: the action does not set it"));
        }
    }
    if sets_container && event.contained_in.is_none() {
        return Err(format!("EconomicEvent contained_in is required for {action:?}"));
    }
    if row.contained_effect == ContainedEffect::Remove && previous.contained_in.is_none() {
        return Err(format!("EconomicEvent {action:?} needs a resource contained in another: resource_inventoried_as has no contained_in"));
    }
    let q = event.resource_quantity;
    let mut next = previous.clone();
    next.accounting_quantity =
        apply_quantity(row.accounting_effect, previous.accounting_quantity, q, "accounting_quantity", action)?;
    next.onhand_quantity = apply_quantity(row.onhand_effect, previous.onhand_quantity, q, "onhand_quantity", action)?;
    if custody_moves {
        next.custodian = event.receiver.clone();
    }
    if rights_move {
        next.primary_accountable = event.receiver.clone();
    }
    if sets_location && event.to_location.is_some() {
        next.current_location = event.to_location.clone();
    }
    match row.contained_effect {
        ContainedEffect::Update => next.contained_in = event.contained_in.clone(),
        ContainedEffect::Remove => next.contained_in = None,
        ContainedEffect::NotApplicable | ContainedEffect::UpdateTo => {}
    }
    if sets_stage && event.stage.is_some() {
        next.stage = event.stage.clone();
    }
    if sets_state && event.state.is_some() {
        next.state = event.state.clone();
    }
    if changes_rights(previous, &next) && event.provider != previous.primary_accountable {
        return Err(format!(
            "EconomicEvent provider must be the primary accountable of resource_inventoried_as for {action:?}: \
             it changes rights (accounting_quantity or primary_accountable), which only their holder gives away"
        ));
    }
    if changes_custody(previous, &next) && event.provider != previous.custodian {
        return Err(format!(
            "EconomicEvent provider must be the custodian of resource_inventoried_as for {action:?}: \
             it changes custody or the thing held, which only the custodian does"
        ));
    }
    // The custody goes on unbroken unless it moved: the new revision names
    // where it began (`custody_since`), the revision the event cites when
    // that one began it.
    next.custody_since = if next.custodian == previous.custodian {
        Some(previous.custody_since.clone().unwrap_or_else(|| event.resource_inventoried_as.0.clone()))
    } else {
        None
    };
    next.last_event = Some(event_hash.clone());
    Ok(next)
}

/// VF `pairsWith` for the output half of a pair (`Modify` after `Accept`,
/// `Dropoff` after `Pickup`): the event must follow its pair on the same
/// resource, i.e. the cited revision's `last_event` has the paired action
/// (`last_action`; `None` when the revision cites no event). Input halves and
/// unpaired actions need nothing. `Err` is the rejection message.
pub fn check_pairing(action: VfAction, last_action: Option<VfAction>) -> Result<(), String> {
    let row = effects_of(action);
    let (Some(pair), crate::vf_actions::InputOutput::Output) = (row.pairs_with, row.input_output) else {
        return Ok(());
    };
    if last_action == Some(pair) {
        return Ok(());
    }
    Err(format!(
        "EconomicEvent {action:?} must follow a {pair:?} of the same resource (VF pairsWith): the last event of resource_inventoried_as is {}",
        last_action.map(|a| format!("{a:?}")).unwrap_or_else(|| "none".into())
    ))
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
    /// Held by agent 1 (custody and rights), 2 units, validated.
    fn resource() -> EconomicResource {
        EconomicResource {
            conforms_to: hash(9),
            accounting_quantity: 2.0,
            onhand_quantity: 2.0,
            unit: "unit".into(),
            primary_accountable: agent(1),
            custodian: agent(1),
            current_location: Some("shed".into()),
            contained_in: None,
            stage: None,
            state: None,
            last_event: None,
            status: ResourceStatus::Validated,
            approvals: vec![],
            decommission: None,
            custody_since: None,
        }
    }
    fn event(action: VfAction, provider: u8, receiver: u8, qty: f64) -> EconomicEvent {
        EconomicEvent {
            action,
            provider: agent(provider),
            receiver: agent(receiver),
            resource_inventoried_as: crate::RevisionHash(hash(7)),
            resource_quantity: qty,
            unit: if action == VfAction::Work { "hour".into() } else { "unit".into() },
            to_location: None,
            state: None,
            stage: None,
            contained_in: None,
            event_time: Timestamp(0),
            note: None,
            receiver_credentials: vec![],
            input_of: None,
            output_of: None,
            process_approvals: vec![],
            receiver_reputation: vec![],
        }
    }
    fn apply(e: &EconomicEvent) -> Result<EconomicResource, String> {
        apply_event(&resource(), e, &hash(5))
    }

    #[test]
    fn custody_since_names_where_the_custody_began() {
        // The revision the event cites (hash 7) began the custody: the next one names it.
        let used = apply(&event(VfAction::Use, 1, 1, 1.0)).unwrap();
        assert_eq!(used.custody_since, Some(hash(7)));
        // Later revisions of the same custody carry it on, whatever their event (rights included).
        let again = apply_event(&used, &event(VfAction::TransferAllRights, 1, 2, 2.0), &hash(6)).unwrap();
        assert_eq!(again.custody_since, Some(hash(7)));
        // A move of custody begins a new one: the new revision is its first.
        for moves in [VfAction::TransferCustody, VfAction::Transfer] {
            let moved = apply_event(&used, &event(moves, 1, 2, 2.0), &hash(6)).unwrap();
            assert_eq!((moved.custodian, moved.custody_since), (agent(2), None), "{moves:?}");
        }
    }

    #[test]
    fn transfer_custody_moves_custody_only() {
        let next = apply(&event(VfAction::TransferCustody, 1, 2, 2.0)).unwrap();
        assert_eq!(next.custodian, agent(2));
        assert_eq!(next.primary_accountable, agent(1));
        assert_eq!((next.accounting_quantity, next.onhand_quantity), (2.0, 2.0));
        assert_eq!(next.last_event, Some(hash(5)));
        assert_eq!(next.conforms_to, resource().conforms_to);
    }

    #[test]
    fn rights_custody_and_quantities_follow_each_action() {
        // Rights move, custody stays.
        let r = apply(&event(VfAction::TransferAllRights, 1, 2, 2.0)).unwrap();
        assert_eq!((r.primary_accountable, r.custodian), (agent(2), agent(1)));
        // Both move.
        let r = apply(&event(VfAction::Transfer, 1, 2, 2.0)).unwrap();
        assert_eq!((r.primary_accountable, r.custodian), (agent(2), agent(2)));
        // Quantities.
        assert_eq!(apply(&event(VfAction::Produce, 1, 1, 3.0)).unwrap().accounting_quantity, 5.0);
        assert_eq!(apply(&event(VfAction::Raise, 1, 1, 1.0)).unwrap().onhand_quantity, 3.0);
        let r = apply(&event(VfAction::Consume, 1, 1, 0.5)).unwrap();
        assert_eq!((r.accounting_quantity, r.onhand_quantity), (1.5, 1.5));
        let r = apply(&event(VfAction::Accept, 1, 1, 2.0)).unwrap();
        assert_eq!((r.accounting_quantity, r.onhand_quantity), (2.0, 0.0));
        let r = apply(&event(VfAction::Copy, 1, 2, 1.0)).unwrap();
        assert_eq!((r.accounting_quantity, r.onhand_quantity, r.custodian), (2.0, 2.0, agent(1)));
        // Copy's state effect is updateTo the copy: the source keeps its state.
        let mut copy = event(VfAction::Copy, 1, 2, 1.0);
        copy.state = Some("copied".into());
        assert_eq!(apply(&copy), Err("EconomicEvent state must be empty for Copy: the action does not set it".into()));
        // No effect but the event itself.
        for a in [VfAction::Use, VfAction::Cite, VfAction::Work, VfAction::DeliverService] {
            let r = apply(&event(a, 1, 1, 1.0)).unwrap();
            assert_eq!(
                r,
                EconomicResource { last_event: Some(hash(5)), custody_since: Some(hash(7)), ..resource() },
                "{a:?}"
            );
        }
        let r = apply(&event(VfAction::AccessForUse, 1, 2, 0.0)).unwrap();
        assert_eq!(r, EconomicResource { last_event: Some(hash(5)), custody_since: Some(hash(7)), ..resource() });
    }

    #[test]
    fn location_state_stage_and_containment() {
        let mut e = event(VfAction::Move, 1, 1, 2.0);
        e.to_location = Some("workshop".into());
        assert_eq!(apply(&e).unwrap().current_location, Some("workshop".into()));
        let mut e = event(VfAction::Modify, 1, 1, 0.0);
        e.state = Some("repaired".into());
        e.stage = Some("Repair".into());
        let r = apply(&e).unwrap();
        assert_eq!((r.state, r.stage, r.onhand_quantity), (Some("repaired".into()), Some("Repair".into()), 2.0));
        let mut e = event(VfAction::Combine, 1, 1, 0.0);
        assert_eq!(apply(&e), Err("EconomicEvent contained_in is required for Combine".into()));
        e.contained_in = Some(crate::ResourceId(hash(3)));
        let combined = apply(&e).unwrap();
        assert_eq!(combined.contained_in, Some(crate::ResourceId(hash(3))));
        let separated = apply_event(&combined, &event(VfAction::Separate, 1, 1, 0.0), &hash(6)).unwrap();
        assert_eq!(separated.contained_in, None);
        assert_eq!(
            apply(&event(VfAction::Separate, 1, 1, 0.0)),
            Err("EconomicEvent Separate needs a resource contained in another: resource_inventoried_as has no contained_in".into())
        );
        // Only the action's effects: Use sets no location.
        let mut e = event(VfAction::Use, 1, 1, 1.0);
        e.to_location = Some("elsewhere".into());
        assert_eq!(
            apply(&e),
            Err("EconomicEvent to_location must be empty for Use: the action does not set it".into())
        );
    }

    #[test]
    fn who_may_record_and_how_much() {
        assert_eq!(
            apply(&event(VfAction::TransferCustody, 3, 2, 2.0)),
            Err("EconomicEvent provider must be the custodian of resource_inventoried_as".into())
        );
        let custody_elsewhere = EconomicResource { custodian: agent(4), ..resource() };
        assert!(apply_event(&custody_elsewhere, &event(VfAction::TransferAllRights, 1, 2, 2.0), &hash(5)).is_ok());
        assert_eq!(
            apply_event(&custody_elsewhere, &event(VfAction::TransferAllRights, 4, 2, 2.0), &hash(5)),
            Err("EconomicEvent provider must be the primary accountable of resource_inventoried_as for TransferAllRights".into())
        );
        assert_eq!(
            apply(&event(VfAction::TransferCustody, 1, 1, 2.0)),
            Err("EconomicEvent receiver must differ from the provider for TransferCustody".into())
        );
        assert_eq!(
            apply(&event(VfAction::Move, 1, 2, 2.0)),
            Err("EconomicEvent receiver must be the provider for Move".into())
        );
        assert_eq!(
            apply(&event(VfAction::TransferCustody, 1, 2, 1.0)),
            Err("EconomicEvent resource_quantity must equal the resource's onhand_quantity for TransferCustody (the whole resource moves)".into())
        );
        assert_eq!(
            apply(&event(VfAction::Consume, 1, 1, 3.0)),
            Err("EconomicEvent resource_quantity must not exceed the resource's accounting_quantity for Consume".into())
        );
    }

    #[test]
    fn rights_and_custody_each_move_only_by_their_holder() {
        // Custody with agent 4, rights with agent 1.
        let split = EconomicResource { custodian: agent(4), ..resource() };
        let by = |a: VfAction, p: u8, r: u8, q: f64| apply_event(&split, &event(a, p, r, q), &hash(5));
        for a in [VfAction::Transfer, VfAction::Consume, VfAction::Produce, VfAction::Raise, VfAction::Lower] {
            let receiver = if a == VfAction::Transfer { 2 } else { 4 };
            let err = by(a, 4, receiver, if a == VfAction::Transfer { 2.0 } else { 1.0 }).unwrap_err();
            assert!(err.starts_with(&format!("EconomicEvent provider must be the primary accountable of resource_inventoried_as for {a:?}: it changes rights")), "{a:?}: {err}");
        }
        // The rights holder transfers rights; the custodian's fields stay.
        let r = by(VfAction::TransferAllRights, 1, 2, 2.0).unwrap();
        assert_eq!((r.primary_accountable.clone(), r.custodian.clone()), (agent(2), agent(4)));
        assert_eq!(
            EconomicResource { primary_accountable: agent(1), last_event: None, custody_since: None, ..r },
            split
        );
        let mut with_state = event(VfAction::TransferAllRights, 1, 2, 2.0);
        with_state.state = Some("broken".into());
        let err = apply_event(&split, &with_state, &hash(5)).unwrap_err();
        assert!(err.starts_with("EconomicEvent provider must be the custodian of resource_inventoried_as for TransferAllRights: it changes custody"), "{err}");
        // The custodian alone still moves custody and uses the thing.
        assert_eq!(by(VfAction::TransferCustody, 4, 2, 2.0).unwrap().primary_accountable, agent(1));
        assert!(by(VfAction::Use, 4, 4, 1.0).is_ok());
    }

    #[test]
    fn quantities_compare_within_tolerance_and_stay_finite() {
        let held = EconomicResource { accounting_quantity: 0.3 - 0.1, onhand_quantity: 0.3 - 0.1, ..resource() };
        let r = apply_event(&held, &event(VfAction::Consume, 1, 1, 0.2), &hash(5)).unwrap();
        assert_eq!((r.accounting_quantity, r.onhand_quantity), (0.0, 0.0));
        assert!(apply_event(&held, &event(VfAction::TransferCustody, 1, 2, 0.2), &hash(5)).is_ok());
        let huge = EconomicResource { accounting_quantity: f64::MAX, onhand_quantity: f64::MAX, ..resource() };
        assert_eq!(
            apply_event(&huge, &event(VfAction::Produce, 1, 1, f64::MAX), &hash(5)),
            Err("EconomicEvent resource_quantity must keep the resource's accounting_quantity a finite number for Produce".into())
        );
        let mut kg = event(VfAction::Use, 1, 1, 1.0);
        kg.unit = "kg".into();
        assert_eq!(
            apply(&kg),
            Err("EconomicEvent unit must be `unit` for Use (the resource's unit, or hours of effort)".into())
        );
    }

    #[test]
    fn output_halves_follow_their_pair() {
        assert_eq!(check_pairing(VfAction::Modify, Some(VfAction::Accept)), Ok(()));
        assert_eq!(check_pairing(VfAction::Accept, None), Ok(()));
        assert_eq!(check_pairing(VfAction::Use, None), Ok(()));
        assert_eq!(
            check_pairing(VfAction::Dropoff, Some(VfAction::Use)),
            Err("EconomicEvent Dropoff must follow a Pickup of the same resource (VF pairsWith): the last event of resource_inventoried_as is Use".into())
        );
    }

    #[test]
    fn pending_resources_accept_no_event() {
        let pending = EconomicResource { status: ResourceStatus::PendingValidation, ..resource() };
        assert_eq!(
            apply_event(&pending, &event(VfAction::TransferCustody, 1, 2, 2.0), &hash(5)),
            Err(NOT_VALIDATED.into())
        );
        let ended = EconomicResource { status: ResourceStatus::EndOfLife, ..resource() };
        assert_eq!(apply_event(&ended, &event(VfAction::Use, 1, 1, 0.0), &hash(5)), Err(END_OF_LIFE.into()));
    }

    #[test]
    fn field_rules() {
        let mut e = event(VfAction::Use, 1, 1, f64::NAN);
        assert_eq!(check_event_fields(&e), Err("EconomicEvent resource_quantity must be a finite number >= 0".into()));
        e.resource_quantity = 1.0;
        e.state = Some("s".repeat(101));
        assert_eq!(check_event_fields(&e), Err("EconomicEvent state must be at most 100 characters".into()));
    }
}
