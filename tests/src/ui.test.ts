/// <reference types="node" />
/**
 * Browser smoke test of the nondominium UI against real conductors.
 *
 * Four Tryorama agents: A, B and C each on a conductor of their own, D on
 * C's. A, B and C are the progenitors named in every install's DNA
 * properties (so all three are Accountable: B may validate and receive
 * Transport, C may confirm an end of life); D is a Simple Agent. A and B are
 * each given what scripts/start.mjs gives an agent: an app interface that
 * accepts only its UI origin, a reusable token and zome-call signing
 * credentials, written to a JSON file; one Vite dev server of ui/ per agent
 * serves that file as `/agent-config.json`, and headless Debian chromium
 * (playwright-core) drives both pages. C and D have no browser: they act
 * through the typed client (`@nondominium/client`), as a peer's own UI would.
 *
 * Resources: A and B create profiles in the browser (C and D through the
 * client); A builds a specification with the rule builder (a usage limit of
 * at most 1 per use, and a simple-majority validation scheme naming B, chosen
 * by name — D, not Accountable, is listed but cannot be chosen), seeing field
 * errors before submitting, and the list shows the rules in words over their
 * typed rule_data; A's new resource is Pending, its transfer disabled with
 * the reason. B (after DHT sync, pressing Refresh like a person would) finds
 * it in the catalogue (text search, validation-state and "held by me"
 * filters) and approves it with a note from the validation queue; A sees "1
 * of 1 approval" and the history, records the validation (Validated), and
 * hands custody to B, chosen by name from the directory; B's page shows it
 * under "Held by me" without anyone pressing Refresh (live update: A's zome
 * signals the change to B's, the header names A) and in the catalogue. Agents: both pages mark A and B
 * "Founder" and Accountable; B's "Start a process" form on the washer
 * offers a Use but shows Transport disabled with the zome's reason (no role
 * yet); A grants B the Transport role from the directory and B sees it
 * under "My roles" with its validation receipt; A
 * cannot offer Transport to D (not Accountable), and the page says why; B
 * stores identity data and shares its legal name with A from the browser;
 * D shares its identity data with A, and A reads it from the review queue
 * (founders never wait for review). The economic cycle under its rules: the
 * specification also gets an end_of_life rule from the rule builder (1
 * confirmation is flagged as too few, then 2; a challenge period below the
 * test network's minimum is refused by the zome with its own words, then 20
 * "seconds"); B — custodian, while A keeps the rights — records a Move from
 * the event form, which shows each action's effects and only the inputs they
 * need, offers no action that changes rights (Consume) and says that Modify
 * must follow an Accept; B offers A the use of the washer (Propose), A
 * accepts it from "Proposed to me", B claims it, and both ledgers show the
 * three events with their effects and the commitment. Processes: B, now
 * holding Transport (Repair still disabled, with its reason), starts a
 * Transport of the washer from it, sees it under "My processes" with only
 * the moves its status allows, suspends and resumes it, completes it with a
 * destination (the only thing a Transport's completion asks), and the
 * ledger shows the process, its Pickup and Dropoff in order, and the new
 * location. B declares the end of life, both pages count the challenge
 * period down live, A challenges, then
 * confirms once it is over (resolving the challenge), C confirms through the
 * client, B sees "2 of 2" and finalises, and the resource shows "End of
 * life" with no action left. Receipts and reputation: B's page lists its
 * four receipts (its approval, the use it claimed, A's and C's end-of-life
 * confirmations), each with both signatures verified, filters them by
 * claim type, and shows its reputation (4 perfect interactions: 0.40) with
 * its figures per claim type; B shares it with A from the page, and A
 * reads it and sees it verified, covering the 4 attestations.
 *
 * Needs: workdir/nondominium.happ, holochain/hc/kitsune2-bootstrap-srv on
 * PATH (~/.cargo/bin is added), and chromium (`apt-get install -y chromium`;
 * CHROMIUM_PATH overrides /usr/bin/chromium). Conductors, Vite servers and
 * the browser are always shut down in afterAll, even after a failure.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { encodeHashToBase64, generateSigningKeyPair, type CellId } from "@holochain/client";
import { Scenario, type PlayerApp } from "@holochain/tryorama";
import { chromium, type Browser, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { afterAll, beforeAll, chai, describe, expect, it } from "vitest";
import { addAgents, eventually, HAPP_PATH, MIN_CHALLENGE_SECONDS, sameBytes, type Agent } from "./common.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const HAPP = HAPP_PATH;
const UI_DIR = path.join(ROOT, "ui");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ROLE = "nondominium";
/**
 * The washer's end-of-life challenge period: long enough to challenge in,
 * short enough to wait out, and at least the test networks' minimum.
 */
const CHALLENGE_SECONDS = 20;
if (CHALLENGE_SECONDS < MIN_CHALLENGE_SECONDS) throw new Error("CHALLENGE_SECONDS is below the test networks' minimum");
/** Names of the agents without a browser: C (a progenitor) and D (a Simple Agent). */
const C_NAME = "Chen (test makerspace)";
const D_NAME = "Dana (test garden)";
/** The resource of the story, as its actions name it. */
const WASHER = "Pressure washer, 1 unit";
chai.config.truncateThreshold = 0; // a failed toContain shows the page's whole text
process.env.PATH = `${path.join(os.homedir(), ".cargo", "bin")}${path.delimiter}${process.env.PATH ?? ""}`;

/** One agent as the browser sees it. */
interface AgentUi {
  label: string;
  player: PlayerApp;
  server: ViteDevServer;
  url: string;
  page: Page;
  /** Messages the page logged as errors, shown when an assertion fails. */
  pageErrors: string[];
}

let scenario: Scenario | undefined;
let browser: Browser | undefined;
const servers: ViteDevServer[] = [];
const agents: AgentUi[] = [];
/** C and D: no browser, the typed client only. */
let c: Agent;
let d: Agent;
let tmp: string | undefined;

/** A TCP port nobody listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Gives `player` a browser connection exactly as scripts/start.mjs does and
 * starts a Vite dev server of ui/ that serves it; returns the page URL.
 */
