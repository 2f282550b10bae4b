import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { datastoreTarget } from "./datastore-target.js";

describe("version checks read the version entity", () => {
  runConformance({ describe, it, expect }, datastoreTarget(false));
});
