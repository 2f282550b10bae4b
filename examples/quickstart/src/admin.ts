// The admin process: flips feature switches in the settings file, one every 200 ms, then signs off.
import { openSqliteDict } from "@durabledict/sqlite";
import { doneKey, now, type Setting } from "./switch.js";

const file = process.argv[2]!;
const settings = await openSqliteDict<Setting>(file);
const flips: [string, boolean, number][] = [
  ["new_checkout", true, 10],
  ["new_checkout", true, 50],
  ["dark_mode", true, 100],
  ["new_checkout", true, 100],
  ["dark_mode", false, 0],
];

for (const [key, on, percent] of flips) {
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log(`[admin ] flips ${key} -> ${on ? `on, ${percent}%` : "off"}`);
  await settings.set(key, { on, percent, flippedAt: now() });
}
await settings.set(doneKey, "done");
await settings.close();
