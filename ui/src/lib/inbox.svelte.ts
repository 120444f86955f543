/**
 * The Inbox: what waits for me — commitments proposed to me, resources of
 * others waiting for my validation verdict, agents waiting for my review —
 * loaded once per refresh for both the Inbox page and the count in the
 * navigation, so the two never disagree and nothing is loaded twice.
 */
import type { EndOfLifeStatus, MyCommitments, NondominiumSignal, ResourceListing, ResourceState, SignalEntryType } from "@nondominium/client";
import type { Commons, ValidationInfo } from "./commons.svelte";
import { describeError, type UiError } from "./errors";
import { sameHash } from "./hashes";
import { schemeAdmits, schemeOf } from "./rules";

/**
 * The entry types whose signals change my commitments: a peer's signal of
 * one re-reads them at once (a targeted reload), before the page's
 * debounced reload of the domains it changes.
 */
export const COMMITMENT_SIGNAL_TYPES: ReadonlySet<SignalEntryType> = new Set<SignalEntryType>(["Commitment", "CommitmentDecision", "Claim"]);

/** True when `signal` announces a change to commitments (see {@link COMMITMENT_SIGNAL_TYPES}). */
export function changesCommitments(signal: NondominiumSignal): boolean {
  return COMMITMENT_SIGNAL_TYPES.has(signal.entry_type);
}

/** At most this many pending resources are looked at (find_resources' largest page). */
export const VALIDATION_QUEUE_LIMIT = 100;

/** A resource of another agent that waits for peer validation. */
export interface QueueEntry {
  listing: ResourceListing;
  /** Its status and verdicts (null when they could not be loaded: `error` says why). */
  info: ValidationInfo | null;
  error: UiError | null;
  /** Whether its specification's validation scheme admits me (the zome still decides). */
  admitsMe: boolean;
}

/** The validation queue: the pending resources I have given no verdict on, those whose scheme admits me first. */
export interface ValidationQueue {
  entries: QueueEntry[];
  /** Pending resources I already gave a verdict on. */
  judged: number;
  /** More than {@link VALIDATION_QUEUE_LIMIT} resources are pending. */
  truncated: boolean;
}

/** At most this many resources are asked for an open end-of-life declaration. */
export const END_OF_LIFE_LIMIT = 100;

/** A declared end of life I may still answer: confirm once its challenge period is over, or challenge during it. */
export interface EndOfLifeEntry {
  resource: ResourceState;
  status: EndOfLifeStatus;
}

/**
 * The Inbox's data, reloaded by `Commons` at each refresh (the commitments as
 * it starts, the validation queue once the specifications and roles it reads
 * are in) and at once when a peer's signal changes it.
 */
export class Inbox {
  /** zome get_my_commitments, or null before the first load. */
  commitments = $state.raw<MyCommitments | null>(null);
  commitmentsError = $state.raw<UiError | null>(null);
  /** The validation queue (zomes find_resources, get_validation_history), or null before the first load. */
  validation = $state.raw<ValidationQueue | null>(null);
  validationError = $state.raw<UiError | null>(null);

  /** Open end-of-life declarations of others' resources I have not confirmed, or null before the first load (Accountable agents only). */
  endOfLife = $state.raw<EndOfLifeEntry[] | null>(null);
  endOfLifeError = $state.raw<UiError | null>(null);

  /** Commitments proposed to me that wait for my answer. */
  readonly waitingCommitments = $derived(this.commitments?.proposed_to_me.filter((v) => v.status === "proposed").length ?? 0);
  /** Pending resources whose scheme admits me and that wait for my verdict. */
  readonly waitingValidations = $derived(this.validation?.entries.filter((e) => e.admitsMe).length ?? 0);
  /** Agents waiting for my review (Accountable agents only). */
  get waitingReviews(): number {
    return this.commons.agents.iAmAccountable ? this.commons.agents.reviewQueue.length : 0;
  }
  /** End-of-life declarations waiting for my confirmation (or challenge). */
  get waitingEndOfLife(): number {
    return this.endOfLife?.length ?? 0;
  }
  /** Everything that waits for me: the count shown in the navigation. */
  get total(): number {
    return this.waitingCommitments + this.waitingValidations + this.waitingReviews + this.waitingEndOfLife;
  }

  private seq = 0;
  private readonly commons: Commons;

  constructor(commons: Commons) {
    this.commons = commons;
  }

  /**
   * Reloads commitments and the validation queue in parallel, each shown as
   * soon as it arrives (the commitments, one call, need not wait for the
   * queue's many). Never throws.
   */
  async load(): Promise<void> {
    await Promise.all([this.loadCommitments(), this.loadValidation()]);
  }

