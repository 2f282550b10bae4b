import { randomUUID } from "node:crypto";
import { freePort, serverAddress } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { LongRunningCli } from "./support/long-running-cli.js";

function zookeeperUrl(): string {
  return `zookeeper://${serverAddress("zookeeper")}/durabledict-cli/${randomUUID()}`;
}

describe("durabledict on ZooKeeper", () => {
  it("sets, gets, lists, exports and deletes", async () => {
    const url = zookeeperUrl();
    expect((await runCli(["set", url, "new_checkout", '{"on":true}'])).code).toBe(0);
    expect((await runCli(["set", url, "percent", "10"])).code).toBe(0);
    expect((await runCli(["get", url, "new_checkout"])).stdout).toBe('{"on":true}\n');
    expect(JSON.parse((await runCli(["list", url])).stdout)).toEqual({
      new_checkout: { on: true },
      percent: 10,
    });
    expect((await runCli(["delete", url, "percent"])).code).toBe(0);
    expect(JSON.parse((await runCli(["export", url])).stdout)).toEqual({ new_checkout: { on: true } });
  });

  it("refuses a key ZooKeeper cannot hold with exit code 6", async () => {
    const result = await runCli(["set", zookeeperUrl(), "a/b", "1"]);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/^error: \[durabledict:zookeeper\] .*"a\/b"/);
  });

  it("watches changes made by another process", async () => {
    const url = zookeeperUrl();
    const watch = new LongRunningCli(["watch", url]);
    await watch.waitFor(/^watching/m, "stderr");
    await runCli(["set", url, "flag", "false"]);
    await watch.waitFor(/ remote "flag" set false$/m, "stdout");
    expect((await watch.stop()).code).toBe(0);
  });

  it("exits with 4 when ZooKeeper cannot be reached", async () => {
    const result = await runCli(["list", `zookeeper://127.0.0.1:${await freePort()}/flags`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: \[durabledict:zookeeper\] store unavailable/);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
