import type { ExitCodeValue } from "./exit-codes.js";

/** An error the command reports in one line, ending the process with {@link CliError.exitCode}. */
export class CliError extends Error {
  constructor(
    message: string,
    /** The exit code the command ends with. */
    readonly exitCode: ExitCodeValue,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = "CliError";
  }
}
