import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { CliIo } from "./cli-io.js";
import { registerAdmin } from "./commands/admin-command.js";
import { registerDelete } from "./commands/delete-command.js";
import { registerExport } from "./commands/export-command.js";
import { registerGet } from "./commands/get-command.js";
import { registerImport } from "./commands/import-command.js";
import { registerList } from "./commands/list-command.js";
import { registerSet } from "./commands/set-command.js";
import { registerWatch } from "./commands/watch-command.js";
import { exitCodeMeanings } from "./exit-codes.js";
import type { StoreScheme } from "./stores/store-scheme.js";
import { storeSchemes } from "./stores/store-schemes.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

function mainHelp(): string {
  const schemes = new Map<StoreScheme, string[]>();
  for (const [prefix, scheme] of Object.entries(storeSchemes))
    schemes.set(scheme, [...(schemes.get(scheme) ?? []), prefix]);
  const urls = [...schemes].map(
    ([{ example, packages }, prefixes]) =>
      `  ${example}\n      (${prefixes.join(" ")}; npm install ${packages.join(" ")})`,
  );
  const codes = Object.entries(exitCodeMeanings).map(([code, meaning]) => `  ${code}  ${meaning}`);
  return `\nStore URLs:\n${urls.join("\n")}\n\nExit codes:\n${codes.join("\n")}\n\nErrors print one line; --debug (or DEBUG=1) adds the stack trace.\n`;
}

/** The `durabledict` command line: every command, writing to `io`, throwing instead of exiting. */
export function createProgram(io: CliIo): Command {
  const program = new Command("durabledict")
    .description("See and change a durabledict from the command line, or serve an admin page for it.")
    .version(version)
    .option("--debug", "print the stack trace of an error")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout.write(text), writeErr: (text) => io.stderr.write(text) })
    .showSuggestionAfterError()
    .addHelpText("after", mainHelp());
  for (const register of [
    registerGet,
    registerSet,
    registerDelete,
    registerList,
    registerWatch,
    registerExport,
    registerImport,
    registerAdmin,
  ]) {
    register(program, io);
  }
  return program;
}
