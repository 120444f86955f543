/**
 * Economic events as the UI records and shows them. Everything here
 * is read from the one ValueFlows action-effects table the zomes apply
 * (`VF_ACTION_EFFECTS` / `effectsOf` of `@nondominium/client`, generated from
 * the Rust `ACTION_EFFECTS`; see docs/vf-actions.md):
 * - `actionLabel`: an action in words ("Transfer custody");
 * - `inputsOf`: which inputs an action's effects need, so that the forms ask
 *   for nothing else (the zomes refuse a value the action does not set);
 * - `changesRights`, `pairedInput`, `needsContainer`: who may record an
 *   action and what it must follow (only the rights holder changes
 *   rights; VF `pairsWith`; Separate needs a contained resource);
 * - `describeEffects`: what an event with the action will do, in plain words;
 * - `effectsHad`: what a recorded event did, from its row of the table and
 *   the resource before and after it (the ledger).
 */
import { effectsOf, VF_ACTION_EFFECTS, type ActionEffects, type EconomicResource, type HistoryEntry, type VfAction } from "@nondominium/client";
import { sameHash } from "./hashes";

/** "TransferCustody" → "Transfer custody", "AccessForUse" → "Access for use". */
export function actionLabel(action: VfAction): string {
  const words = action.replace(/([a-z])([A-Z])/g, "$1 $2").split(" ");
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(" ");
}

/** An action in words with its indefinite article: "an Accept", "a Pickup", "a Use". */
export function withArticle(action: VfAction): string {
  const label = actionLabel(action);
  return `${/^(?!Us)[AEIOU]/.test(label) ? "an" : "a"} ${label}`;
}

/** The inputs an event (or a commitment) with a given action takes. */
export interface EventInputs {
  /** A quantity: the action adds to or takes from a quantity. */
  quantity: boolean;
  /** A receiver other than the provider: custody or rights move, or use is granted. */
  receiver: boolean;
  /** The provider is also the receiver (Move). */
  selfReceiver: boolean;
  /** The whole quantity moves (transfers): the quantity is the resource's, not typed. */
  wholeQuantity: boolean;
  /** A new location (optional: unchanged when empty). */
  location: boolean;
  /** A new state (optional). */
  state: boolean;
  /** A new stage (optional). */
  stage: boolean;
  /** The container it goes into (required). */
  container: boolean;
}

const changesQuantity = (e: ActionEffects["accountingEffect"]) => e === "increment" || e === "decrement";

/**
 * Whether the whole resource moves with `row`'s action (a `decrementIncrement`
 * quantity effect: transfers, Move). VF's `updateTo` applies to the resource
 * the event moves to: in nondominium that is this resource only when the
 * whole of it moves; otherwise (Copy) it is another resource, and the zomes
 * refuse a value for it.
 */
function wholeResourceMoves(row: ActionEffects): boolean {
  return row.accountingEffect === "decrementIncrement" || row.onhandEffect === "decrementIncrement";
}

/** Whether `row` sets location on the cited resource: `update`, or `updateTo` when the whole resource moves. */
function setsLocation(row: ActionEffects): boolean {
  return row.locationEffect === "update" || (row.locationEffect === "updateTo" && wholeResourceMoves(row));
}

/** Whether `row` sets state on the cited resource: `update`, or `updateTo` when the whole resource moves. */
function setsState(row: ActionEffects): boolean {
  return row.stateEffect === "update" || (row.stateEffect === "updateTo" && wholeResourceMoves(row));
}

/**
 * Whether an event with `action` changes rights (the accounting quantity or
 * the primary accountable agent): only their holder may record it, so a
 * custodian who is not the primary accountable agent cannot record
 * Transfer, TransferAllRights, Consume, Produce, Raise or Lower.
 */
export function changesRights(action: VfAction): boolean {
  const row = effectsOf(action);
  return changesQuantity(row.accountingEffect) || row.accountableEffect === "updateTo";
}

/**
 * The action an event with `action` must follow on the same resource (VF
 * `pairsWith`, for the output half of a pair: Modify after Accept, Dropoff
 * after Pickup), or null. The zomes refuse the output half otherwise.
 */
export function pairedInput(action: VfAction): VfAction | null {
  const row = effectsOf(action);
  if (row.inputOutput !== "output" || row.pairsWith === "notApplicable") return null;
  return VF_ACTION_EFFECTS.find((r) => r.label === row.pairsWith)?.action ?? null;
}

