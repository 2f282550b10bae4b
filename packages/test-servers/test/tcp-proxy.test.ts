import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { serverAddress, startTcpProxy } from "../src/index.js";

it("the TCP proxy forwards, cuts the connection under a client, and forwards again", async () => {
  const proxy = await startTcpProxy(Number(new URL(serverAddress("redis")).port));
  const redis = new Redis({
    host: "127.0.0.1",
    port: proxy.port,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
  });
  try {
    await redis.set("through-proxy", "1");
    proxy.cut();
    await expect(redis.get("through-proxy")).rejects.toThrow();
    proxy.restore();
    await new Promise<void>((resolve) => redis.once("ready", () => resolve()));
    expect(await redis.get("through-proxy")).toBe("1");
  } finally {
    redis.disconnect();
    await proxy.close();
  }
});
