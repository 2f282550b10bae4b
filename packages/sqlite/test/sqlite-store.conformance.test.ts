import { allChecks, runCheck, runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { sqliteTarget } from "./sqlite-target.js";

/** A rollback-journal file: the whole suite, the outage included (an exclusive lock shuts out readers too). */
runConformance({ describe, it, expect }, sqliteTarget("delete", true));

/**
 * WAL files, the default, with and without the watch: every check but the outage one. In WAL mode no lock
 * shuts readers out, so the file cannot be made unreachable for reads; `faults.test.ts` covers what a locked
 * WAL file does.
 */
for (const watch of [true, false]) {
  const target = sqliteTarget("wal", watch);
  const checks = allChecks.filter((check) => !check.name.startsWith("while the store is down"));
  describe(`conformance: sqlite in WAL mode, ${watch ? "watching" : "not watching"}`, () => {
    for (const check of checks.filter((c) => watch || c.needs?.includes("watch") !== true)) {
      it(`${check.group}: ${check.name}`, () => runCheck(check, target, expect));
    }
  });
}
