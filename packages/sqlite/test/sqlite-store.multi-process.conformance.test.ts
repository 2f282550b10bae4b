import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { sqliteTarget } from "./sqlite-target.js";
import { openRemoteStore } from "./support/remote-store.js";

/**
 * The whole suite with every store in a node process of its own, each with its own connection to the file:
 * concurrent writers, atomic pop and setdefault, incremental syncs and the outage across real processes.
 * The watch stays off here: across processes it trades up to one poll interval of staleness for free reads,
 * which the "next read sees another's write" check rightly refuses; `multi-process.test.ts` covers it.
 * Writers in separate processes really contend for the lock, so they get a busy timeout long enough to
 * wait for each other; the outage then blocks only the stores' processes, never the test's.
 */
runConformance(
  { describe, it, expect },
  sqliteTarget("delete", false, (file, options) => openRemoteStore(file, { ...options, busyTimeout: 2000 })),
);
