/**
 * Agents in the UI: who is a founder (progenitor), who is Accountable, which
 * role credentials each agent holds, my private identity data and the grants
 * that share it, the review queue of an Accountable agent, and the validation
 * history of my roles. Every value comes from the zomes through
 * `@nondominium/client`; nothing is invented or cached beyond the last refresh.
 */
import type {
  AgentProfile,
  EntryRecord,
  NondominiumClient,
  PrivateDataGrant,
  PrivateProfile,
  Role,
  RoleName,
  SharedPrivateData,
  ValidationReceipt,
} from "@nondominium/client";
import { describeError, type UiError } from "./errors";
import { asInput, hashKey, sameHash } from "./hashes";

/** The parts of this state that load independently; each can fail on its own. */
export type AgentsArea = "progenitors" | "roles" | "myRoles" | "private" | "grants" | "shared";

/** The private profile fields, in form order, with their labels. */
export const PRIVATE_FIELDS = [
  { key: "legal_name", label: "Legal name" },
  { key: "address", label: "Address" },
  { key: "email", label: "Email" },
  { key: "photo_id_hash", label: "Photo ID hash" },
] as const;
export type PrivateFieldKey = (typeof PRIVATE_FIELDS)[number]["key"];

/** Readable names of the roles. */
export const ROLE_LABELS: Record<RoleName, string> = {
  User: "User",
  AccountableAgent: "Accountable Agent",
  PrimaryAccountableAgent: "Primary Accountable Agent",
  Transport: "Transport",
  Repair: "Repair",
  Storage: "Storage",
};

/**
 * The specialised roles (REQ-GOV-04): granted by a holder of the role (or a
 * founder) who is Accountable, and only to an Accountable agent.
 */
export const SPECIALISED_ROLES: readonly RoleName[] = ["Transport", "Repair", "Storage"];

/** What the directory knows of one agent's standing. */
export interface Standing {
  /** Role credentials granted to the agent, oldest first. */
  roles: EntryRecord<Role>[];
  /** `is_accountable`: a progenitor, or the holder of an Accountable credential. */
  accountable: boolean;
  /** Why the roles or the accountability could not be loaded, if they could not. */
  error: UiError | null;
}

/** One of my role credentials with the receipts that validated it. */
export interface MyRole {
  role: EntryRecord<Role>;
  history: EntryRecord<ValidationReceipt>[];
  historyError: UiError | null;
}

/** Reactive state (Svelte 5 runes) of roles and identity data for one agent's session. */
export class AgentsState {
  /** Agent keys named as progenitors in the DNA properties. */
  progenitors = $state.raw<Uint8Array[]>([]);
  /** base64 agent key → standing, for every agent in the directory and every agent in my review queue. */
  standing = $state.raw<Map<string, Standing>>(new Map());
  /** My role credentials with their validation history. */
  myRoles = $state.raw<MyRole[]>([]);
  /** My private identity data, or null before I stored any. */
  privateData = $state.raw<PrivateProfile | null>(null);
  /** My grants that are not revoked (they may have expired). */
  grants = $state.raw<PrivateDataGrant[]>([]);
  /** Agents who shared identity data with me. */
  sharedWithMe = $state.raw<Uint8Array[]>([]);
  /** Load errors of the last refresh, per area. */
  errors = $state.raw<Partial<Record<AgentsArea, UiError>>>({});

  constructor(private readonly client: NondominiumClient) {}

  private get me(): Uint8Array {
    return this.client.myPubKey;
  }

  /** True when `agent` is named as a progenitor. */
  isFounder(agent: Uint8Array): boolean {
    return this.progenitors.some((p) => sameHash(p, agent));
  }

  /** `is_accountable` of `agent` at the last refresh (false when unknown). */
  isAccountable(agent: Uint8Array): boolean {
    return this.standing.get(hashKey(agent))?.accountable ?? false;
  }

  /** True when I am Accountable (a progenitor, or I hold an Accountable credential). */
  get iAmAccountable(): boolean {
    return this.isFounder(this.me) || this.isAccountable(this.me);
  }

