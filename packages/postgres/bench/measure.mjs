// Measures the PostgreSQL adapter against raw pg on a real server (one run, interleaved per operation, p50):
//   node bench/measure.mjs            (after `pnpm build`; starts a server, or uses DURABLEDICT_POSTGRES_URL)
// Not part of the published package: numbers for the bench's rows.
import { connect, createServer } from "node:net";
import { DurableDict } from "@durabledict/core";
import { freePort, postgresServer } from "@durabledict/test-servers";
import pg from "pg";
import { openPostgresDict, PostgresStore } from "../dist/index.js";

const rounds = Number(process.env.ROUNDS ?? 2000);
const server = process.env.DURABLEDICT_POSTGRES_URL ? undefined : postgresServer(await freePort());
await server?.process.start();
const url = process.env.DURABLEDICT_POSTGRES_URL ?? `postgres://postgres@127.0.0.1:${server.port}/postgres`;
const pool = new pg.Pool({ connectionString: url, max: 4 });

const p = (samples, q) =>
  [...samples].sort((a, b) => a - b)[Math.min(samples.length - 1, Math.floor(samples.length * q))];
const time = async (run) => {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1000;
};
/** Runs each operation once per round, in turn, and reports p50 in µs and ops/s. */
async function interleaved(title, operations) {
  const samples = Object.fromEntries(Object.keys(operations).map((name) => [name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const [name, run] of Object.entries(operations)) samples[name].push(await time(() => run(i)));
  }
  console.log(`\n${title}`);
  const base = p(samples[Object.keys(operations)[0]], 0.5);
  for (const [name, list] of Object.entries(samples)) {
    const median = p(list, 0.5);
    console.log(
      `  ${name.padEnd(44)} p50 ${median.toFixed(0).padStart(5)} µs  ${(1e6 / median).toFixed(0).padStart(6)} ops/s  ${(base / median).toFixed(2)}× of the first`,
    );
  }
}

const run = `${Date.now()}`;
await pool.query(`CREATE TABLE raw_${run} (key text PRIMARY KEY, value text)`);
await pool.query(`CREATE TABLE raw_version_${run} (id int PRIMARY KEY, counter bigint)`);
await pool.query(`INSERT INTO raw_version_${run} VALUES (1, 0)`);
const writer = await openPostgresDict(pool, { table: `bench_${run}`, watch: false });
await writer.set("k0", 0);
const writerStore = await PostgresStore.open(pool, { table: `bench_${run}`, watch: false });

await interleaved("write (one key of 1,000, a small JSON value)", {
  "raw upsert (pool.query, prepared)": (i) =>
    pool.query({
      name: "raw-upsert",
      text: `INSERT INTO raw_${run} VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      values: [`k${i % 1000}`, JSON.stringify({ on: true, i })],
    }),
  "floor: upsert + version bump, one transaction": (i) =>
    pool.query({
      name: "raw-floor",
      text: `WITH w AS (INSERT INTO raw_${run} VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value RETURNING 1) UPDATE raw_version_${run} SET counter = counter + 1 WHERE id = 1`,
      values: [`k${i % 1000}`, JSON.stringify({ on: true, i })],
    }),
  "PostgresStore.persist (the statement, no dict)": (i) =>
    writerStore.persist(`k${i % 1000}`, JSON.stringify({ on: true, i })),
  "dict.set (postgres)": (i) => writer.set(`k${i % 1000}`, { on: true, i }),
});

await interleaved("strict read (autosync, no watch: every read checks the version)", {
  "raw SELECT of the version (prepared)": () =>
    pool.query({
      name: "raw-version",
      text: "SELECT epoch || ':' || counter AS version FROM durabledict_versions WHERE table_name = $1",
      values: [`bench_${run}`],
    }),
  "dict.get (postgres, autosync, watch off)": () => writer.get("k0"),
});

// One change in 100,000 keys: an incremental sync against a full reload, in time and bytes on the wire.
let bytes = 0;
const proxy = createServer((client) => {
  const upstream = connect(Number(new URL(url).port), "127.0.0.1");
  upstream.on("data", (chunk) => (bytes += chunk.length));
  client.pipe(upstream).pipe(client);
  for (const socket of [client, upstream]) socket.on("error", () => {});
});
await new Promise((resolve) => proxy.listen(0, "127.0.0.1", resolve));
const proxied = new URL(url);
proxied.port = String(proxy.address().port);
const proxyPool = new pg.Pool({ connectionString: proxied.href, max: 2 });
const big = `big_${run}`;
const bigStore = await PostgresStore.open(pool, { table: big, watch: false });
for (let start = 0; start < 100_000; start += 10_000) {
  const entries = new Map();
  for (let i = start; i < start + 10_000; i++)
    entries.set(`key-${i}`, JSON.stringify({ on: i % 2 === 0, percent: i % 100 }));
  await bigStore.persistMany(entries);
}
const readerStore = await PostgresStore.open(proxyPool, { table: big, watch: false });
const reader = await DurableDict.open(readerStore, { autosync: false });
const syncs = [];
const syncBytes = [];
const reloads = [];
const reloadBytes = [];
for (let i = 0; i < 20; i++) {
  await bigStore.persist(`key-${i}`, JSON.stringify({ on: true, percent: i }));
  bytes = 0;
  syncs.push(await time(() => reader.sync()));
  syncBytes.push(bytes);
  bytes = 0;
  reloads.push(await time(() => readerStore.durables()));
  reloadBytes.push(bytes);
}
console.log("\none change in 100,000 keys (20 rounds, p50)");
console.log(`  incremental sync   ${p(syncs, 0.5).toFixed(0)} µs, ${p(syncBytes, 0.5)} bytes received`);
console.log(`  full reload        ${p(reloads, 0.5).toFixed(0)} µs, ${p(reloadBytes, 0.5)} bytes received`);
console.log(
  `  reload / sync      ${(p(reloads, 0.5) / p(syncs, 0.5)).toFixed(0)}× in time, ${(p(reloadBytes, 0.5) / p(syncBytes, 0.5)).toFixed(0)}× in bytes`,
);

// Propagation: a write by one dict until another, watching on its own pool, emits the change event.
const watcherPool = new pg.Pool({ connectionString: url, max: 2 });
const watcher = await openPostgresDict(watcherPool, { table: `bench_${run}` });
const delays = [];
for (let i = 0; i < 500; i++) {
  const arrived = new Promise((resolve) => {
    const off = watcher.on("change", (event) => {
      if (event.key === "watched" && event.newValue === i) {
        off();
        resolve(process.hrtime.bigint());
      }
    });
  });
  const start = process.hrtime.bigint();
  await writer.set("watched", i);
  delays.push(Number((await arrived) - start) / 1000);
}
console.log(
  `\nwatch propagation (500 writes): p50 ${(p(delays, 0.5) / 1000).toFixed(2)} ms, p99 ${(p(delays, 0.99) / 1000).toFixed(2)} ms`,
);

await watcher.close();
await reader.close();
await readerStore.close();
await bigStore.close();
await writer.close();
await writerStore.close();
for (const table of [`raw_${run}`, `raw_version_${run}`, `bench_${run}`, big])
  await pool.query(`DROP TABLE ${table}`);
await Promise.all([pool.end(), proxyPool.end(), watcherPool.end()]);
proxy.close();
await server?.process.destroy();
