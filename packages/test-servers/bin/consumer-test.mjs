// The consumer test: every published package packed with `pnpm pack` and installed with npm into a fresh project
// outside the workspace, with the newest drivers their peer ranges admit, as a user installs them. Then a small
// program type-checks under `moduleResolution: nodenext` and `bundler` and runs as ESM and through `require()`
// from CommonJS, publint and @arethetypeswrong/cli judge each tarball, and the README blocks type-check against
// the installed packages (readme-blocks.mjs).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Checks } from "./checks.mjs";
import { driverRanges, installedVersion } from "./drivers.mjs";
import { readmeBlocks } from "./readme-blocks.mjs";

function runner(env) {
  return (command, args, cwd) => {
    const result = spawnSync(command, args, { cwd, env, encoding: "utf8" });
    return {
      ok: result.status === 0,
      output: `${result.stdout}${result.stderr}`.trim(),
      stdout: result.stdout,
    };
  };
}

const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

/** What the consumer installs beside the tarballs: each driver at its peer range, its types, TypeScript. */
function companions(root, published) {
  const rootDev = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).devDependencies;
  const ours = new Set(published.map(({ manifest }) => manifest.name));
  const specs = new Map([
    ["typescript", rootDev.typescript],
    ["@types/node", rootDev["@types/node"]],
  ]);
  for (const { manifest } of published) {
    for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
      if (ours.has(name)) continue;
      specs.set(name, range);
      const types = `@types/${name.replace(/^@(.*)\//, "$1__")}`;
      if (manifest.devDependencies?.[types]) specs.set(types, manifest.devDependencies[types]);
    }
  }
  return specs;
}

function programs(entries) {
  const names = entries.map(({ manifest }) => manifest.name);
  const esm = [
    ...names.map((name, i) => `import * as module${i} from "${name}";`),
    'import { DurableDict } from "@durabledict/core";',
    'import { MemoryStore } from "@durabledict/memory";',
    "",
    "const dict = await DurableDict.open<{ on: boolean }>(new MemoryStore());",
    'await dict.set("flag", { on: true });',
    'const flag: { on: boolean } | undefined = await dict.get("flag");',
    'if (flag?.on !== true) throw new Error("the dict lost a write");',
    "await dict.close();",
    `const modules: Record<string, object> = { ${names.map((name, i) => `"${name}": module${i}`).join(", ")} };`,
    "console.log(JSON.stringify(Object.entries(modules).map(([name, exported]) => [name, Object.keys(exported).sort()])));",
    "",
  ].join("\n");
  const cjs = [
    '"use strict";',
    `const names = ${JSON.stringify(names)};`,
    "const modules = names.map((name) => [name, Object.keys(require(name)).sort()]);",
    'const { DurableDict } = require("@durabledict/core");',
    'const { MemoryStore } = require("@durabledict/memory");',
    "(async () => {",
    "  const dict = await DurableDict.open(new MemoryStore());",
    '  await dict.set("flag", { on: true });',
    '  if ((await dict.get("flag"))?.on !== true) throw new Error("the dict lost a write");',
    "  await dict.close();",
    "  console.log(JSON.stringify(modules));",
    "})();",
    "",
  ].join("\n");
  return { esm, cjs };
}

const compilerOptions = {
  target: "es2022",
  strict: true,
  types: ["node"],
  skipLibCheck: false,
};

