import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli.js";
import { memoryIo } from "./support/memory-io.js";
import { scratchDir } from "./support/scratch-dir.js";

const commands = ["get", "set", "delete", "list", "watch", "export", "import", "admin"];

describe("the command line", () => {
  it("prints help for the program, with the store URLs and the exit codes, and exits with 0", async () => {
    const io = memoryIo();
    expect(await runCli(["--help"], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: durabledict \[options\] \[command\]/);
    for (const command of commands) expect(io.out()).toContain(`  ${command} `);
    expect(io.out()).toContain("redis://127.0.0.1:6379/0?keyspace=settings");
    expect(io.out()).toContain("5  adapter not installed");
  });

  for (const command of commands) {
    it(`prints help for ${command}`, async () => {
      const io = memoryIo();
      expect(await runCli([command, "--help"], io)).toBe(0);
      expect(io.out()).toMatch(new RegExp(`^Usage: durabledict ${command} \\[options\\] <url>`));
    });
  }

  it("exits with 2 and one line for an unknown command, option or a missing argument", async () => {
    for (const argv of [["frobnicate"], ["get", "sqlite:x.db"], ["list", "sqlite:x.db", "--colour"], []]) {
      const io = memoryIo();
      expect(await runCli(argv, io), argv.join(" ")).toBe(2);
      expect(io.err()).toMatch(/^error: |^Usage: durabledict/);
    }
  });

  it("prints its version", async () => {
    const io = memoryIo();
    expect(await runCli(["--version"], io)).toBe(0);
    expect(io.out()).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it.each([
    ["ftp://example.com/x", /unknown store URL "ftp:\/\/example.com\/x": use one of sqlite:/],
    ["settings.db", /unknown store URL "settings.db"/],
    ["sqlite:", /bad sqlite URL: no file \(example: sqlite:\.\/settings\.db\?table=settings\)/],
    ["sqlite:./s.db?tabel=x", /unknown parameter "tabel" in sqlite URL \(known: table\)/],
    ["redis://127.0.0.1:6379/0", /bad redis URL: \?keyspace=<name> is required/],
    ["redis://127.0.0.1:6379/settings?keyspace=x", /the path is the database number, not "\/settings"/],
    ["redis://127.0.0.1:6379?keyspace=a&keyspace=b", /parameter "keyspace" is given twice/],
    ["zookeeper://127.0.0.1:2181", /bad zookeeper URL: no znode path/],
    ["zookeeper://127.0.0.1/flags", /"127.0.0.1" is not a list of host:port/],
    ["zookeeper://127.0.0.1:2181/flags?x=1", /unknown parameter "x" in zookeeper URL \(it takes none\)/],
    ["datastore://my-project", /bad datastore URL: \?kind=<Kind> is required/],
    ["datastore://my-project/x?kind=K", /unexpected path "\/x"/],
  ])("refuses the store URL %s with exit code 2 and one line", async (url, message) => {
    const io = memoryIo();
    expect(await runCli(["get", url, "k"], io)).toBe(2);
    expect(io.err()).toMatch(message);
    expect(io.err().trimEnd().split("\n")).toHaveLength(1);
  });

  it("adds the stack trace with --debug or DEBUG, and not otherwise", async () => {
    const url = `sqlite:${join(scratchDir(), "missing.db")}`;
    const plain = memoryIo();
    expect(await runCli(["get", url, "k"], plain)).toBe(4);
    expect(plain.err()).toMatch(/^error: no SQLite file at .*missing\.db\n$/);
    const flag = memoryIo();
    expect(await runCli(["get", url, "k", "--debug"], flag)).toBe(4);
    expect(flag.err()).toMatch(/^error: no SQLite file.*\nCliError: no SQLite file.*\n\s+at /);
    const env = memoryIo({ env: { DEBUG: "1" } });
    expect(await runCli(["get", url, "k"], env)).toBe(4);
    expect(env.err()).toMatch(/\n\s+at /);
  });
});
