import type { DurableDict } from "@durabledict/core";
import KeyvRedis, { Keyv } from "@keyv/redis";
import { Redis } from "ioredis";
import { createStorage } from "unstorage";
import redisDriver from "unstorage/drivers/redis";
import type { BenchContext } from "../context.js";
import { type Flag, fill, flagOf, keyOf } from "../data.js";
import { compareRates, roundTrips, type Subject } from "../measure.js";
import { rateRow } from "../result.js";

const keyCount = 100;

/**
 * What a TypeScript user might pick instead — `keyv` with `@keyv/redis`, `unstorage` with its Redis driver —
 * against the same Redis, next to durabledict's Redis dict, each as a multiple of one raw ioredis round trip.
 */
export async function peers(ctx: BenchContext): Promise<void> {
  const port = ctx.servers.redis;
  if (port === undefined) return;
  const url = `redis://127.0.0.1:${port}`;
  const raw = new Redis(port, "127.0.0.1");
  const keyv = new Keyv({ store: new KeyvRedis(url), namespace: "bench-keyv" });
  const storage = createStorage({
    driver: redisDriver({ host: "127.0.0.1", port, base: "bench-unstorage" }),
  });
  const redisKit = ctx.kits.find((kit) => kit.adapter === "redis");
  const kit = redisKit ? await redisKit.create(ctx.servers, ctx.namespace("peers")) : undefined;
  const dicts: DurableDict<Flag>[] = [];
  try {
    for (let i = 0; i < keyCount; i++) {
      const value = flagOf(i);
      await Promise.all([
        raw.set(`bench-raw:${keyOf(i)}`, JSON.stringify(value)),
        keyv.set(keyOf(i), value),
        storage.setItem(keyOf(i), value),
      ]);
    }
    const reads: Subject[] = [
      { name: "ioredis GET", batch: cycle((key) => raw.get(`bench-raw:${key}`)) },
      { name: "keyv get (@keyv/redis)", batch: cycle((key) => keyv.get<Flag>(key)) },
      { name: "unstorage getItem (redis driver)", batch: cycle((key) => storage.getItem<Flag>(key)) },
    ];
    let rev = 0;
    const next = (write: (key: string, value: Flag) => Promise<unknown>) =>
      cycle((key, i) => write(key, flagOf(i, ++rev)));
    const writes: Subject[] = [
      {
        name: "ioredis SET",
        batch: next((key, value) => raw.set(`bench-raw:${key}`, JSON.stringify(value))),
      },
      { name: "keyv set (@keyv/redis)", batch: next((key, value) => keyv.set(key, value)) },
      { name: "unstorage setItem (redis driver)", batch: next((key, value) => storage.setItem(key, value)) },
    ];
    if (kit) {
      const dict = await kit.openDict<Flag>({ autosync: true, watch: true });
      await fill(dict, keyCount);
      const strict = await kit.openDict<Flag>({ autosync: true, watch: false });
      dicts.push(dict, strict);
      reads.push({
        name: "durabledict redis get (autosync on, watching)",
        batch: cycle((key) => dict.get(key)),
      });
      reads.push({
        name: "durabledict redis get (autosync on, no watch)",
        batch: cycle((key) => strict.get(key)),
      });
      writes.push({ name: "durabledict redis set", batch: next((key, value) => dict.set(key, value)) });
    }
    for (const [kind, subjects] of [
      ["reads", reads],
      ["writes", writes],
    ] as const) {
      ctx.log(`peers: ${kind}`);
      const rates = await compareRates(subjects, ctx.scale.remote);
      const baseline = { subject: subjects[0]!.name, value: rates.get(subjects[0]!.name)! };
      ctx.record({ section: "peers", subject: baseline.subject, value: baseline.value, unit: "ops/s" });
      for (const subject of subjects.slice(1)) {
        ctx.record(
          rateRow({
            section: "peers",
            subject: subject.name,
            value: rates.get(subject.name)!,
            unit: "ops/s",
            baseline,
          }),
        );
      }
    }
  } finally {
    for (const dict of dicts) await dict.close();
    await raw.quit();
    await keyv.disconnect();
    await storage.dispose();
    if (kit) {
      await kit.drop();
      await kit.close();
    }
  }
}

/** Sequential calls over the first `keyCount` keys in turn. */
function cycle(call: (key: string, i: number) => Promise<unknown>) {
  let i = 0;
  return roundTrips(() => {
    i = (i + 1) % keyCount;
    return call(keyOf(i), i);
  });
}
