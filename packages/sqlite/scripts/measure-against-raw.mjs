// Measures the adapter against raw better-sqlite3, per operation and interleaved (A, B, A, B, …; the p50 of
// each side), at 1,000 and 100,000 keys: `set` against an autocommit upsert (both spellings: ON CONFLICT and
// INSERT OR REPLACE, the bench's) and against the two-statement floor (upsert + counter bump in one
// transaction); the store's `persist` alone; the WAL pages each commit writes; and a strict read (autosync
// on, no watch) against a raw SELECT of one value. Writes are measured twice: with the raw statements on a
// connection of their own, as another process would write (each write then first reloads the pages the other
// connection's commit made stale), and on the dict's own connection (the write alone).
// Run after `pnpm build`: node scripts/measure-against-raw.mjs [operations per measurement]
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteDict, SqliteStore } from "../dist/index.js";

const operations = Number(process.argv[2] ?? 5000);
const keyOf = (i) => `flag:${String(i).padStart(6, "0")}`;
const flagOf = (i, rev) => ({ on: i % 2 === 0, percent: i % 100, rev });

/** The p50 time, in µs, of each of `subjects`, after a warm-up, run one operation each in turn. */
async function interleaved(subjects) {
  for (const subject of subjects) for (let r = 0; r < 500; r++) await subject(r);
  const times = subjects.map(() => []);
  for (let r = 0; r < operations; r++) {
    for (let s = 0; s < subjects.length; s++) {
      const start = performance.now();
      await subjects[s](r);
      times[s].push(performance.now() - start);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[t.length >> 1] * 1000);
}

/** WAL frames appended per commit by `write`, over a stretch with no checkpoint. */
async function pagesPerCommit(db, file, write, count = 200) {
  db.pragma("wal_checkpoint(TRUNCATE)");
  for (let i = 0; i < count; i++) await write(i);
  const frame = db.pragma("page_size", { simple: true }) + 24;
  return (statSync(`${file}-wal`).size - 32) / frame / count;
}

/** Raw writes through `db` to the table `raw`: the two autocommit upserts, and the floor. */
function rawWrites(db) {
  const upsert = db.prepare(
    "INSERT INTO raw (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const replace = db.prepare("INSERT OR REPLACE INTO raw (key, value) VALUES (?, ?)");
  const bump = db.prepare("UPDATE raw_version SET counter = counter + 1 WHERE id = 1");
  const atomic = db.transaction((key, payload) => {
    upsert.run(key, payload);
    bump.run();
  });
  return {
    upsert: (key, payload) => upsert.run(key, payload),
    replace: (key, payload) => replace.run(key, payload),
    floor: (key, payload) => atomic.immediate(key, payload),
  };
}

async function measureAt(n) {
  const folder = mkdtempSync(join(tmpdir(), "durabledict-measure-"));
  const file = join(folder, "measure.db");
  const dict = await openSqliteDict(file, { table: "flags" });
  for (let start = 0; start < n; start += 1000) {
    const keys = Array.from({ length: Math.min(1000, n - start) }, (_, j) => start + j);
    await dict.update(keys.map((i) => [keyOf(i), flagOf(i, 0)]));
  }
  const other = new Database(file);
  other.exec(`CREATE TABLE raw (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
              CREATE TABLE raw_version (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL);
              INSERT INTO raw_version VALUES (1, 0);`);
  const apart = rawWrites(other);
  other.transaction(() => {
    for (let i = 0; i < n; i++) apart.replace(keyOf(i), JSON.stringify(flagOf(i, 0)));
  })();
  const own = new Database(file);
  const together = rawWrites(own);
  const ownDict = await openSqliteDict(own, { table: "flags" });
  // Its own table, filled alike: a store writing the dict's table would make every `set` sync first.
  const ownStore = new SqliteStore(own, { table: "persisted" });
  await ownStore.persistMany(
    new Map(Array.from({ length: n }, (_, i) => [keyOf(i), JSON.stringify(flagOf(i, 0))])),
  );

  let rev = 0;
  const at = (r) => (r * 7919) % n;
  const write = (fn) => (r) => fn(keyOf(at(r)), JSON.stringify(flagOf(at(r), ++rev)));
  const set = (d) => (r) => d.set(keyOf(at(r)), flagOf(at(r), ++rev));
  // Apart, each comparison is a pair of connections taking turns: a third subject would follow a commit
  // of its own connection and skip the reload the others pay.
  const apartTimes = {};
  for (const name of ["upsert", "replace", "floor"]) {
    [apartTimes[name], apartTimes[`set vs ${name}`]] = await interleaved([write(apart[name]), set(dict)]);
  }
  const [upsert, replace, floor, persist, setTogether] = await interleaved([
    write(together.upsert),
    write(together.replace),
    write(together.floor),
    write((key, payload) => ownStore.persist(key, payload)),
    set(ownDict),
  ]);
  const pages = {
    upsert: await pagesPerCommit(other, file, write(apart.upsert)),
    floor: await pagesPerCommit(other, file, write(apart.floor)),
    set: await pagesPerCommit(other, file, set(dict)),
  };
  const walBytes = statSync(`${file}-wal`).size;

  other.prepare("INSERT OR REPLACE INTO raw (key, value) VALUES ('probe', '{}')").run();
  const select = other.prepare("SELECT value FROM raw WHERE key = 'probe'").pluck();
  const reader = await openSqliteDict(file, { table: "flags" });
  const [selectRead, strictRead] = await interleaved([
    () => select.get(),
    (r) => reader.get(keyOf(r % Math.min(n, 100))),
  ]);

  for (const d of [reader, dict, ownDict]) await d.close();
  for (const db of [other, own]) db.close();
  rmSync(folder, { recursive: true, force: true });
  return {
    apart: apartTimes,
    together: { upsert, replace, floor, persist, set: setTogether },
    pages,
    walBytes,
    selectRead,
    strictRead,
  };
}

const µs = (value) => `${value.toFixed(1)} µs`;
const of = (base, value) => `${µs(base)} = ${(base / value).toFixed(2)}`;
const results = [];
for (const n of [1000, 100_000]) {
  const r = await measureAt(n);
  results.push(r);
  const { apart: a, together: t } = r;
  console.log(`${n.toLocaleString("en")} keys`);
  console.log(
    `  raw on another connection: set against upsert ${of(a.upsert, a["set vs upsert"])}, REPLACE ${of(a.replace, a["set vs replace"])}, upsert + counter ${of(a.floor, a["set vs floor"])} (set ${µs(a["set vs upsert"])})`,
  );
  console.log(
    `  raw on the dict's connection: set ${µs(t.set)} against upsert ${of(t.upsert, t.set)}, REPLACE ${of(t.replace, t.set)}, upsert + counter ${of(t.floor, t.set)}; store.persist ${µs(t.persist)}: ${(t.upsert / t.persist).toFixed(2)} of upsert`,
  );
  console.log(
    `  WAL pages per commit: upsert ${r.pages.upsert.toFixed(2)}, upsert + counter ${r.pages.floor.toFixed(2)}, set ${r.pages.set.toFixed(2)}; WAL file ${(r.walBytes / 1e6).toFixed(1)} MB`,
  );
  console.log(`  strict read: ${µs(r.strictRead)} against SELECT ${of(r.selectRead, r.strictRead)}`);
}
const [small, large] = results;
const flat = (mode, set, base) =>
  large[mode][base] / large[mode][set] / (small[mode][base] / small[mode][set]);
console.log(
  `set against upsert, at 100k over at 1k: ${flat("apart", "set vs upsert", "upsert").toFixed(2)} (another connection), ${flat("together", "set", "upsert").toFixed(2)} (the dict's)`,
);
