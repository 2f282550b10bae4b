import { DurableDict } from "@durabledict/core";
import { MemoryStore } from "@durabledict/memory";

interface Switch {
  on: boolean;
  percent: number;
}

// Two dicts over one store stand in for two processes sharing a server.
const store = new MemoryStore();
const admin = await DurableDict.open<Switch>(store);
const worker = await DurableDict.open<Switch>(store);

worker.on("change", ({ key, newValue, origin }) => {
  if (origin === "remote") console.log(`worker sees ${key} -> ${JSON.stringify(newValue)}`);
});

for (const percent of [10, 50, 100]) {
  await admin.set("new_checkout", { on: true, percent });
  await worker.sync();
}
console.log(`worker reads new_checkout: ${JSON.stringify(await worker.get("new_checkout"))}`);
await admin.close();
await worker.close();
