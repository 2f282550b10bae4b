import { runConformance } from "@durabledict/test-suite";
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
  runConformance(
    { describe, it, expect },
    {
      ...sqliteTarget("wal", watch),
      skip: {
        "faults.outage": "a WAL file cannot be made unreadable: faults.test.ts covers a locked WAL file",
      },
    },
  );
}
