import { renameSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { withDict } from "../stores/with-dict.js";
import { readEntries } from "../values/read-entries.js";
import { undecodableError } from "./undecodable-error.js";

/**
 * `durabledict export <url> [file]`: the whole dict as one JSON object (key to value, keys sorted), to a file
 * (written whole or not at all) or to stdout. Refuses, writing nothing, when a value cannot be decoded.
 */
export function registerExport(program: Command, io: CliIo): void {
  program
    .command("export")
    .description("write the whole dict as a JSON object of key to value")
    .argument("<url>", "the store URL")
    .argument("[file]", "the file to write (standard output when left out or -)")
    .addHelpText(
      "after",
      "\nExample:\n  durabledict export redis://127.0.0.1:6379/0?keyspace=settings settings.json",
    )
    .action((url: string, file: string | undefined) =>
      withDict(url, { create: false, live: false }, async (dict) => {
        const { entries, undecodable } = await readEntries(dict);
        if (undecodable.length > 0) throw undecodableError(undecodable);
        const json = `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
        if (file === undefined || file === "-") {
          io.stdout.write(json);
          return;
        }
        const partial = `${file}.${process.pid}.partial`;
        writeFileSync(partial, json);
        renameSync(partial, file);
        io.stderr.write(`exported ${entries.length} keys to ${file}\n`);
      }),
    );
}
