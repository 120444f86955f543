//! The ValueFlows 1.0 action-effects table: for every [`VfAction`], what an
//! EconomicEvent with that action does to the resource it affects, and
//! nothing else (spec §4.3.1, "Valueflows Compliance" in spec §1).
//!
//! This is the **one** source of these facts. The zomes read it through
//! [`effects_of`]; `vf-actions.json` next to this crate's `Cargo.toml` is
//! generated from [`ACTION_EFFECTS`] (a unit test fails when it drifts; run
//! `UPDATE_VF_ACTIONS_JSON=1 cargo test -p nondominium_types --lib vf_actions`
//! to regenerate it); the TypeScript client (`client/src/vf-actions.ts`) parses
//! that JSON, and `docs/vf-actions.md` is rendered from it by
//! `scripts/vf-actions-doc.mjs`.
//!
//! Values are recorded exactly as the ValueFlows 1.0.0 release publishes them
//! in its vocabulary (`all_vf.TTL`, the `vf:Action` individuals and their
//! `vf:accountingEffect` … `vf:stateEffect`, `vf:inputOutput`, `vf:pairsWith`,
//! `vf:createResource` and `vf:eventQuantity` properties), serialised with the
//! camelCase local names of the VF individuals (`"decrementIncrement"`,
//! `"notApplicable"`, `"updateTo"`, …). Where the release's summary picture
//! (`vf-actions.png`) disagrees with the vocabulary, the vocabulary is
//! followed: `work` has `eventQuantity` `effort` (the picture says `both`), and
//! `pickup`, `dropoff`, `accept`, `modify` have `createResource`
//! `notApplicable` (the picture says `optionalTo`).
//!
//! How VF's terms map onto a nondominium `EconomicResource`: the *accounting*
//! quantity belongs to the agent with rights (VF `primaryAccountable`), the
//! *onhand* quantity to the agent holding it (nondominium's `custodian`). A VF
//! `decrementIncrement` moves quantity from `resourceInventoriedAs` to
//! `toResourceInventoriedAs`; `update` applies to `resourceInventoriedAs`,
//! `updateTo` to `toResourceInventoriedAs`, `new` only to a resource the event
//! creates.
//!
//! Only `hdi::prelude` and serde are used, so integrity zomes compiled to wasm
//! can depend on this module.
use hdi::prelude::*;

use crate::economic_event::VfAction;

/// Effect of an action on one of the two quantities of an inventoried
/// resource, in the resource's own unit, by the event's `resource_quantity`:
/// the VF classes `vf:AccountingEffect` and `vf:OnhandEffect`, which have the
/// same individuals (see [`AccountingEffect`], [`OnhandEffect`]).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum QuantityEffect {
    /// `vf:notApplicable`: the quantity does not change.
    NotApplicable,
    /// `vf:increment`: add the event quantity to `resourceInventoriedAs`.
    Increment,
    /// `vf:decrement`: subtract the event quantity from `resourceInventoriedAs`.
    Decrement,
    /// `vf:decrementIncrement`: subtract from `resourceInventoriedAs` and add
    /// to `toResourceInventoriedAs` (the quantity passes to another holder).
    DecrementIncrement,
    /// `vf:incrementTo`: add to `toResourceInventoriedAs`, leave
    /// `resourceInventoriedAs` as it is.
    IncrementTo,
}

/// `vf:AccountingEffect`: effect on the accounting quantity, the quantity held
/// by the agent with rights over the resource (VF `accountingQuantity`).
pub type AccountingEffect = QuantityEffect;

/// `vf:OnhandEffect`: effect on the on-hand quantity, the quantity physically
/// held by the custodian (VF `onhandQuantity`).
pub type OnhandEffect = QuantityEffect;

