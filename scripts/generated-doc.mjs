// The one way a generated table is kept in a hand-written doc: the text
// between two marker comments is replaced, the rest left as written.
//   rewriteBetweenMarkers({ tool, docPath, begin, end, content })
// With --check on the command line it exits 1 when the doc is stale;
// otherwise it rewrites the doc when the table changed.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Prints `tool: message` and exits 1. */
export function fail(tool, message) {
  console.error(`${tool}: ${message}`);
  process.exit(1);
}

/**
 * Puts `content` between the lines `begin` and `end` of `docPath` (checks,
 * with --check), naming the doc by its path from the repository root.
 */
export function rewriteBetweenMarkers({ tool, docPath, begin, end, content }) {
  const doc = readFileSync(docPath, "utf8");
  const from = doc.indexOf(begin);
  const to = doc.indexOf(end);
  if (from < 0 || to < from) fail(tool, `${docPath} lacks the markers ${begin} … ${end}`);
  const updated = `${doc.slice(0, from + begin.length)}\n${content}\n${doc.slice(to)}`;
  const where = relative(ROOT, docPath);
  if (process.argv.includes("--check")) {
    if (updated !== doc) fail(tool, `${where} is stale: run node scripts/${tool}.mjs`);
    console.log(`${where}: ${tool} is up to date`);
  } else if (updated !== doc) {
    writeFileSync(docPath, updated);
    console.log(`${where}: ${tool} rewritten`);
  } else {
    console.log(`${where}: ${tool} already up to date`);
  }
}
