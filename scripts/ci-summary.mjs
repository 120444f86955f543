#!/usr/bin/env node
/**
 * Prints the closing line of a CI run, "N passed, N failed", from the output
 * of `npm test` (cargo's "test result:" lines) and vitest's JSON report.
 * Usage: ci-summary.mjs <log> <vitest-report.json> <npm-test-exit-status>
 * Exits 1 when something failed or no test ran at all.
 */
import { existsSync, readFileSync } from "node:fs";

const [logPath, reportPath, statusArg] = process.argv.slice(2);
const log = existsSync(logPath) ? readFileSync(logPath, "utf8") : "";
let passed = 0;
let failed = 0;
for (const m of log.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed/g)) {
  passed += Number(m[1]);
  failed += Number(m[2]);
}
if (existsSync(reportPath)) {
  const report = JSON.parse(readFileSync(reportPath, "utf8"));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
}
const status = Number(statusArg);
if (status !== 0 && failed === 0) failed = 1; // setup or a runner failed before counting
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
