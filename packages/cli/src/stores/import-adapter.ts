import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import type { StoreScheme } from "./store-scheme.js";

/**
 * Runs `load` (the scheme's dynamic imports). When one of the scheme's packages cannot be found, throws a
 * `CliError` that names every package to install; any other failure is rethrown as it is.
 */
export async function importAdapter<M>(
  scheme: Pick<StoreScheme, "name" | "packages">,
  load: () => Promise<M>,
): Promise<M> {
  try {
    return await load();
  } catch (error) {
    if (!isMissing(error, scheme.packages)) throw error;
    throw new CliError(
      `the ${scheme.name} adapter is not installed: npm install ${scheme.packages.join(" ")}`,
      ExitCode.adapterMissing,
      { cause: error },
    );
  }
}

function isMissing(error: unknown, packages: readonly string[]): boolean {
  if (!(error instanceof Error) || (error as NodeJS.ErrnoException).code !== "ERR_MODULE_NOT_FOUND")
    return false;
  return packages.some((name) => error.message.includes(`'${name}'`));
}
