import { DurableDict } from "@durabledict/core";
import type { BenchContext } from "../context.js";
import { countingStore } from "../counting-store.js";
import { type Flag, fill, flagOf, keyOf } from "../data.js";
import type { AdapterKit, KitFactory } from "../kits/kit.js";
import { costRow } from "../result.js";
import { median } from "../stats.js";
import { sizesFor } from "./writes.js";

const target = 100;
/** Each series of syncs stops after this long (having done at least two), so a slow store stays bounded. */
const sampleBudgetMs = 8_000;

/**
 * One remote change in a big dict, applied by another instance with `sync()`: the time and the bytes read,
 * against a full reload of the same dict (the same `sync()` over a store whose `changesSince` is hidden).
 */
export async function syncCost(ctx: BenchContext): Promise<void> {
  for (const factory of ctx.kits) {
    await ctx.attempt(`sync cost: ${factory.adapter}`, async () => {
      const [n] = sizesFor(factory, [ctx.scale.syncKeys]);
      const kit = await factory.create(ctx.servers, ctx.namespace(`sync-${n}`));
      try {
        await measureAt(ctx, factory, kit, n!);
      } finally {
        await kit.drop();
        await kit.close();
      }
    });
  }
}

async function measureAt(ctx: BenchContext, factory: KitFactory, kit: AdapterKit, n: number): Promise<void> {
  const writer = await kit.openDict<Flag>({ autosync: false });
  await fill(writer, n);
  const incremental = countingStore(await kit.openStore());
  const full = countingStore(await kit.openStore(), { hideChangesSince: true });
  const reader = await DurableDict.open<Flag>(incremental.store, { autosync: false });
  const reloader = await DurableDict.open<Flag>(full.store, { autosync: false });
  const hasChangesSince = typeof incremental.store.changesSince === "function";
  let rev = 0;
  const oneChange = async (dict: DurableDict<Flag>, counter: typeof incremental) => {
    rev++;
    const i = (rev * 7919) % n;
    await writer.set(keyOf(i), flagOf(i, rev));
    counter.reset();
    const start = performance.now();
    const changed = await dict.sync();
    const ms = performance.now() - start;
    if (!changed) throw new Error(`${factory.adapter}: the reader did not see the change`);
    return { ms, bytes: counter.bytes };
  };
  const repeats = ctx.scale.syncRepeats;
  const small = await repeat(repeats, sampleBudgetMs, () => oneChange(reader, incremental));
  const big = await repeat(Math.max(2, Math.round(repeats / 5)), sampleBudgetMs, () =>
    oneChange(reloader, full),
  );
  ctx.log(`sync cost: ${factory.adapter} at ${n} keys measured`);
  await Promise.all([writer.close(), reader.close(), reloader.close()]);
  const size = `${n.toLocaleString("en")} keys`;
  const note = [
    hasChangesSince ? undefined : "no changesSince: every sync is a full reload",
    factory.sizeCap && n >= factory.sizeCap.keys ? factory.sizeCap.why : undefined,
  ]
    .filter(Boolean)
    .join("; ");
  const rows = [
    { what: "time", unit: "ms" as const, pick: (s: { ms: number }) => s.ms },
    { what: "bytes read", unit: "bytes" as const, pick: (s: { bytes: number }) => s.bytes },
  ];
  for (const { what, unit, pick } of rows) {
    ctx.record(
      costRow({
        section: "sync cost",
        subject: `${factory.adapter} one change at ${size}: ${what}`,
        value: median(small.map(pick)),
        unit,
        baseline: { subject: "full reload", value: median(big.map(pick)) },
        target,
        note: note || undefined,
      }),
    );
  }
}

/** Calls `sample` `count` times, or fewer once `budgetMs` has passed (but at least twice). */
async function repeat<T>(count: number, budgetMs: number, sample: () => Promise<T>): Promise<T[]> {
  const deadline = performance.now() + budgetMs;
  const samples: T[] = [];
  while (samples.length < count && (samples.length < 2 || performance.now() < deadline)) {
    samples.push(await sample());
  }
  return samples;
}
