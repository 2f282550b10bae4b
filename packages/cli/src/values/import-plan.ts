import type { DictContents } from "./read-entries.js";
import { sameJson } from "./same-json.js";

/** One change an import makes. `old` is absent for an addition or an undecodable value. */
export type ImportStep =
  | { kind: "add"; key: string; value: unknown }
  | { kind: "change"; key: string; old?: unknown; value: unknown }
  | { kind: "delete"; key: string; old?: unknown };

/**
 * What importing `wanted` into a dict holding `current` changes, keys sorted: keys to add, keys whose value
 * differs (undecodable ones included), and with `replace` the keys the file does not have.
 */
export function importPlan(
  current: DictContents,
  wanted: Record<string, unknown>,
  replace: boolean,
): ImportStep[] {
  const have = new Map(current.entries);
  const broken = new Set(current.undecodable.map(({ key }) => key));
  const steps: ImportStep[] = [];
  for (const key of Object.keys(wanted).sort()) {
    const value = wanted[key];
    if (broken.has(key)) steps.push({ kind: "change", key, value });
    else if (!have.has(key)) steps.push({ kind: "add", key, value });
    else if (!sameJson(have.get(key), value)) steps.push({ kind: "change", key, old: have.get(key), value });
  }
  if (replace) {
    for (const [key, old] of current.entries)
      if (!Object.hasOwn(wanted, key)) steps.push({ kind: "delete", key, old });
    for (const key of broken) if (!Object.hasOwn(wanted, key)) steps.push({ kind: "delete", key });
  }
  return steps;
}
