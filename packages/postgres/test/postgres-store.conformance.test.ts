import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { postgresTarget } from "./support/postgres-target.js";

runConformance({ describe, it, expect }, postgresTarget());
// Without the watch every autosync read checks the version: the same behaviour, one round trip per read.
runConformance({ describe, it, expect }, postgresTarget({ watch: false }));
