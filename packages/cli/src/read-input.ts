import { readFile } from "node:fs/promises";
import { CliError } from "./cli-error.js";
import type { CliIo } from "./cli-io.js";
import { ExitCode } from "./exit-codes.js";

/** The text of `file`, or of standard input when `file` is `-`. A file that cannot be read is a usage error. */
export async function readInput(file: string, io: CliIo): Promise<string> {
  if (file !== "-") {
    try {
      return await readFile(file, "utf8");
    } catch (error) {
      const why = (error as NodeJS.ErrnoException).code ?? String(error);
      throw new CliError(`cannot read ${file}: ${why}`, ExitCode.usage, { cause: error });
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}
