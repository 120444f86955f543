/**
 * The resource zome's store: every specification with the resources that
 * conform to it (zomes get_all_resource_specs, get_resources_by_spec) and
 * the resources I hold (get_my_resources). Commons decides when to reload;
 * this store reads and holds. Per-resource details (validation, ledger,
 * processes, end of life) are read by the sections that show them, when
 * `commons.stamps.resource` moves.
 */
import type { EntryRecord, NondominiumClient, ResourceSpecification, ResourceState } from "@nondominium/client";
import { describeError, type UiError } from "./errors";
import { sameHash } from "./hashes";

/** A specification with the resources that conform to it. */
export interface SpecGroup {
  spec: EntryRecord<ResourceSpecification>;
  resources: ResourceState[];
  /** Why this group's resources could not be loaded, if they could not. */
  error: UiError | null;
}

/** What one read of the resource zome found, applied by `ResourceStore.apply`. */
export interface ResourceRead {
  /** The groups, or the reason the specifications could not be read. */
  groups: { ok: true; value: SpecGroup[] } | { ok: false; error: UiError };
  /** My resources, or the reason they could not be read. */
  mine: { ok: true; value: ResourceState[] } | { ok: false; error: UiError };
}

/** Oldest first, by their latest revision's time. */
export function sortResources(rs: ResourceState[]): ResourceState[] {
  return [...rs].sort((a, b) => a.latest.timestamp - b.latest.timestamp);
}

/** Reactive state (Svelte 5 runes) of the resource zome for one agent's session. */
export class ResourceStore {
  /** Every specification, sorted by name, with its resources. */
  groups = $state.raw<SpecGroup[]>([]);
  /** Resources whose latest revision names this agent as custodian. */
  mine = $state.raw<ResourceState[]>([]);
  /** Why the last read of the specifications failed, if it did. */
  specsError = $state.raw<UiError | null>(null);
  /** Why the last read of my resources failed, if it did. */
  mineError = $state.raw<UiError | null>(null);

  /** Every resource of every specification. */
  readonly allResources = $derived(this.groups.flatMap((g) => g.resources));

  private readonly client: NondominiumClient;

  constructor(client: NondominiumClient) {
    this.client = client;
  }

  /**
   * Reads the specifications with their resources, and my resources passed
   * through `settleMine` (Commons applies pending rights transfers there).
   * Never throws: a failure is returned with its reason.
   */
  async read(settleMine: (mine: ResourceState[]) => Promise<ResourceState[]>): Promise<ResourceRead> {
    const { resource } = this.client;
    const [specs, mine] = await Promise.allSettled([resource.getAllResourceSpecs(), resource.getMyResources()]);
    let groups: ResourceRead["groups"];
    if (specs.status === "fulfilled") {
      const sorted = [...specs.value].sort((a, b) => a.entry.name.localeCompare(b.entry.name));
      const perSpec = await Promise.allSettled(sorted.map((s) => resource.getResourcesBySpec(s.actionHash)));
      groups = {
        ok: true,
        value: sorted.map((spec, i) => {
          const r = perSpec[i];
          return r.status === "fulfilled"
            ? { spec, resources: sortResources(r.value), error: null }
            : { spec, resources: [], error: describeError(r.reason) };
        }),
      };
    } else groups = { ok: false, error: describeError(specs.reason) };
    const held: ResourceRead["mine"] =
      mine.status === "fulfilled" ? { ok: true, value: sortResources(await settleMine(mine.value)) } : { ok: false, error: describeError(mine.reason) };
    return { groups, mine: held };
  }

  /** Shows what `read` found; a failed read keeps the previous data and records why. */
  apply(r: ResourceRead): void {
    if (r.groups.ok) {
      this.groups = r.groups.value;
      this.specsError = null;
    } else this.specsError = r.groups.error;
    if (r.mine.ok) {
      this.mine = r.mine.value;
      this.mineError = null;
    } else this.mineError = r.mine.error;
  }

  /** The resource whose first revision is `original`, if this peer knows it (latest revision). */
  byOriginal(original: Uint8Array): ResourceState | undefined {
    return this.allResources.find((r) => sameHash(r.original_hash, original)) ?? this.mine.find((r) => sameHash(r.original_hash, original));
  }

  /** The specification a resource conforms to, if this peer knows it. */
  specOf(resource: ResourceState): EntryRecord<ResourceSpecification> | undefined {
    return this.groups.find((g) => sameHash(g.spec.actionHash, resource.latest.entry.conforms_to))?.spec;
  }
}