  /**
   * Reloads the commitments (zome get_my_commitments). A result is applied
   * unless a call started later has already applied its own. Never throws.
   */
  async loadCommitments(): Promise<void> {
    const seq = ++this.seq;
    await this.commons.loadCommitments().then(
      (c) => this.apply("commitments", seq, () => ((this.commitments = c), (this.commitmentsError = null))),
      (e) => this.apply("commitments", seq, () => (this.commitmentsError = describeError(e))),
    );
  }

  /**
   * Reloads the validation queue and the open end-of-life declarations; both
   * read what Commons loaded (the specifications, the resources, my roles).
   * Applied as `loadCommitments`. Never throws.
   */
  async loadValidation(): Promise<void> {
    const seq = ++this.seq;
    await Promise.all([
      this.loadValidationQueue().then(
        (v) => this.apply("validation", seq, () => ((this.validation = v), (this.validationError = null))),
        (e) => this.apply("validation", seq, () => (this.validationError = describeError(e))),
      ),
      this.loadOpenEndOfLife().then(
        (v) => this.apply("endOfLife", seq, () => ((this.endOfLife = v), (this.endOfLifeError = null))),
        (e) => this.apply("endOfLife", seq, () => (this.endOfLifeError = describeError(e))),
      ),
    ]);
  }

  /**
   * The open end-of-life declarations (zome get_end_of_life_status) of the
   * Validated resources this peer knows and I do not hold, that I neither
   * confirmed nor declared: only Accountable Agents other than the custodian
   * confirm one (REQ-GOV-12), so for anyone else the list is empty. Looks at
   * the first {@link END_OF_LIFE_LIMIT} such resources. Throws the first
   * zome error.
   */
  private async loadOpenEndOfLife(): Promise<EndOfLifeEntry[]> {
    const { commons } = this;
    if (!commons.agents.iAmAccountable) return [];
    const candidates = commons.allResources
      .filter((r) => r.latest.entry.status === "Validated" && !commons.isMe(r.latest.entry.custodian))
      .slice(0, END_OF_LIFE_LIMIT);
    const statuses = await Promise.all(candidates.map((r) => commons.loadEndOfLife(r.original_hash)));
    const open: EndOfLifeEntry[] = [];
    candidates.forEach((resource, i) => {
      const status = statuses[i];
      if (!status || status.is_final || commons.isMe(status.declaration.author)) return;
      if (status.confirmations.some((c) => commons.isMe(c.entry.validator))) return;
      open.push({ resource, status });
    });
    return open;
  }

  /** The load (its sequence number) whose result each part shows. */
  private readonly applied = { commitments: 0, validation: 0, endOfLife: 0 };

  /** Runs `set` for `part` unless a later load's result is already shown. */
  private apply(part: keyof Inbox["applied"], seq: number, set: () => void): void {
    if (seq < this.applied[part]) return;
    this.applied[part] = seq;
    set();
  }

  /**
   * Others' resources pending validation (zome find_resources, validation
   * "pending") on which I gave no approval yet, each with its status and
   * history; those whose scheme admits me first. Throws the zome's error of
   * find_resources; a resource whose status fails to load is kept, with the error.
   */
  private async loadValidationQueue(): Promise<ValidationQueue> {
    const { commons } = this;
    const page = await commons.findResources({ validation: "pending", limit: VALIDATION_QUEUE_LIMIT });
    const others = page.items.filter((l) => !commons.isMe(l.latest.entry.custodian) && !commons.isMe(l.latest.author));
    const me = commons.meAsValidator;
    const loaded = await Promise.all(
      others.map(async (listing): Promise<QueueEntry> => {
        const spec = commons.specOf(listing);
        const admitsMe = spec ? schemeAdmits(schemeOf(spec.entry), me) : false;
        try {
          return { listing, info: await commons.loadValidation(listing.original_hash), error: null, admitsMe };
        } catch (e) {
          return { listing, info: null, error: describeError(e), admitsMe };
        }
      }),
    );
    const judgedByMe = (e: QueueEntry) =>
      e.info?.history.some((h) => h.entry.validation_type === "resource_approval" && sameHash(h.entry.validator, commons.me)) ?? false;
    const open = loaded.filter((e) => !judgedByMe(e));
    open.sort((a, b) => Number(b.admitsMe) - Number(a.admitsMe));
    return { entries: open, judged: loaded.length - open.length, truncated: page.total > page.items.length };
  }
}
