/**
 * `npm run bench:queries` (never part of `npm test`; no conductor): what
 * Holochain 0.6's two store reads that every nondominium rule and listing
 * makes cost as the store grows, on Holochain's own cell schema and SQL.
 *
 * - `must_get_agent_activity` (every history rule's chain read, in chunks of
 *   32 and more: `dnas/.../host/chain.rs`) runs
 *   `sql/cell/agent_activity/must_get_agent_activity.sql` of
 *   `holochain_sqlite` 0.6.0.
 * - `get_links` (every index read) runs the query `LinksQuery` builds in
 *   `holochain_state` 0.6.0 `src/query/link.rs`.
 *
 * Both are read from the crates' sources in the cargo registry that
 * `scripts/toolchain.sh` filled (nothing is copied here, so a different
 * Holochain shows its own queries), run in SQLite (sql.js) on the schema
 * the conductor creates (`sql/cell/schema/0.sql` then each `N-up.sql`), with
 * no statistics (the conductor never runs ANALYZE), filled with `ACTIONS`
 * actions of 20 authors (each action its StoreRecord and
 * RegisterAgentActivity op, and a RegisterAddLink op for a third of them,
 * StoreEntry for the rest). For each store size it prints the plan SQLite
 * picks and the mean time of 20 runs of: the newest 32 actions of one chain;
 * the same with `DhtOp.basis_hash = :author` added (a RegisterAgentActivity
 * op's basis is its author, and `DhtOp.basis_hash` has an index); one base's
 * links; and the same with `DhtOp.basis_hash = :base_hash` (a
 * RegisterAddLink op's basis is its base) and `+DhtOp.validation_status`
 * (the unary plus keeps SQLite off that column's index, which it otherwise
 * prefers). The added terms select the same rows: they are what an
 * indexed read in Holochain would look like. Times are sql.js (SQLite in
 * wasm), slower than the conductor's native SQLite; the ratios between
 * sizes and between the two forms are the finding.
 *
 * `ACTIONS=2000,8000,32000` (default) sets the store sizes.
 */
import initSqlJs from "sql.js";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";

/** The source directory of `crate` (e.g. `holochain_sqlite-0.6.0`) in the cargo registry; throws naming where it looked. */
function crateDir(crate) {
  const src = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "registry", "src");
  const found = existsSync(src) ? readdirSync(src).map((d) => join(src, d, crate)).find((d) => existsSync(d)) : undefined;
  if (!found) throw new Error(`query-plans: ${crate} is not in ${src} (scripts/toolchain.sh builds Holochain 0.6.0 from crates.io, which puts it there)`);
  return found;
}

const sqlite = crateDir("holochain_sqlite-0.6.0");
const state = crateDir("holochain_state-0.6.0");
const schemaDir = join(sqlite, "src", "sql", "cell", "schema");
/** The migrations in the order `holochain_sqlite`'s `schema.rs` runs them: `0.sql`, then `1-up.sql`, `2-up.sql`, ... */
const migrations = [
  "0.sql",
  ...readdirSync(schemaDir)
    .filter((f) => /^\d+-up\.sql$/.test(f))
    .sort((a, b) => parseInt(a) - parseInt(b)),
];
const activitySql = readFileSync(join(sqlite, "src", "sql", "cell", "agent_activity", "must_get_agent_activity.sql"), "utf8");
// The create half of LinksQuery (the first string literal of `create_query_string`), with what
// `add_type_query`, `add_after`, `add_before` and `add_author` append for a query of one link type.
const linkRs = readFileSync(join(state, "src", "query", "link.rs"), "utf8");
const createHalf = /fn create_query_string[\s\S]*?let mut s = "([\s\S]*?)"/.exec(linkRs)?.[1];
if (!createHalf) throw new Error(`query-plans: no create_query_string literal in ${join(state, "src", "query", "link.rs")}`);
const linksSql = `${createHalf} AND Action.zome_index = :zome_index AND Action.link_type IN (:link_type) AND :after IS NULL AND :before IS NULL AND :author IS NULL`;

const indexedActivitySql = activitySql.replace("AND Action.author = :author", "AND DhtOp.basis_hash = :author AND Action.author = :author");
const indexedLinksSql = linksSql
  .replace("Action.base_hash = :base_hash", "DhtOp.basis_hash = :base_hash AND Action.base_hash = :base_hash")
  .replace("DhtOp.validation_status = :status", "+DhtOp.validation_status = :status");
