import { readFileSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";

/** What the results were taken on. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
}

/** Describes this machine. */
export function describeMachine(): Machine {
  const all = cpus();
  return {
    cpu: all[0]?.model.trim() ?? "unknown",
    cores: all.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${osName()} (${type()} ${release()})`,
    node: process.version,
  };
}

function osName(): string {
  try {
    const line = readFileSync("/etc/os-release", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("PRETTY_NAME="));
    return line ? line.slice("PRETTY_NAME=".length).replaceAll('"', "") : type();
  } catch {
    return type();
  }
}

/** One line for the report: `2 × AMD EPYC …, 24 GiB, Debian GNU/Linux 12 (…), Node v20.20.2`. */
export function machineLine(machine: Machine): string {
  return `${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}`;
}
