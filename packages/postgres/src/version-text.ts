import type { VersionStep } from "@durabledict/core";
import { epochVersion } from "@durabledict/core/adapter";

/** A version as the database spells it, `<epoch>:<counter>`, split; `undefined` for anything else. */
export function splitVersion(version: unknown): { epoch: string; counter: number } | undefined {
  if (typeof version !== "string") return undefined;
  const at = version.lastIndexOf(":");
  const counter = Number(version.slice(at + 1));
  return at > 0 && Number.isSafeInteger(counter) ? { epoch: version.slice(0, at), counter } : undefined;
}

/**
 * The step of a write that bumped the counter to `version`. The bump held the version row's lock, so the
 * version before it was one less in the same epoch; at counter 1 the row was just made, and before it the
 * table had no version.
 */
export function stepTo(version: string): VersionStep {
  const { epoch, counter } = splitVersion(version)!;
  return { previous: counter > 1 ? epochVersion.format(epoch, counter - 1) : undefined, version };
}