for (const [name, sql, base] of [["activity", indexedActivitySql, activitySql], ["links", indexedLinksSql, linksSql]]) {
  if (sql === base) throw new Error(`query-plans: the ${name} query's text changed; the indexed form could not be written`);
}

const SQL = await initSqlJs();
const AUTHORS = 20;
const sizes = (process.env.ACTIONS ?? "2000,8000,32000").split(",").map(Number);

/** A store of `total` actions by AUTHORS authors, built on the conductor's schema; returns it with one author and one base. */
function store(total) {
  const db = new SQL.Database();
  for (const file of migrations) db.exec(readFileSync(join(schemaDir, file), "utf8"));
  const authors = Array.from({ length: AUTHORS }, () => randomBytes(39));
  const bases = Array.from({ length: Math.max(1, Math.floor(total / 60)) }, () => randomBytes(39));
  const seqs = new Map(authors.map((a) => [a, 0]));
  const action = db.prepare("INSERT INTO Action (hash, type, author, blob, seq, base_hash, zome_index, link_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const op = db.prepare(
    "INSERT INTO DhtOp (hash, type, basis_hash, require_receipt, action_hash, storage_center_loc, authored_timestamp, op_order, validation_status, when_integrated) VALUES (?, ?, ?, 0, ?, 0, ?, ?, 0, ?)",
  );
  db.exec("BEGIN");
  for (let i = 0; i < total; i++) {
    const author = authors[i % AUTHORS];
    const seq = seqs.get(author);
    seqs.set(author, seq + 1);
    const hash = randomBytes(39);
    const base = i % 3 === 0 ? bases[(i / 3) % bases.length] : null;
    action.run([hash, base ? "CreateLink" : "Create", author, randomBytes(300), seq, base, base ? 1 : null, base ? 1 : null]);
    const ops = [["StoreRecord", hash], ["RegisterAgentActivity", author], base ? ["RegisterAddLink", base] : ["StoreEntry", hash]];
    for (const [type, basis] of ops) op.run([randomBytes(39), type, basis, hash, i, String(i), i]);
  }
  db.exec("COMMIT");
  action.free();
  op.free();
  return { db, author: authors[0], top: seqs.get(authors[0]) - 1, base: bases[0] };
}

/** SQLite's plan for `sql` with `params`, one line. */
function plan(db, sql, params) {
  const [result] = db.exec(`EXPLAIN QUERY PLAN ${sql}`, params);
  return result.values.map((row) => row[3]).join(" / ");
}

/** The mean ms of 20 runs of `sql` with `params`, and how many rows it returned. */
function time(db, sql, params) {
  const statement = db.prepare(sql);
  let rows = 0;
  const t0 = performance.now();
  for (let run = 0; run < 20; run++) {
    statement.bind(params);
    rows = 0;
    while (statement.step()) rows++;
    statement.reset();
  }
  const ms = (performance.now() - t0) / 20;
  statement.free();
  return { ms, rows };
}

console.log(`Holochain's store reads on its own schema (${migrations.join(", ")}), no statistics, ${AUTHORS} authors`);
for (const total of sizes) {
  const { db, author, top, base } = store(total);
  const activity = { ":op_type": "RegisterAgentActivity", ":author": author, ":lower_seq": Math.max(0, top - 31), ":upper_seq": top };
  const links = { ":create": "RegisterAddLink", ":base_hash": base, ":status": 0, ":zome_index": 1, ":link_type": 1, ":after": null, ":before": null, ":author": null };
  const rows = [
    ["the newest 32 actions of one chain (must_get_agent_activity.sql)", activitySql, activity],
    ["the same, with DhtOp.basis_hash = :author", indexedActivitySql, activity],
    ["one base's links (LinksQuery)", linksSql, links],
    ["the same, with DhtOp.basis_hash = :base_hash", indexedLinksSql, links],
  ];
  console.log(`\n${total} actions (${3 * total} ops; ${total / AUTHORS} per chain):`);
  for (const [name, sql, params] of rows) {
    const { ms, rows: n } = time(db, sql, params);
    console.log(`  ${name}: ${ms.toFixed(2)} ms, ${n} rows — ${plan(db, sql, params)}`);
  }
  db.close();
}