  /**
   * Reloads everything for the agents in `profiles` (plus me and the agents
   * who shared data with me). A failing call sets `errors[area]` and leaves
   * that area's previous data in place. Never throws. Returns a function that
   * applies the results, so that the caller can drop a stale refresh.
   */
  async load(profiles: EntryRecord<AgentProfile>[]): Promise<() => void> {
    const { person, governance } = this.client;
    const [progenitors, myRoles, privateData, grants, shared] = await Promise.allSettled([
      person.getProgenitors(),
      person.getMyRoles(),
      person.getMyPrivateData(),
      person.listPrivateDataGrants(),
      person.getPrivateDataSharedWithMe(),
    ]);
    const agents = new Map<string, Uint8Array>();
    for (const p of profiles) agents.set(hashKey(p.entry.agent_pub_key), p.entry.agent_pub_key);
    agents.set(hashKey(this.me), this.me);
    if (shared.status === "fulfilled") for (const a of shared.value) agents.set(hashKey(a), a);
    const standing = new Map<string, Standing>();
    let rolesError: UiError | null = null;
    await Promise.all(
      [...agents].map(async ([key, agent]) => {
        const [roles, accountable] = await Promise.allSettled([person.getAgentRoles(asInput(agent)), person.isAccountable(asInput(agent))]);
        const failed = roles.status === "rejected" ? roles.reason : accountable.status === "rejected" ? accountable.reason : null;
        const error = failed ? describeError(failed) : null;
        rolesError ??= error;
        standing.set(key, {
          roles: roles.status === "fulfilled" ? roles.value : [],
          accountable: accountable.status === "fulfilled" ? accountable.value : false,
          error,
        });
      }),
    );
    let mine: MyRole[] | null = null;
    if (myRoles.status === "fulfilled") {
      mine = await Promise.all(
        myRoles.value.map(async (role) => {
          try {
            return { role, history: await governance.getValidationHistory(asInput(role.actionHash)), historyError: null };
          } catch (e) {
            return { role, history: [], historyError: describeError(e) };
          }
        }),
      );
    }
    return () => {
      const errors: Partial<Record<AgentsArea, UiError>> = {};
      if (progenitors.status === "fulfilled") this.progenitors = progenitors.value;
      else errors.progenitors = describeError(progenitors.reason);
      this.standing = standing;
      if (rolesError) errors.roles = rolesError;
      if (mine) this.myRoles = mine;
      else if (myRoles.status === "rejected") errors.myRoles = describeError(myRoles.reason);
      if (privateData.status === "fulfilled") this.privateData = privateData.value;
      else errors.private = describeError(privateData.reason);
      if (grants.status === "fulfilled") this.grants = grants.value;
      else errors.grants = describeError(grants.reason);
      if (shared.status === "fulfilled") this.sharedWithMe = shared.value;
      else errors.shared = describeError(shared.reason);
      this.errors = errors;
    };
  }

  /** The distinct role names granted to `agent`, in the order first granted. */
  roleNamesOf(agent: Uint8Array): RoleName[] {
    const names: RoleName[] = [];
    for (const r of this.standing.get(hashKey(agent))?.roles ?? []) {
      if (sameHash(r.entry.agent, agent) && !names.includes(r.entry.role_name)) names.push(r.entry.role_name);
    }
    return names;
  }

  /** Agents in my review queue: they shared identity data with me and are not Accountable yet. */
  get reviewQueue(): Uint8Array[] {
    return this.sharedWithMe.filter((a) => !this.isFounder(a) && !this.isAccountable(a));
  }

  // Actions: each throws the zome's error; the caller refreshes after success.

  /** Stores my private identity data; blank fields are stored as absent. */
  async storePrivateData(values: Record<PrivateFieldKey, string>): Promise<void> {
    const blankToNull = (v: string) => (v.trim() === "" ? null : v.trim());
    await this.client.person.storePrivateData({
      legal_name: blankToNull(values.legal_name),
      address: blankToNull(values.address),
      email: blankToNull(values.email),
      photo_id_hash: blankToNull(values.photo_id_hash),
    });
  }

  /** Shares `fields` of my identity data with `agent` for `days` days from now. */
  async grantAccess(agent: Uint8Array, fields: PrivateFieldKey[], days: number): Promise<void> {
    const expiresAtMs = Date.now() + days * 24 * 60 * 60 * 1000;
    await this.client.person.grantPrivateDataAccess({ agent: asInput(agent), fields, expires_at: Math.round(expiresAtMs) * 1000 });
  }

  /** Revokes one of my grants at once. */
  async revoke(grant: PrivateDataGrant): Promise<void> {
    await this.client.person.revokePrivateDataAccess(asInput(grant.grant_hash));
  }

  /** Reads what `owner` shared with me (a remote call under their grant). */
  readShared(owner: Uint8Array): Promise<SharedPrivateData> {
    return this.client.person.getAgentPrivateData(asInput(owner));
  }

  /** Grants `role` to `agent`. */
  async assignRole(agent: Uint8Array, role: RoleName, notes: string): Promise<void> {
    await this.client.person.assignRole({ agent: asInput(agent), role_name: role, notes: notes.trim() === "" ? null : notes.trim() });
  }

  /** Promotes `candidate` to Accountable Agent. */
  async promote(candidate: Uint8Array): Promise<void> {
    await this.client.person.promoteAgentToAccountable(asInput(candidate));
  }
}

/** True when a grant's expiry (µs since the epoch) has passed. */
export function expired(expiresAtMicros: number): boolean {
  return expiresAtMicros / 1000 <= Date.now();
}
