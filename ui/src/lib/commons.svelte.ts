/**
 * The UI's view of the commons for one agent: what the zomes returned at the
 * last refresh, and the actions that change it. Every value here comes from
 * the conductor through `@nondominium/client`; nothing is invented locally.
 */
import type {
  AgentProfile,
  CommitmentView,
  CreateResourceSpecInput,
  EconomicEvent,
  EndOfLifeStatus,
  EntryRecord,
  GovernanceRule,
  HistoryPage,
  MyCommitments,
  NondominiumClient,
  PerformanceMetrics,
  ProcessRequirements,
  ProcessState,
  ProcessType,
  ProcessValidationStatus,
  ProposeCommitmentInput,
  RecordEventInput,
  ResourcePage,
  ResourceQuery,
  ResourceSpecification,
  ResourceState,
  ResourceValidation,
  NondominiumSignal,
  SignalEntryType,
  ValidationReceipt,
} from "@nondominium/client";
import { PROCESS_TYPES } from "@nondominium/client";
import { AgentsState } from "./agents.svelte";
import { describeError, type UiError } from "./errors";
import { asInput, hashKey, sameHash, shortHash } from "./hashes";
import { changesCommitments, Inbox } from "./inbox.svelte";
import { PersonStore } from "./person.svelte";
import { ResourceStore, type SpecGroup } from "./resources.svelte";
import { Participation } from "./participation";
import type { StatusMove } from "./processes";
import type { Me } from "./rules";

/** Live updates: the signals of one burst (this many ms from the first) cause one reload. */
export const SIGNAL_DEBOUNCE_MS = 300;
/**
 * Live updates: after another agent's signal, reload again this many ms
 * after it. The signal travels faster than the records it announces, which
 * may not yet be where this agent's reads look (DHT authorities validate
 * first).
 */
export const PEER_FOLLOW_UPS_MS: readonly number[] = [1_500, 4_000, 8_000];
/**
 * Live updates: reload when nothing has for this many ms (and the page is
 * visible), for what no signal reaches — another agent's new profile,
 * specification or resource, anything written while this page was closed.
 */
export const POLL_MS = 15_000;
/**
 * Live updates: after a peer's signal that changes my commitments, they
 * are read at once and again this many ms after it (the peer's
 * data may reach this conductor a little after its signal).
 */
export const INBOX_FOLLOW_UPS_MS: readonly number[] = [250, 600, 1_200];

/** How many events a page of a resource's ledger shows; "Show earlier events" loads the next page. */
export const HISTORY_PAGE = 20;

/** The parts of the view that load independently; each can fail on its own. */
export type Area = "profile" | "directory" | "specs" | "resources" | "mine";

/**
 * The zome whose data a reload reads: `person` (profiles, roles, identity
 * data), `resource` (specifications, resources, their ledgers and
 * processes), `governance` (commitments, validations, receipts and
 * reputation). A signal reloads only the domains its entry type changes.
 */
export type Domain = "person" | "resource" | "governance";
/** Every domain: a refresh, a poll. */
export const ALL_DOMAINS: ReadonlySet<Domain> = new Set<Domain>(["person", "resource", "governance"]);

/** Which domains a signalled entry type changes (a validation receipt or a claim changes a resource too). */
export const SIGNAL_DOMAINS: Readonly<Record<SignalEntryType, readonly Domain[]>> = {
  AgentProfile: ["person"],
  PrivateProfile: ["person"],
  Role: ["person"],
  IdentityDisclosure: ["person"],
  ResourceSpecification: ["resource"],
  EconomicResource: ["resource", "governance"],
  EndOfLifeDeclaration: ["resource"],
  EconomicProcess: ["resource"],
  EconomicEvent: ["resource", "governance"],
  ValidationReceipt: ["resource", "governance", "person"],
  Commitment: ["governance"],
  CommitmentDecision: ["governance"],
  Claim: ["governance", "resource"],
  ParticipationAttestation: ["governance"],
  PrivateParticipationClaim: ["governance"],
};

export type { SpecGroup } from "./resources.svelte";

