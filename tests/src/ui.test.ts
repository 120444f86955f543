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
 * credentials, written to a JSON file; the production build of ui/ is
 * served to each agent by its own `vite preview` with that file as
 * `/agent-config.json` (src/browser.ts, as `npm start` does), and headless
 * Debian chromium (playwright-core) drives both pages, moving between the
 * app's pages through its navigation as a person would. C and D have no browser: they act
 * through the typed client (`@nondominium/client`), as a peer's own UI would.
 *
 * Resources: A and B create profiles in the browser (C and D through the
 * client); A builds a specification with the rule builder (a usage limit of
 * at most 1 per use, and a simple-majority validation scheme naming B, chosen
 * by name — D, not Accountable, is listed but cannot be chosen), seeing field
 * errors before submitting, and the list shows the rules in words over their
 * typed rule_data; A's new resource is Pending, its transfer disabled with
 * the reason. B (reloading its page while gossip arrives, as a person would)
 * sees it counted in its Inbox, finds it in the catalogue as a card with
 * the specification's picture (search as you type, validation-state and
 * "held by me" filters) and approves it with a note from the validation queue; A sees "1
 * of 1 approval" and the history, records the validation (Validated), and
 * hands custody to B, chosen by name from the directory; B's page shows it
 * under "My things" without any reload (live update: A's zome signals the
 * change to B's, the header names A) and in the catalogue, whose card opens
 * the washer's page: its own address (opened again in a new tab as a deep
 * link), back and forward between the two. Agents: both pages mark A and B
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
 * the moves its status allows, suspends and resumes it, and tries to
 * complete it with a destination (the only thing a Transport's completion
 * asks): refused, as this network's Transports wait for one approving
 * validator rating the work's quality at least 0.8; A, on the washer's
 * page, sees what the completion waits for, is offered only a rejection
 * at 0.5, approves at 1; B completes, and the ledger shows the process, its Pickup and Dropoff in order, and the new
 * location. A asks B to use the washer (Propose on its page: a Use, B
 * providing, A receiving); B accepts from its inbox; A, from its own,
 * starts the Use ("Start using": the process cites the accepted request
 * and records no event, B holding the washer) and completes it under My
 * processes. B declares the end of life, both pages count the challenge
 * period down live, A challenges, then
 * confirms once it is over (resolving the challenge), C confirms through the
 * client, B sees "2 of 2" and finalises, and the resource shows "End of
 * life" with no action left. Receipts and reputation: B's page lists its
 * five receipts (its approval, the use it claimed, its Transport A
 * approved, A's and C's end-of-life confirmations), each with both
 * signatures verified, filters them by claim type, and shows its reputation
 * (5 perfect interactions: 0.50) with its figures per claim type; B shares
 * it with A from the page, and A reads it and sees it verified, covering
 * the 5 attestations. Last, an
 * axe-core scan of every page at 1280 and 390 px (no serious or critical
 * violation, no horizontal overflow) with a screenshot of each in
 * tests/artifacts/ui/. Then the launcher path: the same build from a
 * server without `/agent-config.json` (404), with what a launcher injects
 * (`window.__HC_LAUNCHER_ENV__` and a zome-call signer, played by this
 * process) connects as A and lists the resources. Last, B's conductor is
 * stopped: B's page shows the offline banner, and when the conductor starts
 * again the page reconnects by itself (a fresh token from its config route:
 * Holochain forgets app tokens when it stops), the banner goes and B renames
 * itself from the page, all without a reload.
 *
 * Needs: workdir/nondominium.happ, holochain/hc/kitsune2-bootstrap-srv on
 * PATH (~/.cargo/bin is added), and chromium (`apt-get install -y chromium`;
 * CHROMIUM_PATH overrides /usr/bin/chromium). Conductors, Vite servers and
 * the browser are always shut down in afterAll, even after a failure.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { encodeHashToBase64, signZomeCall, type CallZomeRequest, type CellId } from "@holochain/client";
import { Scenario, type PlayerApp } from "@holochain/tryorama";
import type { Browser, Page } from "playwright-core";
import type { PreviewServer } from "vite";
import { afterAll, beforeAll, beforeEach, chai, describe, expect, it } from "vitest";
import { buildUi, CHROMIUM, closeAll, launchChromium, openPage, previewBuild, ROOT, serveUi } from "./browser.js";
import { addAgents, agent, eventually, HAPP_PATH, MIN_CHALLENGE_SECONDS, sameBytes, type Agent } from "./common.js";

const HAPP = HAPP_PATH;
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
/** The washer specification's picture: a data: address, so the page fetches nothing from outside. */
const WASHER_PICTURE =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 4 3'%3E%3Crect width='4' height='3' fill='%231f6f43'/%3E%3C/svg%3E";
chai.config.truncateThreshold = 0; // a failed toContain shows the page's whole text
process.env.PATH = `${path.join(os.homedir(), ".cargo", "bin")}${path.delimiter}${process.env.PATH ?? ""}`;

/** One agent as the browser sees it. */
interface AgentUi {
  label: string;
  player: PlayerApp;
  server: PreviewServer;
  url: string;
  page: Page;
  /** Messages the page logged as errors, shown when an assertion fails. */
  pageErrors: string[];
}

