import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";

/** Parses `text` as JSON, or throws a usage `CliError` that says where it is wrong and what `what` was. */
export function parseJson(text: string, what: string, hint = ""): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new CliError(`${what} is not valid JSON: ${why}${hint}`, ExitCode.usage);
  }
}
