/**
 * Shared test helpers: hApp paths, players with the typed client, sample
 * payloads, polling with a deadline, and the test-only direct-write client.
 */
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { encode } from "@msgpack/msgpack";
import yaml from "js-yaml";
import { dhtSync, type PlayerApp, type Scenario } from "@holochain/tryorama";
import { encodeHashToBase64, type AgentPubKey } from "@holochain/client";
import { NondominiumClient, retryOnHeadMoved, type CreateResourceSpecInput } from "@nondominium/client";
import { harvestWasmCache, seedWasmCache } from "../../scripts/wasm-cache.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The production hApp. */
export const HAPP_PATH = join(root, "workdir", "nondominium.happ");
/** The production hApp plus the test-only `direct_write` coordinator. */
export const TEST_HAPP_PATH = join(root, "tests", "workdir", "nondominium-test.happ");

export const happ = (path: string) => ({ appBundleSource: { type: "path" as const, value: path } });

/** A player with the typed client bound to its app connection. */
export interface Agent {
  player: PlayerApp;
  client: NondominiumClient;
  pubKey: AgentPubKey;
}

export function agent(player: PlayerApp): Agent {
  return { player, client: new NondominiumClient(player.appWs), pubKey: player.agentPubKey };
}

/** Waits until every player's DHT holds the same ops (Tryorama `dhtSync`). */
export async function sync(agents: Agent[]): Promise<void> {
  const cell = agents[0].player.namedCells.get("nondominium")!;
  await dhtSync(
    agents.map((a) => a.player),
    cell.cell_id[0],
    500,
    60_000,
  );
}

/**
 * `make` run at most once: the first call starts it and every call returns the same promise (so a step that several
 * tests need, and none changes, is made by whichever test asks first, and a failure reaches each that asked).
 */
export function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

/** Polls `check` every 100 ms until it returns a truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A validator's `PerformanceMetrics` (spec §4.3.14): every score 1 (the
 * 0-1 scale) unless `over` sets it; no condition or extra metrics.
 */
export function performanceScores(over: Partial<Record<"timeliness_score" | "quality_score" | "reliability_score" | "communication_score" | "completion_rate", number>> = {}) {
  return {
    timeliness_score: 1,
    quality_score: 1,
    reliability_score: 1,
    communication_score: 1,
    completion_rate: 1,
    resource_condition_maintained: null,
    additional_metrics: null,
    ...over,
  };
}

export function sampleSpec(partial: Partial<CreateResourceSpecInput> = {}): CreateResourceSpecInput {
  return {
    name: "Cordless drill",
    description: "18 V drill with two batteries and a bit set",
    image_url: null,
    governance_rules: [
      { rule_type: "usage_limit", rule_data: JSON.stringify({ max_quantity: 10 }), enforced_by: null },
    ],
    ...partial,
  };
}

/**
 * An `EconomicProcess` entry for direct writes (spec §4.2.4): a Use named
 * "Test process" started now by `started_by`, InProgress, with no
 * credential, inputs, events, chain or commitment; `over` replaces any
 * field (`inputs`, `process_type` with its `required_role` and
 * `role_credential`, `follows`, `under_commitment`, …).
 */
export function processEntry(started_by: Uint8Array, over: object = {}) {
  return {
    process_type: "Use",
    name: "Test process",
    description: null,
    required_role: null,
    role_credential: null,
    inputs: [] as Uint8Array[],
    outputs: [],
    events: [],
    started_by,
    started_at: Date.now() * 1000,
    completed_at: null,
    location: null,
    status: "InProgress",
    overdue: false,
    follows: null,
    approvals: [],
    under_commitment: null,
    ...over,
  };
}

/** A `validation_scheme` rule: simple majority of the named validators. */
export function majorityOf(validators: Agent[]) {
  return {
    rule_type: "validation_scheme" as const,
    rule_data: JSON.stringify({ scheme: "simple_majority", validators: validators.map((v) => encodeHashToBase64(v.pubKey)) }),
    enforced_by: null,
  };
}

