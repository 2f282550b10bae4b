import { existsSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { scratchDir } from "./support/scratch-dir.js";

/** Writes a payload no encoding can decode under `key`, the way the SQLite README says to write by hand. */
function writeGarbage(file: string, key: string): void {
  const db = new Database(file);
  db.transaction(() => {
    db.prepare("INSERT INTO durabledict (key, value) VALUES (?, '{not json')").run(key);
    db.prepare("INSERT INTO durabledict__changes SELECT max(version) + 1, ? FROM durabledict__changes").run(
      key,
    );
  })();
  db.close();
}

describe("a stored value that cannot be decoded", () => {
  it("is named by list (which prints the rest), get and export (which writes nothing), with exit code 6", async () => {
    const dir = scratchDir();
    const file = join(dir, "s.db");
    const url = `sqlite:${file}`;
    await runCli(["set", url, "good", '{"on":true}']);
    writeGarbage(file, "broken");
    const list = await runCli(["list", url]);
    expect(list.code).toBe(6);
    expect(JSON.parse(list.stdout)).toEqual({ good: { on: true } });
    expect(list.stderr).toMatch(/^error: cannot decode 1 key\(s\): "broken" \(.*cannot decode key "broken"/);
    const get = await runCli(["get", url, "broken"]);
    expect(get.code).toBe(6);
    expect(get.stderr).toMatch(/^error: \[durabledict:sqlite\] cannot decode key "broken"/);
    const exported = await runCli(["export", url, join(dir, "out.json")]);
    expect(exported.code).toBe(6);
    expect(existsSync(join(dir, "out.json"))).toBe(false);
  });

  it("is overwritten by set and by import", async () => {
    const dir = scratchDir();
    const file = join(dir, "s.db");
    const url = `sqlite:${file}`;
    await runCli(["set", url, "good", "1"]);
    writeGarbage(file, "broken");
    const dry = await runCli(["import", url, "-", "--dry-run"], { input: '{"broken": 2}' });
    expect(dry.stdout).toMatch(/^change "broken" \(undecodable\) -> 2\n/);
    expect((await runCli(["import", url, "-"], { input: '{"broken": 2}' })).code).toBe(0);
    expect((await runCli(["get", url, "broken"])).stdout).toBe("2\n");
  });
});
