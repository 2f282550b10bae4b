// A named group of checks for the steps of `npm test` that are not vitest suites (the driver table, the
// consumer test, the README blocks, the release dry run). Each check prints one line; the group is saved in
// the shape of vitest's JSON report, so the summary line counts it like any test file.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export class Checks {
  passed = 0;
  failed = 0;
  skipped = 0;

  constructor(title) {
    console.log(`\n── ${title}`);
  }

  /** Records `ok` as one passing or failing check; `detail` is printed under a failure. */
  record(name, ok, detail = "") {
    if (ok) this.passed++;
    else this.failed++;
    console.log(`${ok ? "  ✓" : "  ✗"} ${name}`);
    if (!ok && detail) console.log(detail.replace(/^/gm, "      "));
    return ok;
  }

  /** Records a check that was deliberately not run. */
  skip(name, reason) {
    this.skipped++;
    console.log(`  - ${name} (${reason})`);
  }

  save(file) {
    mkdirSync(dirname(file), { recursive: true });
    const report = {
      numPassedTests: this.passed,
      numFailedTests: this.failed,
      numPendingTests: this.skipped,
      numTodoTests: 0,
      numFailedTestSuites: 0,
    };
    writeFileSync(file, `${JSON.stringify(report)}\n`);
    return this.failed === 0;
  }
}
