import { createInterface } from "node:readline";
import { allKits } from "./kits/index.js";
import { type ChildOrder, modeOptions, type Probe, probeKey } from "./propagation-mode.js";

// The second process of the propagation rows. It opens the dict the parent names, then reports on stdout
// `seen <seq>` the moment it first sees each new probe value. It answers `ping` with `pong` (to measure the
// pipe) and exits on `stop` or when stdin closes. Lines only; the parent times everything on its own clock.

const order = JSON.parse(process.argv[2] ?? "{}") as ChildOrder;
const factory = allKits.find((kit) => kit.adapter === order.adapter);
if (!factory) throw new Error(`unknown adapter ${order.adapter}`);
const kit = await factory.create(order.servers, order.namespace);
const dict = await kit.openDict<Probe>(modeOptions[order.mode]);
let stopped = false;
let lastSeen = (await dict.get(probeKey))?.seq ?? 0;

const report = (probe: Probe | undefined): void => {
  if (probe === undefined || probe.seq <= lastSeen) return;
  lastSeen = probe.seq;
  process.stdout.write(`seen ${probe.seq}\n`);
};

const lines = createInterface({ input: process.stdin });
const finished = new Promise<void>((resolve) => {
  const stop = () => {
    stopped = true;
    resolve();
  };
  lines.on("line", (line) => {
    if (line.startsWith("ping")) process.stdout.write(`pong${line.slice(4)}\n`);
    if (line === "stop") stop();
  });
  lines.on("close", stop);
});

const readLoop = async (): Promise<void> => {
  while (!stopped) {
    report(await dict.get(probeKey));
    // Let stdin's events in between reads even when a read completes without I/O.
    await new Promise((resolve) => setImmediate(resolve));
  }
};

let looping: Promise<void> = Promise.resolve();
if (order.mode === "read loop") looping = readLoop();
else {
  dict.on("change", (event) => {
    if (event.key === probeKey) report(event.newValue);
  });
}
process.stdout.write("ready\n");
await finished;
await looping;
lines.close();
await dict.close();
await kit.close();