/**
 * Peer-validates a new resource (REQ-GOV-02): each validator, once it sees
 * the resource, approves it; the custodian waits until it sees the scheme
 * satisfied and writes the Validated revision, which it returns.
 */
export async function approveResource(custodian: Agent, validators: Agent[], resourceHash: Uint8Array) {
  for (const v of validators) {
    const seen = await eventually("the validator to see the resource", () => v.client.resource.getEconomicResource(resourceHash));
    // The validation reads the resource's specification (its scheme): a new one may reach the validator later.
    await eventually("the validator to see its specification", () => v.client.resource.getResourceSpec(seen.latest.entry.conforms_to));
    await v.client.governance.validateNewResource({ resource_hash: resourceHash, approved: true, notes: null });
  }
  await eventually(
    "the custodian to see the approvals",
    async () => (await custodian.client.governance.checkValidationStatus(resourceHash)).status === "approved",
  );
  return custodian.client.resource.confirmResourceValidation(resourceHash);
}

export const sameBytes = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/**
 * The integrity zomes in the order of the production DNA manifest
 * (`dnas/nondominium/workdir/dna.yaml`), and each one's entry and link types
 * in index order, from the `types.json` its unit test generates from the
 * Rust enums: no index is copied by hand.
 */
const INTEGRITY_ZOMES: string[] = (
  yaml.load(readFileSync(join(root, "dnas", "nondominium", "workdir", "dna.yaml"), "utf8")) as {
    integrity: { zomes: { name: string }[] };
  }
).integrity.zomes.map((z) => z.name);
const ZOME_TYPES = INTEGRITY_ZOMES.map(
  (name) =>
    JSON.parse(
      readFileSync(join(root, "dnas", "nondominium", "zomes", "integrity", name.replace(/_integrity$/, ""), "types.json"), "utf8"),
    ) as { zome: string; entryTypes: string[]; linkTypes: string[] },
);

/** The zome and entry index of the entry type `name` (a Rust `EntryTypes` variant). */
function entryType(name: string): { zome: number; entry: number } {
  for (const [zome, types] of ZOME_TYPES.entries()) {
    const entry = types.entryTypes.indexOf(name);
    if (entry >= 0) return { zome, entry };
  }
  throw new Error(`no integrity zome defines the entry type ${name}`);
}

/** The zome and link type index of the link type `name` (a Rust `LinkTypes` variant). */
function linkType(name: string): { zome: number; type: number } {
  for (const [zome, types] of ZOME_TYPES.entries()) {
    const type = types.linkTypes.indexOf(name);
    if (type >= 0) return { zome, type };
  }
  throw new Error(`no integrity zome defines the link type ${name}`);
}

