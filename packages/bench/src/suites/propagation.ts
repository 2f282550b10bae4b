import { fileURLToPath } from "node:url";
import { ChildChannel } from "../child-channel.js";
import type { BenchContext } from "../context.js";
import type { AdapterKit, KitFactory } from "../kits/kit.js";
import {
  type ChildOrder,
  modeOptions,
  type Probe,
  type PropagationMode,
  probeKey,
} from "../propagation-mode.js";
import { median, percentile } from "../stats.js";

const childScript = fileURLToPath(new URL("../propagation-child.js", import.meta.url));
const sampleTimeout = 3_000;
const readyTimeout = 60_000;
/** The longest random pause before each write, in ms: a little over the timer period a mode may poll with. */
const pauseFor: Record<PropagationMode, number> = { watch: 30, "read loop": 5, "refresh 100 ms": 110 };

/**
 * The time from a write in this process to the moment another process sees it, per adapter and sync mode.
 * One clock: the write starts at `performance.now()` here and ends when the child's `seen` line is read
 * here, so the figure includes one hop over the child's stdout pipe (measured, and given in the note).
 */
export async function propagation(ctx: BenchContext): Promise<void> {
  for (const factory of ctx.kits) {
    await ctx.attempt(`propagation: ${factory.adapter}`, async () => {
      if (!factory.shared) return;
      const kit = await factory.create(ctx.servers, ctx.namespace("propagation"));
      try {
        for (const mode of Object.keys(modeOptions) as PropagationMode[]) {
          if (mode === "watch" && !kit.watches) continue;
          await measureMode(ctx, factory, kit, mode);
        }
      } finally {
        await kit.drop();
        await kit.close();
      }
    });
  }
}

async function measureMode(
  ctx: BenchContext,
  factory: KitFactory,
  kit: AdapterKit,
  mode: PropagationMode,
): Promise<void> {
  const writer = await kit.openDict<Probe>({ autosync: false });
  const first = ((await writer.get(probeKey))?.seq ?? 0) + 1;
  await writer.set(probeKey, { seq: first });
  const order: ChildOrder = {
    adapter: factory.adapter,
    namespace: kit.namespace,
    mode,
    servers: ctx.servers,
  };
  const child = ChildChannel.start(childScript, JSON.stringify(order));
  try {
    if ((await child.arrival("ready", readyTimeout)) === undefined)
      throw new Error("the child never got ready");
    const pipe: number[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = performance.now();
      child.send(`ping ${i}`);
      const back = await child.arrival(`pong ${i}`, sampleTimeout);
      if (back !== undefined) pipe.push((back - sent) / 2);
    }
    const samples: number[] = [];
    const acks: number[] = [];
    let lost = 0;
    const deadline = performance.now() + ctx.scale.propagationMs;
    for (let seq = first + 1; samples.length + lost < ctx.scale.propagationSamples; seq++) {
      if (performance.now() > deadline) break;
      // A random pause, so writes do not fall into step with a polling or refresh timer.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * pauseFor[mode]));
      const start = performance.now();
      await writer.set(probeKey, { seq });
      acks.push(performance.now() - start);
      const seen = await child.arrival(`seen ${seq}`, sampleTimeout);
      if (seen === undefined) lost++;
      else samples.push(seen - start);
    }
    const p50 = percentile(samples, 50);
    const p99 = percentile(samples, 99);
    const subject = `${factory.adapter}, ${mode}`;
    ctx.log(`propagation: ${subject}: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
    const detail = `${samples.length} writes${lost ? `, ${lost} not seen within ${sampleTimeout} ms` : ""}; the write itself took ${median(acks).toFixed(2)} ms (p50); pipe hop ${median(pipe).toFixed(3)} ms`;
    ctx.record({ section: "propagation", subject: `${subject}: p50`, value: p50, unit: "ms", note: detail });
    ctx.record({ section: "propagation", subject: `${subject}: p99`, value: p99, unit: "ms" });
  } finally {
    await child.stop();
    await writer.close();
  }
}
