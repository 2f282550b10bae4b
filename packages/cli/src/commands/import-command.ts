import type { Command } from "commander";
import { CliError } from "../cli-error.js";
import type { CliIo } from "../cli-io.js";
import { ExitCode } from "../exit-codes.js";
import { readInput } from "../read-input.js";
import { withDict } from "../stores/with-dict.js";
import { formatValue } from "../values/format-value.js";
import { type ImportStep, importPlan } from "../values/import-plan.js";
import { parseJson } from "../values/parse-json.js";
import { printable } from "../values/printable.js";
import { readEntries } from "../values/read-entries.js";

function describe(step: ImportStep): string {
  const key = JSON.stringify(step.key);
  switch (step.kind) {
    case "add":
      return `add ${key} ${formatValue(step.value)}`;
    case "change":
      return `change ${key} ${"old" in step ? formatValue(step.old) : "(undecodable)"} -> ${formatValue(step.value)}`;
    case "delete":
      return `delete ${key}`;
  }
}

function count(steps: readonly ImportStep[], kind: ImportStep["kind"]): number {
  return steps.filter((step) => step.kind === kind).length;
}

function readObject(text: string, file: string): Record<string, unknown> {
  const data = parseJson(text, file === "-" ? "standard input" : file);
  if (typeof data !== "object" || data === null || Array.isArray(data))
    throw new CliError(`${file} must hold a JSON object of key to value, as export writes`, ExitCode.usage);
  return data as Record<string, unknown>;
}

/**
 * `durabledict import <url> <file>`: sets the keys of a JSON object file (as `export` writes it) whose value
 * differs; with `--replace` also deletes the keys the file does not have; with `--dry-run` only says so.
 */
export function registerImport(program: Command, io: CliIo): void {
  program
    .command("import")
    .description("set the dict from a JSON object file of key to value, as export writes it")
    .argument("<url>", "the store URL")
    .argument("<file>", "the JSON file to read (- for standard input)")
    .option("-n, --dry-run", "print what would change, and change nothing")
    .option("--replace", "also delete the keys the file does not have")
    .addHelpText(
      "after",
      "\nPrints one line per change (add, change, delete), then a summary. The new and changed keys are\nwritten in one step where the store can (update), the deletions after them.",
    )
    .action(async (url: string, file: string, options: { dryRun?: boolean; replace?: boolean }) => {
      const wanted = readObject(await readInput(file, io), file);
      await withDict(url, { create: !options.dryRun, live: false }, async (dict) => {
        const steps = importPlan(await readEntries(dict), wanted, options.replace ?? false);
        for (const step of steps) io.stdout.write(`${printable(describe(step))}\n`);
        const [added, changed, deleted] = (["add", "change", "delete"] as const).map((kind) =>
          count(steps, kind),
        );
        if (options.dryRun) {
          io.stdout.write(
            `dry run: ${added} to add, ${changed} to change, ${deleted} to delete; nothing written\n`,
          );
          return;
        }
        const writes = steps.flatMap((step) =>
          step.kind === "delete" ? [] : [[step.key, step.value] as const],
        );
        if (writes.length > 0) await dict.update(writes);
        for (const step of steps) if (step.kind === "delete") await dict.delete(step.key);
        io.stdout.write(`imported: ${added} added, ${changed} changed, ${deleted} deleted\n`);
      });
    });
}
