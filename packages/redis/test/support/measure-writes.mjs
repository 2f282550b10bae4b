// Measures what a write costs against what Redis can do at best, per operation and interleaved (A, B, A, B
// on every operation, p50), on a redis-server of its own: `node test/support/measure-writes.mjs` after
// `pnpm build`. ROUNDS (default 5000) sets the measured operations per subject, SIZES the dict sizes, and
// PRIORITY (e.g. -10, as root) the scheduling priority of this process and its server on a busy machine.
//
// - HSET: a raw `HSET` of one field; floor: `EVALSHA` of a script doing `HSET` + `INCR`, the least an atomic
//   write with a version costs; script: the store's write script sent raw, without the client around it;
//   op-id: that script remembering an operation id (`GET` + `SET … PX`), the design not taken;
//   persist: `RedisStore.persist`; set: `DurableDict.set`, the store plus core's write path.
// - GET: a raw `GET` of a counter, the round trip a strict read cannot avoid; read: `DurableDict.get` with
//   autosync on (no watch), which asks the counter before every read. Its ratio is against GET.
import { createHash, randomUUID } from "node:crypto";
import { setPriority } from "node:os";
import { DurableDict } from "@durabledict/core";
import { freePort, redisServer } from "@durabledict/test-servers";
import { Redis } from "ioredis";
import { RedisStore, redisKeys } from "../../dist/index.js";
import { writeScript } from "../../dist/write-script.js";

const rounds = Number(process.env.ROUNDS ?? 5000);
const sizes = (process.env.SIZES ?? "1000,100000").split(",").map(Number);
const payload = JSON.stringify({ on: true, percent: 10 });
const minimal = "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) return redis.call('INCR', KEYS[2])";
const withOperationId = `local done = redis.call('GET', KEYS[6])
if done then return cjson.decode(done) end
local function run()
${writeScript}
end
local reply = run()
redis.call('SET', KEYS[6], cjson.encode(reply), 'PX', 60000)
return reply`;

const server = redisServer(await freePort());
await server.process.start();
if (process.env.PRIORITY) {
  for (const pid of [process.pid, server.process.pid]) setPriority(pid, Number(process.env.PRIORITY));
}
const client = new Redis(server.port, "127.0.0.1");
try {
  const sha = async (source) => {
    await client.script("LOAD", source);
    return createHash("sha1").update(source).digest("hex");
  };
  const shas = {
    floor: await sha(minimal),
    script: await sha(writeScript),
    opId: await sha(withOperationId),
  };
  for (const size of sizes) await measure(size, shas);
} finally {
  client.disconnect();
  await server.process.destroy();
}

async function fill(keyspace, size) {
  const keys = redisKeys(keyspace);
  for (let from = 0; from < size; from += 1000) {
    const fields = [];
    for (let i = from; i < Math.min(size, from + 1000); i++) fields.push(`k${i}`, payload);
    await client.hset(keys.hash, ...fields);
  }
  await client.set(keys.counter, 1);
  return [keys.hash, keys.counter, keys.log, keys.logged, keys.floor, keys.channel];
}

async function measure(size, shas) {
  await client.flushall();
  const [raw, scripted, withId, stored, , read] = await Promise.all(
    ["raw", "script", "op-id", "store", "dict", "read"].map((name) => fill(name, size)),
  );
  const store = new RedisStore(client, "store");
  const dict = await DurableDict.open(new RedisStore(client, "dict"), { ownsStore: true });
  const reader = await DurableDict.open(new RedisStore(client, "read"), { ownsStore: true });
  const key = () => `k${Math.floor(Math.random() * size)}`;
  const script = (keys, ...more) => [...keys.slice(0, 5), ...more, keys[5], 10_000, "set", key(), payload];
  const subjects = {
    HSET: () => client.hset(raw[0], key(), payload),
    floor: () => client.evalsha(shas.floor, 2, raw[0], raw[1], key(), payload),
    script: () => client.evalsha(shas.script, 5, ...script(scripted)),
    "op-id": () => client.evalsha(shas.opId, 6, ...script(withId, `op-id:${randomUUID()}`)),
    persist: () => store.persist(key(), payload),
    set: () => dict.set(key(), { on: true, percent: 10 }),
    GET: () => client.get(read[1]),
    read: () => reader.get(key()),
  };
  const names = Object.keys(subjects);
  const times = new Map(names.map((name) => [name, []]));
  // Warm up until the change logs are full, so trimming is part of what is measured.
  const warmup = Math.min(12_000, Math.max(1000, size / 8));
  for (let round = 0; round < warmup + rounds; round++) {
    for (const name of round % 2 === 0 ? names : [...names].reverse()) {
      const start = process.hrtime.bigint();
      await subjects[name]();
      if (round >= warmup) times.get(name).push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  await dict.close();
  await reader.close();
  await store.close();
  const p50 = (name) => times.get(name).sort((a, b) => a - b)[Math.floor(rounds / 2)];
  console.log(
    `\n${size} keys, ${rounds} operations each (change log: ${await client.zcard(stored[2])} keys)`,
  );
  for (const name of names) {
    const [hset, floor, get, own] = [p50("HSET"), p50("floor"), p50("GET"), p50(name)];
    const ratio = (base) => (base / own).toFixed(2);
    const against = ["GET", "read"].includes(name)
      ? `×GET ${ratio(get)}`
      : `×HSET ${ratio(hset)}   ×floor ${ratio(floor)}`;
    console.log(`${name.padEnd(8)} p50 ${own.toFixed(1).padStart(6)} µs   ${against}`);
  }
}
