/**
 * The person zome's store: my public profile and the directory of every
 * profile (zomes get_my_profile, get_all_profiles). Roles, accountability
 * and identity data, also the person zome's, are in AgentsState
 * (agents.svelte.ts). Commons decides when to reload; this store reads and
 * holds.
 */
import type { AgentProfile, EntryRecord, NondominiumClient } from "@nondominium/client";
import { describeError, type UiError } from "./errors";
import { hashKey } from "./hashes";

/** What one read of the person zome found, applied by `PersonStore.apply`. */
export interface PersonRead {
  profile: PromiseSettledResult<EntryRecord<AgentProfile> | null>;
  directory: PromiseSettledResult<EntryRecord<AgentProfile>[]>;
}

/** Reactive state (Svelte 5 runes) of the person zome for one agent's session. */
export class PersonStore {
  /** The agent's profile, or null before it creates one. */
  myProfile = $state.raw<EntryRecord<AgentProfile> | null>(null);
  /** Every profile in the `AllAgents` directory, sorted by name. */
  profiles = $state.raw<EntryRecord<AgentProfile>[]>([]);
  /** Why the last read of my profile failed, if it did. */
  profileError = $state.raw<UiError | null>(null);
  /** Why the last read of the directory failed, if it did. */
  directoryError = $state.raw<UiError | null>(null);

  /** base64 agent key → profile name, for everyone in the directory and me. */
  readonly names = $derived.by(() => {
    const m = new Map<string, string>();
    for (const p of this.profiles) m.set(hashKey(p.entry.agent_pub_key), p.entry.name);
    if (this.myProfile) m.set(hashKey(this.myProfile.entry.agent_pub_key), this.myProfile.entry.name);
    return m;
  });

  private readonly client: NondominiumClient;

  constructor(client: NondominiumClient) {
    this.client = client;
  }

  /** Reads my profile and the directory in parallel. Never throws: each outcome is settled. */
  async read(): Promise<PersonRead> {
    const [profile, directory] = await Promise.allSettled([this.client.person.getMyProfile(), this.client.person.getAllProfiles()]);
    return { profile, directory };
  }

  /** Shows what `read` found; a failed read keeps the previous data and records why. */
  apply(r: PersonRead): void {
    if (r.profile.status === "fulfilled") {
      this.myProfile = r.profile.value;
      this.profileError = null;
    } else this.profileError = describeError(r.profile.reason);
    if (r.directory.status === "fulfilled") {
      this.profiles = [...r.directory.value].sort((a, b) => a.entry.name.localeCompare(b.entry.name));
      this.directoryError = null;
    } else this.directoryError = describeError(r.directory.reason);
  }

  /** The profile of the agent whose key is `agentB64` (base64), if this peer knows it. */
  byKey(agentB64: string): EntryRecord<AgentProfile> | undefined {
    return agentB64 === "" ? undefined : this.profiles.find((p) => hashKey(p.entry.agent_pub_key) === agentB64);
  }
}