/** Whether `action` takes the resource out of its container (Separate): it needs a contained resource. */
export function needsContainer(action: VfAction): boolean {
  return effectsOf(action).containedEffect === "remove";
}

/** What `action`'s row of the table needs as input; the form shows only these. */
export function inputsOf(action: VfAction): EventInputs {
  const row = effectsOf(action);
  return {
    quantity: row.nondominium.quantity === "amount",
    receiver: row.nondominium.receiver === "another",
    selfReceiver: row.nondominium.receiver === "provider",
    wholeQuantity: row.nondominium.quantity === "whole",
    location: setsLocation(row),
    state: setsState(row),
    stage: row.stageEffect === "update",
    container: row.containedEffect === "update",
  };
}

/**
 * The quantity an event or commitment with `action` carries when the form
 * asks for none: the whole quantity for a transfer (custody follows the
 * on-hand quantity, rights the accounting one), else 0.
 */
export function impliedQuantity(action: VfAction, r: Pick<EconomicResource, "accounting_quantity" | "onhand_quantity">): number {
  const row = effectsOf(action);
  if (row.nondominium.quantity !== "whole") return 0;
  return row.onhandEffect === "decrementIncrement" ? r.onhand_quantity : r.accounting_quantity;
}

const QUANTITY_WORDS: Record<ActionEffects["accountingEffect"], (what: string) => string | null> = {
  notApplicable: () => null,
  increment: (what) => `adds the quantity to the ${what}`,
  decrement: (what) => `takes the quantity from the ${what}, never below 0`,
  decrementIncrement: () => null, // said with the custody / rights move
  incrementTo: () => null, // copies to another resource: nothing changes on this one
};

/**
 * What an event with `action` will do to the resource, one sentence per
 * effect of its row, in the order of the table's columns. An action without
 * any effect on the resource says so.
 */
export function describeEffects(action: VfAction): string[] {
  const row = effectsOf(action);
  const out: string[] = [];
  const accounting = QUANTITY_WORDS[row.accountingEffect]("accounting quantity (held with rights)");
  if (accounting) out.push(cap(accounting));
  const onhand = QUANTITY_WORDS[row.onhandEffect]("on-hand quantity (held in custody)");
  if (onhand) out.push(cap(onhand));
  if (row.nondominium.receiver === "provider") {
    // decrementIncrement to oneself: the whole resource moves, custody and rights stay.
    out.push("The whole resource moves: you stay its custodian, and rights stay where they are");
  } else {
    if (row.onhandEffect === "decrementIncrement") {
      out.push("Custody passes to the receiver: the whole on-hand quantity moves with it");
    }
    if (row.accountableEffect === "updateTo") {
      out.push("Rights pass to the receiver: they become the primary accountable agent, with the whole accounting quantity");
    } else if (row.accountingEffect === "decrementIncrement") {
      out.push("The whole accounting quantity moves with it; rights stay with the primary accountable agent");
    }
  }
  if (row.accountingEffect === "incrementTo" || row.onhandEffect === "incrementTo") {
    out.push("Copies it to another resource: nothing changes on this one");
  }
  if (row.nondominium.receiver === "another" && row.nondominium.quantity !== "whole") {
    out.push("The receiver is granted use under the specification's access rules; custody and rights stay");
  }
  if (setsLocation(row)) out.push("Its location becomes the one you give (unchanged when left empty)");
  if (row.containedEffect === "update") out.push("It goes inside the container you choose");
  if (row.containedEffect === "remove") out.push("It is taken out of its container");
  if (row.stageEffect === "update") out.push("Its stage becomes the one you give (unchanged when left empty)");
  if (setsState(row)) out.push("Its state becomes the one you give (unchanged when left empty)");
  const pair = pairedInput(action);
  if (pair) out.push(`It must follow ${withArticle(pair)} of this resource (ValueFlows pairs them)`);
  if (out.length === 0) out.push("No change to the resource: the event records that it happened");
  return out;
}

/** One line of the audit trail (`governance.get_resource_history`); its claims are not needed here. */
export type LedgerEntry = Pick<HistoryEntry, "event" | "resource_after">;

