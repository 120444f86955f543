/**
 * The suite's file order (src/sequencer.ts): longest first from
 * suite-durations.json, unknown files before known ones, and a table that
 * names every file of the suite it knows.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { longestFirst, readDurations } from "./sequencer";

describe("the suite's file order", () => {
  it("starts unknown files first, then known ones longest first, ties by path", () => {
    const order = longestFirst(["src/a.test.ts", "src/b.test.ts", "src/new.test.ts", "src/c.test.ts", "src/d.test.ts"], {
      "src/a.test.ts": 10,
      "src/b.test.ts": 90,
      "src/c.test.ts": 45.5,
      "src/d.test.ts": 10,
    });
    expect(order).toEqual(["src/new.test.ts", "src/b.test.ts", "src/c.test.ts", "src/a.test.ts", "src/d.test.ts"]);
  });

  it("reads a missing or malformed table as empty, and ignores entries that are not numbers", () => {
    const dir = mkdtempSync(join(tmpdir(), "durations-"));
    expect(readDurations(join(dir, "none.json"))).toEqual({});
    writeFileSync(join(dir, "bad.json"), "{ not json");
    expect(readDurations(join(dir, "bad.json"))).toEqual({});
    writeFileSync(join(dir, "mixed.json"), JSON.stringify({ files: { "src/x.test.ts": 3, "src/y.test.ts": "slow" } }));
    expect(readDurations(join(dir, "mixed.json"))).toEqual({ "src/x.test.ts": 3 });
  });

  it("has a committed table whose every file exists", () => {
    const durations = readDurations();
    expect(Object.keys(durations).length).toBeGreaterThan(0);
    for (const path of Object.keys(durations)) expect(existsSync(join(dirname(fileURLToPath(import.meta.url)), "..", path)), path).toBe(true);
  });
});