async function serveUiFor(player: PlayerApp, label: string, dir: string): Promise<{ server: ViteDevServer; url: string }> {
  const admin = player.conductor.adminWs();
  const uiPort = await freePort();
  const origin = `http://localhost:${uiPort}`;
  const cellId = player.namedCells.get(ROLE)?.cell_id as CellId | undefined;
  if (!cellId) throw new Error(`player ${label} has no "${ROLE}" cell`);
  const { port: appPort } = await admin.attachAppInterface({
    allowed_origins: origin,
    installed_app_id: player.appId,
  });
  const { token } = await admin.issueAppAuthenticationToken({
    installed_app_id: player.appId,
    single_use: false,
    expiry_seconds: 0,
  });
  const [keyPair, signingKey] = await generateSigningKeyPair();
  const capSecret = await admin.grantSigningKey(cellId, { type: "all" }, signingKey);
  const configPath = path.join(dir, `agent-${label}.json`);
  const bytes = (u: Uint8Array) => Array.from(u);
  writeFileSync(
    configPath,
    JSON.stringify({
      appPort,
      token,
      cellId: [bytes(cellId[0]), bytes(cellId[1])],
      capSecret: bytes(capSecret),
      keyPair: { keyType: keyPair.keyType, publicKey: bytes(keyPair.publicKey), privateKey: bytes(keyPair.privateKey) },
      signingKey: bytes(signingKey),
      installedAppId: player.appId,
    }),
    { mode: 0o600 },
  );
  // ui/vite.config.ts reads these when the config is loaded, i.e. inside createServer.
  process.env.NONDOMINIUM_AGENT_CONFIG = configPath;
  process.env.NONDOMINIUM_VITE_CACHE_DIR = path.join(ROOT, "node_modules", ".vite-nondominium", `test-${label}`);
  const server = await createServer({
    root: UI_DIR,
    configFile: path.join(UI_DIR, "vite.config.ts"),
    logLevel: "error",
    server: { port: uiPort, strictPort: true, host: "localhost" },
  });
  servers.push(server);
  await server.listen();
  return { server, url: `${origin}/` };
}

/** Opens `url` in a fresh browser context, recording page errors. */
async function openPage(url: string, errors: string[]): Promise<Page> {
  if (!browser) throw new Error("browser not started");
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  await page.goto(url);
  return page;
}

/** Creates the profile `name` on `page` and waits until the page shows it as mine. */
async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByLabel("Your name or pseudonym", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create profile" }).click();
  await page.getByTestId("my-name").filter({ hasText: name }).waitFor({ timeout: 20_000 });
}

/** Text content with runs of whitespace (template indentation) made single spaces. */
function squash(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/**
 * Presses Refresh on `page` until `check` passes (or `ms` elapse), the way a
 * person waits for gossip. Throws the last failure with the page's errors.
 */
async function refreshUntil(a: AgentUi, check: () => Promise<void>, ms = 40_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        const alerts = await a.page.getByRole("alert").allTextContents().catch(() => []);
        throw new Error(
          `${(e as Error).message}\npage errors of ${a.label}:\n${a.pageErrors.join("\n") || "(none)"}` +
            `\nalerts on ${a.label}'s page:\n${alerts.map((t) => t.replace(/\s+/g, " ").trim()).join("\n") || "(none)"}`,
        );
      }
      const refresh = a.page.getByRole("button", { name: /^Refresh/ });
      await refresh.click().catch(() => undefined);
      await a.page.waitForTimeout(1000);
    }
  }
}

/**
 * Waits until `check` passes on `a`'s page WITHOUT pressing Refresh (live
 * updates only), or throws after `ms` with the page's errors.
 */
async function liveUntil(a: AgentUi, check: () => Promise<void>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      await check();
      return;
    } catch (e) {
      if (Date.now() > deadline) {
        const status = squash(await a.page.getByTestId("refresh-status").textContent().catch(() => ""));
        throw new Error(`${(e as Error).message}\nno live update on ${a.label}'s page (status: "${status}"); page errors:\n${a.pageErrors.join("\n") || "(none)"}`);
      }
      await a.page.waitForTimeout(200);
    }
  }
}