/** Integrity zome indexes, as the DNA manifest orders them. */
export const ZOME = {
  person: INTEGRITY_ZOMES.indexOf("person_integrity"),
  resource: INTEGRITY_ZOMES.indexOf("resource_integrity"),
  governance: INTEGRITY_ZOMES.indexOf("governance_integrity"),
} as const;
/** Entry types the tests write directly. */
export const ENTRY = {
  agentProfile: entryType("AgentProfile"),
  privateProfile: entryType("PrivateProfile"),
  role: entryType("Role"),
  identityDisclosure: entryType("IdentityDisclosure"),
  validationReceipt: entryType("ValidationReceipt"),
  resourceSpecification: entryType("ResourceSpecification"),
  economicResource: entryType("EconomicResource"),
  endOfLifeDeclaration: entryType("EndOfLifeDeclaration"),
  economicEvent: entryType("EconomicEvent"),
  commitment: entryType("Commitment"),
  commitmentDecision: entryType("CommitmentDecision"),
  claim: entryType("Claim"),
  economicProcess: entryType("EconomicProcess"),
  participationAttestation: entryType("ParticipationAttestation"),
  privateParticipationClaim: entryType("PrivateParticipationClaim"),
} as const;
/** Link types the tests write directly. */
export const LINK = {
  allAgents: linkType("AllAgents"),
  specificationToResources: linkType("SpecificationToResources"),
  custodianToResources: linkType("CustodianToResources"),
  agentToCommitments: linkType("AgentToCommitments"),
  commitmentToDecisions: linkType("CommitmentToDecisions"),
  commitmentToClaims: linkType("CommitmentToClaims"),
  economicEventToClaims: linkType("EconomicEventToClaims"),
  resourceToRevisions: linkType("ResourceToRevisions"),
  agentToProfile: linkType("AgentToProfile"),
  agentToRoles: linkType("AgentToRoles"),
  agentToIdentityDisclosures: linkType("AgentToIdentityDisclosures"),
  allResourceSpecifications: linkType("AllResourceSpecifications"),
  resourceToEndOfLife: linkType("ResourceToEndOfLife"),
  resourceToRightsTransfers: linkType("ResourceToRightsTransfers"),
  agentToProcesses: linkType("AgentToProcesses"),
  resourceToProcesses: linkType("ResourceToProcesses"),
  processToEvents: linkType("ProcessToEvents"),
  validatedItemToReceipts: linkType("ValidatedItemToReceipts"),
  specificationToResourceApprovals: linkType("SpecificationToResourceApprovals"),
  resourceToClaims: linkType("ResourceToClaims"),
} as const;

/** An agent key retyped as the entry hash a link base or target carries; other hashes unchanged. */
export function asLinkable(hash: Uint8Array): Uint8Array {
  if (hash[0] === 0x84 && hash[1] === 0x20 && hash[2] === 0x24) {
    const entry = new Uint8Array(hash);
    entry[1] = 0x21;
    return entry;
  }
  return hash;
}

/**
 * Client of the TEST-ONLY `direct_write` coordinator: writes MessagePack
 * bytes as any entry, update, delete or link with no coordinator checks, so
 * only the integrity zomes stand between the data and the DHT.
 */
export class DirectWrite {
  constructor(private readonly player: PlayerApp) {}

  private call<T>(fn_name: string, payload: unknown): Promise<T> {
    return retryOnHeadMoved(() => this.player.appWs.callZome({ role_name: "nondominium", zome_name: "direct_write", fn_name, payload }) as Promise<T>);
  }

