// Measures the adapter against raw better-sqlite3, per operation and interleaved (A, B, A, B, …; the p50 of
// each side), at 1,000 and 100,000 keys: `set` against an autocommit upsert and against the two-statement
// floor (upsert + counter bump in one transaction), the WAL pages each commit writes, and a strict read
// (autosync on, no watch) against a raw SELECT of one value. Writes are measured twice: with the raw
// statements on a connection of their own, as another process would write (every write then first reloads
// the page cache the other connection's commit made stale), and on the dict's own connection (the write
// alone). Run after `pnpm build`: node scripts/measure-against-raw.mjs [operations per measurement]
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteDict } from "../dist/index.js";

const operations = Number(process.argv[2] ?? 5000);
const keyOf = (i) => `flag:${String(i).padStart(6, "0")}`;
const flagOf = (i, rev) => ({ on: i % 2 === 0, percent: i % 100, rev });

/** The p50 time, in µs, of each of `subjects`, run one operation each in turn, `count` times. */
async function interleaved(subjects, count) {
  const times = subjects.map(() => []);
  for (let r = 0; r < count; r++) {
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

/** Raw statements on `db`: an autocommit upsert, and the floor of an atomic write with a version. */
function rawWrites(db) {
  db.exec(`CREATE TABLE IF NOT EXISTS raw (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID;
           CREATE TABLE IF NOT EXISTS raw_version (id INTEGER PRIMARY KEY, counter INTEGER NOT NULL);
           INSERT OR IGNORE INTO raw_version VALUES (1, 0);`);
  const upsert = db.prepare(
    "INSERT INTO raw (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
  );
  const bump = db.prepare("UPDATE raw_version SET counter = counter + 1 WHERE id = 1");
  const atomic = db.transaction((key, payload) => {
    upsert.run(key, payload);
    bump.run();
  });
  return {
    upsert: (key, payload) => upsert.run(key, payload),
    floor: (key, payload) => atomic.immediate(key, payload),
  };
}

async function measureAt(n) {
  const folder = mkdtempSync(join(tmpdir(), "durabledict-measure-"));
  const file = join(folder, "measure.db");
  const dict = await openSqliteDict(file, { table: "flags" });
  for (let start = 0; start < n; start += 1000) {
    await dict.update(
      Array.from({ length: Math.min(1000, n - start) }, (_, j) => [keyOf(start + j), flagOf(start + j, 0)]),
    );
  }
  const other = new Database(file);
  const own = new Database(file);
  const sameDict = await openSqliteDict(own, { table: "flags" });
  const separate = rawWrites(other);
  const together = rawWrites(own);
  for (const raw of [separate, together]) {
    other.transaction(() => {
      for (let i = 0; i < n; i++) raw.upsert(keyOf(i), JSON.stringify(flagOf(i, 0)));
    })();
  }
  let rev = 0;
  const at = (r) => (r * 7919) % n;
  const write = (fn) => (r) => fn(keyOf(at(r)), JSON.stringify(flagOf(at(r), ++rev)));
  const set = (d) => (r) => d.set(keyOf(at(r)), flagOf(at(r), ++rev));
  // Each comparison is a pair (A, B, A, B, …): with three, one side would follow a commit of its own
  // connection and skip the reload the others pay.
  const pair = async (a, b) => {
    for (const subject of [a, b]) for (let r = 0; r < 500; r++) await subject(r);
    return interleaved([a, b], operations);
  };
  const [upsertApart, setApart] = await pair(write(separate.upsert), set(dict));
  const [floorApart] = await pair(write(separate.floor), set(dict));
  const [upsertTogether, setTogether] = await pair(write(together.upsert), set(sameDict));
  const [floorTogether] = await pair(write(together.floor), set(sameDict));
  const pages = {
    upsert: await pagesPerCommit(other, file, write(separate.upsert)),
    floor: await pagesPerCommit(other, file, write(separate.floor)),
    set: await pagesPerCommit(other, file, set(dict)),
  };
  const walBytes = statSync(`${file}-wal`).size;

  other.prepare("INSERT OR REPLACE INTO raw (key, value) VALUES ('probe', '{}')").run();
  const select = other.prepare("SELECT value FROM raw WHERE key = 'probe'").pluck();
  const reader = await openSqliteDict(file, { table: "flags" });
  const reads = [() => select.get(), (r) => reader.get(keyOf(r % Math.min(n, 100)))];
  for (const subject of reads) for (let r = 0; r < 2000; r++) await subject(r);
  const [selectRead, strictRead] = await interleaved(reads, operations * 4);

  for (const d of [reader, dict, sameDict]) await d.close();
  for (const db of [other, own]) db.close();
  rmSync(folder, { recursive: true, force: true });
  return {
    upsertApart,
    setApart,
    floorApart,
    upsertTogether,
    setTogether,
    floorTogether,
    pages,
    walBytes,
    selectRead,
    strictRead,
  };
}

const µs = (value) => `${value.toFixed(1)} µs`;
const results = [];
for (const n of [1000, 100_000]) {
  const r = await measureAt(n);
  results.push(r);
  console.log(`${n.toLocaleString("en")} keys`);
  console.log(
    `  set, raw on another connection: ${µs(r.setApart)} against upsert ${µs(r.upsertApart)} = ${(r.upsertApart / r.setApart).toFixed(2)}; against upsert + counter ${µs(r.floorApart)} = ${(r.floorApart / r.setApart).toFixed(2)}`,
  );
  console.log(
    `  set, raw on the dict's connection: ${µs(r.setTogether)} against upsert ${µs(r.upsertTogether)} = ${(r.upsertTogether / r.setTogether).toFixed(2)}; against upsert + counter ${µs(r.floorTogether)} = ${(r.floorTogether / r.setTogether).toFixed(2)}`,
  );
  console.log(
    `  WAL pages per commit: upsert ${r.pages.upsert.toFixed(2)}, upsert + counter ${r.pages.floor.toFixed(2)}, set ${r.pages.set.toFixed(2)}; WAL file ${(r.walBytes / 1e6).toFixed(1)} MB`,
  );
  console.log(
    `  strict read: ${µs(r.strictRead)} against SELECT ${µs(r.selectRead)} = ${(r.selectRead / r.strictRead).toFixed(2)}`,
  );
}
const [small, large] = results;
const ratio = (r, mode) => r[`upsert${mode}`] / r[`set${mode}`];
console.log(
  `set ratio at 100k over 1k: ${(ratio(large, "Apart") / ratio(small, "Apart")).toFixed(2)} (another connection), ${(ratio(large, "Together") / ratio(small, "Together")).toFixed(2)} (the dict's)`,
);