describe("UI in a browser", () => {
  beforeAll(async () => {
    if (!existsSync(HAPP)) throw new Error(`${HAPP} is missing: run npm run build:happ`);
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
    tmp = mkdtempSync(path.join(os.tmpdir(), "nondominium-ui-test-"));
    scenario = new Scenario({ timeout: 30_000 });
    // A, B, C one per conductor, D on C's; A, B and C (indexes 0-2) are the progenitors named in every install's DNA properties.
    const all = await addAgents(scenario, [1, 1, 2], [0, 1, 2], HAPP);
    const players = all.map((a) => a.player);
    [c, d] = [all[2], all[3]];
    await scenario.shareAllAgents();
    await c.client.person.createProfile({ name: C_NAME });
    await d.client.person.createProfile({ name: D_NAME });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    for (const [player, label] of [
      [players[0], "A"],
      [players[1], "B"],
    ] as const) {
      const { server, url } = await serveUiFor(player, label, tmp);
      const pageErrors: string[] = [];
      agents.push({ label, player, server, url, page: await openPage(url, pageErrors), pageErrors });
    }
  }, 120_000);

  afterAll(async () => {
    // Each step on its own: one failure must not keep the others from running.
    await browser?.close().catch((e) => console.error("closing chromium:", e));
    for (const s of servers) await s.close().catch((e) => console.error("closing vite:", e));
    if (scenario) {
      const dirs = scenario.conductors.map((c) => c.getTmpDirectory());
      await scenario.shutDown().catch((e) => console.error("stopping conductors:", e));
      // Not cleanUp(): `hc sandbox clean` would also delete sandboxes of test files running in parallel.
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }, 60_000);

  it("A builds a specification with typed rules naming B as validator; A's new resource waits for validation", async () => {
    const [a, b] = agents;

    await createProfile(a.page, "Alice (test library)");
    await createProfile(b.page, "Bilal (test workshop)");
    // B must be in A's directory to be chosen as a validator by name; D, to be seen as one who cannot be.
    await refreshUntil(a, async () => {
      const directory = (await a.page.getByTestId("directory").textContent({ timeout: 1000 })) ?? "";
      expect(directory).toContain("Bilal (test workshop)");
      expect(directory).toContain(D_NAME);
    });

    await a.page.getByRole("button", { name: "New specification" }).click();
    await a.page.getByLabel("Name", { exact: true }).fill("Pressure washer");
    await a.page.getByLabel("Description", { exact: true }).fill("Electric, 130 bar, with patio cleaner head.");
    await a.page.getByRole("button", { name: "Add rule" }).click();
    const rule1 = a.page.getByRole("group", { name: "Rule 1", exact: true });
    await rule1.getByLabel("Rule type", { exact: true }).selectOption({ label: "Usage limit" });
    // Only what the zomes evaluate is offered: no duration, no concurrent users.
    expect(await rule1.getByLabel(/duration|concurrent/i).count()).toBe(0);
    // A value out of range is flagged as it is typed, before any submit.
    await rule1.getByLabel("Max quantity per use", { exact: true }).fill("0");
    await rule1.getByText("Must be greater than 0.").waitFor({ timeout: 5000 });
    await rule1.getByLabel("Max quantity per use", { exact: true }).fill("1");
    expect(await rule1.getByText("Must be greater than 0.").count()).toBe(0);
    await a.page.getByRole("button", { name: "Add rule" }).click();
    const rule2 = a.page.getByRole("group", { name: "Rule 2", exact: true });
    await rule2.getByLabel("Rule type", { exact: true }).selectOption({ label: "Validation scheme" });
    await rule2.getByLabel("Scheme", { exact: true }).selectOption({ label: "Simple majority of named validators" });
    // A missing value is flagged on submit, and nothing reaches the zome.
    await a.page.getByRole("button", { name: "Create specification" }).click();
    await rule2.getByText("Choose at least one validator.").waitFor({ timeout: 5000 });
    await a.page.getByRole("alert").filter({ hasText: "Fix the rules marked above" }).waitFor({ timeout: 5000 });
    const validators = rule2.getByRole("group", { name: "Validators" });
    // Validators must be Accountable: D (a Simple Agent) is listed, marked, and cannot be chosen.
    const dBox = validators.getByRole("checkbox", { name: D_NAME }); // the name also carries the mark
    expect(await dBox.isDisabled()).toBe(true);
    expect(squash(await validators.textContent())).toContain(`${D_NAME} — not Accountable: cannot validate`);
    await validators.getByRole("checkbox", { name: "Bilal (test workshop)" }).check();
    expect(await rule2.getByText("Choose at least one validator.").count()).toBe(0);
    // An end-of-life rule, its challenge period typed with a unit and stored in seconds.
    await a.page.getByRole("button", { name: "Add rule" }).click();
    const rule3 = a.page.getByRole("group", { name: "Rule 3", exact: true });
    await rule3.getByLabel("Rule type", { exact: true }).selectOption({ label: "End of life" });
    // Several validators confirm an end of life (REQ-GOV-12): 1 is too few.
    await rule3.getByLabel("Confirmations needed", { exact: true }).fill("1");
    await rule3.getByText("Must be a whole number, at least 2.").waitFor({ timeout: 5000 });
    await rule3.getByLabel("Confirmations needed", { exact: true }).fill("2");
    expect(await rule3.getByText("Must be a whole number, at least 2.").count()).toBe(0);
    expect(await rule3.getByTestId("challenge-minimum").textContent()).toContain("one day unless the network says otherwise");
    // The network's minimum period is a DNA property the page does not read: the zome refuses, in its own words.
    const tooShort = MIN_CHALLENGE_SECONDS - 5;
    await rule3.getByLabel("Challenge period", { exact: true }).fill(String(tooShort));
    await rule3.getByLabel("Challenge period unit", { exact: true }).selectOption({ label: "seconds" });
    await a.page.getByRole("button", { name: "Create specification" }).click();
    await a.page
      .getByRole("alert")
      .filter({ hasText: `challenge_period_seconds must be at least ${MIN_CHALLENGE_SECONDS} (this network's minimum)` })
      .waitFor({ timeout: 20_000 });
    await rule3.getByLabel("Challenge period", { exact: true }).fill(String(CHALLENGE_SECONDS));
    await rule3
      .getByTestId("end-of-life-preview")
      .filter({ hasText: `can be challenged for ${CHALLENGE_SECONDS} seconds, then needs 2 confirmations` })
      .waitFor({ timeout: 5000 });
    await a.page.getByRole("button", { name: "Create specification" }).click();

    const aSpecs = a.page.getByTestId("specs");
    await aSpecs.getByText("Pressure washer").waitFor({ timeout: 20_000 });
    const rules = aSpecs.getByRole("definition");
    const specText = (await aSpecs.textContent()) ?? "";
    expect(specText).toContain("usage_limit");
    expect(specText).toContain("at most 1 per use");
    expect(specText).toContain("validation_scheme");
    expect(specText).toContain("approved by a simple majority of Bilal (test workshop)");
    expect(specText).toContain("end_of_life");
    expect(specText).toContain(`a declared end of life can be challenged for ${CHALLENGE_SECONDS} seconds, then needs 2 confirmations`);
    // The stored rule_data is the typed JSON, B named by its base64 key.
    const bKey = encodeHashToBase64(b.player.agentPubKey);
    expect(await rules.locator("[title]").evaluateAll((els) => els.map((e) => e.getAttribute("title")))).toEqual([
      JSON.stringify({ max_quantity: 1 }),
      JSON.stringify({ scheme: "simple_majority", validators: [bKey] }),
      JSON.stringify({ confirmations: 2, challenge_period_seconds: CHALLENGE_SECONDS }),
    ]);

    await a.page.getByRole("button", { name: "New resource" }).click();
    await a.page.getByLabel("Specification", { exact: true }).selectOption({ label: "Pressure washer" });
    await a.page.getByLabel("Quantity", { exact: true }).fill("1");
    await a.page.getByLabel("Unit", { exact: true }).fill("unit");
    await a.page.getByRole("button", { name: "Create resource" }).click();
    const aMine = a.page.getByTestId("my-resources");
    await aMine.getByTestId("validation-summary").filter({ hasText: "0 of 1 approval" }).waitFor({ timeout: 20_000 });
    expect(await aMine.textContent()).toContain("Pressure washer");
    expect(await aMine.textContent()).toContain("1 unit");
    expect(await aMine.getByTestId("validation-badge").textContent()).toBe("Pending");
    // Not Validated: no hand-over yet, and the page says why.
    expect(await a.page.getByRole("button", { name: /^Transfer custody of Pressure washer/ }).isDisabled()).toBe(true);
    expect(await aMine.getByTestId("transfer-blocked").textContent()).toContain("Transfer waits for peer validation (0 of 1 approval)");
    expect(await a.page.getByRole("alert").count()).toBe(0);
    expect(await a.page.getByTestId("validation-queue").count()).toBe(0); // nobody validates their own resource
  }, 90_000);

  it("B finds the resource in the catalogue and approves it from the validation queue; A records the validation and hands custody to B", async () => {
    const [a, b] = agents;
    const queueItem = b.page.getByRole("form", { name: /^Validate Pressure washer, 1 unit held by Alice \(test library\)/ });
    await refreshUntil(b, async () => {
      await queueItem.waitFor({ timeout: 1000 });
      expect(await queueItem.textContent()).toContain("0 of 1 approval");
      expect(await queueItem.textContent()).toContain("you may validate");
    });
    expect(await b.page.getByTestId("my-resources").count()).toBe(0); // B holds nothing

    // Catalogue: search and filters.
    const range = b.page.getByTestId("catalogue-range");
    const catalogue = b.page.getByTestId("catalogue");
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    expect(await catalogue.textContent()).toContain("held by Alice (test library)");
    expect(await catalogue.getByTestId("validation-badge").textContent()).toBe("Pending");
    await b.page.getByLabel("Search", { exact: true }).fill("ladder");
    await b.page.getByRole("button", { name: "Search", exact: true }).click();
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Search", { exact: true }).fill("130 bar"); // in the description
    await b.page.getByRole("button", { name: "Search", exact: true }).click();
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Validation state", { exact: true }).selectOption({ label: "Rejected" });
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Validation state", { exact: true }).selectOption({ label: "Pending validation" });
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Held by me", { exact: true }).check();
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByRole("button", { name: "Clear filters" }).click();
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });

    await queueItem.getByLabel("Notes (optional)", { exact: true }).fill("Hose and lance checked");
    await queueItem.getByRole("button", { name: "Approve", exact: true }).click();
    await b.page.getByRole("status").filter({ hasText: "You approved Pressure washer, 1 unit held by Alice (test library)." }).waitFor({ timeout: 20_000 });
    await b.page.getByText("Nothing waits for your verdict.").waitFor({ timeout: 20_000 });

    // A sees the approval and its history, and records the Validated revision.
    const aMine = a.page.getByTestId("my-resources");
    await refreshUntil(a, async () => {
      const text = (await aMine.textContent({ timeout: 1000 })) ?? "";
      expect(text).toContain("1 of 1 approval");
      expect(text).toContain("approved, waiting for you to record it");
    });
    const history = aMine.getByRole("list", { name: "Validation history of Pressure washer, 1 unit" });
    expect(await history.textContent()).toMatch(/✓ approved\s*by Bilal \(test workshop\),.*“Hose and lance checked”/);
    await a.page.getByRole("button", { name: "Record validation of Pressure washer, 1 unit" }).click();
    await aMine.getByTestId("validation-badge").filter({ hasText: "Validated" }).waitFor({ timeout: 20_000 });
    expect(await aMine.getByTestId("transfer-blocked").count()).toBe(0);

    await a.page.getByRole("button", { name: /^Transfer custody of Pressure washer/ }).click();
    await a.page.getByLabel("New custodian", { exact: true }).selectOption({ label: "Bilal (test workshop)" });
    const transferredAt = Date.now();
    await a.page.getByRole("button", { name: "Transfer", exact: true }).click();
    await a.page.getByText("You hold no resources.").waitFor({ timeout: 20_000 });

    // Live update: nobody presses Refresh on B's page; A's zome signals the custody change to B's, and B's page
    // reloads (polling alone would take 15 s, and would not name A).
    await liveUntil(
      b,
      async () => {
        const mine = (await b.page.getByTestId("my-resources").textContent({ timeout: 1000 })) ?? "";
        expect(mine).toContain("Pressure washer");
        expect(mine).toContain("last event");
        expect(mine).toContain("Validated");
      },
      14_000,
    );
    console.log(`live update: the custody change reached B's page ${Date.now() - transferredAt} ms after A pressed Transfer`);
    expect(squash(await b.page.getByTestId("refresh-status").textContent())).toMatch(
      /^Live Updated .* after a change by Alice \(test library\)$/,
    );
    await b.page.getByLabel("Held by me", { exact: true }).check();
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    expect(await catalogue.getByTestId("validation-badge").textContent()).toBe("Validated");
    expect(await catalogue.textContent()).toContain("approved by you");
  }, 120_000);

  it("A and B are founders; A grants B Transport but cannot offer it to D; B shares identity data with A; A reviews D's", async () => {
    const [a, b] = agents;
    const entry = (x: AgentUi, name: string) => x.page.getByTestId("directory").locator("li").filter({ hasText: name });
    expect(await entry(a, "Alice (test library)").textContent()).toMatch(/Founder\s*Accountable/);
    expect(await entry(a, "Bilal (test workshop)").textContent()).toMatch(/Founder\s*Accountable/);
    await refreshUntil(b, async () => {
      expect(await entry(b, "Alice (test library)").textContent({ timeout: 1000 })).toMatch(/Founder\s*Accountable/);
      expect(await entry(b, D_NAME).textContent({ timeout: 1000 })).not.toContain("Accountable");
    });
    expect(await entry(b, "Bilal (test workshop)").textContent()).toMatch(/Founder\s*Accountable/);
    // Both are Accountable: neither page says that assigning roles is closed to it.
    expect(await a.page.getByTestId("assign-role-unavailable").count()).toBe(0);
    expect(await b.page.getByTestId("assign-role-unavailable").count()).toBe(0);

    // Before the grant B, who holds the washer, may start a Use but not a Transport: disabled, with the zome's reason.
    await b.page.getByTestId("my-resources").getByRole("button", { name: `Start a process on ${WASHER}` }).click();
    const startForm = b.page.getByRole("form", { name: `Start a process on ${WASHER}` });
    await startForm.getByTestId("process-type-Transport").waitFor({ timeout: 10_000 });
    expect(squash(await startForm.getByTestId("process-type-Transport").textContent())).toBe("Not for you: a Transport process needs the Transport role.");
    expect(await startForm.getByRole("radio", { name: "Transport", exact: true }).isDisabled()).toBe(true);
    expect(await startForm.getByRole("radio", { name: "Use", exact: true }).isDisabled()).toBe(false);
    await startForm.getByRole("button", { name: "Cancel", exact: true }).click();

    await a.page.getByRole("button", { name: "Assign a role to Bilal (test workshop)" }).click();
    await a.page.getByLabel("Role", { exact: true }).selectOption({ label: "Transport" });
    await a.page.getByRole("button", { name: "Assign", exact: true }).click();
    await a.page.getByRole("status").filter({ hasText: "Transport granted to Bilal (test workshop)" }).waitFor({ timeout: 20_000 });
    await refreshUntil(b, async () => {
      const roles = (await b.page.getByTestId("my-roles").textContent({ timeout: 1000 })) ?? "";
      expect(roles).toContain("Transport");
      expect(roles).toContain("granted by Alice (test library)");
      expect(roles).toContain("role assignment by Alice (test library)");
    });

    // Transport goes only to Accountable Agents: for D the option is disabled, and the form says why.
    await a.page.getByRole("button", { name: `Assign a role to ${D_NAME}` }).click();
    const assignD = a.page.getByRole("form", { name: `Assign a role to ${D_NAME}` });
    expect(await assignD.getByRole("option", { name: "Transport", exact: true }).isDisabled()).toBe(true);
    expect(await assignD.getByRole("option", { name: "User", exact: true }).isDisabled()).toBe(false);
    expect(squash(await assignD.textContent())).toContain(`${D_NAME} is not Accountable: Transport, Repair and Storage go only to Accountable Agents.`);
    await assignD.getByRole("button", { name: "Cancel", exact: true }).click();

    await b.page.getByRole("button", { name: "Add identity data" }).click();
    await b.page.getByLabel("Legal name", { exact: true }).fill("Bilal Test");
    await b.page.getByRole("button", { name: "Save identity data" }).click();
    await b.page.getByTestId("my-private-data").getByText("Bilal Test").waitFor({ timeout: 20_000 });
    await b.page.getByRole("button", { name: "Share…" }).click();
    await b.page.getByLabel("Agent", { exact: true }).selectOption({ label: "Alice (test library)" });
    await b.page.getByRole("checkbox", { name: "Legal name" }).check();
    await b.page.getByRole("button", { name: "Share", exact: true }).click();
    await b.page.getByTestId("my-grants").getByText("Alice (test library)").waitFor({ timeout: 30_000 });

    // D, a Simple Agent without a browser, shares through the client; founders (B) never wait for review.
    await d.client.person.storePrivateData({ legal_name: "Dana Test", address: null, email: null, photo_id_hash: null });
    await eventually("D's grant to reach A", () =>
      d.client.person.grantPrivateDataAccess({
        agent: a.player.agentPubKey,
        fields: ["legal_name"],
        expires_at: (Date.now() + 3_600_000) * 1000,
      }),
    );
    await refreshUntil(a, async () => {
      await a.page.getByTestId("review-queue").getByText(D_NAME).waitFor({ timeout: 1000 });
    });
    expect(await a.page.getByTestId("review-queue").textContent()).not.toContain("Bilal (test workshop)");
    await a.page.getByRole("button", { name: `Review identity of ${D_NAME}` }).click();
    await a.page.getByRole("definition").filter({ hasText: "Dana Test" }).waitFor({ timeout: 20_000 });
    expect(b.pageErrors).toEqual([]);
  }, 90_000);

  it("B records a move; B offers A the use of the washer, A accepts, B claims; both ledgers show the events, their effects and the commitment", async () => {
    const [a, b] = agents;
    const washer = "Pressure washer, 1 unit";
    const bMine = b.page.getByTestId("my-resources");

    // Record event: the form asks only for what the chosen action's effects need.
    await bMine.getByRole("button", { name: `Record event on ${washer}` }).click();
    const event = b.page.getByRole("form", { name: `Record event on ${washer}` });
    const action = event.getByLabel("Action", { exact: true });
    // B holds custody, A the rights (custody moved, rights did not): no action that changes rights is offered.
    const offered = await action.locator("option").allTextContents();
    for (const rights of ["Consume", "Transfer", "Transfer all rights", "Produce", "Raise", "Lower"]) expect(offered).not.toContain(rights);
    expect(squash(await event.getByTestId("event-custody-only").textContent())).toContain(
      "You hold custody, not its rights (Alice (test library) does)",
    );
    await action.selectOption({ label: "Transfer custody" });
    await event.getByTestId("event-effects").filter({ hasText: "Custody passes to the receiver" }).waitFor({ timeout: 5000 });
    expect(await event.getByLabel("Receiver", { exact: true }).count()).toBe(1);
    expect(await event.getByLabel(/^Quantity/).count()).toBe(0);
    await action.selectOption({ label: "Combine" });
    await event.getByLabel("Quantity (unit)", { exact: true }).waitFor({ timeout: 5000 });
    expect(await event.getByTestId("event-effects").textContent()).toContain("Takes the quantity from the on-hand quantity");
    expect(await event.getByLabel("Container", { exact: true }).count()).toBe(1);
    expect(await event.getByLabel("Receiver", { exact: true }).count()).toBe(0);
    expect(await event.getByLabel("New location (optional)", { exact: true }).count()).toBe(0);
    // Copy's state effect reaches the copy, not this resource: no state asked.
    await action.selectOption({ label: "Copy" });
    await event.getByTestId("event-effects").filter({ hasText: "Copies it to another resource" }).waitFor({ timeout: 5000 });
    expect(await event.getByLabel("New state (optional)", { exact: true }).count()).toBe(0);
    // VF pairsWith: Modify follows an Accept, and the form says so.
    await action.selectOption({ label: "Modify" });
    expect(squash(await event.getByTestId("event-pair").textContent({ timeout: 5000 }))).toBe(
      "Modify must follow an Accept of this resource: record the Accept first, or it is refused.",
    );
    await action.selectOption({ label: "Move" });
    await event.getByLabel("New location (optional)", { exact: true }).fill("garage shelf");
    expect(await event.getByLabel(/^Quantity|^Receiver/).count()).toBe(0);
    await event.getByRole("button", { name: "Record", exact: true }).click();
    await bMine.getByTestId("resource-details").filter({ hasText: "at garage shelf" }).waitFor({ timeout: 20_000 });

    // B proposes; A, the counterparty, accepts; B, the provider, claims.
    await bMine.getByRole("button", { name: `Propose a commitment on ${washer}` }).click();
    const propose = b.page.getByRole("form", { name: `Propose a commitment on ${washer}` });
    await propose.getByLabel("Action", { exact: true }).selectOption({ label: "Access for use" });
    expect(await propose.getByLabel(/^Quantity/).count()).toBe(0);
    expect(await propose.getByLabel("Provider", { exact: true }).locator("option:checked").textContent()).toBe("Bilal (test workshop) (you)");
    await propose.getByLabel("Receiver", { exact: true }).selectOption({ label: "Alice (test library)" });
    await propose.getByLabel("Note (optional)", { exact: true }).fill("for the patio");
    await propose.getByRole("button", { name: "Propose commitment" }).click();
    const commitment = /^Access for use of Pressure washer, 1 unit/;
    const bItem = b.page.getByTestId("commitments-by-me").getByRole("listitem", { name: commitment });
    await bItem.getByTestId("commitment-status").filter({ hasText: "Proposed" }).waitFor({ timeout: 20_000 });

    const aItem = a.page.getByTestId("commitments-to-me").getByRole("listitem", { name: commitment });
    await refreshUntil(a, async () => {
      expect(await aItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Proposed");
    });
    expect(await a.page.getByTestId("commitments-waiting").textContent()).toBe("1 waiting for you");
    const aText = squash(await aItem.textContent());
    expect(aText).toContain("Bilal (test workshop) → you");
    expect(aText).toContain("proposed by Bilal (test workshop)");
    expect(aText).toContain("“for the patio”");
    expect(await aItem.getByRole("button", { name: "Claim", exact: true }).count()).toBe(0); // A receives: only the provider claims
    await aItem.getByLabel("Note (optional)", { exact: true }).fill("Saturday morning");
    await aItem.getByRole("button", { name: "Accept", exact: true }).click();
    await aItem.getByTestId("commitment-status").filter({ hasText: "Accepted" }).waitFor({ timeout: 20_000 });

    await refreshUntil(b, async () => {
      expect(await bItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Accepted");
    });
    expect(squash(await bItem.textContent())).toContain("accepted by Alice (test library)");
    await bItem.getByRole("button", { name: "Claim", exact: true }).click();
    await bItem.getByTestId("commitment-status").filter({ hasText: "Claimed" }).waitFor({ timeout: 20_000 });

    // B's ledger: the transfer from test 2, the move, the claimed use — each with its effects.
    await bMine.getByRole("button", { name: "Ledger", exact: true }).click();
    const bLedger = bMine.getByRole("list", { name: `Ledger of ${washer}` });
    await bLedger.getByTestId("ledger-claim").waitFor({ timeout: 20_000 });
    const lines = (await bLedger.locator(":scope > li").allTextContents()).map(squash);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain("Transfer custody · Alice (test library) → you · 1 unit");
    expect(lines[0]).toContain("custody: Alice (test library) → you (1 unit)");
    expect(lines[1]).toContain("Move · you → you");
    expect(lines[1]).toContain("location: none → “garage shelf”");
    expect(lines[2]).toContain("Access for use · you → Alice (test library)");
    expect(lines[2]).toContain("use granted to Alice (test library)");
    expect(lines[2]).toMatch(/Fulfils a commitment proposed by you on .*“for the patio”.*; claimed /);

    // A's: the same trail, seen from the catalogue.
    const aCatalogue = a.page.getByTestId("catalogue");
    const aLedger = aCatalogue.getByRole("list", { name: `Ledger of ${washer}` });
    await refreshUntil(a, async () => {
      expect(await aItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Claimed");
    });
    await aCatalogue.getByRole("button", { name: "Ledger", exact: true }).click();
    await refreshUntil(a, async () => {
      await aLedger.getByTestId("ledger-claim").waitFor({ timeout: 1000 });
    });
    const aLine = squash(await aLedger.locator(":scope > li").last().textContent());
    expect(aLine).toContain("Access for use · Bilal (test workshop) → you");
    expect(aLine).toContain("Fulfils a commitment proposed by Bilal (test workshop)");
  }, 90_000);

  it("B, now holding the Transport role, starts a Transport of the washer, suspends, resumes and completes it under My processes; the ledger shows it with its events", async () => {
    const [, b] = agents;
    const bMine = b.page.getByTestId("my-resources");
    await bMine.getByRole("button", { name: `Start a process on ${WASHER}` }).click();
    const start = b.page.getByRole("form", { name: `Start a process on ${WASHER}` });
    await start.getByTestId("process-type-Transport").filter({ hasText: "Needs the Transport role." }).waitFor({ timeout: 10_000 });
    expect(await start.getByRole("radio", { name: "Transport", exact: true }).isDisabled()).toBe(false);
    expect(squash(await start.getByTestId("process-type-Transport").textContent())).toContain("Starting records a Pickup on the resource; completing records a Dropoff.");
    expect(await start.getByRole("radio", { name: "Repair", exact: true }).isDisabled()).toBe(true);
    expect(squash(await start.getByTestId("process-type-Repair").textContent())).toBe("Not for you: a Repair process needs the Repair role.");
    await start.getByRole("radio", { name: "Transport", exact: true }).check();
    await start.getByLabel("Process name", { exact: true }).fill("To the repair café");
    await start.getByLabel("Location (optional)", { exact: true }).fill("garage");
    await start.getByRole("button", { name: "Start process", exact: true }).click();

    const name = "Transport “To the repair café”";
    const item = b.page.getByTestId("my-processes").getByRole("listitem", { name });
    const status = item.getByTestId("process-status");
    await status.filter({ hasText: "In progress" }).waitFor({ timeout: 20_000 });
    expect(squash(await item.textContent())).toContain("Pressure washer, 0 unit held by you"); // picked up: nothing on hand
    // Only the moves the status allows: In progress → Completed | Suspended | Cancelled | Failed; Suspended → In progress | Cancelled | Failed.
    expect(await item.getByRole("button").allTextContents()).toEqual(["Complete", "Suspend", "Cancel", "Mark failed"]);
    await item.getByRole("button", { name: `Suspend ${name}`, exact: true }).click();
    await status.filter({ hasText: "Suspended" }).waitFor({ timeout: 20_000 });
    expect(await item.getByRole("button").allTextContents()).toEqual(["Resume", "Cancel", "Mark failed"]);
    await item.getByRole("button", { name: `Resume ${name}`, exact: true }).click();
    await status.filter({ hasText: "In progress" }).waitFor({ timeout: 20_000 });

    // A Transport's completion asks for the destination, nothing else.
    await item.getByRole("button", { name: `Complete ${name}`, exact: true }).click();
    const complete = item.getByRole("form", { name: `Complete ${name}` });
    expect(await complete.getByLabel(/^(New state|Receiver)/).count()).toBe(0);
    await complete.getByLabel("Destination", { exact: true }).fill("Repair café");
    await complete.getByRole("button", { name: "Complete process", exact: true }).click();
    await b.page.getByRole("status").filter({ hasText: `You completed ${name}.` }).waitFor({ timeout: 20_000 });
    await b.page.getByText("No open process.").waitFor({ timeout: 20_000 });
    await bMine.getByTestId("resource-details").filter({ hasText: "at Repair café" }).waitFor({ timeout: 20_000 });
    // The dropoff gave back what the pickup took: the washer is named with its 1 unit again.
    await bMine.getByRole("button", { name: `Start a process on ${WASHER}` }).waitFor({ timeout: 20_000 });

    // The ledger (opened in the test before) lists the process with its events in order.
    const timeline = bMine.getByRole("list", { name: "Processes of Pressure washer" });
    await timeline.getByTestId("process-status").filter({ hasText: "Completed" }).waitFor({ timeout: 20_000 });
    const processes = (await timeline.locator(":scope > li").allTextContents()).map(squash);
    expect(processes).toHaveLength(1);
    expect(processes[0]).toMatch(/^Transport “To the repair café” Completed · started by you .* at garage · completed /);
    const events = (await timeline.getByRole("list", { name: `Events of ${name}` }).locator("li").allTextContents()).map(squash);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatch(/^Pickup \(start\) · /);
    expect(events[1]).toMatch(/^Dropoff \(completion\) · .* · to “Repair café”$/);
    const ledgerList = bMine.getByRole("list", { name: "Ledger of Pressure washer" });
    await ledgerList.locator(":scope > li", { hasText: "Dropoff" }).waitFor({ timeout: 20_000 }); // its own load, maybe after the timeline's
    const ledger = (await ledgerList.locator(":scope > li").allTextContents()).map(squash);
    expect(ledger.slice(-2).map((l) => l.split(" · ")[0])).toEqual(["Pickup", "Dropoff"]);
    expect(ledger.at(-1)).toContain("location: “garage shelf” → “Repair café”");
    expect(b.pageErrors).toEqual([]);
  }, 60_000);

  it(`B declares the washer's end of life; A sees the ${CHALLENGE_SECONDS} s countdown and challenges; after it A and C confirm and B finalises`, async () => {
    const [a, b] = agents;
    const washer = WASHER;
    const bMine = b.page.getByTestId("my-resources");
    await bMine.getByRole("button", { name: `Declare end of life of ${washer}` }).click();
    const declare = b.page.getByRole("form", { name: `Declare end of life of ${washer}` });
    expect(await declare.textContent()).toContain(`can be challenged for ${CHALLENGE_SECONDS} seconds, then needs 2 confirmations`);
    await declare.getByLabel("Reason", { exact: true }).fill("pump seized");
    await declare.getByRole("button", { name: "Declare", exact: true }).click();

    const bPanel = bMine.getByTestId("end-of-life");
    const bCountdown = bPanel.getByTestId("eol-countdown");
    await bCountdown.waitFor({ timeout: 20_000 });
    const shown = (await bCountdown.textContent()) ?? "";
    expect(shown).toMatch(/^\d+ s$/);
    expect(Number.parseInt(shown, 10)).toBeLessThanOrEqual(CHALLENGE_SECONDS);
    await bCountdown.filter({ hasNotText: shown }).waitFor({ timeout: 5000 }); // live seconds, no refresh
    expect(await bPanel.getByTestId("eol-confirmations").textContent()).toContain("Confirmations: 0 of 2");
    expect(await bPanel.getByTestId("eol-finalise-waits").textContent()).toBe(
      "Finalising waits for the end of the challenge period, 2 more confirmations.",
    );
    expect(await bMine.getByTestId("end-of-life-badge").textContent()).toBe("End of life declared");
    expect(await bPanel.getByRole("button").count()).toBe(0); // the declarer neither confirms nor challenges

    // A (Accountable) challenges during the period.
    const aPanel = a.page.getByTestId("catalogue").getByTestId("end-of-life");
    await refreshUntil(a, async () => {
      await aPanel.getByTestId("eol-countdown").waitFor({ timeout: 1000 });
    }, 15_000);
    expect(await aPanel.textContent()).toContain("“pump seized”");
    expect(await aPanel.getByRole("button", { name: /^Confirm/ }).count()).toBe(0);
    await aPanel.getByLabel("Reason for a challenge", { exact: true }).fill("check the pump first");
    await aPanel.getByRole("button", { name: "Challenge", exact: true }).click();
    await aPanel.getByRole("status").filter({ hasText: "You challenged the end of life." }).waitFor({ timeout: 20_000 });

    await refreshUntil(b, async () => {
      expect(await bPanel.getByTestId("eol-open-challenges").textContent({ timeout: 1000 })).toContain("Alice (test library)");
    });
    expect(squash(await bPanel.getByTestId("eol-challenge").textContent())).toMatch(/challenged by Alice \(test library\), .*“check the pump first” open$/);

    // Once the period is over (no refresh: the panel follows the clock), A confirms, resolving the challenge.
    const confirm = aPanel.getByRole("button", { name: "Confirm (resolves your challenge)" });
    await confirm.waitFor({ timeout: (CHALLENGE_SECONDS + 10) * 1000 });
    await aPanel.getByLabel("Notes (optional)", { exact: true }).fill("seized for good");
    await confirm.click();
    await aPanel.getByRole("status").filter({ hasText: "You confirmed the end of life." }).waitFor({ timeout: 20_000 });
    await refreshUntil(b, async () => {
      expect(await bPanel.getByTestId("eol-confirmations").textContent({ timeout: 1000 })).toContain("Confirmations: 1 of 2");
    });
    expect(await bPanel.getByTestId("eol-finalise-waits").textContent()).toBe("Finalising waits for 1 more confirmation.");

    // C, a second Accountable validator with no browser, confirms through the client once it sees A's challenge resolved.
    await eventually(
      "C to confirm the end of life",
      async () => {
        const [listed] = (await c.client.resource.findResources({ text: "Pressure washer" })).items;
        if (!listed) return false;
        const status = await c.client.resource.getEndOfLifeStatus(listed.original_hash);
        if (!status || status.open_challenges.length > 0 || status.challenge_period_ends > Date.now() * 1000) return false;
        if (status.confirmations.some((x) => sameBytes(x.entry.validator, c.pubKey))) return true;
        await c.client.governance.confirmEndOfLife({ declaration_hash: status.declaration.actionHash, notes: "seen it: beyond repair" });
        return true;
      },
      40_000,
    );

    const finalise = bMine.getByRole("button", { name: `Finalise the end of life of ${washer}` });
    await refreshUntil(b, async () => {
      await finalise.waitFor({ timeout: 1000 });
    });
    expect(await bPanel.getByTestId("eol-confirmations").textContent()).toContain("Confirmations: 2 of 2");
    expect(squash(await bPanel.getByRole("list", { name: `Confirmations and challenges of ${washer}` }).textContent())).toContain(
      `✓ confirmed by ${C_NAME}`,
    );
    expect(squash(await bPanel.getByTestId("eol-challenge").textContent())).toContain("resolved");
    await finalise.click();
    await bMine.getByTestId("end-of-life-badge").filter({ hasText: /^End of life$/ }).waitFor({ timeout: 20_000 });
    await bPanel.getByText("End of life, final").waitFor({ timeout: 5000 });
    // A final resource accepts nothing: no action is offered.
    expect(await bMine.getByRole("button", { name: /^(Record event|Propose a commitment|Transfer custody|Declare end of life|Finalise)/ }).count()).toBe(0);
    await refreshUntil(a, async () => {
      expect(await a.page.getByTestId("catalogue").getByTestId("end-of-life-badge").textContent({ timeout: 1000 })).toBe("End of life");
    });
    expect(await a.page.getByTestId("catalogue").getByRole("button", { name: /^Propose a commitment/ }).count()).toBe(0);
    // No page logged an error, apart from A's log of the zome's refusal of the too-short challenge period (first test).
    expect(a.pageErrors.filter((e) => !e.includes("this network's minimum"))).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  }, 120_000);

  it("B sees its four receipts, both signatures verified, and its reputation; B shares it with A, who reads and verifies it", async () => {
    const [a, b] = agents;
    // B's interactions: it approved A's resource, claimed the use it offered A, and A and C confirmed its end of life.
    const receipts = b.page.getByTestId("my-receipts").getByTestId("receipt");
    await refreshUntil(b, async () => {
      expect(await receipts.count()).toBe(4);
      expect(await b.page.getByTestId("my-reputation").getByTestId("reputation-interactions").textContent({ timeout: 1000 })).toBe("4");
    }, 20_000);
    expect((await receipts.getByTestId("receipt-type").allTextContents()).sort()).toEqual([
      "End of life declaration",
      "End of life declaration",
      "Network validation",
      "Service fulfillment completed",
    ]);
    expect(await receipts.getByTestId("receipt-signatures").allTextContents().then((t) => t.map(squash))).toEqual(
      Array(4).fill("✓ both signatures verify"),
    );
    await b.page.getByLabel("Claim type", { exact: true }).selectOption("NetworkValidation");
    await receipts.filter({ hasText: "Network validation" }).waitFor({ timeout: 5000 });
    expect(await receipts.count()).toBe(1);
    const validation = squash(await receipts.textContent());
    expect(validation).toContain("with Alice (test library)");
    expect(validation).toMatch(/resource validation · Pressure washer, .* · .*Timeliness 100% · completion 100% · reliability 100%/);
    // Every interaction went perfectly: each adds a tenth to the score.
    const reputation = b.page.getByTestId("my-reputation");
    expect(await reputation.getByTestId("reputation-score").textContent()).toBe("0.40 of 1");
    expect(await reputation.getByTestId("reputation-on-time").textContent()).toBe("100%");
    const byType = squash(await reputation.getByRole("list", { name: "My reputation by claim type" }).textContent());
    expect(byType).toMatch(/^End of life declaration 2 interactions, last .* Share 50% Performance 100%/);
    expect(await reputation.getByText("No figures per role yet", { exact: false }).count()).toBe(1);

    await b.page.getByLabel("Share with", { exact: true }).selectOption({ label: "Alice (test library)" });
    await b.page.getByRole("button", { name: "Share my reputation", exact: true }).click();
    await b.page.getByRole("status").filter({ hasText: "Alice (test library) can now read and verify your reputation summary." }).waitFor({ timeout: 20_000 });

    const read = a.page.getByRole("button", { name: "Read and verify the reputation of Bilal (test workshop)" });
    await refreshUntil(a, async () => {
      await read.waitFor({ timeout: 1000 });
    }, 20_000);
    // The summary covers attestations A may not hold yet: until they reach A the page says which it cannot
    // find ("Not verified"), so A reads again until every one is there.
    const shared = a.page.getByTestId("shared-reputation");
    const verified = shared.getByTestId("shared-reputation-verified");
    const deadline = Date.now() + 30_000;
    for (;;) {
      await read.click();
      const outcome = verified.or(shared.getByTestId("shared-reputation-problems")).or(shared.getByRole("alert"));
      await outcome.first().waitFor({ timeout: 20_000 });
      if (await verified.isVisible()) break;
      if (Date.now() > deadline) throw new Error(`A's read of B's reputation never verified: ${squash((await shared.textContent()) ?? "")}`);
      await a.page.waitForTimeout(1000); // poll interval
    }
    expect(await shared.getByTestId("reputation-interactions").textContent()).toBe("4");
    expect(await shared.getByTestId("reputation-score").textContent()).toBe("0.40 of 1");
    expect(squash(await shared.getByTestId("shared-reputation-covers").textContent())).toMatch(/^Covers 4 attestations · calculated /);
    // B lists the share and revokes it.
    const shareList = b.page.getByRole("list", { name: "Agents who may read my reputation" });
    await shareList.getByText("Alice (test library) may read it").waitFor({ timeout: 5000 });
    await shareList.getByRole("button", { name: "Revoke" }).click();
    await b.page.getByRole("status").filter({ hasText: "Alice (test library) can no longer read your reputation summary." }).waitFor({ timeout: 20_000 });
    await shareList.waitFor({ state: "detached", timeout: 5000 }); // the list reloads after the status shows
    expect(a.pageErrors.filter((e) => !e.includes("this network's minimum"))).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  }, 60_000);
});
