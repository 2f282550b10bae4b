// Release readiness: every published package carries the metadata a registry page and a user need, they share
// one version line and the root's Node requirement, and `pnpm release:dry-run` (what `pnpm release` publishes,
// without publishing) passes.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Checks } from "./checks.mjs";
import { driverRanges } from "./drivers.mjs";

function metadataProblems(root, rootManifest, { path, manifest }) {
  const directory = relative(root, path);
  const repository = rootManifest.repository.url.replace(/^git\+/, "").replace(/\.git$/, "");
  const problems = [];
  if (!existsSync(join(path, "LICENSE"))) problems.push("no LICENSE file");
  if (manifest.license !== rootManifest.license) problems.push(`license is not ${rootManifest.license}`);
  if (manifest.repository?.url !== rootManifest.repository.url)
    problems.push("repository.url differs from the root's");
  if (manifest.repository?.directory !== directory)
    problems.push(`repository.directory is not "${directory}"`);
  if (manifest.homepage !== `${repository}/tree/main/${directory}#readme`)
    problems.push("homepage is not its folder on the repository");
  if (manifest.bugs?.url !== rootManifest.bugs.url) problems.push("bugs.url differs from the root's");
  if (manifest.engines?.node !== rootManifest.engines.node)
    problems.push(`engines.node is not "${rootManifest.engines.node}"`);
  return problems;
}

export function releaseDryRun({ root, projects, runtime, resultsFile }) {
  const checks = new Checks(
    `release: metadata of the published packages, and pnpm release:dry-run under Node ${runtime.version}`,
  );
  const rootManifest = projects.find(({ path }) => relative(root, path) === "").manifest;
  const published = projects.filter(({ manifest }) => !manifest.private);
  for (const project of published) {
    const problems = metadataProblems(root, rootManifest, project);
    checks.record(
      `${project.manifest.name}: LICENSE, license, repository, homepage, bugs, engines`,
      problems.length === 0,
      problems.join("\n"),
    );
  }
  // The README's Node requirement and driver table must say what `engines` and the peer ranges say.
  const readme = readFileSync(join(root, "README.md"), "utf8").replaceAll("\\|", "|");
  const drivers = driverRanges(root);
  const claims = [`\`engines.node\` is \`${rootManifest.engines.node}\``];
  for (const { manifest } of published) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (drivers.has(name)) claims.push(`\`${name}\``, `\`${range}\``);
    }
  }
  const unstated = claims.filter((claim) => !readme.includes(claim));
  checks.record(
    "the root README states engines.node and every peer range",
    unstated.length === 0,
    `missing: ${unstated.join(", ")}`,
  );
  const versions = new Set(published.map(({ manifest }) => manifest.version));
  checks.record(
    `one version line across the published packages (${[...versions].join(", ")})`,
    versions.size === 1,
  );
  const dryRun = spawnSync("pnpm", ["run", "release:dry-run"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, ...runtime.env },
  });
  checks.record("pnpm release:dry-run", dryRun.status === 0, `${dryRun.stdout}${dryRun.stderr}`.trim());
  checks.save(resultsFile);
}
