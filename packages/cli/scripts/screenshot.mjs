// Redraws docs/admin-page.png, the README's picture of the admin page: `pnpm --filter @durabledict/cli screenshot`
// after `pnpm build`. It fills a scratch SQLite dict with sample settings and photographs the page in Chromium.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSqliteDict } from "@durabledict/sqlite";
import { chromiumPath } from "@durabledict/test-servers";
import { chromium } from "playwright-core";
import { startAdminServer } from "../dist/index.js";

const dir = mkdtempSync(join(tmpdir(), "durabledict-screenshot-"));
const dict = await openSqliteDict(join(dir, "settings.db"), { table: "settings" });
await dict.update({
  new_checkout: { on: true, percent: 25 },
  dark_mode: false,
  search_v2: { on: false, audience: ["staff"] },
  maintenance_banner: "Back at 14:00 UTC",
  max_upload_mb: 50,
  "<img src=x onerror=alert(1)>": "shown as text",
});
const server = await startAdminServer({ dict, title: "sqlite:./settings.db?table=settings" });
const context = await chromium.launchPersistentContext(join(dir, "profile"), {
  executablePath: chromiumPath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
  viewport: { width: 960, height: 480 },
  colorScheme: "light",
});
try {
  const page = await context.newPage();
  await page.goto(`${server.url}?token=${server.token}`);
  await page.locator("#connection", { hasText: "live" }).waitFor();
  await page.locator('tr[data-key="new_checkout"]').waitFor();
  const output = new URL("../docs/admin-page.png", import.meta.url).pathname;
  await page.screenshot({ path: output, fullPage: true });
  console.log(`wrote ${output}`);
} finally {
  await context.close();
  await server.close();
  await dict.close();
  rmSync(dir, { recursive: true, force: true });
}
