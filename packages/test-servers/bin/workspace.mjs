#!/usr/bin/env node
// The root commands `npm run demo`, `npm test` and `npm run bench` land here. On a fresh machine with only Node
// and npm it gets pnpm, installs the workspace, builds it and runs the task; `test` also installs missing
// servers (as root) and ends with the plain summary line `N passed, N failed[, N skipped]`.
// Plain JavaScript with no dependencies: it runs before anything is installed.
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const pnpmVersion = "10.34.9";
const root = new URL("../../../", import.meta.url).pathname;
const task = process.argv[2];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", METADATA_SERVER_DETECTION: "none" };

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env, ...options });
  return result.status ?? 1;
}

function must(command, args) {
  const status = run(command, args);
  if (status !== 0) {
    console.error(`\n${command} ${args.join(" ")} failed with exit code ${status}`);
    process.exit(status);
  }
}

function ensurePnpm() {
  try {
    const version = execSync("pnpm --version", { env, stdio: ["ignore", "pipe", "ignore"] })
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

function testResultFiles() {
  return ["packages", "examples"].flatMap((folder) =>
    readdirSync(join(root, folder))
      .map((name) => join(root, folder, name, "test-results.json"))
      .filter((file) => existsSync(file)),
  );
}

function summarize(turboStatus) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const file of testResultFiles()) {
    const results = JSON.parse(readFileSync(file, "utf8"));
    passed += results.numPassedTests;
    failed += results.numFailedTests;
    skipped += results.numPendingTests + results.numTodoTests;
    if (results.numFailedTestSuites > 0 && results.numFailedTests === 0)
      failed += results.numFailedTestSuites;
  }
  if (turboStatus !== 0 && failed === 0) {
    console.error(
      "a test task failed without a failing test (a build, type or setup error): counted as one failure",
    );
    failed = 1;
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
  return failed === 0 ? 0 : 1;
}

ensurePnpm();
must("pnpm", ["install", "--frozen-lockfile"]);
switch (task) {
  case "demo":
    must("pnpm", ["exec", "turbo", "run", "build", "--filter=@durabledict/example-quickstart..."]);
    must("pnpm", ["--filter", "@durabledict/example-quickstart", "start"]);
    break;
  case "bench":
    must("pnpm", ["exec", "turbo", "run", "build"]);
    must("pnpm", ["exec", "turbo", "run", "bench", "--concurrency=1"]);
    break;
  case "test": {
    installServers();
    for (const file of testResultFiles()) rmSync(file);
    const status = run("pnpm", [
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
    ]);
    process.exit(summarize(status));
    break;
  }
  default:
    console.error("usage: workspace.mjs demo|test|bench");
    process.exit(2);
}
