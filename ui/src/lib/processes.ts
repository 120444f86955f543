/**
 * Economic processes as the UI starts, moves and shows them (spec
 * §4.2.4-4.2.5). What each type records is read from `PROCESS_STEPS` of
 * `@nondominium/client` (generated from the Rust `ProcessType`) and, for
 * what a completion asks, from its action's row of the effects table
 * (`inputsOf`, lib/events.ts):
 * - `stepOf`, `describeStep`: the type's role and its start and completion events, in words;
 * - `completionNeeds`: what completing a type asks for (a destination, a new state, a receiver);
 * - `movesFrom`: the status moves the lifecycle allows from a status (`PROCESS_MOVES`,
 *   generated from the Rust `ProcessStatus::next`).
 * Only hints for the forms and buttons: the zomes decide, and their refusals
 * are shown as they word them.
 */
import { PROCESS_MOVES, PROCESS_STEPS, type ProcessStatus, type ProcessStep, type ProcessType, type UpdateProcessStatusInput, type VfAction } from "@nondominium/client";
import { inputsOf, withArticle } from "./events";

/** The row of `PROCESS_STEPS` for `type`. */
export function stepOf(type: ProcessType): ProcessStep {
  const step = PROCESS_STEPS.find((s) => s.processType === type);
  if (!step) throw new Error(`no process step for ${type}`); // PROCESS_STEPS covers PROCESS_TYPES (checked by the client)
  return step;
}

/**
 * What a process of `type` records, in words, e.g. "Starting records a
 * Pickup on the resource; completing records a Dropoff. Its state never changes."
 */
export function describeStep(type: ProcessType): string {
  const s = stepOf(type);
  const start = s.startAction ? `Starting records ${withArticle(s.startAction)} on the resource` : "Starting records no event";
  const end = s.completionAction ? `completing records ${withArticle(s.completionAction)}` : "completing records no event";
  return `${start}; ${end}. ${s.changesState ? "It may change the resource's state." : "The resource's state does not change."}`;
}

/** What completing a process asks for; each is required when asked. */
export interface CompletionNeeds {
  /** The completion event's action, or null when the type records none (Use). */
  action: VfAction | null;
  /** Where the resource ends up (`to_location`): the completion sets the location and the type keeps the state (Transport). */
  destination: boolean;
  /** The resource's state after it (`state`): the type changes state (Repair). */
  state: boolean;
  /** Who takes custody (`receiver`): the completion hands custody on (Storage). */
  receiver: boolean;
}

/** What completing a process of `type` asks for, from its step and its completion action's effects. */
export function completionNeeds(type: ProcessType): CompletionNeeds {
  const s = stepOf(type);
  if (!s.completionAction) return { action: null, destination: false, state: false, receiver: false };
  const inputs = inputsOf(s.completionAction);
  const state = s.changesState && inputs.state;
  return { action: s.completionAction, destination: inputs.location && !state, state, receiver: inputs.receiver };
}

/** A status `updateProcessStatus` moves to (completion has its own call). */
export type StatusMove = UpdateProcessStatusInput["status"];

/** A button for one move: the status it moves to and its label ("Suspend", "Resume", …). */
export interface Move {
  status: StatusMove;
  label: string;
}

/** What a process in `status` may do: complete (its own form) and the other moves, in the lifecycle's order. */
export function movesFrom(status: ProcessStatus): { complete: boolean; moves: Move[] } {
  const next = PROCESS_MOVES[status];
  const moves: Move[] = [];
  for (const to of next) {
    if (to === "Completed" || to === "Planned") continue;
    const label = to === "InProgress" ? (status === "Suspended" ? "Resume" : "Start") : to === "Suspended" ? "Suspend" : to === "Cancelled" ? "Cancel" : "Mark failed";
    moves.push({ status: to, label });
  }
  return { complete: next.includes("Completed"), moves };
}

/** True while a process may still move (Planned, InProgress, Suspended). */
export function isOpen(status: ProcessStatus): boolean {
  return PROCESS_MOVES[status].length > 0;
}

/** "InProgress" → "In progress". */
export function statusLabel(status: ProcessStatus): string {
  return status === "InProgress" ? "In progress" : status;
}
