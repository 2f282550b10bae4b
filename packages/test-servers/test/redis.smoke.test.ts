import { Redis } from "ioredis";
import { expect, it } from "vitest";
import { serverAddress } from "../src/index.js";

it("Redis answers on loopback: write, read back", async () => {
  const redis = new Redis(serverAddress("redis"));
  try {
    await redis.set("smoke", "value");
    expect(await redis.get("smoke")).toBe("value");
  } finally {
    redis.disconnect();
  }
});
