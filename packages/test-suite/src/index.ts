export type { Check, CheckContext } from "./check.js";
export { runCheck } from "./check-context.js";
export {
  type Capabilities,
  type ConformanceFixture,
  type ConformanceTarget,
  capabilitiesOf,
} from "./conformance-target.js";
export { type CountingStore, countingStore } from "./counting-store.js";
export { allChecks, type ConformanceRunner, checkById, runConformance } from "./run-conformance.js";
