import type { describe as vitestDescribe, expect as vitestExpect, it as vitestIt } from "vitest";
import type { Check } from "./check.js";
import { runCheck } from "./check-context.js";
import { atomicityChecks } from "./checks/atomicity.js";
import { badInputChecks } from "./checks/bad-input.js";
import { crossInstanceChecks } from "./checks/cross-instance.js";
import { dictBehaviourChecks } from "./checks/dict-behaviour.js";
import { faultChecks } from "./checks/faults.js";
import { lossyValueChecks } from "./checks/lossy-values.js";
import { modelChecks } from "./checks/model-check.js";
import type { ConformanceTarget } from "./conformance-target.js";

/** The test runner's functions, injected so the suite does not import a runner of its own. */
export interface ConformanceRunner {
  describe: typeof vitestDescribe;
  it: typeof vitestIt;
  expect: typeof vitestExpect;
}

/** Every conformance check, in the order they run. */
export const allChecks: readonly Check[] = [
  ...dictBehaviourChecks,
  ...modelChecks,
  ...crossInstanceChecks,
  ...atomicityChecks,
  ...badInputChecks,
  ...lossyValueChecks,
  ...faultChecks,
];

/**
 * Registers the whole conformance suite for one adapter. Checks whose capability the target does not claim
 * are left out (the suite's title lists what is on).
 */
export function runConformance({ describe, it, expect }: ConformanceRunner, target: ConformanceTarget): void {
  const on = Object.entries(target.capabilities ?? {})
    .filter(([, enabled]) => enabled)
    .map(([name]) => name);
  describe(`conformance: ${target.name} (${on.join(", ") || "required methods only"})`, () => {
    const checks = allChecks.filter((check) => applies(check, target));
    for (const groupName of new Set(checks.map((check) => check.group))) {
      describe(groupName, () => {
        for (const check of checks.filter((c) => c.group === groupName)) {
          it(check.name, () => runCheck(check, target, expect), target.checkTimeout ?? 30_000);
        }
      });
    }
  });
}

function applies(check: Check, target: ConformanceTarget): boolean {
  const capabilities = target.capabilities ?? {};
  return (check.needs ?? []).every((need) => capabilities[need]);
}
