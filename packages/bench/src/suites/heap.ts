import { DurableDict, type DurableStore } from "@durabledict/core";
import type { BenchContext } from "../context.js";
import { type Flag, fill, flagOf, keyOf } from "../data.js";
import { costRow } from "../result.js";

/** At most 1.15 × the Map's bytes per entry; a cost row's ratio is the Map's bytes ÷ the dict's. */
const target = 1 / 1.15;

/**
 * Heap bytes per cached entry of a synced dict, against a plain `Map` of the same decoded values. Measured
 * as the growth of `heapUsed` (after forced collections) while the dict or map is built.
 */
export async function heap(ctx: BenchContext): Promise<void> {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (!collect) {
    ctx.log("memory: run node with --expose-gc to measure the heap; skipped");
    return;
  }
  const n = ctx.scale.heapKeys;
  const map = await grown(collect, async () => {
    const map = new Map<string, Flag>();
    for (let i = 0; i < n; i++) map.set(keyOf(i), JSON.parse(JSON.stringify(flagOf(i))) as Flag);
    return map;
  });
  const baseline = { subject: "Map of the decoded values", value: map.bytes / n };
  const size = `${n.toLocaleString("en")} keys`;
  ctx.record({
    section: "memory",
    subject: baseline.subject,
    value: baseline.value,
    unit: "bytes/entry",
    note: size,
  });
  const core = await grown(collect, () => DurableDict.open<Flag>(onceStore(n), { autosync: false }));
  ctx.record(
    costRow({
      section: "memory",
      subject: "durabledict cache",
      value: core.bytes / n,
      unit: "bytes/entry",
      baseline,
      target,
      note: `${size}; the store keeps nothing in this process, so this is core's cache alone (the same for every adapter)`,
    }),
  );
  await core.value.close();
  for (const factory of ctx.kits) {
    if (factory.adapter !== "redis") continue;
    await ctx.attempt("memory: redis", async () => {
      const kit = await factory.create(ctx.servers, ctx.namespace("heap"));
      try {
        const writer = await kit.openDict<Flag>({ autosync: false });
        await fill(writer, n);
        await writer.close();
        const dict = await grown(collect, () => kit.openDict<Flag>({ autosync: false }));
        ctx.record(
          costRow({
            section: "memory",
            subject: "durabledict redis dict",
            value: dict.bytes / n,
            unit: "bytes/entry",
            baseline,
            note: `${size}; includes the client and its buffers`,
          }),
        );
        await dict.value.close();
      } finally {
        await kit.drop();
        await kit.close();
      }
    });
  }
}

/** Heap growth while `build` runs and what it built stays reachable. */
async function grown<T>(collect: () => void, build: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  settle(collect);
  const before = process.memoryUsage().heapUsed;
  const value = await build();
  settle(collect);
  return { value, bytes: process.memoryUsage().heapUsed - before };
}

function settle(collect: () => void): void {
  for (let i = 0; i < 3; i++) collect();
}

/** A store that builds fresh payloads for one `durables()` call and keeps nothing itself. */
function onceStore(n: number): DurableStore {
  return {
    name: "heap-probe",
    async durables() {
      const entries = new Map<string, string>();
      for (let i = 0; i < n; i++) entries.set(keyOf(i), JSON.stringify(flagOf(i)));
      return entries;
    },
    async lastUpdated() {
      return 1;
    },
    async persist() {
      throw new Error("read-only");
    },
    async depersist() {
      throw new Error("read-only");
    },
  };
}
