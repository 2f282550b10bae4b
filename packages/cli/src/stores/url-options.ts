import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";

/**
 * The query parameters of a store URL, checked against the ones its scheme knows: an unknown or repeated
 * parameter is a usage error, so a typo never silently opens another dict.
 */
export function urlOptions<K extends string>(
  search: string,
  known: readonly K[],
  scheme: string,
): Partial<Record<K, string>> {
  const params = new URLSearchParams(search);
  const options: Partial<Record<K, string>> = {};
  for (const [name, value] of params) {
    if (!known.includes(name as K)) {
      const expected = known.length ? `known: ${known.join(", ")}` : "it takes none";
      throw new CliError(`unknown parameter "${name}" in ${scheme} URL (${expected})`, ExitCode.usage);
    }
    if (options[name as K] !== undefined)
      throw new CliError(`parameter "${name}" is given twice in ${scheme} URL`, ExitCode.usage);
    options[name as K] = value;
  }
  return options;
}

/** A usage error about a store URL, with an example of a good one. */
export function badUrl(scheme: string, problem: string, example: string): CliError {
  return new CliError(`bad ${scheme} URL: ${problem} (example: ${example})`, ExitCode.usage);
}
