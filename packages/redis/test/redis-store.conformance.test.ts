import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { redisTarget } from "./support/redis-target.js";

runConformance({ describe, it, expect }, redisTarget("watching", { watch: true }));
runConformance({ describe, it, expect }, redisTarget("checking", {}));
// Without the change log every sync reloads the hash, as the Python original does, and stays correct.
runConformance({ describe, it, expect }, redisTarget("no-log", { changeLog: false }));
