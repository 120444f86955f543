#!/usr/bin/env node
/**
 * Checks that every integrity rule message is proven.
 *
 * A rule message is a string literal of the non-test Rust code of the
 * integrity zomes (`dnas/nondominium/zomes/integrity/`) and of the types crate
 * they validate with (`dnas/nondominium/crates/nondominium_types/src/`) that
 * follows the project's convention "<Entity> <field> <rule>": it starts with
 * an entry or link type name of an integrity zome (their `types.json`) or
 * with a `{placeholder}` standing for one, and states a rule (must, cannot,
 * already, immutable, …); in an integrity zome's own files, any sentence of
 * four words or more that states a rule counts too, and so does any literal
 * of three words or more, in either place, that a rejection is built from
 * (`invalid!(…)`, `Invalid(…)`, `Err(…)`, a verdict's closure: "rule_data
 * must be at most {MAX_RULE_DATA_CHARS} characters", which its caller
 * prefixes with the specification's rule). Each message is matched by its *fragment*: the
 * longest run of it with no `{placeholder}` (format arguments vary, the words
 * around them do not). A message whose fragment is shorter than three words
 * is a generic template (e.g. "{what} must reference {type_name}"): its
 * callers' texts are matched instead, so it is listed, not checked.
 *
 * Fails (exit 1, listing them) when a message's fragment
 * - is not in `tests/THREATS.md` (the threat table), or
 * - is not asserted by any test under `tests/` (`*.ts`), unless THREATS.md
 *   lists it under "## Defence in depth" (a rule no write can reach, with
 *   the reason). A test asserts it
 *   when the fragment appears in the test's text once regex escapes are
 *   removed (`/EconomicEvent note must be at most 1000 characters/` asserts
 *   "{entity} note must be at most {MAX_NOTE_CHARS} characters" through its
 *   fragment " note must be at most ").
 *
 * `node scripts/check-threats.mjs --list` prints every message and its status.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const INTEGRITY = join(root, "dnas", "nondominium", "zomes", "integrity");
const TYPES_CRATE = join(root, "dnas", "nondominium", "crates", "nondominium_types", "src");
const THREATS = join(root, "tests", "THREATS.md");
const TESTS = join(root, "tests");
/** The heading of THREATS.md's list of messages no write can reach (each with its reason). */
const DEFENCE_HEADING = "## Defence in depth";

/** Every file under `dir` whose name ends with `ext`, skipping `node_modules` and build output. */
function files(dir, ext) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "target" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path, ext));
    else if (name.endsWith(ext)) out.push(path);
  }
  return out;
}

/**
 * Splits Rust source into code and string literals, dropping comments.
 * Returns `{ code, strings }`: `code` with every literal replaced by `""`
 * (so braces inside strings do not count), `strings` as `{ text, at }` with
 * `at` the literal's offset in `code`.
 */
function lexRust(src) {
  let code = "";
  const strings = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (c === "/" && src[i + 1] === "*") {
      i = src.indexOf("*/", i + 2);
      i = i < 0 ? src.length : i + 2;
    } else if (c === "r" && /^r#*"/.test(src.slice(i, i + 10)) && !/[A-Za-z0-9_]/.test(src[i - 1] ?? "")) {
      const hashes = /^r(#*)"/.exec(src.slice(i))[1];
      const end = src.indexOf(`"${hashes}`, i + 2 + hashes.length);
      strings.push({ text: src.slice(i + 2 + hashes.length, end), at: code.length });
      code += '""';
      i = end + 1 + hashes.length;
    } else if (c === '"') {
      let j = i + 1;
      let text = "";
      while (j < src.length && src[j] !== '"') {
        if (src[j] === "\\") {
          const next = src[j + 1];
          if (next === "\n") {
            // A line continuation: the newline and the next line's indentation are dropped.
            j += 2;
            while (/\s/.test(src[j])) j++;
            continue;
          }
          text += next === "n" ? "\n" : next;
          j += 2;
        } else text += src[j++];
      }
      strings.push({ text, at: code.length });
      code += '""';
      i = j + 1;
    } else if (c === "'" && /^'(\\.|[^\\'])'/.test(src.slice(i, i + 4))) {
      // A char literal ('"' would otherwise open a string); lifetimes pass through.
      const m = /^'(\\.|[^\\'])'/.exec(src.slice(i));
      code += m[0];
      i += m[0].length;
    } else {
      code += c;
      i++;
    }
  }
  return { code, strings };
}