/// `vf:LocationEffect`: effect on the resource's current location, set from the
/// event's `toLocation` when it has one.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum LocationEffect {
    /// `vf:notApplicable`: location unchanged.
    NotApplicable,
    /// `vf:update`: set the location of `resourceInventoriedAs`.
    Update,
    /// `vf:updateTo`: set the location of `toResourceInventoriedAs`.
    UpdateTo,
    /// `vf:new`: set the location only on a resource the event creates.
    New,
}

/// `vf:ContainedEffect`: effect on the resource's `containedIn` (the container
/// resource it is packed into).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum ContainedEffect {
    /// `vf:notApplicable`: containment unchanged.
    NotApplicable,
    /// `vf:update`: set `containedIn` of `resourceInventoriedAs` (to the
    /// event's `toResourceInventoriedAs`).
    Update,
    /// `vf:updateTo`: declared by VF 1.0 for this effect; no VF 1.0 action
    /// uses it.
    UpdateTo,
    /// `vf:remove`: clear `containedIn` of `resourceInventoriedAs`.
    Remove,
}

/// `vf:AccountableEffect`: effect on the resource's primary accountable agent
/// (the agent with rights; not the custodian), set to the event's receiver.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum AccountableEffect {
    /// `vf:notApplicable`: primary accountable unchanged.
    NotApplicable,
    /// `vf:updateTo`: the receiver becomes primary accountable of
    /// `toResourceInventoriedAs`.
    UpdateTo,
    /// `vf:new`: the receiver is primary accountable of a resource the event
    /// creates.
    New,
}

/// `vf:StageEffect`: effect on the resource's stage (the process
/// specification it last went through).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum StageEffect {
    /// `vf:notApplicable`: stage unchanged.
    NotApplicable,
    /// `vf:update`: set the stage of `resourceInventoriedAs` (or of the
    /// resource created) to the process's specification.
    Update,
}

/// `vf:StateEffect`: effect on the resource's state, set from the event's
/// `state` when it has one.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum StateEffect {
    /// `vf:notApplicable`: state unchanged.
    NotApplicable,
    /// `vf:update`: set the state of `resourceInventoriedAs`.
    Update,
    /// `vf:updateTo`: set the state of `toResourceInventoriedAs`.
    UpdateTo,
}

/// `vf:InputOutput`: whether an event with the action can be a process input,
/// a process output, or is not related to a process.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum InputOutput {
    /// `vf:notApplicable`: not related to a process.
    NotApplicable,
    /// `vf:input`: can be an input of a process.
    Input,
    /// `vf:output`: can be an output of a process.
    Output,
    /// `vf:outputInput`: an output of one process that can at the same time be
    /// an input of another (services).
    OutputInput,
}

/// `vf:CreateResource`: whether an event with the action may create a new
/// economic resource instead of changing an existing one.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum CreateResource {
    /// `vf:notApplicable`: never creates a resource.
    NotApplicable,
    /// `vf:optional`: may create the `resourceInventoriedAs`.
    Optional,
    /// `vf:optionalTo`: may create the `toResourceInventoriedAs`.
    OptionalTo,
}

/// `vf:EventQuantity`: which quantity an event with the action carries.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum EventQuantity {
    /// `vf:resource`: `resourceQuantity` (nondominium's `resource_quantity`,
    /// in the resource's unit).
    Resource,
    /// `vf:effort`: `effortQuantity` (time or other effort unit).
    Effort,
    /// `vf:both`: `resourceQuantity` and/or `effortQuantity`.
    Both,
}

/// nondominium extension: who records (provides) an event with the action.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum RecordedBy {
    /// The custodian of the cited revision (custody, and the thing itself).
    Custodian,
    /// The primary accountable agent of the cited revision (rights), who may
    /// be someone other than the custodian (`TransferAllRights`).
    RightsHolder,
}

/// nondominium extension: who the receiver of an event with the action is.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum ReceiverOf {
    /// Someone other than the provider: the action hands the resource, its
    /// rights or its use over (a transfer, `AccessForUse`).
    Another,
    /// The provider themselves (`Move`: the whole resource moves, custody
    /// and rights stay).
    Provider,
    /// The provider or anyone else (who used, cited, worked on, …).
    Any,
}

