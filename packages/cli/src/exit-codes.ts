/**
 * The exit codes of the `durabledict` command, for scripts. They never change meaning between versions.
 */
export const ExitCode = {
  /** The command did what it was asked. `watch` and `admin` also end with 0 when interrupted (Ctrl-C). */
  ok: 0,
  /** Something unexpected went wrong (a bug): run again with `--debug` and report the stack trace. */
  unexpected: 1,
  /** The command line is wrong: unknown command or option, a bad store URL, a value or file that is not JSON. */
  usage: 2,
  /** `get` or `delete` of a key that is not in the dict. */
  notFound: 3,
  /** The store cannot be reached, opened or written (server down, file missing or read-only, timeout). */
  unavailable: 4,
  /** The adapter for the URL's scheme is not installed; the message names the packages to install. */
  adapterMissing: 5,
  /** The store or the encoding refused a key or value, or a stored value cannot be decoded. */
  refused: 6,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for `--help`. */
export const exitCodeMeanings: Readonly<Record<ExitCodeValue, string>> = {
  0: "done (watch and admin: interrupted)",
  1: "unexpected error (a bug: run with --debug and report it)",
  2: "usage: bad command, option, URL, or JSON",
  3: "key not found (get, delete)",
  4: "store unavailable (down, unreachable, file missing or read-only)",
  5: "adapter not installed (the message names the packages)",
  6: "key or value refused, or a stored value cannot be decoded",
};