let scenario: Scenario | undefined;
let browser: Browser | undefined;
const servers: PreviewServer[] = [];
/** Where the pages' screenshots go (a CI artifact; ignored by git). */
const SHOTS = path.join(ROOT, "tests", "artifacts", "ui");
const agents: AgentUi[] = [];
/** C and D: no browser, the typed client only. */
let c: Agent;
let d: Agent;
let tmp: string | undefined;
/** The production build the pages are served from. */
let distDir: string;

/** Creates the profile `name` from the welcome card on `page` and waits until the header shows it as mine. */
async function createProfile(page: Page, name: string): Promise<void> {
  await page.getByLabel("Your name or pseudonym", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create profile" }).click();
  await page.getByTestId("whoami").filter({ hasText: name }).waitFor({ timeout: 20_000 });
}

/** The pages of the navigation, by their link's label. */
type PageName = "Catalogue" | "My things" | "Inbox" | "People" | "Specifications" | "Me";
/** Each page's title (its h1). */
const TITLES: Record<PageName, string> = {
  Catalogue: "Catalogue",
  "My things": "My things",
  Inbox: "Inbox",
  People: "People",
  Specifications: "Specifications",
  Me: "Me",
};

/** Goes to `name` through the navigation, as a person would, and waits for its title. */
async function go(x: AgentUi, name: PageName): Promise<void> {
  await x.page.getByRole("navigation", { name: "Pages" }).getByRole("link", { name: new RegExp(`^${name}`) }).click();
  await x.page.getByRole("heading", { level: 1, name: TITLES[name], exact: true }).waitFor({ timeout: 10_000 });
}

/** Opens the washer's page from the catalogue's card, and waits for it. */
async function openWasher(x: AgentUi): Promise<void> {
  await go(x, "Catalogue");
  await x.page.getByTestId("resource-card").filter({ hasText: "Pressure washer" }).click({ timeout: 20_000 });
  await x.page.getByTestId("resource-page").waitFor({ timeout: 20_000 });
}

/** Text content with runs of whitespace (template indentation) made single spaces. */
function squash(text: string | null): string {
  return (text ?? "").replace(/\s+/g, " ").trim();
}

/**
 * Reloads `a`'s page until `check` passes (or `ms` elapse), the way a person
 * waits for what gossip brings and no signal announces (the page also polls
 * every 15 s, which would make the test slow). The address, hence the page
 * shown, survives the reload. Throws the last failure with the page's errors.
 */
async function reloadUntil(a: AgentUi, check: () => Promise<void>, ms = 40_000): Promise<void> {
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
      await a.page.waitForTimeout(1000); // poll interval
      await a.page.reload();
      await a.page.getByTestId("refresh-status").filter({ hasText: "Updated" }).waitFor({ timeout: 20_000 });
    }
  }
}

