import { once } from "node:events";
import { connect, type Socket } from "node:net";
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

it("the TCP proxy stalls without closing: nothing passes either way until restore, then everything held does", async () => {
  const proxy = await startTcpProxy(Number(new URL(serverAddress("redis")).port));
  const opened: Socket[] = [];
  const open = async () => {
    const socket = connect({ host: "127.0.0.1", port: proxy.port });
    opened.push(socket);
    await once(socket, "connect");
    return socket;
  };
  const reply = (socket: Socket) => once(socket, "data").then(([data]) => String(data));
  try {
    const first = await open();
    first.write("PING\r\n");
    expect(await reply(first)).toBe("+PONG\r\n");
    let closed = false;
    first.on("close", () => {
      closed = true;
    });

    proxy.stall();
    first.write("PING\r\n");
    const second = await open();
    second.write("PING\r\n");
    const replies = Promise.all([reply(first), reply(second)]);
    // Nothing to wait for but time: a stalled link is one on which nothing happens.
    const nothing = new Promise((resolve) => setTimeout(() => resolve("nothing yet"), 300));
    expect(await Promise.race([replies, nothing])).toBe("nothing yet");
    expect(closed).toBe(false);

    proxy.restore();
    expect(await replies).toEqual(["+PONG\r\n", "+PONG\r\n"]);
  } finally {
    for (const socket of opened) socket.destroy();
    await proxy.close();
  }
});
