import { CommanderError } from "commander";
import { type CliIo, processIo } from "./cli-io.js";
import { createProgram } from "./create-program.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import { reportError } from "./report-error.js";

function debugWanted(argv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const debug = env.DEBUG;
  return (
    argv.includes("--debug") || (debug !== undefined && debug !== "" && debug !== "0" && debug !== "false")
  );
}

/**
 * Runs the `durabledict` command with `argv` (the arguments after the program name) and resolves to its exit
 * code; it never calls `process.exit` itself.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCodeValue> {
  try {
    await createProgram(io).parseAsync([...argv], { from: "user" });
    return ExitCode.ok;
  } catch (error) {
    // Commander has already printed its own one-line message (or the help, or the version).
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    return reportError(error, io, debugWanted(argv, io.env));
  }
}
