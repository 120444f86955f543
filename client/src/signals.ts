/**
 * Live-update signals (`nondominium_types::signals`). After a zome call
 * commits, the zome emits one signal per entry it wrote to its agent's own
 * connection, and sends it to the other agents the entry concerns (a
 * commitment to its other party, an event to its receiver, a resource
 * revision to its new custodian, a validation receipt to the validated
 * resource's custodian, a role to its holder…), whose zome re-emits it to
 * their connection. A signal says only what changed and who is concerned:
 * a hint to reload, never data to show.
 */
import { SignalType, type AppClient, type Signal } from "@holochain/client";
import { z } from "zod";
import { ActionHashSchema, AgentPubKeySchema, TimestampSchema } from "./holo.js";
import { SignalChangeSchema, SignalEntryTypeSchema } from "./vocabulary.js";

export { SIGNAL_ENTRY_TYPES, SIGNAL_CHANGES, SignalEntryTypeSchema, SignalChangeSchema } from "./vocabulary.js";
export type { SignalEntryType, SignalChange } from "./vocabulary.js";

/**
 * `NondominiumSignal`: `author` wrote (`change`) an entry of type
 * `entry_type` at `action_hash` at `timestamp` (the action's, µs since the
 * epoch by the author's clock); `concerns` are the other agents it
 * concerns (each was sent the signal; empty when nobody else). A signal whose
 * author is this connection's agent reports its own write; any other was
 * relayed by this agent's zome, which checked it comes from its author and
 * concerns this agent.
 */
export const NondominiumSignalSchema = z.strictObject({
  entry_type: SignalEntryTypeSchema,
  change: SignalChangeSchema,
  action_hash: ActionHashSchema,
  author: AgentPubKeySchema,
  timestamp: TimestampSchema,
  concerns: z.array(AgentPubKeySchema),
});
export type NondominiumSignal = z.infer<typeof NondominiumSignalSchema>;

/** Stops a subscription. */
export type Unsubscribe = () => void;

/** The zomes that emit `NondominiumSignal`s (every coordinator of the DNA). */
export const SIGNAL_ZOMES = ["person", "resource", "governance"] as const;

/**
 * The `NondominiumSignal` a conductor signal carries, or null for anything
 * else: a system signal, an app signal of another zome, or a payload the
 * schema refuses (drift between Rust and TypeScript shows up here as
 * signals that never arrive; `onSignal`'s `onInvalid` reports them).
 */
export function decodeSignal(signal: Signal, onInvalid?: (error: z.ZodError, payload: unknown) => void): NondominiumSignal | null {
  if (signal.type !== SignalType.App) return null;
  if (!(SIGNAL_ZOMES as readonly string[]).includes(signal.value.zome_name)) return null;
  const parsed = NondominiumSignalSchema.safeParse(signal.value.payload);
  if (parsed.success) return parsed.data;
  onInvalid?.(parsed.error, signal.value.payload);
  return null;
}

/**
 * Calls `handler` with every `NondominiumSignal` that reaches `client`
 * (`AppClient.on("signal", …)`), ignoring every other signal; `onInvalid`
 * hears of app signals of these zomes that do not decode. Returns the
 * function that unsubscribes.
 */
export function onNondominiumSignal(
  client: AppClient,
  handler: (signal: NondominiumSignal) => void,
  onInvalid?: (error: z.ZodError, payload: unknown) => void,
): Unsubscribe {
  return client.on("signal", (signal) => {
    const decoded = decodeSignal(signal, onInvalid);
    if (decoded) handler(decoded);
  });
}
