// The worker process: serves "requests" that read the settings (one every millisecond, as a busy web
// worker would), and prints each change as a read brings it in, with how long it took to arrive.
import type { ChangeEvent } from "@durabledict/core";
import { openSqliteDict } from "@durabledict/sqlite";
import { describeSwitch, doneKey, now, type Setting, type Switch } from "./switch.js";

const file = process.argv[2]!;
const settings = await openSqliteDict<Setting>(file);
let requests = 0;
let newCheckouts = 0;
let serving = true;

settings.on("change", ({ key, newValue, origin }: ChangeEvent<Setting>) => {
  if (origin !== "remote") return;
  if (key === doneKey) {
    serving = false;
    return;
  }
  const value = newValue as Switch | undefined;
  const took =
    value === undefined ? "" : ` (${(now() - value.flippedAt).toFixed(1)} ms after the admin wrote it)`;
  console.log(`[worker] sees ${key} -> ${describeSwitch(value)}${took}`);
});

/** One request: reads the switch it needs, as an application would, and rolls the new checkout out by percent. */
async function serveRequest(): Promise<void> {
  const checkout = (await settings.get("new_checkout")) as Switch | undefined;
  if (checkout?.on && requests % 100 < checkout.percent) newCheckouts++;
  requests++;
}

process.send?.("ready");
while (serving) {
  await serveRequest();
  await new Promise((resolve) => setTimeout(resolve, 1));
}
console.log(
  `[worker] served ${requests} requests, each reading the settings; ${newCheckouts} got the new checkout`,
);
await settings.close();
