import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-codes.js";
import { withDict } from "../stores/with-dict.js";

const missing = Symbol("missing");

/** `durabledict get <url> <key>`: prints the value as JSON; exit code 3 when the key is missing. */
export function registerGet(program: Command, io: CliIo): void {
  program
    .command("get")
    .description("print the value of a key, as JSON")
    .argument("<url>", "the store URL")
    .argument("<key>", "the key")
    .option("-r, --raw", "print a string value as it is, without JSON quotes")
    .addHelpText(
      "after",
      "\nExit code 3 when the key is missing.\n\nExample:\n  durabledict get sqlite:./settings.db new_checkout",
    )
    .action((url: string, key: string, options: { raw?: boolean }) =>
      withDict(url, { create: false, live: false }, async (dict) => {
        const value = await dict.get(key, missing);
        if (value === missing) throw new CliError(`key ${JSON.stringify(key)} not found`, ExitCode.notFound);
        const text = options.raw && typeof value === "string" ? value : JSON.stringify(value);
        io.stdout.write(`${text}\n`);
      }),
    );
}
