/**
 * @nondominium/client — the one typed way to call the nondominium hApp.
 * The UI, the tests and any later service call zomes only through it.
 */
import type { AppClient, RoleName } from "@holochain/client";
import { GovernanceClient } from "./governance.js";
import { PersonClient } from "./person.js";
import { ResourceClient } from "./resource.js";
import { onNondominiumSignal, type NondominiumSignal, type Unsubscribe } from "./signals.js";

export * from "./holo.js";
export * from "./person.js";
export * from "./resource.js";
export * from "./governance.js";
export * from "./vf-actions.js";
export * from "./rule-data.js";
export * from "./process.js";
export * from "./participation.js";
export * from "./signals.js";
export * from "./exchange-gate.js";
export { RULE_DATA, vocabularyDrift, RESOURCE_STATUSES, VALIDATION_STATES, COMMITMENT_STATUSES, DECISIONS } from "./vocabulary.js";

/** The role name of the nondominium DNA in the hApp manifest. */
export const NONDOMINIUM_ROLE = "nondominium";

/** Options of a `NondominiumClient`. */
export interface NondominiumClientOptions {
  /**
   * How long an interaction (a claim, an approving validation) waits at most
   * for the receipt exchange of the agent's previous one, in ms (default
   * `EXCHANGE_WAIT_MS`; see exchange-gate.ts).
   */
  exchangeWaitMs?: number;
}

/** One client per zome over one app connection. */
export class NondominiumClient {
  readonly person: PersonClient;
  readonly resource: ResourceClient;
  readonly governance: GovernanceClient;

  constructor(
    public readonly client: AppClient,
    roleName: RoleName = NONDOMINIUM_ROLE,
    options: NondominiumClientOptions = {},
  ) {
    this.person = new PersonClient(client, roleName);
    this.resource = new ResourceClient(client, roleName);
    this.governance = new GovernanceClient(client, roleName, options.exchangeWaitMs);
  }

  /** The agent key this connection acts as. */
  get myPubKey(): Uint8Array {
    return this.client.myPubKey;
  }

  /**
   * Calls `handler` with each zome call this connection runs again because
   * its commit did not happen and may be retried (`retryOnHeadMoved`): the
   * zome, the function, the attempt that failed (1-based) and its error.
   * One handler at a time; returns the function that removes it.
   */
  onRetry(handler: (zome: string, fnName: string, attempt: number, error: unknown) => void): Unsubscribe {
    const zomes = [this.person, this.resource, this.governance];
    for (const zome of zomes) zome.onRetry = (fnName, attempt, error) => handler(zome.zomeName, fnName, attempt, error);
    return () => {
      for (const zome of zomes) zome.onRetry = null;
    };
  }

  /**
   * Calls `handler` with each live-update signal (`NondominiumSignal`, see
   * signals.ts) this connection receives: one per entry this agent's calls
   * write, and one per entry another agent writes that concerns this agent.
   * Other signals are ignored; an app signal of these zomes that does not
   * decode goes to `onInvalid` (default: logged as a warning). Returns the
   * function that unsubscribes.
   */
  onSignal(
    handler: (signal: NondominiumSignal) => void,
    onInvalid: (error: Error, payload: unknown) => void = (error) => console.warn(`nondominium signal ignored: ${error.message}`),
  ): Unsubscribe {
    return onNondominiumSignal(this.client, handler, onInvalid);
  }
}
