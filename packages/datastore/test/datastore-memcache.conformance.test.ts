import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { datastoreTarget } from "./datastore-target.js";

describe("version checks read a memcache counter", () => {
  runConformance({ describe, it, expect }, datastoreTarget(true));
});
