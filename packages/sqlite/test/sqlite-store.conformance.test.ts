import { allChecks, runCheck, runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { sqliteTarget } from "./sqlite-target.js";

/** A rollback-journal file: the whole suite, the outage included (an exclusive lock shuts out readers too). */
runConformance({ describe, it, expect }, sqliteTarget("delete"));

/**
 * A WAL file, the default: every check but the outage one. In WAL mode no lock can shut readers out, so
 * the store cannot be made unreachable for reads; `wal-lock.test.ts` covers what a locked WAL file does.
 */
const wal = sqliteTarget("wal");
const outageCheck = "while the store is down";
describe("conformance: sqlite in WAL mode (watch, changesSince, atomicPop, atomicSetdefault)", () => {
  for (const check of allChecks.filter((c) => !c.name.startsWith(outageCheck))) {
    it(`${check.group}: ${check.name}`, () => runCheck(check, wal, expect));
  }
});
