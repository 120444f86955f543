#!/usr/bin/env node
// Renders the ValueFlows action-effects table (vf-actions.json, generated from
// the Rust ACTION_EFFECTS) into docs/vf-actions.md, between the markers
// <!-- vf-actions:begin --> and <!-- vf-actions:end -->; the rest of the doc is
// left as written.
//
//   node scripts/vf-actions-doc.mjs          rewrite the table
//   node scripts/vf-actions-doc.mjs --check  exit 1 if the doc is stale
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const jsonPath = join(root, "dnas/nondominium/crates/nondominium_types/vf-actions.json");
const docPath = join(root, "docs/vf-actions.md");
const BEGIN = "<!-- vf-actions:begin -->";
const END = "<!-- vf-actions:end -->";

/** [heading, key] in table order; the first column is rendered apart. */
const COLUMNS = [
  ["eventQuantity", "eventQuantity"],
  ["inputOutput", "inputOutput"],
  ["pairsWith", "pairsWith"],
  ["createResource", "createResource"],
  ["accountingEffect (rights qty)", "accountingEffect"],
  ["onhandEffect (custody qty)", "onhandEffect"],
  ["locationEffect", "locationEffect"],
  ["containedEffect", "containedEffect"],
  ["accountableEffect (rights)", "accountableEffect"],
  ["stageEffect", "stageEffect"],
  ["stateEffect", "stateEffect"],
];

const cell = (text) => String(text).replaceAll("|", "\\|").replaceAll("\n", " ");
const value = (v) => (v === "notApplicable" ? "·" : `\`${v}\``);

function renderTable(rows) {
  const head = ["action (`label` / Rust)", ...COLUMNS.map(([h]) => h), "departs from VF"];
  const lines = [`| ${head.join(" | ")} |`, `|${head.map(() => "---").join("|")}|`];
  for (const row of rows) {
    const cells = [
      `\`${row.label}\` / \`${row.action}\``,
      ...COLUMNS.map(([, key]) => value(row[key])),
      row.departsFromVf === null ? "no (VF 1.0)" : cell(row.departsFromVf),
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines.join("\n");
}

/** [heading, key] of the nondominium columns (`row.nondominium`). */
const RULE_COLUMNS = [
  ["recorded by", "recordedBy"],
  ["receiver", "receiver"],
  ["quantity", "quantity"],
  ["receiver rules", "receiverRules"],
  ["usage_limit binds", "usageLimited"],
  ["Accountable receiver", "accountableReceiver"],
  ["creator, once", "creatorOnce"],
  ["promotion evidence", "promotionEvidence"],
];

const flag = (v) => (v === true ? "yes" : v === false ? "·" : `\`${v}\``);

function renderRules(rows) {
  const head = ["action", ...RULE_COLUMNS.map(([h]) => h)];
  const lines = [
    "",
    "nondominium's own columns (not ValueFlows'; `nondominium` in the JSON), which the zomes, the",
    "client and the UI read instead of naming actions:",
    "",
    `| ${head.join(" | ")} |`,
    `|${head.map(() => "---").join("|")}|`,
  ];
  for (const row of rows) {
    lines.push(`| \`${row.action}\` | ${RULE_COLUMNS.map(([, key]) => flag(row.nondominium[key])).join(" | ")} |`);
  }
  return lines.join("\n");
}

function fail(message) {
  console.error(`vf-actions-doc: ${message}`);
  process.exit(1);
}

const rows = JSON.parse(readFileSync(jsonPath, "utf8"));
if (!Array.isArray(rows) || rows.length === 0) fail(`${jsonPath} holds no rows`);

const doc = readFileSync(docPath, "utf8");
const begin = doc.indexOf(BEGIN);
const end = doc.indexOf(END);
if (begin < 0 || end < begin) fail(`${docPath} lacks the markers ${BEGIN} … ${END}`);

const updated = `${doc.slice(0, begin + BEGIN.length)}\n${renderTable(rows)}\n${renderRules(rows)}\n${doc.slice(end)}`;
const where = relative(root, docPath);

if (process.argv.includes("--check")) {
  if (updated !== doc) fail(`${where} is stale: run node scripts/vf-actions-doc.mjs`);
  console.log(`${where} is up to date`);
} else if (updated !== doc) {
  writeFileSync(docPath, updated);
  console.log(`${where} rewritten`);
} else {
  console.log(`${where} already up to date`);
}
