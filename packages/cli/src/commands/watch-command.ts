import type { ChangeEvent } from "@durabledict/core";
import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { withDict } from "../stores/with-dict.js";
import { untilInterrupted } from "../until-interrupted.js";
import { formatValue } from "../values/format-value.js";
import { printable } from "../values/printable.js";

/** One change as `watch --json` prints it, one object per line. */
export interface WatchLine {
  /** When this process learned of the change, ISO 8601. */
  time: string;
  /** `"remote"`: another process wrote it (`"local"` would be this process, which never writes). */
  origin: "local" | "remote";
  key: string;
  /** Whether the key was deleted (then `value` is absent). */
  deleted: boolean;
  value?: unknown;
}

function watchLine(change: ChangeEvent<unknown>): WatchLine {
  const deleted = change.newValue === undefined;
  const line: WatchLine = { time: new Date().toISOString(), origin: change.origin, key: change.key, deleted };
  if (!deleted) line.value = change.newValue;
  return line;
}

function plainLine({ time, origin, key, deleted, value }: WatchLine): string {
  const what = deleted ? "delete" : `set ${formatValue(value)}`;
  return `${time} ${origin} ${printable(JSON.stringify(key))} ${printable(what)}`;
}

/**
 * `durabledict watch <url>`: prints every change made by any process, as it arrives, until interrupted.
 * Store trouble is reported on stderr and the watch goes on; the dict re-syncs when the store returns.
 */
export function registerWatch(program: Command, io: CliIo): void {
  program
    .command("watch")
    .description("print each change as it arrives, with its time and origin, until interrupted (Ctrl-C)")
    .argument("<url>", "the store URL")
    .option("--json", "print one JSON object per change: time, origin, key, deleted, value")
    .addHelpText(
      "after",
      '\nEach line: <time> <origin> <key> set <value> | delete, e.g.\n  2025-01-01T12:00:00.000Z remote "new_checkout" set {"on":true}\nExits with 0 when interrupted.',
    )
    .action((url: string, options: { json?: boolean }) =>
      withDict(url, { create: false, live: true }, async (dict) => {
        dict.on("change", (change) => {
          const line = watchLine(change);
          io.stdout.write(`${options.json ? JSON.stringify(line) : plainLine(line)}\n`);
        });
        dict.on("error", (error) => {
          io.stderr.write(`${new Date().toISOString()} error: ${printable(error.message)}\n`);
        });
        const stopped = untilInterrupted();
        io.stderr.write(`watching ${await dict.size()} keys; Ctrl-C to stop\n`);
        await stopped;
      }),
    );
}
