import type { DurableDict } from "@durabledict/core";

/** How the command means to use the dict it opens. */
export interface OpenOptions {
  /** Whether a store that does not exist yet may be created (a SQLite file). Read-only commands say no. */
  create: boolean;
  /** Whether the dict should learn of other processes' changes as they happen (`watch`, `admin`). */
  live: boolean;
}

/** A dict the command opened, with everything it built to reach the store. */
export interface OpenedDict {
  readonly dict: DurableDict<unknown>;
  /** Closes the dict and the client built for it. */
  close(): Promise<void>;
}

/** One row of the URL-scheme table: what a scheme needs installed, and how to open a dict from a URL. */
export interface StoreScheme {
  /** The adapter's short name, as in messages (`"redis"`). */
  readonly name: string;
  /** The packages a user installs for this scheme, as `npm install` takes them. */
  readonly packages: readonly string[];
  /** A URL of this scheme, for help and error messages. */
  readonly example: string;
  /**
   * Parses `url` (throwing a usage `CliError` for a bad one), loads the adapter (a `CliError` naming the
   * packages when it is missing) and opens the dict.
   */
  open(url: string, options: OpenOptions): Promise<OpenedDict>;
}
