import type { Command } from "commander";
import type { CliIo } from "../cli-io.js";
import { withDict } from "../stores/with-dict.js";
import { parseJson } from "../values/parse-json.js";

/** `durabledict set <url> <key> <value>`: stores a JSON value, or a plain string with `--string`. */
export function registerSet(program: Command, _io: CliIo): void {
  program
    .command("set")
    .description("store a value under a key (JSON, or a plain string with --string)")
    .argument("<url>", "the store URL")
    .argument("<key>", "the key")
    .argument("<value>", "the value, as JSON: '{\"on\":true}', 42, true, '\"text\"'")
    .option("-s, --string", "store the value as a plain string instead of parsing it as JSON")
    .addHelpText(
      "after",
      '\nExamples:\n  durabledict set sqlite:./settings.db new_checkout \'{"on":true,"percent":10}\'\n  durabledict set sqlite:./settings.db theme --string dark',
    )
    .action((url: string, key: string, text: string, options: { string?: boolean }) => {
      const value = options.string
        ? text
        : parseJson(text, "the value", " (pass --string to store it as text)");
      return withDict(url, { create: true, live: false }, (dict) => dict.set(key, value));
    });
}
