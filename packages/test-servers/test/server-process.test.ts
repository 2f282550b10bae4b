import { expect, it } from "vitest";
import { datastoreEmulator, freePort } from "../src/index.js";

it("stopping a server also stops what its launcher started (the emulator's script starts java)", async () => {
  const server = datastoreEmulator(await freePort());
  await server.process.start();
  const pid = server.process.pid!;
  expect(await (await fetch(`http://127.0.0.1:${server.port}/`)).text()).toContain("Ok");
  await server.process.destroy();
  expect(() => process.kill(-pid, 0)).toThrow();
  await expect(fetch(`http://127.0.0.1:${server.port}/`)).rejects.toThrow();
});
