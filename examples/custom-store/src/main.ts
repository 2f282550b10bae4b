import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DurableDict } from "@durabledict/core";
import { JsonFileStore } from "./json-file-store.js";

const file = join(mkdtempSync(join(tmpdir(), "custom-store-")), "settings.json");
const writer = await DurableDict.open<boolean>(new JsonFileStore(file));
const reader = await DurableDict.open<boolean>(new JsonFileStore(file));
await writer.set("dark_mode", true);
console.log(`reader sees dark_mode = ${await reader.get("dark_mode")} (stored in ${file})`);
await writer.close();
await reader.close();
