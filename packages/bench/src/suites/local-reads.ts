import type { DurableDict } from "@durabledict/core";
import type { BenchContext } from "../context.js";
import { type Flag, fill, flagOf, keysOf } from "../data.js";
import type { AdapterKit } from "../kits/kit.js";
import { compareRates, type Subject } from "../measure.js";
import { rateRow } from "../result.js";

const target = 0.5;
const mapGet = "Map.get";

/**
 * `get` on a synced dict against `Map.get` over the same values in this process: `await dict.get` (the
 * async API, autosync off and autosync on with a live watch), and `snapshot().get` (the synchronous path).
 */
export async function localReads(ctx: BenchContext): Promise<void> {
  const n = ctx.scale.localReadKeys;
  const keys = keysOf(n);
  const size = keys.length;
  const map = new Map(keys.map((key, i) => [key, flagOf(i)]));
  const subjects: Subject[] = [
    { name: mapGet, batch: mapBatch(keys, map) },
    {
      name: "await Promise.resolve(Map.get)",
      batch: asyncBatch(keys, size, (key) => Promise.resolve(map.get(key))),
    },
  ];
  const notes = new Map<string, string>();
  const opened: { kit: AdapterKit; dicts: DurableDict<Flag>[] }[] = [];
  try {
    for (const factory of ctx.kits) {
      await ctx.attempt(`local reads: ${factory.adapter}`, async () => {
        const kit = await factory.create(ctx.servers, ctx.namespace("local-reads"));
        const entry = { kit, dicts: [] as DurableDict<Flag>[] };
        opened.push(entry);
        if (!kit.watches) {
          ctx.log(`local reads: ${factory.adapter} has no watch; its autosync reads are strict reads`);
          return;
        }
        const off = await kit.openDict<Flag>({ autosync: false });
        entry.dicts.push(off);
        await fill(off, n);
        const on = await kit.openDict<Flag>({ autosync: true, watch: true });
        entry.dicts.push(on);
        if (factory.adapter === "memory") {
          const view = off.snapshot();
          subjects.push({ name: "memory snapshot().get (sync)", batch: viewBatch(keys, view) });
          subjects.push({
            name: "memory await get (autosync off)",
            batch: asyncBatch(keys, size, (key) => off.get(key)),
          });
        }
        const name = `${factory.adapter} await get (autosync on, watching)`;
        subjects.push({ name, batch: asyncBatch(keys, size, (key) => on.get(key)) });
        notes.set(name, "a live watch vouches for the copy: no round trip");
      });
    }
    ctx.log(`local reads: ${subjects.length} subjects over ${n} keys`);
    const rates = await compareRates(subjects, ctx.scale.local);
    const baseline = { subject: mapGet, value: rates.get(mapGet)! };
    ctx.record({
      section: "local reads",
      subject: mapGet,
      value: baseline.value,
      unit: "ops/s",
      note: `${n} keys`,
    });
    for (const subject of subjects.slice(1)) {
      const isFloor = subject.name.startsWith("await Promise");
      ctx.record(
        rateRow({
          section: "local reads",
          subject: subject.name,
          value: rates.get(subject.name)!,
          unit: "ops/s",
          baseline,
          target: isFloor ? undefined : target,
          note: isFloor ? "the floor of any promise-returning get" : notes.get(subject.name),
        }),
      );
    }
  } finally {
    for (const { kit, dicts } of opened) {
      for (const dict of dicts) await dict.close();
      await kit.drop();
      await kit.close();
    }
  }
}

// The two synchronous loops are written out separately on purpose: one shared loop calling a callback
// would make its call site polymorphic, and the JIT would stop inlining `Map.get` for both.
function mapBatch(keys: string[], map: Map<string, Flag>) {
  let i = 0;
  return (n: number): number => {
    let hits = 0;
    for (let k = 0; k < n; k++) {
      if (map.get(keys[i]!) !== undefined) hits++;
      i = i + 1 === keys.length ? 0 : i + 1;
    }
    return hits;
  };
}

function viewBatch(keys: string[], view: ReadonlyMap<string, Flag>) {
  let i = 0;
  return (n: number): number => {
    let hits = 0;
    for (let k = 0; k < n; k++) {
      if (view.get(keys[i]!) !== undefined) hits++;
      i = i + 1 === keys.length ? 0 : i + 1;
    }
    return hits;
  };
}

function asyncBatch(keys: string[], size: number, read: (key: string) => Promise<Flag | undefined>) {
  let i = 0;
  return async (n: number): Promise<number> => {
    let hits = 0;
    for (let k = 0; k < n; k++) {
      if ((await read(keys[i]!)) !== undefined) hits++;
      i = i + 1 === size ? 0 : i + 1;
    }
    return hits;
  };
}
