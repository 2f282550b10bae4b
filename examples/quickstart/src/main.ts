// The README's demo: two processes share one SQLite settings file. The worker serves reads and prints each
// change as it sees it; the admin flips feature switches. Ends by itself, exit code 0 when both did.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const folder = mkdtempSync(join(tmpdir(), "durabledict-quickstart-"));
const file = join(folder, "settings.db");
const script = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

/** Resolves when the process exits with 0, rejects otherwise. */
function exited(child: ChildProcess, name: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${name} exited with ${signal ?? code}`)),
    );
  });
}

console.log(`settings file: ${file}\n`);
const worker = fork(script("worker"), [file]);
const workerDone = exited(worker, "worker");
let admin: ChildProcess | undefined;
// A stuck demo must not hang whoever runs it.
const deadline = setTimeout(() => {
  console.error("the demo did not finish within 20 s");
  worker.kill();
  admin?.kill();
}, 20_000);

try {
  await new Promise<void>((resolve, reject) => {
    worker.once("message", () => resolve());
    workerDone.catch(reject);
  });
  admin = fork(script("admin"), [file]);
  await Promise.all([exited(admin, "admin"), workerDone]);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  clearTimeout(deadline);
  rmSync(folder, { recursive: true, force: true });
}
