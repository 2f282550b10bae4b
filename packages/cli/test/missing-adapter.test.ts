import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The CLI installed as a user with none of the adapters would have it: the package, core and commander, in a
 * node_modules of its own outside the workspace.
 */
function installWithoutAdapters(root: string, extra: Record<string, string> = {}): string {
  const modules = join(root, "node_modules");
  const cli = join(modules, "@durabledict", "cli");
  mkdirSync(cli, { recursive: true });
  for (const part of ["package.json", "bin", "dist", "assets"])
    cpSync(here(`../${part}`), join(cli, part), { recursive: true });
  const links = {
    "@durabledict/core": here("../../core"),
    commander: realpathSync(here("../node_modules/commander")),
    ...extra,
  };
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(modules, name), "dir");
  return join(cli, "bin", "durabledict.js");
}

describe("a store URL whose adapter is not installed", () => {
  let root: string;
  let bare: string;
  let adapterOnly: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "durabledict-cli-install-"));
    bare = installWithoutAdapters(join(root, "bare"));
    adapterOnly = installWithoutAdapters(join(root, "adapter-only"), {
      "@durabledict/redis": here("../../redis"),
    });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    ["sqlite:./s.db", "the sqlite adapter is not installed: npm install @durabledict/sqlite better-sqlite3"],
    [
      "redis://127.0.0.1:6379/0?keyspace=s",
      "the redis adapter is not installed: npm install @durabledict/redis ioredis",
    ],
    [
      "zookeeper://127.0.0.1:2181/s",
      "the zookeeper adapter is not installed: npm install @durabledict/zookeeper node-zookeeper-client",
    ],
    [
      "datastore://p?kind=K",
      "the datastore adapter is not installed: npm install @durabledict/datastore @google-cloud/datastore",
    ],
  ])("%s: exits with 5 naming the packages to install", async (url, message) => {
    const result = await runCli(["get", url, "k"], { script: bare, cwd: root });
    expect(result).toEqual({ code: 5, stdout: "", stderr: `error: ${message}\n` });
  });

  it("names the driver too when only the adapter is installed", async () => {
    const result = await runCli(["get", "redis://127.0.0.1:6379/0?keyspace=s", "k"], {
      script: adapterOnly,
      cwd: root,
    });
    expect(result).toMatchObject({
      code: 5,
      stderr: "error: the redis adapter is not installed: npm install @durabledict/redis ioredis\n",
    });
  });

  it("still checks the URL first, and still answers --help", async () => {
    expect((await runCli(["get", "redis://127.0.0.1:6379/0", "k"], { script: bare, cwd: root })).code).toBe(
      2,
    );
    expect((await runCli(["--help"], { script: bare, cwd: root })).code).toBe(0);
  });
});