/** Where a resource's peer validation stands, and every verdict recorded on it. */
export interface ValidationInfo {
  /** zome check_validation_status: approvals, required approvals, pending/approved/rejected. */
  status: ResourceValidation;
  /** zome get_validation_history: the receipts about the resource, oldest first. */
  history: EntryRecord<ValidationReceipt>[];
}

/** A process with the resources it works on (their first revisions), resolved from its input revisions. */
export interface ProcessView {
  process: ProcessState;
  resources: Uint8Array[];
}

/** A process of a resource with its events, in the order they were recorded. */
export interface ProcessWithEvents {
  process: ProcessState;
  events: EntryRecord<EconomicEvent>[];
}

/** Reactive state (Svelte 5 runes) and actions of one agent's session. */
export class Commons {
  /** The agent's profile, or null before it creates one (PersonStore). */
  get myProfile(): EntryRecord<AgentProfile> | null {
    return this.person.myProfile;
  }
  /** Every profile in the `AllAgents` directory, sorted by name (PersonStore). */
  get profiles(): EntryRecord<AgentProfile>[] {
    return this.person.profiles;
  }
  /** Every specification, sorted by name, with its resources (ResourceStore). */
  get groups(): SpecGroup[] {
    return this.resources.groups;
  }
  /** Resources whose latest revision names this agent as custodian (ResourceStore). */
  get mine(): ResourceState[] {
    return this.resources.mine;
  }
  /** Load errors of the last reads, per area, from the stores. */
  get errors(): Partial<Record<Area, UiError>> {
    const e: Partial<Record<Area, UiError>> = {};
    if (this.person.profileError) e.profile = this.person.profileError;
    if (this.person.directoryError) e.directory = this.person.directoryError;
    if (this.resources.specsError) e.specs = this.resources.specsError;
    if (this.resources.mineError) e.mine = this.resources.mineError;
    return e;
  }
  /** True while a refresh is running. */
  loading = $state(false);
  /** True once a first refresh has finished (with or without errors). */
  loaded = $state(false);
  /** When the last refresh (full or targeted) finished: the header's "Updated". */
  refreshedAt = $state.raw<Date | null>(null);
  /**
   * When each domain was last reloaded. A section reloads its own data when
   * its domain's stamp moves (e.g. a ledger on `stamps.resource`), so a
   * signal about a commitment does not reload every ledger on the page.
   */
  stamps = $state<Record<Domain, Date | null>>({ person: null, resource: null, governance: null });
  /** The other agent whose change (announced by a signal) the last refresh loaded; null when it was mine or a poll. */
  updatedAfter = $state.raw<Uint8Array | null>(null);
  /** True while live updates run (`startLiveUpdates`). */
  live = $state(false);
  /**
   * The last load reached nothing (every call failed), or the page saw its
   * connection close: the conductor is down or unreachable. Cleared by the
   * next load that reaches it, or by the page once it is connected again.
   */
  offline = $state(false);

  /** base64 agent key → profile name, for everyone in the directory and me (PersonStore). */
  get names(): Map<string, string> {
    return this.person.names;
  }

  /** Every resource of every specification (ResourceStore). */
  get allResources(): ResourceState[] {
    return this.resources.allResources;
  }

  /** The resource whose first revision is `original`, if this peer knows it (latest revision). */
  resourceByOriginal(original: Uint8Array): ResourceState | undefined {
    return this.resources.byOriginal(original);
  }

  /** A resource in words, e.g. "Pressure washer, 1 unit held by Alice", from its first revision's hash. */
  resourceLabel(original: Uint8Array): string {
    const r = this.resourceByOriginal(original);
    if (!r) return `resource ${shortHash(original)}`;
    const e = r.latest.entry;
    const spec = this.specOf(r)?.entry.name ?? "Resource";
    return `${spec}, ${e.onhand_quantity} ${e.unit} held by ${this.isMe(e.custodian) ? "you" : this.nameOf(e.custodian)}`;
  }