/** Offset ranges of `#[cfg(test)]` items (test modules and functions) in lexed code. */
function testRanges(code) {
  const ranges = [];
  const re = /#\[cfg\(test\)\]/g;
  let m;
  while ((m = re.exec(code))) {
    let i = code.indexOf("{", m.index);
    const semi = code.indexOf(";", m.index);
    if (i < 0 || (semi >= 0 && semi < i)) continue; // `#[cfg(test)] mod tests;` or a use
    let depth = 0;
    for (; i < code.length; i++) {
      if (code[i] === "{") depth++;
      else if (code[i] === "}" && --depth === 0) break;
    }
    ranges.push([m.index, i]);
  }
  return ranges;
}

/** Entry and link type names of the integrity zomes, from their generated `types.json`. */
function entityNames() {
  const names = new Set();
  for (const zome of readdirSync(INTEGRITY)) {
    const types = JSON.parse(readFileSync(join(INTEGRITY, zome, "types.json"), "utf8"));
    for (const n of [...types.entryTypes, ...types.linkTypes]) names.add(n);
  }
  return names;
}

const RULE_WORDS = /\b(must|cannot|can only|already|immutable|needs|only|refused|not)\b/;
/** Literals that look like rejections but are no validation rule. */
const NOT_RULES = [
  // `check_generated_file`: the unit tests' check that a generated file is up to date.
  "{path} is stale: run {update_var}=1 cargo test --lib",
  // Errors of the host reads, not verdicts: a chain that is not one (`chain_back`), a DNA without a zome.
  "the chain read from {chain_top} leaves the chain of {author}",
  "no integrity zome named {zome_name} in this DNA",
  // Coordinator only: a party checks a record the other party sent along (`checked_record`).
  "the record sent for {hash} is not the one its author signed",
  // Pieces a message is built from (its subject), not messages.
  "{link_name} link target",
  "{link} link target",
  "the {role:?} role",
];
/** Code right before a literal that makes it a rejection: `invalid!(`, `Invalid(`, `Err(`, `format!(` in those, or a verdict's `|| `. */
const MESSAGE_CONTEXT = /(invalid!\(|Invalid\(|Err\(|format!\(|\|\|)\s*$/;

/** The longest part of `message` outside `{…}` placeholders, trimmed. */
export function fragmentOf(message) {
  const parts = message.split(/\{[^{}]*\}/).map((p) => p.trim());
  return parts.reduce((a, b) => (b.length > a.length ? b : a), "");
}

const words = (s) => s.split(/\s+/).filter(Boolean).length;

/** Every rule message of the integrity code: `{ message, fragment, generic, where: [file:line] }`. */
export function ruleMessages() {
  const entities = entityNames();
  const byMessage = new Map();
  for (const file of [...files(INTEGRITY, ".rs"), ...files(TYPES_CRATE, ".rs")]) {
    const inZome = file.startsWith(INTEGRITY);
    const src = readFileSync(file, "utf8");
    const { code, strings } = lexRust(src);
    const tests = testRanges(code);
    for (const { text, at } of strings) {
      if (tests.some(([a, b]) => at >= a && at <= b)) continue;
      const first = text.split(" ")[0];
      const startsWithEntity = entities.has(first) || /^\{[a-z_]+\}$/.test(first);
      // In an integrity zome itself, any sentence stating a rule is a message ("process links cannot be deleted: …").
      const sentence = inZome && words(text) >= 4;
      const statesRule = (startsWithEntity || sentence) && text.includes(" ") && RULE_WORDS.test(text);
      // Or whatever a rejection is built from, rule word or not ("… has reached its end of life: it accepts no update").
      const rejection = words(text) >= 3 && MESSAGE_CONTEXT.test(code.slice(Math.max(0, at - 40), at));
      if ((!statesRule && !rejection) || NOT_RULES.includes(text)) continue;
      const fragment = fragmentOf(text);
      const line = code.slice(0, at).split("\n").length;
      const entry = byMessage.get(text) ?? { message: text, fragment, generic: words(fragment) < 3, where: [] };
      entry.where.push(`${relative(root, file)}:${line}`);
      byMessage.set(text, entry);
    }
  }
  return [...byMessage.values()].sort((a, b) => a.message.localeCompare(b.message));
}

/** Collapses whitespace, so a message wrapped across lines still matches. */
const flat = (s) => s.replace(/\s+/g, " ");

/** `text` with regex escapes removed (`\(` → `(`, `\\[` → `[`), whitespace collapsed. */
export function unescaped(text) {
  let out = text;
  for (let before = ""; before !== out; ) {
    before = out;
    out = out.replace(/\\([^A-Za-z0-9])/g, "$1");
  }
  return flat(out);
}

/** The text of every test file, unescaped. */
function testCorpus() {
  return files(TESTS, ".ts").map((f) => ({ file: relative(root, f), text: unescaped(readFileSync(f, "utf8")) }));
}

/**
 * The texts a proof of `m` may contain: its fragment, the fragment's
 * statement before its first colon or parenthesis, or the message's opening
 * words before its first placeholder, each when it is four words or more
 * ("ResourceSpecification cannot be updated" for "… cannot be updated: its
 * governance rules bind …"): a test may assert the rule without its explanation.
 */
export function proofTexts(m) {
  const frag = flat(m.fragment);
  const texts = [frag];
  const statement = frag.split(/:| \(/)[0].trim();
  if (statement !== frag && words(statement) >= 4) texts.push(statement);
  // The message's opening words, up to its first placeholder, when they say enough on their own
  // ("rule_data confirmations must be between" for "… between {MIN} and {MAX}: several validators …").
  const opening = flat(m.message.split("{")[0].split(/:| \(/)[0]).trim();
  if (opening !== frag && words(opening) >= 4 && !texts.includes(opening)) texts.push(opening);
  return texts;
}

/**
 * Whether `text` asserts `m`: it holds one of `proofTexts(m)` at a place that
 * is not another message's own text. ("AllAgents links cannot be deleted"
 * proves that message, not the template "{name} links cannot be deleted" of
 * another zome, though it holds the template's fixed part.)
 */
export function asserts(text, m, messages) {
  const others = messages.filter((o) => o !== m && !/[{}]/.test(o.message)).map((o) => flat(o.message));
  return proofTexts(m).some((x) => {
    for (let i = text.indexOf(x); i >= 0; i = text.indexOf(x, i + 1)) {
      const another = others.some((o) => {
        for (let k = o.indexOf(x); k >= 0; k = o.indexOf(x, k + 1)) if (text.startsWith(o, i - k)) return true;
        return false;
      });
      if (!another) return true;
    }
    return false;
  });
}

function main() {
  const list = process.argv.includes("--list");
  const messages = ruleMessages();
  const table = readFileSync(THREATS, "utf8");
  const threats = unescaped(table);
  // Messages listed (with the reason) under the heading "Defence in depth" need no test.
  // Only a row's first cell names an unreachable message (its reason may quote others).
  const defenceRows = table.includes(DEFENCE_HEADING) ? table.slice(table.indexOf(DEFENCE_HEADING)).split("\n") : [];
  const defence = defenceRows.filter((l) => l.startsWith("| `")).map((l) => unescaped(l.split(" | ")[0]));
  const corpus = testCorpus();
  const problems = [];
  let checked = 0;
  let documented = 0;
  for (const m of messages) {
    if (m.generic) {
      if (list) console.log(`generic  ${JSON.stringify(m.message)}`);
      continue;
    }
    checked++;
    const inTable = threats.includes(flat(m.fragment));
    const tests = corpus.filter((t) => asserts(t.text, m, messages)).map((t) => t.file);
    const unreachable = defence.some((cell) => cell.includes(flat(m.fragment)));
    if (unreachable) documented++;
    const missing = [!inTable && "not in tests/THREATS.md", tests.length === 0 && !unreachable && "asserted by no test"].filter(Boolean);
    if (missing.length) problems.push({ ...m, missing });
    if (list) console.log(`${missing.length ? "MISSING " : "ok      "} ${JSON.stringify(m.message)}${missing.length ? ` (${missing.join(", ")})` : ` [${tests.join(", ")}]`}`);
  }
  const generic = messages.length - checked;
  if (problems.length) {
    console.error(`check-threats: ${problems.length} of ${checked} integrity rule messages are not proven (${generic} generic templates not checked):`);
    for (const p of problems) console.error(`  ${JSON.stringify(p.message)}  — ${p.missing.join(", ")}  (${p.where[0]})`);
    process.exit(1);
  }
  console.log(
    `check-threats: all ${checked} integrity rule messages are in tests/THREATS.md; ${checked - documented} asserted by a test, ${documented} listed as unreachable with the reason (${generic} generic templates not checked)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
