import { randomUUID } from "node:crypto";
import { freePort, serverAddress } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { expectCommandRoundTrip, expectWatchSeesAnotherProcess } from "./support/command-round-trip.js";

function zookeeperUrl(): string {
  return `zookeeper://${serverAddress("zookeeper")}/durabledict-cli/${randomUUID()}`;
}

describe("durabledict on ZooKeeper", () => {
  it("sets, gets, lists, exports and deletes", async () => {
    await expectCommandRoundTrip(zookeeperUrl());
  });

  it("refuses a key ZooKeeper cannot hold with exit code 6", async () => {
    const result = await runCli(["set", zookeeperUrl(), "a/b", "1"]);
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(/^error: \[durabledict:zookeeper\] .*"a\/b"/);
  });

  it("watches changes made by another process", async () => {
    await expectWatchSeesAnotherProcess(zookeeperUrl());
  });

  it("exits with 4 when ZooKeeper cannot be reached", async () => {
    const result = await runCli(["list", `zookeeper://127.0.0.1:${await freePort()}/flags`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^error: \[durabledict:zookeeper\] store unavailable/);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