  private refreshSeq = 0;
  /** Live updates: the pending reload of a burst of signals, its follow-ups after a peer's signal, the next poll. */
  private signalTimer: ReturnType<typeof setTimeout> | null = null;
  private signalPeer: Uint8Array | null = null;
  /** The domains the pending burst of signals changes. */
  private signalDomains = new Set<Domain>();
  /** Per domain, the latest load that reads it: an older load's results for that domain are dropped. */
  private domainSeq: Record<Domain, number> = { person: 0, resource: 0, governance: 0 };
  private followUpTimers: ReturnType<typeof setTimeout>[] = [];
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private stopLive: (() => void) | null = null;
  /** When the last reload started (ms since the epoch). */
  private loadStartedAt = 0;
  /** base64 revision hash → its resource's first revision: a revision never changes resource. */
  private readonly originals = new Map<string, Uint8Array>();

  /** The person zome: my profile and the directory. */
  readonly person: PersonStore;
  /** The resource zome: specifications with their resources, and mine. */
  readonly resources: ResourceStore;
  /** The person zome's roles, accountability, identity data and grants. */
  readonly agents: AgentsState;
  /** My participation receipts and reputation, and the summaries shared with me; each section loads its part at every refresh. */
  readonly participation: Participation;
  /** What waits for me (commitments, validations, reviews): the Inbox page and the count in the navigation. */
  readonly inbox: Inbox;

  constructor(public readonly client: NondominiumClient) {
    this.person = new PersonStore(client);
    this.resources = new ResourceStore(client);
    this.agents = new AgentsState(client);
    this.participation = new Participation(client);
    this.inbox = new Inbox(this);
  }

  /** The agent key this session acts as. */
  get me(): Uint8Array {
    return this.client.myPubKey;
  }

  /** True when `agent` is this session's agent. */
  isMe(agent: Uint8Array): boolean {
    return sameHash(agent, this.me);
  }

  /** The profile name of `agent`, or a short form of its key when it has no profile on this peer's view. */
  nameOf(agent: Uint8Array): string {
    return this.names.get(hashKey(agent)) ?? `agent ${shortHash(agent)} (no profile yet)`;
  }

  /** `nameOf` for an agent key in base64 (`uhCAk…`), as rules store them. */
  nameOfKey(agentB64: string): string {
    return this.names.get(agentB64) ?? `agent ${agentB64.slice(0, 8)}…${agentB64.slice(-4)} (no profile yet)`;
  }

  /** What this session knows of its own standing, to tell which validation schemes admit me. */
  get meAsValidator(): Me {
    return {
      key: hashKey(this.me),
      founder: this.agents.isFounder(this.me),
      accountable: this.agents.iAmAccountable,
      roles: this.agents.roleNamesOf(this.me),
    };
  }

  /** The specification a resource conforms to, if this peer knows it. */
  specOf(resource: ResourceState): EntryRecord<ResourceSpecification> | undefined {
    return this.resources.specOf(resource);
  }

  /** The profile of the agent whose key is `agentB64` (base64), if this peer knows it (an AgentPicker's value). */
  agentByKey(agentB64: string): EntryRecord<AgentProfile> | undefined {
    return this.person.byKey(agentB64);
  }

  /** Agents (other than me) a custody transfer can go to, sorted by name. */
  get otherAgents(): EntryRecord<AgentProfile>[] {
    return this.profiles.filter((p) => !this.isMe(p.entry.agent_pub_key));
  }

  /**
   * Starts live updates: reloads (`refresh`) when a signal says that I or
   * another agent wrote something that concerns me — once per burst of
   * signals (`SIGNAL_DEBOUNCE_MS`), again `PEER_FOLLOW_UPS_MS` after another
   * agent's — and polls every `POLL_MS` without any reload. A refresh that
   * starts while a burst's reload waits makes it unnecessary. Returns the
   * function that stops them (also `stopLiveUpdates`); starting twice
   * returns the same one.
   */
  startLiveUpdates(): () => void {
    if (this.stopLive) return this.stopLive;
    const unsubscribe = this.client.onSignal((signal) => this.onSignal(signal));
    this.live = true;
    this.schedulePoll();
    this.stopLive = () => {
      unsubscribe();
      this.clearSignalTimers();
      if (this.pollTimer) clearTimeout(this.pollTimer);
      this.pollTimer = null;
      this.live = false;
      this.stopLive = null;
    };
    return this.stopLive;
  }