/** Runs the consumer test and the README check under `runtime`; returns its rows for the driver table. */
export function consumerTest({ root, projects, runtime, results }) {
  const env = {
    ...process.env,
    ...runtime.env,
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
  };
  const sh = runner(env);
  const checks = new Checks(
    `consumer test: the packed packages installed with npm, under Node ${runtime.version}`,
  );
  const published = projects.filter(({ manifest }) => !manifest.private);
  const work = mkdtempSync(join(tmpdir(), "durabledict-consumer-"));
  const app = join(work, "app");
  const rows = [];
  try {
    const tarballs = new Map();
    for (const { path, manifest } of published) {
      const packed = sh("pnpm", ["pack", "--json", "--pack-destination", join(work, "tarballs")], path);
      if (checks.record(`pnpm pack ${manifest.name}`, packed.ok, packed.output)) {
        tarballs.set(manifest.name, JSON.parse(packed.stdout).filename);
      }
    }

    mkdirSync(app, { recursive: true });
    writeJson(join(app, "package.json"), { name: "durabledict-consumer", private: true, type: "module" });
    const specs = [...companions(root, published)].map(([name, range]) => `${name}@${range}`);
    const installed = sh("npm", ["install", "--no-audit", ...tarballs.values(), ...specs], app);
    const peerWarnings = installed.output.split("\n").filter((text) => /ERESOLVE|peer dep/i.test(text));
    checks.record(
      `npm installs the ${tarballs.size} tarballs with ${specs.join(" ")}, with no peer-dependency warning`,
      installed.ok && peerWarnings.length === 0,
      installed.ok ? peerWarnings.join("\n") : installed.output,
    );
    for (const [driver] of driverRanges(root)) {
      rows.push({
        driver,
        run: `consumer test (Node ${runtime.version})`,
        version: installedVersion(app, driver),
      });
    }

    const entries = published.filter(({ manifest }) => manifest.exports?.["."]);
    const { esm, cjs } = programs(entries);
    writeFileSync(join(app, "main.ts"), esm);
    writeFileSync(join(app, "main.cjs"), cjs);
    writeJson(join(app, "tsconfig.nodenext.json"), {
      compilerOptions: {
        ...compilerOptions,
        module: "nodenext",
        moduleResolution: "nodenext",
        outDir: "dist",
      },
      files: ["main.ts"],
    });
    writeJson(join(app, "tsconfig.bundler.json"), {
      compilerOptions: { ...compilerOptions, module: "preserve", moduleResolution: "bundler", noEmit: true },
      files: ["main.ts"],
    });
    const tsc = join(app, "node_modules", "typescript", "bin", "tsc");
    for (const resolution of ["nodenext", "bundler"]) {
      const checked = sh("node", [tsc, "-p", `tsconfig.${resolution}.json`], app);
      checks.record(
        `a program importing every package type-checks under moduleResolution ${resolution}`,
        checked.ok,
        checked.output,
      );
    }
    const asEsm = sh("node", ["dist/main.js"], app);
    checks.record("it runs as ESM (import)", asEsm.ok, asEsm.output);
    const asCjs = sh("node", ["main.cjs"], app);
    checks.record("it runs from CommonJS (require)", asCjs.ok, asCjs.output);
    checks.record(
      "require() gives the same exports as import",
      asEsm.ok && asCjs.ok && asEsm.stdout === asCjs.stdout,
      `import:  ${asEsm.stdout}\nrequire: ${asCjs.stdout}`,
    );

    const bin = (name) => join(root, "node_modules", ".bin", name);
    for (const [name, tarball] of tarballs) {
      const unpacked = join(work, "unpacked", name);
      mkdirSync(unpacked, { recursive: true });
      sh("tar", ["-xzf", tarball, "-C", unpacked, "--strip-components=1"], work);
      const linted = sh(bin("publint"), ["run", unpacked, "--strict", "--pack", "false"], work);
      checks.record(`publint ${name}`, linted.ok, linted.output);
      // ESM only by design: `require()` of it works from Node 22.12 on (require(esm), proven above), which attw
      // does not model, so its one complaint about CommonJS callers is expected; every other rule applies.
      const attwArgs = ["--profile", "node16", "--ignore-rules", "cjs-resolves-to-esm", "--format", "ascii"];
      const typed = sh(bin("attw"), [tarball, ...attwArgs], work);
      checks.record(`@arethetypeswrong/cli ${name}`, typed.ok, typed.output);
    }
  } catch (error) {
    checks.record("the consumer test ran to its end", false, error.stack ?? String(error));
  }
  checks.save(join(results, "consumer.json"));
  readmeBlocks({ root, projects, app, sh, resultsFile: join(results, "readme.json") });
  rmSync(work, { recursive: true, force: true });
  return rows;
}