  create(type: { zome: number; entry: number }, entry: object): Promise<Uint8Array> {
    return this.call("create_raw", { zome_index: type.zome, entry_index: type.entry, entry: encode(entry) });
  }
  /** Creates a private entry (the entry type must be private). */
  createPrivate(type: { zome: number; entry: number }, entry: object): Promise<Uint8Array> {
    return this.call("create_raw", { zome_index: type.zome, entry_index: type.entry, entry: encode(entry), private: true });
  }
  /**
   * Writes `entry` as a Create whose action claims `timestamp` (µs) instead
   * of the conductor's time — what a conductor with a forged clock writes —
   * through the admin API's `graft_records` with validation on: the
   * conductor runs the same system and app validation as for a commit and
   * inserts nothing when either refuses. Rejects with the rule's message.
   * `validate: false` (a rogue's conductor) grafts it unchecked and
   * publishes it; the record must still follow the chain top in time, or
   * system validation, not the app's rules, refuses it at every peer.
   */
  createDated(type: { zome: number; entry: number }, entry: object, timestamp: number, { validate = true } = {}): Promise<Uint8Array> {
    return this.graftDated({ zome_index: type.zome, entry_index: type.entry, entry: encode(entry), timestamp }, validate);
  }
  /** {@link createDated} for an Update of `original` (an action hash this agent can get). */
  updateDated(type: { zome: number; entry: number }, original: Uint8Array, entry: object, timestamp: number): Promise<Uint8Array> {
    return this.graftDated({ zome_index: type.zome, entry_index: type.entry, entry: encode(entry), timestamp, original });
  }
  /** The timestamp (µs) of this agent's chain top, which a dated record must follow. */
  chainTopTime(): Promise<number> {
    return this.call("chain_top_time", null);
  }
  /** Signs the dated record `input` describes (test zome `dated_record`), grafts it (validated unless `validate` is false) and returns its action hash. */
  private async graftDated(input: Record<string, unknown>, validate = true): Promise<Uint8Array> {
    const record = await this.call<{ signed_action: { hashed: { hash: Uint8Array } } }>("dated_record", input);
    // @holochain/client 0.20.1 has no method for it; its generic requester sends the admin request.
    const admin = this.player.conductor.adminWs() as unknown as { _requester: (tag: string) => (req: unknown) => Promise<unknown> };
    const cell_id = this.player.namedCells.get("nondominium")!.cell_id;
    await admin._requester("graft_records")({ cell_id, validate, records: [record] });
    return record.signed_action.hashed.hash;
  }
  /** This agent's Ed25519 signature of participation terms (as the governance zome signs them). */
  signTerms(terms: object): Promise<Uint8Array> {
    return this.call("sign_participation_terms", terms);
  }
  /** The signed_data_hash of participation terms. */
  hashTerms(terms: object): Promise<Uint8Array> {
    return this.call("hash_participation_terms", terms);
  }
  update(original: Uint8Array, entry: object): Promise<Uint8Array> {
    return this.call("update_raw", { original, entry: encode(entry) });
  }
  delete(hash: Uint8Array): Promise<Uint8Array> {
    return this.call("delete_raw", hash);
  }
  /** Agent keys as link bases travel as entry-typed hashes, as the HDK's `create_link` sends them. */
  createLink(link: { zome: number; type: number }, base: Uint8Array, target: Uint8Array, tag: Uint8Array = new Uint8Array()): Promise<Uint8Array> {
    return this.call("create_link_raw", {
      base: asLinkable(base),
      target: asLinkable(target),
      zome_index: link.zome,
      link_type: link.type,
      tag,
    });
  }
  /**
   * A link tag carrying a copy of a record (`CarriedTarget`, what the
   * coordinators write on an index link made with its target): the action
   * at `actionOf` and the entry at `entryOf` (none when null; another
   * record's forges the copy).
   */
  async carriedTag(actionOf: Uint8Array, entryOf: Uint8Array | null): Promise<Uint8Array> {
    return new Uint8Array(await this.call<Uint8Array>("carried_tag", { action_of: actionOf, entry_of: entryOf }));
  }
  /** The action timestamp (µs) of the record at `hash`, as this peer gets it. */
  async timestampOf(hash: Uint8Array): Promise<number> {
    const record = await this.call<{ signed_action: { hashed: { content: { timestamp: number } } } } | null>("get_record", hash);
    if (!record) throw new Error("timestampOf: record not found");
    return record.signed_action.hashed.content.timestamp;
  }
  /** The entry hash of the record at `hash`, as this peer gets it (what an entry-hash citation names). */
  async entryHashOf(hash: Uint8Array): Promise<Uint8Array> {
    const record = await this.call<{ signed_action: { hashed: { content: { entry_hash?: Uint8Array } } } } | null>("get_record", hash);
    const entryHash = record?.signed_action.hashed.content.entry_hash;
    if (!entryHash) throw new Error("entryHashOf: no entry found at this hash");
    return entryHash;
  }
  /** The targets of the live (not deleted) links of `link`'s type from `base`, as this agent's conductor holds them. */
  liveLinks(link: { zome: number; type: number }, base: Uint8Array): Promise<Uint8Array[]> {
    return this.call("live_links", { base: asLinkable(base), zome_index: link.zome, link_type: link.type });
  }
  deleteLink(hash: Uint8Array): Promise<Uint8Array> {
    return this.call("delete_link_raw", hash);
  }
  /**
   * What this peer holds about `hash`: `found_by_get`, a network `get` (any
   * peer that serves it, the author included); `found_locally`, what this
   * peer's own store would serve; the entry's content; its validation status here.
   */
  localView(hash: Uint8Array): Promise<{
    found_by_get: boolean;
    found_locally: boolean;
    entry_content_found: boolean;
    local_validation_status: string | null;
  }> {
    return this.call("local_view", hash);
  }
  warrantCount(agent: Uint8Array): Promise<number> {
    return this.call("warrant_count", agent);
  }
  /** The actions of `agent` that this peer's invalid-op warrants name (a fork warrant names no single action). */
  warrantedActions(agent: Uint8Array): Promise<Uint8Array[]> {
    return this.call("warranted_actions", agent);
  }
  /**
   * Waits up to `timeoutMs` for this peer's verdict that `author`'s record at
   * `hash` is invalid: its own store holds the record Rejected, or it holds a
   * warrant naming that action. The second happens when another op of the
   * record (e.g. the author's RegisterAgentActivity) reached it first: it
   * rejected that op, warranted and blocked the author, and the record's own
   * op then never arrives. Resolves with the local view and which it saw.
   */
  async rejection(author: Uint8Array, hash: Uint8Array, timeoutMs = 90_000) {
    return eventually(
      "a rejection of the record (Rejected here, or a warrant naming it)",
      async () => {
        const view = await this.localView(hash);
        if (view.local_validation_status === "Rejected") return { view, by: "rejected" as const };
        const named = await this.warrantedActions(author);
        return named.some((a) => sameBytes(a, hash)) ? { view, by: "warrant" as const } : null;
      },
      timeoutMs,
    );
  }
  /** The entry hash of an anchor path such as "all_agents" (the base of index links). */
  pathHash(path: string): Promise<Uint8Array> {
    return this.call("path_entry_hash", path);
  }
}

