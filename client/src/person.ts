/**
 * Client of the `person` zome: public agent profiles, private identity data
 * with revocable sharing, and role credentials (spec §4.1, §6.1).
 */
import { z } from "zod";
import { RoleNameSchema } from "./vocabulary.js";
import { ActionHashSchema, AgentPubKeySchema, decodeRecord, EntryRecord, TimestampSchema, Unit, ZomeClient } from "./holo.js";

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

export { ROLE_NAMES, RoleNameSchema, type RoleName } from "./vocabulary.js";

/** The candidate's first resource and first transfer, cited by a promotion (REQ-GOV-03). */
export const PromotionEvidenceSchema = z.object({ first_resource: ActionHashSchema, first_transfer: ActionHashSchema });

/** `Role` (spec §4.1.3): `validated_by` grants `role_name` to `agent`, citing their own credentials. */
export const RoleSchema = z.object({
  agent: AgentPubKeySchema,
  role_name: RoleNameSchema,
  validated_by: AgentPubKeySchema,
  grantor_credential: ActionHashSchema.nullable(),
  grantor_accountable_credential: ActionHashSchema.nullable(),
  promotion_evidence: PromotionEvidenceSchema.nullable(),
  notes: z.string().nullable(),
  /** The grantee's AgentProfile: roles go only to members with a profile. */
  agent_profile: ActionHashSchema.nullable(),
  /** For Transport/Repair/Storage: the grantee's own Accountable credential (null for a progenitor). */
  agent_credential: ActionHashSchema.nullable(),
  /** For Accountable roles: the grantor's approving identity_verification receipt about the candidate's IdentityDisclosure. */
  identity_verification: ActionHashSchema.nullable(),
});
export type Role = z.infer<typeof RoleSchema>;

/** Input of `assign_role`. */
export const AssignRoleInputSchema = z.object({
  agent: AgentPubKeySchema,
  role_name: RoleNameSchema,
  notes: z.string().max(1000, "notes must be at most 1000 characters").nullable().default(null),
});
export type AssignRoleInput = z.input<typeof AssignRoleInputSchema>;

/** The fields of `PrivateProfile`, which a grant names. */
export const PRIVATE_PROFILE_FIELDS = ["legal_name", "address", "email", "photo_id_hash"] as const;
const PrivateField = z.string().max(512, "must be at most 512 characters").nullable().default(null);

/** `PrivateProfile` (spec §4.1.2): a private entry, never published. */
export const PrivateProfileSchema = z.object({
  legal_name: PrivateField,
  address: PrivateField,
  email: PrivateField,
  photo_id_hash: PrivateField,
});
export type PrivateProfile = z.output<typeof PrivateProfileSchema>;

/** Input of `grant_private_data_access`: `expires_at` in µs since the epoch. */
export const GrantPrivateDataInputSchema = z.object({
  agent: AgentPubKeySchema,
  fields: z.array(z.enum(PRIVATE_PROFILE_FIELDS)).min(1, "fields must name at least one field"),
  expires_at: TimestampSchema,
});
export type GrantPrivateDataInput = z.input<typeof GrantPrivateDataInputSchema>;

/** A live grant, as its owner lists it; `grant_hash` revokes it. */
export const PrivateDataGrantSchema = z.object({
  grant_hash: ActionHashSchema,
  agent: AgentPubKeySchema,
  fields: z.array(z.string()),
  expires_at: TimestampSchema,
  /** The public, content-free IdentityDisclosure written with the grant (set when granting; null in listings). */
  disclosure_hash: ActionHashSchema.nullable(),
});
export type PrivateDataGrant = z.infer<typeof PrivateDataGrantSchema>;

/** What a grantee reads: only the granted fields. */
export const SharedPrivateDataSchema = z.object({
  owner: AgentPubKeySchema,
  fields: z.record(z.string(), z.string().nullable()),
  expires_at: TimestampSchema,
});
export type SharedPrivateData = z.infer<typeof SharedPrivateDataSchema>;

const RoleRecord = z.unknown().transform((r) => decodeRecord(RoleSchema, r));

/**
 * A progenitor's invitation to an invitation-only network: `inviter` signed
 * `agent`'s key (Ed25519, 64 bytes). MessagePack-encode it as the membrane
 * proof of the agent's install (`roles_settings.<role>.value.membrane_proof`).
 */
