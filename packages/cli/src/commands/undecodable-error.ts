import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import type { UndecodableEntry } from "../values/read-entries.js";

/** The error `list` and `export` end with when stored payloads cannot be decoded. */
export function undecodableError(undecodable: readonly UndecodableEntry[]): CliError {
  const keys = undecodable.map(({ key }) => JSON.stringify(key)).join(", ");
  const first = undecodable[0]?.message ?? "";
  return new CliError(`cannot decode ${undecodable.length} key(s): ${keys} (${first})`, ExitCode.refused);
}
