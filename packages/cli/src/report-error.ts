import { DurableDictError } from "@durabledict/core";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { isDictError } from "./values/is-dict-error.js";

/** The exit code an error ends the command with (see {@link ExitCode}). */
export function exitCodeFor(error: unknown): ExitCodeValue {
  if (error instanceof CliError) return error.exitCode;
  if (isDictError(error, "StoreUnavailableError")) return ExitCode.unavailable;
  if (isDictError(error, "KeyError")) return ExitCode.notFound;
  if (DurableDictError.isInstance(error)) return ExitCode.refused;
  return ExitCode.unexpected;
}

function stackWithCauses(error: unknown): string {
  const lines: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 10; depth++) {
    lines.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
    if (current !== undefined) lines.push("caused by:");
  }
  return lines.join("\n");
}

/**
 * Writes `error` to stderr as one line (`error: …`), plus its stack and causes when `debug` is on, and
 * returns the exit code for it.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): ExitCodeValue {
  const code = exitCodeFor(error);
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " ");
  const hint = code === ExitCode.unexpected && !debug ? " (run with --debug for the stack trace)" : "";
  io.stderr.write(`error: ${message}${hint}\n`);
  if (debug) io.stderr.write(`${stackWithCauses(error)}\n`);
  return code;
}