export const MembraneInvitationSchema = z.object({
  agent: AgentPubKeySchema,
  inviter: AgentPubKeySchema,
  signature: z.instanceof(Uint8Array).refine((s) => s.length === 64, "signature must be 64 bytes"),
});
export type MembraneInvitation = z.infer<typeof MembraneInvitationSchema>;

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

  /** Profiles whose name contains `query` (case-insensitive). */
  searchProfiles(query: string): Promise<EntryRecord<AgentProfile>[]> {
    return this.call("search_profiles", z.string().max(64, "query must be at most 64 characters"), query, ProfileRecords);
  }

  /** Stores or replaces the caller's private identity data (a private entry). Returns its action hash. */
  storePrivateData(data: z.input<typeof PrivateProfileSchema>): Promise<Uint8Array> {
    return this.call("store_private_data", PrivateProfileSchema, data, ActionHashSchema);
  }

  /** The caller's private identity data, or null. */
  getMyPrivateData(): Promise<PrivateProfile | null> {
    return this.call("get_my_private_data", Unit, null, PrivateProfileSchema.nullable());
  }

  /** Shares chosen fields with one agent until `expires_at`; the grantee is told by a remote call. */
  grantPrivateDataAccess(input: GrantPrivateDataInput): Promise<PrivateDataGrant> {
    return this.call("grant_private_data_access", GrantPrivateDataInputSchema, input, PrivateDataGrantSchema);
  }

  /** The caller's live grants. */
  listPrivateDataGrants(): Promise<PrivateDataGrant[]> {
    return this.call("list_private_data_grants", Unit, null, z.array(PrivateDataGrantSchema));
  }

  /** Revokes a grant at once. Returns the delete's action hash. */
  revokePrivateDataAccess(grantHash: Uint8Array): Promise<Uint8Array> {
    return this.call("revoke_private_data_access", ActionHashSchema, grantHash, ActionHashSchema);
  }

  /** Reads what `owner` shared with the caller (a remote call under their grant). */
  getAgentPrivateData(owner: Uint8Array): Promise<SharedPrivateData> {
    return this.call("get_agent_private_data", AgentPubKeySchema, owner, SharedPrivateDataSchema);
  }

  /** The agents who shared private data with the caller (an Accountable Agent's review queue). */
  getPrivateDataSharedWithMe(): Promise<Uint8Array[]> {
    return this.call("get_private_data_shared_with_me", Unit, null, z.array(AgentPubKeySchema));
  }

  /** Grants a role, citing the caller's credentials; records a ValidationReceipt. */
  assignRole(input: AssignRoleInput): Promise<EntryRecord<Role>> {
    return this.call("assign_role", AssignRoleInputSchema, input, RoleRecord);
  }

  /** Promotes a Simple Agent to Accountable Agent (REQ-GOV-03). */
  promoteAgentToAccountable(candidate: Uint8Array): Promise<EntryRecord<Role>> {
    return this.call("promote_agent_to_accountable", AgentPubKeySchema, candidate, RoleRecord);
  }

  /** Every Role credential granted to `agent`. */
  getAgentRoles(agent: Uint8Array): Promise<EntryRecord<Role>[]> {
    return this.call("get_agent_roles", AgentPubKeySchema, agent, z.array(RoleRecord));
  }

  /**
   * A progenitor invites `agent` (REQ-USER-S-01, REQ-SEC-07): the signed
   * invitation the agent passes as membrane proof when the network's DNA
   * properties say `invitation_only: true`. Refused to anyone but a
   * progenitor ("create_membrane_invitation: only a progenitor invites").
   */
  createMembraneInvitation(agent: Uint8Array): Promise<MembraneInvitation> {
    return this.call("create_membrane_invitation", AgentPubKeySchema, agent, MembraneInvitationSchema);
  }

  /**
   * The latest unexpired IdentityDisclosure `owner` made to the caller (the
   * public trace of a private-data grant, which an identity review cites),
   * or null.
   */
  getIdentityDisclosureFrom(owner: Uint8Array): Promise<Uint8Array | null> {
    return this.call("get_identity_disclosure_from", AgentPubKeySchema, owner, ActionHashSchema.nullable());
  }

  /** The caller's Role credentials. */
  getMyRoles(): Promise<EntryRecord<Role>[]> {
    return this.call("get_my_roles", Unit, null, z.array(RoleRecord));
  }

  /** Whether `agent` is a progenitor or holds an Accountable credential. */
  isAccountable(agent: Uint8Array): Promise<boolean> {
    return this.call("is_accountable", AgentPubKeySchema, agent, z.boolean());
  }

  /** The progenitors named in the DNA properties. */
  getProgenitors(): Promise<Uint8Array[]> {
    return this.call("get_progenitors", Unit, null, z.array(AgentPubKeySchema));
  }
}
