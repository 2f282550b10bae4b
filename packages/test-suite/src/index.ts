export type { Check, CheckContext } from "./check.js";
export { runCheck } from "./check-context.js";
export type { Capabilities, ConformanceFixture, ConformanceTarget } from "./conformance-target.js";
export { type CountingStore, countingStore } from "./counting-store.js";
export { allChecks, type ConformanceRunner, runConformance } from "./run-conformance.js";
