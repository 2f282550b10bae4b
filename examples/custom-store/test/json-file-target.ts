import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DurableStore } from "@durabledict/core";
import type { ConformanceTarget } from "@durabledict/test-suite";

/** A conformance target over a JSON file in a fresh folder; an outage moves the folder away. */
export function jsonFileTarget(openStore: (file: string) => DurableStore<string>): ConformanceTarget {
  return {
    name: "json-file",
    async setup() {
      const folder = mkdtempSync(join(tmpdir(), "json-file-store-"));
      const file = join(folder, "dict.json");
      const read = () => {
        try {
          return JSON.parse(readFileSync(file, "utf8"));
        } catch {
          return { version: 0, entries: {} };
        }
      };
      return {
        openStore: async () => openStore(file),
        rawGet: async (key) => read().entries[key],
        resetVersion: async () => writeFileSync(file, JSON.stringify({ ...read(), version: 0 })),
        outage: {
          begin: async () => renameSync(folder, `${folder}.away`),
          end: async () => renameSync(`${folder}.away`, folder),
        },
        teardown: async () => rmSync(folder, { recursive: true, force: true }),
      };
    },
  };
}
