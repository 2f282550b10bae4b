import { runConformance } from "@durabledict/test-suite";
import { describe, expect, it } from "vitest";
import { redisTarget } from "./support/redis-target.js";

runConformance({ describe, it, expect }, redisTarget("watching", { watch: true }));
runConformance({ describe, it, expect }, redisTarget("checking", {}));