/** The properties of a resource that events change. */
export type EventFields = Pick<
  EconomicResource,
  | "accounting_quantity"
  | "onhand_quantity"
  | "primary_accountable"
  | "custodian"
  | "current_location"
  | "contained_in"
  | "stage"
  | "state"
>;

/**
 * The resource right before the first event of its history, worked back from
 * the event and its row (a resource is created held in custody and with
 * rights by its creator, who is the provider of its first event; quantities
 * undo the effect). Its location before is unknown (null), the rest as created.
 */
export function beforeFirst(entry: LedgerEntry): EventFields & { locationKnown: boolean } {
  const row = effectsOf(entry.event.action);
  const q = entry.event.resource_quantity;
  const undo = (effect: ActionEffects["accountingEffect"], after: number) =>
    effect === "increment" ? after - q : effect === "decrement" ? after + q : after;
  const a = entry.resource_after;
  return {
    accounting_quantity: undo(row.accountingEffect, a.accounting_quantity),
    onhand_quantity: undo(row.onhandEffect, a.onhand_quantity),
    primary_accountable: entry.event.provider,
    custodian: entry.event.provider,
    current_location: setsLocation(row) ? null : a.current_location,
    locationKnown: !setsLocation(row),
    contained_in: row.containedEffect === "remove" ? a.contained_in : null,
    stage: row.stageEffect === "update" ? null : a.stage,
    state: setsState(row) ? null : a.state,
  };
}

/** How the ledger names things it shows. */
export interface Namers {
  agent: (key: Uint8Array) => string;
  resource: (hash: Uint8Array) => string;
}

const num = (x: number) => String(Math.round(x * 1e6) / 1e6);
const shown = (s: string | null | undefined) => (s ? `“${s}”` : "none");

/**
 * What `entry`'s event did, in words: one line per effect of its action's
 * row that the before/after values show, e.g. "custody: Alice → Bilal (1
 * unit)", "on-hand quantity: 3 → 2 kg", "state: none → “needs oil”".
 * `before` is the previous entry's `resource_after`, or `beforeFirst(entry)`.
 */
export function effectsHad(entry: LedgerEntry, before: EventFields & { locationKnown?: boolean }, names: Namers): string[] {
  const { event } = entry;
  const after = entry.resource_after;
  const row = effectsOf(event.action);
  const unit = after.unit;
  const out: string[] = [];
  const quantity = (label: string, effect: ActionEffects["accountingEffect"], b: number, a: number) => {
    if (effect === "increment" || effect === "decrement") out.push(`${label}: ${num(b)} → ${num(a)} ${unit}`);
  };
  quantity("accounting quantity", row.accountingEffect, before.accounting_quantity, after.accounting_quantity);
  quantity("on-hand quantity", row.onhandEffect, before.onhand_quantity, after.onhand_quantity);
  if (row.onhandEffect === "decrementIncrement" && !sameHash(before.custodian, after.custodian)) {
    out.push(`custody: ${names.agent(before.custodian)} → ${names.agent(after.custodian)} (${num(after.onhand_quantity)} ${unit})`);
  }
  if (row.accountableEffect === "updateTo" && !sameHash(before.primary_accountable, after.primary_accountable)) {
    out.push(
      `rights: ${names.agent(before.primary_accountable)} → ${names.agent(after.primary_accountable)} (${num(after.accounting_quantity)} ${unit})`,
    );
  }
  if (row.nondominium.receiver === "another" && row.nondominium.quantity !== "whole") {
    out.push(`use granted to ${names.agent(event.receiver)}`);
  }
  if (setsLocation(row) && event.to_location) {
    out.push(
      before.locationKnown === false
        ? `location: now ${shown(after.current_location)}`
        : `location: ${shown(before.current_location)} → ${shown(after.current_location)}`,
    );
  }
  if (row.containedEffect === "update" && after.contained_in) out.push(`put in ${names.resource(after.contained_in)}`);
  if (row.containedEffect === "remove" && before.contained_in) out.push(`taken out of ${names.resource(before.contained_in)}`);
  if (row.stageEffect === "update" && event.stage) out.push(`stage: ${shown(before.stage)} → ${shown(after.stage)}`);
  if (setsState(row) && event.state) {
    out.push(`state: ${shown(before.state)} → ${shown(after.state)}`);
  }
  if (out.length === 0) out.push("no change to the resource");
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
