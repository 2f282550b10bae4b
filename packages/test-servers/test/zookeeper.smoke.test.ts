import zookeeper from "node-zookeeper-client";
import { expect, it } from "vitest";
import { serverAddress } from "../src/index.js";

it("ZooKeeper answers on loopback: write, read back", async () => {
  const client = zookeeper.createClient(serverAddress("zookeeper"), { sessionTimeout: 5000 });
  const connected = new Promise<void>((resolve) => client.once("connected", () => resolve()));
  client.connect();
  try {
    await connected;
    const path = `/smoke-${process.pid}-${Date.now()}`;
    await new Promise<void>((resolve, reject) =>
      client.create(path, Buffer.from("value"), (error) => (error ? reject(error) : resolve())),
    );
    const data = await new Promise<Buffer>((resolve, reject) =>
      client.getData(path, (error, value) => (error ? reject(error) : resolve(value))),
    );
    expect(data.toString()).toBe("value");
  } finally {
    client.close();
  }
});
