#!/usr/bin/env node
// The root commands `npm run demo`, `npm test` and `npm run bench` land here. On a fresh machine with only Node
// and npm it gets pnpm and the Node releases the workspace is tested on (from the npm registry, into .cache/),
// installs the workspace under that Node, builds it and runs the task. `test` also installs missing servers (as
// root), runs the whole suite twice — on the oldest Node line `engines` admits with the oldest driver each peer
// range admits, then on the newest Node LTS with the newest drivers (the lockfile's) — then the consumer test,
// the README blocks and the release dry run, and ends with the plain line `N passed, N failed[, N skipped]`
// summing every step. Plain JavaScript with no dependencies: it runs before anything is installed.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { consumerTest } from "./consumer-test.mjs";
import { checkDrivers, printDriverTable } from "./drivers.mjs";
import { nodeRuntime } from "./node-runtime.mjs";
import { releaseDryRun } from "./release-dry-run.mjs";

const pnpmVersion = "10.34.9";
const root = new URL("../../../", import.meta.url).pathname;
const cache = join(root, ".cache");
const results = join(cache, "results");
const lockfile = join(root, "pnpm-lock.yaml");
const task = process.argv[2];
const baseEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", METADATA_SERVER_DETECTION: "none" };

// The newest Node LTS line, and the oldest line the packages' `engines.node` admits.
const newestNode = 24;
const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const oldestNode = Number(/\d+/.exec(rootManifest.engines.node)[0]);
const matrix = [
  { name: `node${oldestNode}-oldest`, node: oldestNode, drivers: "oldest" },
  { name: `node${newestNode}-newest`, node: newestNode, drivers: "newest" },
];

class Interrupted extends Error {}

// Ctrl-C reaches the child too; this process outlives it to put the lockfile back, then stops.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => {});

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: baseEnv, ...options });
  // A child killed by the signal, or one that caught it and exited the conventional 128 + signal number.
  if (["SIGINT", "SIGTERM"].includes(result.signal) || [130, 143].includes(result.status)) {
    throw new Interrupted(result.signal ?? `exit code ${result.status}`);
  }
  return result.status ?? 1;
}

function must(command, args, options = {}) {
  const status = run(command, args, options);
  if (status !== 0) throw new Error(`${command} ${args.join(" ")} failed with exit code ${status}`);
}

function ensurePnpm() {
  try {
    const version = execFileSync("pnpm", ["--version"], { env: baseEnv, stdio: ["ignore", "pipe", "ignore"] })
      .toString()
      .trim();
    if (version.startsWith("10.")) return;
  } catch {
    // Not installed: fall through.
  }
  must("npm", ["install", "--global", `pnpm@${pnpmVersion}`]);
}

function installServers() {
  const missing = ["redis-server", "memcached"].filter(
    (command) => run("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }) !== 0,
  );
  if (!existsSync("/usr/share/java/zookeeper.jar")) missing.push("zookeeper");
  // Debian's postgresql puts each version's server in /usr/lib/postgresql/<version>/bin.
  const postgresVersions = existsSync("/usr/lib/postgresql") ? readdirSync("/usr/lib/postgresql") : [];
  if (!postgresVersions.some((version) => existsSync(`/usr/lib/postgresql/${version}/bin/postgres`)))
    missing.push("postgresql");
  // The CLI's admin page is tested in Debian's Chromium.
  if (!existsSync("/usr/bin/chromium")) missing.push("chromium");
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `missing servers (${missing.join(", ")}): install redis-server memcached zookeeper postgresql chromium, or set DURABLEDICT_* to running servers`,
    );
    return;
  }
  const packages = ["redis-server", "memcached", "zookeeper", "postgresql", "chromium"].join(" ");
  must("sh", [
    "-c",
    `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${packages} >/dev/null`,
  ]);
}

/** The workspace's projects (the root first): name, folder and manifest. */
function workspaceProjects() {
  const listed = JSON.parse(
    execFileSync("pnpm", ["ls", "--recursive", "--depth", "-1", "--json"], { cwd: root, env: baseEnv }),
  );
  return listed.map(({ path }) => ({
    path,
    manifest: JSON.parse(readFileSync(join(path, "package.json"), "utf8")),
  }));
}

/**
 * Installs the workspace for `runtime`. Native addons are built for one Node, so a workspace last installed
 * under another Node starts from empty node_modules folders (pnpm's store keeps builds per Node major).
 * `drivers: "oldest"` lets .pnpmfile.cjs pin each driver to the oldest version its peer ranges admit; the
 * caller puts the lockfile back.
 */
function install(projects, runtime, drivers) {
  const marker = join(root, "node_modules", ".durabledict-node");
  if (!existsSync(marker) || readFileSync(marker, "utf8") !== runtime.version) {
    for (const { path } of projects) rmSync(join(path, "node_modules"), { recursive: true, force: true });
  }
  const lockArg = drivers === "oldest" ? "--no-frozen-lockfile" : "--frozen-lockfile";
  must("pnpm", ["install", lockArg], { env: { ...baseEnv, ...runtime.env, DURABLEDICT_DRIVERS: drivers } });
  writeFileSync(marker, runtime.version);
}

