import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The command, as `npx durabledict` runs it. */
export const bin = fileURLToPath(new URL("../../bin/durabledict.js", import.meta.url));
const built = fileURLToPath(new URL("../../dist/run-cli.js", import.meta.url));

/** What a finished command printed, and its exit code. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options of {@link runCli}. */
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Sent to standard input, which is then closed. */
  input?: string;
  /** Longest run in ms before the process is killed and the promise rejects. */
  timeout?: number;
  /** Another command file to run instead of the workspace's build (a copy installed elsewhere). */
  script?: string;
}

function assertBuilt(): void {
  if (!existsSync(built)) throw new Error("build the package first: pnpm --filter @durabledict/cli build");
}

/** Runs `durabledict <args>` in its own process and resolves once it exited. */
export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  assertBuilt();
  const child = spawn(process.execPath, [options.script ?? bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, DEBUG: "", ...options.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end(options.input ?? "");
  return finished(child, options.timeout ?? 120_000, `durabledict ${args.join(" ")}`);
}

/** Resolves with what `child` printed once it exits; kills it and rejects after `timeout` ms. */
export function finished(child: ChildProcess, timeout: number, what: string): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => (stdout += chunk));
  child.stderr?.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${what} did not end within ${timeout} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeout);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
