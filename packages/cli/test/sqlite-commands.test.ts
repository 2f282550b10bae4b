import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { scratchDir } from "./support/scratch-dir.js";

function store(): string {
  return `sqlite:${join(scratchDir(), "settings.db")}?table=settings`;
}

describe("durabledict on a SQLite file", () => {
  it("sets a JSON value and gets it back, printing nothing else", async () => {
    const url = store();
    const set = await runCli(["set", url, "new_checkout", '{"on":true,"percent":10}']);
    expect(set).toEqual({ code: 0, stdout: "", stderr: "" });
    const get = await runCli(["get", url, "new_checkout"]);
    expect(get).toEqual({ code: 0, stdout: '{"on":true,"percent":10}\n', stderr: "" });
  });

  it("stores a plain string with --string, and prints it raw with --raw", async () => {
    const url = store();
    expect((await runCli(["set", url, "theme", "--string", "dark blue"])).code).toBe(0);
    expect((await runCli(["get", url, "theme"])).stdout).toBe('"dark blue"\n');
    expect((await runCli(["get", url, "theme", "--raw"])).stdout).toBe("dark blue\n");
  });

  it("refuses a value that is not JSON with exit code 2, naming the flag for text", async () => {
    const url = store();
    const result = await runCli(["set", url, "theme", "dark"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: the value is not valid JSON: .*--string.*\n$/);
    expect(result.stderr.split("\n")).toHaveLength(2);
  });

  it("exits with 3 for a missing key on get and delete, and 0 for delete --force", async () => {
    const url = store();
    await runCli(["set", url, "present", "1"]);
    const get = await runCli(["get", url, "absent"]);
    expect(get).toEqual({ code: 3, stdout: "", stderr: 'error: key "absent" not found\n' });
    expect((await runCli(["delete", url, "absent"])).code).toBe(3);
    expect((await runCli(["delete", url, "absent", "--force"])).code).toBe(0);
  });

  it("deletes a key", async () => {
    const url = store();
    await runCli(["set", url, "gone", "true"]);
    expect((await runCli(["delete", url, "gone"])).code).toBe(0);
    expect((await runCli(["get", url, "gone"])).code).toBe(3);
  });

  it("lists as JSON when piped, filtered by --prefix", async () => {
    const url = store();
    await runCli(["set", url, "flag_b", "false"]);
    await runCli(["set", url, "flag_a", '{"on":true}']);
    await runCli(["set", url, "theme", '"dark"']);
    const all = await runCli(["list", url]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ flag_a: { on: true }, flag_b: false, theme: "dark" });
    expect(Object.keys(JSON.parse(all.stdout))).toEqual(["flag_a", "flag_b", "theme"]);
    const flags = await runCli(["list", url, "--prefix", "flag_", "--json"]);
    expect(JSON.parse(flags.stdout)).toEqual({ flag_a: { on: true }, flag_b: false });
  });

  it("refuses to read a file that does not exist, and creates none", async () => {
    const dir = scratchDir();
    const result = await runCli(["list", `sqlite:${join(dir, "typo.db")}`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`error: no SQLite file at ${join(dir, "typo.db")}\n`);
    expect((await runCli(["get", `sqlite:${join(dir, "typo.db")}`, "k"])).code).toBe(4);
    expect(existsSync(join(dir, "typo.db"))).toBe(false);
  });

  it("exits with 4 when the file cannot be created", async () => {
    const result = await runCli(["set", `sqlite:${join(scratchDir(), "no", "such", "dir.db")}`, "k", "1"]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: \[durabledict:sqlite\] store unavailable during open/);
  });

  it("exports the whole dict as a JSON object, to stdout or a file", async () => {
    const dir = scratchDir();
    const url = `sqlite:${join(dir, "s.db")}`;
    await runCli(["set", url, "b", "[1,2]"]);
    await runCli(["set", url, "a", '{"on":false}']);
    const printed = await runCli(["export", url]);
    expect(printed.stdout).toBe('{\n  "a": {\n    "on": false\n  },\n  "b": [\n    1,\n    2\n  ]\n}\n');
    const file = join(dir, "out.json");
    const written = await runCli(["export", url, file]);
    expect(written).toEqual({ code: 0, stdout: "", stderr: `exported 2 keys to ${file}\n` });
    expect(readFileSync(file, "utf8")).toBe(printed.stdout);
  });

  it("imports a file: --dry-run says what would change and writes nothing", async () => {
    const dir = scratchDir();
    const url = `sqlite:${join(dir, "s.db")}`;
    await runCli(["set", url, "same", "1"]);
    await runCli(["set", url, "changed", '{"on":false,"n":1}']);
    await runCli(["set", url, "extra", "true"]);
    const file = join(dir, "in.json");
    writeFileSync(file, JSON.stringify({ same: 1, changed: { n: 1, on: true }, added: "x" }));
    const dry = await runCli(["import", url, file, "--dry-run", "--replace"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toBe(
      [
        'add "added" "x"',
        'change "changed" {"on":false,"n":1} -> {"n":1,"on":true}',
        'delete "extra"',
        "dry run: 1 to add, 1 to change, 1 to delete; nothing written",
        "",
      ].join("\n"),
    );
    expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({
      same: 1,
      changed: { on: false, n: 1 },
      extra: true,
    });
  });

  it("imports a file: sets what differs, keeps other keys, and deletes them only with --replace", async () => {
    const dir = scratchDir();
    const url = `sqlite:${join(dir, "s.db")}`;
    await runCli(["set", url, "same", "1"]);
    await runCli(["set", url, "extra", "true"]);
    const file = join(dir, "in.json");
    writeFileSync(file, JSON.stringify({ same: 1, added: { on: true } }));
    const merge = await runCli(["import", url, file]);
    expect(merge.stdout).toBe('add "added" {"on":true}\nimported: 1 added, 0 changed, 0 deleted\n');
    expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({
      same: 1,
      extra: true,
      added: { on: true },
    });
    const replace = await runCli(["import", url, file, "--replace"]);
    expect(replace.stdout).toBe('delete "extra"\nimported: 0 added, 0 changed, 1 deleted\n');
    expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({ same: 1, added: { on: true } });
  });

  it("imports from standard input, and round-trips what export wrote into another store", async () => {
    const dir = scratchDir();
    const from = `sqlite:${join(dir, "a.db")}`;
    const to = `sqlite:${join(dir, "b.db")}`;
    await runCli(["set", from, "x", '{"on":true,"tags":["a","b"],"nested":{"n":null}}']);
    await runCli(["set", from, "y", '"text"']);
    const exported = (await runCli(["export", from])).stdout;
    expect((await runCli(["import", to, "-"], { input: exported })).code).toBe(0);
    expect((await runCli(["export", to])).stdout).toBe(exported);
  });

  it("refuses an import file that is not JSON, or not an object, with exit code 2", async () => {
    const dir = scratchDir();
    const url = `sqlite:${join(dir, "s.db")}`;
    writeFileSync(join(dir, "bad.json"), "{ nope");
    writeFileSync(join(dir, "list.json"), "[1, 2]");
    const bad = await runCli(["import", url, join(dir, "bad.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*bad\.json is not valid JSON: /);
    const list = await runCli(["import", url, join(dir, "list.json")]);
    expect(list.code).toBe(2);
    expect(list.stderr).toMatch(/must hold a JSON object of key to value/);
    const missing = await runCli(["import", url, join(dir, "missing.json")]);
    expect(missing).toMatchObject({
      code: 2,
      stderr: `error: cannot read ${join(dir, "missing.json")}: ENOENT\n`,
    });
  });
});