/** Runs `body` and then restores the lockfile as it was, whatever happened. */
function keepingLockfile(body) {
  const saved = readFileSync(lockfile);
  try {
    return body();
  } finally {
    writeFileSync(lockfile, saved);
  }
}

/** A step that could not run at all counts as one failure. */
function recordFailure(file, reason) {
  console.error(`${reason}: counted as one failure`);
  mkdirSync(dirname(file), { recursive: true });
  const report = {
    numPassedTests: 0,
    numFailedTests: 1,
    numPendingTests: 0,
    numTodoTests: 0,
    numFailedTestSuites: 0,
  };
  writeFileSync(file, JSON.stringify(report));
}

function count(files) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, "utf8"));
    total.passed += report.numPassedTests;
    total.failed += report.numFailedTests;
    total.skipped += report.numPendingTests + report.numTodoTests;
    if (report.numFailedTestSuites > 0 && report.numFailedTests === 0)
      total.failed += report.numFailedTestSuites;
  }
  return total;
}

const line = ({ passed, failed, skipped }) =>
  `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;

function reportFiles(folder) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? reportFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** Runs every package's tests under `runtime`, and keeps their vitest reports in .cache/results/<run>/. */
function runSuite(projects, entry, runtime) {
  const folder = join(results, entry.name);
  const reports = projects.map(({ path }) => join(path, "test-results.json"));
  for (const file of reports) rmSync(file, { force: true });
  const status = run(
    "pnpm",
    [
      "exec",
      "turbo",
      "run",
      "test",
      "--concurrency=1",
      "--continue",
      "--",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=test-results.json",
    ],
    { env: { ...baseEnv, ...runtime.env } },
  );
  mkdirSync(folder, { recursive: true });
  for (const [i, file] of reports.entries()) {
    if (existsSync(file))
      renameSync(file, join(folder, `${projects[i].manifest.name.replace("/", "+")}.json`));
  }
  const total = count(reportFiles(folder));
  if (status !== 0 && total.failed === 0) {
    recordFailure(
      join(folder, "turbo.json"),
      "a test task failed without a failing test (a build, type or setup error)",
    );
    total.failed = 1;
  }
  console.log(`\n${entry.name} (Node ${runtime.version}): ${line(total)}`);
}

function test() {
  installServers();
  rmSync(results, { recursive: true, force: true });
  const projects = workspaceProjects();
  const driverRows = [];
  const started = Date.now();
  const minutes = () => `${((Date.now() - started) / 60_000).toFixed(1)} min`;
  for (const entry of matrix) {
    const runtime = nodeRuntime(entry.node, cache);
    console.log(
      `\n══ ${entry.name}: the whole suite on Node ${runtime.version} with the ${entry.drivers} drivers`,
    );
    try {
      keepingLockfile(() => {
        install(projects, runtime, entry.drivers);
        const resultsFile = join(results, entry.name, "drivers.json");
        driverRows.push(...checkDrivers({ root, projects, entry, runtime, resultsFile }));
        runSuite(projects, entry, runtime);
      });
    } catch (error) {
      if (error instanceof Interrupted) throw error;
      recordFailure(join(results, entry.name, "setup.json"), `${entry.name} could not run: ${error.message}`);
    }
    console.log(`${entry.name} done after ${minutes()}`);
  }
  const runtime = nodeRuntime(newestNode, cache);
  driverRows.push(...consumerTest({ root, projects, runtime, results }));
  releaseDryRun({ root, projects, runtime, resultsFile: join(results, "release.json") });
  console.log(`consumer test, README blocks and release done after ${minutes()}`);
  printDriverTable(driverRows);
  const total = count(reportFiles(results));
  console.log(line(total));
  return total.failed === 0 ? 0 : 1;
}

function main() {
  ensurePnpm();
  if (task === "test") return test();
  if (task !== "demo" && task !== "bench") {
    console.error("usage: workspace.mjs demo|test|bench");
    return 2;
  }
  const runtime = nodeRuntime(newestNode, cache);
  const env = { ...baseEnv, ...runtime.env };
  install(workspaceProjects(), runtime, "newest");
  if (task === "demo") {
    must("pnpm", ["exec", "turbo", "run", "build", "--filter=@durabledict/example-quickstart..."], { env });
    must("pnpm", ["--filter", "@durabledict/example-quickstart", "start"], { env });
  } else {
    must("pnpm", ["exec", "turbo", "run", "build"], { env });
    must("pnpm", ["exec", "turbo", "run", "bench", "--concurrency=1"], { env });
  }
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (error instanceof Interrupted) process.exit(130);
  console.error(`\n${error.message}`);
  if (task === "test") console.log("0 passed, 1 failed");
  process.exitCode = 1;
}
