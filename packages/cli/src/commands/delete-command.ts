import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-codes.js";
import { withDict } from "../stores/with-dict.js";

/** `durabledict delete <url> <key>`: exit code 3 when the key was missing, unless `--force`. */
export function registerDelete(program: Command, _io: CliIo): void {
  program
    .command("delete")
    .description("delete a key")
    .argument("<url>", "the store URL")
    .argument("<key>", "the key")
    .option("-f, --force", "succeed when the key is already missing")
    .addHelpText("after", "\nExit code 3 when the key was missing (0 with --force).")
    .action((url: string, key: string, options: { force?: boolean }) =>
      withDict(url, { create: false, live: false }, async (dict) => {
        const existed = await dict.delete(key);
        if (!existed && !options.force)
          throw new CliError(`key ${JSON.stringify(key)} not found`, ExitCode.notFound);
      }),
    );
}
