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
import { type Capabilities, type ConformanceTarget, capabilitiesOf } from "./conformance-target.js";

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

/** The check with `id`; throws for an unknown id, so a test that names one cannot silently run nothing. */
export function checkById(id: string): Check {
  const found = allChecks.find((check) => check.id === id);
  if (found === undefined) throw new Error(`no conformance check has the id "${id}"`);
  return found;
}

/**
 * Registers the whole conformance suite for one adapter. The store's capabilities are read from a store the
 * target opens while the suite is collected; checks needing a capability it lacks are left out (the suite's
 * title lists what is on). Checks the target switches off by id are reported as skipped, with the reason.
 */
export function runConformance({ describe, it, expect }: ConformanceRunner, target: ConformanceTarget): void {
  checkSkipIds(target);
  describe(`conformance: ${target.name}`, async () => {
    const capabilities = await probeCapabilities(target);
    const on = Object.entries(capabilities)
      .filter(([, enabled]) => enabled)
      .map(([name]) => name);
    describe(on.join(", ") || "required methods only", () => {
      const checks = allChecks.filter((check) => (check.needs ?? []).every((need) => capabilities[need]));
      for (const groupName of new Set(checks.map((check) => check.group))) {
        describe(groupName, () => {
          for (const check of checks.filter((c) => c.group === groupName)) {
            const title = `[${check.id}] ${check.name}`;
            const reason = skipReason(check, target);
            if (reason !== undefined) it.skip(`${title} (switched off: ${reason})`, () => {});
            else it(title, () => runCheck(check, target, expect), target.checkTimeout ?? 30_000);
          }
        });
      }
    });
  });
}

async function probeCapabilities(target: ConformanceTarget): Promise<Capabilities> {
  const fixture = await target.setup();
  try {
    const store = await fixture.openStore();
    try {
      return capabilitiesOf(store);
    } finally {
      await store.close?.();
    }
  } finally {
    await fixture.teardown();
  }
}

function skipReason(check: Check, target: ConformanceTarget): string | undefined {
  const skip = target.skip ?? {};
  return skip[check.id] ?? skip[groupId(check)];
}

function groupId(check: Check): string {
  return check.id.slice(0, check.id.indexOf("."));
}

/** A skip naming no check or group is a typo that would silently run the check: refuse it. */
function checkSkipIds(target: ConformanceTarget): void {
  const known = new Set(allChecks.flatMap((check) => [check.id, groupId(check)]));
  for (const id of Object.keys(target.skip ?? {})) {
    if (!known.has(id)) throw new Error(`${target.name}: skip names "${id}", which is no check or group id`);
  }
}
