import { join } from "node:path";
import { freePort, redisServer } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { runCli } from "./support/cli-process.js";
import { LongRunningCli } from "./support/long-running-cli.js";
import { scratchDir } from "./support/scratch-dir.js";
import { redisUrl } from "./support/scratch-keyspace.js";

const time = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";

describe("durabledict watch", () => {
  it("prints each change another process makes on SQLite, with time and origin, and exits 0 on Ctrl-C", async () => {
    const url = `sqlite:${join(scratchDir(), "s.db")}`;
    await runCli(["set", url, "existing", "1"]);
    const watch = new LongRunningCli(["watch", url]);
    await watch.waitFor(/^watching 1 keys; Ctrl-C to stop$/m, "stderr");
    await runCli(["set", url, "new_checkout", '{"on":true}']);
    await watch.waitFor(new RegExp(`^${time} remote "new_checkout" set \\{"on":true\\}$`, "m"), "stdout");
    await runCli(["delete", url, "existing"]);
    await watch.waitFor(new RegExp(`^${time} remote "existing" delete$`, "m"), "stdout");
    const ended = await watch.stop("SIGINT");
    expect(ended.code).toBe(0);
    expect(ended.stdout.trimEnd().split("\n")).toHaveLength(2);
  });

  it("prints one JSON object per change with --json on Redis, and exits 0 on SIGTERM", async () => {
    const url = redisUrl();
    const watch = new LongRunningCli(["watch", url, "--json"]);
    await watch.waitFor(/^watching 0 keys/m, "stderr");
    await runCli(["set", url, "flag", "true"]);
    const [line] = await watch.waitFor(/^\{.*"flag".*\}$/m, "stdout");
    expect(JSON.parse(line)).toEqual({
      time: expect.stringMatching(new RegExp(`^${time}$`)),
      origin: "remote",
      key: "flag",
      deleted: false,
      value: true,
    });
    await runCli(["delete", url, "flag"]);
    const [deleted] = await watch.waitFor(/^\{.*"deleted":true.*\}$/m, "stdout");
    expect(JSON.parse(deleted)).toMatchObject({ key: "flag", deleted: true });
    expect((await watch.stop("SIGTERM")).code).toBe(0);
  });

  it("reports a Redis outage on stderr, keeps watching, and prints changes once Redis is back", async () => {
    const server = redisServer(await freePort());
    await server.process.start();
    try {
      const url = `redis://127.0.0.1:${server.port}/0?keyspace=outage`;
      const watch = new LongRunningCli(["watch", url]);
      await watch.waitFor(/^watching/m, "stderr");
      await server.process.stop();
      await watch.waitFor(new RegExp(`^${time} error: .*store unavailable`, "m"), "stderr");
      await server.process.start();
      // The watch's own client reconnects by itself; write once the server answers.
      await runCli(["set", url, "after", '"back"']);
      await watch.waitFor(new RegExp(`^${time} remote "after" set "back"$`, "m"), "stdout");
      expect((await watch.stop()).code).toBe(0);
    } finally {
      await server.process.destroy();
    }
  });
});