/// nondominium extension: what the event's `resource_quantity` must be.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum QuantityRule {
    /// The whole quantity held (a `decrementIncrement` effect: the whole
    /// resource moves).
    Whole,
    /// An amount added to or taken from the resource (an `increment` or
    /// `decrement` effect).
    Amount,
    /// Recorded but changes no quantity of this resource (0 unless a
    /// `usage_limit` or the effort is worth recording).
    Optional,
}

/// nondominium extension: which receiver rules of the specification bind an
/// event with the action (REQ-GOV-09).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "camelCase")]
pub enum ReceiverRules {
    /// A transfer of custody or rights: `transfer_conditions` and
    /// `access_requirement`, whoever the receiver is.
    Transfer,
    /// A use of the resource: `access_requirement`, when the receiver is not
    /// the provider (the custodian met the rules when they received it).
    Use,
    /// No receiver rule.
    None,
}

/// The nondominium extensions of a row: how the zomes, the client and the
/// UI treat an event with the action beyond its VF effects (who records it,
/// who receives it, its quantity, the specification rules that bind it).
/// `apply_event`, the governance operator, the rule evaluation, the
/// promotion evidence check, the client and the UI read these instead of
/// naming actions. `whole`/`amount`/`optional` and `another` follow from
/// the VF columns, and a unit test keeps them in agreement.
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ActionRules {
    /// Who provides (records) it.
    pub recorded_by: RecordedBy,
    /// Who receives it.
    pub receiver: ReceiverOf,
    /// What its `resource_quantity` must be.
    pub quantity: QuantityRule,
    /// Which of the specification's receiver rules bind it.
    pub receiver_rules: ReceiverRules,
    /// Whether `usage_limit.max_quantity` bounds its `resource_quantity`.
    pub usage_limited: bool,
    /// Whether its receiver must be an Accountable Agent whatever the
    /// specification says (`InitialTransfer`, REQ-USER-S-07).
    pub accountable_receiver: bool,
    /// Whether only the creator of the resource may record it, once per
    /// provider (`InitialTransfer`, REQ-USER-S-07).
    pub creator_once: bool,
    /// Whether it counts as the first transaction a promotion cites
    /// (REQ-GOV-03: a transfer of custody the candidate provided).
    pub promotion_evidence: bool,
}

/// The default extensions: recorded by the custodian, any receiver, a
/// quantity only if the effects need one, no rule binds it.
const PLAIN: ActionRules = ActionRules {
    recorded_by: RecordedBy::Custodian,
    receiver: ReceiverOf::Any,
    quantity: QuantityRule::Optional,
    receiver_rules: ReceiverRules::None,
    usage_limited: false,
    accountable_receiver: false,
    creator_once: false,
    promotion_evidence: false,
};

/// One row of the table: an action and every behaviour VF 1.0 defines for it
/// (spec §4.3.1). Serialised with camelCase keys; `action` is the Rust/zome
/// spelling (`"TransferCustody"`), `label` the VF one (`"transferCustody"`).
#[derive(Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ActionEffects {
    /// The action, as `EconomicEvent::action` carries it.
    pub action: VfAction,
    /// VF's camelCase identifier of the action (the `vf:` local name, also the
    /// value VF's `Action.json` schema lists as `label`); for the extensions
    /// `"initialTransfer"` and `"accessForUse"`. Unique in the table.
    pub label: &'static str,
    /// `vf:eventQuantity`.
    pub event_quantity: EventQuantity,
    /// `vf:inputOutput`.
    pub input_output: InputOutput,
    /// `vf:pairsWith`: the action usually recorded on the other side of the
    /// same process for the same resource; `None` is VF's `notApplicable`.
    /// Serialised as the paired action's `label`, or `"notApplicable"`.
    #[serde(serialize_with = "serialize_pairs_with")]
    pub pairs_with: Option<VfAction>,
    /// `vf:createResource`.
    pub create_resource: CreateResource,
    /// `vf:accountingEffect`: on the quantity held with rights.
    pub accounting_effect: AccountingEffect,
    /// `vf:onhandEffect`: on the quantity held in custody.
    pub onhand_effect: OnhandEffect,
    /// `vf:locationEffect`.
    pub location_effect: LocationEffect,
    /// `vf:containedEffect`.
    pub contained_effect: ContainedEffect,
    /// `vf:accountableEffect`: on the primary accountable agent (rights).
    pub accountable_effect: AccountableEffect,
    /// `vf:stageEffect`.
    pub stage_effect: StageEffect,
    /// `vf:stateEffect`.
    pub state_effect: StateEffect,
    /// `None` for a VF 1.0 action (every value above is VF's). For the
    /// specification's extensions: how the action departs from VF.
    pub departs_from_vf: Option<&'static str>,
    /// nondominium's own columns (not VF's): who records and receives the
    /// event, its quantity, and the specification rules that bind it.
    pub nondominium: ActionRules,
}