/**
 * The shortest end-of-life challenge period the test networks allow, in
 * seconds (DNA property `min_challenge_period_seconds`; production networks
 * default to one day), so a test can wait a period out.
 */
export const MIN_CHALLENGE_SECONDS = 10;

/**
 * How far before a revision an action citing it may be dated on the test
 * networks, in seconds (DNA property `clock_tolerance_seconds`; production
 * networks default to an hour). The test conductors share one clock, so a
 * test can date an action past it without waiting an hour.
 */
export const CLOCK_TOLERANCE_SECONDS = 2;

/**
 * The DNA properties of a test network: its progenitors, the test minimum
 * challenge period, and any `extra` network constants (e.g.
 * `process_validation`).
 */
export function testProperties(progenitors: AgentPubKey[], extra: Record<string, unknown> = {}) {
  return { progenitors: progenitors.map((k) => encodeHashToBase64(k)), min_challenge_period_seconds: MIN_CHALLENGE_SECONDS, clock_tolerance_seconds: CLOCK_TOLERANCE_SECONDS, ...extra };
}

type TestConductor = Awaited<ReturnType<Scenario["addConductor"]>>;
const dirOf = (conductor: TestConductor) => (conductor as unknown as { conductorDir: string }).conductorDir;

/**
 * Adds a conductor to `scenario` that starts with the compiled zomes earlier
 * conductors of this machine left in `.wasm-cache/` (`scripts/wasm-cache.mjs`:
 * each wasm compiles once per build, not once per conductor); `configure`
 * may edit its conductor config first.
 */
export async function addConductor(scenario: Scenario, configure?: (config: Record<string, unknown>) => void): Promise<TestConductor> {
  const conductor = await scenario.addConductor({ startup: false } as never);
  const dir = dirOf(conductor);
  if (configure) {
    const configPath = join(dir, "conductor-config.yaml");
    const config = yaml.load(readFileSync(configPath, "utf8")) as Record<string, unknown>;
    configure(config);
    writeFileSync(configPath, yaml.dump(config));
  }
  seedWasmCache(dir);
  await conductor.startUp();
  return conductor;
}

