import memjs from "memjs";
import { expect, it } from "vitest";
import { serverAddress } from "../src/index.js";

it("memcached answers on loopback: write, read back", async () => {
  const client = memjs.Client.create(serverAddress("memcached"));
  try {
    await client.set("smoke", "value", { expires: 60 });
    expect((await client.get("smoke")).value?.toString()).toBe("value");
  } finally {
    client.close();
  }
});
