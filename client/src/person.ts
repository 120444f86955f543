/**
 * Client of the `person` zome: public agent profiles (spec §4.1.1, §6.1).
 */
import { z } from "zod";
import { ActionHashSchema, AgentPubKeySchema, decodeRecord, EntryRecord, Unit, ZomeClient } from "./holo.js";

/** `AgentProfile` (spec §4.1.1): an agent's public face. `agent_pub_key` is always the author. */
export const AgentProfileSchema = z.object({
  agent_pub_key: AgentPubKeySchema,
  name: z.string(),
  avatar_url: z.string().nullable(),
});
export type AgentProfile = z.infer<typeof AgentProfileSchema>;

/** Input of `create_profile`: `name` 1-64 characters after trimming, optional avatar URL. */
export const CreateProfileInputSchema = z.object({
  name: z.string().trim().min(1, "name must not be empty").max(64, "name must be at most 64 characters"),
  avatar_url: z.string().nullable().default(null),
});
export type CreateProfileInput = z.input<typeof CreateProfileInputSchema>;

/** Input of `update_profile`: the revision being replaced and the new values. */
export const UpdateProfileInputSchema = CreateProfileInputSchema.extend({
  previous_profile_hash: ActionHashSchema,
});
export type UpdateProfileInput = z.input<typeof UpdateProfileInputSchema>;

const decodeProfile = (r: unknown) => decodeRecord(AgentProfileSchema, r);
const ProfileRecord = z.unknown().transform(decodeProfile);
const MaybeProfileRecord = z.unknown().transform((r) => (r == null ? null : decodeProfile(r)));
const ProfileRecords = z.array(z.unknown()).transform((rs) => rs.map(decodeProfile));

export class PersonClient extends ZomeClient {
  constructor(client: ConstructorParameters<typeof ZomeClient>[0], roleName?: string) {
    super(client, "person", roleName);
  }

  /** Creates the caller's public profile and links it from the `AllAgents` anchor. */
  createProfile(input: CreateProfileInput): Promise<EntryRecord<AgentProfile>> {
    return this.call("create_profile", CreateProfileInputSchema, input, ProfileRecord);
  }

  /** Replaces the caller's profile with new values; `agent_pub_key` cannot change. */
  updateProfile(input: UpdateProfileInput): Promise<EntryRecord<AgentProfile>> {
    return this.call("update_profile", UpdateProfileInputSchema, input, ProfileRecord);
  }

  /** The caller's latest profile, or null before `createProfile`. */
  getMyProfile(): Promise<EntryRecord<AgentProfile> | null> {
    return this.call("get_my_profile", Unit, null, MaybeProfileRecord);
  }

  /** The latest profile of `agent`, or null when it has none (yet, on this peer's view). */
  getAgentProfile(agent: Uint8Array): Promise<EntryRecord<AgentProfile> | null> {
    return this.call("get_agent_profile", AgentPubKeySchema, agent, MaybeProfileRecord);
  }

  /** Every profile linked from the `AllAgents` anchor, latest revisions. */
  getAllProfiles(): Promise<EntryRecord<AgentProfile>[]> {
    return this.call("get_all_profiles", Unit, null, ProfileRecords);
  }
}