fn serialize_pairs_with<S: serde::Serializer>(pairs_with: &Option<VfAction>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(match pairs_with {
        Some(action) => effects_of(*action).label,
        None => "notApplicable",
    })
}

use AccountableEffect as Acc;
use ContainedEffect as Cont;
use CreateResource as CR;
use EventQuantity as Qty;
use InputOutput as IO;
use LocationEffect as Loc;
use QuantityEffect as Q;
use StageEffect as Stage;
use StateEffect as State;

/// A row with every behaviour `notApplicable`, to spell rows out from.
const NONE: ActionEffects = ActionEffects {
    action: VfAction::Produce,
    label: "",
    event_quantity: Qty::Resource,
    input_output: IO::NotApplicable,
    pairs_with: None,
    create_resource: CR::NotApplicable,
    accounting_effect: Q::NotApplicable,
    onhand_effect: Q::NotApplicable,
    location_effect: Loc::NotApplicable,
    contained_effect: Cont::NotApplicable,
    accountable_effect: Acc::NotApplicable,
    stage_effect: Stage::NotApplicable,
    state_effect: State::NotApplicable,
    departs_from_vf: None,
    nondominium: PLAIN,
};

/// VF 1.0 `transferCustody`, shared with the `InitialTransfer` extension.
const TRANSFER_CUSTODY: ActionEffects = ActionEffects {
    action: VfAction::TransferCustody,
    label: "transferCustody",
    create_resource: CR::OptionalTo,
    onhand_effect: Q::DecrementIncrement,
    location_effect: Loc::UpdateTo,
    state_effect: State::UpdateTo,
    nondominium: ActionRules {
        receiver: ReceiverOf::Another,
        quantity: QuantityRule::Whole,
        receiver_rules: ReceiverRules::Transfer,
        promotion_evidence: true,
        ..PLAIN
    },
    ..NONE
};

/// VF 1.0 `use`, shared with the `AccessForUse` extension.
const USE: ActionEffects = ActionEffects {
    action: VfAction::Use,
    label: "use",
    event_quantity: Qty::Both,
    input_output: IO::Input,
    state_effect: State::Update,
    nondominium: ActionRules { receiver_rules: ReceiverRules::Use, usage_limited: true, ..PLAIN },
    ..NONE
};