  /** Stops live updates, if they run. */
  stopLiveUpdates(): void {
    this.stopLive?.();
  }

  /**
   * One signal: joins the pending burst's reload or starts one; another
   * agent's also schedules the follow-ups, and re-reads my commitments at
   * once when it changes them. A write of mine that a reload
   * started after already shows (my action refreshed after it): ignored.
   * That compares the action's time (my conductor's clock) with this page's
   * clock, the same machine's unless the conductor is remote.
   */
  private onSignal(signal: NondominiumSignal): void {
    const peer = this.isMe(signal.author) ? null : signal.author;
    if (!peer && this.loadStartedAt * 1000 > signal.timestamp) return;
    const domains = SIGNAL_DOMAINS[signal.entry_type];
    if (peer) {
      this.signalPeer = peer;
      for (const t of this.followUpTimers) clearTimeout(t);
      const these = new Set(domains);
      this.followUpTimers = PEER_FOLLOW_UPS_MS.map((ms) => setTimeout(() => void this.load(peer, these), ms));
    }
    // A commitment that waits for me shows at once, read again shortly in case the peer's data was not
    // here yet; the debounced reload below brings the rest (validations and resources with their domain).
    if (peer && changesCommitments(signal)) {
      for (const ms of INBOX_FOLLOW_UPS_MS) this.followUpTimers.push(setTimeout(() => void this.inbox.loadCommitments(), ms));
      void this.inbox.loadCommitments();
    }
    for (const d of domains) this.signalDomains.add(d);
    this.signalTimer ??= setTimeout(() => {
      const by = this.signalPeer;
      const burst = this.signalDomains;
      this.signalTimer = null;
      this.signalPeer = null;
      this.signalDomains = new Set();
      void this.load(by, burst);
    }, SIGNAL_DEBOUNCE_MS);
    this.schedulePoll(); // the signals' reloads stand for the poll
  }

  private clearSignalTimers(): void {
    if (this.signalTimer) clearTimeout(this.signalTimer);
    this.signalTimer = null;
    this.signalPeer = null;
    this.signalDomains = new Set();
    for (const t of this.followUpTimers) clearTimeout(t);
    this.followUpTimers = [];
  }

