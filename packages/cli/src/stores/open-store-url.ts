import { CliError } from "../cli-error.js";
import { ExitCode } from "../exit-codes.js";
import type { OpenedDict, OpenOptions } from "./store-scheme.js";
import { storeSchemes } from "./store-schemes.js";

/**
 * Opens the dict a store URL names, loading its adapter only now. Throws a usage `CliError` for a URL of no
 * known scheme, and whatever the scheme's `open` throws.
 */
export function openStoreUrl(url: string, options: OpenOptions): Promise<OpenedDict> {
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0].toLowerCase();
  const entry = scheme === undefined ? undefined : storeSchemes[scheme];
  if (!entry) {
    const known = Object.values(storeSchemes)
      .map((known) => known.example)
      .filter((example, index, all) => all.indexOf(example) === index);
    throw new CliError(`unknown store URL "${url}": use one of ${known.join(", ")}`, ExitCode.usage);
  }
  return entry.open(url, options);
}
