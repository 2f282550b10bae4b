import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { withDict } from "../stores/with-dict.js";
import { formatTable } from "../values/format-table.js";
import { formatValue } from "../values/format-value.js";
import { readEntries } from "../values/read-entries.js";
import { undecodableError } from "./undecodable-error.js";

/**
 * `durabledict list <url>`: a table on a terminal, a JSON object (key to value) with `--json` or when the
 * output is piped. Undecodable entries are left out and end the command with exit code 6.
 */
export function registerList(program: Command, io: CliIo): void {
  program
    .command("list")
    .description("list the keys and values (a table on a terminal, JSON when piped or with --json)")
    .argument("<url>", "the store URL")
    .option("--json", "print a JSON object of key to value, even on a terminal")
    .option("-p, --prefix <prefix>", "only the keys that start with this")
    .addHelpText("after", "\nExit code 6 when some stored values cannot be decoded (the others are printed).")
    .action((url: string, options: { json?: boolean; prefix?: string }) =>
      withDict(url, { create: false, live: false }, async (dict) => {
        const { entries, undecodable } = await readEntries(dict);
        const prefix = options.prefix ?? "";
        const shown = entries.filter(([key]) => key.startsWith(prefix));
        if (options.json || !io.stdout.isTTY) {
          io.stdout.write(`${JSON.stringify(Object.fromEntries(shown), null, 2)}\n`);
        } else {
          const rows = shown.map(([key, value]) => [key, formatValue(value)]);
          io.stdout.write(formatTable(["KEY", "VALUE"], rows, io.stdout.columns ?? 100));
        }
        const bad = undecodable.filter(({ key }) => key.startsWith(prefix));
        if (bad.length > 0) throw undecodableError(bad);
      }),
    );
}
