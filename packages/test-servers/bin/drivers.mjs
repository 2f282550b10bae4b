// Which version of each driver a run really installed, checked against what it is meant to prove (the oldest
// version the peer ranges admit, or their newest major), and that every native addon loads under the run's Node.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Checks } from "./checks.mjs";

/** The drivers (the published packages' peers that are not ours) and the versions their ranges admit. */
export function driverRanges(root) {
  return createRequire(import.meta.url)(join(root, ".pnpmfile.cjs")).drivers().found;
}

/** The version of `name` that a project folder resolves, or "missing". */
export function installedVersion(folder, name) {
  const file = join(folder, "node_modules", name, "package.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")).version : "missing";
}

/** Addons compiled at install time (prebuilt ones ship per Node-API version and load on any Node). */
function compiledAddons(root) {
  const store = join(root, "node_modules", ".pnpm");
  if (!existsSync(store)) return [];
  return readdirSync(store).flatMap((entry) => {
    const modules = join(store, entry, "node_modules");
    if (!existsSync(modules)) return [];
    return readdirSync(modules).flatMap((name) => {
      const packages = name.startsWith("@")
        ? readdirSync(join(modules, name)).map((inner) => join(modules, name, inner))
        : [join(modules, name)];
      return packages.flatMap((folder) => {
        const release = join(folder, "build", "Release");
        if (!existsSync(release)) return [];
        return readdirSync(release)
          .filter((file) => file.endsWith(".node"))
          .map((file) => join(release, file));
      });
    });
  });
}

// Loads each addon; only an ABI mismatch counts (a SQLite extension, say, is a .node file but no Node addon).
const loadAddons = `
const mismatched = [];
for (const file of JSON.parse(process.argv[1])) {
  try { process.dlopen({ exports: {} }, file); }
  catch (error) { if (/NODE_MODULE_VERSION/.test(error.message)) mismatched.push(file + ": " + error.message.split("\\n")[0]); }
}
console.log(mismatched.join("\\n"));
`;

/** Checks and returns the table rows (driver, run, version) for one run of the matrix. */
export function checkDrivers({ root, projects, entry, runtime, resultsFile }) {
  const checks = new Checks(`drivers of ${entry.name}, installed under Node ${runtime.version}`);
  const rows = [];
  for (const [driver, { oldest, newestMajor }] of driverRanges(root)) {
    const users = projects.filter(
      ({ manifest }) => manifest.dependencies?.[driver] ?? manifest.devDependencies?.[driver],
    );
    const versions = [...new Set(users.map(({ path }) => installedVersion(path, driver)))];
    const meant =
      entry.drivers === "oldest"
        ? {
            ok: versions.every((version) => version === oldest),
            what: `the oldest the peer ranges admit, ${oldest}`,
          }
        : {
            ok: versions.every((version) => Number(version.split(".")[0]) === newestMajor),
            what: `of the newest major the peer ranges admit, ${newestMajor}`,
          };
    checks.record(`${driver} ${versions.join(", ")} is ${meant.what}`, meant.ok && versions.length > 0);
    rows.push({ driver, run: `${entry.name} (Node ${runtime.version})`, version: versions.join(", ") });
  }
  const addons = compiledAddons(root);
  const loaded = spawnSync("node", ["-e", loadAddons, JSON.stringify(addons)], {
    encoding: "utf8",
    env: { ...process.env, ...runtime.env },
  });
  const mismatched = loaded.stdout.trim();
  checks.record(
    `the ${addons.length} native addon(s) compiled at install load under Node ${runtime.version}`,
    loaded.status === 0 && mismatched === "",
    mismatched || loaded.stderr,
  );
  checks.save(resultsFile);
  return rows;
}

export function printDriverTable(rows) {
  const header = { driver: "driver", run: "run", version: "version" };
  const width = (key) => Math.max(...[header, ...rows].map((row) => row[key].length));
  const format = (row) =>
    `${row.driver.padEnd(width("driver"))}  ${row.run.padEnd(width("run"))}  ${row.version}`;
  console.log(`\n── drivers each run installed\n${[header, ...rows].map(format).join("\n")}\n`);
}