/**
 * Waits until `check` passes on `a`'s page WITHOUT reloading it (live
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
    distDir = await buildUi(path.join(tmp, "dist"));
    scenario = new Scenario({ timeout: 30_000 });
    // A, B, C one per conductor, D on C's; A, B and C (indexes 0-2) are the progenitors named in every install's DNA properties.
    // Transports wait for one approving validator who rates the work's quality at least 0.8 (REQ-GOV-07, spec §4.3.14).
    const all = await addAgents(scenario, [1, 1, 2], [0, 1, 2], HAPP, {
      process_validation: [{ process_type: "Transport", minimum_validators: 1, validator_role: null, performance_thresholds: { minimum_quality: 0.8 } }],
    });
    const players = all.map((a) => a.player);
    [c, d] = [all[2], all[3]];
    await scenario.shareAllAgents();
    await c.client.person.createProfile({ name: C_NAME });
    await d.client.person.createProfile({ name: D_NAME });
    browser = await launchChromium();
    for (const [player, label] of [
      [players[0], "A"],
      [players[1], "B"],
    ] as const) {
      const { server, url } = await serveUi(player, label, tmp, distDir);
      servers.push(server);
      const pageErrors: string[] = [];
      agents.push({ label, player, server, url, page: await openPage(browser, url, pageErrors), pageErrors });
    }
  }, 120_000);

  afterAll(() => closeAll(browser, servers, scenario, tmp), 60_000);

  // The scenes below are one person's journey, each starting where the one before it left the pages and the data
  // (a browser scene cannot make its own starting point without replaying the ones before it). So that one failure
  // does not show as a cascade of others, a failed scene skips the rest, which the report lists as skipped with the
  // scene that stopped them.
  let stoppedBy: string | undefined;
  beforeEach(({ skip, onTestFailed, task }) => {
    if (stoppedBy) skip(`an earlier scene failed: ${stoppedBy}`);
    onTestFailed(() => {
      stoppedBy ??= task.name;
    });
  });

  it("A builds a specification with typed rules naming B as validator; A's new resource waits for validation", async () => {
    const [a, b] = agents;

    await createProfile(a.page, "Alice (test library)");
    await createProfile(b.page, "Bilal (test workshop)");
    // B must be in A's directory to be chosen as a validator by name; D, to be seen as one who cannot be.
    await go(a, "People");
    await reloadUntil(a, async () => {
      const directory = (await a.page.getByTestId("directory").textContent({ timeout: 1000 })) ?? "";
      expect(directory).toContain("Bilal (test workshop)");
      expect(directory).toContain(D_NAME);
    });

    await go(a, "Specifications");
    await a.page.getByRole("button", { name: "New specification" }).click();
    await a.page.getByLabel("Name", { exact: true }).fill("Pressure washer");
    await a.page.getByLabel("Description", { exact: true }).fill("Electric, 130 bar, with patio cleaner head.");
    // A picture: an address the page cannot show is flagged as it is typed.
    const picture = a.page.getByLabel("Picture address (optional)", { exact: true });
    await picture.fill("ftp://example.org/washer.png");
    await a.page.getByText("Must be an http(s) address or a data:image/ address.").waitFor({ timeout: 5000 });
    await picture.fill(WASHER_PICTURE);
    expect(await a.page.getByText("Must be an http(s) address or a data:image/ address.").count()).toBe(0);
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

    // The list shows the specification's picture.
    expect(await aSpecs.getByTestId("spec-picture").getAttribute("src")).toBe(WASHER_PICTURE);

    await go(a, "My things");
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
    await go(a, "Inbox");
    await a.page.getByText("Nothing waits for your verdict.").waitFor({ timeout: 20_000 }); // nobody validates their own resource
    expect(await a.page.getByTestId("validation-queue").count()).toBe(0);
  }, 90_000);

  it("B finds the resource in the catalogue and approves it from the validation queue; A records the validation and hands custody to B", async () => {
    const [a, b] = agents;
    const queueItem = b.page.getByRole("form", { name: /^Validate Pressure washer, 1 unit held by Alice \(test library\)/ });
    await go(b, "Inbox");
    await reloadUntil(b, async () => {
      await queueItem.waitFor({ timeout: 1000 });
      expect(await queueItem.textContent()).toContain("0 of 1 approval");
      expect(await queueItem.textContent()).toContain("you may validate");
    });
    // The navigation counts what waits for B: this verdict.
    expect(await b.page.getByTestId("inbox-count").textContent()).toBe("1");
    await go(b, "My things");
    await b.page.getByText("You hold no resources.").waitFor({ timeout: 10_000 });

    // Catalogue: cards with the specification's picture; search as you type, and filters.
    await go(b, "Catalogue");
    const range = b.page.getByTestId("catalogue-range");
    const catalogue = b.page.getByTestId("catalogue");
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    const card = catalogue.getByTestId("resource-card");
    expect(squash(await card.textContent())).toBe("Pressure washer 1 unit held by Alice (test library) Pending");
    expect(await card.getByTestId("spec-picture").getAttribute("src")).toBe(WASHER_PICTURE);
    await b.page.getByLabel("Search", { exact: true }).fill("ladder");
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Search", { exact: true }).fill("130 bar"); // in the description
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Validation state", { exact: true }).selectOption({ label: "Rejected" });
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Validation state", { exact: true }).selectOption({ label: "Pending validation" });
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    await b.page.getByLabel("Held by me", { exact: true }).check();
    await range.filter({ hasText: "No resources match." }).waitFor({ timeout: 10_000 });
    await b.page.getByRole("button", { name: "Clear filters" }).click();
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });

    await go(b, "Inbox");
    await queueItem.getByLabel("Notes (optional)", { exact: true }).fill("Hose and lance checked");
    await queueItem.getByRole("button", { name: "Approve", exact: true }).click();
    await b.page.getByRole("status").filter({ hasText: "You approved Pressure washer, 1 unit held by Alice (test library)." }).waitFor({ timeout: 20_000 });
    await b.page.getByText("Nothing waits for your verdict.").waitFor({ timeout: 20_000 });
    await b.page.getByTestId("inbox-count").waitFor({ state: "detached", timeout: 5000 });

    // A sees the approval and its history, and records the Validated revision.
    const aMine = a.page.getByTestId("my-resources");
    await go(a, "My things");
    await reloadUntil(a, async () => {
      const text = (await aMine.textContent({ timeout: 1000 })) ?? "";
      expect(text).toContain("1 of 1 approval");
      expect(text).toContain("approved, waiting for you to record it");
    });
    const history = aMine.getByRole("list", { name: "Validation history of Pressure washer, 1 unit" });
    expect(await history.textContent()).toMatch(/✓ approved\s*by Bilal \(test workshop\),.*“Hose and lance checked”/);
    await a.page.getByRole("button", { name: "Record validation of Pressure washer, 1 unit" }).click();
    await aMine.getByTestId("validation-badge").filter({ hasText: "Validated" }).waitFor({ timeout: 20_000 });
    expect(await aMine.getByTestId("transfer-blocked").count()).toBe(0);

    await go(b, "My things"); // B watches its page; the custody change must appear there by itself
    await a.page.getByRole("button", { name: /^Transfer custody of Pressure washer/ }).click();
    await a.page.getByLabel("New custodian", { exact: true }).selectOption({ label: "Bilal (test workshop)" });
    const transferredAt = Date.now();
    await a.page.getByRole("button", { name: "Transfer", exact: true }).click();
    await a.page.getByText("You hold no resources.").waitFor({ timeout: 20_000 });

    // Live update: nobody reloads B's page; A's zome signals the custody change to B's, and B's page
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
    await go(b, "Catalogue");
    await b.page.getByLabel("Held by me", { exact: true }).check();
    await range.filter({ hasText: "1–1 of 1" }).waitFor({ timeout: 10_000 });
    expect(await catalogue.getByTestId("validation-badge").textContent()).toBe("Validated");

    // The card opens the resource's page: its own address, its rules, who holds it, its history.
    await card.click();
    const resourcePage = b.page.getByTestId("resource-page");
    await resourcePage.waitFor({ timeout: 10_000 });
    const washerUrl = b.page.url();
    expect(washerUrl).toMatch(/#\/resource\/uhCkk[\w-]{48}$/);
    expect(squash(await resourcePage.getByTestId("resource-holders").textContent())).toMatch(
      /^Custody: you · rights: Alice \(test library\) · last changed /,
    );
    expect(squash(await resourcePage.getByLabel("Rules of Pressure washer").getByRole("definition").first().textContent())).toBe("at most 1 per use");
    await resourcePage
      .getByRole("list", { name: `Validation history of ${WASHER}` })
      .filter({ hasText: /✓ approved\s*by you/ })
      .waitFor({ timeout: 10_000 });
    // Back and forward move between the catalogue and the resource's page.
    await b.page.goBack();
    await b.page.getByRole("heading", { level: 1, name: "Catalogue", exact: true }).waitFor({ timeout: 10_000 });
    await b.page.goForward();
    await resourcePage.waitFor({ timeout: 10_000 });
    // A deep link opens the page directly, in a new tab of the same browser profile.
    const tab = await b.page.context().newPage();
    try {
      await tab.goto(washerUrl);
      await tab.getByRole("heading", { level: 1, name: WASHER, exact: true }).waitFor({ timeout: 20_000 });
      expect(squash(await tab.getByTestId("resource-holders").textContent())).toMatch(/^Custody: you · rights: Alice \(test library\)/);
    } finally {
      await tab.close();
    }
  }, 120_000);

  it("A and B are founders; A grants B Transport but cannot offer it to D; B shares identity data with A; A reviews D's", async () => {
    const [a, b] = agents;
    const entry = (x: AgentUi, name: string) => x.page.getByTestId("directory").locator("li").filter({ hasText: name });
    await go(a, "People");
    await go(b, "People");
    await entry(a, "Alice (test library)").waitFor({ timeout: 10_000 });
    expect(await entry(a, "Alice (test library)").textContent()).toMatch(/Founder\s*Accountable/);
    expect(await entry(a, "Bilal (test workshop)").textContent()).toMatch(/Founder\s*Accountable/);
    await reloadUntil(b, async () => {
      expect(await entry(b, "Alice (test library)").textContent({ timeout: 1000 })).toMatch(/Founder\s*Accountable/);
      expect(await entry(b, D_NAME).textContent({ timeout: 1000 })).not.toContain("Accountable");
    });
    expect(await entry(b, "Bilal (test workshop)").textContent()).toMatch(/Founder\s*Accountable/);
    // Both are Accountable: neither page says that assigning roles is closed to it.
    expect(await a.page.getByTestId("assign-role-unavailable").count()).toBe(0);
    expect(await b.page.getByTestId("assign-role-unavailable").count()).toBe(0);

    // Before the grant B, who holds the washer, may start a Use but not a Transport: disabled, with the zome's reason.
    await go(b, "My things");
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
    await go(b, "Me");
    await reloadUntil(b, async () => {
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
    await go(a, "Inbox");
    await reloadUntil(a, async () => {
      await a.page.getByTestId("review-queue").getByText(D_NAME).waitFor({ timeout: 1000 });
    });
    expect(await a.page.getByTestId("inbox-count").textContent()).toBe("1"); // D waits for A's review
    expect(await a.page.getByTestId("review-queue").textContent()).not.toContain("Bilal (test workshop)");
    await a.page.getByRole("button", { name: `Review identity of ${D_NAME}` }).click();
    await a.page.getByRole("definition").filter({ hasText: "Dana Test" }).waitFor({ timeout: 20_000 });
    expect(b.pageErrors).toEqual([]);
  }, 90_000);

  it("B records a move; B offers A the use of the washer, A accepts, B claims; both ledgers show the events, their effects and the commitment", async () => {
    const [a, b] = agents;
    const washer = "Pressure washer, 1 unit";
    const bMine = b.page.getByTestId("my-resources");
    await go(b, "My things");

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
    await go(b, "Inbox");
    await bItem.getByTestId("commitment-status").filter({ hasText: "Proposed" }).waitFor({ timeout: 20_000 });

    const aItem = a.page.getByTestId("commitments-to-me").getByRole("listitem", { name: commitment });
    await reloadUntil(a, async () => {
      expect(await aItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Proposed");
    });
    expect(await a.page.getByTestId("commitments-waiting").textContent()).toBe("1 waiting for you");
    // D's review and this commitment wait for A.
    expect(await a.page.getByTestId("inbox-count").textContent()).toBe("2");
    const aText = squash(await aItem.textContent());
    expect(aText).toContain("Bilal (test workshop) → you");
    expect(aText).toContain("proposed by Bilal (test workshop)");
    expect(aText).toContain("“for the patio”");
    expect(await aItem.getByRole("button", { name: "Claim", exact: true }).count()).toBe(0); // A receives: only the provider claims
    await aItem.getByLabel("Note (optional)", { exact: true }).fill("Saturday morning");
    await aItem.getByRole("button", { name: "Accept", exact: true }).click();
    await aItem.getByTestId("commitment-status").filter({ hasText: "Accepted" }).waitFor({ timeout: 20_000 });

    await reloadUntil(b, async () => {
      expect(await bItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Accepted");
    });
    expect(squash(await bItem.textContent())).toContain("accepted by Alice (test library)");
    await bItem.getByRole("button", { name: "Claim", exact: true }).click();
    await bItem.getByTestId("commitment-status").filter({ hasText: "Claimed" }).waitFor({ timeout: 20_000 });

    // B's ledger: the transfer from test 2, the move, the claimed use — each with its effects.
    await go(b, "My things");
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

    // A's: the same trail, seen from the washer's page.
    await reloadUntil(a, async () => {
      expect(await aItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Claimed");
    });
    await openWasher(a);
    const aNow = a.page.getByTestId("resource-now");
    const aLedger = aNow.getByRole("list", { name: `Ledger of ${washer}` });
    await reloadUntil(a, async () => {
      if (!(await aLedger.isVisible())) await aNow.getByRole("button", { name: "Ledger", exact: true }).click(); // closed again by a reload
      await aLedger.getByTestId("ledger-claim").waitFor({ timeout: 1000 });
    });
    const aLine = squash(await aLedger.locator(":scope > li").last().textContent());
    expect(aLine).toContain("Access for use · Bilal (test workshop) → you");
    expect(aLine).toContain("Fulfils a commitment proposed by Bilal (test workshop)");
  }, 90_000);

  it("B, now holding the Transport role, starts a Transport of the washer, suspends, resumes and completes it under My processes once A approved it; the ledger shows it with its events", async () => {
    const [a, b] = agents;
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
    // This network's Transports wait for one approving validator who rates the work's quality at least 0.8 (its DNA
    // properties, REQ-GOV-07 / spec §4.3.14): refused with the reason until A approves from the washer's page.
    await complete.getByRole("button", { name: "Complete process", exact: true }).click();
    await complete.getByText(/a Transport completion waits for 1 approving validator\(s\) \(0 so far\)/).first().waitFor({ timeout: 20_000 });
    // The page logs a refused action as an error: this one, on purpose, and nothing else.
    expect(b.pageErrors.map((e) => /a Transport completion waits for 1 approving validator/.test(e))).toEqual([true]);
    b.pageErrors.length = 0;
    const aNow = a.page.getByTestId("resource-now");
    const verdict = aNow.getByRole("form", { name: `Validate ${name}` });
    await reloadUntil(a, async () => {
      if (!(await aNow.getByRole("list", { name: /^Ledger of Pressure washer/ }).isVisible())) await aNow.getByRole("button", { name: "Ledger", exact: true }).click();
      await verdict.waitFor({ timeout: 1000 });
    });
    const panel = aNow.getByTestId("process-validation");
    expect(squash(await panel.getByText(/^Completion waits/).textContent())).toBe("Completion waits for 1 approving validator: 0 so far.");
    expect(await panel.getByTestId("process-thresholds").textContent()).toBe("An approval rates the work at least: quality 0.8.");
    // Rated below the minimum, the form offers only a rejection.
    await verdict.getByLabel("Quality", { exact: true }).fill("0.5");
    expect(squash(await verdict.getByTestId("process-below-minimum").textContent())).toBe(
      "Below the minimum (quality_score 0.5 < minimum_quality 0.8): this can only be a rejection.",
    );
    expect(await verdict.getByRole("button", { name: "Approve the completion" }).isDisabled()).toBe(true);
    await verdict.getByLabel("Quality", { exact: true }).fill("1");
    await verdict.getByLabel("Note (optional)", { exact: true }).fill("arrived dry");
    await verdict.getByRole("button", { name: "Approve the completion" }).click();
    await panel.getByText("You have given your verdict.").waitFor({ timeout: 20_000 });
    expect(await panel.getByTestId("process-approvals").textContent()).toBe("1 so far");
    // B completes once A's approval reaches B's conductor (the client re-runs nothing: B clicks again).
    const bClient = agent(b.player).client;
    await eventually("B's conductor to hold A's approval", async () => {
      const [open] = await bClient.resource.getActiveProcesses();
      return open !== undefined && (await bClient.governance.getProcessValidation(open.original_hash)).approvals.length === 1;
    });
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

    // Longer than a page: B records 20 Use events through the typed client. The ledger shows the latest 20 and "Show
    // earlier events", which loads the rest above them: then the whole ledger is what it was, followed by the 20 uses.
    const [listed] = (await bClient.resource.findResources({ text: "Pressure washer" })).items;
    for (let i = 1; i <= 20; i++) await bClient.resource.recordEvent({ resource_hash: listed.original_hash, action: "Use", note: `round ${i}` });
    await ledgerList.locator(":scope > li", { hasText: "round 20" }).waitFor({ timeout: 20_000 });
    expect(await ledgerList.locator(":scope > li").count()).toBe(20);
    expect(squash(await ledgerList.locator(":scope > li").first().textContent())).toMatch(/^Use · .*round 1\b/);
    const showEarlier = bMine.getByRole("button", { name: "Show earlier events", exact: true });
    await showEarlier.click();
    await ledgerList.locator(":scope > li").nth(ledger.length + 19).waitFor({ timeout: 20_000 });
    const whole = (await ledgerList.locator(":scope > li").allTextContents()).map(squash);
    expect(whole.slice(0, ledger.length)).toEqual(ledger);
    expect(whole.slice(ledger.length).map((l) => l.split(" · ")[0])).toEqual(Array(20).fill("Use"));
    expect(await showEarlier.count()).toBe(0); // nothing older: the button is gone
    expect(b.pageErrors).toEqual([]);
  }, 90_000);

  it("A asks B to use the washer; B accepts from its inbox; A starts the Use from its own (no event: B holds the washer) and completes it under My processes", async () => {
    const [a, b] = agents;
    // A is on the washer's page (the test before): a resource of someone else's offers Propose, provider its custodian.
    const aNow = a.page.getByTestId("resource-now");
    await aNow.getByRole("button", { name: /^Propose a commitment on Pressure washer/ }).click();
    const propose = aNow.getByRole("form", { name: /^Propose a commitment on Pressure washer/ });
    await propose.getByLabel("Action", { exact: true }).selectOption({ label: "Use" });
    expect(await propose.getByLabel("Provider", { exact: true }).locator("option:checked").textContent()).toBe("Bilal (test workshop)");
    expect(await propose.getByLabel("Receiver", { exact: true }).locator("option:checked").textContent()).toBe("Alice (test library) (you)");
    await propose.getByRole("button", { name: "Propose commitment" }).click();
    await aNow.getByRole("status").filter({ hasText: "Proposed: Use." }).waitFor({ timeout: 20_000 });

    const request = /^Use of Pressure washer/;
    await go(b, "Inbox");
    const bItem = b.page.getByTestId("commitments-to-me").getByRole("listitem", { name: request });
    await reloadUntil(b, async () => {
      expect(await bItem.getByTestId("commitment-status").textContent({ timeout: 1000 })).toBe("Proposed");
    });
    expect(await bItem.getByRole("button", { name: "Start using", exact: true }).count()).toBe(0); // only the one who asked uses it
    await bItem.getByRole("button", { name: "Accept", exact: true }).click();
    await bItem.getByTestId("commitment-status").filter({ hasText: "Accepted" }).waitFor({ timeout: 20_000 });

    await go(a, "Inbox");
    const aItem = a.page.getByTestId("commitments-by-me").getByRole("listitem", { name: request });
    const startUsing = aItem.getByRole("button", { name: "Start using", exact: true });
    await reloadUntil(a, async () => {
      await startUsing.waitFor({ timeout: 1000 });
    });
    await startUsing.click();
    await a.page.getByRole("status").filter({ hasText: /^You started Use of Pressure washer/ }).waitFor({ timeout: 20_000 });

    await go(a, "My things");
    const item = a.page.getByTestId("my-processes").getByRole("listitem", { name: /^Use “Use of Pressure washer/ });
    await item.getByTestId("process-status").filter({ hasText: "In progress" }).waitFor({ timeout: 20_000 });
    await item.getByRole("button", { name: /^Complete Use/ }).click();
    await item.getByRole("form", { name: /^Complete Use/ }).getByRole("button", { name: "Complete process", exact: true }).click();
    await a.page.getByRole("status").filter({ hasText: /^You completed Use “Use of Pressure washer/ }).waitFor({ timeout: 20_000 });
    await a.page.getByText("No open process.").waitFor({ timeout: 20_000 });
    // B still holds the washer, unchanged by A's use.
    expect(squash(await b.page.getByTestId("commitments-to-me").getByRole("listitem", { name: request }).textContent())).toContain("accepted by you");
    expect(b.pageErrors).toEqual([]); // A's are checked at the end of the end-of-life test (one refusal on purpose, in the first)
    // Back where the next test expects them: A on the washer's page, B on its own things.
    await openWasher(a);
    await go(b, "My things");
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

    // A (Accountable) challenges during the period, from the washer's page (where the last test left it).
    const aPanel = a.page.getByTestId("resource-now").getByTestId("end-of-life");
    await reloadUntil(a, async () => {
      await aPanel.getByTestId("eol-countdown").waitFor({ timeout: 1000 });
    }, 15_000);
    expect(await aPanel.textContent()).toContain("“pump seized”");
    // The declaration waits for A (Accountable, not the custodian): the navigation counts it with D's review.
    await a.page.getByTestId("inbox-count").filter({ hasText: /^2$/ }).waitFor({ timeout: 10_000 });
    expect(await aPanel.getByRole("button", { name: /^Confirm/ }).count()).toBe(0);
    await aPanel.getByLabel("Reason for a challenge", { exact: true }).fill("check the pump first");
    await aPanel.getByRole("button", { name: "Challenge", exact: true }).click();
    await aPanel.getByRole("status").filter({ hasText: "You challenged the end of life." }).waitFor({ timeout: 20_000 });

    await reloadUntil(b, async () => {
      expect(await bPanel.getByTestId("eol-open-challenges").textContent({ timeout: 1000 })).toContain("Alice (test library)");
    });
    expect(squash(await bPanel.getByTestId("eol-challenge").textContent())).toMatch(/challenged by Alice \(test library\), .*“check the pump first” open$/);

    // Once the period is over (no refresh: the panel follows the clock), A confirms, resolving the challenge.
    const confirm = aPanel.getByRole("button", { name: "Confirm (resolves your challenge)" });
    await confirm.waitFor({ timeout: (CHALLENGE_SECONDS + 10) * 1000 });
    await aPanel.getByLabel("Notes (optional)", { exact: true }).fill("seized for good");
    await confirm.click();
    await aPanel.getByRole("status").filter({ hasText: "You confirmed the end of life." }).waitFor({ timeout: 20_000 });
    await a.page.getByTestId("inbox-count").filter({ hasText: /^1$/ }).waitFor({ timeout: 10_000 }); // answered: only D's review waits
    await reloadUntil(b, async () => {
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
    await reloadUntil(b, async () => {
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
    await reloadUntil(a, async () => {
      expect(await a.page.getByTestId("resource-now").getByTestId("end-of-life-badge").textContent({ timeout: 1000 })).toBe("End of life");
    });
    expect(await a.page.getByTestId("resource-now").getByRole("button", { name: /^Propose a commitment/ }).count()).toBe(0);
    await go(a, "Catalogue");
    expect(await a.page.getByTestId("resource-card").getByTestId("validation-badge").textContent({ timeout: 10_000 })).toBe("End of life");
    // No page logged an error, apart from A's log of the zome's refusal of the too-short challenge period (first test).
    expect(a.pageErrors.filter((e) => !e.includes("this network's minimum"))).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  }, 120_000);

  it("B sees its five receipts, both signatures verified, and its reputation; B shares it with A, who reads and verifies it", async () => {
    const [a, b] = agents;
    // B's interactions: it approved A's resource, claimed the use it offered A, A approved its Transport, and A and C
    // confirmed its end of life.
    const receipts = b.page.getByTestId("my-receipts").getByTestId("receipt");
    await go(b, "Me");
    await reloadUntil(b, async () => {
      expect(await receipts.count()).toBe(5);
      expect(await b.page.getByTestId("my-reputation").getByTestId("reputation-interactions").textContent({ timeout: 1000 })).toBe("5");
    }, 20_000);
    expect((await receipts.getByTestId("receipt-type").allTextContents()).sort()).toEqual([
      "End of life declaration",
      "End of life declaration",
      "Network validation",
      "Service fulfillment completed",
      "Transport fulfillment",
    ]);
    expect(await receipts.getByTestId("receipt-signatures").allTextContents().then((t) => t.map(squash))).toEqual(
      Array(5).fill("✓ both signatures verify"),
    );
    await b.page.getByLabel("Claim type", { exact: true }).selectOption("NetworkValidation");
    await receipts.filter({ hasText: "Network validation" }).waitFor({ timeout: 5000 });
    expect(await receipts.count()).toBe(1);
    const validation = squash(await receipts.textContent());
    expect(validation).toContain("with Alice (test library)");
    expect(validation).toMatch(/resource validation · Pressure washer, .* · .*Timeliness 100% · completion 100% · reliability 100%/);
    // Every interaction went perfectly: each adds a tenth to the score.
    const reputation = b.page.getByTestId("my-reputation");
    expect(await reputation.getByTestId("reputation-score").textContent()).toBe("0.50 of 1");
    expect(await reputation.getByTestId("reputation-on-time").textContent()).toBe("100%");
    const byType = squash(await reputation.getByRole("list", { name: "My reputation by claim type" }).textContent());
    expect(byType).toMatch(/^End of life declaration 2 interactions, last .* Share 40% Performance 100%/);
    // The Transport A validated gives B figures for the role it worked in.
    const byRole = squash(await reputation.getByRole("list", { name: "My reputation by role" }).textContent());
    expect(byRole).toMatch(/^Transport 1 interaction, last .* Share 20% Performance 100%/);

    await b.page.getByLabel("Share with", { exact: true }).selectOption({ label: "Alice (test library)" });
    await b.page.getByRole("button", { name: "Share my reputation", exact: true }).click();
    await b.page.getByRole("status").filter({ hasText: "Alice (test library) can now read and verify your reputation summary." }).waitFor({ timeout: 20_000 });

    const read = a.page.getByRole("button", { name: "Read and verify the reputation of Bilal (test workshop)" });
    await go(a, "Me");
    await reloadUntil(a, async () => {
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
    expect(await shared.getByTestId("reputation-interactions").textContent()).toBe("5");
    expect(await shared.getByTestId("reputation-score").textContent()).toBe("0.50 of 1");
    expect(squash(await shared.getByTestId("shared-reputation-covers").textContent())).toMatch(/^Covers 5 attestations · calculated /);
    // B lists the share and revokes it.
    const shareList = b.page.getByRole("list", { name: "Agents who may read my reputation" });
    await shareList.getByText("Alice (test library) may read it").waitFor({ timeout: 5000 });
    await shareList.getByRole("button", { name: "Revoke" }).click();
    await b.page.getByRole("status").filter({ hasText: "Alice (test library) can no longer read your reputation summary." }).waitFor({ timeout: 20_000 });
    await shareList.waitFor({ state: "detached", timeout: 5000 }); // the list reloads after the status shows
    expect(a.pageErrors.filter((e) => !e.includes("this network's minimum"))).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  }, 60_000);

  it("every page has no serious or critical axe-core violation and fits a 390 px phone screen; screenshots at 1280 and 390 px", async () => {
    // axe-core scans each page as laid out at 1280 px; at 390 px the page must not be wider than the screen.
    const [a] = agents;
    mkdirSync(SHOTS, { recursive: true });
    const pages: [string, () => Promise<void>][] = [
      ["catalogue", () => go(a, "Catalogue")],
      ["resource", () => openWasher(a)],
      ["my-things", () => go(a, "My things")],
      ["inbox", () => go(a, "Inbox")],
      ["people", () => go(a, "People")],
      ["specifications", () => go(a, "Specifications")],
      ["me", () => go(a, "Me")],
    ];
    const problems: string[] = [];
    for (const [name, open] of pages) {
      await a.page.setViewportSize({ width: 1280, height: 900 });
      await open();
      // "Loading…" texts and the skeletons' hidden labels ("Loading the ledger…").
      await a.page.getByText(/^Loading.*…$/).first().waitFor({ state: "detached", timeout: 20_000 }).catch(() => undefined);
      const { violations } = await new AxeBuilder({ page: a.page }).analyze();
      for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
        problems.push(`${name}: ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
      }
      for (const width of [1280, 390]) {
        await a.page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        const overflow = await a.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${name} at ${width} px: ${overflow} px wider than the screen`);
        await a.page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
      }
    }
    await a.page.setViewportSize({ width: 1280, height: 900 });
    expect(problems).toEqual([]);
  }, 120_000);

  it("inside a launcher (no /agent-config.json; the launcher's injected port, token and zome-call signer) the same build connects as A and lists the resources", async () => {
    // What a Holochain launcher gives a hApp's UI: a server without our config route (404), and in the page
    // window.__HC_LAUNCHER_ENV__ (app port, token, app id) and window.__HC_ZOME_CALL_SIGNER__, which signs
    // zome calls outside the page (@holochain/client 0.20.1: AppWebsocket.connect() reads the first, its zome
    // calls go through the second). The signer here is this Node process, holding A's signing credentials.
    const [a] = agents;
    const admin = a.player.conductor.adminWs();
    const { server, url } = await previewBuild(distDir);
    servers.push(server);
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/agent-config.json`)).status).toBe(404);
    const { port } = await admin.attachAppInterface({ allowed_origins: origin, installed_app_id: a.player.appId });
    const { token } = await admin.issueAppAuthenticationToken({ installed_app_id: a.player.appId, single_use: false, expiry_seconds: 0 });
    await admin.authorizeSigningCredentials(a.player.namedCells.get("nondominium")?.cell_id as CellId);
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 } });
    let signed = 0;
    /** A value as it crosses the page boundary: JSON-like, each Uint8Array as `{ __bytes: [...] }`. */
    type Wire = unknown;
    const revive = (v: Wire): unknown =>
      Array.isArray(v) ? v.map(revive)
      : v && typeof v === "object" ? ("__bytes" in v ? new Uint8Array((v as { __bytes: number[] }).__bytes) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, revive(x)])))
      : v;
    await context.exposeFunction("__testLauncherSign", async (request: Wire) => {
      signed++;
      const { bytes, signature } = await signZomeCall(revive(request) as CallZomeRequest);
      return { bytes: { __bytes: Array.from(bytes) }, signature: { __bytes: Array.from(signature) } };
    });
    await context.addInitScript(
      ({ port, token, appId }) => {
        const toWire = (v: unknown): unknown =>
          v instanceof Uint8Array ? { __bytes: Array.from(v) }
          : Array.isArray(v) ? v.map(toWire)
          : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toWire(x)]))
          : v;
        const fromWire = (v: unknown): unknown =>
          v && typeof v === "object" && "__bytes" in v ? new Uint8Array((v as { __bytes: number[] }).__bytes)
          : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromWire(x)]))
          : v;
        const w = window as unknown as Record<string, unknown> & { __testLauncherSign: (r: unknown) => Promise<unknown> };
        w.__HC_LAUNCHER_ENV__ = { APP_INTERFACE_PORT: port, APP_INTERFACE_TOKEN: token, INSTALLED_APP_ID: appId };
        w.__HC_ZOME_CALL_SIGNER__ = { signZomeCall: async (request: unknown) => fromWire(await w.__testLauncherSign(toWire(request))) };
      },
      { port, token: Array.from(token), appId: a.player.appId },
    );
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
    page.on("console", (m) => {
      if (m.type() === "error" && !m.text().includes("404")) errors.push(`console: ${m.text()}`); // the config route's 404 is the point
    });
    await page.goto(url);
    await page.getByTestId("whoami").filter({ hasText: "Alice (test library)" }).waitFor({ timeout: 20_000 });
    await page.getByTestId("resource-card").filter({ hasText: "Pressure washer" }).waitFor({ timeout: 20_000 });
    expect(signed).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it("when B's conductor stops, B's page says so; when it starts again the page reconnects by itself (a fresh token: the old one died with the conductor) and writes again, without a reload", async () => {
    const b = agents[1];
    await go(b, "Me");
    await b.page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    const conductor = b.player.conductor;
    const t0 = Date.now();
    const since = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
    await conductor.shutDown();
    const stopped = since();
    const banner = b.page.getByTestId("offline-banner");
    await banner.waitFor({ timeout: 15_000 });
    const shown = since();
    expect(squash(await banner.textContent())).toContain("The conductor cannot be reached");
    await conductor.startUp(); // same admin port (pinned by serveUi); the app interface comes back on a new one
    const up = since();
    await banner.waitFor({ state: "detached", timeout: 30_000 });
    console.log(`[ui] B's conductor stopped at ${stopped}, banner shown at ${shown}, conductor up at ${up}, banner gone at ${since()}`);
    // Fresh data: a write through the new connection, with the same signing credentials (their grant is on B's chain).
    await b.page.getByRole("button", { name: "Change name" }).click();
    await b.page.getByLabel("New name", { exact: true }).fill("Bilal (after a restart)");
    await b.page.getByRole("button", { name: /^Save/ }).click();
    await b.page.getByTestId("whoami").filter({ hasText: "Bilal (after a restart)" }).waitFor({ timeout: 20_000 });
    expect(await b.page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    // What a stop leaves in the console: the config route's 503s, refused sockets, and @holochain/client's
    // "got response with no matching request" for the calls the conductor answered as it stopped (it
    // rejects them at the socket's close, then reads the answers that were already on their way).
    expect(b.pageErrors.filter((e) => !/503 \(Service Unavailable\)|WebSocket connection|ERR_CONNECTION_REFUSED|got response with no matching request/.test(e))).toEqual([]);
  }, 90_000);
});
