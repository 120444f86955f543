#!/usr/bin/env node
// Renders the shape of each governance rule type's rule_data (ruleData.fields
// of vocabulary.json, generated from the Rust RULE_FIELDS) into README.md,
// between the markers <!-- rule-data:begin --> and <!-- rule-data:end -->;
// the rest of the README is left as written.
//
//   node scripts/rule-data-doc.mjs          rewrite the table
//   node scripts/rule-data-doc.mjs --check  exit 1 if the README is stale
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fail as failWith, rewriteBetweenMarkers, ROOT } from "./generated-doc.mjs";

const jsonPath = join(ROOT, "dnas/nondominium/crates/nondominium_types/vocabulary.json");
const docPath = join(ROOT, "README.md");
const BEGIN = "<!-- rule-data:begin -->";
const END = "<!-- rule-data:end -->";

/** How each field kind reads in the table. */
const KINDS = {
  roleName: "role name",
  boolean: "true / false",
  positiveNumber: "number > 0",
  fraction: "number > 0, at most 1",
  count: "whole number",
  seconds: "whole seconds",
  scheme: '`"n_of_m"` / `"simple_majority"`',
  agentKeys: "agent keys (`uhCAk…`)",
};

const fail = (message) => failWith("rule-data-doc", message);

/** `note` with its `{name}` / `{name.sub}` placeholders filled from `ruleData`. */
function fill(note, ruleData) {
  return note.replace(/\{([A-Za-z_.]+)\}/g, (_, path) => {
    const value = path.split(".").reduce((o, k) => (o == null ? undefined : o[k]), ruleData);
    if (value === undefined) fail(`note placeholder {${path}} is not in ruleData`);
    return String(value);
  });
}

function renderTable(ruleData) {
  const lines = ["| rule_type | field | value | |", "|---|---|---|---|"];
  for (const f of ruleData.fields) {
    if (!(f.kind in KINDS)) fail(`unknown field kind ${f.kind}`);
    const evaluated = !ruleData.notEvaluated.includes(`${f.ruleType}.${f.field}`);
    const note = [f.required ? "required" : "", fill(f.note, ruleData)].filter(Boolean).join("; ");
    const field = evaluated ? `\`${f.field}\`` : `~~\`${f.field}\`~~ (refused)`;
    lines.push(`| \`${f.ruleType}\` | ${field} | ${KINDS[f.kind]} | ${note} |`);
  }
  return lines.join("\n");
}

const ruleData = JSON.parse(readFileSync(jsonPath, "utf8")).ruleData;
if (!Array.isArray(ruleData?.fields) || ruleData.fields.length === 0) fail(`${jsonPath} holds no ruleData.fields`);

rewriteBetweenMarkers({ tool: "rule-data-doc", docPath, begin: BEGIN, end: END, content: renderTable(ruleData) });
