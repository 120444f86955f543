/**
 * Compile-time checks of the client's branded identities (`npm run
 * typecheck`, part of `npm test`'s lint gate; nothing here runs): where the
 * client types a resource's identity (`ResourceId`, its first revision) a
 * revision hash, or any bare hash, does not compile, and the other way
 * round. If a brand is lost, the `@ts-expect-error` lines stop being errors
 * and the type check fails.
 */
import type { EconomicEvent, RecordEventInput, ResourceId, RevisionHash } from "@nondominium/client";

declare const revision: RevisionHash;
declare const resource: ResourceId;
declare const bare: Uint8Array;

/** A container is named by its identity. */
export const packed: RecordEventInput = { resource_hash: revision, action: "Combine", contained_in: resource };
// @ts-expect-error a revision hash is not a resource's identity
export const packedInRevision: RecordEventInput = { resource_hash: revision, action: "Combine", contained_in: revision };
// @ts-expect-error nor is a bare hash
export const packedInBare: RecordEventInput = { resource_hash: revision, action: "Combine", contained_in: bare };

/** An event names the exact revision it acts on. */
export const actedOn: RevisionHash = ({} as EconomicEvent).resource_inventoried_as;
// @ts-expect-error an event's revision is not a resource's identity
export const notAnIdentity: ResourceId = ({} as EconomicEvent).resource_inventoried_as;
