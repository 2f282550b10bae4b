// The ```ts blocks of the root README and of every workspace package's README type-check, under
// `moduleResolution: nodenext`, against the packed packages a user installs (the consumer test's project), so the
// examples a user copies compile. A block that is deliberately partial says so in its info string
// (```ts nocheck) and is counted as skipped.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Checks } from "./checks.mjs";

/** Every ```ts block of a Markdown file: its info string, first line number and code. */
function blocksOf(markdown) {
  const blocks = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)\b(.*)$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    while (i + 1 < lines.length && !lines[i + 1].startsWith("```")) i++;
    blocks.push({ info: open[2].trim(), line: start + 1, code: lines.slice(start, i + 1).join("\n") });
    i++;
  }
  return blocks;
}

export function readmeBlocks({ root, projects, app, sh, resultsFile }) {
  const checks = new Checks("README code blocks type-check against the packed packages");
  const folder = join(app, "readme");
  mkdirSync(folder, { recursive: true });
  const files = [];
  for (const { path } of projects) {
    const readme = join(path, "README.md");
    if (!existsSync(readme)) continue;
    for (const block of blocksOf(readFileSync(readme, "utf8"))) {
      const where = `${relative(root, readme) || "README.md"}:${block.line}`;
      if (block.info.split(/\s+/).includes("nocheck")) {
        checks.skip(where, "marked nocheck");
        continue;
      }
      const file = join(folder, `block${files.length}.ts`);
      // `export {}` makes a block without imports a module too, so top-level await is allowed.
      writeFileSync(file, `${block.code}\nexport {};\n`);
      files.push({ file, where, line: block.line });
    }
  }
  writeFileSync(
    join(app, "tsconfig.readme.json"),
    JSON.stringify({
      compilerOptions: {
        target: "es2022",
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        types: ["node"],
      },
      files: files.map(({ file }) => relative(app, file)),
    }),
  );
  const checked = sh(
    "node",
    [
      join(app, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "tsconfig.readme.json",
      "--pretty",
      "false",
    ],
    app,
  );
  const attributed = checked.output.startsWith("readme/");
  for (const { file, where, line } of files) {
    const name = relative(app, file);
    // Errors name the block's file and line: point them at the README instead.
    const errors = checked.output
      .split("\n")
      .filter((text) => text.startsWith(`${name}(`))
      .map((text) =>
        text.replace(/^[^(]+\((\d+),(\d+)\)/, (_, row, column) => `line ${line + Number(row) - 1}:${column}`),
      );
    const ok = errors.length === 0 && (checked.ok || attributed);
    checks.record(where, ok, errors.join("\n") || checked.output);
  }
  checks.save(resultsFile);
}