  /** (Re)arms the poll: a reload `POLL_MS` from now, skipped while the page is hidden. */
  private schedulePoll(): void {
    if (!this.live) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      if (typeof document !== "undefined" && document.hidden) this.schedulePoll();
      else void this.load(null);
    }, POLL_MS);
  }

  /**
   * Reloads everything from the conductor: my profile, the directory, the
   * specifications with their resources, my resources, and the roles and
   * identity data of `agents`. Calls run in
   * parallel; a failing call sets `errors[area]` and leaves that area's
   * previous data in place. Never throws. Overlapping refreshes: the last one wins.
   */
  refresh(): Promise<void> {
    return this.load(null);
  }

  /**
   * Reloads `domains` (all by default): `person` my profile, the directory
   * and the agents' roles and identity data; `resource` the specifications
   * with their resources and my resources; `governance` the Inbox. Records
   * in `updatedAfter` the other agent whose signal caused it (`by`), if any,
   * and moves the stamps of the domains it read. Calls run in parallel; a
   * failing call sets `errors[area]` and leaves that area's data in place.
   * When loads overlap, each domain shows the latest load that read it.
   */
  private async load(by: Uint8Array | null, domains: ReadonlySet<Domain> = ALL_DOMAINS): Promise<void> {
    const seq = ++this.refreshSeq;
    const reads = { person: false, resource: false, governance: false };
    for (const d of domains) {
      this.domainSeq[d] = seq;
      reads[d] = true;
    }
    const current = (d: Domain) => reads[d] && this.domainSeq[d] === seq;
    this.loadStartedAt = Date.now();
    if (this.signalTimer && domains === ALL_DOMAINS) {
      // This reload reads everything the pending burst announced (a peer's follow-ups stay).
      clearTimeout(this.signalTimer);
      this.signalTimer = null;
      by ??= this.signalPeer;
      this.signalPeer = null;
      this.signalDomains = new Set();
    }
    this.loading = true;
    if (reads.governance) void this.inbox.loadCommitments(); // needs nothing else: shown as soon as it arrives
    const personRead = reads.person
      ? this.person.read().then(async (r) => {
          const known = r.directory.status === "fulfilled" ? r.directory.value : this.profiles;
          return { r, applyAgents: await this.agents.load(known) };
        })
      : null;
    const resourceRead = reads.resource ? this.resources.read((held) => this.applyPendingRightsTransfers(held)) : null;
    const [p, r] = await Promise.all([personRead, resourceRead]);
    const now = new Date();
    if (p && current("person")) {
      p.applyAgents();
      this.person.apply(p.r);
      this.stamps.person = now;
    }
    if (r && current("resource")) {
      this.resources.apply(r);
      this.stamps.resource = now;
    }
    if (current("governance")) this.stamps.governance = now;
    const failed = [
      ...(p ? [p.r.profile.status === "rejected", p.r.directory.status === "rejected"] : []),
      ...(r ? [!r.groups.ok, !r.mine.ok] : []),
    ];
    this.offline = failed.length > 0 && failed.every(Boolean);
    if (seq === this.refreshSeq) this.loading = false;
    this.loaded = true;
    this.updatedAfter = by;
    this.refreshedAt = now;
    this.schedulePoll();
    // After the specifications and roles it reads (which validation schemes admit me); not awaited. Only when
    // the resources were read: a commitment's signal re-reads the commitments, not the queue's many calls.
    if (current("resource")) void this.inbox.loadValidation();
  }

  /**
   * As custodian, writes the revisions that apply the rights transfers the
   * rights holders recorded on what I hold (zome `apply_rights_transfers`;
   * Only the custodian writes revisions, the rights holder records
   * the event). Returns `mine` with each applied revision in place; a
   * resource whose call fails is left as it was, to retry at the next refresh.
   */
  private async applyPendingRightsTransfers(mine: ResourceState[]): Promise<ResourceState[]> {
    return Promise.all(
      mine.map(async (state) => {
        const held = state.latest.entry;
        if (sameHash(held.primary_accountable, held.custodian)) return state;
        try {
          return { ...state, latest: await this.client.resource.applyRightsTransfers(asInput(state.original_hash)) };
        } catch {
          return state;
        }
      }),
    );
  }

  /** Creates my profile (zome `create_profile`), then refreshes. Throws the zome's error. */
  async createProfile(name: string): Promise<void> {
    await this.client.person.createProfile({ name, avatar_url: null });
    await this.refresh();
  }

  /** Renames my profile (zome `update_profile`), then refreshes. Throws the zome's error, or when I have no profile. */
  async renameProfile(name: string): Promise<void> {
    if (!this.myProfile) throw new Error("You have no profile yet: create one first.");
    await this.client.person.updateProfile({
      previous_profile_hash: asInput(this.myProfile.actionHash),
      name,
      avatar_url: this.myProfile.entry.avatar_url,
    });
    await this.refresh();
  }

  /**
   * Creates a specification (zome `create_resource_spec`) with the given
   * typed rules (see lib/rules.ts), then refreshes. Throws the zome's (or the
   * client's input check's) error.
   */
  async createSpec(name: string, description: string, governance_rules: GovernanceRule[], image_url: string | null = null): Promise<void> {
    const input: CreateResourceSpecInput = { name, description, image_url, governance_rules };
    await this.client.resource.createResourceSpec(input);
    await this.refresh();
  }

  /**
   * Creates a resource I hold (zome `create_economic_resource`) at `location`
   * (its `current_location`; required by a specification whose
   * `transfer_conditions` set `same_location`), then refreshes. Throws the zome's error.
   */
  async createResource(specHash: Uint8Array, quantity: number, unit: string, location: string | null = null): Promise<void> {
    await this.client.resource.createEconomicResource({ spec_hash: asInput(specHash), quantity, unit, current_location: location });
    await this.refresh();
  }

  /** One page of the resource catalogue (zome `find_resources`). Throws the zome's error. */
  findResources(query: ResourceQuery): Promise<ResourcePage> {
    return this.client.resource.findResources(query);
  }

  /**
   * The peer-validation status and history of the resource whose first
   * revision is `original` (zomes `check_validation_status`,
   * `get_validation_history`). Throws the zome's error.
   */
  async loadValidation(original: Uint8Array): Promise<ValidationInfo> {
    const { governance } = this.client;
    const [status, history] = await Promise.all([
      governance.checkValidationStatus(asInput(original)),
      governance.getValidationHistory(asInput(original)),
    ]);
    return { status, history };
  }

  /**
   * Records my verdict on someone else's new resource (zome
   * `validate_new_resource`; the zome refuses when the specification's scheme
   * does not admit me, on my own resource and on a second verdict), then
   * refreshes. Blank notes are stored as absent.
   */
  async validateResource(resource: ResourceState, approved: boolean, notes: string): Promise<void> {
    await this.client.governance.validateNewResource({
      resource_hash: asInput(resource.original_hash),
      approved,
      notes: notes.trim() === "" ? null : notes.trim(),
    });
    await this.refresh();
  }

  /**
   * As custodian, writes the `Validated` revision of a resource whose
   * approvals suffice (zome `confirm_resource_validation`), then refreshes.
   */
  async confirmValidation(resource: ResourceState): Promise<void> {
    await this.client.resource.confirmResourceValidation(asInput(resource.original_hash));
    await this.refresh();
  }

  /**
   * Hands custody of `resource` (which I hold) to `newCustodian` (zome
   * `transfer_custody`, which asks the governance operator and records a
   * TransferCustody event; a pending resource whose approvals suffice is
   * first recorded as Validated), then refreshes. Throws the zome's error,
   * e.g. when I am no longer the custodian or the resource is not validated.
   */
  async transferCustody(resource: ResourceState, newCustodian: Uint8Array, note: string): Promise<void> {
    await this.client.resource.transferCustody({
      resource_hash: asInput(resource.original_hash),
      new_custodian: asInput(newCustodian),
      note: note.trim() === "" ? null : note.trim(),
    });
    await this.refresh();
  }

  // ── Events, end of life, commitments ──

  /**
   * Records one ValueFlows event on `resource` (zome `record_event`, through
   * the governance operator, which applies the action's row of the effects
   * table and the specification's rules), then refreshes. Throws the zome's
   * error ("<action> refused by governance: <reasons>").
   */
  async recordEvent(input: RecordEventInput): Promise<void> {
    await this.client.resource.recordEvent(input);
    await this.refresh();
  }

  /**
   * The end-of-life status of the resource whose first revision is
   * `original` (zome `get_end_of_life_status`), or null when none was declared.
   */
  loadEndOfLife(original: Uint8Array): Promise<EndOfLifeStatus | null> {
    return this.client.resource.getEndOfLifeStatus(asInput(original));
  }

  /**
   * A page of the ledger of the resource whose first revision is `original`
   * (zome `get_resource_history_page`): up to `HISTORY_PAGE` events, newest
   * first, older than `before` (a previous page's `earlier`; null for the
   * latest), each with the state after it and the claim and commitment it
   * fulfilled.
   */
  loadHistoryPage(original: Uint8Array, before: Uint8Array | null): Promise<HistoryPage> {
    return this.client.governance.getResourceHistoryPage({
      resource_hash: asInput(original),
      limit: HISTORY_PAGE,
      before: before && asInput(before),
    });
  }

  /** As custodian, declares the end of life of a Validated resource (zome `declare_end_of_life`), then refreshes. */
  async declareEndOfLife(resource: ResourceState, reason: string): Promise<void> {
    await this.client.resource.declareEndOfLife({ resource_hash: asInput(resource.original_hash), reason: reason.trim() });
    await this.refresh();
  }

  /**
   * Confirms (after the challenge period) or challenges (during it) an
   * end-of-life declaration (zomes `confirm_end_of_life` /
   * `challenge_end_of_life`: Accountable Agents other than the declarer),
   * then refreshes. Blank notes are stored as absent. Throws the zome's error.
   */
  async answerEndOfLife(declaration: Uint8Array, answer: "confirm" | "challenge", notes: string): Promise<void> {
    const input = { declaration_hash: asInput(declaration), notes: notes.trim() === "" ? null : notes.trim() };
    if (answer === "confirm") await this.client.governance.confirmEndOfLife(input);
    else await this.client.governance.challengeEndOfLife(input);
    await this.refresh();
  }

  /**
   * As custodian, writes the final EndOfLife revision (zome
   * `finalize_end_of_life`: after the period, no open challenge, enough
   * confirmations), then refreshes. Throws the zome's error.
   */
  async finalizeEndOfLife(resource: ResourceState): Promise<void> {
    await this.client.resource.finalizeEndOfLife(asInput(resource.original_hash));
    await this.refresh();
  }

  /** My commitments, oldest first, split by who proposed them (zome `get_my_commitments`). */
  loadCommitments(): Promise<MyCommitments> {
    return this.client.governance.getMyCommitments();
  }

  /** Proposes a commitment (zome `propose_commitment`; I am its provider or its receiver), then refreshes. */
  async proposeCommitment(input: ProposeCommitmentInput): Promise<void> {
    await this.client.governance.proposeCommitment(input);
    await this.refresh();
  }

  /**
   * Accepts or declines (as the counterparty) or cancels (as either party,
   * before it is claimed) a commitment (zomes `accept_commitment`,
   * `decline_commitment`, `cancel_commitment`), then refreshes.
   */
  async decideCommitment(view: CommitmentView, decision: "accept" | "decline" | "cancel", note: string): Promise<void> {
    const input = { commitment_hash: asInput(view.record.actionHash), note: note.trim() === "" ? null : note.trim() };
    const { governance } = this.client;
    if (decision === "accept") await governance.acceptCommitment(input);
    else if (decision === "decline") await governance.declineCommitment(input);
    else await governance.cancelCommitment(input);
    await this.refresh();
  }

  /**
   * As provider, fulfils an accepted commitment (zome `claim_commitment`:
   * records the committed event, the resource's new revision and the claim
   * in one call), then refreshes. `resource` is required for a commitment on
   * a specification: one of my resources that conforms to it.
   */
  async claimCommitment(view: CommitmentView, resource: Uint8Array | null, note: string): Promise<void> {
    await this.client.governance.claimCommitment({
      commitment_hash: asInput(view.record.actionHash),
      resource_hash: resource ? asInput(resource) : null,
      note: note.trim() === "" ? null : note.trim(),
    });
    await this.refresh();
  }

  // ── Economic processes ──

  /**
   * What each process type requires and whether I may start it now, with the
   * reason when I may not, in PROCESS_TYPES order (zome get_process_requirements).
   */
  loadProcessRequirements(): Promise<ProcessRequirements[]> {
    return Promise.all(PROCESS_TYPES.map((t) => this.client.resource.getProcessRequirements(t)));
  }

  /**
   * Starts a process of `type` on `resource`, which I hold (zome
   * initiate_economic_process: records the type's start event through the
   * operator), then refreshes. A blank location is stored as absent. Throws the zome's error.
   */
  async startProcess(resource: ResourceState, type: ProcessType, name: string, location: string): Promise<void> {
    await this.client.resource.initiateEconomicProcess({
      process_type: type,
      name: name.trim(),
      resource_hashes: [asInput(resource.original_hash)],
      location: blankToNull(location),
    });
    await this.refresh();
  }

  /**
   * As the receiver of an accepted `Use` commitment about one resource that
   * someone else holds, starts my Use of it (zome initiate_economic_process
   * with `commitment_hash`; REQ-USER-A-04: the process cites the commitment
   * and the custodian's acceptance, and records no event), then refreshes.
   * Throws the zome's error (e.g. past the commitment's due date).
   */
  async useUnderCommitment(view: CommitmentView, name: string): Promise<void> {
    const resource = view.record.entry.resource_inventoried_as;
    if (!resource) throw new Error("a Use under a commitment needs the commitment to name one resource");
    await this.client.resource.initiateEconomicProcess({
      process_type: "Use",
      name: name.trim(),
      resource_hashes: [asInput(resource)],
      commitment_hash: asInput(view.record.actionHash),
    });
    await this.refresh();
  }

  /** My open processes, oldest first (zome get_active_processes), each with its resources. */
  async loadActiveProcesses(): Promise<ProcessView[]> {
    const processes = await this.client.resource.getActiveProcesses();
    return Promise.all(
      processes.map(async (process) => ({
        process,
        resources: await Promise.all(process.latest.entry.inputs.map((revision) => this.originalOf(revision))),
      })),
    );
  }

  /** The first revision of the resource `revision` belongs to (zome get_economic_resource, remembered); `revision` itself when not found. */
  private async originalOf(revision: Uint8Array): Promise<Uint8Array> {
    const key = hashKey(revision);
    const known = this.originals.get(key);
    if (known) return known;
    const state = await this.client.resource.getEconomicResource(asInput(revision));
    if (!state) return revision;
    this.originals.set(key, state.original_hash);
    return state.original_hash;
  }

  /**
   * Completes my InProgress process (zome complete_economic_process: records
   * the type's completion event — Transport a Dropoff at `to_location`, Repair
   * a Modify with `state`, Storage a TransferCustody to `receiver`), then
   * refreshes. Blank texts are sent as absent. Throws the zome's error.
   */
  async completeProcess(
    process: ProcessState,
    input: { to_location?: string; state?: string; receiver?: Uint8Array | null; note?: string },
  ): Promise<void> {
    await this.client.resource.completeEconomicProcess({
      process_hash: asInput(process.original_hash),
      to_location: blankToNull(input.to_location),
      state: blankToNull(input.state),
      receiver: input.receiver ? asInput(input.receiver) : null,
      note: blankToNull(input.note),
    });
    await this.refresh();
  }

  /** Suspends, resumes, cancels or fails my process (zome update_process_status), then refreshes. */
  async moveProcess(process: ProcessState, status: StatusMove): Promise<void> {
    await this.client.resource.updateProcessStatus({ process_hash: asInput(process.original_hash), status });
    await this.refresh();
  }

  /**
   * Every process the resource whose first revision is `original` was an
   * input of, oldest first (zome get_process_by_resource), each with its
   * events in the order they were recorded (zome get_process_events).
   */
  /**
   * Where the validation of a process's completion stands (zome
   * get_process_validation): how many approving validators it waits for
   * (0: none required), the verdicts so far and the minimums an approval's
   * assessment must meet (spec §4.3.14, REQ-GOV-07).
   */
  processValidation(process: ProcessState): Promise<ProcessValidationStatus> {
    return this.client.governance.getProcessValidation(asInput(process.original_hash));
  }

  /**
   * Records my verdict on someone else's process (zome
   * validate_process_completion): approved or not, why, and my assessment
   * of the work (each score 0-1); then refreshes. The zome refuses the
   * starter, a second verdict, and an approval below the thresholds.
   */
  async validateProcess(process: ProcessState, approved: boolean, notes: string, performance: PerformanceMetrics): Promise<void> {
    await this.client.governance.validateProcessCompletion({
      process_hash: asInput(process.original_hash),
      approved,
      notes: blankToNull(notes),
      performance,
    });
    await this.refresh();
  }

  async loadResourceProcesses(original: Uint8Array): Promise<ProcessWithEvents[]> {
    const { resource } = this.client;
    const processes = await resource.getProcessByResource(asInput(original));
    const events = await Promise.all(processes.map((p) => resource.getProcessEvents(asInput(p.original_hash))));
    return processes.map((process, i) => ({ process, events: events[i] }));
  }
}

/** A trimmed text, or null when blank or absent. */
function blankToNull(text: string | null | undefined): string | null {
  const t = (text ?? "").trim();
  return t === "" ? null : t;
}