/**
 * Makes each conductor compile what it has not compiled yet (one zome call
 * of one of its agents reaches every coordinator zome: the cell's `init`),
 * then adds what it compiled to the shared cache.
 */
async function warmUp(players: PlayerApp[]): Promise<void> {
  const seen = new Set<string>();
  for (const player of players) {
    const dir = dirOf(player.conductor as TestConductor);
    if (seen.has(dir)) continue;
    seen.add(dir);
    await player.appWs.callZome({ role_name: "nondominium", zome_name: "person", fn_name: "get_my_profile", payload: null });
    harvestWasmCache(dir);
  }
}

/**
 * Adds `perConductor.length` conductors with `perConductor[i]` agents each
 * (several agents per conductor keep start-up short), all installing
 * `happPath` on the scenario's network with DNA properties naming the agents
 * at `progenitors` (indexes in creation order) as progenitors, plus the
 * network constants in `extraProperties`.
 */
export async function addAgents(
  scenario: Scenario,
  perConductor: number[],
  progenitors: number[],
  happPath = TEST_HAPP_PATH,
  extraProperties: Record<string, unknown> = {},
): Promise<Agent[]> {
  const slots: { conductor: Awaited<ReturnType<Scenario["addConductor"]>>; agentPubKey: AgentPubKey }[] = [];
  for (const count of perConductor) {
    const conductor = await addConductor(scenario);
    for (let i = 0; i < count; i++) slots.push({ conductor, agentPubKey: await conductor.adminWs().generateAgentPubKey() });
  }
  const properties = testProperties(
    progenitors.map((i) => slots[i].agentPubKey),
    extraProperties,
  );
  const app = {
    ...happ(happPath),
    options: {
      networkSeed: scenario.networkSeed,
      rolesSettings: { nondominium: { type: "provisioned" as const, value: { modifiers: { properties } } } },
    },
  };
  // The first conductor installs (and compiles) first; the others start from
  // what it compiled: a conductor looks in its wasm-cache directory at every
  // compilation it has not done yet, so the files can arrive after it started.
  const firstCount = perConductor[0] ?? 0;
  const players = await scenario.installAppsForPlayers(
    slots.slice(0, firstCount).map(() => app),
    slots.slice(0, firstCount),
  );
  await warmUp(players);
  const rest = slots.slice(firstCount);
  for (const dir of new Set(rest.map((slot) => dirOf(slot.conductor)))) seedWasmCache(dir);
  const others = await scenario.installAppsForPlayers(rest.map(() => app), rest);
  await warmUp(others);
  players.push(...others);
  // Tell every conductor about every agent now, rather than waiting for the
  // bootstrap server to introduce them (tens of seconds on a fresh network).
  await scenario.shareAllAgents();
  return players.map(agent);
}

/**
 * Adds a conductor whose self-validation is switched off (testing only), so
 * its agent can commit and publish data its own integrity zomes would refuse:
 * a rogue peer, on the scenario's network with the same progenitors as the
 * honest peers (properties are part of the DNA hash). Returns the player with
 * the test hApp installed.
 */
export async function addRoguePlayer(scenario: Scenario, progenitors: AgentPubKey[] = []): Promise<PlayerApp> {
  const conductor = await addConductor(scenario, (config) => {
    if (!("tuning_params" in config)) throw new Error("conductor config has no tuning_params key");
    config.tuning_params = { disable_self_validation: true };
  });
  const agentPubKey = await conductor.adminWs().generateAgentPubKey();
  // installAppsForPlayers does not apply the scenario's network seed: pass it, or the rogue is alone on another network.
  const properties = testProperties(progenitors);
  const app = {
    ...happ(TEST_HAPP_PATH),
    options: {
      networkSeed: scenario.networkSeed,
      rolesSettings: { nondominium: { type: "provisioned" as const, value: { modifiers: { properties } } } },
    },
  };
  const [rogue] = await scenario.installAppsForPlayers([app], [{ conductor, agentPubKey }]);
  await warmUp([rogue]);
  return rogue;
}
