// With DURABLEDICT_DRIVERS=oldest (the test command's oldest-drivers run, which installs with
// --no-frozen-lockfile and puts the lockfile back afterwards), every workspace package gets the oldest version
// of each driver that the published packages' peer ranges admit, so the suite proves the floor of each range.
// Without it this hook changes nothing. A driver is a peer dependency of a published package, other than our
// own packages and the test runner: the conformance suite takes vitest as a peer, but the whole workspace
// runs on its one vitest.
const { readdirSync, readFileSync, existsSync } = require("node:fs");
const { join } = require("node:path");

const notDrivers = new Set(["vitest"]);

function workspaceManifests() {
  const globs = [
    ...readFileSync(join(__dirname, "pnpm-workspace.yaml"), "utf8").matchAll(
      /^\s+-\s+"?([^"\s]+)\/\*"?\s*$/gm,
    ),
  ];
  return globs.flatMap(([, folder]) =>
    readdirSync(join(__dirname, folder))
      .map((name) => join(__dirname, folder, name, "package.json"))
      .filter((file) => existsSync(file))
      .map((file) => JSON.parse(readFileSync(file, "utf8"))),
  );
}

const compareVersions = (a, b) => a.localeCompare(b, "en", { numeric: true });

/** The lowest version one alternative of a range admits: "^5.9.0" or ">=9.0.0" gives its version. */
function lowest(alternative) {
  const match = /^\s*(?:\^|~|>=)?\s*v?(\d+\.\d+\.\d+)(?:\s|$)/.exec(alternative);
  if (!match) throw new Error(`.pnpmfile.cjs: cannot tell the oldest version "${alternative}" admits`);
  return match[1];
}

/**
 * Every driver with the oldest version and the newest major that the published packages' peer ranges admit,
 * and the names of the workspace's own packages.
 */
function drivers() {
  const manifests = workspaceManifests();
  const ours = new Set(manifests.map((manifest) => manifest.name));
  const found = new Map();
  for (const manifest of manifests) {
    if (manifest.private) continue;
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (ours.has(name) || notDrivers.has(name)) continue;
      const lows = range.split("||").map(lowest);
      const oldest = lows.sort(compareVersions)[0];
      const newestMajor = Math.max(...lows.map((version) => Number(version.split(".")[0])));
      const known = found.get(name);
      found.set(name, {
        oldest: known && compareVersions(known.oldest, oldest) < 0 ? known.oldest : oldest,
        newestMajor: Math.max(known?.newestMajor ?? 0, newestMajor),
      });
    }
  }
  return { ours, found };
}

const oldest = process.env.DURABLEDICT_DRIVERS === "oldest" ? drivers() : undefined;

function readPackage(manifest) {
  if (!oldest?.ours.has(manifest.name)) return manifest;
  for (const field of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(manifest[field] ?? {})) {
      const driver = oldest.found.get(name);
      if (driver) manifest[field][name] = driver.oldest;
    }
  }
  return manifest;
}

module.exports = { hooks: { readPackage }, drivers };
