import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { type RunningService, startService } from "./support/service.js";

const setSetting = fileURLToPath(new URL("../dist/set-setting.js", import.meta.url));
const run = promisify(execFile);

describe("the web service", () => {
  const folder = mkdtempSync(join(tmpdir(), "web-service-"));
  const services: RunningService[] = [];
  afterAll(async () => {
    for (const service of services) await service.stop();
    rmSync(folder, { recursive: true, force: true });
  });
  const page = async (url: string) => (await fetch(url)).text();
  /** Changes a setting through a dict of another process, as an admin would. */
  const set = (file: string, key: string, value: string) =>
    run(process.execPath, [setSetting, file, key, value]);

  it("shows a setting another process changed on the very next request, reading it per request (autosync)", async () => {
    const file = join(folder, "autosync.db");
    await set(file, "banner", "Hello");
    const service = await startService({ SETTINGS_FILE: file, SETTINGS_SYNC: "autosync" });
    services.push(service);
    expect(await page(service.url)).toContain("<h1>Hello</h1>");
    await set(file, "banner", "Sale <today>");
    expect(await page(service.url)).toContain("<h1>Sale &#60;today&#62;</h1>");
  });

  it("shows a setting another process changed once its watch hears of it (watch)", async () => {
    const file = join(folder, "watch.db");
    await set(file, "banner", "Hello");
    const service = await startService({ SETTINGS_FILE: file, SETTINGS_SYNC: "watch" });
    services.push(service);
    expect(await page(service.url)).toContain("<h1>Hello</h1>");
    await set(file, "theme", "dark");
    const deadline = Date.now() + 5_000; // the watch polls every 100 ms
    while (!(await page(service.url)).includes('class="dark"')) {
      if (Date.now() > deadline) throw new Error("the page never showed the dark theme");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });

  it("reports the dict live on /health with the time it last reached the store, and stops cleanly", async () => {
    const started = Date.now();
    const service = await startService({ SETTINGS_FILE: join(folder, "health.db") });
    services.push(service);
    const response = await fetch(new URL("health", service.url));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; checkedAt: string };
    expect(body.status).toBe("live");
    expect(Date.parse(body.checkedAt)).toBeGreaterThanOrEqual(started - 1_000);
    expect(Date.parse(body.checkedAt)).toBeLessThanOrEqual(Date.now());
    expect(await service.stop()).toBe(0);
  });
});