/// The table: one row per [`VfAction`], in the enum's declaration order (so
/// `ACTION_EFFECTS[action as usize].action == action`). The first 19 rows are
/// the VF 1.0 actions with VF's values; the last two are the specification's
/// extensions, whose `departs_from_vf` says how they differ.
pub const ACTION_EFFECTS: [ActionEffects; 21] = [
    ActionEffects {
        action: VfAction::Produce,
        label: "produce",
        input_output: IO::Output,
        create_resource: CR::Optional,
        accounting_effect: Q::Increment,
        onhand_effect: Q::Increment,
        location_effect: Loc::New,
        accountable_effect: Acc::New,
        stage_effect: Stage::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    USE,
    ActionEffects {
        action: VfAction::Consume,
        label: "consume",
        input_output: IO::Input,
        accounting_effect: Q::Decrement,
        onhand_effect: Q::Decrement,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, usage_limited: true, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Cite,
        label: "cite",
        input_output: IO::Input,
        state_effect: State::Update,
        nondominium: ActionRules { receiver_rules: ReceiverRules::Use, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Work,
        label: "work",
        event_quantity: Qty::Effort,
        input_output: IO::Input,
        nondominium: ActionRules { receiver_rules: ReceiverRules::Use, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::DeliverService,
        label: "deliverService",
        input_output: IO::OutputInput,
        nondominium: ActionRules { receiver_rules: ReceiverRules::Use, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Accept,
        label: "accept",
        input_output: IO::Input,
        pairs_with: Some(VfAction::Modify),
        onhand_effect: Q::Decrement,
        location_effect: Loc::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Modify,
        label: "modify",
        input_output: IO::Output,
        pairs_with: Some(VfAction::Accept),
        onhand_effect: Q::Increment,
        location_effect: Loc::Update,
        stage_effect: Stage::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Pickup,
        label: "pickup",
        input_output: IO::Input,
        pairs_with: Some(VfAction::Dropoff),
        onhand_effect: Q::Decrement,
        location_effect: Loc::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Dropoff,
        label: "dropoff",
        input_output: IO::Output,
        pairs_with: Some(VfAction::Pickup),
        onhand_effect: Q::Increment,
        location_effect: Loc::Update,
        stage_effect: Stage::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Combine,
        label: "combine",
        input_output: IO::Input,
        onhand_effect: Q::Decrement,
        contained_effect: Cont::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Separate,
        label: "separate",
        input_output: IO::Output,
        onhand_effect: Q::Increment,
        contained_effect: Cont::Remove,
        stage_effect: Stage::Update,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::TransferAllRights,
        label: "transferAllRights",
        create_resource: CR::OptionalTo,
        accounting_effect: Q::DecrementIncrement,
        accountable_effect: Acc::UpdateTo,
        state_effect: State::UpdateTo,
        nondominium: ActionRules {
            recorded_by: RecordedBy::RightsHolder,
            receiver: ReceiverOf::Another,
            quantity: QuantityRule::Whole,
            receiver_rules: ReceiverRules::Transfer,
            ..PLAIN
        },
        ..NONE
    },
    TRANSFER_CUSTODY,
    ActionEffects {
        action: VfAction::Transfer,
        label: "transfer",
        create_resource: CR::OptionalTo,
        accounting_effect: Q::DecrementIncrement,
        onhand_effect: Q::DecrementIncrement,
        location_effect: Loc::UpdateTo,
        accountable_effect: Acc::UpdateTo,
        state_effect: State::UpdateTo,
        nondominium: ActionRules {
            receiver: ReceiverOf::Another,
            quantity: QuantityRule::Whole,
            receiver_rules: ReceiverRules::Transfer,
            ..PLAIN
        },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Move,
        label: "move",
        create_resource: CR::OptionalTo,
        accounting_effect: Q::DecrementIncrement,
        onhand_effect: Q::DecrementIncrement,
        location_effect: Loc::UpdateTo,
        state_effect: State::UpdateTo,
        nondominium: ActionRules { receiver: ReceiverOf::Provider, quantity: QuantityRule::Whole, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Copy,
        label: "copy",
        create_resource: CR::OptionalTo,
        accounting_effect: Q::IncrementTo,
        onhand_effect: Q::IncrementTo,
        location_effect: Loc::New,
        accountable_effect: Acc::New,
        state_effect: State::UpdateTo,
        ..NONE
    },
    ActionEffects {
        action: VfAction::Raise,
        label: "raise",
        create_resource: CR::Optional,
        accounting_effect: Q::Increment,
        onhand_effect: Q::Increment,
        accountable_effect: Acc::New,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::Lower,
        label: "lower",
        create_resource: CR::Optional,
        accounting_effect: Q::Decrement,
        onhand_effect: Q::Decrement,
        accountable_effect: Acc::New,
        state_effect: State::Update,
        nondominium: ActionRules { quantity: QuantityRule::Amount, ..PLAIN },
        ..NONE
    },
    ActionEffects {
        action: VfAction::InitialTransfer,
        label: "initialTransfer",
        departs_from_vf: Some(
            "Not a VF 1.0 action. Its effects are exactly those of VF transferCustody: custody (onhand \
             quantity) passes to the receiver, rights (accounting quantity, primary accountable) stay. \
             It differs only in who may record it: a Simple Agent's first transfer of a resource they \
             created, to an Accountable Agent, which is the evidence for that agent's promotion to \
             Accountable Agent (REQ-USER-S-07, REQ-USER-S-08, REQ-GOV-03).",
        ),
        nondominium: ActionRules { accountable_receiver: true, creator_once: true, ..TRANSFER_CUSTODY.nondominium },
        ..TRANSFER_CUSTODY
    },
    ActionEffects {
        action: VfAction::AccessForUse,
        label: "accessForUse",
        departs_from_vf: Some(
            "Not a VF 1.0 action. Its effects are exactly those of VF use: no quantity, custody, rights, \
             location, containment or stage effect; the state may be updated. It differs in meaning: the \
             receiver, who is not the custodian, is granted use of the resource under the access rules \
             of its ResourceSpecification (REQ-USER-S-06, REQ-USER-A-04, REQ-PROC-01, REQ-GOV-08, \
             REQ-GOV-09).",
        ),
        nondominium: ActionRules { receiver: ReceiverOf::Another, ..USE.nondominium },
        ..USE
    },
];

/// The row of `action` in [`ACTION_EFFECTS`]: the effects an EconomicEvent
/// with that action has on the resource it affects (spec §4.3.1).
pub fn effects_of(action: VfAction) -> &'static ActionEffects {
    &ACTION_EFFECTS[action as usize]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every variant, by an exhaustive match: adding a `VfAction` variant
    /// fails to compile here until it is given a row.
    fn all_actions() -> Vec<VfAction> {
        use VfAction::*;
        let all = vec![
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
        ];
        for a in &all {
            match a {
                Produce | Use | Consume | Cite | Work | DeliverService | Accept | Modify | Pickup | Dropoff
                | Combine | Separate | TransferAllRights | TransferCustody | Transfer | Move | Copy | Raise | Lower
                | InitialTransfer | AccessForUse => {}
            }
        }
        all
    }

    #[test]
    fn every_action_has_exactly_one_row() {
        let all = all_actions();
        assert_eq!(ACTION_EFFECTS.len(), all.len());
        for a in all {
            assert_eq!(ACTION_EFFECTS.iter().filter(|r| r.action == a).count(), 1, "{a:?}");
            assert_eq!(effects_of(a).action, a);
        }
    }

    #[test]
    fn labels_are_unique_camel_case_of_the_variant() {
        for (i, row) in ACTION_EFFECTS.iter().enumerate() {
            assert!(ACTION_EFFECTS[..i].iter().all(|r| r.label != row.label), "{}", row.label);
            let variant = format!("{:?}", row.action);
            let mut expected = variant[..1].to_lowercase();
            expected.push_str(&variant[1..]);
            assert_eq!(row.label, expected);
        }
    }

    #[test]
    fn only_the_extensions_depart_from_vf() {
        for row in ACTION_EFFECTS {
            let extension = matches!(row.action, VfAction::InitialTransfer | VfAction::AccessForUse);
            assert_eq!(row.departs_from_vf.is_some(), extension, "{}", row.label);
        }
        let same = |a: VfAction, b: VfAction| ActionEffects {
            action: b,
            label: effects_of(b).label,
            departs_from_vf: None,
            nondominium: effects_of(b).nondominium,
            ..*effects_of(a)
        };
        assert_eq!(same(VfAction::InitialTransfer, VfAction::TransferCustody), *effects_of(VfAction::TransferCustody));
        assert_eq!(same(VfAction::AccessForUse, VfAction::Use), *effects_of(VfAction::Use));
    }

    /// The nondominium columns that follow from VF's agree with them, so a
    /// new row cannot say one thing in VF terms and another in ours.
    #[test]
    fn nondominium_columns_agree_with_the_vf_columns() {
        let changes = |e: Q| matches!(e, Q::Increment | Q::Decrement);
        for row in ACTION_EFFECTS {
            let rules = row.nondominium;
            let whole = row.onhand_effect == Q::DecrementIncrement || row.accounting_effect == Q::DecrementIncrement;
            let amount = changes(row.onhand_effect) || changes(row.accounting_effect);
            let expected = if whole {
                QuantityRule::Whole
            } else if amount {
                QuantityRule::Amount
            } else {
                QuantityRule::Optional
            };
            assert_eq!(rules.quantity, expected, "{} quantity", row.label);
            // Who may receive: a whole-resource move goes to someone else or
            // (Move) to the provider; a receiver other than the provider
            // without a move is only the extension that grants use.
            if whole {
                assert_ne!(rules.receiver, ReceiverOf::Any, "{} receiver", row.label);
            } else {
                assert_ne!(rules.receiver, ReceiverOf::Provider, "{} receiver", row.label);
            }
            // Rights alone pass by their holder, who cannot touch custody.
            if rules.recorded_by == RecordedBy::RightsHolder {
                assert_eq!(row.onhand_effect, Q::NotApplicable, "{}", row.label);
                assert_eq!(row.location_effect, Loc::NotApplicable, "{}", row.label);
                assert_eq!(row.accountable_effect, Acc::UpdateTo, "{}", row.label);
            }
            // The transfer rules bind exactly the hand-overs of the whole resource.
            let transfer = whole && rules.receiver == ReceiverOf::Another;
            assert_eq!(rules.receiver_rules == ReceiverRules::Transfer, transfer, "{} receiver_rules", row.label);
            // The extra demands of the first transfer come together.
            assert_eq!(rules.accountable_receiver, rules.creator_once, "{}", row.label);
            if rules.promotion_evidence {
                assert_eq!(row.onhand_effect, Q::DecrementIncrement, "{}", row.label);
                assert_eq!(rules.receiver, ReceiverOf::Another, "{}", row.label);
            }
        }
    }

    #[test]
    fn pairs_are_symmetric() {
        for row in ACTION_EFFECTS {
            if let Some(other) = row.pairs_with {
                assert_eq!(effects_of(other).pairs_with, Some(row.action), "{}", row.label);
            }
        }
    }

    #[test]
    fn rights_and_custody_are_told_apart() {
        let t = effects_of(VfAction::TransferCustody);
        assert_eq!((t.accounting_effect, t.onhand_effect), (Q::NotApplicable, Q::DecrementIncrement));
        assert_eq!(t.accountable_effect, Acc::NotApplicable);
        let r = effects_of(VfAction::TransferAllRights);
        assert_eq!((r.accounting_effect, r.onhand_effect), (Q::DecrementIncrement, Q::NotApplicable));
        assert_eq!(r.accountable_effect, Acc::UpdateTo);
    }

    /// `vf-actions.json` is `serde_json::to_string_pretty(&ACTION_EFFECTS)`
    /// plus a newline. With `UPDATE_VF_ACTIONS_JSON=1` the test writes it.
    #[test]
    fn json_file_is_generated_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/vf-actions.json");
        let generated = serde_json::to_string_pretty(&ACTION_EFFECTS).unwrap() + "\n";
        crate::check_generated_file(path, &generated, "UPDATE_VF_ACTIONS_JSON").unwrap();
    }
}
