#!/usr/bin/env node
// Renders the ValueFlows action-effects table (vf-actions.json, generated from
// the Rust ACTION_EFFECTS) into docs/vf-actions.md, between the markers
// <!-- vf-actions:begin --> and <!-- vf-actions:end -->; the rest of the doc is
// left as written.
//
//   node scripts/vf-actions-doc.mjs          rewrite the table
//   node scripts/vf-actions-doc.mjs --check  exit 1 if the doc is stale
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fail as failWith, rewriteBetweenMarkers, ROOT } from "./generated-doc.mjs";

const jsonPath = join(ROOT, "dnas/nondominium/crates/nondominium_types/vf-actions.json");
const docPath = join(ROOT, "docs/vf-actions.md");
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

const fail = (message) => failWith("vf-actions-doc", message);

const rows = JSON.parse(readFileSync(jsonPath, "utf8"));
if (!Array.isArray(rows) || rows.length === 0) fail(`${jsonPath} holds no rows`);

rewriteBetweenMarkers({
  tool: "vf-actions-doc",
  docPath,
  begin: BEGIN,
  end: END,
  content: `${renderTable(rows)}\n${renderRules(rows)}`,
});
