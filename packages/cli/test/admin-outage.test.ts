import { freePort, redisServer, waitUntil } from "@durabledict/test-servers";
import { describe, expect, it } from "vitest";
import { httpCall } from "./support/http-call.js";
import { LongRunningCli } from "./support/long-running-cli.js";

describe("the admin page while its store is down", () => {
  it("answers writes with 503 and the store's error, then writes again once Redis is back", async () => {
    const server = redisServer(await freePort());
    await server.process.start();
    const admin = new LongRunningCli([
      "admin",
      `redis://127.0.0.1:${server.port}/0?keyspace=outage`,
      "--token",
      "t0ken",
    ]);
    try {
      const [, base] = (await admin.waitFor(
        / at (http:\/\/127\.0\.0\.1:\d+\/) \(with your token\)/,
        "stderr",
      )) as [string, string];
      const set = () =>
        httpCall(`${base}api/set`, {
          method: "POST",
          headers: {
            Authorization: "Bearer t0ken",
            "Content-Type": "application/json",
            "X-Durabledict-Admin": "1",
          },
          body: JSON.stringify({ key: "flag", value: true }),
        });
      expect((await set()).status).toBe(200);
      await server.process.stop();
      const down = await set();
      expect(down.status).toBe(503);
      expect(JSON.parse(down.body).error).toMatch(
        /^\[durabledict:redis\] store unavailable during persist key "flag"/,
      );
      await admin.waitFor(/ POST \/api\/set 503$/m, "stderr");
      await server.process.start();
      // The admin's client reconnects on ioredis's schedule; the readiness sign is a write that succeeds.
      await waitUntil("the admin to write to Redis again", async () => (await set()).status === 200, {
        timeout: 60_000,
      });
    } finally {
      expect((await admin.stop()).code).toBe(0);
      await server.process.destroy();
    }
  });
});
