/**
 * @nondominium/client — the one typed way to call the nondominium hApp.
 * The UI, the tests and any later service call zomes only through it.
 */
import type { AppClient, RoleName } from "@holochain/client";
import { GovernanceClient } from "./governance.js";
import { PersonClient } from "./person.js";
import { ResourceClient } from "./resource.js";

export * from "./holo.js";
export * from "./person.js";
export * from "./resource.js";
export * from "./governance.js";
export * from "./vf-actions.js";
export * from "./rule-data.js";
export * from "./process.js";
export * from "./participation.js";
export { RULE_DATA, vocabularyDrift, RESOURCE_STATUSES, VALIDATION_STATES, COMMITMENT_STATUSES, DECISIONS } from "./vocabulary.js";

/** The role name of the nondominium DNA in the hApp manifest. */
export const NONDOMINIUM_ROLE = "nondominium";

/** One client per zome over one app connection. */
export class NondominiumClient {
  readonly person: PersonClient;
  readonly resource: ResourceClient;
  readonly governance: GovernanceClient;

  constructor(
    public readonly client: AppClient,
    roleName: RoleName = NONDOMINIUM_ROLE,
  ) {
    this.person = new PersonClient(client, roleName);
    this.resource = new ResourceClient(client, roleName);
    this.governance = new GovernanceClient(client, roleName);
  }

  /** The agent key this connection acts as. */
  get myPubKey(): Uint8Array {
    return this.client.myPubKey;
  }
}
